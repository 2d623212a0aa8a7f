// The push path against the real registries: buildx exports an OCI layout, the action's client
// pushes it by digest (uploads, cross-repository mounts, another registry, the bearer-token
// registry with its per-repository scopes), then moves the tags in one burst. skopeo, an
// independent client, lists what each repository holds.
import { tagTargets } from '../helpers/tag-plans.js';
import { targetTexts } from '../../src/model/references.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectContent, layoutOrigin, type ImageContent } from '../../src/registry/image-content.js';
import { OciLayout } from '../../src/registry/oci-layout.js';
import { moveTags } from '../../src/registry/promote.js';
import { pushByDigest, PushRefused } from '../../src/registry/push.js';
import { createSession } from '../../src/registry/session.js';
import { rejectionOf } from '../helpers/errors.js';
import { docker, env, fixtureContext, inspectIndex, readerDockerConfig, uniqueRepository } from '../helpers/e2e.js';
import { listTags, readTokenLog } from '../helpers/registries.js';

const dockerfile = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
`;

/** A two-platform image exported by real buildx as an OCI layout, opened as the build phase opens it. */
async function exportImage(): Promise<ImageContent> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'mab-layout-')), 'image-layout');
  const build = docker([
    'buildx',
    'build',
    '--platform',
    'linux/amd64,linux/arm64',
    '--network',
    'none',
    '--output',
    `type=oci,tar=false,dest=${dir}`,
    fixtureContext(dockerfile)
  ]);
  if (build.code !== 0) throw new Error(`buildx build failed: ${build.stderr}`);
  const layout = OciLayout.open(dir);
  return collectContent(layout.topManifest(), () => layoutOrigin(layout));
}

const basicLogin = () => ({ registry: env.registry, username: env.user, password: env.password });
const tokenLogin = () => ({ registry: env.tokenRegistry, username: env.tokenUser, password: env.tokenPassword });
/** A repository under the token user's own namespace, where it may push. */
const ownRepository = (name: string): string =>
  `${env.tokenRegistry}/${env.tokenUser}/${uniqueRepository(name).split('/').slice(1).join('-')}`;

describe('push by digest, then tags, against the htpasswd registry', () => {
  it('fills two repositories (the second by mounts), writes no tag, then moves four tags at once', async () => {
    const content = await exportImage();
    const digest = content.top.digest;
    const [app, released] = [uniqueRepository('app'), uniqueRepository('released')];
    const session = createSession({ logins: [basicLogin()] });
    const started = performance.now();
    const pushed = await pushByDigest(session, content, [app, released]);
    const between = performance.now();
    expect(pushed.map(({ repository }) => repository)).toEqual([app, released]);
    expect(pushed[0]?.uploaded).toBeGreaterThan(0);
    expect(pushed[1]).toMatchObject({ uploaded: 0, bytes: 0 });
    expect(pushed[1]?.mounted).toBe(pushed[0]?.uploaded);
    // By digest only: the repositories hold the image and no tag at all.
    expect([listTags(app), listTags(released)]).toEqual([[], []]);
    expect(inspectIndex(`${app}@${digest}`)?.platforms).toEqual(['linux/amd64', 'linux/arm64']);

    const targets = [`${app}:1.0.0`, `${app}:latest`, `${released}:1.0.0`, `${released}:1`];
    const burst = performance.now();
    const moves = await moveTags(session, content.top, tagTargets(targets));
    const finished = performance.now();
    expect(moves).toEqual({ moved: tagTargets(targets), failed: [] });
    expect([listTags(app), listTags(released)]).toEqual([
      ['1.0.0', 'latest'],
      ['1', '1.0.0']
    ]);
    for (const target of targets) expect(inspectIndex(target)?.digest).toBe(digest);
    // The mounted repository serves real layers: the image pulls from it.
    expect(docker(['pull', '--platform', 'linux/arm64', `${released}:1`], { config: readerDockerConfig() }).code).toBe(
      0
    );
    console.log(
      `push by digest into 2 repositories ${Math.round(between - started)} ms ` +
        `(${pushed[0]?.uploaded} uploaded, ${pushed[1]?.mounted} mounted, ${pushed[0]?.bytes} bytes); 4 tags ${Math.round(finished - burst)} ms`
    );
  });

  it('uploads into a second registry from disk, with its own login, under the same digest', async () => {
    const content = await exportImage();
    const target = uniqueRepository('copied').replace(env.registry, env.registry2);
    const session = createSession({
      logins: [basicLogin(), { registry: env.registry2, username: env.user2, password: env.password2 }]
    });
    const [pushed] = await pushByDigest(session, content, [target]);
    expect(pushed?.bytes).toBeGreaterThan(1_000_000);
    expect(targetTexts((await moveTags(session, content.top, tagTargets([`${target}:1.0.0`]))).moved)).toEqual([
      `${target}:1.0.0`
    ]);
    expect(inspectIndex(`${target}:1.0.0`)?.digest).toBe(content.top.digest);
  });
});

describe('push by digest, then tags, against the bearer-token registry', () => {
  it('mounts into a second repository with one token that may push there and pull from the first', async () => {
    const content = await exportImage();
    const [first, second] = [ownRepository('app'), ownRepository('mirror')];
    const logStart = readTokenLog().length;
    const session = createSession({ logins: [tokenLogin()] });
    const pushed = await pushByDigest(session, content, [first, second]);
    expect(pushed[1]?.mounted).toBeGreaterThan(0);
    expect(pushed[1]?.uploaded).toBe(0);
    const [firstName, secondName] = [first, second].map((name) => name.slice(env.tokenRegistry.length + 1));
    const mountToken = readTokenLog(logStart).find(
      (entry) =>
        (entry.scopes ?? []).includes(`repository:${secondName}:pull,push`) &&
        (entry.scopes ?? []).includes(`repository:${firstName}:pull`)
    );
    expect(mountToken).toBeDefined();
    expect([listTags(first), listTags(second)]).toEqual([[], []]);
    expect((await moveTags(session, content.top, tagTargets([`${first}:1`, `${second}:1`]))).failed).toEqual([]);
    expect([listTags(first), listTags(second)]).toEqual([['1'], ['1']]);
  });

  it('a repository outside the user’s namespace is refused by name before any tag exists anywhere', async () => {
    const content = await exportImage();
    const own = ownRepository('ok');
    const foreign = `${env.tokenRegistry}/other-${uniqueRepository('app').split('/')[1]}/app`;
    const refused = await rejectionOf(
      PushRefused,
      pushByDigest(createSession({ logins: [tokenLogin()] }), content, [own, foreign])
    );
    expect(refused.refusals.map(({ repository }) => repository)).toEqual([foreign]);
    expect(refused.message).toMatch(/HTTP 401|HTTP 403/);
    expect([listTags(own), listTags(foreign)]).toEqual([[], []]);
  });
});
