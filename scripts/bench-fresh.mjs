// The fresh-runner benchmark (`npm run bench -- fresh`): a Dockerfile whose dependency step is slow
// under emulation, then a one-line source change, built three ways with the bundled action:
//   (a) the full rebuild without a cache: the daemon's build cache emptied, cache: off;
//   (b) a fresh runner with cache: registry: the daemon's build cache emptied, the cache read from the
//       buildcache-<platform> tags the previous build wrote;
//   (c) the warm local rebuild: the daemon's build cache kept, cache: off.
// "Emptied" is `docker builder prune -af`: it empties the whole daemon's build cache, which other
// work on this machine shares (it costs them cache hits, never a wrong result). The daemon's image
// store keeps images that other runs loaded; when they share the base image's layers, the base
// image is not downloaded again, and the bench says whether it was.
// Goal (issue 17): (b) <= 1.3 x (c). Figures only: nothing here asserts time.
import { spawnSync } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runAction } from './run-action.mjs';
import { BIG_PLATFORMS, bigFixture, bigLayers, ensureEmulators } from './bench-fixtures.mjs';
import { compare, signed, sideBySide } from './bench-table.mjs';

/** A KEY=value file as the setup script writes it. */
export const readEnvFile = (file) =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  );

const PLATFORMS = 'linux/amd64,linux/arm64';
// Iterations of the dependency step's shell loop: about 1-4 s natively here, 15-35 s under QEMU for arm64.
const LOOP = Number(process.env.MAB_BENCH_FRESH_LOOP ?? 1_000_000);
// Bytes of "installed dependencies" the step writes (incompressible): what the cache must bring back.
const DEPS_BYTES = Number(process.env.MAB_BENCH_FRESH_DEPS_BYTES ?? 20_000_000);

import { median, seconds } from './bench-table.mjs';
const loadLine = () => readFileSync('/proc/loadavg', 'utf8').trim();
const load1 = () => Number(loadLine().split(' ')[0]);

function fixture(base) {
  const dir = path.resolve('.bench', 'fixture-fresh');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'requirements.txt'), 'numpy==2.1.0\nrequests==2.32.3\n');
  const dockerfile = [
    `FROM ${base}`,
    'WORKDIR /app',
    'COPY requirements.txt .',
    // The dependency step: computes (a shell loop, as compiling wheels would) and writes its result.
    `RUN i=0; while [ $i -lt ${LOOP} ]; do i=$((i+1)); done; mkdir -p /deps && head -c ${DEPS_BYTES} /dev/urandom > /deps/site-packages.bin`,
    'COPY app.py .',
    'RUN python3 -m py_compile app.py',
    'CMD ["python3", "/app/app.py"]',
    ''
  ].join('\n');
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** The one-line change: app.py's last line. */
function writeSource(dir, version) {
  writeFileSync(path.join(dir, 'app.py'), `import sys\nprint("hello from", sys.platform)\nVERSION = ${version}\n`);
}

function emptyBuildCache() {
  const pruned = spawnSync('docker', ['builder', 'prune', '-af'], { encoding: 'utf8' });
  if (pruned.status !== 0) throw new Error(`docker builder prune -af failed: ${pruned.stderr}`);
}

