// `npm run bench -- fresh-big`: the big image on a fresh runner, the same remote cache for both.
// Before each measured build: one small file changed, the daemon's build cache emptied
// (`docker builder prune -af`), every image that holds the big image's own layers removed from the
// daemon, and for the action an empty kept OCI layout (its own empty XDG_CACHE_HOME, where
// src/registry/kept-layout.ts keeps it) and an empty tool cache. Then, side by side:
//   (a)  the bare push reading the action's cache tags (--cache-from each buildcache-<platform> tag);
//   (a2) the same, also writing the cache as the action does (--cache-to the first tag, mode=max);
//   (b)  the action with cache: registry, every check;
//   (c)  the action with cache: registry, no checks;
//   (m)  (b) with the audit's memory (arch-audit-cache: auto, its default), as a hosted runner with
//        the cache service has it: the tests' loopback fake of that service, filled by the round's
//        first build;
//   (d)  the bare export (type=oci,tar=false) into a layout holding an empty stand-in for each layer
//        the repository's image already has: the floor of what the action's export (b, c) does, as
//        the action places such stand-ins itself (src/registry/stand-ins.ts).
// Each round starts with one action build that writes the cache tags (what the registry holds before
// the change). Per run the bench also reads the registry's access log: how many blobs and bytes each
// run fetched from the image's repository (which also holds the cache) and from the base image's,
// and for the action how many stand-ins it placed and what its kept layout held after the run (what
// BuildKit wrote: the stand-ins are gone by then). Goal (issue 22): (b) <= 1.3 x (a).
// Figures only: nothing here asserts time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { baseLayers } from './bench-audit.mjs';
import { timed } from './bench-fresh.mjs';
import { BIG_PLATFORMS, bigCopyLink, bigFixture, bigLayers, ensureEmulators } from './bench-fixtures.mjs';
import { COMMAND_MS, elapsed, emptyBuildCache, load1, loadLine, readEnvFile } from './bench-machine.mjs';
import { actionSegments, bareSegments, printSegments, stampLines } from './bench-phases.mjs';
import { blobTraffic, describeTraffic, logMark } from './bench-registry-log.mjs';
import { sharedCacheEnv, stopSharedCache } from './bench-shared-cache.mjs';
import { compare, mb, median, seconds, signed, sideBySide } from './bench-table.mjs';

const repositoryOf = (reference) => reference.slice(reference.indexOf('/') + 1, reference.lastIndexOf(':'));
const cacheRefs = (reference) =>
  BIG_PLATFORMS.split(',').map(
    (platform) => `${reference.slice(0, reference.lastIndexOf(':'))}:buildcache-${platform.replaceAll('/', '-')}`
  );

/**
 * The bare push on an emptied build cache reading the cache tags (and writing the first, `writeCache`);
 * `output` replaces the push.
 */
function timeBare({ context, reference, dockerConfig, writeCache, output }) {
  const args = ['buildx', 'build', '--progress', 'plain', '--platform', BIG_PLATFORMS, '--network', 'host'];
  for (const ref of cacheRefs(reference)) args.push('--cache-from', `type=registry,ref=${ref}`);
  if (writeCache) args.push('--cache-to', `type=registry,ref=${cacheRefs(reference)[0]},mode=max,ignore-error=true`);
  args.push('--output', output ?? `type=image,name=${reference},push=true`, context);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('docker', args, {
      env: { ...process.env, DOCKER_CONFIG: dockerConfig },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: COMMAND_MS
    });
    const lines = stampLines(child.stderr, started);
    child.on('close', (code) => {
      const ms = elapsed(started);
      if (code === 0) resolve({ ms, segments: bareSegments(lines, ms) });
      else
        reject(
          new Error(
            `bare build from the registry cache failed:\n${lines
              .map((l) => l.text)
              .join('\n')
              .slice(-4000)}`
          )
        );
    });
  });
}

/**
 * (d) The bare export the action's stand-ins make: into an empty layout that holds an empty
 * stand-in file for each layer of the image the repository has under the tag now. BuildKit's
 * session content store (buildx's local store) takes an existing path for a blob it has, so it
 * neither sends nor writes that blob. The layout it leaves is no valid image, and is removed.
 */
