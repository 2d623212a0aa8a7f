// A small client for the OCI distribution API over Node's fetch: manifests and blobs, read and
// written, with the registry's own auth handshake, so no docker CLI is needed.
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { errorMessage } from '../model/errors.js';
import { isTransientFailure, registryRetry, withRetry, type RetryPolicy } from '../seams/retry-policy.js';
import { Authorizer } from './auth.js';
import {
  defaultTimeBounds,
  discard,
  networkProblem,
  PermanentFailure,
  readCapped,
  registryBaseUrl,
  formatRegistryErrors,
  registryErrorEntries,
  RegistryRefusal,
  responseLimits,
  retryLaterFor,
  type Exchange,
  type RegistryErrorEntry,
  type TimeBounds
} from './http.js';
import { TargetRefused, Transport } from './transport.js';
import { checkDigest, digestOf, parseDocument, verifyDigest } from './document.js';
import { documentLimits, mediaTypes, type OciDocument } from '../model/oci.js';
import type { Credentials } from '../model/login.js';

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  /** The bytes the registry served: what the digest is of, and what a promotion puts back. */
  bytes: Buffer;
  /** Those bytes parsed: an index, a manifest list or an image manifest. */
  json: OciDocument;
  size: number;
}

export interface RegistryClientOptions {
  /** Per request: the idle bound (see TimeBounds); `bounds` sets the others. */
  timeoutMs?: number;
  bounds?: Partial<TimeBounds>;
  retry?: RetryPolicy;
  /** Whether the registry counts as on loopback for redirect checks; by default, from its host (tests set false). */
  registryOnLoopback?: boolean;
}

const manifestAccept = Object.values(mediaTypes).join(', ');
const isDigest = (reference: string): boolean => reference.includes(':');

/** One request of the client: what the auth handshake and error messages need besides the URL. */
export interface RequestSpec {
  method?: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** A path under the registry's API (/v2/…) or an absolute URL on the registry. */
  url: string;
  headers?: Record<string, string>;
  /** Made anew for each try, since a stream is used up by the first one. */
  body?: () => Promise<Buffer | NodeJS.ReadableStream> | Buffer;
  scopes: string[];
  /** "reading" when absent; the verb of the error messages. */
  verb?: string;
  what: string;
  /** Answers returned instead of failing; 2xx and 404 when absent. */
  accept?: (status: number) => boolean;
  /** One try only: the caller retries a larger whole (an upload restarts from a HEAD and a new session). */
  once?: boolean;
}

export const pullScope = (repository: string): string => `repository:${repository}:pull`;
export const pushScope = (repository: string): string => `repository:${repository}:pull,push`;

export class RegistryClient {
  readonly baseUrl: string;
  private readonly transport: Transport;
  readonly retryPolicy: RetryPolicy;
  private readonly authorizer: Authorizer;
  /** Manifests read by digest (immutable), so a second look costs no request. */
  private readonly byDigest = new Map<string, FetchedManifest>();

  constructor(
    readonly registry: string,
    credentials?: Credentials,
    options: RegistryClientOptions = {}
  ) {
    this.baseUrl = registryBaseUrl(registry);
    const bounds = {
      ...defaultTimeBounds,
      ...(options.timeoutMs !== undefined ? { idleMs: options.timeoutMs } : {}),
      ...options.bounds
    };
    this.transport = new Transport(registry, this.baseUrl, {
      bounds,
      ...(options.registryOnLoopback !== undefined ? { onLoopback: options.registryOnLoopback } : {})
    });
    this.retryPolicy = options.retry ?? registryRetry;
    this.authorizer = new Authorizer(
      { name: registry, origin: new URL(this.baseUrl).origin, credentials },
      {
        send: (url, headers, what) => this.transport.send(url, { headers }, what),
        describe: (exchange, action) => this.statusMessage(exchange, action)
      }
    );
  }