/** Whether the FROM step downloaded layers (a fresh runner downloads the base image). */
function baseDownloaded(stdout) {
  const from = [...stdout.matchAll(/^#(\d+) \[[^\]]*1\/\d+\] FROM /gm)].map((match) => match[1]);
  return from.some((id) => new RegExp(`^#${id} sha256:[0-9a-f]{64} [0-9.]+[kMG]?B / `, 'm').test(stdout));
}

// A main step that hangs is stopped (MAB_BENCH_COMMAND_MINUTES, default 10): the bench is bounded.
const COMMAND_MS = Number(process.env.MAB_BENCH_COMMAND_MINUTES ?? 10) * 60_000;

async function timed(inputs, what) {
  let timer;
  const onMainSpawn = (child) => (timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_MS));
  const started = process.hrtime.bigint();
  const run = await runAction(inputs, { onMainSpawn });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(timer);
  if (run.main.code !== 0 || run.post?.code !== 0) {
    console.log(`--- ${what}: main exit ${run.main.code}\n${run.main.stdout}\n${run.main.stderr}`);
    throw new Error(`the action failed: ${what}`);
  }
  const build = Number(/^::debug::timing: Build (\d+) ms$/m.exec(run.main.stdout)?.[1] ?? NaN);
  const cacheLine = /^Cache: steps from the cache: .*$/m.exec(run.main.stdout)?.[0] ?? '(no cache line)';
  return { ms, build, base: baseDownloaded(run.main.stdout), cacheLine };
}

export async function benchFreshRunner(rounds) {
  const env = readEnvFile('/var/lib/mab-test/env');
  const python = readEnvFile('/var/lib/mab-test/fixture-python/env');
  const dir = fixture(python.MAB_FIXTURE_PYTHON_BASE);
  const repository = `${env.MAB_REGISTRY}/bench/fresh-${Date.now().toString(36)}`;
  const inputs = (cache) => ({
    context: dir,
    platforms: PLATFORMS,
    tags: `${repository}:latest`,
    registry: env.MAB_REGISTRY,
    username: env.MAB_REGISTRY_USER,
    password: env.MAB_REGISTRY_PASSWORD,
    driver: 'docker',
    network: 'host',
    cache
  });
  console.log(
    `\n== fresh runner: ${PLATFORMS}, dependency step ${LOOP} loop iterations + ${DEPS_BYTES} bytes, on ${python.MAB_FIXTURE_PYTHON_BASE}`
  );
  console.log(`cache tags in ${repository}; load average at start: ${loadLine()}`);
  const results = { a: [], b: [], c: [] };
  let version = 0;
  for (let round = 1; round <= rounds; round++) {
    const loadStart = load1();
    // The previous commit, built and its cache exported: what the registry holds before the change.
    writeSource(dir, ++version);
    await timed(inputs('registry'), 'the build before the change');
    writeSource(dir, ++version);
    const c = await timed(inputs('off'), '(c) warm local rebuild');
    emptyBuildCache();
    const b = await timed(inputs('registry'), '(b) fresh runner, cache: registry');
    emptyBuildCache();
    const a = await timed(inputs('off'), '(a) full rebuild without a cache');
    results.a.push(a);
    results.b.push(b);
    results.c.push(c);
    const show = (entry) =>
      `${seconds(entry.ms)} (build ${seconds(entry.build)}${entry.base ? ', base image downloaded' : ''})`;
    console.log(
      `round ${round} (load ${loadStart.toFixed(2)} -> ${load1().toFixed(2)}): (a) no cache ${show(a)}, (b) cache: registry ${show(b)}, (c) warm local ${show(c)}`
    );
    console.log(`  (b) ${b.cacheLine}`);
  }
  const of = (key, field) => median(results[key].map((entry) => entry[field]));
  console.log(
    `-- fresh runner, medians of ${rounds} (the action's main + post, all checks on; the build phase alone in brackets)`
  );
  console.log(`(a) full rebuild without a cache:        ${seconds(of('a', 'ms'))} (${seconds(of('a', 'build'))})`);
  console.log(`(b) fresh runner with cache: registry:   ${seconds(of('b', 'ms'))} (${seconds(of('b', 'build'))})`);
  console.log(`(c) warm local rebuild:                  ${seconds(of('c', 'ms'))} (${seconds(of('c', 'build'))})`);
  const ratio = of('b', 'ms') / of('c', 'ms');
  console.log(
    `b/c ${ratio.toFixed(2)} (goal <= 1.3: ${ratio <= 1.3 ? 'met' : 'not met'}); a/c ${(of('a', 'ms') / of('c', 'ms')).toFixed(2)}; build phase b/c ${(of('b', 'build') / of('c', 'build')).toFixed(2)}`
  );
  const downloaded = ['a', 'b'].map(
    (key) => `${key}: ${results[key].filter((entry) => entry.base).length} of ${rounds}`
  );
  console.log(`rounds whose FROM step downloaded base image layers after the prune: ${downloaded.join(', ')}`);
  console.log(`load average at end: ${loadLine()}`);
}

/** The bare push on an emptied build cache, reading the cache tags the action wrote (the same remote cache). */
function timeBareFromCache(context, reference, dockerConfig) {
  const repository = reference.slice(0, reference.lastIndexOf(':'));
  const args = ['buildx', 'build', '--platform', BIG_PLATFORMS, '--network', 'host'];
  for (const platform of BIG_PLATFORMS.split(','))
    args.push('--cache-from', `type=registry,ref=${repository}:buildcache-${platform.replaceAll('/', '-')}`);
  args.push('--output', `type=image,name=${reference},push=true`, context);
  const started = process.hrtime.bigint();
  const result = spawnSync('docker', args, {
    env: { ...process.env, DOCKER_CONFIG: dockerConfig },
    encoding: 'utf8',
    timeout: COMMAND_MS,
    maxBuffer: 64 * 1024 * 1024
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`bare build from the registry cache failed:\n${result.stderr.slice(-4000)}`);
  return { ms, base: false };
}

/**
 * `npm run bench -- fresh-big`: the big image on a fresh runner, the same remote cache for both: the
 * build cache emptied, then (a) the bare push reading the cache tags and (b) the action with
 * cache: registry, each after one small file changed. Goal (issue 22): (b) <= 1.3 x (a).
 */
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
  console.log(
    `\n== fresh runner, big image (${bigLayers} root filesystems per platform): ${BIG_PLATFORMS}, ${reference}`
  );
  console.log(`load average at start: ${loadLine()}`);
  ensureEmulators(BIG_PLATFORMS);
  const results = { a: [], b: [] };
  for (let round = 1; round <= rounds; round++) {
    const loadStart = load1();
    touch();
    await timed(inputs, 'the build before the change (writes the cache tags)');
    touch();
    emptyBuildCache();
    const a = timeBareFromCache(context, reference, dockerConfig);
    touch();
    emptyBuildCache();
    const b = await timed(inputs, '(b) fresh runner, cache: registry');
    results.a.push(a.ms);
    results.b.push(b.ms);
    console.log(
      `round ${round} (load ${loadStart.toFixed(2)} -> ${load1().toFixed(2)}): (a) bare ${seconds(a.ms)}, (b) action ${seconds(b.ms)} (build ${seconds(b.build)}); (b) ${b.cacheLine}`
    );
  }
  const { lines, figures } = sideBySide([
    { key: 'a', bare: true, label: 'bare push, --cache-from the cache tags (a)', times: results.a },
    { key: 'b', label: 'this action, cache: registry, all checks (b)', times: results.b }
  ]);
  console.log(`-- fresh runner, big image, build cache emptied before each, ${rounds} round(s)`);
  for (const line of lines) console.log(line);
  const ratio = figures.a && figures.b ? figures.b.median / figures.a.median : undefined;
  console.log(
    `${compare('b/a', figures.b?.median, figures.a?.median)} (goal <= 1.3: ${ratio === undefined ? 'n/a' : ratio <= 1.3 ? 'met' : 'not met'}); (b) over (a): ${figures.b?.over === undefined ? 'n/a' : signed(figures.b.over)}`
  );
  console.log(`load average at end: ${loadLine()}`);
}
