import * as http from 'node:http';
import { ActionError } from '../model/errors.js';
import { run } from '../seams/exec.js';
import { hasContainerdStore } from './driver-auto.js';

/** What driver: auto and the cache read from the daemon, in one `docker info`. */
export interface DaemonFacts {
  /** The daemon's version ('' when unreadable). */
  dockerEngine: string;
  /** Whether it runs the containerd image store (docker info's driver-type io.containerd.snapshotter.v1). */
  containerdStore: boolean;
}

/** Where to read the facts: a unix:// host is asked on its socket, anything else through docker (a context when given). */
export interface DaemonAddress {
  context?: string;
  host?: string;
}

const INFO_LIMIT_BYTES = 4 * 1024 * 1024;

/** The Engine API's GET /info on a unix socket: what `docker info` says, without starting the CLI; undefined on any failure. */
function infoFromSocket(socketPath: string, timeoutMs = 5000): Promise<DaemonFacts | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: '/info', timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > INFO_LIMIT_BYTES) request.destroy();
        else chunks.push(chunk);
      });
      response.on('end', () => resolve(response.statusCode === 200 ? parseInfo(Buffer.concat(chunks)) : undefined));
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
    request.on('close', () => resolve(undefined));
  });
}

/** The two facts of /info's JSON; undefined when it is not what the Engine API sends. */
function parseInfo(body: Buffer): DaemonFacts | undefined {
  try {
    const info = JSON.parse(body.toString('utf8')) as { ServerVersion?: unknown; DriverStatus?: unknown };
    if (typeof info.ServerVersion !== 'string') return undefined;
    return { dockerEngine: info.ServerVersion, containerdStore: hasContainerdStore(JSON.stringify(info.DriverStatus)) };
  } catch {
    return undefined;
  }
}

/** The daemon's version and image store: from its socket when it has one here, else one `docker info`. */
export async function readDaemonFacts({ context, host }: DaemonAddress = {}): Promise<DaemonFacts> {
  if (host?.startsWith('unix://')) {
    const facts = await infoFromSocket(host.slice('unix://'.length));
    if (facts) return facts;
  }
  const info = await run(
    'docker',
    [...(context ? ['--context', context] : []), 'info', '--format', '{{.ServerVersion}}|{{json .DriverStatus}}'],
    { allowFailure: true }
  );
  const [dockerEngine = '', status = ''] = info.exitCode === 0 ? info.stdout.trim().split('|') : [];
  return { dockerEngine, containerdStore: hasContainerdStore(status) };
}

/**
 * Pings the daemon's socket directly (a few milliseconds, no docker CLI start-up) so a stopped
 * daemon is reported first and plainly, not as the failure of some later command.
 */
export async function checkDaemon(dockerHost: string, timeoutMs = 5000): Promise<void> {
  if (!dockerHost.startsWith('unix://')) return;
  const socketPath = dockerHost.slice('unix://'.length);
  const problem = await new Promise<string | undefined>((resolve) => {
    const request = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `it answered /_ping with HTTP ${response.statusCode}`);
    });
    request.on('timeout', () => {
      request.destroy();
      resolve(`no answer within ${timeoutMs / 1000} s`);
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ENOENT' ? `${socketPath} does not exist` : `${error.code ?? error.message}`)
    );
  });
  if (problem) {
    throw new ActionError(
      `The Docker daemon is not running or not reachable at ${dockerHost}: ${problem}.`,
      'start dockerd (or Docker on the runner) before this step, or point DOCKER_HOST / the endpoint input at a running daemon.'
    );
  }
}
