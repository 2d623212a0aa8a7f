// Pure: turns a git event into image tags and OCI labels. No I/O here: table-tested.
import { parse as parseSemver } from 'semver';
import { InputError } from '../model/errors.js';
import type { KeyValue } from '../model/lists.js';
import { formatReference, isValidTag, parseImageReference, type ImageReference } from '../model/references.js';
import { evaluateTagRules, type RuleOutcome } from './tag-rules/evaluate.js';
import { DEFAULT_FLAVOR } from './tag-rules/flavor.js';
import { globalNames, isRuleLine, parseTagRule } from './tag-rules/parse.js';
import type { GitEvent } from '../model/event.js';
import type { TagPlan, Flavor } from '../model/tags.js';

export interface SemverParts {
  major: number;
  minor: number;
  patch: number;
  prerelease: boolean;
}

export interface ReleaseInfo {
  kind: 'release' | 'prerelease' | 'tag' | 'branch' | 'pr' | 'other';
  /** The semver version for (pre)releases, else the sanitised tag/branch name, pr-N, or sha-xxxxxxx. */
  version: string;
  semver?: SemverParts;
  /** The branch name as pushed (unsanitised), for branch refs. */
  branch?: string;
  /** First 7 hex digits of the commit; empty when the event carries no usable SHA. */
  shortSha: string;
}

const pullRequestEvents = new Set(['pull_request', 'pull_request_target']);
const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;
const acceptedTag = 'a tag of at most 128 characters [A-Za-z0-9_.-] not starting with . or -';

