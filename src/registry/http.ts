// HTTP plumbing of the registry client: where a registry's API lives, idle timeouts, network
// errors in words the retry policy knows, and response bodies read under a size cap.
import { Readable } from 'node:stream';
import { DOCKER_HUB_HOSTS } from '../model/references.js';

/** Caps on what is kept in memory from a registry's answers. */
export const responseLimits = {
  /** The common limit of registries for manifests and indexes (distribution, GHCR, ECR). */
  manifest: 4 * 1024 * 1024,
  /** A token reply is a few KiB; cloud tokens stay far below this. */
  token: 1024 * 1024,
  /** Only read for the registry's error codes. */
  errorBody: 64 * 1024,
  /** An image config. */
  config: 4 * 1024 * 1024
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

/** Docker talks plain HTTP to loopback registries only. */
export function isLoopbackRegistry(registry: string): boolean {
  return isLoopbackHost(registry);
}

/** Where the API of a registry lives: https://host, http:// for loopback, Docker Hub's API host for docker.io. */
export function registryBaseUrl(registry: string): string {
  const host = DOCKER_HUB_HOSTS.has(registry.toLowerCase()) ? 'registry-1.docker.io' : registry;
  return `${isLoopbackRegistry(host) ? 'http' : 'https'}://${host}`;
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

/** Aborts a request when nothing arrives for a while; refreshed as body chunks come in. */
export class IdleTimeout {
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

export interface Exchange {
  response: Response;
  timeout: IdleTimeout;
}

/** A body over its cap: never worth a retry, the registry will send the same again. */
export class ResponseTooLarge extends Error {
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
    const source = Readable.fromWeb(response.body);
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      timeout.refresh();
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

/** A failure waiting will not fix; returned from a retried action so withRetry never sees it. */
export class PermanentFailure {
  constructor(readonly error: Error) {}
}
