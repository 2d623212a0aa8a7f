// The outcome is assembled in one place from what the phases returned: a phase that did not run
// (or a run that failed before it) leaves its part at the value the outputs treat as unknown.
import { describe, expect, it } from '@jest/globals';
import { outcomeOf, type PhaseResults } from '../../../src/model/outcome.js';
import { tagTargets } from '../../helpers/tag-plans.js';

const planned = tagTargets(['r.example/app:1.0', 'r.example/app:latest']);

describe('outcomeOf', () => {
  it.each<[string, PhaseResults, Partial<ReturnType<typeof outcomeOf>>]>([
    [
      'no phase finished: the planned tags, nothing else',
      {},
      { tags: planned, platforms: [], builder: '', pushed: false, digest: '', repository: '', promoted: [] }
    ],
    [
      'the floating-tag guard decides the tags that move',
      {
        guarded: {
          push: tagTargets(['r.example/app:1.0']),
          leftAlone: [{ reference: 'r.example/app:latest', carried: '2.0' }]
        }
      },
      {
        tags: tagTargets(['r.example/app:1.0']),
        floatingLeftAlone: [{ reference: 'r.example/app:latest', carried: '2.0' }]
      }
    ],
    [
      'a built image: its digest, image id and metadata; a merged one has no metadata',
      { image: { digest: 'sha256:a', imageId: 'sha256:b' }, repository: 'r.example/app' },
      { digest: 'sha256:a', imageId: 'sha256:b', metadata: {}, repository: 'r.example/app' }
    ],
    [
      'a promotion that stopped part-way: what moved and what did not',
      {
        pushed: true,
        promotion: {
          promoted: tagTargets(['r.example/app:1.0']),
          notMoved: [{ reference: 'r.example/app:latest', reason: 'x' }]
        }
      },
      {
        pushed: true,
        promoted: tagTargets(['r.example/app:1.0']),
        notMoved: [{ reference: 'r.example/app:latest', reason: 'x' }],
        checks: { results: {}, failures: [] }
      }
    ]
  ])('%s', (_name, made, expected) => {
    expect(outcomeOf(planned, made)).toMatchObject(expected);
  });

  it('has no build report unless the build phase made one, and copies the planned tags', () => {
    const outcome = outcomeOf(planned, {});
    expect('build' in outcome).toBe(false);
    expect(outcome.tags).not.toBe(planned);
  });
});
