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

function trusted(key: string, record: unknown, rules: string): LayerScan | undefined {
  const value = record as Partial<SharedRecord> | null;
  if (typeof value !== 'object' || value === null) return undefined;
  // Bound to the layer it is filed under and to these rules, or it says nothing about this layer.
  if (value.digest !== key || !isWellFormedDigest(key) || value.rules !== rules) return undefined;
  if (!isLayerScan(value.scan) || value.scan.truncated !== undefined) return undefined;
  return value.scan;
}

/** Reads a bundle: only records bound to their digest and to `rules` are kept; the rest are counted, never used. */
export function readBundle(text: string, rules: string): TrustedScans {
  const scans = new Map<string, LayerScan>();
  let parsed: Partial<SharedBundle> | null;
  try {
    parsed = JSON.parse(text) as Partial<SharedBundle> | null;
  } catch {
    return { scans, ignored: 1 };
  }
  const records = parsed?.records;
  if (typeof records !== 'object' || records === null || Array.isArray(records)) return { scans, ignored: 1 };
  let ignored = 0;
  for (const [key, record] of Object.entries(records)) {
    const scan = parsed?.format === SHARED_FORMAT ? trusted(key, record, rules) : undefined;
    if (scan) scans.set(key, scan);
    else ignored++;
  }
  return { scans, ignored };
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

/** Whether a bundle would tell later runs something the restored one did not. */
export const addsToRestored = (used: ReadonlyMap<string, LayerScan>, restored: ReadonlyMap<string, unknown>): boolean =>
  [...used].some(([digest, scan]) => scan.truncated === undefined && !restored.has(digest));
