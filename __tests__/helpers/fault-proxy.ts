// A fault-injecting HTTP proxy on 127.0.0.1 (random port) in front of a real test registry.
// Requests pass through unchanged, Host header included, so the registry builds its Location
// URLs for the proxy's address and clients keep talking through it. Fault rules answer 503
// (or any status) instead, for a number of matching requests or for all of them. With `random`,
// a seeded generator faults a share of all requests the way registries fail in the wild (429
// with Retry-After, 500/502/503, resets in the middle of a body, slow answers, slow commits),
// never more than `maxInARow` times in a row for one request (a request kind no digest tells apart,
// such as an upload's start, shared by every blob, at most that many times in all).
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultRule {
  /** How many matching requests to fail; Infinity keeps failing. */
  count: number;
  status?: number;
  /** Which requests the rule applies to; every request when absent. */
  match?: (request: { method: string; path: string }) => boolean;
}

export type FaultKind =
  '429' | '500' | '502' | '503' | 'reset-request' | 'reset-response' | 'slow-answer' | 'slow-commit';

export const allFaultKinds: readonly FaultKind[] = [
  '429',
  '500',
  '502',
  '503',
  'reset-request',
  'reset-response',
  'slow-answer',
  'slow-commit'
];

export interface RandomFaults {
  seed: number;
  /** The share of requests faulted, 0 to 1. */
  rate: number;
  /** Never more faults than this in a row for one request (method and path, upload sessions folded). */
  maxInARow: number;
  kinds?: readonly FaultKind[];
  /** Retry-After of the 429s, in seconds. */
  retryAfterSeconds?: number;
  /** How long a slow answer is held before it is forwarded. */
  slowMs?: number;
  /** How long the answer to a PUT (an upload's commit, a manifest) is held after the registry gave it. */
  commitDelayMs?: number;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
  /** True when the proxy answered itself instead of forwarding (or broke the exchange off). */
  faulted: boolean;
  /** The injected fault, for random faults. */
  fault?: FaultKind;
  location?: string;
}

export interface FaultProxy {
  /** host:port clients use, e.g. 127.0.0.1:40123. */
  address: string;
  port: number;
  requests: ProxiedRequest[];
  /** Connections that did not speak HTTP (clients probing TLS first, then falling back). */
  nonHttpConnections(): number;
  /** Replaces the fault rules; counts start over. */
  setFaults(rules: FaultRule[]): void;
  /** Starts (or, with undefined, stops) seeded random faults; streaks start over. */
  setRandomFaults(random: RandomFaults | undefined): void;
  /** Holds the answer to matching requests for `ms` after the registry gave it (a slow commit). */
  setAnswerDelay(
    delay: { ms: number; match: (request: { method: string; path: string }) => boolean } | undefined
  ): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  faults?: FaultRule[];
  random?: RandomFaults;
  upstreamHost?: string;
  upstreamPort: number;
}

const statusText: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
};

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One request as the streak counts it: upload sessions are new each time, the blob they upload is not. */
export function requestKey(method: string, path: string): string {
  const url = new URL(path, 'http://proxy');
  const folded = url.pathname.replace(/\/blobs\/uploads\/[^/]+$/, '/blobs/uploads/<session>');
  const digest = url.searchParams.get('digest') ?? url.searchParams.get('mount') ?? '';
  return `${method} ${folded} ${digest}`;
}

/** An upload's start or one of its sessions' requests, with no digest to tell which blob's. */
const sharedByBlobs = (key: string): boolean => / \/v2\/.+\/blobs\/uploads\/(<session>)? $/.test(key);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Which random fault (if any) a request gets, within the streak bound and the kinds that fit it. */
class RandomFaulter {
  private readonly next: () => number;
  private readonly streaks = new Map<string, number>();

  constructor(readonly config: RandomFaults) {
    this.next = seededRandom(config.seed);
  }

  pick(method: string, path: string): FaultKind | undefined {
    const key = requestKey(method, path);
    const roll = this.next();
    const choice = this.next();
    const streak = this.streaks.get(key) ?? 0;
    const kinds = (this.config.kinds ?? allFaultKinds).filter((kind) => fits(kind, method));
    if (roll >= this.config.rate || streak >= this.config.maxInARow || kinds.length === 0) {
      // A key with no digest (an upload's start, its chunks) is every blob's at once: another blob's
      // success ends no streak of this one's, so such a key gets at most maxInARow faults in all.
      if (!sharedByBlobs(key)) this.streaks.set(key, 0);
      return undefined;
    }
    this.streaks.set(key, streak + 1);
    return kinds[Math.floor(choice * kinds.length)];
  }
}

/** A reset mid-request needs a body to cut; a slow commit is an answer to a PUT. */
function fits(kind: FaultKind, method: string): boolean {
  if (kind === 'reset-request') return method === 'PUT' || method === 'PATCH';
  if (kind === 'slow-commit') return method === 'PUT';
  return true;
}

/** Answers with an error status of its own, never asking the registry. */
function answerStatus(outgoing: ServerResponse, incoming: IncomingMessage, status: number, retryAfter?: number): void {
  incoming.resume();
  const text = statusText[status] ?? 'Fault';
  outgoing.writeHead(status, text, {
    'content-type': 'text/plain',
    connection: 'close',
    ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {})
  });
  outgoing.end(incoming.method === 'HEAD' ? undefined : `${text} (injected by the test proxy)\n`);
}

