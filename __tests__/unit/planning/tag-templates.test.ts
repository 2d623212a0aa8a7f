// The {{placeholders}} of the tags input (fillTemplate), through planTags, which fills every entry:
// what each event can fill, and an InputError naming the entry for what it cannot.
import type { GitEvent } from '../../../src/model/event.js';
import { parseImageReference } from '../../../src/model/references.js';
import { planTagTexts as planTags } from '../../helpers/tag-plans.js';
import { fillValues } from '../../../src/planning/tag-templates.js';
import { inputErrorOf } from '../../helpers/errors.js';
import { branchPush, CREATED, event, pullRequest, SHORT, tagPush } from '../../helpers/git-events.js';

const GHCR = parseImageReference('ghcr.io/acme/pytime', 'image');

describe('fillTemplate through planTags', () => {
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
});

describe('fillValues: build-args, labels and annotations', () => {
  const lines = (text: Record<string, string>) => Object.entries(text).map(([key, value]) => ({ key, value }));

  it('fills the tags’ placeholders and metadata-action’s expressions from the same event', () => {
    const on = tagPush('v1.2.3');
    const filled = fillValues(
      'labels',
      lines({
        'org.example.version': '{{version}}',
        'org.example.series': 'v{{major}}.{{minor}}',
        'org.example.tag': '{{tag}}',
        'org.example.day': "{{date 'YYYYMMDD'}}",
        'org.example.default': '{{is_default_branch}}',
        'org.example.plain': 'no placeholder, = kept'
      }),
      on
    );
    expect(filled).toEqual(
      lines({
        'org.example.version': '1.2.3',
        'org.example.series': 'v1.2',
        'org.example.tag': 'v1.2.3',
        'org.example.day': CREATED.slice(0, 10).replace(/-/g, ''),
        'org.example.default': 'false',
        'org.example.plain': 'no placeholder, = kept'
      })
    );
  });

  it('a backslash keeps a literal {{ (a Go template passed as a build arg)', () => {
    expect(fillValues('build-args', lines({ FORMAT: '\\{{.Name}} {{sha}}' }), branchPush('main'))).toEqual(
      lines({ FORMAT: `{{.Name}} ${SHORT}` })
    );
  });

  it.each<[string, 'build-args' | 'labels' | 'annotations', GitEvent, string, string]>([
    ['{{major}} on a branch', 'build-args', branchPush('main'), '{{major}}', '{{major}} needs a semver tag'],
    ['{{branch}} on a tag push', 'labels', tagPush('v1.2.3'), 'b-{{branch}}', '{{branch}} needs a branch ref'],
    ['an unknown placeholder', 'annotations', tagPush('v1.2.3'), '{{nope}}', 'unknown placeholder {{nope}}'],
    ['unbalanced braces', 'build-args', tagPush('v1.2.3'), '{{version', 'unbalanced {{ }}']
  ])('%s in %s: an error naming the input, the line and the placeholder', (_why, input, on, value, detail) => {
    const error = inputErrorOf(() => fillValues(input, lines({ KEY: value }), on));
    expect(error.input).toBe(input);
    expect(error.value).toBe(`KEY=${value}`);
    expect(error.detail).toContain(detail);
    expect(error.accepted).toContain('placeholders this event can fill: {{version}}');
    expect(error.accepted).toContain('{{date}}');
    expect(error.accepted).toContain('\\{{ for a literal {{');
  });
  it('a value without {{ is passed as written, even with a }} of its own', () => {
    expect(fillValues('build-args', lines({ V: '{{version}}', JQ: 'a}}b' }), tagPush('v1.2.3'))).toEqual(
      lines({ V: '1.2.3', JQ: 'a}}b' })
    );
  });

  it('the error lists each placeholder once, the tags’ and metadata-action’s alike', () => {
    const error = inputErrorOf(() => fillValues('labels', lines({ KEY: '{{nope}}' }), branchPush('main')));
    const listed = (error.accepted.match(/\{\{[a-z_]+\}\}/g) ?? []).filter((name) => name !== '{{date}}');
    expect(listed).toContain('{{sha}}');
    expect(listed).toContain('{{branch}}');
    expect(new Set(listed).size).toBe(listed.length);
  });
});
