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
  type Rename,
  type TagTarget
} from '../model/references.js';
import type { Flavor, TagEntry, TagPlan, TagRule } from '../model/tags.js';
import { describeEvent, eventTags, type ReleaseInfo } from './event-tags.js';
import { evaluateTagRules, type RuleOutcome } from './tag-rules/evaluate.js';
import { DEFAULT_FLAVOR } from './tag-rules/flavor.js';
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

/** A full reference's target: Docker pushes an untagged reference as latest. */
function referenceTarget(text: string, reference: ImageReference): TagTarget {
  return { ...reference, text, tag: reference.tag ?? 'latest' };
}

/** An image's target under a tag, written as Docker prints it. */
function imageTarget(image: ImageReference, tag: string): TagTarget {
  const reference = { registry: image.registry, repository: image.repository, tag };
  return { ...reference, text: formatReference(reference) };
}

/**
 * A bare tag without an image, for a build that pushes nothing: buildx reads it as a reference on
 * Docker Hub (which is where its registry and repository come from); its tag is the entry itself.
 */
function bareTarget(tag: string): TagTarget {
  return { ...parseImageReference(tag, 'tags'), text: tag, tag };
}

/** Collects targets in a stable order, remembering which ones float. */
class TargetList {
  private readonly targets = new Map<string, TagTarget>();
  private readonly floating = new Set<string>();

  add(target: TagTarget, floats: boolean): void {
    if (!this.targets.has(target.text)) this.targets.set(target.text, target);
    if (floats) this.floating.add(target.text);
  }

  plan(version: string, warnings: string[] = [], lowercased: Rename[] = []): TagPlan {
    const ordered = [...this.targets.values()];
    return {
      targets: ordered,
      floating: ordered.filter(({ text }) => this.floating.has(text)),
      version,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(lowercased.length > 0 ? { lowercased } : {})
    };
  }
}

/** With tags empty: the event's own tags on every image. */
function eventPlan(event: GitEvent, info: ReleaseInfo, images: readonly ImageReference[]): TagPlan {
  const list = new TargetList();
  const tags = eventTags(event, info);
  const floatingTags = new Set<string>();
  if (info.kind === 'release' && info.semver) {
    floatingTags.add('latest').add(`${info.semver.major}.${info.semver.minor}`).add(`${info.semver.major}`);
  }
  for (const image of images) {
    for (const tag of tags) list.add(imageTarget(image, tag), floatingTags.has(tag));
  }
  return list.plan(info.version);
}

/** A plain entry once its template is filled: a bare tag, or a full reference. */
type FilledEntry = { kind: 'tag'; text: string } | { kind: 'reference'; target: TagTarget };

interface PlainEntries {
  /** Filled entries in the user's order. */
  filled: FilledEntry[];
  /** Full references whose name had capitals. */
  lowercased: Rename[];
}

/** A template filled from the event, parsed as what it gave: a bare tag or a full reference. */
function fillEntry(entry: string, context: Parameters<typeof fillTemplate>[1], lowercased: Rename[]): FilledEntry {
  const filled = fillTemplate(entry, context);
  if (isBareTag(filled)) {
    if (!isValidTag(filled)) {
      throw new InputError(
        'tags',
        entry,
        acceptedTag,
        filled === entry ? 'not a valid tag' : `filled to '${filled}', not a valid tag`
      );
    }
    return { kind: 'tag', text: filled };
  }
  const { text, reference } = parseFilledReference(entry, filled);
  if (text !== filled) lowercased.push({ from: filled, to: text });
  return { kind: 'reference', target: referenceTarget(text, reference) };
}

/** Today's plain entries: bare tags and full references, templates filled from the event. */
function plainEntries(event: GitEvent, info: ReleaseInfo, entries: readonly TagEntry[]): PlainEntries {
  const context = { input: 'tags', event, info, values: placeholderValues(info) };
  const result: PlainEntries = { filled: [], lowercased: [] };
  for (const entry of entries) {
    if (entry.kind === 'rule') continue;
    if (entry.kind === 'tag') result.filled.push({ kind: 'tag', text: entry.text });
    else if (entry.kind === 'template') result.filled.push(fillEntry(entry.text, context, result.lowercased));
    else {
      if (entry.rename) result.lowercased.push(entry.rename);
      result.filled.push({ kind: 'reference', target: referenceTarget(entry.text, entry.reference) });
    }
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
  images: readonly ImageReference[],
  tagEntries: readonly TagEntry[],
  flavor: Flavor = DEFAULT_FLAVOR
): TagPlan {
  const info = describeEvent(event);
  if (tagEntries.length === 0) return eventPlan(event, info, images);
  const rules = tagEntries.flatMap((entry): TagRule[] => (entry.kind === 'rule' ? [entry.rule] : []));
  const outcome: RuleOutcome = rules.length > 0 ? evaluateTagRules(rules, event, flavor) : { tags: [], warnings: [] };
  const plain = plainEntries(event, info, tagEntries);
  // Explicit entries guard latest and the current release's X / X.Y, nothing else.
  const floats = (tag: string) =>
    tag === 'latest' ||
    (info.semver !== undefined &&
      (tag === `${info.semver.major}` || tag === `${info.semver.major}.${info.semver.minor}`));
  const list = new TargetList();
  const ruleTags = ruleTagsOf(outcome);
  if (images.length === 0) {
    // Without images the entries pass through in their own order, unguarded.
    for (const { tag } of ruleTags) list.add(bareTarget(tag), false);
    for (const entry of plain.filled) list.add(entry.kind === 'tag' ? bareTarget(entry.text) : entry.target, false);
  }
  for (const image of images) {
    for (const { tag, floats: ruleFloats } of ruleTags) list.add(imageTarget(image, tag), ruleFloats);
    for (const entry of plain.filled)
      if (entry.kind === 'tag') list.add(imageTarget(image, entry.text), floats(entry.text));
  }
  if (images.length > 0) {
    for (const entry of plain.filled) if (entry.kind === 'reference') list.add(entry.target, floats(entry.target.tag));
  }
  // With rule lines the version is the highest-priority rule tag, and empty when no rule gave one (as metadata-action).
  const version = rules.length > 0 ? (outcome.version ?? '') : info.version;
  return list.plan(version, outcome.warnings, plain.lowercased);
}
