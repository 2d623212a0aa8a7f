import * as http from 'node:http';
import { ActionError } from '../model/errors.js';

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
