// metadata-action's rule lines against every kind of event, with the tags its README documents: the
// rules' evaluation (evaluate.ts, with the flavor applied), through planTags as the action runs it.
import { describe, expect, it } from '@jest/globals';
import { parseImageReference } from '../../../../src/model/references.js';
import { DEFAULT_FLAVOR, parseFlavor } from '../../../../src/planning/tag-rules/flavor.js';
import { InputError } from '../../../../src/model/errors.js';
import { inputErrorOf } from '../../../helpers/errors.js';
import type { GitEvent } from '../../../../src/model/event.js';
import type { Flavor } from '../../../../src/model/tags.js';
import { planTagTexts as planTags } from '../../../helpers/tag-plans.js';
import { evaluateTagRules } from '../../../../src/planning/tag-rules/evaluate.js';
import { parseTagRule } from '../../../../src/planning/tag-rules/parse.js';

const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';
const SHORT = '860c190';
const IMAGE = parseImageReference('ghcr.io/acme/app', 'image');

function event(overrides: Partial<GitEvent>): GitEvent {
  return {
    eventName: 'push',
    ref: 'refs/heads/master',
    sha: SHA,
    defaultBranch: 'master',
    createdAt: '2020-01-10T00:30:00.000Z',
    ...overrides
  };
}

// One of each event kind the issue names, shaped like the runner's (GITHUB_REF and payload).
const events: Record<string, GitEvent> = {
  'push to a branch': event({ ref: 'refs/heads/dev' }),
  'push to the default branch': event({}),
  'push of a tag': event({ ref: 'refs/tags/v1.1.1', baseRef: 'master' }),
  'push of a pre-release tag': event({ ref: 'refs/tags/v2.0.8-beta.67' }),
  pull_request: event({ eventName: 'pull_request', ref: 'refs/pull/15/merge', prNumber: 15, baseRef: 'master' }),
  // pull_request_target runs on the base branch's ref; metadata-action reads it as the pull request.
  pull_request_target: event({ eventName: 'pull_request_target', ref: 'refs/heads/master', prNumber: 15 }),
  schedule: event({ eventName: 'schedule', schedule: '0 10 * * *' }),
  workflow_dispatch: event({ eventName: 'workflow_dispatch' }),
  release: event({ eventName: 'release', ref: 'refs/tags/v1.1.1', releaseTag: 'v1.1.1' })
};

function tagsFor(name: string, lines: string, flavor: Flavor = DEFAULT_FLAVOR): string[] {
  const gitEvent = events[name];
  if (!gitEvent) throw new Error(`no event ${name}`);
  const entries = lines.split('\n').filter((line) => line.trim() !== '');
  return planTags(gitEvent, [IMAGE], entries, flavor).references.map((reference) => reference.split(':')[1] ?? '');
}

// The example in metadata-action's "tags input" section.
const semverPipeline = `type=schedule
type=semver,pattern={{version}}
type=semver,pattern={{major}}.{{minor}}
type=semver,pattern={{major}}
type=ref,event=branch
type=ref,event=pr
type=sha`;

// A branch-and-tag pipeline: edge and latest from the default branch, the git tag, full SHA, dated nightlies.
const branchPipeline = `type=edge
type=raw,value=latest,enable={{is_default_branch}}
type=ref,event=tag
type=sha,format=long
type=schedule,pattern={{date 'YYYYMMDD'}}`;

describe('a semver pipeline, for every event kind', () => {
  it.each<[string, string[]]>([
    ['push to a branch', ['dev', `sha-${SHORT}`]],
    ['push to the default branch', ['master', `sha-${SHORT}`]],
    ['push of a tag', ['1.1.1', '1.1', '1', `sha-${SHORT}`, 'latest']],
    // Pre-releases only ever get their full version: no 2.0, no 2, no latest.
    ['push of a pre-release tag', ['2.0.8-beta.67', `sha-${SHORT}`]],
    ['pull_request', ['pr-15', `sha-${SHORT}`]],
    ['pull_request_target', ['pr-15', `sha-${SHORT}`]],
    ['schedule', ['nightly', 'master', `sha-${SHORT}`]],
    ['workflow_dispatch', ['master', `sha-${SHORT}`]],
    ['release', ['1.1.1', '1.1', '1', `sha-${SHORT}`, 'latest']]
  ])('%s -> %j', (name, expected) => {
    expect(tagsFor(name, semverPipeline)).toEqual(expected);
  });
});