interface Forwarding {
  /** Breaks the answer off halfway (after the registry handled the request). */
  cutAnswer?: boolean;
  /** Breaks the request body off after a few KiB (the registry never gets all of it). */
  cutRequest?: boolean;
  /** Holds the registry's answer this long before passing it on. */
  holdMs?: number;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstreamHost = options.upstreamHost ?? '127.0.0.1';
  let rules: { rule: FaultRule; left: number }[] = [];
  const setFaults = (next: FaultRule[]): void => {
    rules = next.map((rule) => ({ rule, left: rule.count }));
  };
  setFaults(options.faults ?? []);
  let random = options.random ? new RandomFaulter(options.random) : undefined;
  let answerDelay: { ms: number; match: (request: { method: string; path: string }) => boolean } | undefined;
  const requests: ProxiedRequest[] = [];
  let nonHttp = 0;

  const takeFault = (method: string, path: string): FaultRule | undefined => {
    const hit = rules.find(({ rule, left }) => left > 0 && (rule.match?.({ method, path }) ?? true));
    if (hit) hit.left -= 1;
    return hit?.rule;
  };

  const forward = (
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    how: Forwarding & { fault?: FaultKind }
  ): void => {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const faulted = how.fault !== undefined && how.fault !== 'slow-answer' && how.fault !== 'slow-commit';
    const upstream = httpRequest(
      { host: upstreamHost, port: options.upstreamPort, method, path, headers: incoming.rawHeaders },
      (answer) => {
        const location = answer.headers.location;
        requests.push({
          method,
          path,
          status: answer.statusCode ?? 0,
          faulted,
          ...(how.fault ? { fault: how.fault } : {}),
          ...(location ? { location } : {})
        });
        const pass = (): void => {
          if (outgoing.destroyed) return void answer.resume();
          if (how.cutAnswer) return cutOff(answer, outgoing);
          outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
          answer.pipe(outgoing);
        };
        if (how.holdMs) setTimeout(pass, how.holdMs);
        else pass();
      }
    );
    upstream.on('error', (error) => {
      if (how.cutRequest) return void requests.push({ method, path, status: 0, faulted: true, fault: 'reset-request' });
      requests.push({ method, path, status: 502, faulted: false });
      if (outgoing.destroyed) return;
      if (outgoing.headersSent) outgoing.destroy(error);
      else outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream: ${error.message}\n`);
    });
    if (how.cutRequest) return cutRequest(incoming, upstream);
    incoming.pipe(upstream);
  };

  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const fault = takeFault(method, path);
    if (fault) {
      const status = fault.status ?? 503;
      requests.push({ method, path, status, faulted: true });
      return answerStatus(outgoing, incoming, status);
    }
    const delayed = answerDelay?.match({ method, path }) ? answerDelay.ms : undefined;
    const kind = random?.pick(method, path);
    if (kind === undefined) return forward(incoming, outgoing, delayed ? { holdMs: delayed } : {});
    const config = random?.config;
    if (/^\d+$/.test(kind)) {
      requests.push({ method, path, status: Number(kind), faulted: true, fault: kind });
      return answerStatus(
        outgoing,
        incoming,
        Number(kind),
        kind === '429' ? (config?.retryAfterSeconds ?? 1) : undefined
      );
    }
    if (kind === 'slow-answer')
      return void sleep(config?.slowMs ?? 2000).then(() => forward(incoming, outgoing, { fault: kind }));
    if (kind === 'slow-commit')
      return forward(incoming, outgoing, { fault: kind, holdMs: (delayed ?? 0) + (config?.commitDelayMs ?? 3000) });
    if (kind === 'reset-request') return forward(incoming, outgoing, { fault: kind, cutRequest: true });
    return forward(incoming, outgoing, { fault: kind, cutAnswer: true });
  });
  // Docker and containerd try TLS first on 127.0.0.1 and fall back to plain HTTP only when the
  // server answers in HTTP; a bare hang-up reads as EOF and is retried forever instead.
  server.on('clientError', (_error, socket: Socket) => {
    nonHttp += 1;
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    requests,
    nonHttpConnections: () => nonHttp,
    setFaults,
    setRandomFaults: (next) => {
      random = next ? new RandomFaulter(next) : undefined;
    },
    setAnswerDelay: (next) => {
      answerDelay = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}

/** Passes the registry's status line and half of its body (none of an empty one), then resets. */
function cutOff(answer: IncomingMessage, outgoing: ServerResponse): void {
  const length = Number(answer.headers['content-length'] ?? '0');
  if (outgoing.req.method === 'HEAD' || !(length > 1)) {
    answer.resume();
    return void outgoing.socket?.destroy();
  }
  outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
  let sent = 0;
  answer.on('data', (chunk: Buffer) => {
    if (outgoing.destroyed) return;
    const room = Math.floor(length / 2) - sent;
    if (room > 0) {
      outgoing.write(chunk.subarray(0, room));
      sent += Math.min(room, chunk.length);
    }
    if (sent >= Math.floor(length / 2)) outgoing.socket?.destroy();
  });
}

/** Sends the registry a few KiB of the request body, then resets both sides. */
function cutRequest(incoming: IncomingMessage, upstream: ReturnType<typeof httpRequest>): void {
  let passed = 0;
  incoming.on('data', (chunk: Buffer) => {
    passed += chunk.length;
    if (passed > 4096) {
      upstream.destroy();
      incoming.socket.destroy();
      return;
    }
    upstream.write(chunk);
  });
  incoming.on('end', () => {
    // The whole body was a few KiB (a manifest): it never reaches the registry.
    upstream.destroy();
    incoming.socket.destroy();
  });
}
