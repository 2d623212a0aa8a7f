// gitEventFrom: the event the tags and labels are made from, out of the runner's variables and payload
// (read by steps/read-event.ts; its own tests read them from the environment and the payload file).
import { describe, expect, it } from '@jest/globals';
import {
  gitEventFrom,
  withCheckout,
  withRepository,
  type EventPayload,
  type RunnerContext
} from '../../../src/planning/git-context.js';
import type { GitEvent } from '../../../src/model/event.js';

const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';
const NOW = new Date('2020-01-10T00:30:00.000Z');
const repository = { default_branch: 'main', html_url: 'https://github.com/acme/app', name: 'app' };

function runner(eventName: string, ref: string, payload: EventPayload): RunnerContext {
  return { eventName, ref, sha: SHA, serverUrl: 'https://github.com', repository: 'acme/app', payload };
}

const base = {
  eventName: 'push',
  sha: SHA,
  createdAt: NOW.toISOString(),
  defaultBranch: 'main',
  repositoryUrl: 'https://github.com/acme/app',
  repositoryName: 'app'
};

describe('gitEventFrom, per event kind', () => {
  it.each<[string, RunnerContext, GitEvent]>([
    [
      'push to a branch',
      runner('push', 'refs/heads/dev', {
        repository,
        base_ref: null,
        head_commit: { id: SHA, timestamp: '2020-01-09T10:00:00+01:00' }
      }),
      { ...base, ref: 'refs/heads/dev', commitDate: '2020-01-09T10:00:00+01:00' }
    ],
    [
      'push of a tag',
      runner('push', 'refs/tags/v1.2.3', { repository, base_ref: 'refs/heads/main' }),
      { ...base, ref: 'refs/tags/v1.2.3', baseRef: 'main' }
    ],
    [
      'push with the commit among several',
      runner('push', 'refs/heads/main', {
        repository,
        commits: [
          { id: 'other', timestamp: '2020-01-01T00:00:00Z' },
          { id: SHA, timestamp: '2020-01-02T00:00:00Z' }
        ],
        head_commit: { id: 'other', timestamp: '2020-01-01T00:00:00Z' }
      }),
      { ...base, ref: 'refs/heads/main', commitDate: '2020-01-02T00:00:00Z' }
    ],
    [
      'pull_request',
      runner('pull_request', 'refs/pull/15/merge', {
        repository,
        number: 15,
        pull_request: { number: 15, base: { ref: 'main' }, head: { ref: 'feature/x' } }
      }),
      {
        ...base,
        eventName: 'pull_request',
        ref: 'refs/pull/15/merge',
        prNumber: 15,
        baseRef: 'main',
        headRef: 'feature/x'
      }
    ],
    [
      'pull_request_target (number only at the top)',
      runner('pull_request_target', 'refs/heads/main', { repository, number: 16 }),
      { ...base, eventName: 'pull_request_target', ref: 'refs/heads/main', prNumber: 16 }
    ],
    [
      'schedule',
      runner('schedule', 'refs/heads/main', { repository, schedule: '0 10 * * *' }),
      { ...base, eventName: 'schedule', ref: 'refs/heads/main', schedule: '0 10 * * *' }
    ],
    [
      'workflow_dispatch',
      runner('workflow_dispatch', 'refs/heads/main', { repository }),
      { ...base, eventName: 'workflow_dispatch', ref: 'refs/heads/main' }
    ],
    [
      'release',
      runner('release', 'refs/tags/v1.2.3', { repository, release: { tag_name: 'v1.2.3' } }),
      { ...base, eventName: 'release', ref: 'refs/tags/v1.2.3', releaseTag: 'v1.2.3' }
    ],
    [
      'no payload at all',
      runner('push', 'refs/heads/main', {}),
      {
        eventName: 'push',
        sha: SHA,
        createdAt: NOW.toISOString(),
        ref: 'refs/heads/main',
        ...{ repositoryUrl: 'https://github.com/acme/app', repositoryName: 'app' }
      }
    ]
  ])('%s', (_name, context, expected) => {
    expect(gitEventFrom(context, NOW)).toEqual(expected);
  });
});

describe('the repository’s visibility and the run, for the default provenance', () => {
  it.each<[string, EventPayload, boolean | undefined]>([
    ['a public repository', { repository: { ...repository, private: false } }, false],
    ['a private repository', { repository: { ...repository, private: true } }, true],
    ['a payload that does not say', { repository }, undefined]
  ])('%s', (_why, payload, visibility) => {
    expect(gitEventFrom(runner('push', 'refs/heads/main', payload), NOW).repositoryPrivate).toBe(visibility);
  });

  it('the run’s URL, with its attempt when the runner gives one; none without a run id', () => {
    const run = { ...runner('push', 'refs/heads/main', {}), runId: '4242', runAttempt: '2' };
    expect(gitEventFrom(run, NOW).runUrl).toBe('https://github.com/acme/app/actions/runs/4242/attempts/2');
    expect(gitEventFrom({ ...run, runAttempt: '' }, NOW).runUrl).toBe('https://github.com/acme/app/actions/runs/4242');
    expect(gitEventFrom({ ...run, runId: '' }, NOW).runUrl).toBeUndefined();
  });
});

describe("metadata-action's environment and context: git", () => {
  const HEAD = '3370e228f2209994d57af4427fe64e71bb79ac96';
  const pullRequest: EventPayload = {
    repository,
    number: 15,
    pull_request: { number: 15, base: { ref: 'main' }, head: { ref: 'feature', sha: HEAD } }
  };

  it.each<[string, string, string, boolean, string]>([
    [
      'pull_request with DOCKER_METADATA_PR_HEAD_SHA: the head commit',
      'pull_request',
      'refs/pull/15/merge',
      true,
      HEAD
    ],
    ['pull_request_target too', 'pull_request_target', 'refs/heads/main', true, HEAD],
    ['pull_request without it: the merge commit', 'pull_request', 'refs/pull/15/merge', false, SHA],
    ['a push is never changed', 'push', 'refs/heads/main', true, SHA]
  ])('%s', (_name, eventName, ref, prHeadSha, sha) => {
    expect(gitEventFrom({ ...runner(eventName, ref, pullRequest), prHeadSha }, NOW).sha).toBe(sha);
  });

  it('withRepository: what the API said wins; what it did not say stays', () => {
    const event = gitEventFrom(runner('push', 'refs/heads/main', { repository }), NOW);
    expect(
      withRepository(event, { name: 'App', htmlUrl: 'https://github.com/acme/App', description: 'A clock' })
    ).toEqual({
      ...event,
      repositoryName: 'App',
      repositoryUrl: 'https://github.com/acme/App',
      description: 'A clock'
    });
    expect(withRepository(event, {})).toEqual(event);
  });

  it('withCheckout: the checkout’s ref, commit and time replace the event’s', () => {
    const release = gitEventFrom(
      { ...runner('release', 'refs/tags/v1.0.0', { repository, release: { tag_name: 'v1.0.0' } }) },
      NOW
    );
    expect(withCheckout(release, { ref: 'refs/heads/dev', sha: HEAD, commitDate: '2020-01-01T00:00:00Z' })).toEqual({
      ...base,
      eventName: 'release',
      ref: 'refs/heads/dev',
      sha: HEAD,
      commitDate: '2020-01-01T00:00:00Z'
    });
  });
});
