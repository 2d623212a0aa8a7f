import type { KeyValue } from '../../../src/model/lists.js';
import { parseImageReference, type ImageReference } from '../../../src/model/references.js';
import { inputErrorOf } from '../../helpers/errors.js';
import type { GitEvent } from '../../../src/model/event.js';
import { isNewerOrEqual } from '../../../src/model/tags.js';
import { describeEvent, sanitizeTag, type ReleaseInfo } from '../../../src/planning/event-tags.js';
import { mergeLabels, ociLabels } from '../../../src/planning/oci-labels.js';
import { planTags } from '../../../src/planning/tag-plan.js';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHORT = 'a1b2c3d';
const CREATED = '2024-05-06T07:08:09.000Z';

function event(overrides: Partial<GitEvent>): GitEvent {
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

const tagPush = (tag: string) => event({ ref: `refs/tags/${tag}` });
const branchPush = (branch: string, extra: Partial<GitEvent> = {}) => event({ ref: `refs/heads/${branch}`, ...extra });
const releaseEvent = (tag: string) => event({ eventName: 'release', ref: `refs/tags/${tag}`, releaseTag: tag });
const pullRequest = (number: number) =>
  event({ eventName: 'pull_request', ref: `refs/pull/${number}/merge`, prNumber: number });

const image = (text: string): ImageReference => parseImageReference(text, 'image');
const GHCR = image('ghcr.io/acme/pytime');

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

describe('planTags from the event', () => {
  const ghcr = (tag: string) => `ghcr.io/acme/pytime:${tag}`;

  it.each<[string, GitEvent, string[], string[], string]>([
    [
      'tag push v1.2.3',
      tagPush('v1.2.3'),
      ['1.2.3', '1.2', '1', 'latest', `sha-${SHORT}`],
      ['1.2', '1', 'latest'],
      '1.2.3'
    ],
    [
      'release event v1.2.3',
      releaseEvent('v1.2.3'),
      ['1.2.3', '1.2', '1', 'latest', `sha-${SHORT}`],
      ['1.2', '1', 'latest'],
      '1.2.3'
    ],
    [
      'v0.3.1 gets no bare 0',
      tagPush('v0.3.1'),
      ['0.3.1', '0.3', 'latest', `sha-${SHORT}`],
      ['0.3', 'latest'],
      '0.3.1'
    ],
    ['prerelease gets only its version', tagPush('v2.0.0-rc.1'), ['2.0.0-rc.1', `sha-${SHORT}`], [], '2.0.0-rc.1'],
    ['prerelease release event', releaseEvent('v3.0.0-beta.2'), ['3.0.0-beta.2', `sha-${SHORT}`], [], '3.0.0-beta.2'],
    ['non-semver tag', tagPush('nightly-2024'), ['nightly-2024', `sha-${SHORT}`], [], 'nightly-2024'],
    ['default branch push', branchPush('main'), ['main', 'edge', `sha-${SHORT}`], [], 'main'],
    ['other branch push', branchPush('feature/Add_X'), ['feature-Add_X', `sha-${SHORT}`], [], 'feature-Add_X'],
    [
      'branch push, default branch unknown',
      branchPush('main', { defaultBranch: undefined }),
      ['main', `sha-${SHORT}`],
      [],
      'main'
    ],
    ['default branch named edge', branchPush('edge', { defaultBranch: 'edge' }), ['edge', `sha-${SHORT}`], [], 'edge'],
    ['pull_request', pullRequest(42), ['pr-42', `sha-${SHORT}`], [], 'pr-42'],
    [
      'pull_request_target on main',
      event({ eventName: 'pull_request_target', ref: 'refs/heads/main', prNumber: 9 }),
      ['pr-9', `sha-${SHORT}`],
      [],
      'pr-9'
    ],
    [
      'pull_request_target without number',
      event({ eventName: 'pull_request_target', ref: 'refs/heads/main' }),
      [`sha-${SHORT}`],
      [],
      `sha-${SHORT}`
    ],
    ['schedule on the default branch', event({ eventName: 'schedule' }), ['main', 'edge', `sha-${SHORT}`], [], 'main'],
    [
      'workflow_dispatch on a branch',
      event({ eventName: 'workflow_dispatch', ref: 'refs/heads/develop' }),
      ['develop', `sha-${SHORT}`],
      [],
      'develop'
    ],
    ['no ref', event({ eventName: 'repository_dispatch', ref: '' }), [`sha-${SHORT}`], [], `sha-${SHORT}`],
    ['no ref and no sha', event({ eventName: 'repository_dispatch', ref: '', sha: 'unknown' }), [], [], '']
  ])('%s', (_name, input, tags, floatingTags, version) => {
    expect(planTags(input, [GHCR], [])).toEqual({
      references: tags.map(ghcr),
      floating: floatingTags.map((tag) => ({ reference: ghcr(tag), tag })),
      version
    });
  });

  it('applies every tag to every image, image by image', () => {
    const plan = planTags(tagPush('v1.2.3'), [GHCR, image('acme/pytime'), image('pytime')], []);
    expect(plan.references).toEqual([
      'ghcr.io/acme/pytime:1.2.3',
      'ghcr.io/acme/pytime:1.2',
      'ghcr.io/acme/pytime:1',
      'ghcr.io/acme/pytime:latest',
      `ghcr.io/acme/pytime:sha-${SHORT}`,
      'acme/pytime:1.2.3',
      'acme/pytime:1.2',
      'acme/pytime:1',
      'acme/pytime:latest',
      `acme/pytime:sha-${SHORT}`,
      'pytime:1.2.3',
      'pytime:1.2',
      'pytime:1',
      'pytime:latest',
      `pytime:sha-${SHORT}`
    ]);
    expect(plan.floating).toEqual([
      { reference: 'ghcr.io/acme/pytime:1.2', tag: '1.2' },
      { reference: 'ghcr.io/acme/pytime:1', tag: '1' },
      { reference: 'ghcr.io/acme/pytime:latest', tag: 'latest' },
      { reference: 'acme/pytime:1.2', tag: '1.2' },
      { reference: 'acme/pytime:1', tag: '1' },
      { reference: 'acme/pytime:latest', tag: 'latest' },
      { reference: 'pytime:1.2', tag: '1.2' },
      { reference: 'pytime:1', tag: '1' },
      { reference: 'pytime:latest', tag: 'latest' }
    ]);
    expect(plan.version).toBe('1.2.3');
  });

  it.each<[string, string]>([
    ['docker.io/library/pytime', 'pytime:main'],
    ['docker.io/acme/pytime', 'acme/pytime:main'],
    ['index.docker.io/acme/pytime', 'acme/pytime:main'],
    ['library/pytime', 'pytime:main'],
    ['localhost:5000/pytime', 'localhost:5000/pytime:main'],
    ['registry.example.com/team/sub/pytime', 'registry.example.com/team/sub/pytime:main']
  ])('formats image %s as %s', (text, first) => {
    expect(planTags(branchPush('main'), [image(text)], []).references[0]).toBe(first);
  });

  it('de-duplicates images that name the same repository', () => {
    const plan = planTags(
      pullRequest(5),
      [image('acme/pytime'), image('docker.io/acme/pytime'), image('index.docker.io/acme/pytime')],
      []
    );
    expect(plan.references).toEqual(['acme/pytime:pr-5', `acme/pytime:sha-${SHORT}`]);
    expect(plan.floating).toEqual([]);
  });

  it('plans nothing without images or entries', () => {
    expect(planTags(tagPush('v1.2.3'), [], [])).toEqual({ references: [], floating: [], version: '1.2.3' });
  });
});

describe('planTags from tag entries', () => {
  it.each<[string, GitEvent, ImageReference[], string[], string[], { reference: string; tag: string }[]]>([
    [
      'bare entries apply to the image',
      tagPush('v1.2.3'),
      [GHCR],
      ['stable', '{{version}}'],
      ['ghcr.io/acme/pytime:stable', 'ghcr.io/acme/pytime:1.2.3'],
      []
    ],
    [
      'semver templates float',
      tagPush('v1.2.3'),
      [GHCR],
      ['{{version}}', '{{major}}.{{minor}}', '{{major}}', 'latest'],
      ['ghcr.io/acme/pytime:1.2.3', 'ghcr.io/acme/pytime:1.2', 'ghcr.io/acme/pytime:1', 'ghcr.io/acme/pytime:latest'],
      [
        { reference: 'ghcr.io/acme/pytime:1.2', tag: '1.2' },
        { reference: 'ghcr.io/acme/pytime:1', tag: '1' },
        { reference: 'ghcr.io/acme/pytime:latest', tag: 'latest' }
      ]
    ],
    [
      'patch and spaced placeholders',
      tagPush('v1.2.3'),
      [GHCR],
      ['v{{ major }}.{{minor}}.{{patch}}'],
      ['ghcr.io/acme/pytime:v1.2.3'],
      []
    ],
    [
      'only the current release X floats',
      tagPush('v1.2.3'),
      [GHCR],
      ['1', '2', '1.3'],
      ['ghcr.io/acme/pytime:1', 'ghcr.io/acme/pytime:2', 'ghcr.io/acme/pytime:1.3'],
      [{ reference: 'ghcr.io/acme/pytime:1', tag: '1' }]
    ],
    [
      'explicit {{major}} on v0 floats',
      tagPush('v0.3.1'),
      [GHCR],
      ['{{major}}'],
      ['ghcr.io/acme/pytime:0'],
      [{ reference: 'ghcr.io/acme/pytime:0', tag: '0' }]
    ],
    [
      'explicit X.Y on a prerelease is guarded',
      tagPush('v2.0.0-rc.1'),
      [GHCR],
      ['{{major}}.{{minor}}', '{{version}}'],
      ['ghcr.io/acme/pytime:2.0', 'ghcr.io/acme/pytime:2.0.0-rc.1'],
      [{ reference: 'ghcr.io/acme/pytime:2.0', tag: '2.0' }]
    ],
    [
      'latest on a branch push is guarded',
      branchPush('main'),
      [GHCR],
      ['latest', '{{branch}}'],
      ['ghcr.io/acme/pytime:latest', 'ghcr.io/acme/pytime:main'],
      [{ reference: 'ghcr.io/acme/pytime:latest', tag: 'latest' }]
    ],
    ['edge is not guarded', branchPush('main'), [GHCR], ['edge'], ['ghcr.io/acme/pytime:edge'], []],
    [
      'branch and sha',
      branchPush('feature/Add_X'),
      [GHCR],
      ['{{branch}}-{{sha}}'],
      [`ghcr.io/acme/pytime:feature-Add_X-${SHORT}`],
      []
    ],
    [
      'sha template',
      pullRequest(42),
      [GHCR],
      ['{{version}}', 'sha-{{sha}}'],
      ['ghcr.io/acme/pytime:pr-42', `ghcr.io/acme/pytime:sha-${SHORT}`],
      []
    ],
    [
      'non-semver tag version',
      tagPush('nightly-2024'),
      [GHCR],
      ['{{version}}'],
      ['ghcr.io/acme/pytime:nightly-2024'],
      []
    ],
    [
      'full references come after the bare ones',
      tagPush('v1.2.3'),
      [GHCR],
      ['registry.example.com:5000/team/app:{{version}}', '{{major}}'],
      ['ghcr.io/acme/pytime:1', 'registry.example.com:5000/team/app:1.2.3'],
      [{ reference: 'ghcr.io/acme/pytime:1', tag: '1' }]
    ],
    [
      'full references are used as written',
      tagPush('v1.2.3'),
      [GHCR],
      ['docker.io/acme/mirror:{{major}}.{{minor}}', 'ghcr.io/acme/extra'],
      ['docker.io/acme/mirror:1.2', 'ghcr.io/acme/extra'],
      [
        { reference: 'docker.io/acme/mirror:1.2', tag: '1.2' },
        { reference: 'ghcr.io/acme/extra', tag: 'latest' }
      ]
    ],
    [
      'bare entries across images',
      branchPush('develop'),
      [GHCR, image('docker.io/acme/pytime')],
      ['{{branch}}', 'dev'],
      ['ghcr.io/acme/pytime:develop', 'ghcr.io/acme/pytime:dev', 'acme/pytime:develop', 'acme/pytime:dev'],
      []
    ],
    [
      'duplicates collapse, first position kept',
      tagPush('v1.2.3'),
      [GHCR],
      ['latest', '{{version}}', '1.2.3', 'ghcr.io/acme/pytime:latest'],
      ['ghcr.io/acme/pytime:latest', 'ghcr.io/acme/pytime:1.2.3'],
      [{ reference: 'ghcr.io/acme/pytime:latest', tag: 'latest' }]
    ],
    [
      'without images entries pass through in order, unguarded',
      tagPush('v1.2.3'),
      [],
      ['ghcr.io/acme/pytime:{{version}}', 'ghcr.io/acme/pytime:latest', '{{major}}', 'ghcr.io/acme/pytime:1.2.3'],
      ['ghcr.io/acme/pytime:1.2.3', 'ghcr.io/acme/pytime:latest', '1'],
      []
    ],
    [
      'without images on a branch',
      branchPush('feature/Add_X'),
      [],
      ['acme/pytime:{{branch}}'],
      ['acme/pytime:feature-Add_X'],
      []
    ]
  ])('%s', (_name, input, images, entries, references, floating) => {
    expect(planTags(input, images, entries)).toEqual({ references, floating, version: describeEvent(input).version });
  });

  it.each<[string, GitEvent, string, string, string]>([
    [
      '{{major}} on a branch push',
      branchPush('main'),
      '{{major}}',
      'placeholders this event can fill: {{version}}, {{sha}}, {{branch}}',
      "{{major}} needs a semver tag such as v1.2.3; this run is for branch 'main'"
    ],
    [
      '{{branch}} on a tag push',
      tagPush('v1.2.3'),
      '{{branch}}',
      'placeholders this event can fill: {{version}}, {{major}}, {{minor}}, {{patch}}, {{sha}}',
      '{{branch}} needs a branch ref; this run is for release v1.2.3'
    ],
    [
      '{{branch}} on a pull request',
      pullRequest(42),
      'pr-{{branch}}',
      'placeholders this event can fill: {{version}}, {{sha}}',
      '{{branch}} needs a branch ref; this run is for pull request pr-42'
    ],
    [
      '{{minor}} on a non-semver tag',
      tagPush('nightly-2024'),
      '{{minor}}',
      'placeholders this event can fill: {{version}}, {{sha}}',
      "{{minor}} needs a semver tag such as v1.2.3; this run is for tag 'nightly-2024', which is not semver"
    ],
    [
      'unknown placeholder',
      tagPush('v1.2.3'),
      '{{foo}}',
      'placeholders this event can fill: {{version}}, {{major}}, {{minor}}, {{patch}}, {{sha}}',
      'unknown placeholder {{foo}}'
    ],
    [
      'unknown placeholder on a branch',
      branchPush('main'),
      'x-{{ tag }}',
      'placeholders this event can fill: {{version}}, {{sha}}, {{branch}}',
      'unknown placeholder {{ tag }}; in a rule line: type=raw,value=x-{{ tag }}'
    ],
    [
      'placeholder in a full reference',
      branchPush('develop'),
      'ghcr.io/acme/pytime:{{patch}}',
      'placeholders this event can fill: {{version}}, {{sha}}, {{branch}}',
      "{{patch}} needs a semver tag such as v1.2.3; this run is for branch 'develop'"
    ],
    [
      '{{sha}} without a sha',
      event({ sha: '' }),
      '{{sha}}',
      'placeholders this event can fill: {{version}}, {{branch}}',
      "{{sha}} needs a commit SHA; this run is for branch 'main'"
    ],
    [
      'unbalanced braces',
      tagPush('v1.2.3'),
      '{{version',
      'placeholders this event can fill: {{version}}, {{major}}, {{minor}}, {{patch}}, {{sha}}',
      'unbalanced {{ }}'
    ],
    [
      'nothing to fill',
      event({ eventName: 'repository_dispatch', ref: '', sha: '' }),
      '{{version}}',
      'entries without placeholders; this event fills none',
      '{{version}} needs a tag, branch or commit; this run is for a repository_dispatch event on no ref'
    ]
  ])('%s throws an InputError naming tags', (_name, input, entry, accepted, detail) => {
    const error = inputErrorOf(() => planTags(input, [GHCR], ['ok', entry]));
    expect(error.input).toBe('tags');
    expect(error.value).toBe(entry);
    expect(error.accepted).toBe(accepted);
    expect(error.detail).toBe(detail);
    expect(error.message).toContain("Input 'tags' has an invalid value");
  });

  it('errors on unfillable placeholders without images too', () => {
    const error = inputErrorOf(() => planTags(branchPush('main'), [], ['ghcr.io/acme/pytime:{{major}}']));
    expect(error.input).toBe('tags');
    expect(error.value).toBe('ghcr.io/acme/pytime:{{major}}');
  });

  it.each<[string, GitEvent, string, string]>([
    ['leading dash after filling', tagPush('v1.2.3'), '-{{version}}', "filled to '-1.2.3', not a valid tag"],
    [
      'too long after filling',
      tagPush('v1.2.3'),
      `${'a'.repeat(125)}-{{version}}`,
      `filled to '${'a'.repeat(125)}-1.2.3', not a valid tag`
    ],
    ['invalid bare tag as written', tagPush('v1.2.3'), '.hidden', 'not a valid tag']
  ])('%s: bare tag rejected', (_name, input, entry, detail) => {
    const error = inputErrorOf(() => planTags(input, [GHCR], [entry]));
    expect(error.input).toBe('tags');
    expect(error.value).toBe(entry);
    expect(error.accepted).toContain('a tag of at most 128 characters');
    expect(error.detail).toBe(detail);
  });

  it.each<[string, GitEvent, string, string]>([
    [
      'uppercase repository',
      tagPush('v1.2.3'),
      'ghcr.io/Acme/pytime:{{version}}',
      "filled to 'ghcr.io/Acme/pytime:1.2.3': repository names must be lowercase"
    ],
    [
      'tag too long after filling',
      branchPush('x'),
      `ghcr.io/acme/pytime:${'a'.repeat(127)}{{branch}}{{branch}}`,
      `filled to 'ghcr.io/acme/pytime:${'a'.repeat(127)}xx': '${'a'.repeat(127)}xx' is not a valid tag`
    ],
    [
      'digest',
      tagPush('v1.2.3'),
      'ghcr.io/acme/pytime@sha256:{{sha}}',
      `filled to 'ghcr.io/acme/pytime@sha256:${SHORT}': a digest cannot be a push target; give a tag`
    ],
    ['invalid full reference as written', tagPush('v1.2.3'), 'ghcr.io/acme/pytime:-bad', "'-bad' is not a valid tag"]
  ])('%s: full reference rejected against the entry', (_name, input, entry, detail) => {
    const error = inputErrorOf(() => planTags(input, [GHCR], [entry]));
    expect(error.input).toBe('tags');
    expect(error.detail).toBe(detail);
    expect(error.accepted).toContain('[registry[:port]/]repository[:tag]');
  });
});

describe('isNewerOrEqual', () => {
  it.each<[string, string | undefined, boolean]>([
    ['1.2.3', undefined, true],
    ['1.2.3', '', true],
    ['1.2.3', 'main', true],
    ['main', undefined, true],
    ['main', 'nightly', true],
    ['1.2.3', '1.2.3', true],
    ['1.2.4', '1.2.3', true],
    ['1.3.0', '1.2.9', true],
    ['1.10.0', '1.9.0', true],
    ['2.0.0', '1.99.99', true],
    ['1.2.3', '1.2.4', false],
    ['1.9.0', '1.10.0', false],
    ['0.3.1', '1.0.0', false],
    ['2.0.0-rc.1', '2.0.0', false],
    ['2.0.0', '2.0.0-rc.1', true],
    ['2.0.0-rc.2', '2.0.0-rc.1', true],
    ['v1.3.0', '1.2.0', true],
    ['1.0.0', 'v1.0.0', true],
    ['1.2.3+build.2', '1.2.3+build.1', true],
    ['main', '1.2.3', false],
    ['pr-42', '0.0.1', false]
  ])('%j over %j -> %j', (candidate, carried, expected) => {
    expect(isNewerOrEqual(candidate, carried)).toBe(expected);
  });
});

describe('ociLabels', () => {
  const label = (name: string, value: string): KeyValue => ({ key: `org.opencontainers.image.${name}`, value });

  it.each<[string, GitEvent, KeyValue[]]>([
    [
      'release',
      tagPush('v1.2.3'),
      [
        label('source', 'https://github.com/acme/pytime'),
        label('revision', SHA),
        label('version', '1.2.3'),
        label('created', CREATED),
        label('title', 'pytime'),
        label('url', 'https://github.com/acme/pytime')
      ]
    ],
    [
      'branch without repository details',
      branchPush('feature/Add_X', { repositoryUrl: undefined, repositoryName: undefined }),
      [label('revision', SHA), label('version', 'feature-Add_X'), label('created', CREATED)]
    ],
    [
      'pull request',
      pullRequest(42),
      [
        label('source', 'https://github.com/acme/pytime'),
        label('revision', SHA),
        label('version', 'pr-42'),
        label('created', CREATED),
        label('title', 'pytime'),
        label('url', 'https://github.com/acme/pytime')
      ]
    ],
    [
      'empty values are omitted',
      event({
        eventName: 'repository_dispatch',
        ref: '',
        sha: '',
        createdAt: '',
        repositoryName: '  ',
        repositoryUrl: ''
      }),
      []
    ]
  ])('%s', (_name, input, expected) => {
    expect(ociLabels(input, describeEvent(input))).toEqual(expected);
  });
});

describe('mergeLabels', () => {
  const generated: KeyValue[] = [
    { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/pytime' },
    { key: 'org.opencontainers.image.version', value: '1.2.3' },
    { key: 'org.opencontainers.image.title', value: 'pytime' }
  ];

  it.each<[string, KeyValue[], KeyValue[], KeyValue[]]>([
    ['no user labels', generated, [], generated],
    ['no generated labels', [], [{ key: 'team', value: 'core' }], [{ key: 'team', value: 'core' }]],
    [
      'user wins in place, extras appended',
      generated,
      [
        { key: 'team', value: 'core' },
        { key: 'org.opencontainers.image.title', value: 'PyTime Server' }
      ],
      [
        { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/pytime' },
        { key: 'org.opencontainers.image.version', value: '1.2.3' },
        { key: 'org.opencontainers.image.title', value: 'PyTime Server' },
        { key: 'team', value: 'core' }
      ]
    ],
    [
      'user may blank a generated label',
      generated,
      [{ key: 'org.opencontainers.image.version', value: '' }],
      [
        { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/pytime' },
        { key: 'org.opencontainers.image.version', value: '' },
        { key: 'org.opencontainers.image.title', value: 'pytime' }
      ]
    ],
    [
      'a later user line wins over an earlier one',
      [],
      [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' }
      ],
      [{ key: 'a', value: '2' }]
    ]
  ])('%s', (_name, gen, user, expected) => {
    expect(mergeLabels(gen, user)).toEqual(expected);
  });

  it('does not mutate its arguments', () => {
    const user = [{ key: 'org.opencontainers.image.title', value: 'x' }];
    const before = JSON.stringify([generated, user]);
    mergeLabels(generated, user);
    expect(JSON.stringify([generated, user])).toBe(before);
  });
});