  /** The manifest (or index) a tag or digest names; undefined when the registry does not have it. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    if (isDigest(reference)) checkDigest(reference, `${this.registry}/${repository}@${reference}`);
    const cached = this.byDigest.get(`${repository}@${reference}`);
    if (cached) return cached;
    const what = `manifest ${this.display(repository, reference)}`;
    const outcome = await this.retried(`Reading ${what}`, async () => {
      const exchange = await this.open({
        url: `/v2/${repository}/manifests/${reference}`,
        headers: { Accept: manifestAccept },
        scopes: [pullScope(repository)],
        what
      });
      if (exchange instanceof PermanentFailure) return exchange;
      if (exchange.response.status === 404) return void (await discard(exchange));
      return { body: await this.read(exchange, documentLimits.manifest, what), headers: exchange.response.headers };
    });
    if (!outcome) return undefined;
    const { body, headers } = outcome;
    const served = headers.get('docker-content-digest')?.trim() || undefined;
    const claims = [...(isDigest(reference) ? [reference] : []), ...(served ? [served] : [])];
    for (const claim of claims) verifyDigest(body, claim, `Registry ${this.registry} served ${what}`);
    const json = parseDocument(body, `Registry ${this.registry} served ${what} that is not JSON`);
    const mediaType = json.mediaType ?? (headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const manifest = { digest: claims[0] ?? digestOf(body), mediaType, bytes: body, json, size: body.length };
    this.byDigest.set(`${repository}@${manifest.digest}`, manifest);
    return manifest;
  }

  /** A blob's bytes as they arrive, checked against the digest at the end; redirects (to storage) are followed. */
  async getBlob(repository: string, digest: string): Promise<NodeJS.ReadableStream> {
    const what = `blob ${this.display(repository, digest)}`;
    checkDigest(digest, what);
    const exchange = await this.retried(`Reading ${what}`, async () => {
      const exchange = await this.open({
        url: `/v2/${repository}/blobs/${digest}`,
        scopes: [pullScope(repository)],
        what
      });
      if (exchange instanceof PermanentFailure || exchange.response.status !== 404) return exchange;
      await discard(exchange);
      return new PermanentFailure(new Error(`Registry ${this.registry} has no ${what} (HTTP 404)`));
    });
    return this.checkedStream(exchange, digest, what);
  }

  /**
   * One request with the auth handshake and the retry policy: the exchange of an accepted answer
   * (2xx and 404 unless `spec.accept` says otherwise), else the registry's message as an error.
   */
  async request(spec: RequestSpec): Promise<Exchange> {
    if (!spec.once) return this.retried(`${capitalised(spec.verb ?? 'reading')} ${spec.what}`, () => this.open(spec));
    const outcome = await this.open(spec);
    if (outcome instanceof PermanentFailure) throw outcome.error;
    return outcome;
  }

  /**
   * Whether the registry takes this client's login: GET /v2/ through the auth handshake, retried
   * like any request. False when it refuses it (or cannot be asked).
   */
  async acceptsLogin(): Promise<boolean> {
    try {
      const exchange = await this.request({ url: '/v2/', scopes: [], what: 'the API root (a login check)' });
      await discard(exchange);
      return exchange.response.ok;
    } catch {
      return false;
    }
  }

  /** Throws when an upload Location (or any URL the registry named) leads where the client must not go. */
  async checkLocation(location: URL, what: string): Promise<void> {
    await this.transport.checkTarget(new URL(this.baseUrl), location, what);
  }

