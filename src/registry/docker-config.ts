import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setJobEnv } from '../seams/exec.js';

export interface JobDockerConfig {
  dir: string;
  /** The user's own config directory, which this job never writes to. */
  userDir: string;
}

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
  return `mab-${run}-${job}-${unique}`;
}

function userConfigDir(env: NodeJS.ProcessEnv): string {
  return env['DOCKER_CONFIG'] || path.join(os.homedir(), '.docker');
}

/**
 * Creates the job's own DOCKER_CONFIG under RUNNER_TEMP and points every command at it.
 * Logins, contexts and builders then live and die with the job. Earlier logins of the user are
 * copied in (read-only use) so private base images still pull; buildx plugins the user installed
 * are linked so the same buildx runs.
 */
export function createJobDockerConfig(name: string, env: NodeJS.ProcessEnv = process.env): JobDockerConfig {
  const temp = env['RUNNER_TEMP'] || os.tmpdir();
  const dir = path.join(temp, `${name}-docker-config`);
  const userDir = userConfigDir(env);
  mkdirSync(path.join(dir, 'cli-plugins'), { recursive: true, mode: 0o700 });
  const config: Record<string, unknown> = {};
  const userConfigFile = path.join(userDir, 'config.json');
  if (existsSync(userConfigFile)) {
    try {
      const user = JSON.parse(readFileSync(userConfigFile, 'utf8')) as Record<string, unknown>;
      // Only static credentials and proxies carry over: a credsStore would make our login leave the job's directory.
      for (const key of ['auths', 'proxies', 'credHelpers']) if (user[key] !== undefined) config[key] = user[key];
    } catch {
      // An unreadable user config is not our job's concern; start empty.
    }
  }
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
  const userPlugin = path.join(userDir, 'cli-plugins', 'docker-buildx');
  const jobPlugin = path.join(dir, 'cli-plugins', 'docker-buildx');
  if (existsSync(userPlugin) && !existsSync(jobPlugin)) symlinkSync(userPlugin, jobPlugin);
  setJobEnv('DOCKER_CONFIG', dir);
  return { dir, userDir };
}
