// planTags: the references to push and the floating ones among them, from the event alone or from
// the tags input's entries (bare tags, templates, full references), image by image.
import { parseImageReference, type ImageReference } from '../../../src/model/references.js';
import { inputErrorOf } from '../../helpers/errors.js';
import type { GitEvent } from '../../../src/model/event.js';
import { describeEvent } from '../../../src/planning/event-tags.js';
import { planTagTexts as planTags } from '../../helpers/tag-plans.js';
import { branchPush, event, pullRequest, releaseEvent, SHORT, tagPush } from '../../helpers/git-events.js';

const image = (text: string): ImageReference => parseImageReference(text, 'image');
const GHCR = image('ghcr.io/acme/pytime');

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

  it.each<[string, GitEvent, string, string]>([
    ['leading dash after filling', tagPush('v1.2.3'), '-{{version}}', "filled to '-1.2.3', not a valid tag"],
    [
      'too long after filling',
      tagPush('v1.2.3'),
      `${'a'.repeat(125)}-{{version}}`,
      `filled to '${'a'.repeat(125)}-1.2.3', not a valid tag`
    ],
    // Refused where the tags input is parsed, as the reference it is not.
    ['invalid bare tag as written', tagPush('v1.2.3'), '.hidden', "'.hidden' is not a valid repository path component"]
  ])('%s: bare tag rejected', (_name, input, entry, detail) => {
    const error = inputErrorOf(() => planTags(input, [GHCR], [entry]));
    expect(error.input).toBe('tags');
    expect(error.value).toBe(entry);
    expect(error.accepted).toContain('a tag of at most 128 characters');
    expect(error.detail).toBe(detail);
  });

  it.each<[string, GitEvent, string, string]>([
    [
      'bad repository component, capitals and all',
      tagPush('v1.2.3'),
      'ghcr.io/Acme/-pytime:{{version}}',
      "filled to 'ghcr.io/Acme/-pytime:1.2.3': '-pytime' is not a valid repository path component"
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

describe('full references in tags: names lowercased as metadata-action does, tags keep their case', () => {
  it.each<[string, ImageReference[], string[], string[], { from: string; to: string }[]]>([
    [
      'a templated reference with capitals, beside an image',
      [GHCR],
      ['ghcr.io/Acme/PyTime:V{{version}}', 'stable'],
      ['ghcr.io/acme/pytime:stable', 'ghcr.io/acme/pytime:V1.2.3'],
      [{ from: 'ghcr.io/Acme/PyTime:V1.2.3', to: 'ghcr.io/acme/pytime:V1.2.3' }]
    ],
    [
      'a registry with a port and no tag, without images',
      [],
      ['127.0.0.1:5001/Acme/App', 'ghcr.io/acme/app:Edge'],
      ['127.0.0.1:5001/acme/app', 'ghcr.io/acme/app:Edge'],
      [{ from: '127.0.0.1:5001/Acme/App', to: '127.0.0.1:5001/acme/app' }]
    ],
    ['already lowercase: nothing said', [GHCR], ['ghcr.io/acme/app:RC1'], ['ghcr.io/acme/app:RC1'], []]
  ])('%s', (_why, images, entries, references, lowercased) => {
    const plan = planTags(tagPush('v1.2.3'), images, entries);
    expect(plan.references).toEqual(references);
    expect(plan.lowercased ?? []).toEqual(lowercased);
  });
});

describe('planTags without images', () => {
  it('rule tags pass as they are, none of them floating: there is no repository to guard', () => {
    const plan = planTags(tagPush('v1.2.3'), [], ['type=semver,pattern={{major}}', 'type=raw,value=latest']);
    expect(plan.references).toEqual(['1', 'latest']);
    expect(plan.floating).toEqual([]);
  });
});
