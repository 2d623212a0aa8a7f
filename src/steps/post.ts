import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
// Not runner.js: the post step never loads @actions/core (its start-up budget, post-runner.ts).
import * as core from '../seams/post-runner.js';
import { isJobConfigDir, JOB_PREFIX, useJobConfig } from '../registry/docker-config.js';
import { errorMessage } from '../model/errors.js';
import { run } from '../seams/exec.js';
import { readRecordedState, readSavedState } from '../seams/saved-state.js';
import type { SavedState } from '../model/post-state.js';
import { builderFilesDir, removeBuilder } from '../buildx/builder-removal.js';

/** Each docker call of the post step may take this long: a hung daemon must not hold the job. */
export const POST_COMMAND_TIMEOUT_MS = 20_000;
// Names come back from STATE_*: only names this action gives are passed to docker (no flags, no others).
const jobNamePattern = new RegExp(`^${JOB_PREFIX}[A-Za-z0-9][A-Za-z0-9_.-]*$`);

type Problems = string[];

/** Deletes the credentials: the whole config.json, or (cleanup: false) its logins only, keeping builder records. */
function removeCredentials(configDir: string, keepSettings: boolean): void {
  // The remote driver's TLS client key is a credential too.
  rmSync(builderFilesDir(configDir), { recursive: true, force: true });
  const file = path.join(configDir, 'config.json');
  if (!existsSync(file)) return;
  if (!keepSettings) {
    rmSync(file, { force: true });
    return;
  }
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete config['auths'];
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}

/**
 * Gives later steps the DOCKER_CONFIG main started from (saved before it exported the job's). That
 * may be an earlier step's job config (two steps of this action with login-scope: job), never this one.
 */
function restoreUserConfig(userDir: string, jobDir: string): Problems {
  // Read back from STATE_*: only an absolute path, and not the directory this step deletes.
  if (!path.isAbsolute(userDir) || /[\r\n]/.test(userDir) || path.resolve(userDir) === path.resolve(jobDir))
    return [`not pointing DOCKER_CONFIG at '${userDir}': not the Docker config main started from`];
  core.exportVariable('DOCKER_CONFIG', userDir);
  core.info(`DOCKER_CONFIG points back to ${userDir} for the steps after this one.`);
  return [];
}

/**
 * What the post step removes from the daemon, by name. Smoke runs are --rm and a second run finds
 * the image gone, so "no such …" is the usual answer, and means done.
 */
const dockerRemovals = {
  containers: { args: ['rm', '--force'], absent: /no such container/i },
  image: { args: ['image', 'rm', '--force'], absent: /no such image/i }
} as const;

/** One `docker … rm --force` with a time limit; the lines of its stderr that are not "no such …" are problems. */
async function removeFromDocker(kind: keyof typeof dockerRemovals, names: string[]): Promise<Problems> {
  const { args, absent } = dockerRemovals[kind];
  const removed = await run('docker', [...args, ...names], { allowFailure: true, timeoutMs: POST_COMMAND_TIMEOUT_MS });
  const problems = removed.stderr.split('\n').filter((line) => line.trim() !== '' && !absent.test(line));
  return problems.map((line) => `docker ${args.slice(0, -1).join(' ')}: ${line.trim()}`);
}

/** What the post step may act on besides the job config itself: nothing, until main's record says so. */
const nothingElse = (state: SavedState, dockerConfig: string): SavedState => ({
  ...state,
  dockerConfig,
  builder: '',
  driver: '',
  smokeContainers: [],
  localImage: '',
  restoreDockerConfig: ''
});

/** The fields main records beside the job config, and how each is compared. */
const recordedFields = [
  'builder',
  'driver',
  'cleanup',
  'smokeContainers',
  'localImage',
  'restoreDockerConfig'
] as const;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? '') === JSON.stringify(b ?? '');

/**
 * The saved state, minus anything that is not this action's to touch (each refusal is a problem).
 * The runner's state can be planted by anything the step printed; main's record, in the job's
 * private directory, cannot. Each value is taken from the record, and a state that says otherwise
 * is reported, never followed.
 */
