// Each distinct layer scanned once per audit, a few at a time, from the scan cache when it can be,
// under the budgets of the platforms that have it: a layer no platform has room for is not opened.
import { errorMessage } from '../../model/errors.js';
import { checkDigest } from '../../registry/document.js';
import { sizeLimit, TIME_LIMIT } from './layer-bytes.js';
import { entryLimit, scanLayer, type AuditLimits, type LayerScan } from './layer-scan.js';
import { PlatformBudget, SharedAllowance } from './scan-budget.js';
import type { RegistryReader } from '../../registry/oci-reads.js';
import { Gate } from '../../registry/pool.js';

/** Where scans are looked up before a layer is read, and kept after: the scan caches. */
export interface ScanStore {
  read(digest: string): LayerScan | undefined;
  write(digest: string, scan: LayerScan): void;
}

export type ScanOutcome = { scan: LayerScan } | { error: unknown };

/** What the scanner did, for the log. */
export interface ScanFigures {
  /** Layers streamed from the registry. */
  read: number;
  /** Layers whose scan came from the cache. */
  cached: number;
  /** Layers not opened: every platform that has them had spent its budget. */
  skipped: number;
  /** Decompressed bytes streamed. */
  bytes: number;
  /** Tar entries parsed from what was streamed. */
  entries: number;
}

/** The bounds every scan runs under, how many layers are read at once, and where scans are kept. */
export interface ScannerOptions {
  limits: AuditLimits;
  concurrency: number;
  cache?: ScanStore;
  /** Per layer digest, the budgets of the platforms that have the layer; a layer not listed gets the limits whole. */
  budgets?: ReadonlyMap<string, readonly PlatformBudget[]>;
}

export class LayerScanner {
  readonly figures: ScanFigures = { read: 0, cached: 0, skipped: 0, bytes: 0, entries: 0 };
  private readonly outcomes = new Map<string, Promise<ScanOutcome>>();

  private readonly reader: RegistryReader;
  private readonly repository: string;
  private readonly limits: AuditLimits;
  /** At most `concurrency` layers read at once. */
  private readonly gate: Gate;
  private readonly cache: ScanStore | undefined;
  private readonly budgets: ReadonlyMap<string, readonly PlatformBudget[]>;

  constructor(source: { reader: RegistryReader; repository: string }, options: ScannerOptions) {
    this.reader = source.reader;
    this.repository = source.repository;
    this.limits = options.limits;
    this.gate = new Gate(options.concurrency);
    this.cache = options.cache;
    this.budgets = options.budgets ?? new Map();
  }

  /** Never rejects, so a layer no platform gets to waiting for cannot fail the process. */
  scan(digest: string): Promise<ScanOutcome> {
    let outcome = this.outcomes.get(digest);
    if (!outcome) {
      outcome = this.read(digest).then(
        (scan) => ({ scan }),
        (error: unknown) => ({ error })
      );
      this.outcomes.set(digest, outcome);
    }
    return outcome;
  }

  private async read(digest: string): Promise<LayerScan> {
    // A digest is a path segment of the blob's URL and names its cache file: sha256:../../x is neither.
    checkDigest(digest, 'a layer of the image');
    const allowance = new SharedAllowance(this.budgets.get(digest) ?? [new PlatformBudget(this.limits)]);
    const cached = this.cache?.read(digest);
    if (cached) {
      this.figures.cached++;
      allowance.spendScan(cached);
      return cached;
    }
    return this.gate.run(async () => {
      // Past the deadline the scan would stop before its first entry: no need to open the blob.
      if (this.limits.signal?.aborted) return unread(TIME_LIMIT);
      // Nor once every platform that has the layer spent its budget on others.
      const spent = allowance.spent();
      if (spent) {
        this.figures.skipped++;
        return unread(spent === 'bytes' ? sizeLimit(this.limits.maxBytes) : entryLimit(this.limits));
      }
      const scan = await scanLayer(await this.reader.getBlob(this.repository, digest), this.limits, allowance);
      this.figures.read++;
      this.figures.bytes += scan.scannedBytes;
      this.figures.entries += scan.entries.length;
      // A truncated scan depends on the limits and the clock, so it says nothing about the next run.
      if (!scan.truncated) this.cache?.write(digest, scan);
      return scan;
    });
  }
}

const unread = (truncated: string): LayerScan => ({ entries: [], scannedFiles: 0, scannedBytes: 0, truncated });

/** The scans a platform's audit reads, in layer order: up to the first truncated one or past the limits. */
export async function platformScans(
  scanner: LayerScanner,
  digests: readonly string[],
  limits: AuditLimits
): Promise<LayerScan[]> {
  // Waiting for all first means no scan is still running once the audit returns.
  const outcomes = await Promise.all(digests.map((digest) => scanner.scan(digest)));
  const scans: LayerScan[] = [];
  let entries = 0;
  let bytes = 0;
  for (const [index, outcome] of outcomes.entries()) {
    if ('error' in outcome) {
      const { error } = outcome;
      throw new LayerUnreadable(index + 1, digests[index] ?? '', error);
    }
    scans.push(outcome.scan);
    entries += outcome.scan.entries.length;
    bytes += outcome.scan.scannedBytes;
    // The limit is hit inside what was read: later layers, and their errors, would not be reached.
    if (outcome.scan.truncated || entries > limits.maxFiles || bytes > limits.maxBytes) break;
  }
  return scans;
}

/** A layer the registry would not serve whole, or that is not a (readable) tar archive. */
class LayerUnreadable extends Error {
  constructor(
    readonly layer: number,
    readonly digest: string,
    cause: unknown
  ) {
    super(`layer ${layer} (${digest}) could not be read: ${errorMessage(cause)}`, {
      cause
    });
  }
}
