// The timed runs of one fixture: the bare push, the bare build that pushes nothing, the same build
// exported as an OCI layout, docker's chain, and the bundled action run as the runner runs it (main +
// post) in its variants: every check with an empty or a kept tool cache, no checks, and the
// pull-request path (a pull_request event: push nothing, every check). Each returns its time in ms
// (the action's runs more); a failure rejects with the command's output.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { runAction } from './run-action.mjs';
import { timeChain } from './bench-chain.mjs';
import { ensureEmulators } from './bench-fixtures.mjs';
import { auditFigures, phaseTimings } from './bench-audit.mjs';
import { actionSegments, bareSegments, contextSent, stampLines } from './bench-phases.mjs';
import { COMMAND_MS, elapsed } from './bench-machine.mjs';
import { sharedCacheEnv, stopSharedCache } from './bench-shared-cache.mjs';

/** A pull_request event for the pull-request path: GITHUB_* variables and the payload's file. */
function pullRequestEnv(dir) {
  const eventPath = path.join(dir, 'pull-request-event.json');
  const payload = { number: 7, pull_request: { number: 7 }, repository: { default_branch: 'main', name: 'app' } };
  writeFileSync(eventPath, JSON.stringify(payload));
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_SHA: '7'.repeat(40),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: eventPath
  };
}

/** The action's variants: what the table calls them, their inputs and how the runner is set up. */
export const variants = {
  fresh: { label: 'all checks at their defaults, empty tool cache', short: 'b', inputs: {} },
  'no-checks': {
    label: "no checks (verify 'false', arch-audit 'off')",
    short: 'c',
    inputs: { verify: 'false', 'arch-audit': 'off' }
  },
  kept: { label: 'all checks at their defaults, kept tool cache', short: "b'", inputs: {}, keep: true },
  pr: { label: 'pull request: push nothing, every check', short: 'p', inputs: {}, pullRequest: true },
  // arch-audit-cache: auto on a hosted runner: an empty scan cache, the scans of earlier runs restored.
  shared: {
    label: 'every check, empty tool cache, scans restored from the Actions cache (loopback fake)',
    short: 'm',
    inputs: { 'arch-audit-cache': 'auto' },
    sharedCache: true
  },
  // A pull request as a hosted runner runs it by default: (p) with the scans of earlier runs restored.
  'pr-shared': {
    label: 'pull request, every check, scans restored from the Actions cache (loopback fake)',
    short: 'pm',
    inputs: { 'arch-audit-cache': 'auto' },
    pullRequest: true,
    sharedCache: true
  }
};

/**
 * The runs, bound to the registry login (`env`, the test environment's), the bare commands' Docker
 * config (`dockerConfig`, logged in) and docker's chain (`chain`, from chainActions()).
 */
export function fixtureRuns({ env, dockerConfig, chain }) {
  const work = mkdtempSync(path.join(tmpdir(), 'mab-bench-runs-'));
  // A self-hosted runner keeps its tool cache between jobs; a GitHub-hosted one starts empty.
  const keptToolCache = path.join(work, 'tool-cache');
  const pullRequest = pullRequestEnv(work);
  const dockerEnv = { ...process.env, DOCKER_CONFIG: dockerConfig };

  /** A docker command with the bare config: its time in ms and its stderr's stamped lines. */
  const timeDocker = (args, what) =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn('docker', args, { env: dockerEnv, stdio: ['ignore', 'ignore', 'pipe'] });
      const lines = stampLines(child.stderr, started);
      const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_MS);
      child.on('close', (code) => {
        clearTimeout(timer);
        const stderr = lines.map((line) => line.text).join('\n');
        if (code === 0) resolve({ ms: elapsed(started), lines });
        else reject(new Error(`${what} failed (exit ${code ?? 'killed at the time limit'}):\n${stderr.slice(-4000)}`));
      });
    });

  const buildArgs = (fixture) => {
    fixture.touch?.();
    const added = ensureEmulators(fixture.platforms);
    if (added.length > 0)
      console.log(`(registered the QEMU emulator(s) ${added.join(', ')}: something had removed them)`);
    return ['buildx', 'build', '--progress', 'plain', '--platform', fixture.platforms, '--network', 'host'];
  };

  return {
    /** The bare `docker buildx build … push=true`: its ms and its cut into segments. */
    async bare(fixture) {
      const args = [...buildArgs(fixture), '--tag', fixture.reference];
      args.push('--output', `type=image,name=${fixture.reference},push=true`, fixture.context);
      const { ms, lines } = await timeDocker(args, `bare build of ${fixture.name}`);
      return { ms, segments: bareSegments(lines, ms), contextMB: contextSent(lines) };
    },
    /** The bare build that pushes nothing (its result stays in the build cache), as a pull request builds. */
    async bareBuild(fixture) {
      const args = [...buildArgs(fixture), fixture.context];
      return (await timeDocker(args, `bare build (no push) of ${fixture.name}`)).ms;
    },
    /** The same build exported into a fresh OCI layout (its provenance too): the old push path's build. */
    async export(fixture, dest) {
      const args = [...buildArgs(fixture), '--tag', fixture.reference, '--provenance=mode=min'];
      args.push('--output', `type=oci,tar=false,dest=${dest}`, fixture.context);
      return (await timeDocker(args, `OCI layout export of ${fixture.name}`)).ms;
    },
    /** Docker's chain: setup-buildx-action + build-push-action, main and post steps. */
    chain(fixture) {
      fixture.touch?.();
      const { context, platforms, reference } = fixture;
      return timeChain(chain.actions, { context, platforms, reference, dockerConfig, timeoutMs: COMMAND_MS });
    },
    action: (fixture, variant) => timeAction({ env, fixture, variant, keptToolCache, pullRequest }),
    cleanUp: () => {
      rmSync(work, { recursive: true, force: true });
      return stopSharedCache();
    }
  };
}

