// sanitizeTag and describeEvent: what each kind of git event is, as a release, a version and tags.
import type { GitEvent } from '../../../src/model/event.js';
import {
  describeEvent,
  eventTags,
  runDescription,
  sanitizeTag,
  type ReleaseInfo
} from '../../../src/planning/event-tags.js';
import { branchPush, event, pullRequest, releaseEvent, SHA, SHORT, tagPush } from '../../helpers/git-events.js';

describe('sanitizeTag', () => {
  it.each<[string, string]>([
    ['main', 'main'],
    ['feature/Add_X', 'feature-Add_X'],
    ['release/2.x', 'release-2.x'],
    ['a b@c#d', 'a-b-c-d'],
    ['.hidden', 'hidden'],
    ['-dash', 'dash'],
    ['/leading/slash', 'leading-slash'],
    ['.-.-x', 'x'],
    ['_under', '_under'],
    ['ünïcode', 'n-code'],
    ['feat/🚀', 'feat--'],
    ['v1.2.3+build.5', 'v1.2.3-build.5'],
    ['...', ''],
    ['', '']
  ])('%j -> %j', (name, expected) => {
    expect(sanitizeTag(name)).toBe(expected);
  });

  it('truncates to 128 characters', () => {
    const result = sanitizeTag(`x/${'a'.repeat(300)}`);
    expect(result).toHaveLength(128);
    expect(result).toBe(`x-${'a'.repeat(126)}`);
  });
});

describe('describeEvent', () => {
  it.each<[string, GitEvent, ReleaseInfo]>([
    [
      'tag push v1.2.3',
      tagPush('v1.2.3'),
      {
        kind: 'release',
        version: '1.2.3',
        semver: { major: 1, minor: 2, patch: 3, prerelease: false },
        shortSha: SHORT
      }
    ],
    [
      'tag push without v',
      tagPush('10.20.30'),
      {
        kind: 'release',
        version: '10.20.30',
        semver: { major: 10, minor: 20, patch: 30, prerelease: false },
        shortSha: SHORT
      }
    ],
    [
      'release event',
      releaseEvent('v1.2.3'),
      {
        kind: 'release',
        version: '1.2.3',
        semver: { major: 1, minor: 2, patch: 3, prerelease: false },
        shortSha: SHORT
      }
    ],
    [
      'release event: the release tag wins over the ref',
      event({ eventName: 'release', ref: 'refs/heads/main', releaseTag: 'v4.5.6' }),
      {
        kind: 'release',
        version: '4.5.6',
        semver: { major: 4, minor: 5, patch: 6, prerelease: false },
        shortSha: SHORT
      }
    ],
    [
      'release event without tag_name falls back to the ref',
      event({ eventName: 'release', ref: 'refs/tags/v7.0.1' }),
      {
        kind: 'release',
        version: '7.0.1',
        semver: { major: 7, minor: 0, patch: 1, prerelease: false },
        shortSha: SHORT
      }
    ],
    [
      'v0.3.1',
      tagPush('v0.3.1'),
      {
        kind: 'release',
        version: '0.3.1',
        semver: { major: 0, minor: 3, patch: 1, prerelease: false },
        shortSha: SHORT
      }
    ],
    [
      'prerelease v2.0.0-rc.1',
      tagPush('v2.0.0-rc.1'),
      {
        kind: 'prerelease',
        version: '2.0.0-rc.1',
        semver: { major: 2, minor: 0, patch: 0, prerelease: true },
        shortSha: SHORT
      }
    ],
    [
      'prerelease release event',
      releaseEvent('v3.0.0-beta.2'),
      {
        kind: 'prerelease',
        version: '3.0.0-beta.2',
        semver: { major: 3, minor: 0, patch: 0, prerelease: true },
        shortSha: SHORT
      }
    ],
    [
      'build metadata is dropped',
      tagPush('v1.2.3+build.5'),
      {
        kind: 'release',
        version: '1.2.3',
        semver: { major: 1, minor: 2, patch: 3, prerelease: false },
        shortSha: SHORT
      }
    ],
    ['non-semver tag', tagPush('nightly-2024'), { kind: 'tag', version: 'nightly-2024', shortSha: SHORT }],
    ['two-part version is not semver', tagPush('v1.2'), { kind: 'tag', version: 'v1.2', shortSha: SHORT }],
    ['tag needing sanitising', tagPush('builds/2024 05'), { kind: 'tag', version: 'builds-2024-05', shortSha: SHORT }],
    [
      'tag with nothing usable falls back to the sha',
      tagPush('...'),
      { kind: 'tag', version: `sha-${SHORT}`, shortSha: SHORT }
    ],
    ['default branch push', branchPush('main'), { kind: 'branch', version: 'main', branch: 'main', shortSha: SHORT }],
    [
      'other branch push',
      branchPush('feature/Add_X'),
      { kind: 'branch', version: 'feature-Add_X', branch: 'feature/Add_X', shortSha: SHORT }
    ],
    ['pull_request', pullRequest(42), { kind: 'pr', version: 'pr-42', shortSha: SHORT }],
    [
      'pull_request number from the ref',
      event({ eventName: 'pull_request', ref: 'refs/pull/7/merge' }),
      { kind: 'pr', version: 'pr-7', shortSha: SHORT }
    ],
    [
      'pull_request_target on the base branch ref',
      event({ eventName: 'pull_request_target', ref: 'refs/heads/main', prNumber: 9 }),
      { kind: 'pr', version: 'pr-9', shortSha: SHORT }
    ],
    [
      'pull_request_target without a number is not a main push',
      event({ eventName: 'pull_request_target', ref: 'refs/heads/main' }),
      { kind: 'other', version: `sha-${SHORT}`, shortSha: SHORT }
    ],
    [
      'refs/pull ref on another event',
      event({ eventName: 'issue_comment', ref: 'refs/pull/13/head' }),
      { kind: 'pr', version: 'pr-13', shortSha: SHORT }
    ],
    [
      'schedule on the default branch',
      event({ eventName: 'schedule', ref: 'refs/heads/main' }),
      { kind: 'branch', version: 'main', branch: 'main', shortSha: SHORT }
    ],
    [
      'workflow_dispatch on a branch',
      event({ eventName: 'workflow_dispatch', ref: 'refs/heads/release/2.x' }),
      { kind: 'branch', version: 'release-2.x', branch: 'release/2.x', shortSha: SHORT }
    ],
    [
      'workflow_dispatch on a tag',
      event({ eventName: 'workflow_dispatch', ref: 'refs/tags/v5.6.7' }),
      {
        kind: 'release',
        version: '5.6.7',
        semver: { major: 5, minor: 6, patch: 7, prerelease: false },
        shortSha: SHORT
      }
    ],
    [
      'no ref at all',
      event({ eventName: 'repository_dispatch', ref: '' }),
      { kind: 'other', version: `sha-${SHORT}`, shortSha: SHORT }
    ],
    [
      'uppercase sha is lowered',
      event({ sha: SHA.toUpperCase() }),
      { kind: 'branch', version: 'main', branch: 'main', shortSha: SHORT }
    ],
    [
      'no usable sha',
      event({ eventName: 'repository_dispatch', ref: '', sha: '' }),
      { kind: 'other', version: '', shortSha: '' }
    ]
  ])('%s', (_name, input, expected) => {
    expect(describeEvent(input)).toEqual(expected);
  });
});

