// What the audit reads of an image in a registry: its platforms' manifests and their layers,
// through any reader with getManifest and getBlob (the registry client, or the job's session).
import { checkDigest } from '../../registry/document.js';
import { normalisedPlatform } from '../../registry/oci-reads.js';

export interface ManifestRead {
  digest: string;
  mediaType: string;
  json: unknown;
}

/** The two reads the audit needs from a registry. */
export interface RegistryReader {
  getManifest(repository: string, reference: string): Promise<ManifestRead | undefined>;
  getBlob(repository: string, digest: string): Promise<NodeJS.ReadableStream>;
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

/** A platform's manifest: read already (a single-platform image), or to be read by digest. */
export type PlatformEntry = { digest: string } | { manifest: ManifestRead };

const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const indexTypes = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
]);

const field = (json: unknown, name: string): unknown =>
  typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[name] : undefined;

function isIndexManifest(manifest: ManifestRead): boolean {
  return (
    indexTypes.has(manifest.mediaType) ||
    (manifest.mediaType === '' && Array.isArray(field(manifest.json, 'manifests')))
  );
}

/** Image entries of an index by platform, without attestations; the first entry wins on duplicates. */
function imageEntries(index: ManifestRead): Map<string, PlatformEntry> {
  const entries = new Map<string, PlatformEntry>();
  const manifests = field(index.json, 'manifests');
  for (const entry of Array.isArray(manifests) ? (manifests as Descriptor[]) : []) {
    const platform = entry?.platform;
    if (!platform?.os || !platform.architecture || typeof entry.digest !== 'string') continue;
    if (platform.os === 'unknown' || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
      continue;
    const key = normalisedPlatform(platform);
    if (!entries.has(key)) entries.set(key, { digest: entry.digest });
  }
  return entries;
}

/** Reads a small blob (an image config) whole, refusing one that is too large for one. */
async function readSmall(reader: RegistryReader, repository: string, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = await reader.getBlob(repository, digest);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > MAX_CONFIG_BYTES) {
      (stream as Partial<NodeJS.ReadableStream & { destroy(): void }>).destroy?.();
      throw new Error(`image config ${digest} is larger than ${MAX_CONFIG_BYTES} bytes`);
    }
  }
  return Buffer.concat(chunks);
}

/** The manifest of each platform an image (index or single manifest) holds. */
export async function platformEntries(
  reader: RegistryReader,
  repository: string,
  top: ManifestRead
): Promise<Map<string, PlatformEntry>> {
  if (isIndexManifest(top)) return imageEntries(top);
  const digest = field(field(top.json, 'config'), 'digest');
  if (typeof digest !== 'string') throw new Error(`manifest ${top.digest} has no config`);
  const config = JSON.parse((await readSmall(reader, repository, digest)).toString('utf8')) as Descriptor['platform'];
  return new Map([[normalisedPlatform(config ?? {}), { manifest: top }]]);
}

/** An entry's manifest, read when it is not yet; undefined when the registry lacks it. */
export async function entryManifest(
  reader: RegistryReader,
  repository: string,
  entry: PlatformEntry
): Promise<ManifestRead | undefined> {
  return 'manifest' in entry ? entry.manifest : reader.getManifest(repository, entry.digest);
}

// Layers that live outside the registry (Windows base layers) cannot be fetched from it.
const isForeignLayer = (layer: Descriptor): boolean => /foreign|nondistributable/.test(layer.mediaType ?? '');

/**
 * An image manifest's layer digests in order, or undefined when it is not an image manifest. A
 * digest that is not one (`sha256:../../x`) throws: it would become a request on another path.
 */
export function layerDigests(manifest: ManifestRead): string[] | undefined {
  const layers = field(manifest.json, 'layers');
  if (!Array.isArray(layers)) return undefined;
  const digests = (layers as Descriptor[]).filter((layer) => !isForeignLayer(layer)).map((layer) => layer.digest);
  for (const digest of digests) checkDigest(digest, `manifest ${manifest.digest} names a layer`);
  return digests;
}
