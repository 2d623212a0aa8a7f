// Typed stand-in for @actions/core, for jest.unstable_mockModule('@actions/core', () => coreFixture).
// Import it statically (before the mock is registered): it re-exports a few pure helpers from the real package.
import { jest } from '@jest/globals';
import type * as Core from '@actions/core';
import type * as Self from './core.js';
import { actionDefaults } from './inputs.js';

export { ExitCode, platform, toPlatformPath, toPosixPath, toWin32Path } from '@actions/core';

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
/** Everything setOutput / saveState / exportVariable recorded, last value wins. */
export const outputs = new Map<string, string>();
export const state = new Map<string, string>();
export const variables = new Map<string, string>();

export function setInputs(values: Record<string, string>): void {
  inputs.clear();
  for (const [name, value] of Object.entries(values)) inputs.set(name, value);
}

// Same contract as the real getInput: trims unless told not to, and honours required.
export const getInput = mockWith<typeof Core.getInput>((name, options) => {
  const value = inputs.get(name) ?? actionDefaults.get(name) ?? '';
  if (options?.required && value === '') throw new Error(`Input required and not supplied: ${name}`);
  return options?.trimWhitespace === false ? value : value.trim();
});
export const getMultilineInput = mockWith<typeof Core.getMultilineInput>((name, options) =>
  getInput(name, options)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (options?.trimWhitespace === false ? line : line.trim()))
);
export const getBooleanInput = mockWith<typeof Core.getBooleanInput>((name, options) => {
  const value = getInput(name, options);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}`);
});
export const setOutput = mockWith<typeof Core.setOutput>((name, value) => {
  outputs.set(name, String(value));
});
export const saveState = mockWith<typeof Core.saveState>((name, value) => {
  state.set(name, String(value));
});
export const getState = mockWith<typeof Core.getState>((name) => state.get(name) ?? '');
export const exportVariable = mockWith<typeof Core.exportVariable>((name, value) => {
  variables.set(name, String(value));
});
export const setSecret = mockWith<typeof Core.setSecret>(() => undefined);
export const addPath = mockWith<typeof Core.addPath>(() => undefined);
export const setCommandEcho = mockWith<typeof Core.setCommandEcho>(() => undefined);
export const setFailed = mockWith<typeof Core.setFailed>(() => undefined);
export const isDebug = mockWith<typeof Core.isDebug>(() => false);
export const debug = mockWith<typeof Core.debug>(() => undefined);
export const info = mockWith<typeof Core.info>(() => undefined);
export const warning = mockWith<typeof Core.warning>(() => undefined);
export const error = mockWith<typeof Core.error>(() => undefined);
export const notice = mockWith<typeof Core.notice>(() => undefined);
export const startGroup = mockWith<typeof Core.startGroup>(() => undefined);
export const endGroup = mockWith<typeof Core.endGroup>(() => undefined);
export const getIDToken = mockWith<typeof Core.getIDToken>(async () => '');

// jest.Mock drops type parameters, so group is a real generic function that records its names.
export const groupNames = mockWith<(name: string) => void>(() => undefined);
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  groupNames(name);
  return fn();
}

type Summary = typeof Core.summary;
// Every add* call returns the summary itself, so chains like addHeading().addTable() work.
const self = (): Summary => summary;
export const summaryMock = {
  addHeading: mockWith<Summary['addHeading']>(self),
  addTable: mockWith<Summary['addTable']>(self),
  addRaw: mockWith<Summary['addRaw']>(self),
  addEOL: mockWith<Summary['addEOL']>(self),
  addCodeBlock: mockWith<Summary['addCodeBlock']>(self),
  addList: mockWith<Summary['addList']>(self),
  addDetails: mockWith<Summary['addDetails']>(self),
  addImage: mockWith<Summary['addImage']>(self),
  addSeparator: mockWith<Summary['addSeparator']>(self),
  addBreak: mockWith<Summary['addBreak']>(self),
  addQuote: mockWith<Summary['addQuote']>(self),
  addLink: mockWith<Summary['addLink']>(self),
  emptyBuffer: mockWith<Summary['emptyBuffer']>(self),
  write: mockWith<Summary['write']>(async () => summary),
  clear: mockWith<Summary['clear']>(async () => summary),
  stringify: mockWith<Summary['stringify']>(() => ''),
  isEmptyBuffer: mockWith<Summary['isEmptyBuffer']>(() => true)
};
// The real Summary has private fields, so the mock object can only stand in through a cast.
export const summary = summaryMock as unknown as Summary;
export const markdownSummary = summary;

/** Clears recorded calls, inputs, outputs and state, and restores every default implementation. */
export function resetCoreMock(): void {
  inputs.clear();
  outputs.clear();
  state.clear();
  variables.clear();
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
export type CoreFixtureIsComplete = Provides<typeof Self, typeof Core>;
