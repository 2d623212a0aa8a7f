// HTTP plumbing of the registry client: where a registry's API lives, idle timeouts, network
// errors in words the retry policy knows, and response bodies read under a size cap.
import { BlockList, isIP } from 'node:net';
import { Readable } from 'node:stream';
import { DOCKER_HUB_HOSTS } from '../model/references.js';
import { parseRetryAfter, RetryLater } from '../seams/retry-policy.js';

/** Caps on what is kept in memory from a registry's answers besides its documents (model/oci.ts documentLimits). */
export const responseLimits = {
  /** A token reply is a few KiB; cloud tokens stay far below this. */
  token: 1024 * 1024,
  /** Only read for the registry's error codes. */
  errorBody: 64 * 1024
} as const;

function hostName(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']') > 0 ? hostPort.indexOf(']') : undefined);
  const colon = hostPort.lastIndexOf(':');
  return colon >= 0 ? hostPort.slice(0, colon) : hostPort;
}

/** localhost, 127.0.0.0/8 and ::1, given as a host name (URL.hostname) or host[:port]. */
export function isLoopbackHost(host: string): boolean {
  const name = (host.startsWith('[') || host.split(':').length === 2 ? hostName(host) : host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Where the API of a registry lives: https://host, http:// for loopback (as docker: plain HTTP to loopback only), Docker Hub's API host for docker.io. */
export function registryBaseUrl(registry: string): string {
  const host = DOCKER_HUB_HOSTS.has(registry.toLowerCase()) ? 'registry-1.docker.io' : registry;
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}

// Where a remote registry may not send the client: this machine (loopback, "any") and link-local
// addresses (cloud metadata services live at 169.254.169.254).
const localAddresses = new BlockList();
localAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
localAddresses.addSubnet('169.254.0.0', 16, 'ipv4');
localAddresses.addAddress('0.0.0.0', 'ipv4');
localAddresses.addAddress('::1', 'ipv6');
localAddresses.addAddress('::', 'ipv6');
localAddresses.addSubnet('fe80::', 10, 'ipv6');

/** A loopback, unspecified or link-local address (IPv4-mapped ones too), or localhost by name. */
export function isLocalAddress(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = isIP(name);
  if (family === 0) return false;
  return localAddresses.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why the client must not follow a registry from `from` to `to` (a redirect, an upload Location),
 * or undefined when it may: only http(s), never from https down to http, and never to this
 * machine or a link-local address unless the registry itself is on loopback.
 */
export function targetRefusal(from: URL, to: URL, registryOnLoopback: boolean): string | undefined {
  if (to.protocol !== 'https:' && to.protocol !== 'http:') return `${to.protocol} is not http or https`;
  if (from.protocol === 'https:' && to.protocol === 'http:') return 'it would go from https down to plain http';
  if (!registryOnLoopback && isLocalAddress(to.hostname))
    return `${to.hostname} is on this machine or link-local, and the registry is not on loopback`;
  return undefined;
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

export function networkProblem(error: unknown): string {
  const outer = error as { message?: string; code?: string; cause?: { message?: string; code?: string } } | undefined;
  const code = outer?.cause?.code ?? outer?.code;
  const detail = outer?.cause?.message ?? outer?.message ?? String(error);
  const phrase = code ? networkPhrases[code] : undefined;
  return phrase ? `${phrase} (${code}: ${detail})` : detail;
}

/**
 * How long a request may go without progress. Progress is counted in bytes either way (the body
 * sent, the answer read): the idle bound restarts only once `minProgressBytes` more have moved,
 * so a server that trickles a byte at a time is cut off like a silent one. Once a body is sent,
 * the answer may take `commitMs` (a registry committing a big layer); a capped document (a
 * manifest, a token, an error) must arrive whole within `documentMs` of its headers.
 */
export interface TimeBounds {
  idleMs: number;
  commitMs: number;
  documentMs: number;
  minProgressBytes: number;
}

export const defaultTimeBounds: TimeBounds = {
  idleMs: 30_000,
  commitMs: 300_000,
  documentMs: 60_000,
  minProgressBytes: 64 * 1024
};

/** Why a watchdog ended a request, in words the retry policy knows ("i/o timeout") or not ("too slow"). */
type Expiry = 'idle' | 'commit' | 'document';

/** Aborts a request whose transfer stops making progress, or a document that takes too long. */
export class Watchdog {
  readonly controller = new AbortController();
  expired: Expiry | undefined;
  private phase: Expiry = 'idle';
  private moved = 0;
  private ended = false;
  private currentMs: number;
  private timer: NodeJS.Timeout;
  private deadline: NodeJS.Timeout | undefined;

  constructor(readonly bounds: TimeBounds) {
    this.currentMs = bounds.idleMs;
    this.timer = this.start(bounds.idleMs);
  }

  /** Whether the request was ended by this watchdog (rather than by the network). */
  get timedOut(): boolean {
    return this.expired !== undefined;
  }

  /** Bytes moved either way: the idle bound restarts once enough of them have. */
  progress(bytes: number): void {
    this.moved += bytes;
    if (this.moved < this.bounds.minProgressBytes) return;
    this.arm('idle', this.bounds.idleMs);
  }

  /** The body is sent: now the registry commits it, which may take long. */
  sent(): void {
    this.arm('commit', this.bounds.commitMs);
  }

  /** The answer's headers are in: the body must keep coming. */
  answered(): void {
    this.arm('idle', this.bounds.idleMs);
  }

  /** A capped document: it arrives whole within the document bound, however it trickles. */
  limitTotal(): void {
    if (this.deadline || this.ended) return;
    this.deadline = setTimeout(() => this.expire('document'), this.bounds.documentMs);
    this.deadline.unref();
  }

  clear(): void {
    this.ended = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
  }

  /** What ended the request, for the message. */
  describe(): string {
    const { idleMs, commitMs, documentMs, minProgressBytes } = this.bounds;
    if (this.expired === 'commit') return `i/o timeout (no answer within ${commitMs / 1000} s after the body was sent)`;
    if (this.expired === 'document')
      return `too slow: not complete within ${documentMs / 1000} s (a registry sends a document at once)`;
    return `i/o timeout (less than ${minProgressBytes / 1024} KiB moved in ${idleMs / 1000} s)`;
  }

  private start(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.expire(this.phase), ms);
    timer.unref();
    return timer;
  }

  private arm(phase: Expiry, ms: number): void {
    if (this.ended) return;
    this.phase = phase;
    this.moved = 0;
    if (ms === this.currentMs) return void this.timer.refresh();
    clearTimeout(this.timer);
    this.currentMs = ms;
    this.timer = this.start(ms);
  }

  private expire(why: Expiry): void {
    if (this.expired || this.ended) return;
    this.expired = why;
    this.controller.abort();
  }
}

export interface Exchange {
  response: Response;
  timeout: Watchdog;
  /** The URL that answered (after any redirects). */
  url: string;
}

/** A body over its cap: never worth a retry, the registry will send the same again. */
class ResponseTooLarge extends Error {
  constructor(what: string, limit: number, seen: string) {
    super(`${what} is larger than the ${limit} bytes this client accepts (${seen})`);
    this.name = 'ResponseTooLarge';
  }
}

/** Frees the connection of a response whose body is not wanted. */
export async function discard(exchange: Exchange): Promise<void> {
  exchange.timeout.clear();
  await exchange.response.body?.cancel().catch(() => undefined);
}

/**
 * The body, refused when Content-Length announces more than `limit` bytes or when more arrive
 * than that while streaming (a missing or lying Content-Length changes nothing).
 */
export async function readCapped(exchange: Exchange, limit: number, what: string): Promise<Buffer> {
  const { response, timeout } = exchange;
  try {
    const declared = Number(response.headers.get('content-length') ?? '');
    if (Number.isFinite(declared) && declared > limit) {
      await discard(exchange);
      throw new ResponseTooLarge(what, limit, `Content-Length ${declared}`);
    }
    if (!response.body) return Buffer.alloc(0);
    timeout.limitTotal();
    const source = Readable.fromWeb(response.body);
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      timeout.progress(chunk.length);
      received += chunk.length;
      if (received > limit) {
        source.destroy();
        throw new ResponseTooLarge(what, limit, `${received} bytes received so far`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } finally {
    timeout.clear();
  }
}

/** One entry of a registry's JSON error body (distribution spec: `{"errors": [{code, message}]}`). */
export interface RegistryErrorEntry {
  code?: string;
  message?: string;
}

/** The entries of a registry's JSON error body; none when it is not one. */
export function registryErrorEntries(text: string): RegistryErrorEntry[] {
  const errors = (JSON.parse(text) as { errors?: unknown }).errors;
  return Array.isArray(errors) ? (errors as RegistryErrorEntry[]) : [];
}

/** The entries as one line for a message: `CODE: message; CODE: message`. */
export const formatRegistryErrors = (entries: readonly RegistryErrorEntry[]): string =>
  entries.map((entry) => [entry.code, entry.message].filter(Boolean).join(': ')).join('; ');

/** A registry answered with a refusal: the message, with the status and the error entries kept as sent. */
export class RegistryRefusal extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: readonly RegistryErrorEntry[]
  ) {
    super(message);
    this.name = 'RegistryRefusal';
  }
}

/** A failure waiting will not fix; returned from a retried action so withRetry never sees it. */
export class PermanentFailure {
  constructor(readonly error: Error) {}
}

/** Answers worth another try: rate limits and a registry's passing failures. */
const retriedStatuses = new Set([429, 500, 502, 503, 504]);

/** The error to retry for an answer that says "later" (with its Retry-After), or undefined for any other. */
export function retryLaterFor(response: Response, message: string): RetryLater | undefined {
  if (!retriedStatuses.has(response.status)) return undefined;
  return new RetryLater(message, parseRetryAfter(response.headers.get('retry-after')));
}
