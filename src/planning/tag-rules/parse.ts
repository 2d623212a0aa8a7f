// Reads metadata-action's rule lines (`type=semver,pattern={{version}}`) in the tags input, with
// the attributes, defaults and priorities metadata-action documents. Pure; bad lines are InputErrors.
import { InputError } from '../../model/errors.js';
import { splitLines } from '../../model/lists.js';
import { TemplateError, unknownNames } from './expressions.js';

import type { RuleType, TagRule } from '../../model/tags.js';

export type { TagRule } from '../../model/tags.js';

const defaultPriority: Record<RuleType, number> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100
};

const common = ['enable', 'priority', 'prefix', 'suffix'];
const attributesOf: Record<RuleType, string[]> = {
  schedule: ['pattern'],
  semver: ['pattern', 'value', 'match'],
  pep440: ['pattern', 'value', 'match'],
  match: ['pattern', 'group', 'value'],
  edge: ['branch'],
  ref: ['event'],
  raw: ['value'],
  sha: ['format']
};

/** Global expressions, offered in value, prefix, suffix and enable. */
export const globalNames = [
  'branch',
  'tag',
  'sha',
  'base_ref',
  'is_default_branch',
  'is_not_default_branch',
  'date',
  'commit_date'
];
const scheduleNames = ['date', 'commit_date'];
export const semverNames = ['raw', 'version', 'major', 'minor', 'patch'];

const accepted =
  'type=schedule|semver|pep440|match|edge|ref|raw|sha followed by ,key=value attributes as docker/metadata-action documents them ' +
  '(enable, priority, prefix, suffix; pattern, value, match, group, event=branch|tag|pr, branch, format=short|long), one rule per line';

const ruleField = /^\s*(?:type|enable|priority|prefix|suffix|pattern|value|match|group|event|branch|format)\s*=/i;

/** A rule line has key=value attributes; an image reference or a tag never contains '='. */
export function isRuleLine(entry: string): boolean {
  return entry.split(',').some((field) => ruleField.test(field));
}

/** Splits a CSV line; double quotes keep commas inside a field ("" is a quote). */
export function splitFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (char === '"' && quoted && line[index + 1] === '"') {
      field += '"';
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else {
      field += char;
    }
  }
  if (quoted) throw new TemplateError('unclosed double quote');
  fields.push(field.trim());
  return fields.filter((entry) => entry !== '');
}

/**
 * The tags input: rule lines stay whole (their fields are comma separated); other lines are split on
 * commas as before. Comment lines (#) and blanks are dropped.
 */
export function splitTagEntries(raw: string): string[] {
  return splitLines(raw).flatMap((line) =>
    isRuleLine(line)
      ? [line]
      : line
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '')
  );
}

function readFields(line: string, fail: (detail: string) => never): { type: RuleType; attrs: Record<string, string> } {
  let fields: string[];
  try {
    fields = splitFields(line);
  } catch (error) {
    return fail((error as Error).message);
  }
  let type: RuleType = 'raw';
  const attrs: Record<string, string> = {};
  for (const field of fields) {
    const separator = field.indexOf('=');
    if (separator < 0) {
      attrs['value'] = field;
      continue;
    }
    const key = field.slice(0, separator).trim().toLowerCase();
    const value = field.slice(separator + 1).trim();
    if (key !== 'type') {
      attrs[key] = value;
    } else if (value in defaultPriority) {
      type = value as RuleType;
    } else {
      fail(`unknown type '${value}'`);
    }
  }
  return { type, attrs };
}