describe('a branch-and-tag pipeline, for every event kind', () => {
  it.each<[string, string[]]>([
    ['push to a branch', [`sha-${SHA}`]],
    ['push to the default branch', ['edge', 'latest', `sha-${SHA}`]],
    ['push of a tag', ['v1.1.1', `sha-${SHA}`, 'latest']],
    // type=ref,event=tag asks for latest on every tag, pre-releases included (metadata-action's basic example).
    ['push of a pre-release tag', ['v2.0.8-beta.67', `sha-${SHA}`, 'latest']],
    ['pull_request', [`sha-${SHA}`]],
    ['pull_request_target', [`sha-${SHA}`]],
    // Scheduled runs count as the default branch; schedule's priority makes the date the version.
    ['schedule', ['20200110', 'edge', 'latest', `sha-${SHA}`]],
    ['workflow_dispatch', ['edge', 'latest', `sha-${SHA}`]],
    ['release', ['v1.1.1', `sha-${SHA}`, 'latest']]
  ])('%s -> %j', (name, expected) => {
    expect(tagsFor(name, branchPipeline)).toEqual(expected);
  });
});

describe('metadata-action basic example (its default rules, written out)', () => {
  const defaults = 'type=schedule\ntype=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr';
  it.each<[string, string[]]>([
    ['pull_request', ['pr-15']],
    ['push to the default branch', ['master']],
    ['push of a tag', ['v1.1.1', 'latest']],
    ['push of a pre-release tag', ['v2.0.8-beta.67', 'latest']],
    ['workflow_dispatch', ['master']]
  ])('%s -> %j', (name, expected) => {
    expect(tagsFor(name, defaults)).toEqual(expected);
  });
});

describe('the version is the highest-priority tag', () => {
  it.each<[string, string, string]>([
    ['push of a tag', semverPipeline, '1.1.1'],
    ['push to a branch', semverPipeline, 'dev'],
    ['schedule', branchPipeline, '20200110'],
    ['push of a tag', 'type=sha\ntype=ref,event=tag', 'v1.1.1'],
    ['push of a tag', 'type=sha,priority=2000\ntype=ref,event=tag', `sha-${SHORT}`],
    // Equal priorities keep the written order.
    ['push of a tag', 'type=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{version}}', '1.1']
  ])('%s with %j -> %s', (name, lines, version) => {
    const gitEvent = events[name] as GitEvent;
    expect(planTags(gitEvent, [IMAGE], lines.split('\n')).version).toBe(version);
  });

  it('no rule giving a tag gives an empty version, as metadata-action, with nothing to push', () => {
    const plan = planTags(events['push to a branch'] as GitEvent, [IMAGE], ['type=ref,event=tag']);
    expect(plan.references).toEqual([]);
    expect(plan.version).toBe('');
  });

  it('plain entries without rule lines keep the event version', () => {
    const plan = planTags(events['push to a branch'] as GitEvent, [IMAGE], ['stable']);
    expect(plan.version).toBe('dev');
  });
});

