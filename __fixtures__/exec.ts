// Typed stand-in for src/exec.ts, for jest.unstable_mockModule('../../src/seams/exec.js', () => execFixture).
// Import it statically (before the mock is registered): CommandError and lastLines are the real ones,
// so `instanceof CommandError` in the code under test holds for errors a test throws.
import { jest } from '@jest/globals';
import type * as Exec from '../src/seams/exec.js';
import type { RunOptions, RunResult, Runner } from '../src/seams/exec.js';
import type * as Self from './exec.js';

export { CommandError, lastLines } from '../src/seams/exec.js';
export type { RunOptions, RunResult, Runner } from '../src/seams/exec.js';

export const ok = (stdout = '', stderr = ''): RunResult => ({ exitCode: 0, stdout, stderr });

const defaultRun: Runner = async () => ok();
/** Records every command; succeeds with empty output unless a test gives it an implementation. */
export const run = jest.fn<Runner>(defaultRun);

const jobEnv: Record<string, string> = {};
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
