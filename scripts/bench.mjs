#!/usr/bin/env node
// `npm run bench`: per fixture, side by side in each round, the bare `docker buildx build … push=true`,
// the bare build that pushes nothing, the same build exported as an OCI layout with the floor of the
// architecture audit read from it, docker's chain (setup-buildx-action + build-push-action), and the
// bundled action as the runner runs it (main + post) in the fixture's variants (scripts/bench-runs.mjs):
// every check with an empty tool cache (a GitHub-hosted runner), no checks, every check with a kept
// tool cache (a self-hosted runner), and the pull-request path (push nothing, every check).
// Fixtures: the cached 3-platform busybox example, the 3-platform Python app on a Debian python3 base
// (scripts/build-fixture-python.sh), and the big 2-platform image with one small file changed per
// build (scripts/bench-fixtures.mjs). Prints one table per fixture (scripts/bench-report.mjs) with
// where the seconds of a run go (scripts/bench-phases.mjs).
// Named only, as they empty the daemon's build cache: `fresh` and `fresh-big`, the fresh-runner
// figures (scripts/bench-fresh.mjs, scripts/bench-fresh-big.mjs).
// Bounded: every command has a time limit (MAB_BENCH_COMMAND_MINUTES, default 10), a failed run is
// counted and the round goes on, and no new round starts after MAB_BENCH_BUDGET_MINUTES (default 90).
// Usage: bench.mjs [rounds] [example] [python] [big] [fresh] [fresh-big]   (default: 5 rounds, every fixture)
// Runs on the node that runs this script (scripts/bench.sh picks the one action.yml declares).
// Figures only: nothing here asserts time.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { distEntry, inputEnv } from './run-action.mjs';
import { benchFreshRunner } from './bench-fresh.mjs';
import { benchFreshBig } from './bench-fresh-big.mjs';
import { chainActions } from './bench-chain.mjs';
import { bigFixture, bigLayers } from './bench-fixtures.mjs';
import { auditedLayers, baseLayers, describeFixture, timeFloor, useDockerConfig } from './bench-audit.mjs';
import { elapsed, load1, loadLine, readEnvFile } from './bench-machine.mjs';
import { fixtureRuns } from './bench-runs.mjs';
import { roundLine, summarise } from './bench-report.mjs';
import { median, ms, seconds } from './bench-table.mjs';

const fixtureKeys = ['example', 'python', 'big'];
// Benchmarks that run only when named.
const namedOnly = ['fresh', 'fresh-big'];
const cli = process.argv.slice(2);
const unknown = cli.filter((arg) => !/^\d+$/.test(arg) && !fixtureKeys.includes(arg) && !namedOnly.includes(arg));
if (unknown.length > 0) {
  console.error(
    `unknown argument(s) ${unknown.join(', ')}; usage: bench.mjs [rounds] [${[...fixtureKeys, ...namedOnly].join('] [')}]`
  );
  process.exit(2);
}
const rounds = Number(cli.find((arg) => /^\d+$/.test(arg)) ?? 5);
const picked = cli.filter((arg) => fixtureKeys.includes(arg));
const named = namedOnly.filter((key) => cli.includes(key));
const BUDGET_MS = Number(process.env.MAB_BENCH_BUDGET_MINUTES ?? 90) * 60_000;

const env = readEnvFile('/var/lib/mab-test/env');
const python = readEnvFile('/var/lib/mab-test/fixture-python/env');
for (const name of readdirSync(env.MAB_BUSYBOX_DIR))
  copyFileSync(path.join(env.MAB_BUSYBOX_DIR, name), path.join('example', name));

