// Git events for the tag and label tests: a push to acme/pytime's main at one commit and time,
// and the kinds of event that change what gets tagged.
import type { GitEvent } from '../../src/model/event.js';

export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const SHORT = 'a1b2c3d';
export const CREATED = '2024-05-06T07:08:09.000Z';

/** A push to main of acme/pytime, with what `overrides` changes. */
export function event(overrides: Partial<GitEvent>): GitEvent {
  return {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: SHA,
    defaultBranch: 'main',
    repositoryUrl: 'https://github.com/acme/pytime',
    repositoryName: 'pytime',
    createdAt: CREATED,
    ...overrides
  };
}

export const tagPush = (tag: string, extra: Partial<GitEvent> = {}): GitEvent =>
  event({ ref: `refs/tags/${tag}`, ...extra });
export const branchPush = (branch: string, extra: Partial<GitEvent> = {}): GitEvent =>
  event({ ref: `refs/heads/${branch}`, ...extra });
export const releaseEvent = (tag: string): GitEvent =>
  event({ eventName: 'release', ref: `refs/tags/${tag}`, releaseTag: tag });
export const pullRequest = (number: number): GitEvent =>
  event({ eventName: 'pull_request', ref: `refs/pull/${number}/merge`, prNumber: number });
