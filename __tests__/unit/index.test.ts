// The entry point (src/index.ts): the post step never fails the job, whatever its cleanup throws; a
// failed main step fails the step. The runner seam is the real one here, so what the runner would
// see is the workflow commands on stdout and the process's exit code.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';

const runPost = jest.fn<() => Promise<void>>();
const runMain = jest.fn<() => Promise<void>>();
jest.unstable_mockModule('../../src/steps/post.js', () => ({ runPost, POST_COMMAND_TIMEOUT_MS: 20_000 }));
jest.unstable_mockModule('../../src/steps/main.js', () => ({ runMain, readInputs: jest.fn() }));
// Main's end is its own unit (left-behind.test.ts): here, only that main, and never post, asks for it.
const endAfterGrace = jest.fn((options: { info: (line: string) => void }) => {
  options.info(`error reported before the end: ${written.join('').includes('::error::')}`);
});
jest.unstable_mockModule('../../src/seams/left-behind.js', () => ({ endAfterGrace }));

const saved = { ...process.env };
const signals = ['SIGINT', 'SIGTERM'] as const;
let listeners: Map<string, unknown[]>;
let written: string[] = [];

/** Runs the bundle's entry once, as the runner starts it for one step. */
async function runEntry(step: 'main' | 'post'): Promise<void> {
  if (step === 'post') process.env['STATE_isPost'] = 'true';
  else delete process.env['STATE_isPost'];
  await jest.isolateModulesAsync(async () => {
    await import('../../src/index.js');
  });
}

beforeEach(() => {
  runPost.mockReset();
  runMain.mockReset();
  endAfterGrace.mockClear();
  written = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  listeners = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  process.exitCode = undefined;
});

afterEach(() => {
  jest.restoreAllMocks();
  // The entry stops running commands on SIGINT and SIGTERM: take its handlers off this process again.
  for (const signal of signals)
    for (const listener of process.listeners(signal))
      if (!listeners.get(signal)?.includes(listener)) process.removeListener(signal, listener);
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  process.exitCode = undefined;
});

describe('the post step', () => {
  it('a cleanup that throws is a warning, and the job does not fail', async () => {
    runPost.mockRejectedValue(new Error('the job directory is busy'));
    await runEntry('post');
    expect(runPost).toHaveBeenCalledTimes(1);
    expect(written.join('')).toContain('::warning::Cleanup failed: the job directory is busy');
    expect(written.join('')).not.toContain('::error::');
    expect(process.exitCode).toBeUndefined();
  });

  it('runs only the post step', async () => {
    runPost.mockResolvedValue(undefined);
    await runEntry('post');
    expect(runMain).not.toHaveBeenCalled();
    expect(endAfterGrace).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
  });
});

describe('the main step', () => {
  it('a failure fails the step with an error naming it', async () => {
    runMain.mockRejectedValue(new Error('docker buildx build failed (exit code 1)'));
    await runEntry('main');
    expect(runPost).not.toHaveBeenCalled();
    expect(written.join('')).toContain('::error::docker buildx build failed (exit code 1)');
    expect(process.exitCode).toBe(1);
    // Then, once, the end that stops what main started ahead and no longer waits for.
    expect(endAfterGrace).toHaveBeenCalledTimes(1);
    expect(written.join('')).toContain('error reported before the end: true');
  });

  it('a main that succeeds ends the same way', async () => {
    runMain.mockResolvedValue(undefined);
    await runEntry('main');
    expect(endAfterGrace).toHaveBeenCalledTimes(1);
    expect(process.exitCode).toBeUndefined();
  });
});
