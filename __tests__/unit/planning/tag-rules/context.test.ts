// ruleContext and isDefaultBranch: the ref the rules read, and whether it counts as the default branch.
import type { GitEvent } from '../../../../src/model/event.js';
import { globalResolver, isDefaultBranch, ruleContext } from '../../../../src/planning/tag-rules/context.js';
import { renderTemplate, TemplateError } from '../../../../src/planning/tag-rules/expressions.js';
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

describe('date helpers, as metadata-action formats them', () => {
  const at = (overrides: Partial<GitEvent> = {}) =>
    globalResolver(ruleContext(event({ createdAt: '2020-01-10T00:30:00.000Z', ...overrides })));
  const render = (template: string, overrides: Partial<GitEvent> = {}) => renderTemplate(template, at(overrides));

  it.each<[string, string]>([
    ["{{date 'YYYYMMDD'}}", '20200110'],
    ["{{date 'YYYYMMDD-HHmm' tz='Asia/Tokyo'}}", '20200110-0930'],
    // Unquoted, the format is a name Handlebars looks up and does not find: moment's default form.
    ['{{date YYYYMMDD}}', '2020-01-10T00:30:00Z'],
    ['{{commit_date YYYY-MM-DD}}', '2020-01-10T00:30:00Z'],
    ["{{date YYYYMMDD tz='Asia/Tokyo'}}", '2020-01-10T09:30:00+09:00'],
    ["{{date YYYYMMDD tz='Etc/UTC'}}", '2020-01-10T00:30:00Z']
  ])('%s gives %s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('the commit date from the payload, else the run time', () => {
    expect(render("{{commit_date 'YYYY-MM-DD'}}", { commitDate: '2019-12-31T23:00:00Z' })).toBe('2019-12-31');
    expect(render("{{commit_date 'YYYY-MM-DD'}}")).toBe('2020-01-10');
  });

  it.each(['{{date}}', "{{date 'A' 'B'}}", "{{date YYYY 'B'}}", '{{sha 7}}', '{{branch x}}'])(
    '%s is refused',
    (template) => {
      expect(() => render(template)).toThrow(TemplateError);
    }
  );
});

describe('DOCKER_METADATA_SHORT_SHA_LENGTH', () => {
  it.each<[number | undefined, string]>([
    [undefined, 'a1b2c3d'],
    [12, 'a1b2c3d4e5f6'],
    [40, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'],
    [99, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678']
  ])('%s digits: {{sha}} is %s', (length, expected) => {
    const resolver = globalResolver(ruleContext(event(length === undefined ? {} : { shortShaLength: length })));
    expect(renderTemplate('{{sha}}', resolver)).toBe(expected);
  });
});