describe('describeEvent with what a payload should never hold', () => {
  // The number comes from the event payload: only a positive whole number makes a pull request tag.
  it.each([0, -3, 1.5, Number.NaN, 2 ** 53])('a pull request numbered %p is no pr- tag', (number) => {
    expect(describeEvent(event({ eventName: 'pull_request', ref: 'refs/heads/main', prNumber: number }))).toEqual({
      kind: 'other',
      version: `sha-${SHORT}`,
      shortSha: SHORT
    });
  });

  it('a tag semver reads only loosely (no hyphen before the pre-release) is still a pre-release', () => {
    expect(describeEvent(tagPush('v1.2.3beta'))).toEqual({
      kind: 'prerelease',
      version: '1.2.3-beta',
      semver: { major: 1, minor: 2, patch: 3, prerelease: true },
      shortSha: SHORT
    });
  });
});

describe('eventTags', () => {
  const tagsOf = (gitEvent: GitEvent) => eventTags(gitEvent, describeEvent(gitEvent));

  it.each<[string, GitEvent, string[]]>([
    ['a release', tagPush('v1.2.3'), ['1.2.3', '1.2', '1', 'latest', `sha-${SHORT}`]],
    ['a 0.x release has no bare 0', tagPush('v0.4.1'), ['0.4.1', '0.4', 'latest', `sha-${SHORT}`]],
    ['the default branch', branchPush('main'), ['main', 'edge', `sha-${SHORT}`]],
    ['another branch', branchPush('feature/x'), ['feature-x', `sha-${SHORT}`]],
    ['a branch whose name sanitizes to nothing', branchPush('...'), [`sha-${SHORT}`]],
    ['a tag that is not semver', tagPush('nightly/1'), ['nightly-1', `sha-${SHORT}`]],
    ['a pull request', pullRequest(42), ['pr-42', `sha-${SHORT}`]],
    // Its version is the sha tag already: not listed twice.
    ['an event on no branch or tag', event({ eventName: 'repository_dispatch', ref: '' }), [`sha-${SHORT}`]]
  ])('%s', (_name, gitEvent, expected) => {
    expect(tagsOf(gitEvent)).toEqual(expected);
  });
});

describe('runDescription', () => {
  it.each<[string, GitEvent, string]>([
    ['a release', tagPush('v1.2.3'), 'release v1.2.3'],
    ['a release event names its own tag', releaseEvent('v2.0.0-rc.1'), 'prerelease v2.0.0-rc.1'],
    ['a tag that is not semver, as written', tagPush('nightly/1'), "tag 'nightly/1', which is not semver"],
    ['a branch', branchPush('feature/x'), "branch 'feature/x'"]
  ])('%s', (_name, gitEvent, expected) => {
    expect(runDescription(gitEvent, describeEvent(gitEvent))).toBe(expected);
  });
});
