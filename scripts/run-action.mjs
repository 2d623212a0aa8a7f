#!/usr/bin/env node
// Runs the bundled action the way the Actions runner does: INPUT_* variables and GITHUB_STATE /
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV files for main, then the post step with STATE_*
// taken from what main saved and the variables main exported (GITHUB_ENV, which the runner applies to
// every later step). Used by the example, the integration tests and the benchmark.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distEntry = path.join(projectRoot, 'dist', 'index.js');

/** Parses the runner's file-command format: `name<<DELIM\nvalue\nDELIM` or `name=value` lines. */
export function parseFileCommands(text) {
  const values = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body = [];
      for (index++; index < lines.length && lines[index] !== delimiter; index++) body.push(lines[index]);
      values[name] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function runNode(env, { onSpawn, echo } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [distEntry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (echo) process.stderr.write(chunk);
    });
    child.on('close', (code, signal) =>
      resolve({ code: code ?? 128, signal, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 })
    );
  });
}

/** action.yml's inputs and their defaults ('' when none is given). */
export function actionDefaults() {
  const { inputs } = parse(readFileSync(path.join(projectRoot, 'action.yml'), 'utf8'));
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, String(input.default ?? '')]));
}

/** INPUT_* variables as the runner sets them: the step's inputs, and action.yml's default for each one left out. */
export function inputEnv(inputs) {
  const env = {};
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs }))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(value);
  return env;
}

/** The variables a step exported: its GITHUB_ENV file, read as the runner reads it. */
function exportedBy(file) {
  return existsSync(file) ? parseFileCommands(readFileSync(file, 'utf8')) : {};
}

/**
 * Runs main then post. `inputs` are the step's `with:`; `env` adds variables (GITHUB_*, ...).
 * `afterMain(env)` runs between them as a later step of the job would, with the environment the
 * runner would give it (the job's variables and what main exported, no INPUT_*).
 * Returns both processes' results, the outputs, the saved state, the job summary, what main
 * exported (`exported`) and the job's variables after the post step (`jobEnvAfterPost`).
 */
export async function runAction(
  inputs,
  { env = {}, workdir, echo = false, onMainSpawn, skipPost = false, afterMain } = {}
) {
  const dir = workdir ?? mkdtempSync(path.join(tmpdir(), 'mab-run-'));
  const files = {
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path')
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const baseEnv = {
    ...process.env,
    RUNNER_TEMP: dir,
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: process.env.GITHUB_RUN_ID ?? '4242',
    GITHUB_JOB: 'build',
    ...files,
    ...env
  };
  for (const key of Object.keys(baseEnv)) if (key.startsWith('INPUT_') || key.startsWith('STATE_')) delete baseEnv[key];
  const stepEnv = { ...baseEnv, ...inputEnv(inputs) };
  const main = await runNode(stepEnv, { onSpawn: onMainSpawn, echo });
  const state = parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8'));
  const outputs = parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
  // The runner applies a step's GITHUB_ENV to every step after it, the post steps included.
  const exported = exportedBy(files.GITHUB_ENV);
  await afterMain?.({ ...baseEnv, ...exported });
  let post;
  let jobEnvAfterPost = { ...baseEnv, ...exported };
  if (!skipPost) {
    const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
    // Each step gets a GITHUB_ENV file of its own.
    const postEnvFile = path.join(dir, 'env-post');
    writeFileSync(postEnvFile, '');
    post = await runNode({ ...stepEnv, ...exported, ...stateEnv, GITHUB_ENV: postEnvFile }, { echo });
    jobEnvAfterPost = { ...jobEnvAfterPost, ...exportedBy(postEnvFile) };
  }
  const summary = existsSync(files.GITHUB_STEP_SUMMARY) ? readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') : '';
  return { main, post, outputs, state, summary, dir, env: stepEnv, exported, jobEnvAfterPost };
}

// CLI: node scripts/run-action.mjs '{"platforms":"linux/amd64",...}'
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const inputs = JSON.parse(process.argv[2] ?? '{}');
  const result = await runAction(inputs, { echo: true });
  console.log('\n--- outputs ---');
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value}`);
  console.log(
    `--- main exit ${result.main.code} (${Math.round(result.main.ms)} ms), post exit ${result.post?.code} (${Math.round(result.post?.ms ?? 0)} ms)`
  );
  process.exitCode = result.main.code || result.post?.code || 0;
}
