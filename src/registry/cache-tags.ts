// cache: registry writes one cache export per build and then puts that same cache manifest under
// the tag of each other platform the build made: one upload of every layer, one tag per platform.
import { moveTags, type TagMoves } from './promote.js';
import { splitReference } from './oci-reads.js';
import type { RegistrySession } from './session.js';

/**
 * Puts the cache manifest `digest` of `repository` (registry/path) under each of `tags`. Reads it by
 * digest, so a cache another job wrote to the first tag meanwhile is never copied.
 */
export async function tagCacheManifest(
  session: RegistrySession,
  repository: string,
  digest: string,
  tags: readonly string[]
): Promise<TagMoves> {
  const { registry, repository: path } = splitReference(repository);
  const manifest = await session.registry(registry).getManifest(path, digest);
  if (!manifest) throw new Error(`${repository}@${digest} is not in the registry`);
  return moveTags(
    session,
    manifest,
    tags.map((tag) => ({ registry, repository: path, tag, text: `${repository}:${tag}` }))
  );
}
