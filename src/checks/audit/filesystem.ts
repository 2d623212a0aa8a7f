// A platform's final filesystem from its layer scans in order (whiteouts, opaque directories,
// hard links), and the executables in it built for another architecture.
import { formatPlatform, type Platform } from '../../model/platforms.js';
import { expectedMachine, isMismatch } from './elf.js';
import { ignoreMatcher } from './ignore.js';
import { sizeLimit } from './layer-bytes.js';
import type { AuditLimits, LayerEntry, LayerScan } from './layer-scan.js';
import type { ElfInfo } from '../../model/checks.js';
import type { AuditFinding, AuditResult } from '../../model/checks.js';

interface LayerChanges {
  /** Paths removed with everything below them (whiteouts). */
  removed: string[];
  /** Directories whose lower contents are hidden (opaque whiteouts). */
  opaque: string[];
  /** This layer's entries; an ElfInfo object is the file's identity (hard links share it), null is anything else. */
  entries: Map<string, ElfInfo | null>;
  directories: Set<string>;
}

/** The final filesystem, keeping only ELF files since nothing else is reported. */
class LayeredFiles {
  readonly elf = new Map<string, ElfInfo>();
  private readonly directories = new Set<string>();

  apply(changes: LayerChanges): void {
    for (const path of changes.removed) this.removeTree(path);
    for (const path of changes.opaque) this.removeBelow(path);
    for (const [path, info] of changes.entries) {
      if (changes.directories.has(path)) {
        this.elf.delete(path);
        continue;
      }
      // A file or link replaces a lower directory of the same name.
      this.removeTree(path);
      if (info) {
        this.elf.set(path, info);
        for (let parent = path; parent !== '/';) {
          parent = parent.slice(0, parent.lastIndexOf('/')) || '/';
          this.directories.add(parent);
        }
      }
    }
  }

  private removeTree(path: string): void {
    this.elf.delete(path);
    this.removeBelow(path);
  }

  private removeBelow(path: string): void {
    if (!this.directories.has(path)) return;
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const key of this.elf.keys()) if (key.startsWith(prefix)) this.elf.delete(key);
  }
}

function record(changes: LayerChanges, files: LayeredFiles, entry: LayerEntry): void {
  if (entry.kind === 'opaque') {
    changes.opaque.push(entry.path);
  } else if (entry.kind === 'whiteout') {
    changes.removed.push(entry.path);
  } else if (entry.kind === 'file') {
    // A fresh object per file: identity marks hard links, and one scan may be applied twice.
    changes.entries.set(entry.path, entry.elf ? { ...entry.elf } : null);
  } else if (entry.kind === 'hardlink') {
    const target = entry.linkTarget ?? '';
    const info = changes.entries.has(target) ? changes.entries.get(target) : files.elf.get(target);
    changes.entries.set(entry.path, info ?? null);
  } else {
    changes.entries.set(entry.path, null);
    if (entry.kind === 'dir') changes.directories.add(entry.path);
  }
}

/**
 * Applies scanned layers in order and lists the executables and shared objects built for another
 * architecture than `platform`. With limits, entries past maxFiles or maxBytes, counted across the
 * layers, are left out as unread.
 */
export function composeAudit(
  platform: Platform,
  scans: readonly LayerScan[],
  ignoreGlobs: readonly string[],
  limits?: Pick<AuditLimits, 'maxFiles' | 'maxBytes'>
): AuditResult {
  const expected = expectedMachine(platform);
  const name = formatPlatform(platform);
  if (!expected) throw new Error(`No ELF architecture is known for ${name}, so its files cannot be audited`);
  const ignored = ignoreMatcher(ignoreGlobs);
  const files = new LayeredFiles();
  const counted = { entries: 0, files: 0, bytes: 0 };
  let truncated: string | undefined;

  for (const scan of scans) {
    const changes: LayerChanges = { removed: [], opaque: [], entries: new Map(), directories: new Set() };
    let readTo = 0;
    for (const entry of scan.entries) {
      if (limits && counted.entries >= limits.maxFiles) truncated = `entry limit ${limits.maxFiles} reached`;
      else if (limits && counted.bytes + entry.end > limits.maxBytes) truncated = sizeLimit(limits.maxBytes);
      if (truncated) break;
      counted.entries++;
      readTo = entry.end;
      if (entry.kind === 'file') counted.files++;
      record(changes, files, entry);
    }
    // Whatever was read of a truncated layer still counts.
    files.apply(changes);
    counted.bytes += truncated ? readTo : scan.scannedBytes;
    if (!truncated && limits && counted.bytes > limits.maxBytes) truncated = sizeLimit(limits.maxBytes);
    truncated ??= scan.truncated;
    if (truncated) break;
  }

  const reported = new Set<ElfInfo>();
  const seen = new Set<ElfInfo>();
  const mismatches: AuditFinding[] = [];
  for (const [path, info] of files.elf) {
    seen.add(info);
    if (reported.has(info) || !isMismatch(info, expected) || ignored(path)) continue;
    reported.add(info);
    mismatches.push({ path, info: { ...info } });
  }
  const result: AuditResult = {
    platform: name,
    scannedEntries: counted.entries,
    scannedFiles: counted.files,
    scannedBytes: counted.bytes,
    elfFiles: seen.size,
    mismatches
  };
  if (truncated) result.truncated = truncated;
  return result;
}
