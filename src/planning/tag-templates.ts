// Pure: the {{placeholders}} of tags and other inputs, filled from the event with the one template
// engine the tag rules use too (tag-rules/expressions.ts).
import { InputError } from '../model/errors.js';
import type { GitEvent } from '../model/event.js';
import type { KeyValue } from '../model/lists.js';
import { globalResolver, ruleContext } from './tag-rules/context.js';
import { renderTemplate, TemplateError, type Resolver } from './tag-rules/expressions.js';
import { globalNames } from './tag-rules/parse.js';
import { describeEvent, runDescription, sanitizeTag, type ReleaseInfo } from './event-tags.js';

/** Placeholder values this event can provide; absent keys cannot be filled. */
export function placeholderValues(info: ReleaseInfo): Map<string, string> {
  const values = new Map<string, string>();
  if (info.version) values.set('version', info.version);
  if (info.semver) {
    values.set('major', `${info.semver.major}`);
    values.set('minor', `${info.semver.minor}`);
    values.set('patch', `${info.semver.patch}`);
  }
  if (info.shortSha) values.set('sha', info.shortSha);
  const branch = sanitizeTag(info.branch ?? '');
  if (branch) values.set('branch', branch);
  return values;
}

const knownPlaceholders = ['version', 'major', 'minor', 'patch', 'sha', 'branch'];

const needs: Record<string, string> = {
  branch: 'a branch ref',
  sha: 'a commit SHA',
  version: 'a tag, branch or commit',
  major: 'a semver tag such as v1.2.3',
  minor: 'a semver tag such as v1.2.3',
  patch: 'a semver tag such as v1.2.3'
};

/** What a template of `input` is filled from: the event, and what it can fill. */
export interface TemplateContext {
  input: string;
  event: GitEvent;
  info: ReleaseInfo;
  values: ReadonlyMap<string, string>;
  /**
   * metadata-action's global expressions ({{tag}}, {{base_ref}}, {{is_default_branch}}, {{date …}},
   * {{commit_date …}}) besides the placeholders; tags offer them in rule lines only.
   */
  globals?: Resolver;
}

/**
 * Fills every {{placeholder}} of `entry`. A placeholder the event cannot fill, an unknown one and
 * unbalanced braces are errors naming the input, the entry and what this event can fill.
 */
export function fillTemplate(entry: string, context: TemplateContext): string {
  const { input, event, info, values, globals } = context;
  const offered = [...values.keys()].map((name) => `{{${name}}}`);
  if (globals)
    offered.push(...globalNames.filter((name) => !knownPlaceholders.includes(name)).map((name) => `{{${name}}}`));
  const accepted = (): string =>
    offered.length === 0
      ? 'entries without placeholders; this event fills none'
      : `placeholders this event can fill: ${offered.join(', ')}${input === 'tags' ? '' : '; \\{{ for a literal {{'}`;
  const fail = (detail: string): never => {
    throw new InputError(input, entry, accepted(), detail);
  };
  try {
    return renderTemplate(entry, (expression) => {
      const { name, text } = expression;
      const value = values.get(name);
      if (value !== undefined) return value;
      if (globals && globalNames.includes(name) && !knownPlaceholders.includes(name)) return globals(expression);
      if (!knownPlaceholders.includes(name)) {
        // metadata-action's global expressions live in rule lines.
        const hint = globalNames.includes(name) ? `; in a rule line: type=raw,value=${entry}` : '';
        return fail(`unknown placeholder ${text}${hint}`);
      }
      return fail(
        `{{${name}}} needs ${needs[name] ?? 'another event'}; this run is for ${runDescription(event, info)}`
      );
    });
  } catch (error) {
    if (error instanceof TemplateError) return fail(error.message.replace(/^unbalanced .*$/, 'unbalanced {{ }}'));
    throw error;
  }
}

/**
 * Fills the placeholders in the values of key=value lines (build-args, labels, annotations) from the
 * event, as in tags, and metadata-action's global expressions (which it fills in labels and
 * annotations; here build-args take them too). {{version}} is the run's `version` (the event's, or
 * with rule lines the highest-priority tag: what metadata-action's version output gave). Errors
 * name `input` and the line.
 */
export function fillValues(
  input: 'build-args' | 'labels' | 'annotations',
  entries: readonly KeyValue[],
  event: GitEvent,
  version?: string
): KeyValue[] {
  if (!entries.some(({ value }) => value.includes('{{'))) return [...entries];
  const info = describeEvent(event);
  const values = placeholderValues(info);
  if (version) values.set('version', version);
  const context: TemplateContext = {
    ...{ input, event, info, values },
    globals: globalResolver(ruleContext(event))
  };
  return entries.map(({ key, value }) => {
    if (!value.includes('{{')) return { key, value };
    try {
      return { key, value: fillTemplate(value, context) };
    } catch (error) {
      // The error names the whole line, as the user wrote it.
      if (error instanceof InputError) throw new InputError(input, `${key}=${value}`, error.accepted, error.detail);
      throw error;
    }
  });
}
