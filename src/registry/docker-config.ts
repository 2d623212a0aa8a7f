import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setJobEnv } from '../seams/exec.js';

export interface JobDockerConfig {
  dir: string;
  /** The user's own config directory, which this job never writes to. */
  userDir: string;
}

/** Every name this action gives a builder, a container or its job config starts with this. */
export const JOB_PREFIX = 'mab-';
const CONFIG_SUFFIX = '-docker-config-';
// mkdtemp appends six characters; nothing else under RUNNER_TEMP is ever the post step's to delete.
const jobConfigPattern = /^mab-[A-Za-z0-9-]+-docker-config-[A-Za-z0-9]{6}$/;

/** A name unique to this job on this machine, even for parallel jobs of one run. */
export function jobScopedName(env: NodeJS.ProcessEnv = process.env, random = Math.random()): string {
  const run = (env['GITHUB_RUN_ID'] ?? 'local').replace(/[^A-Za-z0-9]/g, '');
  const job = (env['GITHUB_JOB'] ?? 'job')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20);
  const unique = `${process.pid.toString(36)}${Math.floor(random * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
  return `${JOB_PREFIX}${run}-${job}-${unique}`;
}

function userConfigDir(env: NodeJS.ProcessEnv): string {
  return env['DOCKER_CONFIG'] || path.join(os.homedir(), '.docker');
}

/** Where job configs live: RUNNER_TEMP, which the runner empties after each job. */
function jobTempDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env['RUNNER_TEMP'] || os.tmpdir());
}

/**
 * Whether a path (read back from the post step's saved state) is a job config this action made:
 * a real directory of ours, directly under RUNNER_TEMP, with the action's prefix. A tampered
 * STATE_dockerConfig must never make the post step delete anything else.
 */
export function isJobConfigDir(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const resolved = path.resolve(dir);
  if (path.dirname(resolved) !== jobTempDir(env) || !jobConfigPattern.test(path.basename(resolved))) return false;
  try {
    const stats = lstatSync(resolved);
    return stats.isDirectory() && (process.getuid === undefined || stats.uid === process.getuid());
  } catch {
    return false;
  }
}

/**
 * An `auths` entry holding no login, for a host that cannot exist (.invalid). Given a config with no
 * `auths`, no `credHelpers` and no `credsStore`, docker picks a credential store of its own (`pass`,
 * else `secretservice`, when its helper is on PATH: ContainsAuth and DetectDefaultStore in docker/cli),
 * and `docker login` would then write the password into the user's keychain, out of the post step's
 * reach. With this entry the job's config never lets docker choose: logins land in this file.
 */
const KEEP_LOGINS_HERE = 'logins-stay-in-this-file.multiarch-build-push.invalid';

/** The parts of the user's config that carry over: static logins, proxies and credential helpers. */
function userSettings(userDir: string): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const userConfigFile = path.join(userDir, 'config.json');
  if (!existsSync(userConfigFile)) return config;
  try {
    const user = JSON.parse(readFileSync(userConfigFile, 'utf8')) as Record<string, unknown>;
    // A credsStore would make our login leave the job's directory, so it stays behind.
    for (const key of ['auths', 'proxies', 'credHelpers']) if (user[key] !== undefined) config[key] = user[key];
  } catch {
    // An unreadable user config is not our job's concern; start empty.
  }
  return config;
}

/**
 * Creates the job's own DOCKER_CONFIG under RUNNER_TEMP and points every command at it. `onCreated`
 * runs before anything is copied in: the place to save the directory for the post step.
 * Logins, contexts and builders then live and die with the job. Earlier logins of the user are
 * copied in (read-only use) so private base images still pull; buildx plugins the user installed
 * are linked so the same buildx runs.
 */
export function createJobDockerConfig(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  onCreated: (dir: string) => void = () => undefined
): JobDockerConfig {
  // mkdtemp: an unguessable name, created here (mode 0700), never a directory someone left in place.
  const dir = mkdtempSync(path.join(jobTempDir(env), `${name}${CONFIG_SUFFIX}`));
  // Called while it is still empty (to save it for the post step): whatever happens next, it is removed.
  onCreated(dir);
  const userDir = userConfigDir(env);
  mkdirSync(path.join(dir, 'cli-plugins'), { mode: 0o700 });
  const settings = userSettings(userDir);
  const auths = settings['auths'];
  settings['auths'] = { ...(auths && typeof auths === 'object' ? auths : {}), [KEEP_LOGINS_HERE]: {} };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(settings, null, 2), { mode: 0o600 });
  const userPlugin = path.join(userDir, 'cli-plugins', 'docker-buildx');
  if (existsSync(userPlugin)) symlinkSync(userPlugin, path.join(dir, 'cli-plugins', 'docker-buildx'));
  useJobConfig(dir);
  return { dir, userDir };
}

/**
 * Points every command the job runs at the job's config: docker's, and buildx's, which a user's
 * BUILDX_CONFIG would otherwise move out of it (buildx then keeps its builders there, not under
 * DOCKER_CONFIG): the job's builders are made, found and removed in the job's directory.
 */
export function useJobConfig(dir: string): void {
  setJobEnv('DOCKER_CONFIG', dir);
  setJobEnv('BUILDX_CONFIG', path.join(dir, 'buildx'));
}
