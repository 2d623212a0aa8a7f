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
// Each fixture also runs docker's chain (setup-buildx-action + build-push-action, scripts/bench-chain.mjs)
// side by side, and prints one table: medians, ranges, overheads over the bare push in seconds and ratios.
// The big image changes one small file before every build (scripts/bench-fixtures.mjs).
// Bounded: every command has a time limit (MAB_BENCH_COMMAND_MINUTES, default 10), a failed run is
// counted and the round goes on, and no new round starts after MAB_BENCH_BUDGET_MINUTES (default 90).
// Usage: bench.mjs [rounds] [example] [python] [big] [fresh] [fresh-big]   (default: 5 rounds, every fixture)
// fresh, fresh-big: the fresh-runner benchmarks of the cache input, the small app and the big image
// (scripts/bench-fresh.mjs); they empty the
// daemon's build cache, so it runs only when named.
// Runs on the node that runs this script (scripts/bench.sh picks the one action.yml declares).
// Figures only: nothing here asserts time.
import { spawn, spawnSync } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
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

import { distEntry, inputEnv, runAction } from './run-action.mjs';
import { benchFreshBig, benchFreshRunner, readEnvFile } from './bench-fresh.mjs';
import { chainActions, timeChain } from './bench-chain.mjs';
import { bigFixture, bigLayers, ensureEmulators } from './bench-fixtures.mjs';
import {
  auditAgainstFloor,
  auditedLayers,
  auditFigures,
  baseLayers,
  describeFixture,
  phaseTimings,
  timeFloor,
  useDockerConfig
} from './bench-audit.mjs';
import { compare, median, ms, overheadGoal, seconds, sideBySide } from './bench-table.mjs';

const fixtureKeys = ['example', 'python', 'big'];
// Benchmarks that run only when named.
const namedOnly = ['fresh', 'fresh-big'];
const cli = process.argv.slice(2);
const unknown = cli.filter((arg) => !/^\d+$/.test(arg) && !fixtureKeys.includes(arg) && !namedOnly.includes(arg));
const wantsFresh = cli.includes('fresh');
const wantsFreshBig = cli.includes('fresh-big');
if (unknown.length > 0) {
  console.error(
    `unknown argument(s) ${unknown.join(', ')}; usage: bench.mjs [rounds] [${[...fixtureKeys, ...namedOnly].join('] [')}]`
  );
  process.exit(2);
}
const rounds = Number(cli.find((arg) => /^\d+$/.test(arg)) ?? 5);
const picked = cli.filter((arg) => fixtureKeys.includes(arg));
const COMMAND_MS = Number(process.env.MAB_BENCH_COMMAND_MINUTES ?? 10) * 60_000;
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
    name: `big image (${bigLayers} root filesystems ADDed per platform on the python3 base, one small file changed per build)`,
    context: undefined,
    repository: 'bench/big-app',
    platforms: 'linux/amd64,linux/arm64',
    base: python.MAB_FIXTURE_PYTHON_BASE,
    runs: ['fresh', 'no-checks']
  }
};
const chain = chainActions();
const benchStarted = process.hrtime.bigint();
const chosen =
  picked.length > 0
    ? fixtureKeys.filter((key) => picked.includes(key))
    : wantsFresh || wantsFreshBig
      ? []
      : fixtureKeys;
const fixtures = chosen.map((key) => ({
  key,
  ...allFixtures[key],
  ...(key === 'big' ? bigFixture(python) : {}),
  reference: `${env.MAB_REGISTRY}/${allFixtures[key].repository}:latest`
}));

const bareConfig = mkdtempSync(path.join(tmpdir(), 'mab-bench-bare-'));
spawnSync('docker', ['login', env.MAB_REGISTRY, '-u', env.MAB_REGISTRY_USER, '--password-stdin'], {
  input: env.MAB_REGISTRY_PASSWORD,
  env: { ...process.env, DOCKER_CONFIG: bareConfig }
});
const dockerEnv = { ...process.env, DOCKER_CONFIG: bareConfig };
useDockerConfig(bareConfig);
const elapsed = (started) => Number(process.hrtime.bigint() - started) / 1e6;

/** Runs a docker command with the bare config; resolves to its time in ms, rejects with its stderr. */
function timeDocker(args, what) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('docker', args, { env: dockerEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(elapsed(started));
      else reject(new Error(`${what} failed (exit ${code ?? 'killed at the time limit'}):\n${stderr.slice(-4000)}`));
    });
  });
}

function timeBare(fixture) {
  fixture.touch?.();
  const added = ensureEmulators(fixture.platforms);
  if (added.length > 0)
    console.log(`(registered the QEMU emulator(s) ${added.join(', ')}: something had removed them)`);
  const args = ['buildx', 'build', '--platform', fixture.platforms, '--tag', fixture.reference, '--network', 'host'];
  args.push('--metadata-file', path.join(bareConfig, 'metadata.json'));
  args.push('--output', `type=image,name=${fixture.reference},push=true`, fixture.context);
  return timeDocker(args, `bare build of ${fixture.name}`);
}