describe('semver, match and ref rules', () => {
  it.each<[string, string, string[]]>([
    ['push of a tag', 'type=semver,pattern={{raw}}', ['v1.1.1', 'latest']],
    ['push of a tag', 'type=semver,pattern=v{{major}}', ['v1', 'latest']],
    ['push of a tag', 'type=semver,pattern={{minor}}', ['1', 'latest']],
    ['push of a tag', 'type=semver,pattern={{patch}}', ['1', 'latest']],
    ['push of a pre-release tag', 'type=semver,pattern={{raw}}', ['v2.0.8-beta.67']],
    ['push of a pre-release tag', 'type=semver,pattern={{major}}.{{minor}}', ['2.0.8-beta.67']],
    // value= works on any event; match= picks the version out of it.
    ['push to a branch', 'type=semver,pattern={{version}},value=v1.0.0', ['1.0.0', 'latest']],
    ['push to a branch', 'type=semver,pattern={{version}},value=p1/v1.0.0,match=v(\\d.\\d.\\d)$', ['1.0.0', 'latest']],
    ['push to a branch', 'type=semver,pattern={{version}}', []],
    ['push of a tag', 'type=match,pattern=\\d.\\d.\\d', ['1.1.1', 'latest']],
    ['push of a pre-release tag', 'type=match,pattern=v(.*),group=1', ['2.0.8-beta.67', 'latest']],
    ['push of a pre-release tag', 'type=match,pattern=v(\\d.\\d),group=1', ['2.0', 'latest']],
    ['push to a branch', 'type=match,pattern=p1/v(\\d.\\d.\\d),group=1,value=p1/v1.2.3', ['1.2.3', 'latest']],
    ['push to a branch', 'type=match,pattern=/V(\\d+)/i,group=1,value=v20', ['20', 'latest']],
    ['push of a tag', 'type=ref,event=branch', []],
    ['push to a branch', 'type=edge,branch=dev', ['edge']],
    ['push to a branch', 'type=edge', []]
  ])('%s with %j -> %j', (name, lines, expected) => {
    expect(tagsFor(name, lines)).toEqual(expected);
  });

  it('v0.1.2 gives 0 from {{major}}, as metadata-action documents, unless the rule is disabled', () => {
    const gitEvent = event({ ref: 'refs/tags/v0.1.2' });
    const lines = ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}'];
    const tags = (extra: string) =>
      planTags(gitEvent, [IMAGE], [...lines, extra]).references.map((reference) => reference.split(':')[1]);
    expect(tags('type=semver,pattern={{major}}')).toEqual(['0.1.2', '0.1', '0', 'latest']);
    expect(tags('type=semver,pattern={{major}},enable=false')).toEqual(['0.1.2', '0.1', 'latest']);
  });

  it('a tag that is not semver gives no semver tag, and says why', () => {
    const plan = planTags(event({ ref: 'refs/tags/release1' }), [IMAGE], ['type=semver,pattern={{version}}']);
    expect(plan.references).toEqual([]);
    expect(plan.warnings).toEqual([
      "type=semver,pattern={{version}}: 'release1' is not a valid semver version, so this rule gives no tag"
    ]);
  });

  it('branch names are sanitised as metadata-action does: runs of other characters become one dash', () => {
    expect(tagsFor('push to a branch', 'type=ref,event=branch')).toEqual(['dev']);
    const plan = planTags(event({ ref: 'refs/heads/feature/Add  ünïcode' }), [IMAGE], ['type=ref,event=branch']);
    expect(plan.references).toEqual(['ghcr.io/acme/app:feature-Add-n-code']);
  });

  it('a branch name longer than a tag may be is cut to 128 characters', () => {
    const plan = planTags(event({ ref: `refs/heads/${'b'.repeat(200)}` }), [IMAGE], ['type=ref,event=branch']);
    expect(plan.references).toEqual([`ghcr.io/acme/app:${'b'.repeat(128)}`]);
  });
});

