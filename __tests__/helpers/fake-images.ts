// Images stored straight into a FakeRegistry, by digest and untagged unless a tag is given: what a
// build job would have pushed, for the push, promotion and merge tests.
import { sha256, type FakeRegistry } from './fake-registry.js';

export const ociIndexType = 'application/vnd.oci.image.index.v1+json';
export const ociManifestType = 'application/vnd.oci.image.manifest.v1+json';
export const dockerManifestType = 'application/vnd.docker.distribution.manifest.v2+json';

export interface StoredImage {
  digest: string;
  size: number;
  mediaType: string;
  /** Every blob digest of the image (configs and layers). */
  blobs: string[];
  /** Bytes of those blobs, in all. */
  bytes: number;
}

export interface ImageSpec {
  os?: string;
  architecture: string;
  variant?: string;
  mediaType?: string;
  /** Only for telling otherwise equal images apart. */
  salt?: string;
}

/** One image manifest with its config and one layer, stored by digest in `repository`. */
export function addImageManifest(fake: FakeRegistry, repository: string, spec: ImageSpec): StoredImage {
  const platform = {
    os: spec.os ?? 'linux',
    architecture: spec.architecture,
    ...(spec.variant ? { variant: spec.variant } : {})
  };
  const config = JSON.stringify({ ...platform, salt: spec.salt ?? '' });
  const layer = `layer of ${JSON.stringify(platform)} ${spec.salt ?? ''}`.repeat(50);
  const blobs = [fake.addBlob(repository, config), fake.addBlob(repository, layer)];
  const mediaType = spec.mediaType ?? ociManifestType;
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: blobs[0], size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: blobs[1], size: layer.length }]
    })
  );
  const digest = fake.putManifest(repository, sha256(body), body, { contentType: mediaType });
  return { digest, size: body.length, mediaType, blobs, bytes: config.length + layer.length };
}

/**
 * An index of one image per platform plus an attestation manifest for each, as buildx makes it,
 * stored by digest (and under `tag` when given).
 */
export function addIndex(
  fake: FakeRegistry,
  repository: string,
  platforms: ImageSpec[],
  options: { tag?: string; annotations?: Record<string, string> } = {}
): StoredImage & { images: StoredImage[] } {
  const images = platforms.map((spec) => addImageManifest(fake, repository, spec));
  const attestations = images.map((image, index) =>
    addImageManifest(fake, repository, {
      os: 'unknown',
      architecture: 'unknown',
      salt: `attestation ${index} ${image.digest}`
    })
  );
  const manifests = [
    ...images.map((image, index) => {
      const spec = platforms[index] as ImageSpec;
      const platform = {
        os: spec.os ?? 'linux',
        architecture: spec.architecture,
        ...(spec.variant ? { variant: spec.variant } : {})
      };
      return { mediaType: image.mediaType, digest: image.digest, size: image.size, platform };
    }),
    ...attestations.map((attestation, index) => ({
      mediaType: attestation.mediaType,
      digest: attestation.digest,
      size: attestation.size,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: {
        'vnd.docker.reference.type': 'attestation-manifest',
        'vnd.docker.reference.digest': images[index]?.digest ?? ''
      }
    }))
  ];
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: ociIndexType,
      manifests,
      ...(options.annotations ? { annotations: options.annotations } : {})
    })
  );
  const digest = fake.putManifest(repository, options.tag ?? sha256(body), body, { contentType: ociIndexType });
  const all = [...images, ...attestations];
  return {
    digest,
    size: body.length,
    mediaType: ociIndexType,
    blobs: all.flatMap(({ blobs }) => blobs),
    bytes: all.reduce((sum, image) => sum + image.bytes, 0),
    images: all
  };
}

/** Every tag the fake registry holds in a repository (manifests stored under a name that is not a digest). */
export function tagsIn(fake: FakeRegistry, repository: string): string[] {
  return [...fake.manifests.keys()]
    .filter((key) => key.startsWith(`${repository}/`) && !key.slice(repository.length + 1).includes(':'))
    .map((key) => key.slice(repository.length + 1))
    .sort();
}
