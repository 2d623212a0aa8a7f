// Typed stand-in for src/exec.ts, for jest.unstable_mockModule('../../src/seams/exec.js', () => execFixture).
// Import it statically (before the mock is registered): CommandError and lastLines are the real ones,
// so `instanceof CommandError` in the code under test holds for errors a test throws.
import { jest } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Exec from '../src/seams/exec.js';
import type { RunOptions, RunResult, Runner } from '../src/seams/exec.js';
import type * as Self from './exec.js';

export { CommandError, lastLines } from '../src/seams/exec.js';
export type { RunOptions, RunResult, Runner } from '../src/seams/exec.js';

export const ok = (stdout = '', stderr = ''): RunResult => ({ exitCode: 0, stdout, stderr });

const jobEnv: Record<string, string> = {};

/**
 * What `docker login SERVER --username U --password-stdin` leaves behind with docker's file store:
 * the login in the job's config.json (docker files Docker Hub under https://index.docker.io/v1/).
 * For fakes of docker: the login step checks that the login landed there.
 */
export function storeLogin(args: readonly string[], options?: RunOptions): RunResult {
  const dir = jobEnv['DOCKER_CONFIG'];
  const server = args[1] ?? '';
  const username = args[args.indexOf('--username') + 1] ?? '';
  if (dir) {
    const file = path.join(dir, 'config.json');
    const config = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as { auths?: object };
    const key = server === 'docker.io' ? 'https://index.docker.io/v1/' : server;
    const auth = Buffer.from(`${username}:${options?.input ?? ''}`).toString('base64');
    writeFileSync(file, JSON.stringify({ ...config, auths: { ...config.auths, [key]: { auth } } }), { mode: 0o600 });
  }
  return ok('Login Succeeded');
}

const defaultRun: Runner = async (command, args, options) =>
  command === 'docker' && args[0] === 'login' ? storeLogin(args, options) : ok();
/** Records every command; succeeds with empty output unless a test gives it an implementation. */
export const run = jest.fn<Runner>(defaultRun);

export const setJobEnv = jest.fn<typeof Exec.setJobEnv>((name, value) => {
  jobEnv[name] = value;
});
export const getJobEnv = jest.fn<typeof Exec.getJobEnv>(() => jobEnv);
export const stopAllCommands = jest.fn<typeof Exec.stopAllCommands>(() => 0);
export const killAllCommands = jest.fn<typeof Exec.killAllCommands>(() => undefined);
/** Never cancelled unless a test says so. */
export const cancellation = jest.fn<typeof Exec.cancellation>(() => undefined);

/** Each recorded call as `command arg arg...`, for readable assertions. */
export function commandLines(): string[] {
  return run.mock.calls.map(([command, args]) => [command, ...args].join(' '));
}

/** The options of each recorded call (undefined when none were passed). */
export function runOptions(): (RunOptions | undefined)[] {
  return run.mock.calls.map(([, , options]) => options);
}

export function resetExecMock(): void {
  run.mockReset();
  run.mockImplementation(defaultRun);
  for (const name of Object.keys(jobEnv)) delete jobEnv[name];
  setJobEnv.mockClear();
  getJobEnv.mockClear();
  stopAllCommands.mockClear();
  killAllCommands.mockClear();
  cancellation.mockReset();
  cancellation.mockImplementation(() => undefined);
}

// Compile-time proof that this fixture provides every export of the real module.
type Provides<Fixture extends Real, Real> = Fixture;
export type ExecFixtureIsComplete = Provides<typeof Self, typeof Exec>;
