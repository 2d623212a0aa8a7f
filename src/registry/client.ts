// A small client for the OCI distribution API over Node's fetch: manifests and layer blobs,
// with the registry's own auth handshake (Basic or Bearer tokens), so no docker CLI is needed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { DOCKER_HUB } from '../planning/references.js';
import { registryRetry, withRetry, type RetryPolicy } from '../seams/retry.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  /** The registry's JSON as is: an index, a manifest list or an image manifest. */
  json: any;
  size: number;
}

export interface RegistryClientOptions {
  /** Per request: until the response headers, and then between body chunks. */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

export const mediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
} as const;

const manifestAccept = Object.values(mediaTypes).join(', ');
const DEFAULT_TIMEOUT_MS = 30_000;
const dockerHubHosts = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The host[:port] part of a docker config `auths` key, which may be a URL. */
function configKeyHost(key: string): string {
  const host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = host.indexOf('/');
  return (slash >= 0 ? host.slice(0, slash) : host).toLowerCase();
}

const canonicalHost = (host: string): string =>
  dockerHubHosts.has(host.toLowerCase()) ? DOCKER_HUB : host.toLowerCase();

function decodeAuth(entry: unknown): Credentials | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const { auth, username, password } = entry as Record<string, unknown>;
  if (typeof auth === 'string' && auth !== '') {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
  }
  if (typeof username === 'string' && username !== '' && typeof password === 'string') return { username, password };
  return undefined;
}

/** The login `docker login` stored for a registry in <dir>/config.json; undefined when there is none. */
export function credentialsFor(registry: string, dockerConfigDir: string): Credentials | undefined {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path.join(dockerConfigDir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const auths = (config as { auths?: unknown } | null)?.auths;
  if (!auths || typeof auths !== 'object') return undefined;
  const wanted = canonicalHost(configKeyHost(registry));
  for (const [key, entry] of Object.entries(auths as Record<string, unknown>)) {
    if (canonicalHost(configKeyHost(key)) !== wanted) continue;
    const credentials = decodeAuth(entry);
    if (credentials) return credentials;
  }
  return undefined;
}

function hostName(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']') > 0 ? hostPort.indexOf(']') : undefined);
  const colon = hostPort.lastIndexOf(':');
  return colon >= 0 ? hostPort.slice(0, colon) : hostPort;
}

