#!/usr/bin/env node
// Alternates (a) the bare `docker buildx build` the action would run and (b) the bundled action run
// the way the runner runs it (main + post, INPUT_* and state files) on a cached 3-platform build of
// the example against the local registry. Prints medians, the ratio b/a, the cold start of dist/
// (node start to the first command) and the bundle size. Figures only: nothing here asserts time.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { distEntry, inputEnv, runAction } from './run-action.mjs';

const rounds = Number(process.argv[2] ?? 5);
const env = Object.fromEntries(
  readFileSync('/var/lib/mab-test/env', 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
);
for (const name of readdirSync(env.MAB_BUSYBOX_DIR))
  copyFileSync(path.join(env.MAB_BUSYBOX_DIR, name), path.join('example', name));
const platforms = 'linux/amd64,linux/arm64,linux/arm/v7';
const reference = `${env.MAB_REGISTRY}/bench/hello-arch:latest`;
const inputs = {
  context: 'example',
  platforms,
  tags: reference,
  registry: env.MAB_REGISTRY,
  username: env.MAB_REGISTRY_USER,
  password: env.MAB_REGISTRY_PASSWORD,
  driver: 'docker',
  network: 'host'
};

const bareConfig = mkdtempSync(path.join(tmpdir(), 'mab-bench-bare-'));
spawnSync('docker', ['login', env.MAB_REGISTRY, '-u', env.MAB_REGISTRY_USER, '--password-stdin'], {
  input: env.MAB_REGISTRY_PASSWORD,
  env: { ...process.env, DOCKER_CONFIG: bareConfig }
});
const bareArgs = [
  'buildx',
  'build',
  '--platform',
  platforms,
  '--tag',
  reference,
  '--network',
  'host',
  '--metadata-file',
  path.join(bareConfig, 'metadata.json'),
  '--output',
  `type=image,name=${reference},push=true`,
  'example'
];

function timeBare() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('docker', bareArgs, {
      env: { ...process.env, DOCKER_CONFIG: bareConfig },
      stdio: ['ignore', 'ignore', 'pipe']
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) =>
      code === 0
        ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
        : reject(new Error(`bare build failed: ${stderr}`))
    );
  });
}

// A self-hosted runner keeps its tool cache between jobs; a GitHub-hosted one starts empty.
const persistentToolCache = mkdtempSync(path.join(tmpdir(), 'mab-bench-toolcache-'));

async function timeAction(keepToolCache) {
  const started = process.hrtime.bigint();
  const result = await runAction(inputs, keepToolCache ? { env: { RUNNER_TOOL_CACHE: persistentToolCache } } : {});
  const total = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.main.code !== 0 || result.post?.code !== 0)
    throw new Error(`action failed:\n${result.main.stdout}\n${result.main.stderr}`);
  return { total, main: result.main.ms, post: result.post.ms };
}

/** Node start to the first command the bundle runs, through a `docker` on PATH that notes the time and stops. */
function coldStart() {
  const shimDir = mkdtempSync(path.join(tmpdir(), 'mab-bench-shim-'));
  const stamp = path.join(shimDir, 'first-command');
  writeFileSync(path.join(shimDir, 'docker'), `#!/bin/sh\n[ -f ${stamp} ] || date +%s%N > ${stamp}\nexit 1\n`);
  chmodSync(path.join(shimDir, 'docker'), 0o755);
  const runner = mkdtempSync(path.join(tmpdir(), 'mab-bench-cold-'));
  for (const file of ['state', 'output']) writeFileSync(path.join(runner, file), '');
  const started = process.hrtime.bigint();
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
        tags: reference,
        driver: 'docker',
        push: 'false',
        qemu: 'false',
        'platform-check': 'off'
      })
    }
  });
  void started;
  return Number(BigInt(readFileSync(stamp, 'utf8').trim()) - startedNs) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`warming the build cache (one bare build, one action run)...`);
await timeBare();
await timeAction(true);
const bare = [];
const fresh = [];
const kept = [];
for (let round = 1; round <= rounds; round++) {
  bare.push(await timeBare());
  fresh.push(await timeAction(false));
  kept.push(await timeAction(true));
  const show = (entry) => `${entry.total.toFixed(0)} ms (main ${entry.main.toFixed(0)}, post ${entry.post.toFixed(0)})`;
  console.log(
    `round ${round}: bare ${bare.at(-1).toFixed(0)} ms, action ${show(fresh.at(-1))}, action with a kept tool cache ${show(kept.at(-1))}`
  );
}
const colds = Array.from({ length: 5 }, coldStart);
const a = median(bare);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const describe = (runs) =>
  `${seconds(median(runs.map((e) => e.total)))} (main ${seconds(median(runs.map((e) => e.main)))}, post ${seconds(median(runs.map((e) => e.post)))})`;
console.log('');
console.log(`bare docker buildx build (a), median of ${rounds}: ${seconds(a)}`);
console.log(`bundled action main+post, empty tool cache (b), median of ${rounds}: ${describe(fresh)}`);
console.log(`bundled action main+post, kept tool cache (b'), median of ${rounds}: ${describe(kept)}`);
console.log(
  `ratio b/a: ${(median(fresh.map((e) => e.total)) / a).toFixed(2)}, b'/a: ${(median(kept.map((e) => e.total)) / a).toFixed(2)} (goal <= 1.25)`
);
console.log(`cold start of dist/ (node start to first command), median of 5: ${median(colds).toFixed(0)} ms`);
console.log(`bundle size: dist/index.js ${(statSync(distEntry).size / 1024).toFixed(0)} KiB`);
