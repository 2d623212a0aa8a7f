// A fault-injecting HTTP proxy on 127.0.0.1 (random port) in front of the real test registry.
// Requests pass through unchanged, Host header included, so the registry builds its Location
// URLs for the proxy's address and clients keep talking through it. Fault rules answer 503
// (or any status) instead, for a number of matching requests or for all of them.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultRule {
  /** How many matching requests to fail; Infinity keeps failing. */
  count: number;
  status?: number;
  /** Which requests the rule applies to; every request when absent. */
  match?: (request: { method: string; path: string }) => boolean;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
  /** True when the proxy answered itself instead of forwarding. */
  faulted: boolean;
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
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  faults?: FaultRule[];
  upstreamHost?: string;
  upstreamPort: number;
}

const statusText: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
};

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstreamHost = options.upstreamHost ?? '127.0.0.1';
  let rules: { rule: FaultRule; left: number }[] = [];
  const setFaults = (next: FaultRule[]): void => {
    rules = next.map((rule) => ({ rule, left: rule.count }));
  };
  setFaults(options.faults ?? []);
  const requests: ProxiedRequest[] = [];
  let nonHttp = 0;

  const takeFault = (method: string, path: string): FaultRule | undefined => {
    const hit = rules.find(({ rule, left }) => left > 0 && (rule.match?.({ method, path }) ?? true));
    if (hit) hit.left -= 1;
    return hit?.rule;
  };

  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const fault = takeFault(method, path);
    if (fault) {
      const status = fault.status ?? 503;
      requests.push({ method, path, status, faulted: true });
      incoming.resume();
      outgoing.writeHead(status, statusText[status] ?? 'Fault', { 'content-type': 'text/plain', connection: 'close' });
      outgoing.end(method === 'HEAD' ? undefined : `${statusText[status] ?? 'Fault'} (injected by the test proxy)\n`);
      return;
    }
    const upstream = httpRequest(
      { host: upstreamHost, port: options.upstreamPort, method, path, headers: incoming.rawHeaders },
      (answer) => {
        const location = answer.headers.location;
        requests.push({
          method,
          path,
          status: answer.statusCode ?? 0,
          faulted: false,
          ...(location ? { location } : {})
        });
        outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(outgoing);
      }
    );
    upstream.on('error', (error) => {
      requests.push({ method, path, status: 502, faulted: false });
      if (outgoing.headersSent) outgoing.destroy(error);
      else outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream: ${error.message}\n`);
    });
    incoming.pipe(upstream);
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}
