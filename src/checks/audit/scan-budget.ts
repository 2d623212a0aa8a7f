// The audit's bounds as budgets: one per platform, spent by every layer of that platform as it is
// read, side by side or one after the other, from the registry or from the scan cache. So the bounds
// add up over a platform's layers instead of each layer getting them whole, and once a platform's
// budget is spent its remaining layers are not even opened.

/** What one layer's read may still take, and how it pays. */
export interface ScanAllowance {
  /** Tar entries that may still be read. */
  entries(): number;
  /** Decompressed bytes that may still be read. */
  bytes(): number;
  /** Takes one entry before it is read (so layers read side by side cannot overshoot); false when none is left. */
  takeEntry(): boolean;
  spendBytes(count: number): void;
}

export class PlatformBudget implements ScanAllowance {
  private entriesLeft: number;
  private bytesLeft: number;

  constructor(limits: { maxFiles: number; maxBytes: number }) {
    this.entriesLeft = limits.maxFiles;
    this.bytesLeft = limits.maxBytes;
  }

  entries(): number {
    return this.entriesLeft;
  }

  bytes(): number {
    return this.bytesLeft;
  }

  takeEntry(): boolean {
    if (this.entriesLeft <= 0) return false;
    this.entriesLeft--;
    return true;
  }

  spendBytes(count: number): void {
    this.bytesLeft = Math.max(0, this.bytesLeft - count);
  }

  /** A scan that cost no read (from the cache) still counts: what the platform composes is what it pays for. */
  spendScan(scan: { entries: readonly unknown[]; scannedBytes: number }): void {
    this.entriesLeft = Math.max(0, this.entriesLeft - scan.entries.length);
    this.spendBytes(scan.scannedBytes);
  }

  spent(): boolean {
    return this.entriesLeft <= 0 || this.bytesLeft <= 0;
  }
}

/**
 * A layer several platforms have: read while any of them has room, each entry and byte charged to
 * every one of them that still has some. Each platform's own layers then never take more than its
 * budget, and the whole audit never more than one budget per platform.
 */
export class SharedAllowance implements ScanAllowance {
  constructor(private readonly budgets: readonly PlatformBudget[]) {}

  entries(): number {
    return Math.max(0, ...this.budgets.map((budget) => budget.entries()));
  }

  bytes(): number {
    return Math.max(0, ...this.budgets.map((budget) => budget.bytes()));
  }

  takeEntry(): boolean {
    let taken = false;
    for (const budget of this.budgets) taken = budget.takeEntry() || taken;
    return taken;
  }

  spendBytes(count: number): void {
    for (const budget of this.budgets) budget.spendBytes(count);
  }

  spendScan(scan: { entries: readonly unknown[]; scannedBytes: number }): void {
    for (const budget of this.budgets) budget.spendScan(scan);
  }

  /** Every platform that has this layer spent its budget: reading it would serve none of them. */
  spent(): 'entries' | 'bytes' | undefined {
    if (this.bytes() <= 0) return 'bytes';
    return this.entries() <= 0 ? 'entries' : undefined;
  }
}
