#!/usr/bin/env node
// For each fixture, alternates (a) the bare `docker buildx build … push=true` the action would run
// and (b) the bundled action run the way the runner runs it (main + post, INPUT_* and state files),
// every check at its default (base-image preflight, verification, architecture audit), on a cached
// 3-platform build pushed to the local registry, with an empty tool cache (a GitHub-hosted runner)
// and a kept one (a self-hosted runner). Fixtures: the busybox example and the Python app on a
// Debian python3 base (scripts/build-fixture-python.sh). Prints medians; the action's phases come
// from its debug `timing:` lines, so main's own time is main minus the build and the checks.
// Runs on the node that runs this script (scripts/bench.sh picks the one action.yml declares).
// Figures only: nothing here asserts time.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { distEntry, inputEnv, runAction } from './run-action.mjs';

const rounds = Number(process.argv[2] ?? 5);
const readEnvFile = (file) =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  );
const env = readEnvFile('/var/lib/mab-test/env');
const python = readEnvFile('/var/lib/mab-test/fixture-python/env');
for (const name of readdirSync(env.MAB_BUSYBOX_DIR))
  copyFileSync(path.join(env.MAB_BUSYBOX_DIR, name), path.join('example', name));

const fixtures = [
  { name: 'busybox example', context: 'example', repository: 'bench/hello-arch' },
  {
    name: 'Python app on a Debian python3 base',
    context: python.MAB_FIXTURE_PYTHON_APP,
    repository: 'bench/python-app'
  }
].map((fixture) => ({
  ...fixture,
  platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
  reference: `${env.MAB_REGISTRY}/${fixture.repository}:latest`
}));

const bareConfig = mkdtempSync(path.join(tmpdir(), 'mab-bench-bare-'));
spawnSync('docker', ['login', env.MAB_REGISTRY, '-u', env.MAB_REGISTRY_USER, '--password-stdin'], {
  input: env.MAB_REGISTRY_PASSWORD,
  env: { ...process.env, DOCKER_CONFIG: bareConfig }
});

function timeBare(fixture) {
  const args = ['buildx', 'build', '--platform', fixture.platforms, '--tag', fixture.reference, '--network', 'host'];
  args.push('--metadata-file', path.join(bareConfig, 'metadata.json'));
  args.push('--output', `type=image,name=${fixture.reference},push=true`, fixture.context);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('docker', args, {
      env: { ...process.env, DOCKER_CONFIG: bareConfig },
      stdio: ['ignore', 'ignore', 'pipe']
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) =>
      code === 0
        ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
        : reject(new Error(`bare build of ${fixture.name} failed: ${stderr}`))
    );
  });
}

// A self-hosted runner keeps its tool cache between jobs; a GitHub-hosted one starts empty.
const persistentToolCache = mkdtempSync(path.join(tmpdir(), 'mab-bench-toolcache-'));
// Phases that are the build or a check; the rest of main is the action's own time.
const buildAndChecks = new Set(['Build', 'Checks', 'Base images']);

/** The debug `timing: <phase> <n> ms` lines of main, by phase. */
function phaseTimings(stdout) {
  const timings = {};
  for (const match of stdout.matchAll(/^::debug::timing: (.+) (\d+) ms$/gm)) timings[match[1]] = Number(match[2]);
  return timings;
}

async function timeAction(fixture, keepToolCache) {
  const inputs = {
    context: fixture.context,
    platforms: fixture.platforms,
    tags: fixture.reference,
    registry: env.MAB_REGISTRY,
    username: env.MAB_REGISTRY_USER,
    password: env.MAB_REGISTRY_PASSWORD,
    driver: 'docker',
    network: 'host'
  };
  const started = process.hrtime.bigint();
  const result = await runAction(inputs, keepToolCache ? { env: { RUNNER_TOOL_CACHE: persistentToolCache } } : {});
  const total = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.main.code !== 0 || result.post?.code !== 0)
    throw new Error(`action failed on ${fixture.name}:\n${result.main.stdout}\n${result.main.stderr}`);
  const phases = phaseTimings(result.main.stdout);
  const outside = Object.entries(phases).filter(([name]) => buildAndChecks.has(name));
  const own = result.main.ms - outside.reduce((sum, [, ms]) => sum + ms, 0);
  const checks = (phases['Checks'] ?? 0) + (phases['Base images'] ?? 0);
  return { total, main: result.main.ms, post: result.post.ms, own, checks, phases };
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
        tags: fixtures[0].reference,
        driver: 'docker',
        push: 'false',
        qemu: 'false',
        'platform-check': 'off'
      })
    }
  });
  return Number(BigInt(readFileSync(stamp, 'utf8').trim()) - startedNs) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ms = (value) => `${value.toFixed(0)} ms`;

async function benchFixture(fixture) {
  console.log(`\n== ${fixture.name}: warming the build cache (one bare build, one action run)...`);
  await timeBare(fixture);
  await timeAction(fixture, true);
  const bare = [];
  const fresh = [];
  const kept = [];
  for (let round = 1; round <= rounds; round++) {
    bare.push(await timeBare(fixture));
    fresh.push(await timeAction(fixture, false));
    kept.push(await timeAction(fixture, true));
    const show = (entry) => `${ms(entry.total)} (main ${ms(entry.main)}, own ${ms(entry.own)}, post ${ms(entry.post)})`;
    console.log(
      `round ${round}: bare ${ms(bare.at(-1))}, action ${show(fresh.at(-1))}, kept tool cache ${show(kept.at(-1))}`
    );
  }
  const of = (runs, key) => median(runs.map((entry) => entry[key]));
  const a = median(bare);
  const describe = (runs) =>
    `${seconds(of(runs, 'total'))} (main ${seconds(of(runs, 'main'))}, checks ${seconds(of(runs, 'checks'))}, main's own ${ms(of(runs, 'own'))}, post ${ms(of(runs, 'post'))})`;
  console.log(`-- ${fixture.name}, ${fixture.platforms}, medians of ${rounds}`);
  console.log(`bare docker buildx build … push=true (a): ${seconds(a)}`);
  console.log(`action main+post, empty tool cache (b): ${describe(fresh)}`);
  console.log(`action main+post, kept tool cache (b'): ${describe(kept)}`);
  console.log(`ratio b/a: ${(of(fresh, 'total') / a).toFixed(2)}, b'/a: ${(of(kept, 'total') / a).toFixed(2)}`);
  const phases = Object.keys(fresh[0].phases);
  console.log(
    `phases (b): ${phases.map((name) => `${name} ${ms(median(fresh.map((e) => e.phases[name] ?? 0)))}`).join(', ')}`
  );
}

console.log(`node ${process.version} (${process.execPath})`);
for (const fixture of fixtures) await benchFixture(fixture);
const colds = Array.from({ length: 5 }, coldStart);
console.log('');
console.log(`cold start of dist/ (node start to first command), median of 5: ${ms(median(colds))}`);
console.log(`bundle size: dist/index.js ${(statSync(distEntry).size / 1024).toFixed(0)} KiB`);
console.log(
  "targets (issue 8): post <= 80 ms, main's own <= 150 ms; (issue 9) checks <= 0.3 s, b/a <= 1.5 on the Python app"
);
