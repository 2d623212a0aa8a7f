// Which layers the target repositories already have, asked before a release's build (for the
// stand-ins, stand-ins.ts): the layers of the image behind the user's tags (the one being replaced)
// and of the registry cache manifests the build reads, each then confirmed by a HEAD in every
// target repository. A few manifest reads and a HEAD per layer and repository; no blob is read.
// A source that cannot be read gives nothing: the build then writes those layers, as it would anyway.
import type { CacheEntry } from '../model/cache.js';
import { errorMessage } from '../model/errors.js';
import type { Descriptor } from '../model/oci.js';
import type { RemoteTarget } from '../model/references.js';
import { formatPlatform, normalisePlatformText, type Platform } from '../model/platforms.js';
import { hasBlob } from './blob-transfer.js';
import type { FetchedManifest } from './client.js';
import { imageEntries, isWellFormedDigest } from './document.js';
import { isIndex } from './oci-reads.js';
import { inPool } from './pool.js';
import type { RepositoryRef } from './image-content.js';
import type { RegistrySession } from './session.js';

type RemoteRepository = Pick<RemoteTarget, 'registry' | 'repository'>;
type RepositoryTag = { registry: string; repository: string; tag: string };

/** Where the image behind the user's tags is read: the tags, in order, and the platforms wanted of it. */
export interface TagSources {
  /** The user's tags: per repository, the first that exists is read. */
  tags: readonly RepositoryTag[];
  /** Read when none of a repository's tags exists (its `latest`). */
  fallbackTags?: readonly RepositoryTag[];
  /** The platforms built: only their images of an index are read. */
  platforms: readonly Platform[];
}

/** The layers of the images behind the user's tags, and per repository what was read or why nothing was. */
export interface TagLayers {
  layers: Descriptor[];
  notes: string[];
}

export interface LayerSources extends TagSources {
  /** Target repositories: a layer counts only when every one has it. */
  repositories: readonly RemoteRepository[];
  /** The tags' layers when their read was started earlier (while the builder got ready); else read here. */
  tagLayers?: Promise<TagLayers>;
  /** Registry cache manifests the build reads. */
  cacheRefs: readonly RemoteTarget[];
  /** Whether the layout has the blob already: nobody asks the registry about it then. */
  present: (digest: string) => boolean;
  /** Layers smaller than this (as their manifests say) are left to the export: written in a moment, read back from disk. */
  minimumBytes: number;
}

export interface RegistryLayers {
  /** Layers every target repository has (HEAD), that the layout lacks. */
  digests: string[];
  /** Layers named by the sources, and what each source gave or why it gave nothing, for the log. */
  named: number;
  /** Of those the layout lacks, how many were too small to stand in for. */
  small: number;
  notes: string[];
}

const TAGS_PER_REPOSITORY = 3;
const CACHE_REFS = 4;
const LAYER_LIMIT = 1000;
const HEAD_CONCURRENCY = 8;

/** A layer a registry serves (not a foreign one that lives elsewhere), as an image manifest or a cache index names it. */
function isDistributableLayer(entry: Descriptor): boolean {
  const type = entry.mediaType ?? '';
  return (
    /^application\/vnd\.(oci\.image\.layer\.|docker\.image\.rootfs\.diff\.)/.test(type) &&
    !/foreign|nondistributable/.test(type) &&
    (entry.urls?.length ?? 0) === 0 &&
    typeof entry.digest === 'string' &&
    entry.digest.startsWith('sha256:') &&
    isWellFormedDigest(entry.digest)
  );
}

/** The refs of the registry caches among `--cache-from` entries (the shorthand is an image reference). */
export function registryCacheRefs(entries: readonly CacheEntry[]): string[] {
  const refs = entries.flatMap((entry) => {
    if (entry.type !== 'registry' || entry.quoted) return [];
    if (entry.shorthand) return [entry.text.trim()];
    const ref = entry.fields?.find(({ key }) => key === 'ref')?.value.trim();
    return ref ? [ref] : [];
  });
  return [...new Set(refs)];
}

/** The layers a manifest names: an image's, or those a cache index lists among its entries. */
const layersOf = (manifest: FetchedManifest): Descriptor[] =>
  (isIndex(manifest) ? (manifest.json.manifests ?? []) : (manifest.json.layers ?? [])).filter(isDistributableLayer);

/** The layers of the image behind a reference: of an index, only the images of the platforms built. */
async function imageLayers(top: FetchedManifest, at: RepositoryRef, wanted: Set<string>): Promise<Descriptor[]> {
  if (!isIndex(top)) return layersOf(top);
  const entries = [...imageEntries(top.json.manifests)].filter(([platform]) => wanted.has(platform));
  const images = await Promise.all(entries.map(([, entry]) => at.client.getManifest(at.repository, entry.digest)));
  return images.flatMap((image) => (image ? layersOf(image) : []));
}

