// Stand-ins: before a release's build into an OCI layout, an empty file in the layout's blobs for
// each layer that every target repository already has and the layout lacks. buildx's local content
// store takes a blob whose file exists as there, so BuildKit neither sends nor writes that layer: on
// a fresh runner the export writes only what the registry lacks (docs/performance.md, fresh runner).
// Which files are stand-ins is kept in the job's private directory (written before any is made) and
// in memory; the push never opens one (blob-transfer.ts), the checks read its layer from the
// registry (oci-layout.ts), and the stand-ins are removed when the step ends. An empty file is
// never a layer's content, so one left by a step that was killed is found and removed by the next
// job that holds the layout (sweepStandIns).
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDigestForm, isWellFormedDigest } from './document.js';

/**
 * The smallest layer worth a stand-in: a smaller one costs the export a moment to write and the
 * checks a read from disk, where a stand-in costs a HEAD before the build and, for the audit, a read
 * back from the registry (on the cached example, 3 MB in 8 layers, stand-ins made the step slower).
 */
export const STAND_IN_MIN_BYTES = 1024 * 1024;

/** The one digest whose content is empty: its file is the real thing, never a stand-in. */
export const EMPTY_BLOB_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const blobsDir = (layoutDir: string): string => path.join(layoutDir, 'blobs', 'sha256');
const hexOf = (digest: string): string => digest.slice('sha256:'.length);

/** The size of a file, or undefined when there is none. */
function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates an empty file only where none is; false when one was there already. */
function createEmpty(file: string): boolean {
  try {
    closeSync(openSync(file, 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Whether a layout has a file for a blob (sha256 only; anything else counts as absent). */
export const blobPresent =
  (layoutDir: string) =>
  (digest: string): boolean =>
    digest.startsWith('sha256:') &&
    isWellFormedDigest(digest) &&
    sizeOf(path.join(blobsDir(layoutDir), hexOf(digest))) !== undefined;

/** The stand-ins of one layout, as placed by this job. */
export class StandIns {
  private constructor(
    readonly layoutDir: string,
    /** The job's record of them (its private directory). */
    readonly recordFile: string,
    private readonly digests: ReadonlySet<string>
  ) {}

  /**
   * Places a stand-in for each layer (sha256 digests, every target repository has them) that the
   * layout lacks. The record names every one before the first file is made, so none is ever
   * unrecorded; a blob the layout has already is left as it is.
   */
  static place(layoutDir: string, layers: Iterable<string>, recordFile: string): StandIns {
    const dir = blobsDir(layoutDir);
    mkdirSync(dir, { recursive: true });
    const absent = [...new Set(layers)].filter((digest) => {
      checkDigestForm(digest, 'a layer to stand in for');
      return (
        digest.startsWith('sha256:') &&
        hexOf(digest) !== EMPTY_BLOB_HEX &&
        sizeOf(path.join(dir, hexOf(digest))) === undefined
      );
    });
    writeFileSync(recordFile, JSON.stringify({ layout: layoutDir, standIns: absent }), { mode: 0o600 });
    const placed: string[] = [];
    try {
      for (const digest of absent) if (createEmpty(path.join(dir, hexOf(digest)))) placed.push(digest);
    } catch (error) {
      // An empty file nobody knows for a stand-in would be taken for the layer: none stays.
      for (const digest of placed) rmSync(path.join(dir, hexOf(digest)), { force: true });
      throw error;
    }
    return new StandIns(layoutDir, recordFile, new Set(placed));
  }

  /** Whether the layout's file for this blob is a stand-in. */
  has(digest: string): boolean {
    return this.digests.has(digest);
  }

  get size(): number {
    return this.digests.size;
  }

  /** Removes every stand-in (a file that is no longer empty was written by BuildKit and stays), and the record. */
  remove(): number {
    let removed = 0;
    for (const digest of this.digests) {
      const file = path.join(blobsDir(this.layoutDir), hexOf(digest));
      if (sizeOf(file) !== 0) continue;
      rmSync(file, { force: true });
      removed++;
    }
    rmSync(this.recordFile, { force: true });
    return removed;
  }
}

/** Removes every empty blob file of a layout (stand-ins a killed step left behind); returns how many. */
export function sweepStandIns(layoutDir: string): number {
  const dir = blobsDir(layoutDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const hex of names) {
    if (hex === EMPTY_BLOB_HEX || sizeOf(path.join(dir, hex)) !== 0) continue;
    rmSync(path.join(dir, hex), { force: true });
    removed++;
  }
  return removed;
}