/** Docker tag rules: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}. Empty when nothing usable is left. */
export function sanitizeTag(name: string): string {
  return name
    .replace(/[^A-Za-z0-9_.-]/gu, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

function shortShaOf(sha: string): string {
  const text = sha.trim().toLowerCase();
  return /^[0-9a-f]{7,}$/.test(text) ? text.slice(0, 7) : '';
}

function pullRequestNumber(event: GitEvent): number | undefined {
  if (event.prNumber !== undefined) return event.prNumber;
  const match = /^refs\/pull\/(\d+)\//.exec(event.ref);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The git tag this run is for: the release's own tag wins over the ref. */
function tagName(event: GitEvent): string | undefined {
  if (event.eventName === 'release' && event.releaseTag) return event.releaseTag;
  return event.ref.startsWith('refs/tags/') ? event.ref.slice('refs/tags/'.length) : undefined;
}

function isPullRequest(event: GitEvent): boolean {
  return pullRequestEvents.has(event.eventName) || event.ref.startsWith('refs/pull/');
}

export function describeEvent(event: GitEvent): ReleaseInfo {
  const shortSha = shortShaOf(event.sha);
  const shaVersion = shortSha ? `sha-${shortSha}` : '';
  if (isPullRequest(event)) {
    const number = pullRequestNumber(event);
    if (number !== undefined && Number.isSafeInteger(number) && number > 0)
      return { kind: 'pr', version: `pr-${number}`, shortSha };
    // pull_request_target's ref is the base branch: never let it pass for a push of that branch.
    return { kind: 'other', version: shaVersion, shortSha };
  }
  const tag = tagName(event);
  if (tag !== undefined) {
    const parsed = parseSemver(tag.trim(), { loose: true });
    if (parsed) {
      const prerelease = parsed.prerelease.length > 0;
      return {
        kind: prerelease ? 'prerelease' : 'release',
        version: parsed.version,
        semver: { major: parsed.major, minor: parsed.minor, patch: parsed.patch, prerelease },
        shortSha
      };
    }
    return { kind: 'tag', version: sanitizeTag(tag) || shaVersion, shortSha };
  }
  if (event.ref.startsWith('refs/heads/')) {
    const branch = event.ref.slice('refs/heads/'.length);
    return { kind: 'branch', version: sanitizeTag(branch) || shaVersion, branch, shortSha };
  }
  return { kind: 'other', version: shaVersion, shortSha };
}

/** Tags derived from the event alone, most specific first. */
function eventTags(event: GitEvent, info: ReleaseInfo): string[] {
  const tags: string[] = [];
  if (info.kind === 'release' && info.semver) {
    const { major, minor } = info.semver;
    tags.push(info.version, `${major}.${minor}`);
    // A bare 0 would float across breaking 0.x releases.
    if (major > 0) tags.push(`${major}`);
    tags.push('latest');
  } else if (info.kind === 'branch') {
    const name = sanitizeTag(info.branch ?? '');
    if (name) tags.push(name);
    if (event.defaultBranch !== undefined && info.branch === event.defaultBranch) tags.push('edge');
  } else if (info.kind !== 'other' && info.version) {
    tags.push(info.version);
  }
  if (info.shortSha) tags.push(`sha-${info.shortSha}`);
  return tags;
}

function runDescription(event: GitEvent, info: ReleaseInfo): string {
  switch (info.kind) {
    case 'release':
    case 'prerelease':
      return `${info.kind} ${tagName(event) ?? info.version}`;
    case 'tag':
      return `tag '${tagName(event) ?? info.version}', which is not semver`;
    case 'branch':
      return `branch '${info.branch ?? ''}'`;
    case 'pr':
      return `pull request ${info.version}`;
    case 'other':
      return `a ${event.eventName || 'run'} event on ${event.ref || 'no ref'}`;
  }
}

/** Placeholder values this event can provide; absent keys cannot be filled. */
function placeholderValues(info: ReleaseInfo): Map<string, string> {
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

function fillEntry(entry: string, event: GitEvent, info: ReleaseInfo, values: Map<string, string>): string {
  const accepted = () =>
    values.size === 0
      ? 'entries without placeholders; this event fills none'
      : `placeholders this event can fill: ${[...values.keys()].map((name) => `{{${name}}}`).join(', ')}`;
  const filled = entry.replace(placeholderPattern, (whole, name: string) => {
    const value = values.get(name);
    if (value !== undefined) return value;
    if (!knownPlaceholders.includes(name)) {
      // metadata-action's global expressions live in rule lines.
      const hint = globalNames.includes(name.split(/\s/)[0] ?? '') ? `; in a rule line: type=raw,value=${entry}` : '';
      throw new InputError('tags', entry, accepted(), `unknown placeholder ${whole}${hint}`);
    }
    const needs =
      name === 'branch'
        ? 'a branch ref'
        : name === 'sha'
          ? 'a commit SHA'
          : name === 'version'
            ? 'a tag, branch or commit'
            : 'a semver tag such as v1.2.3';
    throw new InputError(
      'tags',
      entry,
      accepted(),
      `{{${name}}} needs ${needs}; this run is for ${runDescription(event, info)}`
    );
  });
  if (filled.includes('{{') || filled.includes('}}'))
    throw new InputError('tags', entry, accepted(), 'unbalanced {{ }}');
  return filled;
}

function isBare(entry: string): boolean {
  return !entry.includes('/') && !entry.includes(':');
}

/** Parses a filled full reference, reporting errors against what the user wrote. */
function parseFilledReference(entry: string, filled: string): ImageReference {
  try {
    return parseImageReference(filled, 'tags');
  } catch (error) {
    if (!(error instanceof InputError) || filled === entry) throw error;
    throw new InputError(
      'tags',
      entry,
      error.accepted,
      `filled to '${filled}'${error.detail ? `: ${error.detail}` : ''}`
    );
  }
}

/** Collects references in a stable order, remembering which ones float. */
class ReferenceList {
  private readonly references = new Set<string>();
  private readonly floating = new Map<string, string>();

  add(reference: string, tag: string, floats: boolean): void {
    this.references.add(reference);
    if (floats) this.floating.set(reference, tag);
  }

  plan(version: string, warnings: string[] = []): TagPlan {
    const ordered = [...this.references];
    return {
      references: ordered,
      floating: ordered
        .filter((reference) => this.floating.has(reference))
        .map((reference) => ({ reference, tag: this.floating.get(reference) ?? '' })),
      version,
      ...(warnings.length > 0 ? { warnings } : {})
    };
  }
}

/** With tags empty: the event's own tags on every image. */
function eventPlan(event: GitEvent, info: ReleaseInfo, images: ImageReference[]): TagPlan {
  const list = new ReferenceList();
  const tags = eventTags(event, info);
  const floatingTags = new Set<string>();
  if (info.kind === 'release' && info.semver) {
    floatingTags.add('latest').add(`${info.semver.major}.${info.semver.minor}`).add(`${info.semver.major}`);
  }
  for (const image of images) {
    for (const tag of tags) list.add(formatReference({ ...image, tag }), tag, floatingTags.has(tag));
  }
  return list.plan(info.version);
}

interface PlainEntries {
  bareTags: string[];
  fullReferences: { reference: string; tag: string }[];
  /** Filled entries in the user's order, for a run without images. */
  filled: string[];
}

/** Today's plain entries: bare tags and full references, templates filled from the event. */
function plainEntries(event: GitEvent, info: ReleaseInfo, entries: string[]): PlainEntries {
  const values = placeholderValues(info);
  const result: PlainEntries = { bareTags: [], fullReferences: [], filled: [] };
  for (const entry of entries) {
    const filled = fillEntry(entry, event, info, values);
    if (isBare(filled)) {
      if (!isValidTag(filled)) {
        throw new InputError(
          'tags',
          entry,
          acceptedTag,
          filled === entry ? 'not a valid tag' : `filled to '${filled}', not a valid tag`
        );
      }
      result.bareTags.push(filled);
    } else {
      // Docker pushes an untagged reference as latest.
      result.fullReferences.push({ reference: filled, tag: parseFilledReference(entry, filled).tag ?? 'latest' });
    }
    result.filled.push(filled);
  }
  return result;
}

/** metadata-action's order for each image: the version, the other rule tags, then latest. */
function ruleTagsOf(outcome: RuleOutcome): { tag: string; floats: boolean }[] {
  return outcome.latest === undefined ? outcome.tags : [...outcome.tags, { tag: outcome.latest, floats: true }];
}

/**
 * The references to push. Empty `tagEntries`: the event's tags. Otherwise metadata-action rule lines
 * (each behaving as metadata-action documents it, shaped by `flavor`) and plain tags or templates,
 * the rules' tags first on each image.
 */
export function planTags(
  event: GitEvent,
  images: ImageReference[],
  tagEntries: string[],
  flavor: Flavor = DEFAULT_FLAVOR
): TagPlan {
  const info = describeEvent(event);
  if (tagEntries.length === 0) return eventPlan(event, info, images);
  const rules = tagEntries.filter(isRuleLine).map(parseTagRule);
  const outcome: RuleOutcome = rules.length > 0 ? evaluateTagRules(rules, event, flavor) : { tags: [], warnings: [] };
  const plain = plainEntries(
    event,
    info,
    tagEntries.filter((entry) => !isRuleLine(entry))
  );
  // Explicit entries guard latest and the current release's X / X.Y, nothing else.
  const floats = (tag: string) =>
    tag === 'latest' ||
    (info.semver !== undefined &&
      (tag === `${info.semver.major}` || tag === `${info.semver.major}.${info.semver.minor}`));
  const list = new ReferenceList();
  const ruleTags = ruleTagsOf(outcome);
  if (images.length === 0) {
    // Without images the entries pass through in their own order, unguarded.
    for (const { tag } of ruleTags) list.add(tag, tag, false);
    for (const filled of plain.filled) list.add(filled, filled, false);
  }
  for (const image of images) {
    for (const { tag, floats: ruleFloats } of ruleTags) list.add(formatReference({ ...image, tag }), tag, ruleFloats);
    for (const tag of plain.bareTags) list.add(formatReference({ ...image, tag }), tag, floats(tag));
  }
  if (images.length > 0) {
    for (const { reference, tag } of plain.fullReferences) list.add(reference, tag, floats(tag));
  }
  return list.plan(outcome.version ?? info.version, outcome.warnings);
}

export function ociLabels(event: GitEvent, info: ReleaseInfo): KeyValue[] {
  const entries: [string, string | undefined][] = [
    ['source', event.repositoryUrl],
    ['revision', event.sha],
    ['version', info.version],
    ['created', event.createdAt],
    ['title', event.repositoryName],
    ['url', event.repositoryUrl]
  ];
  return entries
    .map(([name, value]) => ({ key: `org.opencontainers.image.${name}`, value: value?.trim() ?? '' }))
    .filter((label) => label.value !== '');
}

/** User labels override generated ones in place; user-only keys follow in the user's order. */
export function mergeLabels(generated: KeyValue[], user: KeyValue[]): KeyValue[] {
  const merged = new Map<string, string>();
  for (const label of [...generated, ...user]) merged.set(label.key, label.value);
  return [...merged].map(([key, value]) => ({ key, value }));
}