/** Docker talks plain HTTP to loopback registries only. */
export function isLoopbackRegistry(registry: string): boolean {
  const name = hostName(registry).toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Where the API of a registry lives: https://host, http:// for loopback, Docker Hub's API host for docker.io. */
export function registryBaseUrl(registry: string): string {
  const host = dockerHubHosts.has(registry.toLowerCase()) ? 'registry-1.docker.io' : registry;
  return `${isLoopbackRegistry(host) ? 'http' : 'https'}://${host}`;
}

/** A failure waiting will not fix; returned from the retried action so withRetry never sees it. */
class PermanentFailure {
  constructor(readonly error: Error) {}
}

// Wording isTransientFailure recognises, so network failures are retried like registry 5xx answers.
const networkPhrases: Record<string, string> = {
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'i/o timeout',
  UND_ERR_CONNECT_TIMEOUT: 'i/o timeout',
  UND_ERR_HEADERS_TIMEOUT: 'i/o timeout',
  UND_ERR_BODY_TIMEOUT: 'i/o timeout',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'temporary failure in name resolution'
};

function networkProblem(error: unknown): string {
  const outer = error as { message?: string; code?: string; cause?: { message?: string; code?: string } } | undefined;
  const code = outer?.cause?.code ?? outer?.code;
  const detail = outer?.cause?.message ?? outer?.message ?? String(error);
  const phrase = code ? networkPhrases[code] : undefined;
  return phrase ? `${phrase} (${code}: ${detail})` : detail;
}

/** Aborts a request when nothing arrives for a while; refreshed as body chunks come in. */
class IdleTimeout {
  readonly controller = new AbortController();
  timedOut = false;
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, ms);
    this.timer.unref();
  }

  refresh(): void {
    this.timer.refresh();
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

interface Exchange {
  response: Response;
  timeout: IdleTimeout;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseChallenge(header: string): Challenge {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of (space < 0 ? '' : trimmed.slice(space + 1)).matchAll(pattern)) {
    const key = (match[1] ?? '').toLowerCase();
    params[key] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
  }
  return { scheme, params };
}

const isDigest = (reference: string): boolean => reference.includes(':');
const retriedStatuses = new Set([500, 502, 503, 504]);

/** Checks content against a digest of an algorithm Node can compute; other algorithms pass unchecked. */
function digestMatches(content: Buffer, digest: string): boolean {
  const [algorithm = '', hex = ''] = digest.split(':');
  if (algorithm !== 'sha256' && algorithm !== 'sha512') return true;
  return createHash(algorithm).update(content).digest('hex') === hex.toLowerCase();
}

export class RegistryClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  /** Authorization header values by token scope; 'basic' once the registry asked for Basic auth. */
  private readonly authorizations = new Map<string, string>();

  constructor(
    readonly registry: string,
    private readonly credentials?: Credentials,
    options: RegistryClientOptions = {}
  ) {
    this.baseUrl = registryBaseUrl(registry);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = options.retry ?? registryRetry;
  }

  /** The manifest (or index) a tag or digest names; undefined when the registry does not have it. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const what = `manifest ${this.display(repository, reference)}`;
    const url = `${this.baseUrl}/v2/${repository}/manifests/${reference}`;
    const outcome = await withRetry(
      `Reading ${what}`,
      async () => {
        const exchange = await this.open(url, manifestAccept, repository, what);
        if (exchange instanceof PermanentFailure) return exchange;
        if (exchange.response.status === 404) {
          await this.discard(exchange);
          return undefined;
        }
        return { body: await this.readBody(exchange, what), headers: exchange.response.headers };
      },
      this.retry
    );
    if (outcome instanceof PermanentFailure) throw outcome.error;
    if (!outcome) return undefined;
    const { body, headers } = outcome;
    const served = headers.get('docker-content-digest')?.trim() || undefined;
    const claims = [...(isDigest(reference) ? [reference] : []), ...(served ? [served] : [])];
    for (const claim of claims) {
      if (!digestMatches(body, claim)) {
        throw new Error(
          `Registry ${this.registry} served ${what} whose content does not match digest ${claim} (sha256:${createHash('sha256').update(body).digest('hex')})`
        );
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new Error(
        `Registry ${this.registry} served ${what} that is not JSON: ${error instanceof Error ? error.message : String(error)}`
      );
    }
    const declared = (json as { mediaType?: unknown } | null)?.mediaType;
    const mediaType =
      typeof declared === 'string' ? declared : ((headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '');
    return {
      digest: claims[0] ?? `sha256:${createHash('sha256').update(body).digest('hex')}`,
      mediaType,
      json,
      size: body.length
    };
  }

  /** A blob's bytes as they arrive, checked against the digest at the end; redirects (to storage) are followed. */
  async getBlob(repository: string, digest: string): Promise<NodeJS.ReadableStream> {
    const what = `blob ${this.display(repository, digest)}`;
    const url = `${this.baseUrl}/v2/${repository}/blobs/${digest}`;
    const outcome = await withRetry(
      `Reading ${what}`,
      async () => {
        const exchange = await this.open(url, undefined, repository, what);
        if (exchange instanceof PermanentFailure || exchange.response.status !== 404) return exchange;
        await this.discard(exchange);
        return new PermanentFailure(new Error(`Registry ${this.registry} has no ${what} (HTTP 404)`));
      },
      this.retry
    );
    if (outcome instanceof PermanentFailure) throw outcome.error;
    return this.checkedStream(outcome, digest, what);
  }

  private display(repository: string, reference: string): string {
    return `${this.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
  }

  private basicAuthorization(): string | undefined {
    if (!this.credentials) return undefined;
    return `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
  }

  private scopeKey(repository: string): string {
    return `repository:${repository}:pull`;
  }

  /**
   * One try at a request, answering an auth challenge once. Resolves to a 2xx or 404 exchange,
   * throws what is worth retrying, and returns what is not.
   */
  private async open(
    url: string,
    accept: string | undefined,
    repository: string,
    what: string
  ): Promise<Exchange | PermanentFailure> {
    const headers = (authorization: string | undefined): Record<string, string> => ({
      ...(accept ? { Accept: accept } : {}),
      ...(authorization ? { Authorization: authorization } : {})
    });
    let exchange = await this.fetch(
      url,
      headers(this.authorizations.get('basic') ?? this.authorizations.get(this.scopeKey(repository))),
      what
    );
    if (exchange.response.status === 401) {
      const challenge = exchange.response.headers.get('www-authenticate') ?? '';
      await this.discard(exchange);
      const authorization = await this.authenticate(challenge, repository, what);
      if (authorization instanceof PermanentFailure) return authorization;
      exchange = await this.fetch(url, headers(authorization), what);
    }
    const { response } = exchange;
    if (response.ok || response.status === 404) return exchange;
    const message = await this.statusMessage(exchange, what);
    if (retriedStatuses.has(response.status)) throw new Error(message);
    if (response.status === 401 || response.status === 403) {
      this.authorizations.delete(this.scopeKey(repository));
      const login = this.credentials
        ? `as ${this.credentials.username}`
        : 'without credentials (no login for it in DOCKER_CONFIG)';
      return new PermanentFailure(new Error(`${message}; access was refused ${login}`));
    }
    return new PermanentFailure(new Error(message));
  }

  /** The Authorization header a challenge asks for, fetching a token for Bearer. */
  private async authenticate(header: string, repository: string, what: string): Promise<string | PermanentFailure> {
    const challenge = parseChallenge(header);
    const refused = (detail: string): PermanentFailure =>
      new PermanentFailure(new Error(`Registry ${this.registry} answered HTTP 401 to reading ${what}: ${detail}`));
    if (challenge.scheme === 'basic') {
      const basic = this.basicAuthorization();
      if (!basic) return refused('it requires a login and DOCKER_CONFIG has none for it');
      this.authorizations.set('basic', basic);
      return basic;
    }
    if (challenge.scheme !== 'bearer' || !challenge.params['realm'])
      return refused(`unsupported authentication challenge '${header}'`);
    let tokenUrl: URL;
    try {
      tokenUrl = new URL(challenge.params['realm']);
    } catch {
      return refused(`the token realm '${challenge.params['realm']}' is not a URL`);
    }
    if (challenge.params['service']) tokenUrl.searchParams.set('service', challenge.params['service']);
    for (const scope of (challenge.params['scope'] ?? this.scopeKey(repository)).split(' ').filter(Boolean))
      tokenUrl.searchParams.append('scope', scope);
    const basic = this.basicAuthorization();
    const tokenWhat = `a token for ${what} from ${tokenUrl.origin}${tokenUrl.pathname}`;
    const exchange = await this.fetch(tokenUrl.toString(), basic ? { Authorization: basic } : {}, tokenWhat);
    if (!exchange.response.ok) {
      const message = await this.statusMessage(exchange, tokenWhat);
      if (retriedStatuses.has(exchange.response.status)) throw new Error(message);
      return new PermanentFailure(
        new Error(
          `${message}; ${this.credentials ? `the login of ${this.credentials.username} was refused` : 'no login for it in DOCKER_CONFIG'}`
        )
      );
    }
    const body = await this.readBody(exchange, tokenWhat);
    let token: unknown;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = parsed.token ?? parsed.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '')
      return refused(`the token service at ${tokenUrl.origin} answered without a token`);
    const authorization = `Bearer ${token}`;
    this.authorizations.set(this.scopeKey(repository), authorization);
    return authorization;
  }

  private async fetch(url: string, headers: Record<string, string>, what: string): Promise<Exchange> {
    const timeout = new IdleTimeout(this.timeoutMs);
    try {
      const response = await fetch(url, { headers, redirect: 'follow', signal: timeout.controller.signal });
      return { response, timeout };
    } catch (error) {
      timeout.clear();
      const problem = timeout.timedOut ? `i/o timeout (no answer within ${timeout.ms} ms)` : networkProblem(error);
      throw new Error(`Could not reach registry ${this.registry} for ${what}: ${problem}`, { cause: error });
    }
  }

  private async readBody(exchange: Exchange, what: string): Promise<Buffer> {
    try {
      return Buffer.from(await exchange.response.arrayBuffer());
    } catch (error) {
      const problem = exchange.timeout.timedOut
        ? `i/o timeout (nothing for ${exchange.timeout.ms} ms)`
        : networkProblem(error);
      throw new Error(`Registry ${this.registry} broke off sending ${what}: ${problem}`, { cause: error });
    } finally {
      exchange.timeout.clear();
    }
  }

  /** Frees the connection of a response whose body is not wanted. */
  private async discard(exchange: Exchange): Promise<void> {
    exchange.timeout.clear();
    await exchange.response.body?.cancel().catch(() => undefined);
  }

  /** "Registry r answered HTTP 404 Not Found to reading …", with the registry's own error codes. */
  private async statusMessage(exchange: Exchange, what: string): Promise<string> {
    const { response } = exchange;
    let detail = '';
    try {
      const text = (await this.readBody(exchange, what)).toString('utf8');
      const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
      detail = errors.map((entry) => [entry.code, entry.message].filter(Boolean).join(': ')).join('; ');
    } catch {
      // A body that is not the registry's JSON error adds nothing.
    }
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return `Registry ${this.registry} answered ${status} to reading ${what}${detail ? ` (${detail})` : ''}`;
  }

  private checkedStream(exchange: Exchange, digest: string, what: string): NodeJS.ReadableStream {
    const { response, timeout } = exchange;
    const output = new PassThrough();
    if (!response.body) {
      timeout.clear();
      output.destroy(new Error(`Registry ${this.registry} sent no body for ${what}`));
      return output;
    }
    const source = Readable.fromWeb(response.body);
    const [algorithm = ''] = digest.split(':');
    const hash = algorithm === 'sha256' || algorithm === 'sha512' ? createHash(algorithm) : undefined;
    let received = 0;
    source.on('data', (chunk: Buffer) => {
      timeout.refresh();
      received += chunk.length;
      hash?.update(chunk);
    });
    source.on('error', (error) => {
      const problem = timeout.timedOut ? `i/o timeout (nothing for ${timeout.ms} ms)` : networkProblem(error);
      output.destroy(
        new Error(`Registry ${this.registry} broke off sending ${what} after ${received} bytes: ${problem}`, {
          cause: error
        })
      );
    });
    source.on('end', () => {
      timeout.clear();
      const actual = hash ? `${algorithm}:${hash.digest('hex')}` : digest;
      if (actual !== digest)
        output.destroy(new Error(`Registry ${this.registry} served ${what} whose content has digest ${actual}`));
      else output.end();
    });
    // The consumer may stop early (audit limits): release the connection then.
    output.on('close', () => {
      timeout.clear();
      if (!source.destroyed) source.destroy();
    });
    source.pipe(output, { end: false });
    return output;
  }
}

/**
 * Node loads and compiles its fetch implementation on first use (about 50 ms here). Called while
 * the build runs, that cost overlaps the build instead of delaying the checks after the push.
 */
export function warmUpHttpClient(): void {
  void fetch('data:,')
    .then((response) => response.arrayBuffer())
    .catch(() => undefined);
}