const allFixtures = {
  example: {
    name: 'busybox example (cached)',
    context: 'example',
    repository: 'bench/hello-arch',
    platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
    runs: ['fresh', 'no-checks', 'kept', 'pr', 'shared', 'pr-shared']
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
    name: `big image (${bigLayers} root filesystems ADDed per platform on the python3 base, one small file changed per build)`,
    context: undefined,
    repository: 'bench/big-app',
    platforms: 'linux/amd64,linux/arm64',
    base: python.MAB_FIXTURE_PYTHON_BASE,
    runs: ['fresh', 'no-checks', 'pr', 'shared', 'pr-shared']
  }
};
const chain = chainActions();
const benchStarted = process.hrtime.bigint();
const chosen =
  picked.length > 0 ? fixtureKeys.filter((key) => picked.includes(key)) : named.length > 0 ? [] : fixtureKeys;
const fixtureReference = (key) => `${env.MAB_REGISTRY}/${allFixtures[key].repository}:latest`;
const fixtures = chosen.map((key) => ({
  key,
  ...allFixtures[key],
  ...(key === 'big' ? bigFixture(python) : {}),
  reference: fixtureReference(key)
}));

const bareConfig = mkdtempSync(path.join(tmpdir(), 'mab-bench-bare-'));
spawnSync('docker', ['login', env.MAB_REGISTRY, '-u', env.MAB_REGISTRY_USER, '--password-stdin'], {
  input: env.MAB_REGISTRY_PASSWORD,
  env: { ...process.env, DOCKER_CONFIG: bareConfig }
});
useDockerConfig(bareConfig);
const runs = fixtureRuns({ env, dockerConfig: bareConfig, chain });

/** Node start to the first command the bundle runs, through a `docker` on PATH that notes the time and stops. */
function coldStart() {
  const shimDir = mkdtempSync(path.join(tmpdir(), 'mab-bench-shim-'));
  const stamp = path.join(shimDir, 'first-command');
  writeFileSync(path.join(shimDir, 'docker'), `#!/bin/sh\n[ -f ${stamp} ] || date +%s%N > ${stamp}\nexit 1\n`);
  chmodSync(path.join(shimDir, 'docker'), 0o755);
  const runner = mkdtempSync(path.join(tmpdir(), 'mab-bench-cold-'));
  for (const file of ['state', 'output']) writeFileSync(path.join(runner, file), '');
  const startedNs = BigInt(Date.now()) * 1_000_000n;
  const inputs = { context: 'example', platforms: 'linux/amd64', tags: fixtureReference('example') };
  spawnSync(process.execPath, [distEntry], {
    env: {
      ...process.env,
      PATH: `${shimDir}:${process.env.PATH}`,
      RUNNER_TEMP: runner,
      GITHUB_STATE: path.join(runner, 'state'),
      GITHUB_OUTPUT: path.join(runner, 'output'),
      // As the runner sets them: action.yml's defaults for every input not given.
      ...inputEnv({ ...inputs, driver: 'docker', push: 'false', qemu: 'false', 'platform-check': 'off' })
    }
  });
  const value = Number(BigInt(readFileSync(stamp, 'utf8').trim()) - startedNs) / 1e6;
  rmSync(shimDir, { recursive: true, force: true });
  rmSync(runner, { recursive: true, force: true });
  return value;
}

/** One timed run: a failure is counted and shown, and the round goes on. */
async function attempt(results, key, run) {
  try {
    const value = await run();
    results[key].push(value);
    return value;
  } catch (error) {
    results.failed[key] = (results.failed[key] ?? 0) + 1;
    console.log(
      `!! ${key} failed: ${String(error?.message ?? error)
        .split('\n')
        .slice(0, 40)
        .join('\n')}`
    );
    return undefined;
  }
}

async function warmUp(fixture) {
  console.log('warming the build cache (one bare build, one chain, one action run, one layout export)...');
  await runs.bare(fixture);
  if (chain.actions) await runs.chain(fixture);
  const warm = await runs.action(fixture, fixture.runs.includes('kept') ? 'kept' : 'fresh');
  // The first run with the Actions cache fills it, as an earlier job would have.
  if (fixture.runs.includes('shared')) await runs.action(fixture, 'shared');
  const base = fixture.base ? baseLayers(fixture.base) : undefined;
  const layout = mkdtempSync(path.join(tmpdir(), 'mab-bench-layout-'));
  await runs.export(fixture, layout);
  const { layers } = auditedLayers(layout, base);
  describeFixture({ fixture, layout, floor: await timeFloor(layers), base, pushedDigest: warm.digest });
  rmSync(layout, { recursive: true, force: true });
  return base;
}

