// The cache input on a fresh runner, and the cost of emulation said out loud, against the real
// daemon, QEMU and registry.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  docker,
  ENV_FILE,
  fixtureContext,
  readerDockerConfig,
  registryInputs,
  runLocal,
  uniqueRepository,
  pushTwoPlatformImage
} from '../helpers/e2e.js';
import { listTags } from '../helpers/registries.js';

/** A two-platform base image in the registry: a Dockerfile FROM an image shows each RUN step's platform. */
function pushBase(): string {
  const reference = `${uniqueRepository('cache-base')}:1`;
  const result = pushTwoPlatformImage(reference, fixtureContext(busyboxDockerfile), readerDockerConfig());
  if (result.code !== 0) throw new Error(`pushing the base image failed: ${result.stderr}`);
  return reference;
}

const DEPS_STEP = 'RUN i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo "deps for $(uname -m)" > /deps-done';

/** The vertex number of a Dockerfile step of one platform in buildx's plain progress. */
function stepId(log: string, platform: string, command: string): string {
  const line = log.split('\n').find((entry) => entry.includes(`[${platform} `) && entry.endsWith(`] ${command}`));
  const id = line ? /^#(\d+) /.exec(line)?.[1] : undefined;
  if (!id) throw new Error(`no ${platform} step '${command}' in the log:\n${log}`);
  return id;
}

/** The layers a step pulled: a step loaded from a remote cache pulls its own layer under its own number. */
function pulledLayers(log: string, id: string): string[] {
  const pattern = new RegExp(`^#${id} (?:extracting )?(sha256:[0-9a-f]{64})`, 'gm');
  return [...new Set([...log.matchAll(pattern)].map((match) => match[1] as string))];
}

/** The layer digests a cache reference lists (an OCI index whose entries are the cache's blobs). */
function cacheLayers(reference: string): string[] {
  const result = docker(['buildx', 'imagetools', 'inspect', '--raw', reference], { config: readerDockerConfig() });
  if (result.code !== 0) throw new Error(`inspecting ${reference} failed: ${result.stderr}`);
  const document = JSON.parse(result.stdout) as { manifests?: { digest: string }[]; layers?: { digest: string }[] };
  return [...(document.manifests ?? []), ...(document.layers ?? [])].map((entry) => entry.digest);
}

function manifestDigest(reference: string): string {
  const result = docker(['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Manifest}}'], {
    config: readerDockerConfig()
  });
  if (result.code !== 0) throw new Error(`inspecting ${reference} failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { digest: string }).digest;
}

// scripts/setup-test-env.sh writes the first registry's log next to the env file.
const REGISTRY_LOG = path.join(path.dirname(ENV_FILE), 'registry.log');

/** How many times each blob was uploaded into a repository of the first test registry, from its access log. */
function blobUploadsPerDigest(repository: string): [string, number][] {
  const path_ = repository.slice(repository.indexOf('/') + 1);
  const counts = new Map<string, number>();
  for (const line of readFileSync(REGISTRY_LOG, 'utf8').split('\n')) {
    if (!line.includes(`"PUT /v2/${path_}/blobs/uploads/`)) continue;
    const digest = /digest=sha256(?:%3A|:)([0-9a-f]{64})/.exec(line)?.[1];
    if (digest) counts.set(digest, (counts.get(digest) ?? 0) + 1);
  }
  if (counts.size === 0) throw new Error(`${REGISTRY_LOG} shows no upload into ${path_}`);
  return [...counts];
}

