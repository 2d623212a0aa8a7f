// What a registry's refusal to move a tag means, said plainly where the registry's own words are
// terse. ECR answers a tag PUT into a repository with immutable tags with HTTP 400 TAG_INVALID,
// "The image tag '1' already exists in the 'app' repository and cannot be overwritten because the
// repository is immutable."

const immutableTag = /\bimmutable\b|TAG_IMMUTABLE|cannot be overwritten|ImageTagAlreadyExists/i;

/** The reason a tag did not move, with what it means and what to do when the registry's words say it. */
export function explainTagRefusal(reason: string): string {
  if (!immutableTag.test(reason)) return reason;
  return (
    `the repository's tags are immutable (ECR: image tag mutability IMMUTABLE), and this tag already exists, ` +
    `so it cannot be moved to the new image; use tags that are new for each release (a version, sha-<commit>), ` +
    `leave out floating tags such as latest for that repository, or make its tags mutable (${reason})`
  );
}