/** The checks metadata-action makes on each type, and its defaults. */
function applyTypeDefaults(type: RuleType, attrs: Record<string, string>, fail: (detail: string) => never): void {
  const need = (key: string): void => {
    if (!(key in attrs)) fail(`type=${type} needs ${key}=`);
  };
  const byDefault = (key: string, value: string): void => {
    if (!(key in attrs)) attrs[key] = value;
  };
  if (type === 'schedule') byDefault('pattern', 'nightly');
  if (type === 'semver' || type === 'pep440' || type === 'match') {
    need('pattern');
    byDefault('value', '');
  }
  if (type === 'semver' || type === 'pep440') byDefault('match', '');
  if (type === 'match') byDefault('group', '0');
  if (type === 'match' && !/^\d+$/.test(attrs['group'] ?? '')) fail('group is a capture group number');
  if (type === 'edge') byDefault('branch', '');
  if (type === 'ref') {
    need('event');
    if (!['branch', 'tag', 'pr'].includes(attrs['event'] ?? '')) fail('event is branch, tag or pr');
    if (attrs['event'] === 'pr') byDefault('prefix', 'pr-');
  }
  if (type === 'raw') need('value');
  if (type === 'sha') {
    byDefault('prefix', 'sha-');
    byDefault('format', 'short');
    if (!['short', 'long'].includes(attrs['format'] ?? '')) fail('format is short or long');
  }
  byDefault('enable', 'true');
}

function checkRegex(source: string, fail: (detail: string) => never): void {
  try {
    new RegExp(source);
  } catch (error) {
    fail(`not a regular expression: ${(error as Error).message}`);
  }
}

/** Expressions each attribute offers; an unknown one fails now rather than when the event comes. */
function checkTemplates(type: RuleType, attrs: Record<string, string>, fail: (detail: string) => never): void {
  const offered: Record<string, readonly string[]> = {
    value: globalNames,
    prefix: globalNames,
    suffix: globalNames,
    enable: globalNames,
    ...(type === 'schedule' ? { pattern: scheduleNames } : {}),
    ...(type === 'semver' || type === 'pep440' ? { pattern: semverNames } : {})
  };
  for (const [key, names] of Object.entries(offered)) {
    const template = attrs[key];
    if (template === undefined) continue;
    try {
      const unknown = unknownNames(template, names);
      if (unknown.length > 0) fail(`${key} offers {{${names.join('}}, {{')}}}, not {{${unknown[0]}}}`);
    } catch (error) {
      if (error instanceof TemplateError) fail(`${key}: ${error.message}`);
      throw error;
    }
  }
  const enable = attrs['enable'] ?? 'true';
  if (!enable.includes('{{') && !['true', 'false'].includes(enable)) fail('enable is true, false or an expression');
  if (type === 'match') checkRegex(matchPatternSource(attrs['pattern'] ?? '').source, fail);
  if ((type === 'semver' || type === 'pep440') && attrs['match']) checkRegex(attrs['match'], fail);
}

/** type=match's pattern: /body/flags, or a bare regular expression. */
export function matchPatternSource(pattern: string): { source: string; flags: string } {
  const literal = /^\/(.+)\/(.*)$/.exec(pattern);
  return literal ? { source: literal[1] ?? '', flags: literal[2] ?? '' } : { source: pattern, flags: '' };
}

export function parseTagRule(line: string): TagRule {
  const fail = (detail: string): never => {
    throw new InputError('tags', line, accepted, detail);
  };
  const { type, attrs } = readFields(line, fail);
  for (const key of Object.keys(attrs)) {
    if (!common.includes(key) && !attributesOf[type].includes(key)) fail(`type=${type} has no attribute '${key}'`);
  }
  applyTypeDefaults(type, attrs, fail);
  checkTemplates(type, attrs, fail);
  const priorityText = attrs['priority'];
  if (priorityText !== undefined && !/^-?\d+$/.test(priorityText)) fail('priority is a whole number');
  const priority = priorityText === undefined ? defaultPriority[type] : Number(priorityText);
  return { type, attrs, priority, line };
}

/** Highest priority first; equal priorities keep the order they were written in. */
export function sortRules(rules: readonly TagRule[]): TagRule[] {
  return [...rules].sort((a, b) => b.priority - a.priority);
}
