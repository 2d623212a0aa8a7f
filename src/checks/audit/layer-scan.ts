// One layer read into a LayerScan: each tar entry's kind and, for regular files, the ELF header.
// tar-stream parses the archive (ustar, GNU and pax headers, base-256 sizes). Only what the
// platform's filesystem needs is kept: a path and kind per entry (any entry replaces what a lower
// layer had at its path), the ELF header of ELF files and the target of hard links; no sizes and
// no symlink targets, and no path or link name longer than Linux's PATH_MAX.
import { errorMessage } from '../../model/errors.js';
import * as tar from 'tar-stream';

type EntryHeader = tar.Header & { byteOffset?: number; type: string | null };
/** An entry's content as tar-stream hands it over (a streamx Readable). */
type EntryContent = tar.ExtractEvents['entry'][1];
import { ELF_HEAD_BYTES, readElfHeader } from './elf.js';
import { LimitReached, openLayer, sizeLimit, TIME_LIMIT } from './layer-bytes.js';
import { PlatformBudget, type ScanAllowance } from './scan-budget.js';
import type { ElfInfo } from '../../model/checks.js';

/** Bump when LayerScan changes shape or meaning, so cached scans of another scanner are not read. */
export const SCANNER_VERSION = 3;

/** Linux's PATH_MAX: no layer can be unpacked with a longer path, so a longer one is not kept, and ends the scan. */
const MAX_PATH_BYTES = 4096;
export const PATH_LIMIT = `a path or link name longer than ${MAX_PATH_BYTES} bytes`;

export interface AuditLimits {
  /** Tar entries of every kind (files, directories, links, whiteouts, devices), per platform. */
  maxFiles: number;
  /** Decompressed bytes, headers, padding and anything after the end-of-archive marker included. */
  maxBytes: number;
  /** The time bound: aborting it tears the blob streams down. */
  signal?: AbortSignal;
}

type LayerEntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other';

export interface LayerEntry {
  /** For a whiteout, the path it removes; for an opaque marker, the directory it empties. */
  path: string;
  /** other: devices, FIFOs and unknown tar types, which only replace what was at their path. */
  kind: LayerEntryKind;
  /** Decompressed offset where the entry's data ends: the size bound cuts at entries. */
  end: number;
  /** No longer kept (scanner 2 kept regular files' sizes); nothing reads it. */
  size?: number;
  /** Regular files that are ELF. */
  elf?: ElfInfo;
  /** Hard links: the normalised path linked to (a symlink's target is not kept: it changes nothing here). */
  linkTarget?: string;
}

