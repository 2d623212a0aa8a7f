#!/usr/bin/env node
// For each fixture, alternates (a) the bare `docker buildx build … push=true` the action would have
// run before it pushed with its own client, and (b) the bundled action run the way the runner runs it
// (main + post, INPUT_* and state files) with every check at its default (base-image preflight,
// verification, architecture audit) and an empty tool cache (a GitHub-hosted runner); then, per
// fixture, the action without checks (verify false, arch-audit off) and with a kept tool cache (a
// self-hosted runner). Fixtures: the cached 3-platform busybox example, the 3-platform Python app on
// a Debian python3 base (scripts/build-fixture-python.sh), and a big 2-platform image (a few hundred
// MB of real ELF files per platform on that python3 base). Each round also exports the same build to
// an OCI layout and times the floor of the architecture audit: gunzipping, 4 at a time from disk,
// exactly the layers the audit reads (the image's minus its base image's). Prints medians; the
// action's phases come from its debug `timing:` lines, so main's own time is main minus the build,
// the push, the checks and the promotion.
// Usage: bench.mjs [rounds] [example] [python] [big] [fresh]   (default: 5 rounds, every fixture but fresh)
// fresh: the fresh-runner benchmark of the cache input (scripts/bench-fresh.mjs); it empties the
// daemon's build cache, so it runs only when named.
// Runs on the node that runs this script (scripts/bench.sh picks the one action.yml declares).
// Figures only: nothing here asserts time.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

const FLOOR_CHUNK_BYTES = 256 * 1024;
import { distEntry, inputEnv, runAction } from './run-action.mjs';
import { benchFreshRunner, readEnvFile } from './bench-fresh.mjs';

const fixtureKeys = ['example', 'python', 'big'];
// Benchmarks that run only when named.
const namedOnly = ['fresh'];
const cli = process.argv.slice(2);
const unknown = cli.filter((arg) => !/^\d+$/.test(arg) && !fixtureKeys.includes(arg) && !namedOnly.includes(arg));
const wantsFresh = cli.includes('fresh');
if (unknown.length > 0) {
  console.error(
    `unknown argument(s) ${unknown.join(', ')}; usage: bench.mjs [rounds] [${[...fixtureKeys, ...namedOnly].join('] [')}]`
  );
  process.exit(2);
}
const rounds = Number(cli.find((arg) => /^\d+$/.test(arg)) ?? 5);
const picked = cli.filter((arg) => fixtureKeys.includes(arg));
// Layers of the big fixture: each adds one platform's Debian root filesystem (57-82 MB) again.
const bigLayers = Number(process.env.MAB_BENCH_BIG_LAYERS ?? 4);
// As many layers at once as the audit reads (LAYER_CONCURRENCY in src/checks/audit/arch-audit.ts).
const FLOOR_CONCURRENCY = 4;

const env = readEnvFile('/var/lib/mab-test/env');
const python = readEnvFile('/var/lib/mab-test/fixture-python/env');
for (const name of readdirSync(env.MAB_BUSYBOX_DIR))
  copyFileSync(path.join(env.MAB_BUSYBOX_DIR, name), path.join('example', name));

/**
 * The big fixture's build context, kept in .bench/ (gitignored) so the build cache holds across runs:
 * the Python fixture's root filesystems (real ELF files of each architecture), hard-linked, ADDed
 * under several paths (different paths make different layers) on the python3 base the audit skips.
 */
