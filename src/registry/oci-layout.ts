// The image as buildx exported it: an OCI layout on the runner's disk (type=oci,tar=false). The
// checks that need no registry read it here, and the push reads its blobs from here.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../model/errors.js';
import type { FetchedManifest } from './client.js';
import { checkDigestForm, parseDocument, verifyDigest } from './document.js';
import { documentLimits, type Descriptor } from '../model/oci.js';

/** The directory of the job's layout, under the job's own Docker config directory. */
export const LAYOUT_DIR = 'image-layout';

export class OciLayout {
  private readonly manifests = new Map<string, FetchedManifest>();

  private constructor(
    readonly dir: string,
    /** What the layout's index.json points at: the image index (or the one image manifest). */
    readonly top: Descriptor
  ) {}

  /** Opens a layout buildx wrote; its index.json must name exactly one image. */
  static open(dir: string): OciLayout {
    const indexFile = path.join(dir, 'index.json');
    let entries: Descriptor[];
    try {
      entries = parseDocument(readFileSync(indexFile), `${indexFile}`).manifests ?? [];
    } catch (error) {
      throw new Error(`buildx wrote no readable OCI layout at ${dir}: ${errorMessage(error)}`, { cause: error });
    }
    const [top] = entries;
    if (entries.length !== 1 || !top || typeof top.digest !== 'string')
      throw new Error(`the OCI layout at ${dir} names ${entries.length} images in index.json, expected one`);
    checkDigestForm(top.digest, `the OCI layout's index.json`);
    return new OciLayout(dir, top);
  }

  /** The file of a blob; the digest's form is checked first, so it cannot name a path elsewhere. */
  blobPath(digest: string): string {
    checkDigestForm(digest, `a blob of the OCI layout at ${this.dir}`);
    const [algorithm = '', hex = ''] = digest.split(':');
    return path.join(this.dir, 'blobs', algorithm, hex);
  }

  /** Whether the layout holds the blob: a partial layout (a streamed export) keeps only some. */
  hasBlob(digest: string): boolean {
    return existsSync(this.blobPath(digest));
  }

  blobSize(digest: string): number {
    return statSync(this.blobPath(digest)).size;
  }

  /** A manifest or index of the layout by digest, checked against it; undefined when the layout lacks it. */
  getManifest(_repository: string, digest: string): Promise<FetchedManifest | undefined> {
    return new Promise((resolve) => resolve(this.readManifest(digest)));
  }

  private readManifest(digest: string): FetchedManifest | undefined {
    const known = this.manifests.get(digest);
    if (known) return known;
    const file = this.blobPath(digest);
    let bytes: Buffer;
    try {
      if (statSync(file).size > documentLimits.manifest)
        throw new Error(`manifest ${digest} is larger than ${documentLimits.manifest} bytes`);
      bytes = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    verifyDigest(bytes, digest, `The OCI layout's manifest ${digest}`);
    const json = parseDocument(bytes, `The OCI layout's manifest ${digest}`);
    const mediaType = json.mediaType ?? (digest === this.top.digest ? (this.top.mediaType ?? '') : '');
    const manifest = { digest, mediaType, bytes, json, size: bytes.length };
    this.manifests.set(digest, manifest);
    return manifest;
  }

  /** The top image of the layout. */
  topManifest(): FetchedManifest {
    const manifest = this.readManifest(this.top.digest);
    if (!manifest) throw new Error(`the OCI layout at ${this.dir} lacks its image ${this.top.digest}`);
    return manifest;
  }

  /**
   * A blob's bytes from disk. They are buildx's own output, so they are not hashed here: the
   * registry checks the digest of every blob pushed.
   */
  getBlob(_repository: string, digest: string): Promise<NodeJS.ReadableStream> {
    return Promise.resolve(createReadStream(this.blobPath(digest), { highWaterMark: 1024 * 1024 }));
  }
}
