// Main's end: work it started ahead and no longer waits for is named while it runs, and stopped after
// a grace instead of holding the step open. Fake timers: no test waits for the grace.
import { afterEach, describe, expect, it, jest, test } from '@jest/globals';
import { endAfterGrace, leftBehindLine, runAhead, stillRunning } from '../../../src/seams/left-behind.js';

/** A promise settled from outside. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('work run ahead', () => {
  it('is named while it runs, once per name, and forgotten once it settles either way', async () => {
    const restore = deferred<string>();
    const again = deferred<string>();
    const read = deferred<number>();
    expect(runAhead('restoring the shared scans', restore.promise)).toBe(restore.promise);
    void runAhead('restoring the shared scans', again.promise);
    void runAhead('reading the image behind the tags', read.promise).catch(() => undefined);
    expect(stillRunning()).toEqual(['restoring the shared scans', 'reading the image behind the tags']);
    read.reject(new Error('refused'));
    restore.resolve('done');
    await Promise.allSettled([read.promise, restore.promise]);
    expect(stillRunning()).toEqual(['restoring the shared scans']);
    again.resolve('done');
    await again.promise;
    expect(stillRunning()).toEqual([]);
  });
});

describe('the line main leaves when it stops what is left', () => {
  test.each([
    [['restoring the shared scans'], 0, 'restoring the shared scans'],
    [
      ['restoring the shared scans', 'reading the image behind the tags'],
      2,
      'restoring the shared scans, reading the image behind the tags, 2 command(s)'
    ],
    [[], 1, '1 command(s)'],
    [[], 0, 'work it no longer needed']
  ] as const)('%j and %d command(s)', (work, commands, named) => {
    expect(leftBehindLine(work, commands, 5000)).toBe(`Main is done; still running 5 s later, and stopped: ${named}.`);
  });
});

describe('main’s end', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('stops what is left only once the grace is over, then says what it stopped and ends the step', async () => {
    jest.useFakeTimers();
    const restore = deferred<void>();
    void runAhead('restoring the shared scans', restore.promise);
    const calls: string[] = [];
    endAfterGrace({
      graceMs: 5000,
      stopCommands: () => {
        calls.push('stop');
        return 1;
      },
      info: (line) => calls.push(line),
      exit: () => calls.push('exit')
    });
    jest.advanceTimersByTime(4999);
    expect(calls).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(calls).toEqual([
      'stop',
      'Main is done; still running 5 s later, and stopped: restoring the shared scans, 1 command(s).',
      'exit'
    ]);
    restore.resolve();
    await restore.promise;
  });

  it('does not hold the process: with nothing left, the step ends at once', () => {
    const timer = endAfterGrace({ stopCommands: () => 0, info: () => undefined, exit: () => undefined });
    expect(timer.hasRef()).toBe(false);
    clearTimeout(timer);
  });
});
