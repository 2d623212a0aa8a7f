// The docker driver's release against the real daemon and registry: buildx exports into the image's
// kept OCI layout, so a second release of the same image, one small file changed, has BuildKit write
// only the blobs that changed (a new layer and its documents), and the push sends only those: every
// unchanged layer is neither written on the runner nor sent again.
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  fixtureContext,
  pullRequestEnv,
  registryInputs,
  runLocal,
  uniqueRepository
} from '../helpers/e2e.js';
import { listTags } from '../helpers/registries.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

/** Every blob of the kept layouts, by name, with its modification time: what BuildKit (re)wrote. */
function blobsIn(root: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const layout of readdirSync(root).filter((name) => !name.endsWith('.lock'))) {
    const blobs = path.join(root, layout, 'blobs', 'sha256');
    for (const hex of readdirSync(blobs)) found.set(hex, statSync(path.join(blobs, hex)).mtimeMs);
  }
  return found;
}

const uploaded = (run: Run): number => {
  const pushed = /Pushed by digest in \d+ ms: \d+ blob\(s\) uploaded \((\d+) bytes\)/.exec(run.main.stdout);
  if (!pushed) throw new Error(`no push line in:\n${run.main.stdout}`);
  return Number(pushed[1]);
};

describe('the docker driver exports a release into the kept layout', () => {
  it('a layer unchanged since the last release is neither written on the runner nor sent again', async () => {
    const repository = uniqueRepository('kept');
    // A layer of its own (1 MB of noise, the same every release) under the file that changes.
    const context = fixtureContext(
      `${busyboxDockerfile}RUN head -c 1000000 /dev/urandom > /payload\nCOPY changed.txt /changed.txt\n`
    );
    const cache = mkdtempSync(path.join(tmpdir(), 'mab-kept-cache-'));
    const release = (round: string): Promise<Run> => {
      writeFileSync(path.join(context, 'changed.txt'), round);
      return runLocal(
        { context, tags: `${repository}:${round}`, platforms: 'linux/amd64,linux/arm64', ...registryInputs() },
        { env: { XDG_CACHE_HOME: cache } }
      );
    };
    const first = await release('1');
    expect(first.main.code).toBe(0);
    expect(first.main.stdout).toContain("exported to the image's kept layout");
    expect(uploaded(first)).toBeGreaterThan(2_000_000);
    const root = path.join(cache, 'multiarch-build-push', 'oci-layouts');
    const before = blobsIn(root);

    const second = await release('2');
    expect(second.main.code).toBe(0);
    const after = blobsIn(root);
    // Pruned to this release: every blob it has is this release's.
    const unchanged = [...after].filter(([hex, time]) => before.get(hex) === time);
    const rewritten = [...after].filter(([hex, time]) => before.has(hex) && before.get(hex) !== time);
    const written = [...after].filter(([hex]) => !before.has(hex));
    // busybox and the payload on both platforms were left as the first release wrote them.
    expect(unchanged.length).toBeGreaterThanOrEqual(4);
    expect(rewritten).toStrictEqual([]);
    // The new file's layer per platform, their configs and manifests, the attestations and the index.
    expect(written.length).toBeGreaterThanOrEqual(5);
    expect(written.length).toBeLessThan(after.size);
    // What was sent is the changed layers and documents only: a few kilobytes, not the 2 MB of payload.
    expect(uploaded(second)).toBeLessThan(100_000);
    expect(second.main.stdout).toMatch(/kept layout .*: \d+ blob\(s\) of earlier releases removed/);
    expect(second.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a pull request after a release builds into the same kept layout: only what changed is written, nothing is pushed', async () => {
    const repository = uniqueRepository('kept-pr');
    const context = fixtureContext(
      `${busyboxDockerfile}RUN head -c 1000000 /dev/urandom > /payload\nCOPY changed.txt /changed.txt\n`
    );
    const cache = mkdtempSync(path.join(tmpdir(), 'mab-kept-cache-'));
    const inputs = { context, image: repository, platforms: 'linux/amd64,linux/arm64', ...registryInputs() };
    writeFileSync(path.join(context, 'changed.txt'), 'release');
    const release = await runLocal({ ...inputs, tags: `${repository}:1` }, { env: { XDG_CACHE_HOME: cache } });
    expect(release.main.code).toBe(0);
    const root = path.join(cache, 'multiarch-build-push', 'oci-layouts');
    const before = blobsIn(root);
    const tags = listTags(repository);

    writeFileSync(path.join(context, 'changed.txt'), 'pull request');
    const pr = await runLocal(inputs, { env: { XDG_CACHE_HOME: cache, ...pullRequestEnv(9) } });
    expect(pr.main.code).toBe(0);
    expect(pr.main.stdout).toContain("exported to the image's kept layout (only what changed was written)");
    expect(pr.main.stdout).toContain('Push: skipped (push is off)');
    const after = blobsIn(root);
    const unchanged = [...after].filter(([hex, time]) => before.get(hex) === time);
    const rewritten = [...after].filter(([hex, time]) => before.has(hex) && before.get(hex) !== time);
    // busybox and the payload on both platforms, as the release wrote them; the audit still ran.
    expect(unchanged.length).toBeGreaterThanOrEqual(4);
    expect(rewritten).toStrictEqual([]);
    expect(pr.main.stdout).toMatch(/Architecture audit: /);
    expect(listTags(repository)).toStrictEqual(tags);
  });
});
