// A fresh runner's release on the docker driver, against the real daemon and registry: the kept
// OCI layout is empty, the registry already holds the image, one small file changed. Stand-ins for
// the layers every target repository has keep BuildKit from writing them, the push from sending
// them, and the audit reads them from the registry, with the same verdicts as a run that wrote
// everything. A stand-in the registry lost by push time fails the step with no tag moved; a step
// that fails leaves no stand-in in the kept layout. A pull request's build for its checks gets
// stand-ins too, from the image behind latest, as its own tag was never pushed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  env,
  fixtureContext,
  inspectIndex,
  pullRequestEnv,
  registryInputs,
  runLocal,
  uniqueRepository
} from '../helpers/e2e.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { listTags } from '../helpers/registries.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

const registryPort = Number(env.registry.split(':')[1]);
const platforms = 'linux/amd64,linux/arm64';
// Two layers of random bytes per platform, each over the 1 MiB below which no stand-in is placed (STAND_IN_MIN_BYTES).
const MIB = 1024 * 1024;
const payloads = 'RUN head -c 2000000 /dev/urandom > /payload-a\nRUN head -c 2000000 /dev/urandom > /payload-b\n';
const freshCache = (): string => mkdtempSync(path.join(tmpdir(), 'mab-stand-ins-cache-'));

/** The one kept layout under a cache home. */
function keptLayout(cache: string): string {
  const root = path.join(cache, 'multiarch-build-push', 'oci-layouts');
  const [dir, ...more] = readdirSync(root).filter((name) => !name.endsWith('.lock'));
  if (!dir || more.length > 0) throw new Error(`expected one kept layout in ${root}`);
  return path.join(root, dir);
}

const blobFile = (layout: string, digest: string): string => path.join(layout, 'blobs', 'sha256', digest.slice(7));
const readJson = (
  file: string
): { manifests?: { digest: string; platform?: { os: string } }[]; layers?: { digest: string; size: number }[] } =>
  JSON.parse(readFileSync(file, 'utf8')) as never;

/** The layers (digest and size) of the platform images the layout's index.json names (its documents are always there). */
function layersOfLayout(layout: string): Map<string, number> {
  const [top] = readJson(path.join(layout, 'index.json')).manifests ?? [];
  const images = (readJson(blobFile(layout, top?.digest ?? '')).manifests ?? []).filter(
    (entry) => entry.platform?.os !== 'unknown'
  );
  return new Map(
    images.flatMap(({ digest }) => (readJson(blobFile(layout, digest)).layers ?? []).map((l) => [l.digest, l.size]))
  );
}

/** Every blob file of the layout, with its size. */
function blobSizes(layout: string): Map<string, number> {
  const dir = path.join(layout, 'blobs', 'sha256');
  return new Map(readdirSync(dir).map((hex) => [`sha256:${hex}`, statSync(path.join(dir, hex)).size]));
}

const standInCount = (run: Run): number => {
  const line = /Stand-ins: (\d+) layer\(s\) that every target repository has/.exec(run.main.stdout);
  if (!line) throw new Error(`no stand-ins line in:\n${run.main.stdout}`);
  return Number(line[1]);
};

const uploaded = (run: Run): number => {
  const pushed = /Pushed by digest in \d+ ms: \d+ blob\(s\) uploaded \((\d+) bytes\)/.exec(run.main.stdout);
  if (!pushed) throw new Error(`no push line in:\n${run.main.stdout}`);
  return Number(pushed[1]);
};

const auditVerdicts = (run: Run): unknown =>
  (
    JSON.parse(run.outputs['arch-audit'] ?? '[]') as {
      platform: string;
      status: string;
      message: string;
      elfFiles?: number;
    }[]
  ).map(({ platform, status, message, elfFiles }) => ({ platform, status, message, elfFiles }));
const layersRead = (run: Run): number =>
  Number(/Architecture audit: (\d+) layer\(s\) read/.exec(run.main.stdout)?.[1] ?? NaN);

