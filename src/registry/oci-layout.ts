// The image as buildx exported it: an OCI layout on the runner's disk (type=oci,tar=false). The
// checks that need no registry read it here, and the push reads its blobs from here. A layer whose
// file is a stand-in (registry/stand-ins.ts) is never read from disk: the checks get it from the
// registry that has it, checked against its digest, and the push never opens it.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../model/errors.js';
import type { FetchedManifest } from './client.js';
import { checkDigestForm, parseDocument, verifyDigest } from './document.js';
import { documentLimits, type Descriptor } from '../model/oci.js';

/** The directory of the job's layout, under the job's own Docker config directory. */
export const LAYOUT_DIR = 'image-layout';

/** The layers whose files in the layout are stand-ins, and where their real bytes are. */
export interface StandInSource {
  isStandIn(digest: string): boolean;
  /** The layer's bytes from a registry that has it, checked against its digest as they arrive. */
  fetch(digest: string): Promise<NodeJS.ReadableStream>;
}

const noStandIns: StandInSource = {
  isStandIn: () => false,
  fetch: (digest) => Promise.reject(new Error(`${digest} is no stand-in`))
};

export class OciLayout {
  private readonly manifests = new Map<string, FetchedManifest>();

  private constructor(
    readonly dir: string,
    /** What the layout's index.json points at: the image index (or the one image manifest). */
    readonly top: Descriptor,
    private readonly standIns: StandInSource
  ) {}

  /** Opens a layout buildx wrote; its index.json must name exactly one image. */
  static open(dir: string, standIns: StandInSource = noStandIns): OciLayout {
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
    return new OciLayout(dir, top, standIns);
  }

  /**
   * Opens the image `digest` of a layout buildx is still writing: its export is done (every blob
   * is in), index.json may not be yet, and a kept layout's still names the last build's image.
   */
  static openImage(dir: string, digest: string, standIns: StandInSource = noStandIns): OciLayout {
    checkDigestForm(digest, `the image buildx exported into ${dir}`);
    const layout = new OciLayout(dir, { digest }, standIns);
    const top = layout.topManifest();
    return new OciLayout(dir, { mediaType: top.mediaType, digest, size: top.size }, standIns);
  }

  /** The file of a blob; the digest's form is checked first, so it cannot name a path elsewhere. */
  blobPath(digest: string): string {
    checkDigestForm(digest, `a blob of the OCI layout at ${this.dir}`);
    const [algorithm = '', hex = ''] = digest.split(':');
    return path.join(this.dir, 'blobs', algorithm, hex);
  }

  /** Whether the layout holds the blob: a partial layout (a streamed export) keeps only some; a stand-in is none. */
  hasBlob(digest: string): boolean {
    return !this.standIns.isStandIn(digest) && existsSync(this.blobPath(digest));
  }

  /** Whether the blob's file is a stand-in: its bytes are in the registry, not here. */
  isStandIn(digest: string): boolean {
    return this.standIns.isStandIn(digest);
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
   * A blob's bytes, for the checks: from disk, or a stand-in's from the registry that has it (checked
   * against its digest there).
   */
  getBlob(_repository: string, digest: string): Promise<NodeJS.ReadableStream> {
    return this.standIns.isStandIn(digest) ? this.standIns.fetch(digest) : this.openLocalBlob(digest);
  }

  /**
   * A blob's bytes from disk, for the push. They are buildx's own output, so they are not hashed
   * here: the registry checks the digest of every blob pushed. A stand-in's empty file is refused.
   */
  openLocalBlob(digest: string): Promise<NodeJS.ReadableStream> {
    if (this.standIns.isStandIn(digest))
      return Promise.reject(
        new Error(`blob ${digest} of the OCI layout at ${this.dir} is a stand-in, not its content`)
      );
    return Promise.resolve(createReadStream(this.blobPath(digest), { highWaterMark: 1024 * 1024 }));
  }
}
