// Promotion against the real registry: an image pushed under a staging tag by buildx, then its
// final tags pointed at it in the same repository and in another one, read back independently.
import { performance } from 'node:perf_hooks';
import { parseImageReference } from '../../src/planning/references.js';
import { deleteTag, promote } from '../../src/registry/promote.js';
import { inspectRemote } from '../../src/registry/oci.js';
import { createSession } from '../../src/registry/session.js';
import { docker, env, fixtureContext, inspectIndex, readerDockerConfig, uniqueRepository } from '../helpers/e2e.js';

const dockerfile = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
`;

/** Pushes a two-platform image under a staging tag with buildx and returns the reference. */
function pushStaging(repository: string): string {
  const staging = `${repository}:staging-run1`;
  const build = docker(
    [
      'buildx',
      'build',
      '--platform',
      'linux/amd64,linux/arm64',
      '--network',
      'none',
      '--output',
      `type=image,name=${staging},push=true`,
      fixtureContext(dockerfile)
    ],
    { config: readerDockerConfig() }
  );
  if (build.code !== 0) throw new Error(`buildx build failed: ${build.stderr}`);
  return staging;
}

describe('promote against the registry', () => {
  const session = createSession({
    logins: [{ registry: env.registry, username: env.user, password: env.password }]
  });

  it('points tags in the same and another repository at the staged digest, moving no layer data', async () => {
    const repository = uniqueRepository('app');
    const staging = pushStaging(repository);
    const staged = await inspectRemote(session, staging);
    expect(staged?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const digest = staged?.digest as string;
    const other = uniqueRepository('released');
    const targets = [`${repository}:1.0.0`, `${repository}:latest`, `${other}:1.0.0`, `${other}:1`];

    const source = { registry: env.registry, repository: parseImageReference(repository).repository, digest };
    const started = performance.now();
    const sameRepository = await promote(session, source, targets.slice(0, 2));
    const between = performance.now();
    const otherRepository = await promote(session, source, targets.slice(2));
    const finished = performance.now();
    const results = [...sameRepository, ...otherRepository];

    expect(results.map(({ target, digest: served }) => [target, served])).toEqual(
      targets.map((target) => [target, digest])
    );
    const [, , intoOther] = results;
    expect(intoOther?.mounted).toBeGreaterThan(0);
    expect(intoOther?.bytesCopied).toBe(0);
    for (const target of targets) {
      const served = inspectIndex(target);
      expect(served?.digest).toBe(digest);
      expect(served?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    }
    // The promoted image runs from the other repository: its blobs are really there.
    const pulled = docker(['pull', '--platform', 'linux/amd64', `${other}:1.0.0`], { config: readerDockerConfig() });
    expect(pulled.code).toBe(0);
    console.log(
      `promote: 2 tags in the staging repository ${Math.round(between - started)} ms; ` +
        `2 tags in another repository ${Math.round(finished - between)} ms ` +
        `(${intoOther?.mounted} blobs mounted, ${intoOther?.childManifests} child manifests, ${intoOther?.bytesCopied} bytes copied)`
    );
  });

  it('says whether the registry deleted the staging tag, and leaves the promoted tags alone', async () => {
    const repository = uniqueRepository('app');
    const staging = pushStaging(repository);
    const digest = (await inspectRemote(session, staging))?.digest as string;
    await promote(session, { registry: env.registry, repository: parseImageReference(repository).repository, digest }, [
      `${repository}:2.0.0`
    ]);
    const deletion = await deleteTag(session, staging);
    // distribution 2.8 (the test registry) answers a tag delete with 400 DIGEST_INVALID; v3 deletes tags.
    expect(deletion).toEqual({
      reference: staging,
      outcome: 'unsupported',
      detail: 'the registry does not delete tags (HTTP 400 DIGEST_INVALID)'
    });
    expect(inspectIndex(`${repository}:2.0.0`)?.digest).toBe(digest);
  });
});