describe('a fresh runner releases on the docker driver with stand-ins', () => {
  it('the layers the registry has are neither written to the layout nor sent; the audit and the promotion are as before', async () => {
    const repository = uniqueRepository('stand-ins');
    // An arm64 executable in every platform's image: the amd64 audit must find it, stand-in or not.
    const context = fixtureContext(
      `${busyboxDockerfile}COPY busybox-arm64 /opt/arm64-tool\n${payloads}COPY changed.txt /changed.txt\n`
    );
    const inputs = { context, tags: `${repository}:latest`, platforms, 'arch-audit': 'warn', ...registryInputs() };
    const release = (round: string, cache: string): Promise<Run> => {
      writeFileSync(path.join(context, 'changed.txt'), round);
      return runLocal(inputs, { env: { XDG_CACHE_HOME: cache } });
    };
    const firstCache = freshCache();
    const first = await release('1', firstCache);
    expect(first.main.code).toBe(0);
    // A new repository: nothing to stand in for, so the export wrote every layer.
    expect(standInCount(first)).toBe(0);
    const firstLayers = layersOfLayout(keptLayout(firstCache));

    // Another runner, its layout empty; the registry holds the first release.
    const secondCache = freshCache();
    const second = await release('2', secondCache);
    expect(second.main.code).toBe(0);
    const layout = keptLayout(secondCache);
    const unchanged = [...layersOfLayout(layout)].filter(([digest]) => firstLayers.has(digest));
    // busybox, its links, uname's file, the arm64 tool and the payloads: the same on both runs.
    expect(unchanged.length).toBeGreaterThanOrEqual(8);
    // Stood in for: the layers over 1 MiB (the payloads, two per platform, busybox); the small ones are written, as cheap to write as to ask about.
    const [big, small] = [unchanged.filter(([, size]) => size >= MIB), unchanged.filter(([, size]) => size < MIB)];
    expect(big.length).toBeGreaterThanOrEqual(4);
    expect(standInCount(second)).toBe(big.length);
    // Not written: a layer BuildKit had written would still be in the layout (a stand-in is only removed while empty).
    for (const [digest] of big) expect(existsSync(blobFile(layout, digest))).toBe(false);
    for (const [digest] of small) expect(existsSync(blobFile(layout, digest))).toBe(true);
    const sizes = blobSizes(layout);
    expect([...sizes].filter(([, size]) => size === 0)).toStrictEqual([]);
    const smallBytes = small.reduce((sum, [, size]) => sum + size, 0);
    expect([...sizes.values()].reduce((sum, size) => sum + size, 0)).toBeLessThan(smallBytes + 100_000);
    // Not sent: the changed file's layers and the documents only.
    expect(uploaded(second)).toBeLessThan(100_000);
    // The audit read every layer (the unchanged ones from the registry) and says what it said before.
    expect(layersRead(second)).toBe(layersRead(first));
    expect(auditVerdicts(second)).toStrictEqual(auditVerdicts(first));
    expect(auditVerdicts(second)).toMatchObject([
      { platform: 'linux/amd64', status: 'fail' },
      { platform: 'linux/arm64', status: 'pass' }
    ]);
    // Promoted as before: the user's tag, and only it, at the second release.
    expect(listTags(repository)).toStrictEqual(['latest']);
    expect(inspectIndex(`${repository}:latest`)?.digest).toBe(second.outputs['digest']);

    // A pull request on a third runner: its tag was never pushed, so the stand-ins come from latest.
    const prCache = freshCache();
    writeFileSync(path.join(context, 'changed.txt'), '3');
    const pr = await runLocal(
      { ...inputs, tags: `${repository}:pr-7` },
      { env: { XDG_CACHE_HOME: prCache, ...pullRequestEnv(7) } }
    );
    expect(pr.main.code).toBe(0);
    expect(pr.main.stdout).toContain('Push: skipped (push is off)');
    expect(pr.main.stdout).toContain(`${repository}:latest`);
    const prLayout = keptLayout(prCache);
    expect(standInCount(pr)).toBe(big.length);
    for (const [digest] of big) expect(existsSync(blobFile(prLayout, digest))).toBe(false);
    expect([...blobSizes(prLayout)].filter(([, size]) => size === 0)).toStrictEqual([]);
    expect(layersRead(pr)).toBe(layersRead(first));
    expect(auditVerdicts(pr)).toStrictEqual(auditVerdicts(first));
    // Nothing pushed: the registry is as the second release left it.
    expect(listTags(repository)).toStrictEqual(['latest']);
    expect(inspectIndex(`${repository}:latest`)?.digest).toBe(second.outputs['digest']);
  });

  describe('when something fails after the stand-ins are placed', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy({ upstreamPort: registryPort });
    });
    afterAll(async () => {
      await proxy.close();
    });

    const context = fixtureContext(
      `${busyboxDockerfile}${payloads}COPY changed.txt /changed.txt\nRUN ! grep -q fail /changed.txt\n`
    );
    const repository = uniqueRepository('stand-ins-fail').slice(env.registry.length + 1);
    const run = (round: string, registry: string, cache: string): Promise<Run> => {
      writeFileSync(path.join(context, 'changed.txt'), round);
      const login = { ...registryInputs(), registry };
      return runLocal(
        { context, tags: `${registry}/${repository}:latest`, platforms, ...login },
        { env: { XDG_CACHE_HOME: cache } }
      );
    };
    let published = '';

    beforeAll(async () => {
      const first = await run('1', env.registry, freshCache());
      expect(first.main.code).toBe(0);
      published = first.outputs['digest'] ?? '';
    });

    it('a stand-in the registry lost by push time fails the push: nothing sent for it, no tag moved, no stand-in left', async () => {
      // Each blob's first HEAD (the look-up before the build) is answered; any later one is a 404.
      const heads = new Map<string, number>();
      proxy.setFaults([
        {
          count: Infinity,
          status: 404,
          match: ({ method, path: at }) => {
            if (method !== 'HEAD' || !at.includes('/blobs/sha256:')) return false;
            heads.set(at, (heads.get(at) ?? 0) + 1);
            return (heads.get(at) ?? 0) > 1;
          }
        }
      ]);
      const cache = freshCache();
      const lost = await run('2', proxy.address, cache);
      proxy.setFaults([]);
      expect(lost.main.code).not.toBe(0);
      expect(standInCount(lost)).toBeGreaterThanOrEqual(4);
      const output = `${lost.main.stdout}\n${lost.main.stderr}`;
      expect(output).toContain('was not written on the runner (every target repository had it when the build started)');
      expect(output).toContain('No tag was changed anywhere.');
      const refused = [...heads].filter(([, count]) => count > 1).map(([at]) => at.slice(at.lastIndexOf('/') + 1));
      expect(refused.length).toBeGreaterThan(0);
      for (const digest of refused)
        expect(
          proxy.requests.filter(({ method, path: at }) => method !== 'HEAD' && method !== 'GET' && at.includes(digest))
        ).toStrictEqual([]);
      expect([...blobSizes(keptLayout(cache))].filter(([, size]) => size === 0)).toStrictEqual([]);
      expect(inspectIndex(`${env.registry}/${repository}:latest`)?.digest).toBe(published);
    });

    it('a build that fails after the stand-ins are placed leaves none in the kept layout', async () => {
      // A runner that released once already: its kept layout has that image's index.json (so it is
      // pruned, not removed, when the failed step ends), but not the layers stood in for then.
      const cache = freshCache();
      const before = await run('3', env.registry, cache);
      expect(before.main.code).toBe(0);
      expect(standInCount(before)).toBeGreaterThanOrEqual(4);
      const failed = await run('fail', env.registry, cache);
      expect(failed.main.code).not.toBe(0);
      expect(standInCount(failed)).toBeGreaterThanOrEqual(4);
      const layout = keptLayout(cache);
      expect(existsSync(path.join(layout, 'index.json'))).toBe(true);
      expect([...blobSizes(layout)].filter(([, size]) => size === 0)).toStrictEqual([]);
      expect(inspectIndex(`${env.registry}/${repository}:latest`)?.digest).toBe(before.outputs['digest']);
    });
  });
});
