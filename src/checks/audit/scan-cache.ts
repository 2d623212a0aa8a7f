// Layer scans kept between runs, by layer digest, only where no other user can plant one: a directory
// the runner's user owns with no access for anyone else, under the tool cache (or the user's cache).
import { errorMessage } from '../../model/errors.js';
import { createHash, randomUUID } from 'node:crypto';
import { opendirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { privateCacheDir, privateDir } from '../../seams/private-dir.js';
import * as path from 'node:path';
import { isWellFormedDigest } from '../../registry/document.js';
import { SCANNER_VERSION, type LayerEntry, type LayerScan } from './layer-scan.js';
import type { ScanStore } from './layer-scanner.js';

export interface ScanCache extends ScanStore {
  readonly dir: string;
}

/** Where layer scans would be kept; undefined when there is no private place to keep them. */
export function auditCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return privateCacheDir('arch-audit', env);
}

/** Whether this runner has kept no scan at all (a hosted runner, in every job): one directory entry read at most. */
export function scanCacheEmpty(env: NodeJS.ProcessEnv = process.env): boolean {
  const dir = auditCacheDir(env);
  if (!dir) return true;
  try {
    const entries = opendirSync(dir);
    try {
      return entries.readSync() === null;
    } finally {
      entries.closeSync();
    }
  } catch {
    return true;
  }
}

const fileFor = (dir: string, digest: string): string =>
  path.join(dir, `${createHash('sha256').update(digest).digest('hex')}.json`);

const entryKinds = new Set<string>(['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other']);
const elfTypes = new Set<string>(['executable', 'shared', 'relocatable', 'core', 'other']);

function isEntry(item: unknown): boolean {
  const entry = item as Partial<LayerEntry> | null;
  if (typeof entry !== 'object' || entry === null) return false;
  const elf = entry.elf;
  const elfOk =
    elf === undefined ||
    (typeof elf === 'object' &&
      elf !== null &&
      typeof elf.machine === 'string' &&
      (elf.bits === 32 || elf.bits === 64) &&
      typeof elf.littleEndian === 'boolean' &&
      elfTypes.has(elf.type));
  return (
    typeof entry.path === 'string' &&
    entryKinds.has(entry.kind ?? '') &&
    Number.isSafeInteger(entry.end) &&
    (entry.size === undefined || Number.isSafeInteger(entry.size)) &&
    (entry.linkTarget === undefined || typeof entry.linkTarget === 'string') &&
    elfOk
  );
}

/** Whether parsed JSON is a LayerScan, so a damaged cache file is read as a miss, not as an empty layer. */
export function isLayerScan(value: unknown): value is LayerScan {
  const scan = value as Partial<LayerScan> | null;
  if (typeof scan !== 'object' || scan === null || !Array.isArray(scan.entries)) return false;
  if (!Number.isSafeInteger(scan.scannedFiles) || !Number.isSafeInteger(scan.scannedBytes)) return false;
  if (scan.truncated !== undefined && typeof scan.truncated !== 'string') return false;
  return scan.entries.every(isEntry);
}

interface ScanRecord {
  scanner: number;
  digest: string;
  scan: LayerScan;
}

/**
 * The scan cache, or undefined (with the reason passed to `why`) when no private directory is
 * available: scans are then read from the registry every time.
 */
export function openScanCache(
  env: NodeJS.ProcessEnv = process.env,
  why: (reason: string) => void = () => undefined,
  uid: number = process.getuid?.() ?? -1
): ScanCache | undefined {
  const dir = auditCacheDir(env);
  let problem: string | undefined = dir ? undefined : 'neither RUNNER_TOOL_CACHE nor HOME is set';
  try {
    problem ??= privateDir(dir as string, uid);
  } catch (error) {
    problem = errorMessage(error);
  }
  if (problem || !dir) {
    why(problem ?? '');
    return undefined;
  }
  return {
    dir,
    read(digest) {
      // Only a digest names a cache file (hashed, so nothing else could leave the directory anyway).
      if (!isWellFormedDigest(digest)) return undefined;
      try {
        const record = JSON.parse(readFileSync(fileFor(dir, digest), 'utf8')) as Partial<ScanRecord> | null;
        // A record of another layer or another scanner says nothing about this one.
        if (record?.scanner !== SCANNER_VERSION || record.digest !== digest) return undefined;
        return isLayerScan(record.scan) ? record.scan : undefined;
      } catch {
        return undefined;
      }
    },
    write(digest, scan) {
      if (!isWellFormedDigest(digest)) return;
      const file = fileFor(dir, digest);
      const temporary = `${file}.${process.pid}.${randomUUID()}`;
      const record: ScanRecord = { scanner: SCANNER_VERSION, digest, scan };
      try {
        // Written whole then renamed, so a parallel job never reads half a file.
        writeFileSync(temporary, JSON.stringify(record), { mode: 0o600 });
        renameSync(temporary, file);
      } catch {
        // A cache that cannot be written only costs the next run a re-read.
        rmSync(temporary, { force: true });
      }
    }
  };
}
