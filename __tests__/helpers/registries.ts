// Independent views of the test registries: tags through skopeo (a second client, not docker's),
// and the bearer-token registry's token server, asked directly and read back through its log.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { env, optionalSetting } from './e2e.js';

export interface Credentials {
  user: string;
  password: string;
}

/** The test credentials for a registry host of the env file; undefined for any other host. */
export function credentialsFor(host: string): Credentials | undefined {
  const known: [() => string, () => string, () => string][] = [
    [() => env.registry, () => env.user, () => env.password],
    [() => env.registry2, () => env.user2, () => env.password2],
    [() => env.tokenRegistry, () => env.tokenUser, () => env.tokenPassword]
  ];
  const match = known.find(([registry]) => optionalSetting(registry) === host);
  return match ? { user: match[1](), password: match[2]() } : undefined;
}

/** `host/name` of a reference, its tag or digest dropped: what skopeo list-tags wants. */
export function repositoryOf(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, lastColon) : withoutDigest;
}

const authFiles = new Map<string, string>();
/** A containers-auth file holding only this host's test login: the password never goes on skopeo's command line. */
function authFileFor(host: string): string {
  const cached = authFiles.get(host);
  if (cached) return cached;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mab-skopeo-')), 'auth.json');
  const credentials = credentialsFor(host);
  const auths = credentials
    ? { [host]: { auth: Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64') } }
    : {};
  writeFileSync(file, JSON.stringify({ auths }), { mode: 0o600 });
  authFiles.set(host, file);
  return file;
}

/**
 * A repository's tags, sorted, as skopeo lists them with the test login for the registry the reference
 * names (anonymous for other hosts). A tag or digest in the reference is ignored; a repository that
 * does not exist has no tags.
 */
export function listTags(repositoryReference: string): string[] {
  const repository = repositoryOf(repositoryReference);
  const host = repository.slice(0, repository.indexOf('/'));
  const result = spawnSync(
    'skopeo',
    ['list-tags', '--tls-verify=false', '--authfile', authFileFor(host), `docker://${repository}`],
    { encoding: 'utf8', timeout: 120_000 }
  );
  if (result.error) throw new Error(`skopeo did not run (${result.error.message}): run scripts/setup-test-env.sh`);
  if (result.status !== 0) {
    // skopeo 1.9 words a missing repository as the registry's bare 404.
    if (/registry 404|name unknown|NAME_UNKNOWN/i.test(result.stderr)) return [];
    throw new Error(`skopeo list-tags ${repository} failed: ${result.stderr.trim()}`);
  }
  const listing = JSON.parse(result.stdout) as { Tags?: string[] | null };
  return [...(listing.Tags ?? [])].sort();
}

export interface TokenAccess {
  type: string;
  name: string;
  actions: string[];
}

/** One line of the token server's request log. */
export interface TokenLogEntry {
  time: string;
  method: 'GET' | 'POST';
  status: number;
  /** The user, 'anonymous', or the name that failed to log in. */
  account?: string | null;
  /** Every scope asked for in the request, as sent. */
  scopes?: string[];
  /** What the token granted. */
  access?: TokenAccess[];
  error?: string;
}

/** The token server's log from line `fromLine` on (take `readTokenLog().length` first as a mark). */
export function readTokenLog(fromLine = 0): TokenLogEntry[] {
  if (!existsSync(env.tokenLog)) return [];
  return readFileSync(env.tokenLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(fromLine)
    .map((line) => JSON.parse(line) as TokenLogEntry);
}

export interface TokenAnswer {
  status: number;
  /** The bearer token, when one was issued. */
  token?: string;
  /** The token's access claim, decoded. */
  access: TokenAccess[];
  body: Record<string, unknown>;
}

/** Asks the token server for one token covering every scope, as Docker's client does (GET, Basic auth, repeated scope=). */
export async function requestToken(scopes: string[], credentials?: Credentials): Promise<TokenAnswer> {
  const url = new URL(env.tokenRealm);
  url.searchParams.set('service', env.tokenService);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const headers: Record<string, string> = credentials
    ? { Authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` }
    : {};
  const response = await fetch(url, { headers });
  const body = (await response.json()) as Record<string, unknown>;
  const token = typeof body['token'] === 'string' ? body['token'] : undefined;
  const claims = token
    ? (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { access?: TokenAccess[] })
    : {};
  return { status: response.status, token, access: claims.access ?? [], body };
}

/** A request to the token registry's API with a bearer token (none for an anonymous request). */
export async function tokenRegistryRequest(
  pathAndQuery: string,
  options: { token?: string; method?: string; accept?: string[] } = {}
): Promise<Response> {
  const headers = new Headers();
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  for (const type of options.accept ?? []) headers.append('Accept', type);
  return fetch(`http://${env.tokenRegistry}${pathAndQuery}`, { method: options.method ?? 'GET', headers });
}

/**
 * Fetches every manifest and blob an image reference names (all platforms, attestations too)
 * with skopeo, which checks each against its digest: undefined when the image is complete, else
 * skopeo's complaint.
 */
export function incompleteImage(reference: string): string | undefined {
  const host = reference.slice(0, reference.indexOf('/'));
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-skopeo-copy-'));
  const result = spawnSync(
    'skopeo',
    [
      'copy',
      '--all',
      '--quiet',
      '--src-tls-verify=false',
      '--src-authfile',
      authFileFor(host),
      `docker://${reference}`,
      `oci:${dir}:image`
    ],
    { encoding: 'utf8', timeout: 120_000 }
  );
  spawnSync('rm', ['-rf', dir]);
  if (result.error) throw new Error(`skopeo did not run (${result.error.message}): run scripts/setup-test-env.sh`);
  return result.status === 0 ? undefined : result.stderr.trim() || `skopeo exited ${result.status}`;
}
