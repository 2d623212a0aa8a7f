// A Docker Engine API on a unix socket of its own, answering GET /info as the test says: the daemon
// facts read without the docker CLI (src/buildx/daemon.ts), with no real daemon involved.
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface FakeEngine {
  /** unix://<socket>, as DOCKER_HOST names it. */
  host: string;
  /** The paths asked, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the fake; `info` is the status and body GET /info answers with. */
export async function startFakeEngine(info: { status: number; body: string }): Promise<FakeEngine> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-engine-'));
  const socketPath = path.join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/info') response.writeHead(info.status, { 'content-type': 'application/json' }).end(info.body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    host: `unix://${socketPath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        server.closeAllConnections();
      })
  };
}

/** /info's body for a daemon of this version, with or without the containerd image store. */
export const infoBody = (version: string, containerdStore: boolean): string =>
  JSON.stringify({
    ServerVersion: version,
    Driver: containerdStore ? 'overlayfs' : 'overlay2',
    DriverStatus: containerdStore
      ? [['driver-type', 'io.containerd.snapshotter.v1']]
      : [['Backing Filesystem', 'extfs']]
  });