async function timeStandInExport({ context, reference, dockerConfig }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-bench-stand-ins-'));
  const blobs = path.join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const digests = new Set([...baseLayers(reference).values()].flat());
  for (const digest of digests) writeFileSync(path.join(blobs, digest.slice('sha256:'.length)), '');
  try {
    const output = `type=oci,tar=false,dest=${dir}`;
    const result = await timeBare({ context, reference, dockerConfig, writeCache: false, output });
    return { ...result, layout: treeSize(dir), standIns: digests.size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes and blobs in a directory tree (the kept layout after the run). */
function treeSize(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) {
      bytes += statSync(path.join(entry.parentPath, entry.name)).size;
      files++;
    }
  return { bytes, files };
}

/** The layer diff IDs of each image named (RootFS.Layers, the daemon's platform), in one call. */
function localDiffIds(images) {
  if (images.length === 0) return [];
  const inspected = spawnSync('docker', ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ...images], {
    encoding: 'utf8'
  });
  return inspected.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The big image's own layers (diff IDs, every platform, the base image's excepted), from the registry. */
function bigImageLayers({ reference, base, dockerConfig }) {
  const read = (ref) => {
    const args = ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Image}}'];
    const result = spawnSync('docker', args, {
      env: { ...process.env, DOCKER_CONFIG: dockerConfig },
      encoding: 'utf8'
    });
    if (result.status !== 0) throw new Error(`imagetools inspect ${ref} failed: ${result.stderr}`);
    return Object.values(JSON.parse(result.stdout)).flatMap((image) => image.rootfs?.diff_ids ?? []);
  };
  const baseIds = new Set(read(base));
  return new Set(read(reference).filter((id) => !baseIds.has(id)));
}

/**
 * A fresh runner: the build cache emptied, and gone from the daemon every image that holds one of
 * the big image's own layers (`bigIds`), named or dangling (earlier bare pushes leave both): the
 * daemon's content store would serve those layers, where a fresh runner fetches them.
 */
function freshRunner(bigIds) {
  emptyBuildCache();
  // Only images big enough to hold one of those layers (each root filesystem is over 60 MB): inspecting
  // the few hundred small ones other work leaves would take longer than the build.
  const listed = spawnSync('docker', ['image', 'ls', '--no-trunc', '--format', '{{.ID}} {{.Size}}'], {
    encoding: 'utf8'
  });
  const megabytes = { kB: 1e-3, MB: 1, GB: 1e3 };
  const sized = listed.stdout.split('\n').map((line) => /^(\S+) ([\d.]+)(kB|MB|GB)$/.exec(line.trim()));
  const ids = [...new Set(sized.filter((m) => m && Number(m[2]) * megabytes[m[3]] >= 60).map((m) => m[1]))];
  const layers = localDiffIds(ids);
  const holding = ids.filter((_, i) => layers[i]?.some((id) => bigIds.has(id)));
  if (holding.length > 0) spawnSync('docker', ['image', 'rm', '-f', ...holding], { stdio: 'ignore' });
}

/** One action run with an empty kept layout of its own: its figures and what the layout held after. */
async function actionRun(inputs, what, env = {}) {
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'mab-bench-xdg-'));
  let lines = [];
  const onMainSpawn = (child) => (lines = stampLines(child.stdout, process.hrtime.bigint()));
  try {
    const run = await timed(inputs, what, { env: { ...env, XDG_CACHE_HOME: cacheHome }, onMainSpawn });
    const segments = [...actionSegments(lines, run.main.ms), ['post step', run.post.ms]];
    const standIns = Number(/^Stand-ins: (\d+) layer/m.exec(run.main.stdout)?.[1] ?? NaN);
    return { ...run, segments, layout: treeSize(cacheHome), standIns };
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
}

/** Runs `measure` on a fresh runner after one small change; adds the registry traffic it caused. */
async function measured(setup, measure) {
  setup.touch();
  freshRunner(setup.bigIds);
  const mark = logMark();
  const result = await measure();
  return { ...result, traffic: blobTraffic(mark, setup.repositories) };
}

async function round(setup, results) {
  const { context, reference, dockerConfig, inputs } = setup;
  setup.touch();
  // With the Actions cache service's fake: the audit's memory holds this image's layers for (m).
  await actionRun(inputs, 'the build before the change (writes the cache tags)', await sharedCacheEnv());
  setup.bigIds = bigImageLayers(setup);
  const runs = {
    a: () => timeBare({ context, reference, dockerConfig, writeCache: false }),
    a2: () => timeBare({ context, reference, dockerConfig, writeCache: true }),
    b: () => actionRun(inputs, '(b) fresh runner, cache: registry, every check'),
    c: () => actionRun({ ...inputs, verify: 'false', 'arch-audit': 'off' }, '(c) fresh runner, no checks'),
    m: async () => actionRun(inputs, "(m) fresh runner, every check, the audit's memory", await sharedCacheEnv()),
    d: () => timeStandInExport({ context, reference, dockerConfig })
  };
  const line = [];
  for (const [key, run] of Object.entries(runs)) {
    const result = await measured(setup, run);
    results[key].push(result);
    const standIns =
      result.standIns === undefined
        ? ''
        : key === 'd'
          ? ` (${result.standIns} empty stand-ins before)`
          : ` (the action placed ${result.standIns} stand-in(s))`;
    const layout = result.layout
      ? `; layout after: ${result.layout.files} file(s), ${mb(result.layout.bytes)}${standIns}`
      : '';
    line.push(`  (${key}) ${seconds(result.ms)}: ${describeTraffic(result.traffic)}${layout}`);
  }
  return line;
}