describe('cache: registry on a fresh runner', () => {
  let base: string;
  beforeAll(() => {
    base = pushBase();
  });

  it('each platform takes its dependency step from its own cache tag after the build cache is emptied', async () => {
    const repository = uniqueRepository('cached');
    const dockerfile = `FROM ${base}\nCOPY deps.txt /deps.txt\n${DEPS_STEP}\nCOPY src.txt /src.txt\nRUN cat /src.txt > /app\n`;
    const context = fixtureContext(dockerfile, { 'deps.txt': 'deps 1\n', 'src.txt': 'source 1\n' });
    const inputs = {
      context,
      platforms: 'linux/amd64,linux/arm64',
      tags: `${repository}:1`,
      cache: 'registry',
      ...registryInputs()
    };
    const first = await runLocal(inputs);
    expect(first.main.code).toBe(0);
    expect(first.main.stdout).toContain(
      `cache: registry: reading ${repository}:buildcache-linux-amd64, ${repository}:buildcache-linux-arm64; writing buildcache-linux-amd64 (mode=max), then the same cache manifest under buildcache-linux-arm64`
    );
    // The two cache tags the user asked for by choosing cache: registry, and the image's own tag.
    expect(listTags(repository).sort()).toEqual(['1', 'buildcache-linux-amd64', 'buildcache-linux-arm64']);
    // One export, tagged for each platform: every layer went up once.
    expect(manifestDigest(`${repository}:buildcache-linux-arm64`)).toBe(
      manifestDigest(`${repository}:buildcache-linux-amd64`)
    );
    expect(blobUploadsPerDigest(repository).filter(([, count]) => count > 1)).toEqual([]);

    // A new runner: the daemon's build cache is emptied. This prunes the whole daemon, which other
    // suites share: it costs them cache hits only, never a wrong result, and only this test does it.
    const pruned = docker(['builder', 'prune', '-af']);
    expect(pruned.code).toBe(0);
    writeFileSync(path.join(context, 'src.txt'), 'source 2\n');
    const second = await runLocal({ ...inputs, tags: `${repository}:2` });
    expect(second.main.code).toBe(0);
    const log = second.main.stdout;
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const deps = stepId(log, platform, DEPS_STEP);
      // From the cache: never DONE after running (a cached step pulls its layer, or says CACHED).
      const layers = pulledLayers(log, deps);
      expect(layers.length > 0 || new RegExp(`^#${deps} CACHED$`, 'm').test(log)).toBe(true);
      // ... and from this platform's own tag: the layer it pulled is one that tag lists.
      const tagLayers = cacheLayers(`${repository}:buildcache-${platform.replace(/\//g, '-')}`);
      for (const layer of layers) expect(tagLayers).toContain(layer);
      // The changed file's step ran again.
      const source = stepId(log, platform, 'COPY src.txt /src.txt');
      expect(log).not.toMatch(new RegExp(`^#${source} CACHED$`, 'm'));
    }
    expect(log).toMatch(/Cache: steps from the cache: linux\/amd64 2 of 4, linux\/arm64 2 of 4/);
    expect(second.summary).toContain('Build per platform');
    expect(second.summary).toContain('<td>linux/arm64</td><td>2 of 4</td><td>2 new step(s)</td>');

    // A matrix leg of one platform writes its own tag only: the other platform's cache stays as it was.
    const arm64Before = manifestDigest(`${repository}:buildcache-linux-arm64`);
    const amd64Before = manifestDigest(`${repository}:buildcache-linux-amd64`);
    writeFileSync(path.join(context, 'deps.txt'), 'deps 2\n');
    const leg = await runLocal({ ...inputs, platforms: 'linux/amd64', tags: `${repository}:leg` });
    expect(leg.main.code).toBe(0);
    expect(leg.main.stdout).toContain(
      `cache: registry: reading ${repository}:buildcache-linux-amd64; writing buildcache-linux-amd64 (mode=max)\n`
    );
    expect(manifestDigest(`${repository}:buildcache-linux-arm64`)).toBe(arm64Before);
    expect(manifestDigest(`${repository}:buildcache-linux-amd64`)).not.toBe(amd64Before);
  });

  it('writes no cache tag when nothing is pushed, and none at all with cache: off', async () => {
    const repository = uniqueRepository('uncached');
    const context = fixtureContext(`FROM ${base}\nRUN echo hello > /hello\n`);
    const off = await runLocal({
      context,
      platforms: 'linux/amd64',
      tags: `${repository}:1`,
      cache: 'off',
      ...registryInputs()
    });
    expect(off.main.code).toBe(0);
    expect(off.main.stdout).toContain('cache: off: nothing added (cache: off)');
    expect(listTags(repository)).toEqual(['1']);
    const unpushed = await runLocal({
      context,
      platforms: 'linux/amd64',
      tags: `${repository}:2`,
      cache: 'registry',
      push: 'false',
      ...registryInputs()
    });
    expect(unpushed.main.code).toBe(0);
    expect(unpushed.main.stdout).toContain('writing none (push is off)');
    expect(listTags(repository)).toEqual(['1']);
  });
});

