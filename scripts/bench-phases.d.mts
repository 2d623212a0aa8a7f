/** A line of a run's output, stamped with the ms since the run started. */
export interface StampedLine {
  at: number;
  text: string;
}

export function contextSent(lines: readonly StampedLine[]): number;
