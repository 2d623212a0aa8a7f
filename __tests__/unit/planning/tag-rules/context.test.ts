// ruleContext and isDefaultBranch: the ref the rules read, and whether it counts as the default branch.
import type { GitEvent } from '../../../../src/model/event.js';
import { isDefaultBranch, ruleContext } from '../../../../src/planning/tag-rules/context.js';
import { event } from '../../../helpers/git-events.js';

describe('what the rules see', () => {
  it.each<[string, Partial<GitEvent>, string, boolean]>([
    ['default branch push', {}, 'refs/heads/main', true],
    ['other branch push', { ref: 'refs/heads/dev' }, 'refs/heads/dev', false],
    ['tag push', { ref: 'refs/tags/v1' }, 'refs/tags/v1', false],
    ['pull_request', { eventName: 'pull_request', ref: 'refs/pull/3/merge', prNumber: 3 }, 'refs/pull/3/merge', false],
    ['pull_request_target', { eventName: 'pull_request_target', prNumber: 3 }, 'refs/pull/3/merge', false],
    ['release without a tag ref', { eventName: 'release', ref: '', releaseTag: 'v2.0.0' }, 'refs/tags/v2.0.0', false],
    // Events that only run on the default branch count as it, whatever the payload says.
    ['schedule without a default branch', { eventName: 'schedule', defaultBranch: undefined }, 'refs/heads/main', true],
    ['create', { eventName: 'create', ref: 'refs/heads/x' }, 'refs/heads/x', true],
    ['no ref', { ref: '' }, '', false]
  ])('%s', (_name, overrides, ref, isDefault) => {
    const context = ruleContext(event(overrides));
    expect(context.ref).toBe(ref);
    expect(isDefaultBranch(context)).toBe(isDefault);
  });
});
