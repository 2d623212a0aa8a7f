// What the audit reads of an image in a registry: its platforms' manifests and their layers,
// through any reader with getManifest and getBlob (the registry client, or the job's session).
import type { FetchedManifest } from '../../registry/client.js';
import { checkDigest, imageEntries, normalisedPlatform } from '../../registry/document.js';
import { isIndex, readSmallBlob, type RegistryReader } from '../../registry/oci-reads.js';
import type { Descriptor, OciPlatform } from '../../model/oci.js';

/** What the audit reads of a manifest: a registry's, or the OCI layout's on disk. */
export type ManifestRead = Pick<FetchedManifest, 'digest' | 'mediaType' | 'json'>;

/** A platform's manifest: read already (a single-platform image), or to be read by digest. */
export type PlatformEntry = { digest: string } | { manifest: ManifestRead };

/** Image entries of an index by platform, without attestations; the first entry wins on duplicates. */
function indexEntries(index: ManifestRead): Map<string, PlatformEntry> {
  const entries = new Map<string, PlatformEntry>();
  const manifests = Array.isArray(index.json.manifests) ? index.json.manifests : [];
  for (const [platform, { digest }] of imageEntries(manifests)) entries.set(platform, { digest });
  return entries;
}

/** The manifest of each platform an image (index or single manifest) holds. */
export async function platformEntries(
  reader: RegistryReader,
  repository: string,
  top: ManifestRead
): Promise<Map<string, PlatformEntry>> {
  if (isIndex(top)) return indexEntries(top);
  const digest = top.json.config?.digest;
  if (typeof digest !== 'string') throw new Error(`manifest ${top.digest} has no config`);
  const config = JSON.parse((await readSmallBlob(reader, repository, digest)).toString('utf8')) as OciPlatform | null;
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
  const layers = manifest.json.layers;
  if (!Array.isArray(layers)) return undefined;
  const digests = layers.filter((layer) => !isForeignLayer(layer)).map((layer) => layer.digest);
  for (const digest of digests) checkDigest(digest, `manifest ${manifest.digest} names a layer`);
  return digests;
}