describe('enable, priority, prefix and suffix attributes', () => {
  it.each<[string, string, string[]]>([
    ['push to a branch', 'type=sha,prefix={{branch}}-', [`dev-${SHORT}`]],
    ['push to a branch', 'type=raw,value=mytag-{{branch}}-{{sha}}', [`mytag-dev-${SHORT}`]],
    ['push of a tag', 'type=raw,value=t-{{tag}}', ['t-v1.1.1']],
    ['push of a tag', 'type=raw,value=from-{{base_ref}}', ['from-master']],
    ['pull_request', 'type=raw,value=into-{{base_ref}}', ['into-master']],
    ['push to a branch', 'type=raw,value=x{{base_ref}}', ['x']],
    ['push to the default branch', 'type=raw,value=stable,enable={{is_not_default_branch}}', []],
    ['push to a branch', 'type=raw,value=preview,enable={{is_not_default_branch}}', ['preview']],
    ['push of a tag', 'type=semver,pattern={{version}},prefix=v,suffix=-slim', ['v1.1.1-slim', 'latest']],
    ['pull_request', 'type=ref,event=pr,prefix=', ['15']],
    ['push to a branch', 'type=raw,foo\ntype=raw,value=bar,priority=300', ['bar', 'foo']],
    ['push to a branch', 'type=raw,value=dup\ntype=raw,value=dup', ['dup']],
    ['push to a branch', "type=raw,value={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", ['20200110-093000']],
    ['push to a branch', "type=raw,value={{commit_date 'YYYY.MM.DD'}}", ['2020.01.10']]
  ])('%s with %j -> %j', (name, lines, expected) => {
    expect(tagsFor(name, lines)).toEqual(expected);
  });

  it('{{commit_date}} reads the commit date when the payload has it', () => {
    const gitEvent = event({ ref: 'refs/heads/dev', commitDate: '2019-12-31T23:59:59Z' });
    expect(planTags(gitEvent, [IMAGE], ["type=raw,value={{commit_date 'YYYYMMDD'}}"]).references).toEqual([
      'ghcr.io/acme/app:20191231'
    ]);
  });

  it('an enable expression that gives neither true nor false is an InputError', () => {
    const error = inputErrorOf(() =>
      planTags(events['push to a branch'] as GitEvent, [IMAGE], ['type=raw,value=x,enable={{branch}}'])
    );
    expect(error.input).toBe('tags');
    expect(error.detail).toBe("enable gave 'dev'");
  });
});

describe('flavor', () => {
  const flavor = (raw: string) => parseFlavor(raw);
  it.each<[string, string, string, string[]]>([
    ['push of a tag', semverPipeline, 'latest=false', ['1.1.1', '1.1', '1', `sha-${SHORT}`]],
    ['push to a branch', 'type=ref,event=branch', 'latest=true', ['dev', 'latest']],
    ['push of a pre-release tag', 'type=semver,pattern={{version}}', 'latest=true', ['2.0.8-beta.67', 'latest']],
    ['push of a tag', 'type=semver,pattern={{version}}', 'prefix=app-', ['app-1.1.1', 'latest']],
    ['push of a tag', 'type=semver,pattern={{version}}', 'prefix=app-,onlatest=true', ['app-1.1.1', 'app-latest']],
    [
      'push of a tag',
      'type=semver,pattern={{version}}',
      'suffix=-alpine,onlatest=true',
      ['1.1.1-alpine', 'latest-alpine']
    ],
    // A rule's own prefix wins over the flavor's, even when empty; pr- and sha- are such defaults.
    ['push of a tag', 'type=semver,pattern={{version}},prefix=', 'prefix=app-', ['1.1.1', 'latest']],
    ['pull_request', 'type=ref,event=pr\ntype=sha', 'prefix=app-', ['pr-15', `sha-${SHORT}`]],
    ['push to a branch', 'type=ref,event=branch', 'suffix=-{{sha}}', [`dev-${SHORT}`]]
  ])('%s with %j and flavor %j -> %j', (name, lines, raw, expected) => {
    expect(tagsFor(name, lines, flavor(raw))).toEqual(expected);
  });
});

describe('floating tags from rules', () => {
  const floatingOf = (name: string, lines: string, flavor = DEFAULT_FLAVOR) =>
    planTags(events[name] as GitEvent, [IMAGE], lines.split('\n'), flavor).floating.map(({ tag }) => tag);

  it.each<[string, string, string[]]>([
    // latest, X and X.Y are guarded whichever rule produced them; full versions and SHAs are not.
    ['push of a tag', semverPipeline, ['1.1', '1', 'latest']],
    ['push of a pre-release tag', semverPipeline, []],
    ['push to the default branch', branchPipeline, ['latest']],
    ['push of a tag', 'type=semver,pattern=v{{major}}', ['v1', 'latest']],
    ['push of a tag', 'type=match,pattern=v(\\d+\\.\\d+),group=1', ['1.1', 'latest']],
    ['push of a tag', 'type=raw,value=1.1\ntype=raw,value=stable', ['1.1']],
    ['push to a branch', 'type=ref,event=branch', []]
  ])('%s with %j guards %j', (name, lines, expected) => {
    expect(floatingOf(name, lines)).toEqual(expected);
  });

  it('the flavored latest tag is guarded too', () => {
    expect(
      floatingOf('push of a tag', 'type=semver,pattern={{version}}', parseFlavor('suffix=-alpine,onlatest=true'))
    ).toEqual(['latest-alpine']);
  });
});

