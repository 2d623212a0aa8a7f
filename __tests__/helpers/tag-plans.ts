// The tag plan as the tables read it: entries given as the user writes them (parsed by the action's
// own parser), and the planned targets as text, the way the outputs and the log show them.
import type { GitEvent } from '../../src/model/event.js';
import {
  isBareTag,
  parseImageReference,
  targetTexts,
  type ImageReference,
  type TagTarget
} from '../../src/model/references.js';
import type { Flavor, TagPlan } from '../../src/model/tags.js';
import { parseTagEntryList } from '../../src/planning/tag-entries.js';
import { planTags } from '../../src/planning/tag-plan.js';

export interface TextTagPlan extends Omit<TagPlan, 'targets' | 'floating'> {
  references: string[];
  floating: { reference: string; tag: string }[];
}

/** planTags over entries written as in the tags input; the result's targets as text. */
export function planTagTexts(
  event: GitEvent,
  images: readonly ImageReference[],
  entries: readonly string[],
  flavor?: Flavor
): TextTagPlan {
  const { targets, floating, ...rest } = planTags(event, images, parseTagEntryList(entries), flavor);
  return {
    ...rest,
    references: targetTexts(targets),
    floating: floating.map(({ text, tag }) => ({ reference: text, tag }))
  };
}

/** A target as the plan would carry the reference (or, without a registry or repository, the bare tag) given as text. */
export function tagTarget(text: string): TagTarget {
  const reference = parseImageReference(text);
  return { ...reference, text, tag: isBareTag(text) ? text : (reference.tag ?? 'latest') };
}

export const tagTargets = (texts: readonly string[]): TagTarget[] => texts.map(tagTarget);
