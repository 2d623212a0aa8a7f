import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { ActionError, InputError } from '../seams/errors.js';
import { CommandError, getJobEnv, lastLines, run } from '../seams/exec.js';
import type { Inputs } from '../planning/inputs.js';
import type { RegistryLogin } from '../planning/registry-auth.js';
import { canonicalRegistry } from './credentials.js';
import { DOCKER_HUB, loginServer, parseImageReference } from '../planning/references.js';
import { withRetry } from '../seams/retry.js';

/** The registry to log in to: the input, else the first tag's host, else Docker Hub. */
export function resolveRegistry(registryInput: string, tags: readonly string[]): string {
  if (registryInput) return registryInput;
  const first = tags.find((tag) => tag.includes('/') || tag.includes(':'));
  return first ? parseImageReference(first).registry : DOCKER_HUB;
}

// Docker Hub answers to several names; docker itself files its login under https://index.docker.io/v1/.
const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The registry a credentials key stands for, matched as docker matches them: no scheme, no path, one name for Docker Hub. */
export function credentialsHost(key: string): string {
  const host = (
    key
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .split('/')[0] ?? ''
  ).toLowerCase();
  return dockerHubHosts.has(host) ? 'docker.io' : host;
}

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
  const aliases = Object.keys(helpers).filter((key) => credentialsHost(key) === credentialsHost(server));
  if (aliases.length === 0) return;
  for (const key of aliases) delete helpers[key];
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}

/** Logs in to the job's DOCKER_CONFIG; the password only ever travels through stdin. */
export async function loginToRegistry(registry: string, inputs: Pick<Inputs, 'username' | 'password'>): Promise<void> {
  core.setSecret(inputs.password);
  const server = loginServer(registry);
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

/**
 * Every login of the job: registry/username/password first (at `registry`, resolved by the plan;
 * undefined without a username), then registry-auth's entries.
 */
export function jobLogins(
  inputs: Pick<Inputs, 'username' | 'password' | 'registryAuth'>,
  registry: string | undefined
): RegistryLogin[] {
  const single =
    registry !== undefined && inputs.username
      ? [{ registry, username: inputs.username, password: inputs.password }]
      : [];
  for (const login of single) {
    const clash = inputs.registryAuth.findIndex(
      (entry) => canonicalRegistry(entry.registry) === canonicalRegistry(login.registry)
    );
    if (clash >= 0)
      throw new InputError(
        'registry-auth',
        `<entry ${clash + 1}, registry ${login.registry}>`,
        'each registry once, in registry-auth or in registry/username/password',
        `username/password already log in to ${login.registry}`
      );
  }
  return [...single, ...inputs.registryAuth];
}

/** Logs in to each registry in turn, every password masked before the first login starts. */
export async function loginToRegistries(logins: readonly RegistryLogin[]): Promise<void> {
  for (const { password } of logins) core.setSecret(password);
  for (const login of logins) await loginToRegistry(login.registry, login);
}