function report(results, rounds) {
  const times = (key) => results[key].map((entry) => entry.ms);
  const { lines, figures } = sideBySide([
    { key: 'a', bare: true, label: 'bare push, --cache-from the cache tags (a)', times: times('a') },
    { key: 'a2', label: 'bare push, --cache-from and --cache-to as the action (a2)', times: times('a2') },
    { key: 'b', label: 'this action, cache: registry, every check (b)', times: times('b') },
    { key: 'c', label: 'this action, cache: registry, no checks (c)', times: times('c') },
    {
      key: 'm',
      label: 'this action, every check, scans from the Actions cache (loopback fake) (m)',
      times: times('m')
    },
    { key: 'd', label: 'bare export into a layout with stand-ins (d)', times: times('d') }
  ]);
  console.log(`-- fresh runner, big image, build cache and kept layout empty before each, ${rounds} round(s)`);
  for (const line of lines) console.log(line);
  const ratio = figures.a && figures.b ? figures.b.median / figures.a.median : undefined;
  const met = ratio === undefined ? 'n/a' : ratio <= 1.3 ? 'met' : 'not met';
  console.log(
    `${compare('b/a', figures.b?.median, figures.a?.median)} (goal <= 1.3: ${met}); (b) over (a): ${signed(figures.b?.over ?? NaN)}`
  );
  console.log(
    `${compare('c/a', figures.c?.median, figures.a?.median)}; ${compare('m/a', figures.m?.median, figures.a?.median)}; ${compare('b/a2', figures.b?.median, figures.a2?.median)}`
  );
  for (const key of ['a', 'a2', 'b', 'c', 'm', 'd']) {
    const fetched = results[key].map((entry) => Object.values(entry.traffic ?? {})[0]?.bytes ?? NaN);
    console.log(`(${key}) bytes fetched from the image's repository (image + cache), median: ${mb(median(fetched))}`);
  }
  const segments = {
    a: 'where the bare push (a) spends its time',
    b: 'where this action (b) spends its time, main step then post',
    c: 'where this action (c) spends its time, main step then post',
    m: 'where this action (m) spends its time, main step then post',
    d: 'where the export into stand-ins (d) spends its time'
  };
  for (const [key, title] of Object.entries(segments))
    printSegments(
      title,
      results[key].map((entry) => entry.segments)
    );
}

export async function benchFreshBig(rounds, dockerConfig) {
  const env = readEnvFile('/var/lib/mab-test/env');
  const python = readEnvFile('/var/lib/mab-test/fixture-python/env');
  const { context, touch } = bigFixture(python);
  const reference = `${env.MAB_REGISTRY}/bench/big-fresh-${Date.now().toString(36)}:latest`;
  const inputs = {
    context,
    platforms: BIG_PLATFORMS,
    tags: reference,
    registry: env.MAB_REGISTRY,
    username: env.MAB_REGISTRY_USER,
    password: env.MAB_REGISTRY_PASSWORD,
    driver: 'docker',
    network: 'host',
    cache: 'registry'
  };
  const repositories = [repositoryOf(reference), repositoryOf(python.MAB_FIXTURE_PYTHON_BASE)];
  const base = python.MAB_FIXTURE_PYTHON_BASE;
  const setup = { context, reference, dockerConfig, inputs, touch, repositories, base };
  console.log(
    `\n== fresh runner, big image (${bigLayers} root filesystems per platform, the small file by ${bigCopyLink ? 'COPY --link' : 'COPY'}): ${BIG_PLATFORMS}, ${reference}`
  );
  console.log(`load average at start: ${loadLine()}`);
  ensureEmulators(BIG_PLATFORMS);
  const results = { a: [], a2: [], b: [], c: [], m: [], d: [] };
  for (let n = 1; n <= rounds; n++) {
    const loadStart = load1();
    const lines = await round(setup, results);
    console.log(`round ${n} (load ${loadStart.toFixed(2)} -> ${load1().toFixed(2)}):\n${lines.join('\n')}`);
  }
  report(results, rounds);
  await stopSharedCache();
  console.log(`load average at end: ${loadLine()}`);
}