/**
 * Per target repository, the first of its tags that exists: the layers of the image there. A
 * repository that cannot be read gives no layers and a note saying why.
 */
export async function readTagLayers(session: RegistrySession, sources: TagSources): Promise<TagLayers> {
  const notes: string[] = [];
  const wanted = new Set(sources.platforms.map((platform) => normalisePlatformText(formatPlatform(platform))));
  const byRepository = new Map<string, { at: RepositoryRef; tags: string[] }>();
  const add = ({ registry, repository, tag }: RepositoryTag, limit: number): void => {
    const key = `${registry}/${repository}`;
    const entry = byRepository.get(key) ?? { at: { client: session.registry(registry), repository }, tags: [] };
    if (entry.tags.length < limit && !entry.tags.includes(tag)) entry.tags.push(tag);
    byRepository.set(key, entry);
  };
  for (const target of sources.tags) add(target, TAGS_PER_REPOSITORY);
  // Only for repositories the user's tags name: one more tag each, tried last.
  for (const target of sources.fallbackTags ?? [])
    if (byRepository.has(`${target.registry}/${target.repository}`)) add(target, TAGS_PER_REPOSITORY + 1);
  const found = await Promise.all(
    [...byRepository].map(async ([key, { at, tags }]) => {
      try {
        for (const tag of tags) {
          const top = await at.client.getManifest(at.repository, tag);
          if (!top) continue;
          const layers = await imageLayers(top, at, wanted);
          notes.push(`${key}:${tag} ${layers.length}`);
          return layers;
        }
        notes.push(`${key}: none of ${tags.join(', ')} exists yet`);
      } catch (error) {
        notes.push(`${key}: not read (${errorMessage(error)})`);
      }
      return [];
    })
  );
  return { layers: found.flat(), notes };
}

/** The layers of the registry cache manifests the build reads. */
async function cacheLayers(
  session: RegistrySession,
  refs: readonly RemoteTarget[],
  notes: string[]
): Promise<Descriptor[]> {
  const found = await Promise.all(
    refs.slice(0, CACHE_REFS).map(async ({ registry, repository, reference }) => {
      const ref = `${registry}/${repository}:${reference}`;
      try {
        const manifest = await session.registry(registry).getManifest(repository, reference);
        const layers = manifest ? layersOf(manifest) : [];
        notes.push(manifest ? `cache ${ref} ${layers.length}` : `cache ${ref}: none yet`);
        return layers;
      } catch (error) {
        notes.push(`cache ${ref}: not read (${errorMessage(error)})`);
        return [];
      }
    })
  );
  return found.flat();
}

/** Whether every target repository has the blob (a HEAD each); a HEAD that fails counts as no. */
async function everywhere(targets: readonly RepositoryRef[], digest: string): Promise<boolean> {
  for (const target of targets) if (!(await hasBlob(target, digest).catch(() => false))) return false;
  return true;
}

/** The layers the sources name that the layout lacks and every target repository has. */
export async function layersEveryRepositoryHas(
  session: RegistrySession,
  sources: LayerSources
): Promise<RegistryLayers> {
  // No repository to confirm a layer in, nor to read it back from (a pull request with no tags): none is had "everywhere".
  if (sources.repositories.length === 0) return { digests: [], named: 0, small: 0, notes: ['no target repository'] };
  const cacheNotes: string[] = [];
  const [tagged, fromCache] = await Promise.all([
    sources.tagLayers ?? readTagLayers(session, sources),
    cacheLayers(session, sources.cacheRefs, cacheNotes)
  ]);
  const fromTags = tagged.layers;
  const notes = [...tagged.notes, ...cacheNotes];
  const sizes = new Map([...fromTags, ...fromCache].map(({ digest, size }) => [digest, size]));
  const absent = [...sizes.keys()].filter((digest) => !sources.present(digest));
  const big = (digest: string): boolean => (sizes.get(digest) ?? 0) >= sources.minimumBytes;
  const candidates = absent.filter(big).slice(0, LAYER_LIMIT);
  const targets = sources.repositories.map(({ registry, repository }) => ({
    client: session.registry(registry),
    repository
  }));
  const confirmed = await inPool(candidates, HEAD_CONCURRENCY, (digest) => everywhere(targets, digest));
  const digests = candidates.filter((_, index) => confirmed[index]);
  return { digests, named: sizes.size, small: absent.filter((digest) => !big(digest)).length, notes };
}
