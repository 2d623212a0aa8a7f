// OCI content as registries and layouts hold it: one set of descriptor and document types.

export const mediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
} as const;

/** The two media types of a document that lists images: an OCI image index and a Docker manifest list. */
export const indexMediaTypes: ReadonlySet<string> = new Set([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);

const MiB = 1024 * 1024;

/** The most of an OCI document this action keeps in memory, wherever it reads one (registry, layout, tar). */
export const documentLimits = {
  /** A manifest or index: the common limit of registries (distribution, GHCR, ECR). */
  manifest: 4 * MiB,
  /** An image config, read whole. */
  config: 4 * MiB
} as const;

export interface OciPlatform {
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: OciPlatform;
  annotations?: Record<string, string>;
  urls?: string[];
}

/** An image index, a manifest list or an image manifest: which fields are set says which. */
export interface OciDocument {
  schemaVersion?: number;
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}
