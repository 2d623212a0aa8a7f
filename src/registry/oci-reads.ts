// Reads from registries over HTTP through the job's registry session: no docker CLI start-up per
// read, which keeps preflight, floating-tag and verification reads to milliseconds.
import { parseImageReference } from '../model/references.js';
import type { FetchedManifest } from './client.js';
import { imageEntries, indexPlatformList, isWellFormedDigest, normalisedPlatform } from './document.js';
import { responseLimits } from './http.js';
import type { RegistryReader, RegistrySession } from './session.js';
import { mediaTypes, type Descriptor, type OciDocument } from '../model/oci.js';

export { normalisedPlatform } from './document.js';

export interface RemoteIndex {
  digest: string;
  mediaType: string;
  manifests: Descriptor[];
  annotations: Record<string, string>;
  /** What the registry served, bytes and document, when it came from a registry read. */
  fetched?: FetchedManifest;
}

export interface RemoteTarget {
  registry: string;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

const indexTypes = new Set<string>([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);

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

export function isIndex(manifest: { mediaType: string; json: OciDocument | undefined }): boolean {
  return indexTypes.has(manifest.mediaType) || (manifest.mediaType === '' && Array.isArray(manifest.json?.manifests));
}

/** Platforms an index holds, normalised, leaving out attestation entries (unknown/unknown). */
export function indexPlatforms(index: Pick<RemoteIndex, 'manifests'>): string[] {
  return indexPlatformList(index.manifests);
}

/** Reads a blob that fits in memory (an image config), refusing one that does not. */
async function readSmallBlob(client: RegistryReader, repository: string, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = await client.getBlob(repository, digest);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > responseLimits.config) {
      (stream as unknown as { destroy(): void }).destroy();
      throw new Error(`image config ${digest} is larger than ${responseLimits.config} bytes`);
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

/** Reads a reference's manifest (list) from the registry; undefined when the registry says it does not exist. */
export async function inspectRemote(session: RegistrySession, reference: string): Promise<RemoteIndex | undefined> {
  const target = splitReference(reference);
  const manifest = await session.registry(target.registry).getManifest(target.repository, target.reference);
  return manifest ? asRemoteIndex(manifest) : undefined;
}

/**
 * The labels of an image (of its first platform, for an index): what the registry says it carries.
 * Given the index already read, it starts from there instead of reading it again.
 */
export async function inspectLabels(
  session: RegistrySession,
  reference: string,
  index?: RemoteIndex
): Promise<Record<string, string>> {
  const target = splitReference(reference);
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
export async function remotePlatforms(session: RegistrySession, reference: string): Promise<string[] | undefined> {
  const target = splitReference(reference);
  const client = session.registry(target.registry);
  const manifest = await client.getManifest(target.repository, target.reference);
  if (!manifest) return undefined;
  if (isIndex(manifest)) return indexPlatforms({ manifests: manifest.json.manifests ?? [] });
  return [await manifestPlatform(client, target.repository, manifest)];
}
