// Pure: image names as docker/metadata-action takes them, lowercased (the registry and repository,
// never the tag), so `ghcr.io/${{ github.repository }}` works for an owner or repository with capitals.
import { InputError } from '../model/errors.js';
import { lowercaseName, parseImageReference, type ImageReference, type Rename } from '../model/references.js';

/**
 * Parses `entry` with its name lowercased. Errors name what the user wrote; `rename` is set when
 * lowercasing changed the name.
 */
export function parseLowercased(
  entry: string,
  input: string
): { text: string; reference: ImageReference; rename?: Rename } {
  const text = lowercaseName(entry.trim());
  let reference: ImageReference;
  try {
    reference = parseImageReference(text, input);
  } catch (error) {
    if (!(error instanceof InputError) || text === entry.trim()) throw error;
    throw new InputError(input, entry, error.accepted, error.detail);
  }
  return text === entry.trim() ? { text, reference } : { text, reference, rename: { from: entry.trim(), to: text } };
}

/** The one log line for every lowercased name; undefined when none changed. */
export function describeLowercased(renames: readonly Rename[]): string | undefined {
  if (renames.length === 0) return undefined;
  const unique = [...new Map(renames.map((rename) => [`${rename.from}\n${rename.to}`, rename])).values()];
  return `Image names lowercased (as docker/metadata-action does; tags keep their case): ${unique
    .map(({ from, to }) => `${from} → ${to}`)
    .join(', ')}`;
}