  /** The body of an accepted answer, refused beyond `limit` bytes. */
  read(exchange: Exchange, limit: number, what: string): Promise<Buffer> {
    return readCapped(exchange, limit, what).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ResponseTooLarge')
        throw new Error(`Registry ${this.registry} sent ${error.message}`);
      const problem = exchange.timeout.timedOut ? exchange.timeout.describe() : networkProblem(error);
      throw new Error(`Registry ${this.registry} broke off sending ${what}: ${problem}`, { cause: error });
    });
  }

  display(repository: string, reference: string): string {
    return `${this.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
  }

  /** Retried per the policy; a failure that outlasted every try says so. */
  private async retried<T>(what: string, action: () => Promise<T | PermanentFailure>): Promise<T> {
    let outcome: T | PermanentFailure;
    try {
      outcome = await withRetry(what, action, this.retryPolicy);
    } catch (error) {
      const message = errorMessage(error);
      if (!isTransientFailure(message) || /gave up/.test(message)) throw error;
      throw new Error(`${message} (gave up after ${this.retryPolicy.attempts} tries)`, { cause: error });
    }
    if (outcome instanceof PermanentFailure) throw outcome.error;
    return outcome;
  }

  /** One try, answering an auth challenge once. Throws what is worth retrying, returns what is not. */
  private async open(spec: RequestSpec): Promise<Exchange | PermanentFailure> {
    try {
      return await this.openOnce(spec);
    } catch (error) {
      if (error instanceof TargetRefused) return new PermanentFailure(error);
      throw error;
    }
  }

  private async openOnce(spec: RequestSpec): Promise<Exchange | PermanentFailure> {
    const url = new URL(spec.url, this.baseUrl).toString();
    const action = `${spec.verb ?? 'reading'} ${spec.what}`;
    const attempt = async (authorization: string | undefined): Promise<Exchange> => {
      const headers = { ...spec.headers, ...(authorization ? { Authorization: authorization } : {}) };
      return this.transport.send(
        url,
        { method: spec.method ?? 'GET', headers, ...(spec.body ? { body: spec.body } : {}) },
        spec.what
      );
    };
    let exchange = await attempt(await this.authorizer.headerFor(url, spec.scopes, spec.what));
    if (exchange.response.status === 401) {
      const challenge = exchange.response.headers.get('www-authenticate') ?? '';
      await discard(exchange);
      this.authorizer.forget(spec.scopes);
      const answeredBy = exchange.url;
      const authorization = await this.authorizer.answer({
        challenge,
        answeredBy,
        scopes: spec.scopes,
        action,
        what: spec.what
      });
      if (authorization instanceof PermanentFailure) return authorization;
      exchange = await attempt(authorization);
    }
    const { response } = exchange;
    if (spec.accept ? spec.accept(response.status) : response.ok || response.status === 404) return exchange;
    const { message, errors } = await this.answerOf(exchange, action);
    const later = retryLaterFor(response, message);
    if (later) throw later;
    if (response.status === 401 || response.status === 403) {
      this.authorizer.forget(spec.scopes);
      const refused = `${message}; access was refused ${this.authorizer.loginText()}`;
      return new PermanentFailure(new RegistryRefusal(refused, response.status, errors));
    }
    return new PermanentFailure(new RegistryRefusal(message, response.status, errors));
  }

  /** "Registry r answered HTTP 404 Not Found to reading …", with the registry's own error codes. */
  private async statusMessage(exchange: Exchange, action: string): Promise<string> {
    return (await this.answerOf(exchange, action)).message;
  }

  /** A refusing answer: its message, and its error entries as the registry sent them. */
  private async answerOf(
    exchange: Exchange,
    action: string
  ): Promise<{ message: string; errors: RegistryErrorEntry[] }> {
    const { response } = exchange;
    let errors: RegistryErrorEntry[] = [];
    try {
      errors = registryErrorEntries(
        (await readCapped(exchange, responseLimits.errorBody, 'an error body')).toString('utf8')
      );
    } catch {
      // A body that is not the registry's JSON error, or too long to be one, adds nothing.
      await discard(exchange);
    }
    const detail = formatRegistryErrors(errors);
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const retryAfter = response.headers.get('retry-after')?.trim();
    const later = retryAfter ? `; Retry-After: ${retryAfter}` : '';
    const message = `Registry ${this.registry} answered ${status} to ${action}${detail ? ` (${detail})` : ''}${later}`;
    return { message, errors };
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
    const hash = createHash(algorithm);
    let received = 0;
    source.on('data', (chunk: Buffer) => {
      timeout.progress(chunk.length);
      received += chunk.length;
      hash.update(chunk);
    });
    source.on('error', (error) => {
      const problem = timeout.timedOut ? timeout.describe() : networkProblem(error);
      output.destroy(
        new Error(`Registry ${this.registry} broke off sending ${what} after ${received} bytes: ${problem}`, {
          cause: error
        })
      );
    });
    source.on('end', () => {
      timeout.clear();
      const actual = `${algorithm}:${hash.digest('hex')}`;
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

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Node loads and compiles its fetch implementation on first use (25–50 ms of the main thread here).
 * Called just before `docker login` starts, that cost overlaps the login instead of delaying the
 * first registry read after it (the base images, the stand-ins).
 */
export function warmUpHttpClient(): void {
  void fetch('data:,')
    .then((response) => response.arrayBuffer())
    .catch(() => undefined);
}
