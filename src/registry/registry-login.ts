import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '../seams/runner.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { CommandError, getJobEnv, lastLines, run } from '../seams/exec.js';
import { canonicalRegistry } from '../model/references.js';
import { RetryLater, withRetry } from '../seams/retry-policy.js';
import { RegistryClient } from './client.js';
import type { Credentials, RegistryLogin } from '../model/login.js';
import { MissingLoginSecret } from './login-kinds/handler.js';
import { loginKindHandler } from './login-kinds/kind.js';

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

interface StoredConfig {
  auths?: Record<string, { auth?: unknown; identitytoken?: unknown } | null>;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

/**
 * Where docker put the login for `server`: undefined when the job's config.json holds it, else where
 * it went instead (a credential helper, a store docker chose, or nowhere to be seen).
 */
export function loginOutsideJobConfig(dockerConfigDir: string, server: string): string | undefined {
  let config: StoredConfig;
  try {
    config = JSON.parse(readFileSync(path.join(dockerConfigDir, 'config.json'), 'utf8')) as StoredConfig;
  } catch (error) {
    return `the job's config.json could not be read (${errorMessage(error)})`;
  }
  const wanted = canonicalRegistry(server);
  const held = Object.entries(config.auths ?? {}).some(
    ([key, entry]) =>
      canonicalRegistry(key) === wanted &&
      ((typeof entry?.auth === 'string' && entry.auth !== '') ||
        (typeof entry?.identitytoken === 'string' && entry.identitytoken !== ''))
  );
  if (held) return undefined;
  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => canonicalRegistry(key) === wanted)?.[1];
  const store = typeof helper === 'string' && helper ? helper : config.credsStore;
  return typeof store === 'string' && store
    ? `docker stored it with docker-credential-${store}, outside the job's config`
    : "docker did not write it to the job's config";
}

/** A login that went elsewhere is taken back (docker logout reaches the same store) and the step fails. */
async function takeBack(server: string, problem: string): Promise<never> {
  const loggedOut = await run('docker', ['logout', server], { allowFailure: true, timeoutMs: 20_000 });
  const undone =
    loggedOut.exitCode === 0
      ? 'it was logged out again'
      : `docker logout failed too (${lastLines(loggedOut.stderr, 2)}): remove it from that store by hand`;
  throw new ActionError(
    `Login to ${server} did not stay in the job's Docker config: ${problem}; ${undone}.`,
    "the action keeps every login in the job's own Docker config, where the post step removes it; " +
      'a credsStore or credHelpers entry for this registry must not reach it.'
  );
}

/**
 * dockerd pings the registry before it logs in; a ping answered 5xx or cut off leaves it without
 * the registry's challenge, so it asks without credentials and reports a 401. When the registry
 * takes the login asked directly, that 401 was the failed ping: worth another try, said as such.
 */
async function refusedAfterFailedPing(server: string, inputs: Credentials, error: unknown): Promise<never> {
  const refused = error instanceof CommandError && /failed with status: 401/.test(error.result.stderr);
  if (refused && (await new RegistryClient(server, inputs).acceptsLogin()))
    throw new RetryLater(
      `docker login got a 401 from ${server}, which takes these credentials when asked directly: the daemon's ping of the registry failed`,
      undefined
    );
  throw error;
}

/**
 * What to check after a failed login: the credentials when the registry refused them, else the way
 * to it. A 401 counts only as a status: the address in the message may hold the digits (port 40179).
 */
export function loginAdvice(server: string, detail: string): string {
  return /unauthorized|denied|incorrect|(?:status|HTTP)[: ]+401\b/i.test(detail)
    ? 'check the username and password (or token) and that the token may push to this registry.'
    : `check that ${server} is reachable from the runner.`;
}

/**
 * Logs in to the job's DOCKER_CONFIG; the password only ever travels through stdin. `whileRunning`
 * is called once `docker login` runs, for work that can overlap it.
 */
export async function loginToRegistry(
  registry: string,
  inputs: Credentials,
  whileRunning: () => void = () => undefined
): Promise<void> {
  core.setSecret(inputs.password);
  const server = registry;
  const jobConfig = getJobEnv()['DOCKER_CONFIG'];
  if (jobConfig) keepLoginInJobConfig(jobConfig, server);
  try {
    // withRetry makes its first try, and the exec seam starts docker, before either awaits.
    const loggingIn = withRetry(`Login to ${server}`, () =>
      run('docker', ['login', server, '--username', inputs.username, '--password-stdin'], {
        input: inputs.password
      }).catch((error: unknown) => refusedAfterFailedPing(server, inputs, error))
    );
    whileRunning();
    await loggingIn;
  } catch (error) {
    const detail = error instanceof CommandError ? lastLines(error.result.stderr, 3) : String(error);
    throw new ActionError(
      `Login to ${server} failed as user '${inputs.username}': ${detail}`,
      loginAdvice(server, detail)
    );
  }
  // Checked, not assumed: a login that reached a keychain would outlive the job.
  const elsewhere = jobConfig ? loginOutsideJobConfig(jobConfig, server) : undefined;
  if (elsewhere) await takeBack(server, elsewhere);
  core.info(`Logged in to ${server} as ${inputs.username} (credentials kept in the job's Docker config only)`);
}

export interface LoginOptions {
  /**
   * Given when the run writes to no registry: a login whose secret turns out to be missing (no AWS
   * credentials) is left out and reported here instead of failing the step.
   */
  onMissingSecret?: (login: RegistryLogin, missing: string) => void;
  /**
   * Work that can overlap a login, run once: while the first `docker login` runs, else (no login
   * made) when the logins are done. Before it, it would hold the main thread while docker waits.
   */
  whileLoggingIn?: () => void;
}

/** A login as it was made: the registry, what docker was given, and how the log names it. */
export interface MadeLogin extends RegistryLogin {
  how: string;
}

/**
 * Logs in to each registry in turn, every given password masked before the first login starts.
 * Each login's kind (registry/login-kinds/) turns it into what `docker login` takes: the password
 * as given, or a token from AWS for ECR. Returns the logins as docker got them.
 */
export async function loginToRegistries(
  logins: readonly RegistryLogin[],
  options: LoginOptions = {}
): Promise<MadeLogin[]> {
  for (const { password } of logins) if (password) core.setSecret(password);
  let overlap = options.whileLoggingIn;
  const runOverlapOnce = (): void => {
    const work = overlap;
    overlap = undefined;
    work?.();
  };
  const made: MadeLogin[] = [];
  for (const login of logins) {
    const kind = await loginKindHandler(login.kind);
    let credentials: Credentials;
    try {
      credentials = await kind.credentials(login);
    } catch (error) {
      if (!(error instanceof MissingLoginSecret) || !options.onMissingSecret) throw error;
      options.onMissingSecret(login, error.missing);
      continue;
    }
    await loginToRegistry(login.registry, credentials, runOverlapOnce);
    made.push({ registry: login.registry, ...credentials, how: kind.describe(login, credentials) });
  }
  runOverlapOnce();
  return made;
}
