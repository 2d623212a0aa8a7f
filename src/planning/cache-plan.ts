// Pure: the cache input and the event in, the cache's part of the plan out. Table-tested.
import type { CachePlan } from '../model/cache.js';
import { isPullRequest, type GitEvent } from '../model/event.js';
import type { Inputs } from '../model/inputs.js';
import { pullRequestNumber } from './event-tags.js';

/**
 * The branch whose gha scope a run writes and reads first: a pull request's head branch (its cache
 * entries are stored under the pull request's ref), else the pushed branch or tag.
 */
export function cacheBranch(event: GitEvent): string {
  if (isPullRequest(event)) {
    if (event.headRef) return event.headRef;
    const number = pullRequestNumber(event);
    return number !== undefined ? `pr-${number}` : 'pull-request';
  }
  const match = /^refs\/(?:heads|tags)\/(.+)$/.exec(event.ref);
  return match?.[1] ?? '';
}

/** Why the mode adds nothing to this build, or undefined when it does its part. */
function skipReason(inputs: Pick<Inputs, 'cache' | 'cacheFrom' | 'cacheTo' | 'noCache'>): string | undefined {
  if (inputs.cache === 'off') return 'cache: off';
  if (inputs.cacheFrom.length > 0 || inputs.cacheTo.length > 0)
    return 'cache-from/cache-to are given: they are passed as given and the cache input adds nothing';
  if (inputs.noCache) return 'no-cache: true builds without any cache';
  return undefined;
}

/**
 * The cache's part of the plan. `repository` is where the image goes (the first one the tags name,
 * or the push-by-digest target); `push` whether anything leaves the runner, and so whether the run
 * may write the cache.
 */
export function planCache(
  inputs: Pick<Inputs, 'cache' | 'cacheFrom' | 'cacheTo' | 'noCache'>,
  event: GitEvent,
  target: { repository: string; push: boolean }
): CachePlan {
  const skip = skipReason(inputs);
  const plan: CachePlan = {
    mode: inputs.cache,
    write: target.push,
    repository: target.repository,
    branch: cacheBranch(event)
  };
  if (event.defaultBranch) plan.defaultBranch = event.defaultBranch;
  if (skip) plan.skip = skip;
  else if (inputs.cache === 'registry' && !target.repository)
    plan.skip = 'cache: registry keeps its tags next to the image, and this build names no image repository';
  return plan;
}
