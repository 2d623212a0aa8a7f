// The bench's reading of a build log: how much build context BuildKit's session sent, and the
// medians of the runs that did not send the whole context again.
import { describe, expect, test } from '@jest/globals';
import { contextSent, withoutWholeUpload } from '../../../scripts/bench-phases.mjs';

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

describe('the medians of the runs that did not send the whole context again', () => {
  const big = 150.8;
  test.each<[string, [string, { contextMB?: number; total?: number; ms?: number }[]][], number, unknown[]]>([
    [
      'a way keeps its runs under half the largest upload; bare runs are timed by ms, the action’s by total',
      [
        [
          '(a)',
          [
            { contextMB: 0, ms: 1400 },
            { contextMB: big, ms: 2300 },
            { contextMB: 0, ms: 1340 }
          ]
        ],
        [
          '(m)',
          [
            { contextMB: 0, total: 2070 },
            { contextMB: big, total: 3170 },
            { contextMB: big, total: 3380 }
          ]
        ]
      ],
      big / 2,
      [
        { name: '(a)', kept: 2, of: 3, median: 1400 },
        { name: '(m)', kept: 1, of: 3, median: 2070 }
      ]
    ],
    [
      'a way whose every run uploaded has no median',
      [
        ['(a)', [{ contextMB: 0.0, ms: 1000 }]],
        ['(pm)', [{ contextMB: big, total: 3000 }]]
      ],
      big / 2,
      [
        { name: '(a)', kept: 1, of: 1, median: 1000 },
        { name: '(pm)', kept: 0, of: 1, median: undefined }
      ]
    ],
    [
      'a run with no figure for its context counts as having sent none',
      [['(b)', [{ total: 1800 }, { contextMB: 5.1, total: 2100 }]]],
      2.55,
      [{ name: '(b)', kept: 1, of: 2, median: 1800 }]
    ],
    ['no runs at all', [['(a)', []]], 0, [{ name: '(a)', kept: 0, of: 0, median: undefined }]]
  ])('%s', (_name, ways, limitMB, figures) => {
    expect(withoutWholeUpload(ways)).toStrictEqual({ limitMB, figures });
  });
});
