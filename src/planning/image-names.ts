// Pure: image names as docker/metadata-action takes them, lowercased (the registry and repository,
// never the tag), so `ghcr.io/${{ github.repository }}` works for an owner or repository with capitals.
import { InputError } from '../model/errors.js';
import { splitLines, splitList } from '../model/lists.js';
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

const imageAccepted =
  'repositories without a tag (e.g. ghcr.io/acme/app), comma or newline separated, or lines of name=<repository>,enable=true|false as docker/metadata-action takes them';

/**
 * The image input as metadata-action reads it: repositories separated by commas or newlines, or one
 * line per image with name= and enable= attributes. Disabled images are left out.
 */
export function imageEntries(raw: string): string[] {
  const lines = splitLines(raw);
  const fields = (line: string) => line.split(',').map((field) => field.trim());
  const attributed = lines.some((line) => fields(line).some((field) => field.includes('=')));
  if (!attributed) return splitList(raw);
  return lines.flatMap((line) => {
    let name = '';
    let enable = true;
    for (const field of fields(line).filter((entry) => entry !== '')) {
      const separator = field.indexOf('=');
      const key = separator < 0 ? 'name' : field.slice(0, separator).trim().toLowerCase();
      const value = separator < 0 ? field : field.slice(separator + 1).trim();
      if (key === 'name' && name !== '') throw new InputError('image', line, imageAccepted, 'one name per line');
      else if (key === 'name') name = value;
      else if (key === 'enable' && (value === 'true' || value === 'false')) enable = value === 'true';
      else if (key === 'enable') throw new InputError('image', line, imageAccepted, 'enable is true or false');
      else throw new InputError('image', line, imageAccepted, `unknown attribute '${key}'`);
    }
    if (name === '') throw new InputError('image', line, imageAccepted, 'no name');
    return enable ? [name] : [];
  });
}

/** The image input's repositories, lowercased as metadata-action does, and the names that changed. */
export function parseImages(raw: string): { images: ImageReference[]; lowercasedImages: Rename[] } {
  const lowercasedImages: Rename[] = [];
  const images = imageEntries(raw).map((entry) => {
    const { reference, rename } = parseLowercased(entry, 'image');
    if (reference.tag !== undefined)
      throw new InputError(
        'image',
        entry,
        'a repository without a tag, e.g. ghcr.io/acme/app',
        'tags go in the tags input'
      );
    if (rename) lowercasedImages.push(rename);
    return reference;
  });
  return { images, lowercasedImages };
}
