// OCI layouts written the way buildx's type=oci,tar=false exporter writes them: blobs by digest
// under blobs/sha256/, and index.json naming the one image (an index, or a single manifest).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar-stream';

export const sha256 = (content: Buffer | string): string =>
  `sha256:${createHash('sha256').update(content).digest('hex')}`;

export interface LayoutPlatform {
  os?: string;
  architecture: string;
  variant?: string;
  /** Layer contents; one small text layer when absent. */
  layers?: (Buffer | string)[];
}

export interface WrittenLayout {
  dir: string;
  /** The digest of the top index (or of the one manifest). */
  digest: string;
  /** Image manifest digests, one per platform, in order. */
  images: string[];
  blobs: string[];
}

function writeBlob(dir: string, content: Buffer | string): { digest: string; size: number } {
  const digest = sha256(content);
  mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), content);
  return { digest, size: Buffer.byteLength(content) };
}

/** Writes an image for each platform, in an index unless `single` (one platform, no index). */
export function writeLayout(
  dir: string,
  platforms: LayoutPlatform[],
  options: { single?: boolean } = {}
): WrittenLayout {
  const blobs: string[] = [];
  const manifests = platforms.map((spec) => {
    const platform = {
      os: spec.os ?? 'linux',
      architecture: spec.architecture,
      ...(spec.variant ? { variant: spec.variant } : {})
    };
    const config = writeBlob(dir, JSON.stringify({ ...platform, rootfs: { type: 'layers' } }));
    const layers = (spec.layers ?? [`files of ${JSON.stringify(platform)}`]).map((content) => writeBlob(dir, content));
    blobs.push(config.digest, ...layers.map(({ digest }) => digest));
    const manifest = writeBlob(
      dir,
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: layers.map((layer) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }))
      })
    );
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform };
  });
  const top =
    options.single && manifests[0]
      ? manifests[0]
      : {
          mediaType: 'application/vnd.oci.image.index.v1+json',
          ...writeBlob(
            dir,
            JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })
          )
        };
  writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [top] })
  );
  writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  return { dir, digest: top.digest, images: manifests.map(({ digest }) => digest), blobs };
}

/**
 * A layout as buildx's type=oci,dest=- writes it on stdout: a tar whose entries are sorted by name,
 * so the blobs (manifests, configs and layers mixed, in digest order) come before index.json.
 */
export async function packLayout(dir: string): Promise<Buffer> {
  const hexes = readdirSync(path.join(dir, 'blobs', 'sha256')).sort();
  const pack = tar.pack();
  pack.entry({ name: 'blobs/', type: 'directory' });
  pack.entry({ name: 'blobs/sha256/', type: 'directory' });
  for (const name of [...hexes.map((hex) => `blobs/sha256/${hex}`), 'index.json', 'oci-layout'])
    pack.entry({ name }, readFileSync(path.join(dir, name)));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
