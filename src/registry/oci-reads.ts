// Reads from registries over HTTP through the job's registry session: no docker CLI start-up per
// read, which keeps preflight, floating-tag and verification reads to milliseconds.
import { parseImageReference, type RemoteTarget } from '../model/references.js';
import type { FetchedManifest } from './client.js';
import { imageEntries, indexPlatformList, isWellFormedDigest, normalisedPlatform } from './document.js';
import type { RegistrySession } from './session.js';
import { documentLimits, indexMediaTypes, type Descriptor, type OciDocument } from '../model/oci.js';

/**
 * What a reader of one registry's images needs: the registry client, the job's session, an OCI layout
 * on disk, or a test's fake. The audit, verification and the push read through this.
 */
export interface RegistryReader {
  getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined>;
  getBlob(repository: string, digest: string): Promise<NodeJS.ReadableStream>;
}

export interface RemoteIndex {
  digest: string;
  mediaType: string;
  manifests: Descriptor[];
  annotations: Record<string, string>;
  /** What the registry served, bytes and document, when it came from a registry read. */
  fetched?: FetchedManifest;
}

export type { RemoteTarget } from '../model/references.js';

/** registry, repository and the tag or digest to fetch, from repo@sha256:…, repo:tag or repo (latest). */
export function splitReference(reference: string): RemoteTarget {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1).trim() : undefined;
  if (digest !== undefined && !isWellFormedDigest(digest)) {
    throw new Error(`'${digest}' in ${reference} is not a digest (sha256:<64 hex> or sha512:<128 hex>)`);
  }
  const parsed = parseImageReference(at >= 0 ? reference.slice(0, at) : reference, 'image');
  return { registry: parsed.registry, repository: parsed.repository, reference: digest ?? parsed.tag ?? 'latest' };
}

/** Whether a manifest lists images (an index, a manifest list), by its media type or, without one, by its entries. */
export function isIndex(manifest: { mediaType: string; json: OciDocument | undefined }): boolean {
  return (
    indexMediaTypes.has(manifest.mediaType) || (manifest.mediaType === '' && Array.isArray(manifest.json?.manifests))
  );
}

/** Platforms an index holds, normalised, leaving out attestation entries (unknown/unknown). */
export function indexPlatforms(index: Pick<RemoteIndex, 'manifests'>): string[] {
  return indexPlatformList(index.manifests);
}

/** Reads an image config whole, refusing one larger than documentLimits.config. */
export async function readSmallBlob(reader: RegistryReader, repository: string, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = await reader.getBlob(repository, digest);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > documentLimits.config) {
      (stream as Partial<{ destroy(): void }>).destroy?.();
      throw new Error(`image config ${digest} is larger than ${documentLimits.config} bytes`);
    }
  }
  return Buffer.concat(chunks);
}

interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
  config?: { Labels?: Record<string, string> };
}

async function readConfig(client: RegistryReader, repository: string, manifest: FetchedManifest): Promise<ImageConfig> {
  const digest = manifest.json.config?.digest;
  if (typeof digest !== 'string') throw new Error(`manifest ${manifest.digest} has no config`);
  return JSON.parse((await readSmallBlob(client, repository, digest)).toString('utf8')) as ImageConfig;
}

/** The platform a single image manifest is for, from its config. */
async function manifestPlatform(
  client: RegistryReader,
  repository: string,
  manifest: FetchedManifest
): Promise<string> {
  return normalisedPlatform(await readConfig(client, repository, manifest));
}

function asRemoteIndex(manifest: FetchedManifest): RemoteIndex {
  return {
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    manifests: isIndex(manifest) ? (manifest.json.manifests ?? []) : [],
    annotations: manifest.json.annotations ?? {},
    fetched: manifest
  };
}

/** A parsed target as it is, a reference given as text (a source, a Dockerfile's base) parsed here. */
function remoteTarget(reference: string | RemoteTarget): RemoteTarget {
  return typeof reference === 'string' ? splitReference(reference) : reference;
}

/** Reads a reference's manifest (list) from the registry; undefined when the registry says it does not exist. */
export async function inspectRemote(
  session: RegistrySession,
  reference: string | RemoteTarget
): Promise<RemoteIndex | undefined> {
  const target = remoteTarget(reference);
  const manifest = await session.registry(target.registry).getManifest(target.repository, target.reference);
  return manifest ? asRemoteIndex(manifest) : undefined;
}

/**
 * The labels of an image (of its first platform, for an index): what the registry says it carries.
 * Given the index already read, it starts from there instead of reading it again.
 */
export async function inspectLabels(
  session: RegistrySession,
  reference: string | RemoteTarget,
  index?: RemoteIndex
): Promise<Record<string, string>> {
  const target = remoteTarget(reference);
  const client = session.registry(target.registry);
  const firstImage = (entries: Descriptor[] | undefined): Descriptor | undefined =>
    [...imageEntries(entries).values()][0];
  // An index read earlier is used as it is; one without its bytes (built by hand) still has its entries.
  const top =
    index?.fetched ??
    (index && index.manifests.length > 0 ? undefined : await client.getManifest(target.repository, target.reference));
  const entries = top ? (isIndex(top) ? top.json.manifests : undefined) : index?.manifests;
  let manifest = top;
  if (entries) {
    const first = firstImage(entries);
    manifest = first ? await client.getManifest(target.repository, first.digest) : undefined;
  }
  return manifest ? ((await readConfig(client, target.repository, manifest)).config?.Labels ?? {}) : {};
}

/** The platforms a reference provides: the entries of an index, or the platform of a single image's config. */
export async function remotePlatforms(
  session: RegistrySession,
  reference: string | RemoteTarget
): Promise<string[] | undefined> {
  const target = remoteTarget(reference);
  const client = session.registry(target.registry);
  const manifest = await client.getManifest(target.repository, target.reference);
  if (!manifest) return undefined;
  if (isIndex(manifest)) return indexPlatforms({ manifests: manifest.json.manifests ?? [] });
  return [await manifestPlatform(client, target.repository, manifest)];
}
