import { describe, expect, it } from '@jest/globals';
import { isPullRequest } from '../../../src/model/event.js';

describe('isPullRequest', () => {
  it.each([
    ['pull_request', 'refs/pull/7/merge', true],
    ['pull_request_target (the base branch ref)', 'refs/heads/main', true],
    ['pull_request_review', 'refs/pull/7/merge', true],
    ['pull_request_review_comment', 'refs/heads/feature', true],
    ['issue_comment', 'refs/pull/13/head', true],
    ['push', 'refs/heads/main', false],
    ['push', 'refs/heads/pull_request', false],
    ['release', 'refs/tags/v1.2.3', false],
    ['workflow_dispatch', 'refs/heads/refs/pull/1', false],
    ['schedule', 'refs/heads/main', false]
  ])('%s on %s: %s', (eventName, ref, expected) => {
    expect(isPullRequest({ eventName: eventName.split(' ')[0] as string, ref })).toBe(expected);
  });
});
