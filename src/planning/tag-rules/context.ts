// What metadata-action's rules read from the event, and its global expressions. Pure.
import { formatDate } from './date-format.js';
import { TemplateError, type Expression, type Resolver } from './expressions.js';
import type { GitEvent } from '../../model/event.js';
import { shortSha } from '../../model/event.js';

export interface RuleContext {
  eventName: string;
  /** The ref as metadata-action sees it: pull_request_target reads as refs/pull/<n>/merge. */
  ref: string;
  sha: string;
  shortShaLength?: number;
  defaultBranch?: string;
  baseRef?: string;
  now: Date;
  commitDate: Date;
}

export function ruleContext(event: GitEvent): RuleContext {
  let ref = event.ref;
  // pull_request_target runs on the base branch's ref; the rules want the pull request's.
  if (event.eventName === 'pull_request_target' && event.prNumber !== undefined)
    ref = `refs/pull/${event.prNumber}/merge`;
  if (event.eventName === 'release' && event.releaseTag && !ref.startsWith('refs/tags/'))
    ref = `refs/tags/${event.releaseTag}`;
  const now = new Date(event.createdAt);
  const committed = event.commitDate ? new Date(event.commitDate) : undefined;
  const context: RuleContext = {
    eventName: event.eventName,
    ref,
    sha: event.sha,
    now,
    commitDate: committed && !Number.isNaN(committed.getTime()) ? committed : now
  };
  if (event.defaultBranch) context.defaultBranch = event.defaultBranch;
  if (event.shortShaLength !== undefined) context.shortShaLength = event.shortShaLength;
  if (event.baseRef) context.baseRef = event.baseRef;
  return context;
}

export const refName = (ref: string, kind: 'heads' | 'tags'): string | undefined =>
  ref.startsWith(`refs/${kind}/`) ? ref.slice(`refs/${kind}/`.length) : undefined;

/** metadata-action's rule: the default branch by name; events that only ever run on it count too. */
export function isDefaultBranch(context: RuleContext): boolean {
  const branch = context.ref.replace(/^refs\/heads\//, '');
  if (branch === '') return false;
  if (context.defaultBranch !== undefined && branch === context.defaultBranch) return true;
  return /create|discussion|issues|schedule/.test(context.eventName);
}

/** moment's format() without a format: ISO 8601 to the second, `Z` in UTC, else the offset. */
function defaultDateFormat(date: Date, timeZone: string): string {
  return formatDate(date, 'Z', timeZone) === '+00:00' ? 'YYYY-MM-DDTHH:mm:ss[Z]' : 'YYYY-MM-DDTHH:mm:ssZ';
}

/**
 * {{date 'format' tz='Zone'}} and {{commit_date …}}: one format, tz the only option. An unquoted
 * format ({{date YYYYMMDD}}) reaches metadata-action's helper as nothing, so it gives the default form.
 */
function renderDate(expression: Expression, date: Date): string {
  const { args, paths } = expression;
  if (args.length + paths.length !== 1)
    throw new TemplateError(`${expression.text} takes one quoted format, as in {{${expression.name} 'YYYYMMDD'}}`);
  for (const option of Object.keys(expression.options)) {
    if (option !== 'tz') throw new TemplateError(`${expression.text}: unknown option '${option}' (tz is the only one)`);
  }
  const timeZone = expression.options['tz'] ?? 'UTC';
  return formatDate(date, args[0] ?? defaultDateFormat(date, timeZone), timeZone);
}

function noArguments(expression: Expression): void {
  if (expression.args.length + expression.paths.length > 0 || Object.keys(expression.options).length > 0)
    throw new TemplateError(`{{${expression.name}}} takes no arguments`);
}

/** The global expressions of value, prefix, suffix and enable attributes. */
export function globalResolver(context: RuleContext): Resolver {
  return (expression) => {
    if (expression.name === 'date') return renderDate(expression, context.now);
    if (expression.name === 'commit_date') return renderDate(expression, context.commitDate);
    noArguments(expression);
    switch (expression.name) {
      case 'branch':
        return refName(context.ref, 'heads') ?? '';
      case 'tag':
        return refName(context.ref, 'tags') ?? '';
      case 'sha':
        return shortSha(context.sha, context.shortShaLength);
      case 'base_ref':
        return /^refs\/(tags|pull)\//.test(context.ref) ? (context.baseRef ?? '') : '';
      case 'is_default_branch':
        return String(isDefaultBranch(context));
      case 'is_not_default_branch':
        return String(!isDefaultBranch(context));
      default:
        return undefined;
    }
  };
}

/** Only the date expressions, for type=schedule's pattern. */
export function scheduleResolver(context: RuleContext): Resolver {
  return (expression) => {
    if (expression.name === 'date') return renderDate(expression, context.now);
    if (expression.name === 'commit_date') return renderDate(expression, context.commitDate);
    return undefined;
  };
}
