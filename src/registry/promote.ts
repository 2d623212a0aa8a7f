// Promotion: points final tags at an image that was pushed and checked under a digest or a staging
// tag. The same manifest bytes go under each tag, so the digest users pull is the one checked.
import { putManifest, transferBlob, type BlobOutcome, type RepositoryRef } from './blob-transfer.js';
import { pushScope, type FetchedManifest } from './client.js';
import { responseLimits } from './http.js';
import type { Descriptor } from './document.js';
import { isIndex, splitReference } from './oci.js';
import type { RegistrySession } from './session.js';

export interface PromotionSource {
  registry: string;
  repository: string;
  digest: string;
}

export interface TagPromotion {
  /** registry/repository:tag as given. */
  target: string;
  /** The digest the registry reports for the tag now: the source's. */
  digest: string;
  /** Blobs and child manifests this tag's repository needed (counted once per repository, on its first tag). */
  mounted: number;
  copied: number;
  present: number;
  /** Bytes streamed from the source registry (0 within one registry, where blobs are mounted). */
  bytesCopied: number;
  childManifests: number;
}

export interface TagDeletion {
  reference: string;
  outcome: 'deleted' | 'unsupported';
  /** Why a delete was not possible, in the registry's words. */
  detail?: string;
}

/** What an image needs in another repository besides its top manifest: child manifests (before their index) and blobs. */
interface ImageContent {
  children: FetchedManifest[];
  blobs: Descriptor[];
}

// Layers that live outside the registry (Windows base layers) are never pushed.
const isForeign = (blob: Descriptor): boolean =>
  /foreign|nondistributable/.test(blob.mediaType ?? '') || (blob.urls?.length ?? 0) > 0;

async function readManifest(source: RepositoryRef, reference: string): Promise<FetchedManifest> {
  const manifest = await source.client.getManifest(source.repository, reference);
  if (!manifest) throw new Error(`${source.client.display(source.repository, reference)} does not exist`);
  return manifest;
}

async function readContent(source: RepositoryRef, top: FetchedManifest): Promise<ImageContent> {
  const read = (reference: string): Promise<FetchedManifest> => readManifest(source, reference);
  const children: FetchedManifest[] = [];
  const blobs = new Map<string, Descriptor>();
  const walk = async (manifest: FetchedManifest, isTop: boolean): Promise<void> => {
    if (isIndex(manifest)) {
      for (const entry of manifest.json.manifests ?? []) await walk(await read(entry.digest), false);
    } else {
      for (const blob of [manifest.json.config, ...(manifest.json.layers ?? [])])
        if (blob && !isForeign(blob)) blobs.set(blob.digest, blob);
    }
    if (!isTop && !children.some((child) => child.digest === manifest.digest)) children.push(manifest);
  };
  await walk(top, true);
  return { children, blobs: [...blobs.values()] };
}

/** Runs `work` over `items`, a few at a time. */
async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

const BLOB_CONCURRENCY = 4;

/** Makes the image's blobs and child manifests available in another repository. */
async function fillRepository(
  source: RepositoryRef,
  target: RepositoryRef,
  content: ImageContent
): Promise<Omit<TagPromotion, 'target' | 'digest'>> {
  const outcomes = await inPool(content.blobs, BLOB_CONCURRENCY, (blob) => transferBlob(source, target, blob));
  const count = (outcome: BlobOutcome): number => outcomes.filter((entry) => entry.outcome === outcome).length;
  for (const child of content.children) await putManifest(target, child.digest, child);
  return {
    mounted: count('mounted'),
    copied: count('copied'),
    present: count('present'),
    bytesCopied: outcomes.reduce((sum, entry) => sum + entry.bytes, 0),
    childManifests: content.children.length
  };
}

/**
 * Points each target tag (registry/repository:tag) at the source manifest or index: the same bytes
 * put under the tag. Another repository of the same registry gets the blobs mounted (no data
 * moves); another registry gets them streamed. Returns per tag what happened.
 */
export async function promote(
  session: RegistrySession,
  source: PromotionSource,
  targets: readonly string[]
): Promise<TagPromotion[]> {
  const from: RepositoryRef = { client: session.registry(source.registry), repository: source.repository };
  const top = await readManifest(from, source.digest);
  // Read only when a target lies in another repository.
  let content: Promise<ImageContent> | undefined;
  const filled = new Map<string, Omit<TagPromotion, 'target' | 'digest'>>();
  const results: TagPromotion[] = [];
  for (const target of targets) {
    const parsed = splitReference(target);
    const to: RepositoryRef = { client: session.registry(parsed.registry), repository: parsed.repository };
    const key = `${to.client.registry}/${to.repository}`;
    const sameRepository = to.client === from.client && to.repository === from.repository;
    let work = { mounted: 0, copied: 0, present: 0, bytesCopied: 0, childManifests: 0 };
    if (!sameRepository && !filled.has(key)) {
      content ??= readContent(from, top);
      work = await fillRepository(from, to, await content);
      filled.set(key, work);
    }
    const digest = await putManifest(to, parsed.reference, top);
    if (digest !== source.digest)
      throw new Error(
        `Registry ${to.client.registry} stored ${target} as ${digest}, not ${source.digest}: it rewrote the manifest`
      );
    results.push({ target, digest, ...work });
  }
  return results;
}

/** Removes a tag (never the manifest, which other tags may share); some registries do not allow it. */
export async function deleteTag(session: RegistrySession, reference: string): Promise<TagDeletion> {
  const parsed = splitReference(reference);
  if (parsed.reference.includes(':')) throw new Error(`deleteTag takes a tag, not a digest: ${reference}`);
  const client = session.registry(parsed.registry);
  const exchange = await client.request({
    method: 'DELETE',
    url: `/v2/${parsed.repository}/manifests/${parsed.reference}`,
    scopes: [pushScope(parsed.repository), `repository:${parsed.repository}:delete`],
    verb: 'deleting',
    what: `tag ${client.display(parsed.repository, parsed.reference)}`,
    accept: (status) => status < 500
  });
  const { status } = exchange.response;
  const body = (await client.read(exchange, responseLimits.errorBody, 'an answer to a tag delete')).toString('utf8');
  if (status === 200 || status === 202) return { reference, outcome: 'deleted' };
  if (status === 404) return { reference, outcome: 'deleted', detail: 'the tag did not exist' };
  const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(body)?.[1];
  const answer = `HTTP ${status}${code ? ` ${code}` : ''}`;
  const why =
    status === 401 || status === 403
      ? 'the login may not delete in this repository'
      : 'the registry does not delete tags';
  return { reference, outcome: 'unsupported', detail: `${why} (${answer})` };
}
