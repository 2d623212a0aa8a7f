// The test helper that expands workflows: GitHub's matrix rules, expression evaluation through
// GitHub's expression engine, and job expansion on a small workflow written here.
import { describe, expect, it } from '@jest/globals';
import {
  evaluate,
  expandJob,
  expandMatrix,
  jobRuns,
  loadWorkflow,
  type MatrixLeg
} from '../../helpers/workflow-expander.js';

describe('expandMatrix', () => {
  it.each<[string, Record<string, unknown>, MatrixLeg[]]>([
    ['one list', { os: ['a', 'b'] }, [{ os: 'a' }, { os: 'b' }]],
    [
      'the product of two lists, first key outermost',
      { os: ['a', 'b'], node: [1, 2] },
      [
        { os: 'a', node: 1 },
        { os: 'a', node: 2 },
        { os: 'b', node: 1 },
        { os: 'b', node: 2 }
      ]
    ],
    [
      'exclude drops the legs a partial pattern matches',
      { os: ['a', 'b'], node: [1, 2], exclude: [{ os: 'b', node: 2 }] },
      [
        { os: 'a', node: 1 },
        { os: 'a', node: 2 },
        { os: 'b', node: 1 }
      ]
    ],
    [
      'include adds keys to the legs whose original values it keeps',
      { os: ['a', 'b'], include: [{ os: 'b', extra: 'x' }] },
      [{ os: 'a' }, { os: 'b', extra: 'x' }]
    ],
    [
      'include with a new key only extends every leg',
      { os: ['a', 'b'], include: [{ color: 'green' }] },
      [
        { os: 'a', color: 'green' },
        { os: 'b', color: 'green' }
      ]
    ],
    [
      'include that would change an original value becomes a leg of its own',
      { os: ['a'], include: [{ os: 'c', extra: 'y' }] },
      [{ os: 'a' }, { os: 'c', extra: 'y' }]
    ],
    [
      'include alone lists the legs',
      { include: [{ platform: 'linux/amd64' }, { platform: 'linux/arm64' }] },
      [{ platform: 'linux/amd64' }, { platform: 'linux/arm64' }]
    ],
    ['empty', {}, []]
  ])('%s', (_name, matrix, legs) => {
    expect(expandMatrix(matrix)).toEqual(legs);
  });

  it('a dimension that is not a list is an error', () => {
    expect(() => expandMatrix({ os: 'a' })).toThrow('matrix os is not a list');
  });
});

describe('evaluate', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ["inputs.x == 'y'", { inputs: { x: 'y' } }, true],
    [
      'fromJSON(needs.a.outputs.m).include[1].p',
      { needs: { a: { outputs: { m: '{"include":[{"p":1},{"p":2}]}' } } } },
      2
    ],
    ["join(needs.b.outputs.*, ',')", { needs: { b: { outputs: { one: 'x', two: '', three: 'z' } } } }, 'x,,z'],
    ["format('build {0}', matrix.p)", { matrix: { p: 'linux/amd64' } }, 'build linux/amd64'],
    ['inputs.missing', { inputs: {} }, null]
  ])('%s', (expression, contexts, expected) => {
    expect(evaluate(expression, contexts)).toEqual(expected);
  });

  it('answers the status functions for the given job status', () => {
    expect(evaluate('success()', {}, 'success')).toBe(true);
    expect(evaluate('success()', {}, 'failure')).toBe(false);
    expect(evaluate('failure()', {}, 'failure')).toBe(true);
    expect(evaluate('always()', {}, 'cancelled')).toBe(true);
  });
});

const sample = `
on: workflow_call
jobs:
  first:
    runs-on: ubuntu-24.04
    steps:
      - run: echo
  fan:
    needs: first
    if: needs.first.outputs.go == 'yes'
    name: leg \${{ matrix.os }}
    strategy:
      matrix:
        os: [a, b]
        include:
          - os: b
            runner: big
    runs-on: \${{ matrix.runner || 'small' }}
    steps:
      - run: echo
`;

describe('expandJob and jobRuns on a workflow written here', () => {
  it('expands the legs with their runners and names', async () => {
    const workflow = await loadWorkflow('sample.yml', sample);
    expect(workflow.errors).toEqual([]);
    expect(expandJob(workflow, 'fan', {}).map((leg) => [leg.name, leg.runsOn])).toEqual([
      ['leg a', 'small'],
      ['leg b', 'big']
    ]);
  });

  it('a job runs only when its needs succeeded and its condition holds', async () => {
    const workflow = await loadWorkflow('sample.yml', sample);
    const go = { needs: { first: { outputs: { go: 'yes' } } } };
    expect(jobRuns(workflow, 'fan', go, 'success')).toBe(true);
    expect(jobRuns(workflow, 'fan', go, 'failure')).toBe(false);
    expect(jobRuns(workflow, 'fan', { needs: { first: { outputs: { go: 'no' } } } }, 'success')).toBe(false);
  });

  it('reports what GitHub would reject', async () => {
    const workflow = await loadWorkflow(
      'bad.yml',
      'on: workflow_call\njobs:\n  x:\n    runs-on: a\n    steps:\n      - bogus: 1\n'
    );
    expect(workflow.errors.join('\n')).toMatch(/bogus/);
  });
});