describe('rule lines beside plain tags', () => {
  it('rule tags come first on each image, then plain tags, then full references', () => {
    const second = parseImageReference('docker.io/acme/app', 'image');
    const plan = planTags(
      events['push of a tag'] as GitEvent,
      [IMAGE, second],
      ['type=semver,pattern={{version}}', 'stable', 'ghcr.io/acme/other:{{major}}']
    );
    expect(plan.references).toEqual([
      'ghcr.io/acme/app:1.1.1',
      'ghcr.io/acme/app:latest',
      'ghcr.io/acme/app:stable',
      'acme/app:1.1.1',
      'acme/app:latest',
      'acme/app:stable',
      'ghcr.io/acme/other:1'
    ]);
    expect(plan.floating.map(({ reference }) => reference)).toEqual([
      'ghcr.io/acme/app:latest',
      'acme/app:latest',
      'ghcr.io/acme/other:1'
    ]);
  });

  it('without images the rule tags pass through as bare tags', () => {
    expect(planTags(events['push of a tag'] as GitEvent, [], ['type=ref,event=tag']).references).toEqual([
      'v1.1.1',
      'latest'
    ]);
  });

  it('only ever throws InputError for a bad rule', () => {
    expect(() => planTags(events['push of a tag'] as GitEvent, [IMAGE], ['type=semver'])).toThrow(InputError);
  });
});

describe("the migration guide's branch-and-tag example", () => {
  const lines = [
    'type=ref,event=branch',
    'type=ref,event=pr',
    'type=semver,pattern={{version}}',
    'type=semver,pattern={{major}}.{{minor}}',
    'type=edge',
    'type=sha,format=long'
  ];
  const main = (overrides: Partial<GitEvent>) => event({ defaultBranch: 'main', ...overrides });
  it.each<[string, GitEvent, string[]]>([
    ['push to main', main({ ref: 'refs/heads/main' }), ['edge', 'main', `sha-${SHA}`]],
    ['push to feature/login', main({ ref: 'refs/heads/feature/login' }), ['feature-login', `sha-${SHA}`]],
    ['tag v1.2.3', main({ ref: 'refs/tags/v1.2.3' }), ['1.2.3', '1.2', `sha-${SHA}`, 'latest']],
    ['tag v2.0.0-rc.1', main({ ref: 'refs/tags/v2.0.0-rc.1' }), ['2.0.0-rc.1', `sha-${SHA}`]],
    [
      'pull request 42',
      main({ eventName: 'pull_request', ref: 'refs/pull/42/merge', prNumber: 42 }),
      ['pr-42', `sha-${SHA}`]
    ]
  ])('%s -> %j', (_name, gitEvent, expected) => {
    const tags = planTags(gitEvent, [IMAGE], lines, parseFlavor('latest=auto')).references;
    expect(tags.map((reference) => reference.split(':')[1])).toEqual(expected);
  });
});

