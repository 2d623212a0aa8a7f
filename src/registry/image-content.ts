// An image as a set of content: its top manifest (or index), the child manifests it names and
// every blob, each with where it can be read from: the job's OCI layout, or a repository of a
// registry (the sources of a merge), from which a blob can also be mounted within that registry.
import type { FetchedManifest, RegistryClient } from './client.js';
import { checkDigest } from './document.js';
import { isIndex } from './oci-reads.js';
import type { OciLayout } from './oci-layout.js';
import type { Descriptor } from '../model/oci.js';

export interface RepositoryRef {
  client: RegistryClient;
  repository: string;
}

/** Where manifests and blobs of an image are read from. */
export interface ContentOrigin {
  /** For content in a registry: the repository a blob can be mounted from, within that registry. */
  remote?: RepositoryRef;
  /** "the OCI layout at …" or "registry/repository", for messages. */
  name: string;
  readManifest(digest: string): Promise<FetchedManifest | undefined>;
  openBlob(digest: string): Promise<NodeJS.ReadableStream>;
  /** Whether the blob is here only as a stand-in (registry/stand-ins.ts): never read, sent or mounted. */
  isStandIn?(digest: string): boolean;
}

export interface OriginOf<T> {
  item: T;
  origin: ContentOrigin;
}

export interface ImageContent {
  top: FetchedManifest;
  /** Where the top manifest's own blobs are, when it is a single image manifest. */
  topOrigin?: ContentOrigin;
  /** The manifests the top one names (and theirs), each before any index that lists it. */
  manifests: OriginOf<FetchedManifest>[];
}

export function layoutOrigin(layout: OciLayout): ContentOrigin {
  return {
    name: `the OCI layout at ${layout.dir}`,
    readManifest: (digest) => layout.getManifest('', digest),
    openBlob: (digest) => layout.openLocalBlob(digest),
    isStandIn: (digest) => layout.isStandIn(digest)
  };
}

export function repositoryOrigin(remote: RepositoryRef): ContentOrigin {
  return {
    remote,
    name: `${remote.client.registry}/${remote.repository}`,
    readManifest: (digest) => remote.client.getManifest(remote.repository, digest),
    openBlob: (digest) => remote.client.getBlob(remote.repository, digest)
  };
}

// Layers that live outside the registry (Windows base layers) are never pushed.
const isForeign = (blob: Descriptor): boolean =>
  /foreign|nondistributable/.test(blob.mediaType ?? '') || (blob.urls?.length ?? 0) > 0;

/** The distributable blobs an image manifest names (its config and layers), each digest checked; none for an index. */
export function blobsOf(manifest: FetchedManifest): Descriptor[] {
  if (isIndex(manifest)) return [];
  const blobs = [manifest.json.config, ...(manifest.json.layers ?? [])].filter(
    (blob): blob is Descriptor => blob !== undefined && typeof blob.digest === 'string' && !isForeign(blob)
  );
  for (const blob of blobs) checkDigest(blob.digest, `manifest ${manifest.digest} names a blob`);
  return blobs;
}

/** Every blob of the image once, with where it is read from. */
export function contentBlobs(content: ImageContent): OriginOf<Descriptor>[] {
  const blobs = new Map<string, OriginOf<Descriptor>>();
  const sources = [
    ...content.manifests,
    ...(content.topOrigin ? [{ item: content.top, origin: content.topOrigin }] : [])
  ];
  for (const { item, origin } of sources)
    for (const blob of blobsOf(item)) if (!blobs.has(blob.digest)) blobs.set(blob.digest, { item: blob, origin });
  return [...blobs.values()];
}

/**
 * Reads every manifest an image consists of. `originOf` says where each entry of the top index
 * comes from (a merge's index names manifests of several sources), or, given no entry, where a
 * single top manifest's blobs are; what an entry names comes from the same place.
 */
export async function collectContent(
  top: FetchedManifest,
  originOf: (entry: Descriptor | undefined) => ContentOrigin
): Promise<ImageContent> {
  const manifests = new Map<string, OriginOf<FetchedManifest>>();
  const walk = async (index: FetchedManifest, origin: (entry: Descriptor) => ContentOrigin): Promise<void> => {
    // Side by side: an index of three platforms with attestations is seven reads.
    const children = await Promise.all(
      (index.json.manifests ?? []).map(async (entry) => {
        checkDigest(entry.digest, `index ${index.digest} names a manifest`);
        const from = origin(entry);
        const child = await from.readManifest(entry.digest);
        if (!child) throw new Error(`${from.name} lacks manifest ${entry.digest}, which index ${index.digest} names`);
        return { child, from };
      })
    );
    for (const { child, from } of children) {
      if (isIndex(child)) await walk(child, () => from);
      if (!manifests.has(child.digest)) manifests.set(child.digest, { item: child, origin: from });
    }
  };
  if (!isIndex(top)) return { top, topOrigin: originOf(undefined), manifests: [] };
  await walk(top, originOf);
  return { top, manifests: [...manifests.values()] };
}
