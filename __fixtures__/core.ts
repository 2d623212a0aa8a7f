// Typed stand-in for the runner seam (src/seams/runner.ts), for
// jest.unstable_mockModule('../../src/seams/runner.js', () => coreFixture).
// Import it statically, before the mock is registered.
import { jest } from '@jest/globals';
import type * as Runner from '../src/seams/runner.js';
import type * as Self from './core.js';
import { actionDefaults } from './inputs.js';

type AnyFunction = (...args: never[]) => unknown;
const defaults: [jest.Mock<AnyFunction>, AnyFunction][] = [];

/** A mock that goes back to `impl` on resetCoreMock(), whatever a test set on it. */
function mockWith<T extends AnyFunction>(impl: T): jest.Mock<T> {
  const mock = jest.fn<T>(impl);
  defaults.push([mock, impl]);
  return mock;
}

/** What getInput returns, by input name; names not set read as action.yml's default, as the runner fills them in. */
export const inputs = new Map<string, string>();
/** Everything setOutput / saveState recorded, last value wins. */
export const outputs = new Map<string, string>();
export const state = new Map<string, string>();
/** Every exportVariable, last value wins: what later steps of the job would see. */
export const exported = new Map<string, string>();

export function setInputs(values: Record<string, string>): void {
  inputs.clear();
  for (const [name, value] of Object.entries(values)) inputs.set(name, value);
}

// Same contract as the real getInput: trimmed, action.yml's default when not given.
export const getInput = mockWith<typeof Runner.getInput>((name, options) => {
  const value = inputs.get(name) ?? actionDefaults.get(name) ?? '';
  return options?.trimWhitespace === false ? value : value.trim();
});
export const setOutput = mockWith<typeof Runner.setOutput>((name, value) => {
  outputs.set(name, String(value));
});
export const saveState = mockWith<typeof Runner.saveState>((name, value) => {
  state.set(name, String(value));
});
// Recorded only (process.env is left alone, so one test's variable never reaches the next); true: as if the runner gave a GITHUB_ENV file.
export const exportVariable = mockWith<typeof Runner.exportVariable>((name, value) => {
  exported.set(name, String(value));
  return true;
});
export const getState = mockWith<typeof Runner.getState>((name) => state.get(name) ?? '');
export const setSecret = mockWith<typeof Runner.setSecret>(() => undefined);
// Like the runner's: the step fails by its exit code, so a test can see a failure in process.exitCode.
export const setFailed = mockWith<typeof Runner.setFailed>(() => {
  process.exitCode = 1;
});
export const debug = mockWith<typeof Runner.debug>(() => undefined);
export const info = mockWith<typeof Runner.info>(() => undefined);
export const warning = mockWith<typeof Runner.warning>(() => undefined);
export const notice = mockWith<typeof Runner.notice>(() => undefined);
export const error = mockWith<typeof Runner.error>(() => undefined);

// jest.Mock drops type parameters, so group is a real generic function that records its names.
export const groupNames = mockWith<(name: string) => void>(() => undefined);
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  groupNames(name);
  return fn();
}

/** Clears recorded calls, inputs, outputs, state and the exit code, and restores every default implementation. */
export function resetCoreMock(): void {
  process.exitCode = undefined;
  inputs.clear();
  outputs.clear();
  state.clear();
  exported.clear();
  for (const [mock, impl] of defaults) {
    mock.mockReset();
    mock.mockImplementation(impl);
  }
}

/** The messages passed to a logging mock (info, warning, debug, setFailed...), as strings. */
export function messages<T extends (message: never, ...rest: never[]) => unknown>(mock: jest.Mock<T>): string[] {
  return mock.mock.calls.map((args) => {
    const message: unknown = args[0];
    return message instanceof Error ? message.message : String(message);
  });
}

// Compile-time proof that this fixture provides every export of the real module.
type Provides<Fixture extends Real, Real> = Fixture;
export type CoreFixtureIsComplete = Provides<typeof Self, typeof Runner>;