/** What one layer holds, independent of the platform it is audited for: JSON, so it can be cached. */
export interface LayerScan {
  /** Every entry, in archive order. */
  entries: LayerEntry[];
  /** Regular files among them. */
  scannedFiles: number;
  /** Decompressed bytes read. */
  scannedBytes: number;
  /** Why the scan stopped early; entries then end where it stopped. */
  truncated?: string;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
const BLOCK = 512;

/** Absolute, without ./, // or a trailing slash. */
export function normalisePath(name: string): string {
  const segments: string[] = [];
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/**
 * Reads an entry's content through tar-stream's callbacks, keeping only the first ELF_HEAD_BYTES of
 * a regular file, and hands over the head once the content is read (so the archive moves on). No
 * async iterator per entry or per chunk: those promises cost more than the gunzip of small files.
 */
function readContent(stream: EntryContent, keepHead: boolean, done: (head: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  stream.on('data', (data) => {
    if (!keepHead || length >= ELF_HEAD_BYTES) return;
    const chunk = data as Buffer;
    chunks.push(chunk);
    length += chunk.length;
  });
  stream.on('end', () => done(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
}

/** One entry as the scan keeps it, from its header and, for a regular file, its first bytes. */
function describeEntry(header: EntryHeader, head: Buffer): LayerEntry {
  const size = header.size ?? 0;
  const end = (header.byteOffset ?? 0) + Math.ceil(size / BLOCK) * BLOCK;
  const path = normalisePath(header.name);
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const parent = path.slice(0, slash) || '/';
  if (isRegular(header) && !base.startsWith(WHITEOUT)) {
    const elf = readElfHeader(head.subarray(0, ELF_HEAD_BYTES));
    return { path, kind: 'file', end, ...(elf ? { elf } : {}) };
  }
  if (base === OPAQUE) return { path: parent, kind: 'opaque', end };
  if (base.startsWith(WHITEOUT))
    return { path: normalisePath(`${parent}/${base.slice(WHITEOUT.length)}`), kind: 'whiteout', end };
  const link = header.linkname ?? '';
  if (header.type === 'link') return { path, kind: 'hardlink', end, linkTarget: normalisePath(link) };
  if (header.type === 'symlink') return { path, kind: 'symlink', end };
  return { path, kind: header.type === 'directory' ? 'dir' : 'other', end };
}

const isRegular = (header: EntryHeader): boolean => header.type === 'file' || header.type === 'contiguous-file';

/** A name past PATH_MAX: tar-stream has it in memory already (up to its own 4 MiB), but it goes no further. */
const overlong = (header: EntryHeader): boolean =>
  Buffer.byteLength(header.name) > MAX_PATH_BYTES || Buffer.byteLength(header.linkname ?? '') > MAX_PATH_BYTES;

const tarProblem = (error: unknown): Error =>
  new Error(`not a readable tar archive: ${errorMessage(error)}`, { cause: error });

export const entryLimit = (limits: Pick<AuditLimits, 'maxFiles'>): string => `entry limit ${limits.maxFiles} reached`;

/**
 * Reads entries into `entries` while the allowance has room for one more; resolves with why it
 * stopped early, if it did, and rejects with the archive's error.
 */
function readEntries(
  extract: tar.Extract,
  allowance: ScanAllowance,
  limits: AuditLimits,
  entries: LayerEntry[]
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const stop = (reason: string): void => {
      resolve(reason);
      extract.destroy();
    };
    extract.on('entry', (header: EntryHeader, stream: EntryContent, next: () => void) => {
      // As tar-stream's own iterator does: an entry torn down with the archive reports through the archive.
      stream.on('error', () => undefined);
      if (overlong(header)) return stop(PATH_LIMIT);
      // Taken before the entry is read: layers read side by side share the platform's entries exactly.
      if (!allowance.takeEntry()) return stop(entryLimit(limits));
      readContent(stream, isRegular(header), (head) => {
        entries.push(describeEntry(header, head));
        next();
      });
    });
    extract.on('error', reject);
    extract.on('finish', () => resolve(undefined));
    // Destroyed without an error: stopped above, or torn down with the layer.
    extract.on('close', () => resolve(undefined));
  });
}

/**
 * Reads one layer (tar, optionally gzip or zstd) under an allowance: by default the limits whole,
 * in an audit its platform's budget, which its other layers spend too (a layer several platforms
 * have is read while any of them has room). Entries past it are left out and the scan says why it
 * stopped.
 */
export async function scanLayer(
  blob: NodeJS.ReadableStream,
  limits: AuditLimits,
  allowance: ScanAllowance = new PlatformBudget(limits)
): Promise<LayerScan> {
  const layer = openLayer(blob, allowance, limits.signal);
  // Old tar writers leave out the ustar magic; Go's archive/tar reads their layers too.
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  let stopped: string | undefined;
  let sourceError: Error | undefined;
  layer.tar.on('error', (error: Error) => {
    if (!(error instanceof LimitReached)) {
      sourceError = error;
      return extract.destroy(error);
    }
    // The counter knows only what this layer had left of the bound; the message names the bound.
    stopped ??= error.reason === TIME_LIMIT ? TIME_LIMIT : sizeLimit(limits.maxBytes);
    // Past the size bound, what came before it is still read whole; at the deadline nothing more is.
    if (error.reason === TIME_LIMIT) extract.destroy(error);
    else extract.end(undefined);
  });
  layer.tar.pipe(extract);
  const entries: LayerEntry[] = [];
  let truncated: string | undefined;
  try {
    truncated = await readEntries(extract, allowance, limits, entries);
  } catch (error) {
    // Once a bound stopped the read, the archive ending early is that bound's doing.
    if (stopped === undefined) throw error === sourceError ? error : tarProblem(error);
  } finally {
    layer.close();
  }
  // An entry whose data runs past what the size bound let through was not read whole.
  if (stopped !== undefined) while ((entries.at(-1)?.end ?? 0) > layer.bytes()) entries.pop();
  truncated ??= stopped;
  const scan: LayerScan = {
    entries,
    scannedFiles: entries.filter((entry) => entry.kind === 'file').length,
    scannedBytes: layer.bytes()
  };
  if (truncated) scan.truncated = truncated;
  return scan;
}
