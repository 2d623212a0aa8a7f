// What a registry's refusal to move a tag means, said plainly where the registry's own words are
// terse. ECR answers a tag PUT into a repository with immutable tags with HTTP 400 and the error
// entry {code: "TAG_INVALID", message: "The image tag '1' already exists in the 'app' repository and
// cannot be overwritten because the repository is immutable."} ("… because the tag is immutable."
// under per-tag rules). Only that entry is read: never the whole text, which names the repository
// (a repository may be called "immutable") and carries other answers (401, 403) too.
import { errorMessage } from '../model/errors.js';
import { RegistryRefusal } from './http.js';

/** ECR's sentence; tags and repository names cannot hold a quote, so each quoted part is one name. */
const ecrImmutableTag =
  /^The image tag '[^']*' already exists in the '[^']*' repository and cannot be overwritten because the (?:repository|tag) is immutable\.?$/;

const refusedAsImmutable = (error: unknown): boolean =>
  error instanceof RegistryRefusal &&
  error.errors.some((entry) => entry.code === 'TAG_INVALID' && ecrImmutableTag.test(entry.message ?? ''));

/** Why a tag did not move: the registry's words, with what they mean and what to do when it said the tag is immutable. */
export function explainTagRefusal(error: unknown): string {
  const reason = errorMessage(error);
  if (!refusedAsImmutable(error)) return reason;
  return (
    `the repository's tags are immutable (ECR: image tag mutability IMMUTABLE), and this tag already exists, ` +
    `so it cannot be moved to the new image; use tags that are new for each release (a version, sha-<commit>), ` +
    `leave out floating tags such as latest for that repository, or make its tags mutable (${reason})`
  );
}
