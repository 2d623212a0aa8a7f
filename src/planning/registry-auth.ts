// The registry-auth input, in docker/login-action's format: a YAML list of {registry, username,
// password}, registry defaulting to Docker Hub. Errors name the entry and the field, never a value
// (the YAML holds passwords, and the parser's own messages quote the source).
import { parse } from 'yaml';
import { InputError } from '../model/errors.js';
import { canonicalRegistry, DOCKER_HUB, DOCKER_HUB_HOSTS, parseImageReference } from '../model/references.js';
import type { RegistryLogin } from '../model/login.js';

const INPUT = 'registry-auth';
const accepted =
  'a YAML list of {registry, username, password} entries, e.g. "- registry: ghcr.io\\n  username: ${{ github.actor }}\\n  password: ${{ secrets.GITHUB_TOKEN }}" (registry defaults to docker.io)';
const fields = new Set(['registry', 'username', 'password']);
const hidden = (raw: string): string =>
  `<${raw.trim().split('\n').length} line(s) of YAML, not shown: they hold passwords>`;

/** A registry host as `docker login` takes it: ghcr.io, registry.example.com:5000, localhost:5000, docker.io. */
export function isRegistryHost(value: string): boolean {
  const parsed = parseImageReference(`${value}/probe`, INPUT);
  // Without a dot, port or localhost the first part would be a Docker Hub namespace, not a host.
  return parsed.registry === value || DOCKER_HUB_HOSTS.has(value);
}

function entryLogin(entry: unknown, position: number, raw: string): RegistryLogin {
  const where = `entry ${position}`;
  const fail = (detail: string): never => {
    throw new InputError(INPUT, hidden(raw), accepted, `${where}: ${detail}`);
  };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry))
    return fail('is not a mapping of registry, username, password');
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!fields.has(key)) fail(`has the unknown field '${key}'`);
  const text = (key: string): string | undefined => {
    const value = record[key];
    if (value === undefined || value === null) return undefined;
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
  const missing = (key: string): never =>
    fail(
      `(registry ${registry}) has no ${key}; an empty value usually means a secret or expression that is not set in this workflow`
    );
  const username = text('username')?.trim() ?? missing('username');
  const password = record['password'] === undefined ? missing('password') : (text('password') ?? missing('password'));
  return { registry, username, password };
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
