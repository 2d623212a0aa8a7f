// Reads from registries over HTTP with the job's credentials: no docker CLI start-up per read,
// which keeps preflight, floating-tag and verification reads to milliseconds.
import { getJobEnv } from '../seams/exec.js';
import { formatPlatform, normalisePlatformText, type Platform } from '../planning/platforms.js';
import { parseImageReference } from '../planning/references.js';
import { credentialsFor, mediaTypes, RegistryClient, type FetchedManifest } from './client.js';

export interface ManifestDescriptor {
  digest: string;
  mediaType?: string;
  size?: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface RemoteIndex {
  digest: string;
  mediaType: string;
  manifests: ManifestDescriptor[];
  annotations: Record<string, string>;
}

export interface RemoteTarget {
  registry: string;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const indexTypes = new Set<string>([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);

/** registry, repository and the tag or digest to fetch, from repo@sha256:…, repo:tag or repo (latest). */
export function splitReference(reference: string): RemoteTarget {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1).trim() : undefined;
  if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]+$/.test(digest)) {
    throw new Error(`'${digest}' in ${reference} is not a digest`);
  }
  const parsed = parseImageReference(at >= 0 ? reference.slice(0, at) : reference, 'image');
  return { registry: parsed.registry, repository: parsed.repository, reference: digest ?? parsed.tag ?? 'latest' };
}

const clients = new Map<string, RegistryClient>();
/** One client per registry for the job, so a bearer token is fetched once. */
export function registryClient(registry: string, dockerConfigDir = getJobEnv()['DOCKER_CONFIG'] ?? ''): RegistryClient {
  const key = `${registry}\n${dockerConfigDir}`;
  let client = clients.get(key);
  if (!client) {
    client = new RegistryClient(registry, dockerConfigDir ? credentialsFor(registry, dockerConfigDir) : undefined);
    clients.set(key, client);
  }
  return client;
}

export function isIndex(manifest: Pick<FetchedManifest, 'mediaType' | 'json'>): boolean {
  return indexTypes.has(manifest.mediaType) || (manifest.mediaType === '' && Array.isArray(manifest.json?.manifests));
}

/** Platforms an index holds, normalised, leaving out attestation entries (unknown/unknown). */
export function indexPlatforms(index: Pick<RemoteIndex, 'manifests'>): string[] {
  return index.manifests
    .filter(
      (entry) =>
        entry.platform &&
        entry.platform.os !== 'unknown' &&
        entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest'
    )
    .map((entry) => normalisedPlatform(entry.platform as Platform));
}

/** A platform as the registry spelled it, normalised when it is one we know (arm → arm/v7). */
export function normalisedPlatform(platform: { os?: string; architecture?: string; variant?: string }): string {
  return normalisePlatformText(
    formatPlatform({
      os: platform.os ?? '',
      architecture: platform.architecture ?? '',
      ...(platform.variant ? { variant: platform.variant } : {})
    })
  );
}

/** Reads a blob that fits in memory (an image config), refusing one that does not. */
export async function readSmallBlob(client: RegistryClient, repository: string, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = await client.getBlob(repository, digest);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > MAX_CONFIG_BYTES) {
      (stream as unknown as { destroy(): void }).destroy();
      throw new Error(`image config ${digest} is larger than ${MAX_CONFIG_BYTES} bytes`);
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

async function readConfig(client: RegistryClient, repository: string, manifest: FetchedManifest): Promise<ImageConfig> {
  const digest: unknown = manifest.json?.config?.digest;
  if (typeof digest !== 'string') throw new Error(`manifest ${manifest.digest} has no config`);
  return JSON.parse((await readSmallBlob(client, repository, digest)).toString('utf8')) as ImageConfig;
}

/** The platform a single image manifest is for, from its config. */
export async function manifestPlatform(
  client: RegistryClient,
  repository: string,
  manifest: FetchedManifest
): Promise<string> {
  return normalisedPlatform(await readConfig(client, repository, manifest));
}

/** Reads a reference's manifest (list) from the registry; undefined when the registry says it does not exist. */
export async function inspectRemote(reference: string): Promise<RemoteIndex | undefined> {
  const target = splitReference(reference);
  const manifest = await registryClient(target.registry).getManifest(target.repository, target.reference);
  if (!manifest) return undefined;
  const manifests = isIndex(manifest) ? ((manifest.json?.manifests as ManifestDescriptor[] | undefined) ?? []) : [];
  return {
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    manifests,
    annotations: (manifest.json?.annotations as Record<string, string> | undefined) ?? {}
  };
}

/**
 * The labels of an image (of its first platform, for an index): what the registry says it carries.
 * Given the index already read, it starts from there instead of reading it again.
 */
export async function inspectLabels(reference: string, index?: RemoteIndex): Promise<Record<string, string>> {
  const target = splitReference(reference);
  const client = registryClient(target.registry);
  const firstImage = (entries: ManifestDescriptor[] | undefined): ManifestDescriptor | undefined =>
    entries?.find((entry) => entry.platform && entry.platform.os !== 'unknown');
  let manifest: FetchedManifest | undefined;
  if (index && index.manifests.length > 0) {
    const first = firstImage(index.manifests);
    manifest = first ? await client.getManifest(target.repository, first.digest) : undefined;
  } else {
    manifest = await client.getManifest(target.repository, target.reference);
    if (manifest && isIndex(manifest)) {
      const first = firstImage(manifest.json?.manifests as ManifestDescriptor[] | undefined);
      manifest = first ? await client.getManifest(target.repository, first.digest) : undefined;
    }
  }
  return manifest ? ((await readConfig(client, target.repository, manifest)).config?.Labels ?? {}) : {};
}

/** The platforms a reference provides: the entries of an index, or the platform of a single image's config. */
export async function remotePlatforms(reference: string): Promise<string[] | undefined> {
  const target = splitReference(reference);
  const client = registryClient(target.registry);
  const manifest = await client.getManifest(target.repository, target.reference);
  if (!manifest) return undefined;
  if (isIndex(manifest))
    return indexPlatforms({ manifests: (manifest.json?.manifests as ManifestDescriptor[] | undefined) ?? [] });
  return [await manifestPlatform(client, target.repository, manifest)];
}
