// Promotion: once the image is in every target repository by digest and has passed its checks,
// each final tag is one manifest PUT of the same bytes, all sent at once. The digest users pull
// under a tag is therefore the one that was checked.
import { putManifest } from './blob-transfer.js';
import type { FetchedManifest } from './client.js';
import { remoteTargetOf, type TagTarget } from '../model/references.js';
import type { RegistrySession } from './session.js';
import { explainTagRefusal } from './tag-refusals.js';

export interface TagMoves {
  /** Each tag now at the image, in the order given. */
  moved: TagTarget[];
  /** Each tag a registry refused, with its answer. */
  failed: { reference: string; reason: string }[];
}

/**
 * Puts the image's top manifest under every tag, side by side, so the tags move as one burst.
 * Never throws for a refused tag: the caller learns exactly which tags moved and which did not.
 */
export async function moveTags(
  session: RegistrySession,
  image: FetchedManifest,
  targets: readonly TagTarget[]
): Promise<TagMoves> {
  const settled = await Promise.allSettled(
    targets.map(async (tagTarget) => {
      const target = remoteTargetOf(tagTarget);
      const stored = await putManifest(
        { client: session.registry(target.registry), repository: target.repository },
        target.reference,
        image
      );
      if (stored !== image.digest)
        throw new Error(`the registry stored it as ${stored}, not ${image.digest}: it rewrote the manifest`);
    })
  );
  const moves: TagMoves = { moved: [], failed: [] };
  settled.forEach((outcome, index) => {
    const target = targets[index] as TagTarget;
    if (outcome.status === 'fulfilled') moves.moved.push(target);
    else
      moves.failed.push({
        reference: target.text,
        reason: explainTagRefusal(outcome.reason)
      });
  });
  return moves;
}
