// The image goes to every target repository untagged, by digest: blobs (HEAD first, mounted within
// a registry, uploaded otherwise), child manifests, then the top manifest. Nothing here writes a
// tag, so a repository that refuses a push fails the step before any tag anywhere has moved.
import { errorMessage } from '../model/errors.js';
import { hasManifest, putManifest, transferBlob, type BlobOutcome } from './blob-transfer.js';
import type { FetchedManifest } from './client.js';
import { blobsOf, type ContentOrigin, type ImageContent, type OriginOf, type RepositoryRef } from './image-content.js';
import { isIndex, splitReference } from './oci-reads.js';
import { Gate } from './pool.js';
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

// Manifest HEADs and PUTs at once; blobs in hand at once (a HEAD, a mount or an upload each); of
// those, uploads of data at once.
const MANIFEST_CONCURRENCY = 8;
const BLOB_CONCURRENCY = 16;
const UPLOAD_CONCURRENCY = 4;
const sameRepository = (a: RepositoryRef | undefined, b: RepositoryRef): boolean =>
  a !== undefined && a.client === b.client && a.repository === b.repository;

/** Where a blob can be mounted from within the target's registry: its own origin there, else a repository filled before. */
function mountSource(origin: ContentOrigin, target: RepositoryRef, filled?: RepositoryRef): string | undefined {
  if (origin.remote?.client === target.client) return origin.remote.repository;
  return filled?.client === target.client ? filled.repository : undefined;
}

type Transfer = Promise<{ outcome: BlobOutcome; bytes: number }>;

/**
 * One repository being filled: each manifest's way in runs on its own (a HEAD; when missing, its
 * blobs, then its PUT), so no stage waits for the slowest of the one before. A blob named by several
 * manifests is transferred once, for whichever asks first.
 */
class RepositoryFill {
  private readonly manifestGate = new Gate(MANIFEST_CONCURRENCY);
  private readonly blobGate = new Gate(BLOB_CONCURRENCY);
  private readonly uploads = new Gate(UPLOAD_CONCURRENCY);
  private readonly transfers = new Map<string, Transfer>();

  constructor(
    private readonly target: RepositoryRef,
    private readonly filled: RepositoryRef | undefined
  ) {}

  /** Whether the repository has the manifest, so every blob it names (a HEAD). */
  has(manifest: FetchedManifest): Promise<boolean> {
    return this.manifestGate.run(() => hasManifest(this.target, manifest));
  }

  /** Writes a manifest by its digest; the registry must store it under that digest. */
  async put(manifest: FetchedManifest): Promise<void> {
    const digest = await this.manifestGate.run(() => putManifest(this.target, manifest.digest, manifest));
    if (digest !== manifest.digest)
      throw new Error(`the registry stored ${manifest.digest} as ${digest}: it rewrote the manifest`);
  }

  /** Every blob a manifest names in the repository; none are asked for when its origin is the repository itself. */
  async blobsOf({ item, origin }: OriginOf<FetchedManifest>): Promise<void> {
    if (sameRepository(origin.remote, this.target)) return;
    await settleAll(blobsOf(item).map((blob) => this.blob(blob, origin)));
  }

  /** What became of each blob, once every transfer is over. */
  outcomes(): Promise<Awaited<Transfer>[]> {
    return Promise.all(this.transfers.values());
  }

  private blob(blob: Descriptor, origin: ContentOrigin): Transfer {
    let transfer = this.transfers.get(blob.digest);
    if (!transfer) {
      const options = { mountFrom: mountSource(origin, this.target, this.filled), uploads: this.uploads };
      transfer = this.blobGate.run(() => transferBlob(origin, this.target, blob, options));
      this.transfers.set(blob.digest, transfer);
    }
    return transfer;
  }
}

/** Waits for every piece of work, then throws the first failure: nothing is left running behind a refusal. */
async function settleAll<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

/**
 * The child manifests into the repository: image manifests side by side, each right after its
 * blobs; then the indexes the repository lacks, in order (an index may only name what is there).
 * Resolves to how many were written.
 */
async function fillManifests(fill: RepositoryFill, content: ImageContent, target: RepositoryRef): Promise<number> {
  // A repository that is a manifest's own origin has it already.
  const candidates = content.manifests.filter(({ origin }) => !sameRepository(origin.remote, target));
  const image = async (entry: OriginOf<FetchedManifest>): Promise<boolean> => {
    if (await fill.has(entry.item)) return false;
    await fill.blobsOf(entry);
    await fill.put(entry.item);
    return true;
  };
  const indexes = candidates.filter(({ item }) => isIndex(item));
  const indexMissing = indexes.map(async ({ item }) => !(await fill.has(item)));
  const [written, missing] = await Promise.all([
    settleAll(candidates.filter(({ item }) => !isIndex(item)).map(image)),
    settleAll(indexMissing)
  ]);
  const missingIndexes = indexes.filter((_, index) => missing[index]);
  for (const { item } of missingIndexes) await fill.put(item);
  return written.filter(Boolean).length + missingIndexes.length;
}

/** Pushes the whole image into one repository, by digest; `filled` is a repository of the same registry that has it all. */
async function fillRepository(
  content: ImageContent,
  target: RepositoryRef,
  filled?: RepositoryRef
): Promise<RepositoryPush> {
  const fill = new RepositoryFill(target, filled);
  const [manifests] = await settleAll([
    fillManifests(fill, content, target),
    // A single image's own blobs (its top has no children).
    content.topOrigin
      ? fill.blobsOf({ item: content.top, origin: content.topOrigin }).then(() => 0)
      : Promise.resolve(0)
  ]);
  const outcomes = await fill.outcomes();
  // Always written, even when present: this PUT is what proves the right to push here.
  const digest = await putManifest(target, content.top.digest, content.top);
  if (digest !== content.top.digest)
    throw new Error(`the registry stored the image as ${digest}, not ${content.top.digest}: it rewrote the manifest`);
  const count = (outcome: BlobOutcome): number => outcomes.filter((entry) => entry.outcome === outcome).length;
  return {
    repository: `${target.client.registry}/${target.repository}`,
    uploaded: count('uploaded'),
    mounted: count('mounted'),
    present: count('present'),
    bytes: outcomes.reduce((sum, entry) => sum + entry.bytes, 0),
    manifests: (manifests ?? 0) + 1
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
