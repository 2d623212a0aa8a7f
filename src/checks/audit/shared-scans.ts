// Layer scans shared between runners (through the GitHub Actions cache): one JSON bundle per saved
// entry, each record bound to its layer digest and to the rules that made it. What is shared is what
// a layer holds (its entries and ELF headers), never a verdict: each run judges the scans again under
// its own platforms, ignore patterns and limits, so those cannot go stale. Only complete scans are
// shared (a truncated one depends on the limits and the clock). A record made by another scanner or
// another build of the action, or filed under a digest it does not name, is not read.
import { createHash } from 'node:crypto';
import { isWellFormedDigest } from '../../registry/document.js';
import { SCANNER_VERSION, type LayerScan } from './layer-scan.js';
import { isLayerScan } from './scan-cache.js';

/** Bump when the bundle changes shape. */
export const SHARED_FORMAT = 1;

/** Tar entries kept in one bundle, over all its layers: this run's layers first, then the newest others. */
const MAX_SHARED_ENTRIES = 300_000;

interface SharedRecord {
  digest: string;
  rules: string;
  scan: LayerScan;
}

export interface SharedBundle {
  format: number;
  rules: string;
  records: Record<string, SharedRecord>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The fingerprint of the rules a scan was made under: the bundle's format, the scanner's version
 * and the action's own code (a hash of the bundle that runs), so a scan made by any other build of
 * the action is never read, even one that forgot to bump SCANNER_VERSION.
 */
export function auditRules(code: string): string {
  return sha256(JSON.stringify({ format: SHARED_FORMAT, scanner: SCANNER_VERSION, code }));
}

/** Every entry of one fingerprint shares this prefix: a restore finds the newest of them. */
export const keyPrefix = (rules: string): string => `multiarch-build-push-audit-${rules.slice(0, 24)}-`;

/** Entries are immutable, so each bundle gets a key of its own: the prefix and its content's hash. */
export const bundleKey = (rules: string, text: string): string => `${keyPrefix(rules)}${sha256(text).slice(0, 24)}`;

/** What a restored bundle holds that this run may trust, and how many records it refused. */
export interface TrustedScans {
  scans: Map<string, LayerScan>;
  ignored: number;
}

/** What may be looked up in the scans restored from the cache. */
export interface ScanLookup {
  get(digest: string): LayerScan | undefined;
  has(digest: string): boolean;
  /** Scans on offer. */
  readonly size: number;
}

interface BoundRecord {
  digest: string;
  rules: string;
  scan: { entries: unknown[]; truncated?: unknown };
}

/** Bound to the layer it is filed under and to these rules, or it says nothing about this layer (a cheap check). */
function bound(key: string, record: unknown, rules: string): record is BoundRecord {
  const value = record as Partial<SharedRecord> | null;
  if (typeof value !== 'object' || value === null) return false;
  if (value.digest !== key || !isWellFormedDigest(key) || value.rules !== rules) return false;
  const scan = value.scan as Partial<LayerScan> | null | undefined;
  return typeof scan === 'object' && scan !== null && Array.isArray(scan.entries) && scan.truncated === undefined;
}

/**
 * A restored bundle. Every record is checked for its binding (its layer digest and these rules) as
 * the bundle is opened, which costs nothing per entry; a record's scan is checked entry by entry only
 * when the audit looks its layer up, so a bundle of many layers costs the audit only the ones it needs.
 */
export class RestoredBundle implements ScanLookup {
  /** Records bound to their digest and to these rules, their scans not checked yet. */
  private readonly bound = new Map<string, BoundRecord>();
  private readonly looked = new Map<string, LayerScan | undefined>();
  /** Records refused: not bound, or (once looked up) not a scan. A bundle that cannot be read counts one. */
  ignored = 0;
  /** Records whose scan was checked entry by entry. */
  checked = 0;

