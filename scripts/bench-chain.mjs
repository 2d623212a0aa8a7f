// docker's chain for the benchmark: docker/setup-buildx-action then docker/build-push-action, their
// main steps then their post steps in reverse order, run the way the Actions runner runs them (INPUT_*
// from each action.yml's defaults, GITHUB_STATE/OUTPUT/ENV files, STATE_* for post), offline, with the
// docker driver. Their code is not in this repository: each action's action.yml and committed dist/
// are taken from its newest release tag in a git mirror of its repository (MAB_CHAIN_MIRRORS, default
// /work/.mirror, laid out as <owner>+<name>/repo) into .bench/chain/ (gitignored), once. With the
// GitHub addresses on a closed loopback port the chain takes itself for GHES and skips its build
// summary (buildx 0.13 could not export one anyway): on github.com it would do more, not less.
import { spawn, spawnSync } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseFileCommands } from './run-action.mjs';

const CHAIN = ['docker/setup-buildx-action', 'docker/build-push-action'];
/** Every address an action could call out to: a closed loopback port, so nothing leaves the machine. */
const NOWHERE = 'http://127.0.0.1:9';

/** The action's files at its newest release tag, from the mirror; the tag, or why there is none. */
function extract(repository, into) {
  const mirror = path.join(process.env.MAB_CHAIN_MIRRORS ?? '/work/.mirror', repository.replace('/', '+'), 'repo');
  if (!existsSync(mirror)) return { missing: `no git mirror of ${repository} at ${mirror}` };
  const git = (...args) => spawnSync('git', [`--git-dir=${mirror}`, ...args], { encoding: 'utf8' });
  const tag = git('tag', '--sort=-v:refname')
    .stdout.split('\n')
    .find((name) => /^v\d+\.\d+\.\d+$/.test(name));
  if (!tag) return { missing: `no release tag in ${mirror}` };
  mkdirSync(into, { recursive: true });
  // Only what runs: a mirror may lack the big source maps.
  const { runs } = parse(git('show', `${tag}:action.yml`).stdout);
  const entries = [...new Set([runs.main, runs.post].filter(Boolean))];
  const archive = spawnSync('git', [`--git-dir=${mirror}`, 'archive', tag, 'action.yml', ...entries], {
    maxBuffer: 256 * 1024 * 1024
  });
  if (archive.status !== 0) return { missing: `git archive ${tag} of ${repository} failed: ${archive.stderr}` };
  const untar = spawnSync('tar', ['-x', '-C', into], { input: archive.stdout });
  if (untar.status !== 0) return { missing: `extracting ${repository} ${tag} failed: ${untar.stderr}` };
  writeFileSync(path.join(into, 'TAG'), tag);
  return { tag };
}

/** The chain's two actions ({ name, tag, dir, main, post, defaults }), or the reason they are missing. */
export function chainActions() {
  const actions = [];
  for (const repository of CHAIN) {
    const dir = path.resolve('.bench', 'chain', repository.replace('/', '+'));
    if (!existsSync(path.join(dir, 'TAG'))) {
      const { missing } = extract(repository, dir);
      if (missing) return { missing };
    }
    const { runs, inputs = {} } = parse(readFileSync(path.join(dir, 'action.yml'), 'utf8'));
    actions.push({
      name: repository,
      tag: readFileSync(path.join(dir, 'TAG'), 'utf8').trim(),
      main: path.join(dir, runs.main),
      post: runs.post ? path.join(dir, runs.post) : undefined,
      // A default the runner would evaluate (`${{ github.token }}`) is empty here: there is no token offline.
      defaults: Object.fromEntries(
        Object.entries(inputs).map(([name, input]) => {
          const value = String(input.default ?? '');
          return [name, value.includes('${{') ? '' : value];
        })
      )
    });
  }
  return { actions };
}

function runNode(entry, env, timeoutMs) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, output, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}

const inputVariables = (inputs) =>
  Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, String(value)]));

/** The job's variables as the runner sets them, offline: every GitHub address on a closed port. */
function jobEnv(dir, event, dockerConfig) {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(INPUT|STATE)_/.test(key))),
    DOCKER_CONFIG: dockerConfig,
    RUNNER_TEMP: dir,
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: path.resolve('.'),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '4242',
    GITHUB_JOB: 'build',
    GITHUB_SERVER_URL: NOWHERE,
    GITHUB_API_URL: NOWHERE,
    GITHUB_GRAPHQL_URL: NOWHERE,
    ACTIONS_RUNTIME_URL: NOWHERE,
    ACTIONS_CACHE_URL: NOWHERE,
    ACTIONS_RESULTS_URL: NOWHERE
  };
}

/**
 * One job of docker's chain: setup-buildx main, build-push main, build-push post, setup-buildx post.
 * `dockerConfig` holds the registry login (login-action's part, not timed). Resolves to the total ms
 * and each step's ms; throws with the step's output when a step fails.
 */
export async function timeChain(actions, { context, platforms, reference, dockerConfig, timeoutMs = 600_000 }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-bench-chain-'));
  const event = path.join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ repository: { private: true } }));
  const job = jobEnv(dir, event, dockerConfig);
  const withs = {
    'docker/setup-buildx-action': { driver: 'docker' },
    'docker/build-push-action': { context, platforms, tags: reference, push: 'true', network: 'host' }
  };
  const saved = new Map();
  const steps = [];
  let exported = {};
  const step = async (action, phase) => {
    const files = Object.fromEntries(
      ['GITHUB_STATE', 'GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'].map((name) => {
        const file = path.join(dir, `${steps.length}-${name.toLowerCase()}`);
        writeFileSync(file, '');
        return [name, file];
      })
    );
    const state =
      phase === 'post'
        ? Object.fromEntries(Object.entries(saved.get(action.name) ?? {}).map(([k, v]) => [`STATE_${k}`, v]))
        : {};
    const env = {
      ...job,
      ...exported,
      ...inputVariables({ ...action.defaults, ...withs[action.name] }),
      ...state,
      ...files
    };
    const result = await runNode(phase === 'post' ? action.post : action.main, env, timeoutMs);
    if (result.code !== 0) throw new Error(`${action.name} ${phase} failed (exit ${result.code}):\n${result.output}`);
    if (phase === 'main') saved.set(action.name, parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')));
    exported = { ...exported, ...parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')) };
    steps.push({ name: `${action.name} ${phase}`, ms: result.ms });
  };
  const started = process.hrtime.bigint();
  try {
    for (const action of actions) await step(action, 'main');
    for (const action of [...actions].reverse()) if (action.post) await step(action, 'post');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { total: Number(process.hrtime.bigint() - started) / 1e6, steps };
}