// The rules' evaluation on its own: tags with their floating mark, latest, and the warnings.
describe('evaluateTagRules', () => {
  const evaluate = (gitEvent: GitEvent, lines: string[], flavor: Flavor = DEFAULT_FLAVOR) =>
    evaluateTagRules(lines.map(parseTagRule), gitEvent, flavor);
  const tagPush = (tag: string) => event({ ref: `refs/tags/${tag}` });

  it('semver with match= takes the first capture group, not the whole match', () => {
    const outcome = evaluate(tagPush('release-1.2.3'), [
      'type=semver,pattern={{version}},match=^release-(\\d+\\.\\d+\\.\\d+)$'
    ]);
    expect(outcome.tags).toEqual([{ tag: '1.2.3', floats: false }]);
    expect(outcome.warnings).toEqual([]);
  });

  it('semver with a match= that does not match says so and reads the tag as it is', () => {
    const outcome = evaluate(tagPush('v1.2.3'), ['type=semver,pattern={{version}},match=^release-(.*)$']);
    expect(outcome.warnings).toEqual([
      "type=semver,pattern={{version}},match=^release-(.*)$: match ^release-(.*)$ does not match 'v1.2.3'"
    ]);
    expect(outcome.tags).toEqual([{ tag: '1.2.3', floats: false }]);
  });

  it('a semver expression given arguments is an error naming tags, not a version', () => {
    const error = inputErrorOf(() => evaluate(tagPush('v1.2.3'), ["type=semver,pattern={{major 'x'}}"]));
    expect(error.input).toBe('tags');
    expect(error.message).toContain("unknown expression {{major 'x'}}");
  });

  it('only {{major}} and {{minor}} float: a pattern with {{patch}} does not', () => {
    expect(evaluate(tagPush('v1.2.3'), ['type=semver,pattern={{major}}.{{minor}}.{{patch}}']).tags).toEqual([
      { tag: '1.2.3', floats: false }
    ]);
  });

  it('match without value= on a branch push gives nothing (there is no git tag to match)', () => {
    expect(evaluate(event({ ref: 'refs/heads/main' }), ['type=match,pattern=\\w+']).tags).toEqual([]);
  });

  it('match whose group is not there says which group and the text, and gives no tag', () => {
    const outcome = evaluate(tagPush('v1.2.3'), ['type=match,pattern=^release-(\\d+)$']);
    expect(outcome.tags).toEqual([]);
    expect(outcome.warnings).toEqual([
      "type=match,pattern=^release-(\\d+)$: no group 0 where the pattern meets 'v1.2.3'"
    ]);
  });

  it('edge on a tag push of a repository whose default branch is unknown gives nothing', () => {
    expect(evaluate(event({ ref: 'refs/tags/v1.2.3', defaultBranch: undefined }), ['type=edge']).tags).toEqual([]);
  });

  it('sha without a commit gives nothing, not the bare prefix', () => {
    expect(evaluate(event({ sha: '' }), ['type=sha']).tags).toEqual([]);
  });

  it('ref event=branch on a tag push gives nothing', () => {
    expect(evaluate(tagPush('v1.2.3'), ['type=ref,event=branch']).tags).toEqual([]);
  });

  it('a tag named latest floats whichever rule gives it', () => {
    expect(evaluate(event({ ref: 'refs/heads/latest' }), ['type=ref,event=branch']).tags).toEqual([
      { tag: 'latest', floats: true }
    ]);
  });

  it('latest=false, or auto after a rule that does not make latest, adds no latest', () => {
    const main = event({ ref: 'refs/heads/main' });
    expect(evaluate(main, ['type=ref,event=branch'], parseFlavor('latest=false')).latest).toBeUndefined();
    expect(evaluate(main, ['type=sha'], parseFlavor('latest=auto')).latest).toBeUndefined();
  });

  it('ref event=pr on a branch push gives nothing', () => {
    expect(evaluate(event({ ref: 'refs/heads/main' }), ['type=ref,event=pr']).tags).toEqual([]);
  });

  it('two rules that give one tag list it once, floating if either floats', () => {
    // ref event=tag does not float; raw 1 has a floating shape.
    expect(evaluate(tagPush('1'), ['type=ref,event=tag', 'type=raw,value=1']).tags).toEqual([
      { tag: '1', floats: true }
    ]);
  });

  it('latest=true adds latest only when a rule gave a tag', () => {
    const always = parseFlavor('latest=true');
    expect(evaluate(event({ ref: 'refs/heads/main' }), ['type=ref,event=tag'], always)).toEqual({
      tags: [],
      warnings: []
    });
    expect(evaluate(event({ ref: 'refs/heads/main' }), ['type=ref,event=branch'], always).latest).toBe('latest');
  });
});