function bigContext() {
  const dir = path.resolve('.bench', 'fixture-big');
  mkdirSync(dir, { recursive: true });
  const fixtureDir = path.dirname(python.MAB_FIXTURE_PYTHON_APP);
  for (const arch of ['amd64', 'arm64']) {
    const source = path.join(fixtureDir, `rootfs-${arch}.tar`);
    const target = path.join(dir, `rootfs-${arch}.tar`);
    if (existsSync(target) && statSync(target).ino === statSync(source).ino) continue;
    rmSync(target, { force: true });
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
  const adds = Array.from({ length: bigLayers }, (_, n) => `ADD rootfs-\${TARGETARCH}.tar /opt/${n + 1}/\n`);
  const dockerfile = `FROM ${python.MAB_FIXTURE_PYTHON_BASE}\nARG TARGETARCH\n${adds.join('')}CMD ["python3"]\n`;
  const file = path.join(dir, 'Dockerfile');
  if (!existsSync(file) || readFileSync(file, 'utf8') !== dockerfile) writeFileSync(file, dockerfile);
  return dir;
}

const allFixtures = {
  example: {
    name: 'busybox example (cached)',
    context: 'example',
    repository: 'bench/hello-arch',
    platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
    runs: ['fresh', 'no-checks', 'kept']
  },
  python: {
    name: 'Python app on a Debian python3 base',
    context: python.MAB_FIXTURE_PYTHON_APP,
    repository: 'bench/python-app',
    platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
    base: python.MAB_FIXTURE_PYTHON_BASE,
    runs: ['fresh', 'kept']
  },
  big: {
    name: `big image (${bigLayers} root filesystems ADDed per platform on the python3 base)`,
    context: undefined,
    repository: 'bench/big-app',
    platforms: 'linux/amd64,linux/arm64',
    base: python.MAB_FIXTURE_PYTHON_BASE,
    runs: ['fresh', 'no-checks']
  }
};
const chosen = picked.length > 0 ? fixtureKeys.filter((key) => picked.includes(key)) : wantsFresh ? [] : fixtureKeys;
const fixtures = chosen.map((key) => ({
  key,
  ...allFixtures[key],
  ...(key === 'big' ? { context: bigContext() } : {}),
  reference: `${env.MAB_REGISTRY}/${allFixtures[key].repository}:latest`
}));

const bareConfig = mkdtempSync(path.join(tmpdir(), 'mab-bench-bare-'));
spawnSync('docker', ['login', env.MAB_REGISTRY, '-u', env.MAB_REGISTRY_USER, '--password-stdin'], {
  input: env.MAB_REGISTRY_PASSWORD,
  env: { ...process.env, DOCKER_CONFIG: bareConfig }
});
const dockerEnv = { ...process.env, DOCKER_CONFIG: bareConfig };
const elapsed = (started) => Number(process.hrtime.bigint() - started) / 1e6;

/** Runs a docker command with the bare config; resolves to its time in ms, rejects with its stderr. */
function timeDocker(args, what) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('docker', args, { env: dockerEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) =>
      code === 0 ? resolve(elapsed(started)) : reject(new Error(`${what} failed (exit ${code}):\n${stderr}`))
    );
  });
}

function timeBare(fixture) {
  const args = ['buildx', 'build', '--platform', fixture.platforms, '--tag', fixture.reference, '--network', 'host'];
  args.push('--metadata-file', path.join(bareConfig, 'metadata.json'));
  args.push('--output', `type=image,name=${fixture.reference},push=true`, fixture.context);
  return timeDocker(args, `bare build of ${fixture.name}`);
}

/** The same build exported as an OCI layout, as the action's build step does it (its provenance too). */
function timeExport(fixture, dest) {
  const args = ['buildx', 'build', '--platform', fixture.platforms, '--tag', fixture.reference, '--network', 'host'];
  args.push('--provenance=mode=min', '--output', `type=oci,tar=false,dest=${dest}`, fixture.context);
  return timeDocker(args, `OCI layout export of ${fixture.name}`);
}

