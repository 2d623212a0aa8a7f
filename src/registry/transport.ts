// One registry's requests on the wire: Node's fetch with redirects followed by hand (each hop
// checked, the login kept to the registry's own origin), the request body counted as progress,
// and a watchdog that ends a request once its transfer stops moving.
import { lookup } from 'node:dns/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import {
  defaultTimeBounds,
  discard,
  isLocalAddress,
  isLoopbackHost,
  networkProblem,
  targetRefusal,
  Watchdog,
  type Exchange,
  type TimeBounds
} from './http.js';

export type RequestBody = Buffer | NodeJS.ReadableStream;

export interface SendInit {
  method?: string;
  headers: Record<string, string>;
  /** Made anew for each hop that sends it again (307/308), since a stream is used up by the first. */
  body?: () => Promise<RequestBody | undefined> | RequestBody | undefined;
}

/** The client refused to go where a registry sent it: never retried, the registry will send the same. */
export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

const MAX_REDIRECTS = 10;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const bodyHeaders = new Set(['content-type', 'content-length', 'content-encoding']);

const without = (headers: Record<string, string>, names: Set<string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase())));

export class Transport {
  readonly origin: string;
  private readonly onLoopback: boolean;

  /** `onLoopback` is whether the registry counts as on this machine: by default, from its host. */
  constructor(
    readonly registry: string,
    baseUrl: string,
    options: { bounds?: TimeBounds; onLoopback?: boolean } = {}
  ) {
    const base = new URL(baseUrl);
    this.origin = base.origin;
    this.onLoopback = options.onLoopback ?? isLoopbackHost(base.hostname);
    this.bounds = options.bounds ?? defaultTimeBounds;
  }

  readonly bounds: TimeBounds;

  /** Sends a request, following redirects after checking each; the exchange of the last hop. */
  async send(url: string, init: SendInit, what: string): Promise<Exchange> {
    let target = new URL(url);
    let method = init.method ?? 'GET';
    let { headers, body } = init;
    for (let hop = 0; ; hop++) {
      const exchange = await this.once(target, { method, headers, body: body ? await body() : undefined }, what);
      const location = exchange.response.headers.get('location');
      if (!redirectStatuses.has(exchange.response.status) || !location) return exchange;
      await discard(exchange);
      if (hop >= MAX_REDIRECTS)
        throw new TargetRefused(`Registry ${this.registry} redirected ${what} more than ${MAX_REDIRECTS} times`);
      const next = new URL(location, target);
      await this.checkTarget(target, next, `redirected ${what}`);
      // As browsers and Go do: 303, and 301/302 after a POST, become a GET without the body.
      if (exchange.response.status === 303 || (exchange.response.status <= 302 && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = without(headers, bodyHeaders);
      }
      // The login goes to the registry's own origin only, never to storage it redirects to.
      if (next.origin !== this.origin) headers = without(headers, new Set(['authorization']));
      target = next;
    }
  }

  /**
   * Throws TargetRefused when the registry at `from` may not send the client to `to` (a redirect
   * or an upload Location): see targetRefusal; a name is resolved and checked the same way.
   */
  async checkTarget(from: URL, to: URL, what: string): Promise<void> {
    const refusal = targetRefusal(from, to, this.onLoopback) ?? (await this.resolvesLocally(to));
    if (refusal)
      throw new TargetRefused(
        `Registry ${this.registry} ${what} to ${to.protocol}//${to.host}${to.pathname}, which the action refuses: ${refusal}`
      );
  }

  /** A host name (not the registry's own) that resolves to this machine or a link-local address. */
  private async resolvesLocally(to: URL): Promise<string | undefined> {
    if (this.onLoopback || to.origin === this.origin || isLocalAddress(to.hostname)) return undefined;
    const addresses = await lookup(to.hostname, { all: true }).catch(() => []);
    const local = addresses.find(({ address }) => isLocalAddress(address));
    return local ? `${to.hostname} resolves to ${local.address}, on this machine or link-local` : undefined;
  }

  private async once(
    target: URL,
    init: { method: string; headers: Record<string, string>; body: RequestBody | undefined },
    what: string
  ): Promise<Exchange> {
    const timeout = new Watchdog(this.bounds);
    const { body, ...rest } = init;
    try {
      const payload = body === undefined ? undefined : this.counted(body, timeout);
      const response = await fetch(target, {
        ...rest,
        ...(payload !== undefined ? { body: payload, duplex: 'half' } : {}),
        redirect: 'manual',
        signal: timeout.controller.signal
      });
      timeout.answered();
      return { response, timeout, url: target.toString() };
    } catch (error) {
      timeout.clear();
      const problem = timeout.timedOut ? timeout.describe() : networkProblem(error);
      throw new Error(`Could not reach registry ${this.registry} for ${what}: ${problem}`, { cause: error });
    }
  }

  /** The body as fetch takes it; a stream counts as progress while it is read, then the commit wait starts. */
  private counted(body: RequestBody, timeout: Watchdog): Buffer | ReadableStream {
    if (Buffer.isBuffer(body)) {
      timeout.sent();
      return body;
    }
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        timeout.progress(chunk.length);
        done(null, chunk);
      },
      flush(done) {
        timeout.sent();
        done();
      }
    });
    return Readable.toWeb(pipeline(Readable.from(body), counter, () => undefined)) as ReadableStream;
  }
}