/** With MAB_BENCH_LOG_DIR set, each run's main and post output goes there, one file per fixture and variant (the last run's). */
function keepLog(fixture, variant, result) {
  const dir = process.env.MAB_BENCH_LOG_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const post = result.post ? `\n--- post ---\n${result.post.stdout}${result.post.stderr}` : '';
  writeFileSync(path.join(dir, `${fixture.name}-${variant}.log`), `${result.main.stdout}${result.main.stderr}${post}`);
}

/** One run of the bundled action (main + post) in `variant`: its times, phases and segments. */
async function timeAction({ env, fixture, variant, keptToolCache, pullRequest }) {
  const { inputs: extra, keep, pullRequest: isPullRequest, sharedCache } = variants[variant];
  const inputs = {
    context: fixture.context,
    platforms: fixture.platforms,
    tags: fixture.reference,
    registry: env.MAB_REGISTRY,
    username: env.MAB_REGISTRY_USER,
    password: env.MAB_REGISTRY_PASSWORD,
    driver: 'docker',
    network: 'host',
    ...extra
  };
  // Without a kept one, runAction gives each run a fresh empty RUNNER_TOOL_CACHE in its own directory.
  const runEnv = {
    ...(keep ? { RUNNER_TOOL_CACHE: keptToolCache } : {}),
    ...(isPullRequest ? pullRequest : {}),
    ...(sharedCache ? await sharedCacheEnv() : {})
  };
  let timer;
  let lines = [];
  const onMainSpawn = (child) => {
    lines = stampLines(child.stdout, process.hrtime.bigint());
    timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_MS);
  };
  fixture.touch?.();
  const started = process.hrtime.bigint();
  const result = await runAction(inputs, { env: runEnv, onMainSpawn });
  const total = elapsed(started);
  clearTimeout(timer);
  rmSync(result.dir, { recursive: true, force: true });
  keepLog(fixture, variant, result);
  if (result.main.code !== 0 || result.post?.code !== 0) {
    const post = result.post
      ? `\n--- post (exit ${result.post.code}) ---\n${result.post.stdout}\n${result.post.stderr}`
      : '';
    throw new Error(
      `the action failed on ${fixture.name} (${variant}): main exit ${result.main.code}\n--- main stdout ---\n${result.main.stdout}\n--- main stderr ---\n${result.main.stderr}${post}`
    );
  }
  const { phases, audit } = phaseTimings(result.main.stdout);
  return {
    total,
    main: result.main.ms,
    post: result.post.ms,
    ...ownTime(result.main.ms, phases),
    phases,
    audit,
    auditFigures: auditFigures(result.main.stdout),
    segments: [...actionSegments(lines, result.main.ms), ['post step', result.post.ms]],
    contextMB: contextSent(lines),
    digest: result.outputs.digest
  };
}

// Phases that are the build, the push or a check; the rest of main is the action's own time.
const notOwn = new Set(['Base images', 'Build', 'Push', 'Checks', 'Promote']);

function ownTime(mainMs, phases) {
  const outside = Object.entries(phases).filter(([name]) => notOwn.has(name));
  return {
    own: mainMs - outside.reduce((sum, [, value]) => sum + value, 0),
    checks: (phases['Checks'] ?? 0) + (phases['Base images'] ?? 0)
  };
}