function trustedState(state: SavedState, problems: Problems): SavedState {
  if (state.dockerConfig && !isJobConfigDir(state.dockerConfig)) {
    // A second run finds the directory gone: that is not tampering, just nothing left to do.
    if (existsSync(state.dockerConfig))
      problems.push(`not touching ${state.dockerConfig}: not a job Docker config of this action under RUNNER_TEMP`);
    return nothingElse(state, '');
  }
  const recorded = state.dockerConfig ? readRecordedState(state.dockerConfig) : undefined;
  if (!recorded) {
    const named = [state.builder, ...state.smokeContainers, state.localImage, state.restoreDockerConfig].filter(
      Boolean
    );
    if (named.length > 0 && (!state.dockerConfig || existsSync(state.dockerConfig)))
      problems.push(`not acting on ${named.join(', ')}: main left no record of them in its job Docker config`);
    return nothingElse(state, state.dockerConfig);
  }
  const trusted: SavedState = { ...state };
  for (const field of recordedFields) {
    if (!same(state[field], recorded[field]))
      problems.push(`the saved ${field} '${String(state[field] ?? '')}' is not what main recorded; using the record`);
    Object.assign(trusted, { [field]: recorded[field] });
  }
  if (trusted.builder && !jobNamePattern.test(trusted.builder)) {
    problems.push(`not removing builder '${trusted.builder}': not a name this action gives`);
    trusted.builder = '';
  }
  trusted.smokeContainers = trusted.smokeContainers.filter((name) => jobNamePattern.test(name));
  // Only the job-scoped name main gives (NAME:checks), never another image.
  const [localName = '', localTag, ...rest] = (trusted.localImage ?? '').split(':');
  if (trusted.localImage && !(jobNamePattern.test(localName) && localTag === 'checks' && rest.length === 0)) {
    problems.push(`not removing image '${trusted.localImage}': not a name this action gives`);
    trusted.localImage = '';
  }
  return trusted;
}

/**
 * Undoes main. Credentials go first, before any docker call can hang; then the builder and
 * containers, each call with a time limit; then the directory. It never fails the job and is safe
 * to run twice or with no state (main never started).
 */
export async function runPost(saved: SavedState = readSavedState()): Promise<void> {
  if (
    !saved.dockerConfig &&
    !saved.builder &&
    saved.smokeContainers.length === 0 &&
    !saved.localImage &&
    !saved.restoreDockerConfig
  ) {
    core.info('Nothing to clean up: the main step created nothing.');
    return;
  }
  const problems: Problems = [];
  const attempt = async (what: string, action: () => Promise<Problems | void> | Problems | void): Promise<void> => {
    try {
      problems.push(...((await action()) ?? []));
    } catch (error) {
      problems.push(`${what}: ${errorMessage(error)}`);
    }
  };
  const state = trustedState(saved, problems);
  const configDir = state.dockerConfig;
  if (configDir) {
    useJobConfig(configDir);
    await attempt('removing the credentials', () => removeCredentials(configDir, !state.cleanup));
  }
  // login-scope: job: the post steps after this one (login-action's logout, setup-buildx's builder removal) read the user's config again.
  if (state.restoreDockerConfig)
    await attempt('pointing DOCKER_CONFIG back', () =>
      restoreUserConfig(state.restoreDockerConfig ?? '', saved.dockerConfig)
    );
  // A docker-driver builder is only a context inside the job's config: deleting the directory removes it, no docker call needed.
  if (state.builder && state.driver !== 'docker') {
    if (state.cleanup)
      await attempt(`removing builder ${state.builder}`, () =>
        removeBuilder(state.builder, POST_COMMAND_TIMEOUT_MS, { driver: state.driver, configDir })
      );
    else core.info(`cleanup: false, keeping builder ${state.builder}`);
  }
  if (state.smokeContainers.length > 0)
    await attempt('removing smoke-run containers', () => removeFromDocker('containers', state.smokeContainers));
  const localImage = state.localImage;
  if (localImage) await attempt(`removing image ${localImage}`, () => removeFromDocker('image', [localImage]));
  if (configDir && state.cleanup)
    await attempt(`removing ${configDir}`, () => rmSync(configDir, { recursive: true, force: true }));
  report(problems, configDir !== '', state.builder);
}

function report(problems: Problems, configExisted: boolean, builder: string): void {
  for (const problem of problems) core.warning(`Cleanup: ${problem}`);
  if (problems.length > 0) return;
  if (configExisted)
    core.info(
      `Cleaned up ${[builder && `builder ${builder}`, 'the job Docker config and its credentials'].filter(Boolean).join(' and ')}.`
    );
  else core.info('Already cleaned up: the job Docker config is gone.');
}