describe('the cost of emulation', () => {
  let base: string;
  beforeAll(() => {
    base = pushBase();
  });
  const slowStep = 'RUN i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; echo "$RANDOM" > /slow';

  it('names the slow emulated step, its line and time per platform, and the two ways out', async () => {
    // A fresh ARG makes the step run again whatever the daemon's cache holds.
    const dockerfile = `FROM ${base}\nARG NONCE=${Date.now()}\n${slowStep}\nRUN echo $NONCE > /nonce\n`;
    const run = await runLocal({
      context: fixtureContext(dockerfile),
      platforms: 'linux/amd64,linux/arm64',
      push: 'false'
    });
    expect(run.main.code).toBe(0);
    const line = run.main.stdout.split('\n').find((entry) => entry.startsWith('Emulation: '));
    expect(line).toMatch(
      /^Emulation: linux\/arm64 \d+\.\d s in RUN steps under QEMU \(slowest: line 3: RUN i=0; while/
    );
    expect(line).not.toContain('linux/amd64');
    const summary = run.summary;
    expect(summary).toContain('<th>RUN time under QEMU</th>');
    expect(summary).toMatch(/<td>linux\/amd64<\/td><td>\d+ of \d+<\/td><td>none<\/td><td>native<\/td>/);
    expect(summary).toMatch(
      /<td>linux\/arm64<\/td><td>\d+ of \d+<\/td><td>none<\/td><td>\d+\.\d s<\/td><td>line 3: RUN i=0;/
    );
    expect(summary).toMatch(/RUN steps under QEMU took \d+% of this build/);
    expect(summary).toContain('FROM --platform=$BUILDPLATFORM');
    expect(summary).toContain('uses: acme/multiarch-build-push/.github/workflows/build.yml@v1');
  });

  it('names the slow step with its platform when its text is the same for every platform, as most are', async () => {
    // FROM scratch: buildx's plain progress names every RUN step here `[4/6] RUN …`, with no platform.
    const dockerfile = `${busyboxDockerfile}ARG NONCE=${Date.now()}\n${slowStep}\n`;
    const run = await runLocal({
      context: fixtureContext(dockerfile),
      platforms: 'linux/amd64,linux/arm64',
      push: 'false'
    });
    expect(run.main.code).toBe(0);
    // The log names each platform's step, as the action renders buildx's progress.
    expect(run.main.stdout).toMatch(/^#\d+ \[linux\/arm64 \d+\/\d+\] RUN i=0; while/m);
    expect(run.main.stdout).toMatch(/^#\d+ \[linux\/amd64 \d+\/\d+\] RUN i=0; while/m);
    const line = run.main.stdout.split('\n').find((entry) => entry.startsWith('Emulation: '));
    expect(line).toMatch(
      /^Emulation: linux\/arm64 \d+\.\d s in RUN steps under QEMU \(slowest: line 7: RUN i=0; while .* \d+\.\d s, \d+% of the build\); \d+% of the build's \d+\.\d s$/
    );
    expect(line).not.toContain('linux/amd64');
    expect(run.summary).toMatch(/<td>linux\/amd64<\/td><td>\d+ of \d+<\/td><td>none<\/td><td>native<\/td>/);
    expect(run.summary).toMatch(
      /<td>linux\/arm64<\/td><td>\d+ of \d+<\/td><td>none<\/td><td>\d+\.\d s<\/td><td>line 7: RUN i=0;[^<]* \d+\.\d s, \d+% of the build/
    );
  });

  it('says nothing about emulation when no step ran under QEMU', async () => {
    const dockerfile = `FROM ${base}\nARG NONCE=${Date.now()}\n${slowStep}\n`;
    const run = await runLocal({ context: fixtureContext(dockerfile), platforms: 'linux/amd64', push: 'false' });
    expect(run.main.code).toBe(0);
    expect(run.main.stdout).not.toMatch(/^Emulation:/m);
    expect(run.summary).toContain('Build per platform');
    expect(run.summary).not.toMatch(/Emulation|under QEMU|--platform=\$BUILDPLATFORM/);
  });
});
