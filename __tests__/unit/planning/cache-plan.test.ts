// The cache input's part of the plan: which branch scopes a run uses, and when the input adds nothing.
import { parseCacheEntry } from '../../../src/model/cache.js';
import { describe, expect, it } from '@jest/globals';
import { cacheBranch, planCache } from '../../../src/planning/cache-plan.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { inputErrorOf } from '../../helpers/errors.js';
import type { GitEvent } from '../../../src/model/event.js';
import type { Inputs } from '../../../src/model/inputs.js';

const event = (change: Partial<GitEvent>): GitEvent => ({
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  createdAt: '2025-05-01T00:00:00Z',
  ...change
});

describe('cacheBranch', () => {
  it.each<[string, Partial<GitEvent>, string]>([
    ['a branch push', { ref: 'refs/heads/feature/x' }, 'feature/x'],
    ['a tag push', { ref: 'refs/tags/v1.2.3' }, 'v1.2.3'],
    [
      'a pull request: its head branch',
      { eventName: 'pull_request', ref: 'refs/pull/7/merge', headRef: 'fix-it' },
      'fix-it'
    ],
    ['a pull request without a payload', { eventName: 'pull_request', ref: 'refs/pull/7/merge' }, 'pr-7'],
    ['a detached run', { eventName: 'workflow_dispatch', ref: '' }, '']
  ])('%s', (_what, change, branch) => {
    expect(cacheBranch(event(change))).toBe(branch);
  });
});

describe('planCache', () => {
  type CacheInputs = Pick<Inputs, 'cache' | 'cacheFrom' | 'cacheTo' | 'noCache'>;
  const defaults: CacheInputs = { cache: 'auto', cacheFrom: [], cacheTo: [], noCache: false };
  const target = { repository: 'ghcr.io/acme/app', push: true };

  it('carries the repository, the branch and the default branch; writes only when pushing', () => {
    expect(planCache(defaults, event({ ref: 'refs/heads/dev', defaultBranch: 'main' }), target)).toEqual({
      mode: 'auto',
      write: true,
      repository: 'ghcr.io/acme/app',
      branch: 'dev',
      defaultBranch: 'main'
    });
    expect(planCache(defaults, event({}), { ...target, push: false }).write).toBe(false);
  });

  it.each<[string, Partial<CacheInputs>, string, string | undefined]>([
    ['off', { cache: 'off' }, 'ghcr.io/acme/app', 'cache: off'],
    [
      'explicit cache-from wins',
      { cacheFrom: [parseCacheEntry('type=gha')] },
      'ghcr.io/acme/app',
      'cache-from/cache-to are given'
    ],
    [
      'explicit cache-to wins',
      { cache: 'registry', cacheTo: [parseCacheEntry('type=local,dest=x')] },
      'ghcr.io/acme/app',
      'passed as given'
    ],
    ['no-cache', { noCache: true }, 'ghcr.io/acme/app', 'no-cache: true'],
    ['registry without an image', { cache: 'registry' }, '', 'names no image repository'],
    ['gha without an image still has a scope', { cache: 'gha' }, '', undefined]
  ])('%s', (_what, change, repository, skip) => {
    expect(planCache({ ...defaults, ...change }, event({}), { repository, push: true }).skip).toEqual(
      skip === undefined ? undefined : expect.stringContaining(skip)
    );
  });
});

describe('the cache input', () => {
  it.each(['auto', 'gha', 'registry', 'off', 'Registry'])('accepts %s', (value) => {
    expect(parseInputs(runnerReader({ cache: value })).cache).toBe(value.toLowerCase());
  });

  it('refuses anything else, naming the input, the value and what it accepts', () => {
    const error = inputErrorOf(() => parseInputs(runnerReader({ cache: 'local' })));
    expect(error.message).toContain("'cache'");
    expect(error.message).toContain('local');
    expect(error.message).toContain('auto, gha, registry, off');
  });
});