/** The same build exported as an OCI layout, as the action's build step does it (its provenance too). */
function timeExport(fixture, dest) {
  fixture.touch?.();
  const args = ['buildx', 'build', '--platform', fixture.platforms, '--tag', fixture.reference, '--network', 'host'];
  args.push('--provenance=mode=min', '--output', `type=oci,tar=false,dest=${dest}`, fixture.context);
  return timeDocker(args, `OCI layout export of ${fixture.name}`);
}

// A self-hosted runner keeps its tool cache between jobs; a GitHub-hosted one starts empty.
const persistentToolCache = mkdtempSync(path.join(tmpdir(), 'mab-bench-toolcache-'));
// Phases that are the build, the push or a check; the rest of main is the action's own time.
const notOwn = new Set(['Base images', 'Build', 'Push', 'Checks', 'Promote']);

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
  let timer;
  options.onMainSpawn = (child) => (timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_MS));
  fixture.touch?.();
  const started = process.hrtime.bigint();
  const result = await runAction(inputs, options);
  const total = elapsed(started);
  clearTimeout(timer);
  if (result.main.code !== 0 || result.post?.code !== 0) {
    console.log(`\n!! the action failed on ${fixture.name} (${variant}): main exit ${result.main.code}`);
    console.log(`--- main stdout ---\n${result.main.stdout}\n--- main stderr ---\n${result.main.stderr}`);
    if (result.post)
      console.log(`--- post (exit ${result.post.code}) ---\n${result.post.stdout}\n${result.post.stderr}`);
    rmSync(result.dir, { recursive: true, force: true });
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

/** The 1-minute load average, and the whole /proc/loadavg line. */
const load1 = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const loadLine = () => readFileSync('/proc/loadavg', 'utf8').trim();

/** Docker's chain on this fixture: setup-buildx-action + build-push-action, main and post steps. */
function timeChainRun(fixture) {
  fixture.touch?.();
  return timeChain(chain.actions, {
    context: fixture.context,
    platforms: fixture.platforms,
    reference: fixture.reference,
    dockerConfig: bareConfig,
    timeoutMs: COMMAND_MS
  });
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
  await timeBare(fixture);
  if (chain.actions) await timeChainRun(fixture);
  const warm = await timeAction(fixture, fixture.runs.includes('kept') ? 'kept' : 'fresh');
  const base = fixture.base ? baseLayers(fixture.base) : undefined;
  const layout = mkdtempSync(path.join(tmpdir(), 'mab-bench-layout-'));
  await timeExport(fixture, layout);
  const { layers } = auditedLayers(layout, base);
  describeFixture(fixture, layout, await timeFloor(layers), base, warm.digest);
  rmSync(layout, { recursive: true, force: true });
  return base;
}

async function benchRound(fixture, base, results) {
  await attempt(results, 'bare', () => timeBare(fixture));
  // The export the action's build step makes, then the floor read from it right away (in the
  // page cache, as the action's audit finds its layout).
  const layout = mkdtempSync(path.join(tmpdir(), 'mab-bench-layout-'));
  if (await attempt(results, 'export', () => timeExport(fixture, layout)))
    await attempt(results, 'floor', () => timeFloor(auditedLayers(layout, base).layers));
  rmSync(layout, { recursive: true, force: true });
  if (chain.actions) await attempt(results, 'chain', () => timeChainRun(fixture));
  for (const run of fixture.runs) await attempt(results, run, () => timeAction(fixture, run));
}

async function benchFixture(fixture) {
  console.log(`\n== ${fixture.name}: ${fixture.platforms}; context ${fixture.context}`);
  console.log(`load average at start: ${loadLine()}`);
  const base = await warmUp(fixture);
  const results = {
    bare: [],
    export: [],
    floor: [],
    chain: [],
    failed: {},
    ...Object.fromEntries(fixture.runs.map((run) => [run, []]))
  };
  const loads = [];
  for (let round = 1; round <= rounds; round++) {
    if (elapsed(benchStarted) > BUDGET_MS) {
      console.log(`the bench's time budget (${BUDGET_MS / 60_000} min) is spent: no round ${round}`);
      break;
    }
    const loadStart = load1();
    await benchRound(fixture, base, results);
    const loadEnd = load1();
    loads.push(loadStart, loadEnd);
    const last = (key) => (results[key].length > 0 ? results[key].at(-1) : undefined);
    const show = (entry) =>
      entry === undefined
        ? 'failed'
        : `${ms(entry.total)} (main ${ms(entry.main)}, own ${ms(entry.own)}, post ${ms(entry.post)}${entry.audit === undefined ? '' : `, audit ${ms(entry.audit)}`})`;
    const runs = fixture.runs.map((run) => `${run} ${show(last(run))}`).join(', ');
    console.log(
      `round ${round} (load ${loadStart.toFixed(2)} -> ${loadEnd.toFixed(2)}): bare ${ms(last('bare'))}, export ${ms(last('export'))}, floor ${ms(last('floor')?.ms)}, chain ${ms(last('chain')?.total)}, ${runs}`
    );
  }
  summarise(fixture, results, loads);
}

const labels = { fresh: 'b', 'no-checks': 'c', kept: "b'" };

function summarise(fixture, results, loads) {
  const of = (runs, key) => median(runs.map((entry) => entry[key]));
  const describe = (runs) =>
    `main ${seconds(of(runs, 'main'))}, checks ${seconds(of(runs, 'checks'))}, main's own ${ms(of(runs, 'own'))}, post ${ms(of(runs, 'post'))}`;
  console.log(`-- ${fixture.name}, ${fixture.platforms}, ${rounds} round(s)`);
  const rows = [
    { key: 'bare', bare: true, label: 'bare docker buildx build … push=true (a)', times: results.bare },
    {
      key: 'chain',
      label: `docker's chain: setup-buildx ${chain.actions?.[0].tag ?? ''} + build-push ${chain.actions?.[1].tag ?? ''}`,
      times: results.chain.map((entry) => entry.total),
      why: chain.missing
    },
    ...fixture.runs.map((run) => ({
      key: run,
      label: `this action, ${variants[run].label} (${labels[run]})`,
      times: results[run].map((entry) => entry.total)
    })),
    { key: 'export', label: 'bare docker buildx build … type=oci,tar=false', times: results.export }
  ].map((row) => ({ ...row, failed: results.failed[row.key] }));
  const { lines, figures } = sideBySide(rows);
  for (const line of lines) console.log(line);
  const action = figures.fresh?.median;
  const chainGoal = { example: 3, big: 2 }[fixture.key];
  const overheadLimit = { example: 0.4, big: 0.6 }[fixture.key];
  console.log(compare("docker's chain / this action (all checks)", figures.chain?.median, action, chainGoal));
  if (overheadLimit !== undefined)
    console.log(overheadGoal('this action (all checks) over the bare push', figures.fresh?.over, overheadLimit));
  for (const run of fixture.runs.filter((name) => results[name].length > 0))
    console.log(`this action (${labels[run]}), medians: ${describe(results[run])}`);
  for (const run of fixture.runs.filter((name) => name !== 'kept' && results[name].length > 0)) {
    const phases = Object.keys(results[run][0].phases);
    const median_ = (name) => median(results[run].map((entry) => entry.phases[name] ?? 0));
    console.log(`phases (${labels[run]}): ${phases.map((name) => `${name} ${ms(median_(name))}`).join(', ')}`);
  }
  if (results.chain.length > 0) {
    const names = results.chain[0].steps.map((step) => step.name);
    const stepMedian = (index) => median(results.chain.map((entry) => entry.steps[index].ms));
    console.log(`chain steps, medians: ${names.map((name, index) => `${name} ${ms(stepMedian(index))}`).join(', ')}`);
  }
  if (results.fresh.length > 0 && results.floor.length > 0) auditAgainstFloor(results);
  const sorted = [...loads].sort((x, y) => x - y);
  if (loads.length > 0)
    console.log(
      `load average (1 min) over the rounds: first ${loads[0].toFixed(2)}, last ${loads.at(-1).toFixed(2)}, max ${sorted.at(-1).toFixed(2)}; now ${loadLine()}`
    );
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
if (wantsFresh) await benchFreshRunner(rounds);
if (wantsFreshBig) await benchFreshBig(rounds, bareConfig);
const colds = Array.from({ length: 5 }, coldStart);
console.log('');
console.log(`cold start of dist/ (node start to first command), median of 5: ${ms(median(colds))}`);
console.log(`bundle size: dist/index.js ${(statSync(distEntry).size / 1024).toFixed(0)} KiB`);
console.log(
  "targets (issue 8): post <= 80 ms, main's own <= 150 ms; (issue 9) checks <= 0.3 s, b/a <= 1.5 on the Python app"
);
console.log(
  "goals (issue 22): big image: this action's overhead over the bare push <= 0.6 s, chain >= 2x this action; cached example: overhead <= 0.4 s, chain >= 3x; audit <= 1.3x its floor; fresh runner, big image: <= 1.3x the bare push"
);
console.log(`bench took ${seconds(elapsed(benchStarted))}; load average at end: ${loadLine()}`);
rmSync(bareConfig, { recursive: true, force: true });
rmSync(persistentToolCache, { recursive: true, force: true });
