/** A line of a run's output, stamped with the ms since the run started. */
export interface StampedLine {
  at: number;
  text: string;
}

export function contextSent(lines: readonly StampedLine[]): number;

export interface TimedRun {
  contextMB?: number;
  total?: number;
  ms?: number;
}

export function withoutWholeUpload(ways: readonly [string, readonly TimedRun[]][]): {
  limitMB: number;
  figures: { name: string; kept: number; of: number; median: number | undefined }[];
};
