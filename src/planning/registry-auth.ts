// The registry-auth input, in docker/login-action's format (docker/github-builder's registry-auths is
// handed to login-action as is, so it is the same): a YAML list of {registry, username, password,
// ecr}, registry defaulting to Docker Hub. Errors name the entry and the field, never a value (the
// YAML holds passwords, and the parser's own messages quote the source).
import { parse } from 'yaml';
import { ecrHost } from '../model/ecr.js';
import { InputError } from '../model/errors.js';
import { canonicalRegistry, DOCKER_HUB, DOCKER_HUB_HOSTS, parseImageReference } from '../model/references.js';
import { loginKindRules, type EcrMode, type LoginKind, type RegistryLogin } from '../model/login.js';

const INPUT = 'registry-auth';
const accepted =
  'a YAML list of {registry, username, password, ecr} entries as docker/login-action takes them, e.g. "- registry: ghcr.io\\n  username: ${{ github.actor }}\\n  password: ${{ secrets.GITHUB_TOKEN }}" (registry defaults to docker.io, ecr to auto)';
const fields = new Set(['registry', 'username', 'password', 'ecr']);
/** login-action's fields this action does not take, and what to do instead. */
const unsupported: Record<string, string> = {
  scope:
    "has login-action's field 'scope', which this action does not take: every login here is for the whole registry and lives only in the job's Docker config, which the post step removes. Remove the scope line (use a token that may push only where it should), or log in with docker/login-action and scope before this step",
  logout:
    "has the field 'logout', which login-action takes as a step input, not in registry-auth; remove it: this action always removes its logins in the post step"
};
export const ecrModes: readonly EcrMode[] = ['auto', 'true', 'false'];
const hidden = (raw: string): string =>
  `<${raw.trim().split('\n').length} line(s) of YAML, not shown: they hold passwords>`;

/** A registry host as `docker login` takes it: ghcr.io, registry.example.com:5000, localhost:5000, docker.io. */
function isRegistryHost(value: string): boolean {
  const parsed = parseImageReference(`${value}/probe`, INPUT);
  // Without a dot, port or localhost the first part would be a Docker Hub namespace, not a host.
  return parsed.registry === value || DOCKER_HUB_HOSTS.has(value);
}

/** login-action's meaning of ecr: true always, false never, auto for ECR's own hosts. */
export function loginKind(registry: string, ecr: EcrMode): LoginKind {
  return ecr === 'true' || (ecr === 'auto' && ecrHost(registry) !== undefined) ? 'ecr' : 'password';
}

/** The error of an entry that lacks its username or password where a login is needed. */
export function missingInEntry(position: number, login: RegistryLogin, key: 'username' | 'password'): InputError {
  const names = loginKindRules(login.kind).secretNames;
  const what = names ? ` (${names[key]})` : '';
  return new InputError(
    INPUT,
    `<entry ${position}, registry ${login.registry}>`,
    accepted,
    `entry ${position}: (registry ${login.registry}) has no ${key}${what}; an empty value usually means a secret or expression that is not set in this workflow`
  );
}

function entryLogin(entry: unknown, position: number, raw: string): RegistryLogin {
  const where = `entry ${position}`;
  const fail = (detail: string): never => {
    throw new InputError(INPUT, hidden(raw), accepted, `${where}: ${detail}`);
  };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry))
    return fail('is not a mapping of registry, username, password');
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const instead = unsupported[key];
    if (instead) fail(instead);
    if (!fields.has(key)) fail(`has the unknown field '${key}'; an entry takes registry, username, password and ecr`);
  }
  const text = (key: string): string | undefined => {
    const value = record[key];
    if (value === undefined || value === null) return undefined;
    if (key === 'ecr' && typeof value === 'boolean') return String(value);
    if (typeof value !== 'string')
      return fail(`${key} is a YAML ${typeof value}; quote it so it stays the exact text (leading zeros, 'yes', …)`);
    return value.trim() === '' ? undefined : value;
  };
  const registry = text('registry')?.trim() ?? DOCKER_HUB;
  let validHost: boolean;
  try {
    validHost = isRegistryHost(registry);
  } catch {
    validHost = false;
  }
  if (!validHost) fail(`registry '${registry}' is not a registry host such as ghcr.io or registry.example.com:5000`);
  const ecr = (text('ecr')?.trim().toLowerCase() ?? 'auto') as EcrMode;
  if (!ecrModes.includes(ecr)) fail(`ecr is '${ecr}'; it takes auto, true or false`);
  const kind = loginKind(registry, ecr);
  const username = text('username')?.trim() ?? '';
  const password = text('password') ?? '';
  const login: RegistryLogin = { registry, username, password, ...(kind !== 'password' ? { kind } : {}) };
  // An empty password is decided by the plan (a run that pushes nothing goes on without it); a
  // password without a username is a mistake whatever the event.
  if (password !== '' && username === '') throw missingInEntry(position, login, 'username');
  return login;
}

/** Parses registry-auth; an empty input is no logins. Throws InputError naming the entry at fault. */
export function parseRegistryAuth(raw: string): RegistryLogin[] {
  if (raw.trim() === '') return [];
  let document: unknown;
  try {
    document = parse(raw);
  } catch (error) {
    const { code, linePos } = error as { code?: string; linePos?: { line: number; col: number }[] };
    const at = linePos?.[0] ? ` at line ${linePos[0].line}, column ${linePos[0].col}` : '';
    throw new InputError(INPUT, hidden(raw), accepted, `it is not valid YAML${at}${code ? ` (${code})` : ''}`);
  }
  if (!Array.isArray(document)) throw new InputError(INPUT, hidden(raw), accepted, 'it is not a YAML list');
  const logins = document.map((entry, index) => entryLogin(entry, index + 1, raw));
  const seen = new Map<string, number>();
  logins.forEach((login, index) => {
    const earlier = seen.get(canonicalRegistry(login.registry));
    if (earlier !== undefined)
      throw new InputError(
        INPUT,
        hidden(raw),
        accepted,
        `entries ${earlier} and ${index + 1} both log in to ${login.registry}; give each registry once`
      );
    seen.set(canonicalRegistry(login.registry), index + 1);
  });
  return logins;
}
