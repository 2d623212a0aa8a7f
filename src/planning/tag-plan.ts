// Pure: the references a run pushes, from the event, the image input and the tags input (plain
// tags, templates and metadata-action rule lines), with the floating ones marked. Table-tested.
import { InputError } from '../model/errors.js';
import type { GitEvent } from '../model/event.js';
import {
  formatReference,
  isBareTag,
  isValidTag,
  lowercaseName,
  parseImageReference,
  type ImageReference,
  type Rename
} from '../model/references.js';
import type { Flavor, TagPlan } from '../model/tags.js';
import { describeEvent, eventTags, type ReleaseInfo } from './event-tags.js';
import { evaluateTagRules, type RuleOutcome } from './tag-rules/evaluate.js';
import { DEFAULT_FLAVOR } from './tag-rules/flavor.js';
import { isRuleLine, parseTagRule } from './tag-rules/parse.js';
import { fillTemplate, placeholderValues } from './tag-templates.js';

const acceptedTag = 'a tag of at most 128 characters [A-Za-z0-9_.-] not starting with . or -';

/**
 * Parses a filled full reference with its name lowercased (as metadata-action does; the tag keeps
 * its case), reporting errors against what the user wrote.
 */
function parseFilledReference(entry: string, filled: string): { text: string; reference: ImageReference } {
  const text = lowercaseName(filled);
  try {
    return { text, reference: parseImageReference(text, 'tags') };
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

  plan(version: string, warnings: string[] = [], lowercased: Rename[] = []): TagPlan {
    const ordered = [...this.references];
    return {
      references: ordered,
      floating: ordered
        .filter((reference) => this.floating.has(reference))
        .map((reference) => ({ reference, tag: this.floating.get(reference) ?? '' })),
      version,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(lowercased.length > 0 ? { lowercased } : {})
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
  /** Full references whose name had capitals. */
  lowercased: Rename[];
}

/** Today's plain entries: bare tags and full references, templates filled from the event. */
function plainEntries(event: GitEvent, info: ReleaseInfo, entries: string[]): PlainEntries {
  const context = { input: 'tags', event, info, values: placeholderValues(info) };
  const result: PlainEntries = { bareTags: [], fullReferences: [], filled: [], lowercased: [] };
  for (const entry of entries) {
    let filled = fillTemplate(entry, context);
    if (isBareTag(filled)) {
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
      const { text, reference } = parseFilledReference(entry, filled);
      if (text !== filled) result.lowercased.push({ from: filled, to: text });
      filled = text;
      // Docker pushes an untagged reference as latest.
      result.fullReferences.push({ reference: filled, tag: reference.tag ?? 'latest' });
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
  // With rule lines the version is the highest-priority rule tag, and empty when no rule gave one (as metadata-action).
  const version = rules.length > 0 ? (outcome.version ?? '') : info.version;
  return list.plan(version, outcome.warnings, plain.lowercased);
}
