// Pure: the {{placeholders}} of tags and other inputs, filled from the event with the one template
// engine the tag rules use too (tag-rules/expressions.ts).
import { InputError } from '../model/errors.js';
import type { GitEvent } from '../model/event.js';
import { renderTemplate, TemplateError } from './tag-rules/expressions.js';
import { globalNames } from './tag-rules/parse.js';
import { runDescription, sanitizeTag, type ReleaseInfo } from './event-tags.js';

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
}

/**
 * Fills every {{placeholder}} of `entry`. A placeholder the event cannot fill, an unknown one and
 * unbalanced braces are errors naming the input, the entry and what this event can fill.
 */
export function fillTemplate(entry: string, context: TemplateContext): string {
  const { input, event, info, values } = context;
  const accepted = (): string =>
    values.size === 0
      ? 'entries without placeholders; this event fills none'
      : `placeholders this event can fill: ${[...values.keys()].map((name) => `{{${name}}}`).join(', ')}`;
  const fail = (detail: string): never => {
    throw new InputError(input, entry, accepted(), detail);
  };
  try {
    return renderTemplate(entry, ({ name, text }) => {
      const value = values.get(name);
      if (value !== undefined) return value;
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
