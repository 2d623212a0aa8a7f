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
import { clearTimeout, setTimeout } from 'node:timers';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runAction } from './run-action.mjs';
import { COMMAND_MS, emptyBuildCache, load1, loadLine, readEnvFile } from './bench-machine.mjs';
import { median, seconds } from './bench-table.mjs';

const PLATFORMS = 'linux/amd64,linux/arm64';
// Iterations of the dependency step's shell loop: about 1-4 s natively here, 15-35 s under QEMU for arm64.
const LOOP = Number(process.env.MAB_BENCH_FRESH_LOOP ?? 1_000_000);
// Bytes of "installed dependencies" the step writes (incompressible): what the cache must bring back.
const DEPS_BYTES = Number(process.env.MAB_BENCH_FRESH_DEPS_BYTES ?? 20_000_000);

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

/** Whether the FROM step downloaded layers (a fresh runner downloads the base image). */
function baseDownloaded(stdout) {
  const from = [...stdout.matchAll(/^#(\d+) \[[^\]]*1\/\d+\] FROM /gm)].map((match) => match[1]);
  return from.some((id) => new RegExp(`^#${id} sha256:[0-9a-f]{64} [0-9.]+[kMG]?B / `, 'm').test(stdout));
}

/**
 * One run of the action (main + post), stopped at the time limit: its ms, the build phase's ms,
 * whether the base image was downloaded and the cache's line. `env` adds runner variables;
 * `onMainSpawn(child)` sees main's process.
 */
export async function timed(inputs, what, { env = {}, onMainSpawn: watch } = {}) {
  let timer;
  const onMainSpawn = (child) => {
    watch?.(child);
    timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_MS);
  };
  const started = process.hrtime.bigint();
  const run = await runAction(inputs, { env, onMainSpawn });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(timer);
  rmSync(run.dir, { recursive: true, force: true });
  if (run.main.code !== 0 || run.post?.code !== 0) {
    console.log(`--- ${what}: main exit ${run.main.code}\n${run.main.stdout}\n${run.main.stderr}`);
    throw new Error(`the action failed: ${what}`);
  }
  const build = Number(/^::debug::timing: Build (\d+) ms$/m.exec(run.main.stdout)?.[1] ?? NaN);
  const cacheLine = /^Cache: steps from the cache: .*$/m.exec(run.main.stdout)?.[0] ?? '(no cache line)';
  return { ms, build, base: baseDownloaded(run.main.stdout), cacheLine, main: run.main, post: run.post };
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
