import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers for one path: inline content, or a file on disk streamed as is. */
export type ReleaseFile = { body: string | Buffer } | { file: string };

export interface ReleaseServer {
  url: string;
  /** Requests per path, including ones answered 404. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** A static release host on 127.0.0.1 (random port) laid out like GitHub's release downloads. */
export async function startReleaseServer(files: Record<string, ReleaseFile>): Promise<ReleaseServer> {
  const counts = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const entry = files[path];
    if (entry === undefined || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    response.writeHead(200, {
      'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream'
    });
    if ('body' in entry) response.end(entry.body);
    else createReadStream(entry.file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from fetch and the tool-cache client would hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}
