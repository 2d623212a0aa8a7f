// When the push by digest starts at the export, before buildx exits: pure, table-tested.
import { describe, expect, it } from '@jest/globals';
import type { ImageExport } from '../../../src/buildx/buildx-args.js';
import { parseCacheEntry } from '../../../src/model/cache.js';
import { pushesAtExport } from '../../../src/steps/push-at-export.js';

const layout: ImageExport = { kind: 'layout', dir: '/tmp/layout' };

describe('pushesAtExport', () => {
  it.each<[string, boolean, ImageExport | undefined, { cacheTo?: string[]; writesRegistry?: true }, boolean]>([
    ['a release into the layout, no cache export', true, layout, {}, true],
    // BuildKit exports the cache after the image: the same layers would go into the repository twice.
    ['a release into the layout with cache: registry', true, layout, { writesRegistry: true }, false],
    ['a cache-to of type=registry', true, layout, { cacheTo: ['type=registry,ref=r/app:cache,mode=max'] }, false],
    [
      'a cache-to given as an image reference (the registry shorthand)',
      true,
      layout,
      { cacheTo: ['r/app:cache'] },
      false
    ],
    ['a cache-to whose type cannot be told', true, layout, { cacheTo: ['ref=r/app:cache,mode=max'] }, false],
    ['a cache-to into the Actions cache', true, layout, { cacheTo: ['type=gha,scope=app,mode=max'] }, true],
    ['a cache-to into a local directory', true, layout, { cacheTo: ['type=local,dest=/tmp/c'] }, true],
    ['a build that pushes nothing', false, layout, {}, false],
    ['BuildKit pushes by digest itself', true, { kind: 'push-by-digest', repositories: ['r/app'] }, {}, false],
    ['the stream', true, { kind: 'stream' }, {}, false],
    ['the user chose the outputs', true, undefined, {}, false]
  ])('%s', (_, push, exported, { cacheTo = [], writesRegistry }, expected) => {
    const plan = { push, build: { cacheTo: cacheTo.map(parseCacheEntry) } };
    expect(pushesAtExport(plan, exported, writesRegistry ? { writesRegistry } : {})).toBe(expected);
  });
});
