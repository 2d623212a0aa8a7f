import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '../seams/runner.js';
import { ActionError } from '../model/errors.js';
import { CommandError, getJobEnv, lastLines, run } from '../seams/exec.js';
import { canonicalRegistry } from '../model/references.js';
import { withRetry } from '../seams/retry.js';
import type { Credentials, RegistryLogin } from '../model/login.js';

/**
 * A credential helper the user configured for this registry would take our login out of the
 * job's directory (into a keychain or pass store, where it outlives the job): every helper entry
 * that names this registry, under any of its spellings, is dropped from the job's copy.
 */
export function keepLoginInJobConfig(dockerConfigDir: string, server: string): void {
  const file = path.join(dockerConfigDir, 'config.json');
  if (!existsSync(file)) return;
  const config = JSON.parse(readFileSync(file, 'utf8')) as { credHelpers?: Record<string, string> };
  const helpers = config.credHelpers ?? {};
  const aliases = Object.keys(helpers).filter((key) => canonicalRegistry(key) === canonicalRegistry(server));
  if (aliases.length === 0) return;
  for (const key of aliases) delete helpers[key];
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}

/** Logs in to the job's DOCKER_CONFIG; the password only ever travels through stdin. */
export async function loginToRegistry(registry: string, inputs: Credentials): Promise<void> {
  core.setSecret(inputs.password);
  const server = registry;
  const jobConfig = getJobEnv()['DOCKER_CONFIG'];
  if (jobConfig) keepLoginInJobConfig(jobConfig, server);
  try {
    await withRetry(`Login to ${server}`, () =>
      run('docker', ['login', server, '--username', inputs.username, '--password-stdin'], { input: inputs.password })
    );
  } catch (error) {
    const detail = error instanceof CommandError ? lastLines(error.result.stderr, 3) : String(error);
    throw new ActionError(
      `Login to ${server} failed as user '${inputs.username}': ${detail}`,
      /unauthorized|denied|incorrect|401/i.test(detail)
        ? 'check the username and password (or token) and that the token may push to this registry.'
        : `check that ${server} is reachable from the runner.`
    );
  }
  core.info(`Logged in to ${server} as ${inputs.username} (credentials kept in the job's Docker config only)`);
}

/** Logs in to each registry in turn, every password masked before the first login starts. */
export async function loginToRegistries(logins: readonly RegistryLogin[]): Promise<void> {
  for (const { password } of logins) core.setSecret(password);
  for (const login of logins) await loginToRegistry(login.registry, login);
}
