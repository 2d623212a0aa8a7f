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

/** One `docker info` (through `context` when given): the version and the image store. */
export async function readDaemonFacts(context?: string): Promise<DaemonFacts> {
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