async function benchRound(fixture, base, results) {
  await attempt(results, 'bare', () => runs.bare(fixture));
  if (fixture.runs.includes('pr')) await attempt(results, 'bareBuild', () => runs.bareBuild(fixture));
  // The export the old push path made, then the floor read from it right away (in the page cache).
  const layout = mkdtempSync(path.join(tmpdir(), 'mab-bench-layout-'));
  if (await attempt(results, 'export', () => runs.export(fixture, layout)))
    await attempt(results, 'floor', () => timeFloor(auditedLayers(layout, base).layers));
  rmSync(layout, { recursive: true, force: true });
  if (chain.actions) await attempt(results, 'chain', () => runs.chain(fixture));
  for (const run of fixture.runs) await attempt(results, run, () => runs.action(fixture, run));
}

async function benchFixture(fixture) {
  console.log(`\n== ${fixture.name}: ${fixture.platforms}; context ${fixture.context}`);
  console.log(`load average at start: ${loadLine()}`);
  const base = await warmUp(fixture);
  const results = { bare: [], bareBuild: [], export: [], floor: [], chain: [], failed: {} };
  for (const run of fixture.runs) results[run] = [];
  const loads = [];
  for (let round = 1; round <= rounds; round++) {
    if (elapsed(benchStarted) > BUDGET_MS) {
      console.log(`the bench's time budget (${BUDGET_MS / 60_000} min) is spent: no round ${round}`);
      break;
    }
    const load = { start: load1() };
    await benchRound(fixture, base, results);
    load.end = load1();
    loads.push(load.start, load.end);
    console.log(roundLine(round, fixture, results, load));
  }
  summarise({ fixture, results, loads, rounds, chain });
  console.log(`load average now: ${loadLine()}`);
}

console.log(
  `node ${process.version} (${process.execPath}); ${rounds} round(s); fixtures: ${fixtures.map((f) => f.key).join(', ')}`
);
console.log(`load average at start: ${loadLine()}`);
console.log(
  chain.actions
    ? `docker's chain: ${chain.actions.map((action) => `${action.name} ${action.tag}`).join(', ')} (from .bench/chain)`
    : `docker's chain: not measured (${chain.missing})`
);
for (const fixture of fixtures)
  try {
    await benchFixture(fixture);
  } catch (error) {
    console.log(`!! ${fixture.name}: not measured: ${String(error?.message ?? error).slice(-4000)}`);
    process.exitCode = 1;
  }
if (named.includes('fresh')) await benchFreshRunner(rounds);
if (named.includes('fresh-big')) await benchFreshBig(rounds, bareConfig);
const colds = Array.from({ length: 5 }, coldStart);
console.log('');
console.log(`cold start of dist/ (node start to first command), median of 5: ${ms(median(colds))}`);
console.log(`bundle size: dist/index.js ${(statSync(distEntry).size / 1024).toFixed(0)} KiB`);
console.log(
  "goals (issue 22): big image: this action's overhead over the bare push <= 0.6 s, chain >= 2x this action; cached example: overhead <= 0.4 s, chain >= 3x; audit <= 1.3x its floor; fresh runner, big image: <= 1.3x the bare push"
);
console.log('goal (issue 23): cached example, pull request path over the bare build that pushes nothing <= 0.4 s');
console.log(`bench took ${seconds(elapsed(benchStarted))}; load average at end: ${loadLine()}`);
await runs.cleanUp();
rmSync(bareConfig, { recursive: true, force: true });
