// Pure: the merge's sources input, one image reference per per-platform build job.
import { InputError } from '../model/errors.js';
import { formatRepository, parseImageReference } from '../model/references.js';
import type { SourceReference } from '../model/sources.js';

const acceptedSource =
  'repo@sha256:<64 hex digits> (the image output of a push-by-digest job) or repo:tag, comma or newline separated';
const digestPattern = /^sha256:[a-f0-9]{64}$/;

export function parseSource(raw: string): SourceReference {
  const text = raw.trim();
  const at = text.indexOf('@');
  const name = at >= 0 ? text.slice(0, at) : text;
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  if (digest !== undefined && !digestPattern.test(digest))
    throw new InputError('sources', raw, acceptedSource, `'${digest}' is not a sha256 digest`);
  const parsed = parseImageReference(name, 'sources');
  if (digest === undefined && parsed.tag === undefined)
    throw new InputError('sources', raw, acceptedSource, 'neither a digest nor a tag');
  const repository = formatRepository(parsed);
  const source = { reference: text, repository, image: parsed };
  return digest === undefined ? source : { ...source, digest };
}
