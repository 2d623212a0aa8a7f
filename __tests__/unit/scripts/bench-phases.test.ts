// The bench's reading of a build log: how much build context BuildKit's session sent.
import { describe, expect, test } from '@jest/globals';
import { contextSent } from '../../../scripts/bench-phases.mjs';

const lines = (...texts: string[]) => texts.map((text, at) => ({ at, text }));

describe('the context a build sent', () => {
  test.each([
    ['nothing sent', ['#4 transferring context: 2B done'], 0.000002],
    [
      'only the lines that say done count',
      ['#7 transferring context: 30.01MB 0.5s', '#7 transferring context: 68.18MB 1.0s done'],
      68.18
    ],
    [
      'every platform’s upload adds up',
      ['#7 transferring context: 68.18MB 1.0s done', '#8 transferring context: 82.59MB 1.1s done'],
      150.77
    ],
    [
      'kilobytes and gigabytes',
      ['#7 transferring context: 512kB done', '#8 transferring context: 1.5GB 9.0s done'],
      1500.512
    ],
    ['no transfer in the log', ['#1 [internal] load build definition from Dockerfile'], 0]
  ])('%s', (_name, texts, megabytes) => {
    expect(contextSent(lines(...texts))).toBeCloseTo(megabytes, 6);
  });
});
