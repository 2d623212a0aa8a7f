// The image goes to every target repository untagged, by digest: blobs (HEAD first, mounted within
// a registry, uploaded otherwise), child manifests, then the top manifest. Nothing here writes a
// tag, so a repository that refuses a push fails the step before any tag anywhere has moved.
import { errorMessage } from '../model/errors.js';
import { hasManifest, putManifest, transferBlob, type BlobOutcome } from './blob-transfer.js';
import type { FetchedManifest } from './client.js';
import { blobsOf, type ContentOrigin, type ImageContent, type OriginOf, type RepositoryRef } from './image-content.js';
import { isIndex, splitReference } from './oci-reads.js';
import { inPool } from './pool.js';
import type { RegistrySession } from './session.js';
import type { Descriptor } from '../model/oci.js';

export interface RepositoryPush {
  /** registry/repository */
  repository: string;
  uploaded: number;
  mounted: number;
  /** Blobs the repository had (a HEAD said so); those of manifests it had are not even asked for. */
  present: number;
  /** Bytes uploaded into this repository. */
  bytes: number;
  /** Manifests written by digest, the top one included. */
  manifests: number;
}

/** Some target repositories refused the image: which, and why. No tag was written anywhere. */
export class PushRefused extends Error {
  constructor(readonly refusals: { repository: string; reason: string }[]) {
    super(
      `The image could not be pushed by digest to ${refusals.map(({ repository }) => repository).join(', ')}:\n` +
        refusals.map(({ repository, reason }) => `- ${repository}: ${reason}`).join('\n')
    );
    this.name = 'PushRefused';
  }
}

const BLOB_CONCURRENCY = 4;
const HEAD_CONCURRENCY = 8;
const sameRepository = (a: RepositoryRef | undefined, b: RepositoryRef): boolean =>
  a !== undefined && a.client === b.client && a.repository === b.repository;

/** Where a blob can be mounted from within the target's registry: its own origin there, else a repository filled before. */
function mountSource(origin: ContentOrigin, target: RepositoryRef, filled?: RepositoryRef): string | undefined {
  if (origin.remote?.client === target.client) return origin.remote.repository;
  return filled?.client === target.client ? filled.repository : undefined;
}

/** Puts the manifests a repository lacks: image manifests side by side, then indexes in order (an index may only name what is there). */
async function putManifests(target: RepositoryRef, needed: readonly FetchedManifest[]): Promise<void> {
  await Promise.all(needed.filter((manifest) => !isIndex(manifest)).map((m) => putManifest(target, m.digest, m)));
  for (const manifest of needed.filter((entry) => isIndex(entry))) await putManifest(target, manifest.digest, manifest);
}

/** The child manifests a repository lacks (a HEAD each); a manifest it has brings every blob it names. */
async function missingManifests(content: ImageContent, target: RepositoryRef): Promise<OriginOf<FetchedManifest>[]> {
  // A repository that is a manifest's own origin has it already.
  const candidates = content.manifests.filter(({ origin }) => !sameRepository(origin.remote, target));
  const present = await inPool(candidates, HEAD_CONCURRENCY, ({ item }) => hasManifest(target, item));
  return candidates.filter((_, index) => !present[index]);
}

/** The blobs of the manifests a repository lacks (and of a single-image top), each once. */
function neededBlobs(content: ImageContent, missing: OriginOf<FetchedManifest>[], target: RepositoryRef) {
  const blobs = new Map<string, OriginOf<Descriptor>>();
  const owners = [...missing, ...(content.topOrigin ? [{ item: content.top, origin: content.topOrigin }] : [])];
  for (const { item, origin } of owners) {
    if (sameRepository(origin.remote, target)) continue;
    for (const blob of blobsOf(item)) if (!blobs.has(blob.digest)) blobs.set(blob.digest, { item: blob, origin });
  }
  return [...blobs.values()];
}

/** Pushes the whole image into one repository, by digest; `filled` is a repository of the same registry that has it all. */
async function fillRepository(
  content: ImageContent,
  target: RepositoryRef,
  filled?: RepositoryRef
): Promise<RepositoryPush> {
  const missing = await missingManifests(content, target);
  const blobs = neededBlobs(content, missing, target);
  const outcomes = await inPool(blobs, BLOB_CONCURRENCY, ({ item, origin }) =>
    transferBlob(origin, target, item, mountSource(origin, target, filled))
  );
  const count = (outcome: BlobOutcome): number => outcomes.filter((entry) => entry.outcome === outcome).length;
  await putManifests(
    target,
    missing.map(({ item }) => item)
  );
  // Always written, even when present: this PUT is what proves the right to push here.
  const digest = await putManifest(target, content.top.digest, content.top);
  if (digest !== content.top.digest)
    throw new Error(`the registry stored the image as ${digest}, not ${content.top.digest}: it rewrote the manifest`);
  return {
    repository: `${target.client.registry}/${target.repository}`,
    uploaded: count('uploaded'),
    mounted: count('mounted'),
    present: count('present'),
    bytes: outcomes.reduce((sum, entry) => sum + entry.bytes, 0),
    manifests: missing.length + 1
  };
}

/** Target repositories (registry/repository) grouped by registry client, in the order given. */
function byRegistry(session: RegistrySession, repositories: readonly string[]): RepositoryRef[][] {
  const groups = new Map<string, RepositoryRef[]>();
  for (const name of new Set(repositories)) {
    const { registry, repository } = splitReference(name);
    const client = session.registry(registry);
    const group = groups.get(client.registry) ?? [];
    if (!group.some((entry) => entry.client === client && entry.repository === repository))
      group.push({ client, repository });
    groups.set(client.registry, group);
  }
  return [...groups.values()];
}

/**
 * Pushes the image by digest into every repository: per registry, the first repository gets the
 * data, the others mount it from there; registries side by side. Every refusal is collected and
 * thrown together as PushRefused, so the error names each repository that refused.
 */
export async function pushByDigest(
  session: RegistrySession,
  content: ImageContent,
  repositories: readonly string[]
): Promise<RepositoryPush[]> {
  const refusals: { repository: string; reason: string }[] = [];
  const groups = byRegistry(session, repositories);
  const pushed = new Map<RepositoryRef, RepositoryPush>();
  const attempt = async (target: RepositoryRef, filled?: RepositoryRef): Promise<boolean> => {
    try {
      pushed.set(target, await fillRepository(content, target, filled));
      return true;
    } catch (error) {
      const reason = errorMessage(error);
      refusals.push({ repository: `${target.client.registry}/${target.repository}`, reason });
      return false;
    }
  };
  await Promise.all(
    groups.map(async ([first, ...others]) => {
      if (!first) return;
      const filled = (await attempt(first)) ? first : undefined;
      await Promise.all(others.map((target) => attempt(target, filled)));
    })
  );
  if (refusals.length > 0) throw new PushRefused(refusals);
  return groups.flat().flatMap((target) => pushed.get(target) ?? []);
}
