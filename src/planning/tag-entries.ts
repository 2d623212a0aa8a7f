// Pure: the tags input, parsed once into typed entries (rule lines, bare tags, full references and
// templates); the tag plan (tag-plan.ts) fills the templates from the event and parses what they give.
import { isBareTag, isValidTag, parseImageReference } from '../model/references.js';
import type { InputReader } from '../model/inputs.js';
import type { Flavor, TagEntry } from '../model/tags.js';
import { parseLowercased } from './image-names.js';
import { parseFlavor } from './tag-rules/flavor.js';
import { isRuleLine, parseTagRule, splitTagEntries } from './tag-rules/parse.js';

function parseTagEntry(text: string): TagEntry {
  if (isRuleLine(text)) return { kind: 'rule', text, rule: parseTagRule(text) };
  // Templates are checked when they are filled from the event; bare tags apply to every image.
  if (text.includes('{{')) return { kind: 'template', text };
  if (isBareTag(text)) {
    // Not a valid tag: the reference parser says why, against the tags input.
    if (!isValidTag(text)) parseImageReference(text, 'tags');
    return { kind: 'tag', text };
  }
  // A full reference's name is lowercased, as metadata-action does; its tag keeps its case.
  const { text: lowercased, reference, rename } = parseLowercased(text, 'tags');
  return rename
    ? { kind: 'reference', text: lowercased, reference, rename }
    : { kind: 'reference', text: lowercased, reference };
}

/** Entries already split (one per tag or rule line), parsed. */
export function parseTagEntryList(entries: readonly string[]): TagEntry[] {
  return entries.map(parseTagEntry);
}

/** The tags input: rule lines whole, other lines split on commas, each entry parsed. */
function parseTagEntries(raw: string): TagEntry[] {
  return parseTagEntryList(splitTagEntries(raw));
}

/** The tags input and metadata-action's flavor, which shapes its rule lines (and is refused without any: input-rules.ts). */
export function parseTagInputs(read: InputReader): { tags: TagEntry[]; flavor: Flavor } {
  return { tags: parseTagEntries(read('tags')), flavor: parseFlavor(read('flavor')) };
}