function inspectRaw(reference) {
  const result = spawnSync('docker', ['buildx', 'imagetools', 'inspect', '--raw', reference], {
    env: dockerEnv,
    encoding: 'utf8'
  });
  if (result.status !== 0) throw new Error(`imagetools inspect --raw ${reference} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

const platformName = ({ os, architecture, variant }) => [os, architecture, variant].filter(Boolean).join('/');
const isImagePlatform = (entry) => entry.platform && entry.platform.os !== 'unknown';

/** Layer descriptors per platform of an image, read with `readDocument(digest or reference)`. */
function layersByPlatform(top, readDocument) {
  const entries = top.manifests ? top.manifests.filter(isImagePlatform) : [];
  return new Map(entries.map((entry) => [platformName(entry.platform), readDocument(entry.digest).layers ?? []]));
}

/** The base image's layer digests per platform, from the registry. */
function baseLayers(reference) {
  const repository = reference.slice(0, reference.lastIndexOf(':'));
  const layers = layersByPlatform(inspectRaw(reference), (digest) => inspectRaw(`${repository}@${digest}`));
  return new Map([...layers].map(([name, list]) => [name, list.map((layer) => layer.digest)]));
}

/**
 * What the audit reads in an exported layout: per platform, the layers after the base image's
 * (dropped when they lead that platform's layers), each distinct layer once.
 */
function auditedLayers(layout, base) {
  const blob = (digest) => path.join(layout, 'blobs', ...digest.split(':'));
  const document = (digest) => JSON.parse(readFileSync(blob(digest), 'utf8'));
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8'));
  const top = index.manifests.length === 1 ? document(index.manifests[0].digest) : index;
  const platforms = [];
  const seen = new Map();
  for (const [name, layers] of layersByPlatform(top, document)) {
    const prefix = base?.get(name) ?? [];
    const skip = prefix.length > 0 && prefix.every((digest, i) => layers[i]?.digest === digest) ? prefix.length : 0;
    const read = layers.slice(skip);
    for (const layer of read)
      seen.set(layer.digest, { digest: layer.digest, size: layer.size, file: blob(layer.digest) });
    platforms.push({ name, skipped: skip, read: read.map((layer) => layer.digest) });
  }
  return { platforms, layers: [...seen.values()] };
}

/** Decompressor for a blob by its first bytes, as the audit picks it (gzip, zstd, or none). */
function decompressorFor(file) {
  const start = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  const length = readSync(fd, start, 0, 4, 0);
  closeSync(fd);
  // The fastest plain decompression: 256 KiB chunks (zlib's default is 16 KiB), as the audit reads them.
  if (start[0] === 0x1f && start[1] === 0x8b) return zlib.createGunzip({ chunkSize: FLOOR_CHUNK_BYTES });
  if (length === 4 && start.readUInt32LE(0) === 0xfd2fb528 && zlib.createZstdDecompress)
    return zlib.createZstdDecompress({ chunkSize: FLOOR_CHUNK_BYTES });
  return undefined;
}

/** The floor: decompress every layer the audit reads, FLOOR_CONCURRENCY at a time, from disk, output discarded. */
async function timeFloor(layers) {
  const decompressors = layers.map((layer) => decompressorFor(layer.file));
  const outBytes = new Map();
  let next = 0;
  const started = process.hrtime.bigint();
  async function worker() {
    while (next < layers.length) {
      const i = next++;
      let bytes = 0;
      const sink = new Writable({
        write(chunk, _encoding, done) {
          bytes += chunk.length;
          done();
        }
      });
      const source = createReadStream(layers[i].file, { highWaterMark: 1024 * 1024 });
      await (decompressors[i] ? pipeline(source, decompressors[i], sink) : pipeline(source, sink));
      outBytes.set(layers[i].digest, bytes);
    }
  }
  await Promise.all(Array.from({ length: FLOOR_CONCURRENCY }, worker));
  const ms = elapsed(started);
  const bytesIn = layers.reduce((sum, layer) => sum + statSync(layer.file).size, 0);
  const bytesOut = [...outBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
  return { ms, layers: layers.length, bytesIn, bytesOut, outBytes };
}

// A self-hosted runner keeps its tool cache between jobs; a GitHub-hosted one starts empty.
const persistentToolCache = mkdtempSync(path.join(tmpdir(), 'mab-bench-toolcache-'));
// Phases that are the build, the push or a check; the rest of main is the action's own time.
const notOwn = new Set(['Base images', 'Build', 'Push', 'Checks', 'Promote']);
const AUDIT = 'Architecture audit';

/** The debug `timing: <phase> <n> ms` lines of main, by phase (the audit's own line apart). */
function phaseTimings(stdout) {
  const timings = {};
  for (const match of stdout.matchAll(/^::debug::timing: (.+) (\d+) ms$/gm)) timings[match[1]] = Number(match[2]);
  const audit = timings[AUDIT];
  delete timings[AUDIT];
  return { phases: timings, audit };
}

/** The audit's `N layer(s) read (E entries, B bytes decompressed), C from the scan cache, S … skipped` line. */
function auditFigures(stdout) {
  const match =
    /Architecture audit: (\d+) layer\(s\) read \((?:(\d+) entries, )?(\d+) bytes decompressed\), (\d+) from the scan cache, (\d+) base image layer\(s\) skipped/.exec(
      stdout
    );
  return match ? { read: +match[1], bytes: +match[3], cached: +match[4], skipped: +match[5] } : undefined;
}

const variants = {
  fresh: { label: 'all checks at their defaults, empty tool cache', inputs: {}, keep: false },
  'no-checks': {
    label: "no checks (verify 'false', arch-audit 'off')",
    inputs: { verify: 'false', 'arch-audit': 'off' },
    keep: false
  },
  kept: { label: 'all checks at their defaults, kept tool cache', inputs: {}, keep: true }
};

async function timeAction(fixture, variant) {
  const inputs = {
    context: fixture.context,
    platforms: fixture.platforms,
    tags: fixture.reference,
    registry: env.MAB_REGISTRY,
    username: env.MAB_REGISTRY_USER,
    password: env.MAB_REGISTRY_PASSWORD,
    driver: 'docker',
    network: 'host',
    ...variants[variant].inputs
  };
  // Without a kept one, runAction gives each run a fresh empty RUNNER_TOOL_CACHE in its own directory.
  const options = variants[variant].keep ? { env: { RUNNER_TOOL_CACHE: persistentToolCache } } : {};
  const started = process.hrtime.bigint();
  const result = await runAction(inputs, options);
  const total = elapsed(started);
  if (result.main.code !== 0 || result.post?.code !== 0) {
    console.log(`\n!! the action failed on ${fixture.name} (${variant}): main exit ${result.main.code}`);
    console.log(`--- main stdout ---\n${result.main.stdout}\n--- main stderr ---\n${result.main.stderr}`);
    if (result.post)
      console.log(`--- post (exit ${result.post.code}) ---\n${result.post.stdout}\n${result.post.stderr}`);
    throw new Error(`action failed on ${fixture.name} (${variant})`);
  }
  rmSync(result.dir, { recursive: true, force: true });
  const { phases, audit } = phaseTimings(result.main.stdout);
  const outside = Object.entries(phases).filter(([name]) => notOwn.has(name));
  const own = result.main.ms - outside.reduce((sum, [, ms]) => sum + ms, 0);
  const checks = (phases['Checks'] ?? 0) + (phases['Base images'] ?? 0);
  return {
    total,
    main: result.main.ms,
    post: result.post.ms,
    own,
    checks,
    phases,
    audit,
    auditFigures: auditFigures(result.main.stdout),
    digest: result.outputs.digest
  };
}

/** Node start to the first command the bundle runs, through a `docker` on PATH that notes the time and stops. */
function coldStart() {
  const shimDir = mkdtempSync(path.join(tmpdir(), 'mab-bench-shim-'));
  const stamp = path.join(shimDir, 'first-command');
  writeFileSync(path.join(shimDir, 'docker'), `#!/bin/sh\n[ -f ${stamp} ] || date +%s%N > ${stamp}\nexit 1\n`);
  chmodSync(path.join(shimDir, 'docker'), 0o755);
  const runner = mkdtempSync(path.join(tmpdir(), 'mab-bench-cold-'));
  for (const file of ['state', 'output']) writeFileSync(path.join(runner, file), '');
  const startedNs = BigInt(Date.now()) * 1_000_000n;
  spawnSync(process.execPath, [distEntry], {
    env: {
      ...process.env,
      PATH: `${shimDir}:${process.env.PATH}`,
      RUNNER_TEMP: runner,
      GITHUB_STATE: path.join(runner, 'state'),
      GITHUB_OUTPUT: path.join(runner, 'output'),
      // As the runner sets them: action.yml's defaults for every input not given.
      ...inputEnv({
        context: 'example',
        platforms: 'linux/amd64',
        tags: `${env.MAB_REGISTRY}/${allFixtures.example.repository}:latest`,
        driver: 'docker',
        push: 'false',
        qemu: 'false',
        'platform-check': 'off'
      })
    }
  });
  const ms = Number(BigInt(readFileSync(stamp, 'utf8').trim()) - startedNs) / 1e6;
  rmSync(shimDir, { recursive: true, force: true });
  rmSync(runner, { recursive: true, force: true });
  return ms;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ms = (value) => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const thousands = (bytes) => bytes.toLocaleString('en-US');
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? 'n/a' : (a / b).toFixed(2));
const goal = (value, limit) =>
  value === 'n/a' ? '' : ` (goal <= ${limit}: ${Number(value) <= limit ? 'met' : 'not met'})`;
/** The 1-minute load average, and the whole /proc/loadavg line. */
const load1 = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const loadLine = () => readFileSync('/proc/loadavg', 'utf8').trim();

/** Once per fixture: its layers per platform (what the audit reads), and whether the export's are the pushed image's. */
function describeFixture(fixture, layout, floor, base, pushedDigest) {
  const read = auditedLayers(layout, base);
  for (const platform of read.platforms) {
    const sizes = new Map(read.layers.map((layer) => [layer.digest, layer.size]));
    const compressed = platform.read.reduce((sum, digest) => sum + sizes.get(digest), 0);
    const uncompressed = platform.read.reduce((sum, digest) => sum + (floor.outBytes.get(digest) ?? 0), 0);
    console.log(
      `fixture ${platform.name}: ${platform.read.length} layer(s) the audit reads, ${mb(compressed)} compressed, ${mb(uncompressed)} uncompressed; ${platform.skipped} base image layer(s) before them`
    );
  }
  if (!pushedDigest) return;
  const repository = fixture.reference.slice(0, fixture.reference.lastIndexOf(':'));
  const pushed = layersByPlatform(inspectRaw(`${repository}@${pushedDigest}`), (digest) =>
    inspectRaw(`${repository}@${digest}`)
  );
  const exported = auditedLayers(layout, undefined).platforms;
  const same = exported.every(
    (platform) =>
      JSON.stringify(platform.read) === JSON.stringify((pushed.get(platform.name) ?? []).map((l) => l.digest))
  );
  console.log(
    `the exported layout's layers are the pushed image's (${fixture.repository}@${pushedDigest.slice(0, 19)}…): ${same ? 'yes' : 'NO: the floor reads other blobs than the audit'}`
  );
}

async function benchFixture(fixture) {
  console.log(`\n== ${fixture.name}: ${fixture.platforms}; context ${fixture.context}`);
  console.log(`load average at start: ${loadLine()}`);
  console.log('warming the build cache (one bare build, one action run, one layout export)...');
  await timeBare(fixture);
  const warm = await timeAction(fixture, fixture.runs.includes('kept') ? 'kept' : 'fresh');
  const base = fixture.base ? baseLayers(fixture.base) : undefined;
  {
    const layout = mkdtempSync(path.join(tmpdir(), 'mab-bench-layout-'));
    await timeExport(fixture, layout);
    const { layers } = auditedLayers(layout, base);
    describeFixture(fixture, layout, await timeFloor(layers), base, warm.digest);
    rmSync(layout, { recursive: true, force: true });
  }
  const results = { bare: [], export: [], floor: [], ...Object.fromEntries(fixture.runs.map((run) => [run, []])) };
  const loads = [];
  for (let round = 1; round <= rounds; round++) {
    const loadStart = load1();
    results.bare.push(await timeBare(fixture));
    // The export the action's build step makes, then the floor read from it right away (in the
    // page cache, as the action's audit finds its layout).
    const layout = mkdtempSync(path.join(tmpdir(), 'mab-bench-layout-'));
    results.export.push(await timeExport(fixture, layout));
    results.floor.push(await timeFloor(auditedLayers(layout, base).layers));
    rmSync(layout, { recursive: true, force: true });
    for (const run of fixture.runs) results[run].push(await timeAction(fixture, run));
    const loadEnd = load1();
    loads.push(loadStart, loadEnd);
    const show = (entry) =>
      `${ms(entry.total)} (main ${ms(entry.main)}, own ${ms(entry.own)}, post ${ms(entry.post)}${entry.audit === undefined ? '' : `, audit ${ms(entry.audit)}`})`;
    const runs = fixture.runs.map((run) => `${run} ${show(results[run].at(-1))}`).join(', ');
    console.log(
      `round ${round} (load ${loadStart.toFixed(2)} -> ${loadEnd.toFixed(2)}): bare ${ms(results.bare.at(-1))}, export ${ms(results.export.at(-1))}, floor ${ms(results.floor.at(-1).ms)}, ${runs}`
    );
  }
  summarise(fixture, results, loads);
}

function summarise(fixture, results, loads) {
  const of = (runs, key) => median(runs.map((entry) => entry[key]));
  const a = median(results.bare);
  const describe = (runs) =>
    `${seconds(of(runs, 'total'))} (main ${seconds(of(runs, 'main'))}, checks ${seconds(of(runs, 'checks'))}, main's own ${ms(of(runs, 'own'))}, post ${ms(of(runs, 'post'))})`;
  console.log(`-- ${fixture.name}, ${fixture.platforms}, medians of ${rounds}`);
  console.log(`bare docker buildx build … push=true (a): ${seconds(a)}`);
  console.log(
    `bare docker buildx build … type=oci,tar=false (the action's build and export): ${seconds(median(results.export))}`
  );
  const labels = { fresh: 'b', 'no-checks': 'c', kept: "b'" };
  for (const run of fixture.runs)
    console.log(`action main+post, ${variants[run].label} (${labels[run]}): ${describe(results[run])}`);
  const ratios = fixture.runs.map((run) => {
    const value = ratio(of(results[run], 'total'), a);
    return `${labels[run]}/a ${value}${run === 'fresh' && fixture.key === 'example' ? goal(value, 1.35) : ''}`;
  });
  console.log(`ratios: ${ratios.join(', ')}`);
  for (const run of fixture.runs.filter((name) => name !== 'kept')) {
    const phases = Object.keys(results[run][0].phases);
    const median_ = (name) => median(results[run].map((entry) => entry.phases[name] ?? 0));
    console.log(`phases (${labels[run]}): ${phases.map((name) => `${name} ${ms(median_(name))}`).join(', ')}`);
  }
  auditAgainstFloor(results);
  const sorted = [...loads].sort((x, y) => x - y);
  console.log(
    `load average (1 min) over the rounds: first ${loads[0].toFixed(2)}, last ${loads.at(-1).toFixed(2)}, max ${sorted.at(-1).toFixed(2)}; now ${loadLine()}`
  );
}

function auditAgainstFloor(results) {
  const fresh = results.fresh;
  const floor = results.floor;
  const floorMs = median(floor.map((entry) => entry.ms));
  const { layers, bytesIn, bytesOut } = floor[0];
  console.log(
    `floor: gunzip ${layers} layer(s), ${FLOOR_CONCURRENCY} at a time, from the exported layout: in ${thousands(bytesIn)} B (${mb(bytesIn)}), out ${thousands(bytesOut)} B (${mb(bytesOut)}): ${ms(floorMs)}`
  );
  const audits = fresh.map((entry) => entry.audit).filter((value) => value !== undefined);
  const figures = fresh[0].auditFigures;
  const read = figures
    ? `${figures.read} layer(s) read, ${thousands(figures.bytes)} B decompressed, ${figures.cached} from the scan cache, ${figures.skipped} base layer(s) skipped`
    : 'no "Architecture audit: N layer(s) read" line';
  if (audits.length === 0) {
    console.log(`audit (empty scan cache): n/a: the bundle logs no "timing: ${AUDIT}" line (${read})`);
    return;
  }
  const auditMs = median(audits);
  const value = ratio(auditMs, floorMs);
  console.log(`audit (empty scan cache), its own timing line: ${ms(auditMs)} (${read})`);
  console.log(`audit / floor: ${value}${goal(value, 1.3)}`);
  const kept = (results.kept ?? []).map((entry) => entry.audit).filter((v) => v !== undefined);
  if (kept.length > 0) console.log(`audit with a kept scan cache: ${ms(median(kept))}`);
}

console.log(
  `node ${process.version} (${process.execPath}); ${rounds} round(s); fixtures: ${fixtures.map((f) => f.key).join(', ')}`
);
console.log(`load average at start: ${loadLine()}`);
const benchStarted = process.hrtime.bigint();
for (const fixture of fixtures) await benchFixture(fixture);
if (wantsFresh) await benchFreshRunner(rounds);
const colds = Array.from({ length: 5 }, coldStart);
console.log('');
console.log(`cold start of dist/ (node start to first command), median of 5: ${ms(median(colds))}`);
console.log(`bundle size: dist/index.js ${(statSync(distEntry).size / 1024).toFixed(0)} KiB`);
console.log(
  "targets (issue 8): post <= 80 ms, main's own <= 150 ms; (issue 9) checks <= 0.3 s, b/a <= 1.5 on the Python app"
);
console.log('goals: audit <= 1.3 x its floor; b/a (all checks on) <= 1.35 on the cached example');
console.log(`bench took ${seconds(elapsed(benchStarted))}; load average at end: ${loadLine()}`);
rmSync(bareConfig, { recursive: true, force: true });
rmSync(persistentToolCache, { recursive: true, force: true });