  constructor(text: string, rules: string) {
    let parsed: Partial<SharedBundle> | null;
    try {
      parsed = JSON.parse(text) as Partial<SharedBundle> | null;
    } catch {
      this.ignored = 1;
      return;
    }
    const records = parsed?.records;
    if (typeof records !== 'object' || records === null || Array.isArray(records)) {
      this.ignored = 1;
      return;
    }
    for (const [key, record] of Object.entries(records)) {
      if (parsed?.format === SHARED_FORMAT && bound(key, record, rules)) this.bound.set(key, record);
      else this.ignored++;
    }
  }

  /** Records bound to this audit: what the bundle offers. */
  get size(): number {
    return this.bound.size;
  }

  get(digest: string): LayerScan | undefined {
    if (this.looked.has(digest)) return this.looked.get(digest);
    const record = this.bound.get(digest);
    let scan: LayerScan | undefined;
    if (record) {
      this.checked++;
      if (isLayerScan(record.scan)) scan = record.scan;
      else this.ignored++;
    }
    this.looked.set(digest, scan);
    return scan;
  }

  has(digest: string): boolean {
    return this.get(digest) !== undefined;
  }

  /**
   * What a save carries on from this bundle: the bound records, newest first as restored. Their
   * scans go on unchecked when this run did not need them, under the same digest and rules, so
   * whoever looks one up checks it as this run would have.
   */
  carried(): Map<string, LayerScan> {
    const records = new Map<string, LayerScan>();
    for (const [digest, record] of this.bound) {
      const scan = this.looked.has(digest) ? this.looked.get(digest) : (record.scan as LayerScan);
      if (scan) records.set(digest, scan);
    }
    return records;
  }
}

/** Reads a whole bundle: only records bound to their digest and to `rules` are kept; the rest are counted, never used. */
export function readBundle(text: string, rules: string): TrustedScans {
  const bundle = new RestoredBundle(text, rules);
  const scans = new Map<string, LayerScan>();
  for (const digest of bundle.carried().keys()) {
    const scan = bundle.get(digest);
    if (scan) scans.set(digest, scan);
  }
  return { scans, ignored: bundle.ignored };
}

/**
 * The bundle a run saves: the scans it audited (in the order it met them), then what it restored,
 * newest first, while the bundle stays under `maxEntries` tar entries. Truncated scans are left out.
 */
export function mergeBundle(
  rules: string,
  used: ReadonlyMap<string, LayerScan>,
  restored: ReadonlyMap<string, LayerScan>,
  maxEntries = MAX_SHARED_ENTRIES
): SharedBundle {
  const records: Record<string, SharedRecord> = {};
  let entries = 0;
  for (const [digest, scan] of [...used, ...restored]) {
    if (digest in records || scan.truncated !== undefined || !isWellFormedDigest(digest)) continue;
    if (entries + scan.entries.length > maxEntries) continue;
    entries += scan.entries.length;
    records[digest] = { digest, rules, scan };
  }
  return { format: SHARED_FORMAT, rules, records };
}

/** What a run's save would add to the restored scans, and whether it is worth the rewrite. */
export interface ShareDecision {
  /** Complete scans this run used that the restore did not have. */
  added: number;
  /** Their decompressed bytes: what later runs would read again without them. */
  addedBytes: number;
  share: boolean;
}

/**
 * A save rewrites the whole bundle (serialised, archived, compressed, uploaded), so a run saves only
 * when what it adds took more bytes to read than the restored bundle holds. A rebuild that changed
 * one small layer then saves nothing: later runs read that layer again, for less than the save costs.
 * With nothing restored, any complete scan is worth saving.
 */
export function shareDecision(
  used: ReadonlyMap<string, LayerScan>,
  restored: Pick<ScanLookup, 'has'>,
  restoredBytes: number
): ShareDecision {
  let added = 0;
  let addedBytes = 0;
  for (const [digest, scan] of used) {
    if (scan.truncated !== undefined || restored.has(digest)) continue;
    added++;
    addedBytes += scan.scannedBytes;
  }
  return { added, addedBytes, share: added > 0 && addedBytes >= restoredBytes };
}
