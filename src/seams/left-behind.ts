// Work main starts ahead of need and may never wait for: the audit's restore while the build runs, the
// stand-ins' tag read. When main ends without it (a failed build), Node would keep the step open until
// that work ends on its own, and a cache service that never answers holds it for many minutes
// (@actions/cache has no bound of its own on a request). Main's end gives such work a short grace,
// then stops what is left and ends the step with the exit code it already has.

/** What main waits for after its own end before it stops what is left. */
const GRACE_MS = 5_000;

const pending = new Map<number, string>();
let nextId = 0;

/** Notes `work` as running under `what` until it settles; returns it unchanged. */
export function runAhead<T>(what: string, work: Promise<T>): Promise<T> {
  const id = nextId++;
  pending.set(id, what);
  const done = (): void => {
    pending.delete(id);
  };
  work.then(done, done);
  return work;
}

/** What is still running, each named once. */
export function stillRunning(): string[] {
  return [...new Set(pending.values())];
}

/** The line main leaves when it stops what is left. */
export function leftBehindLine(work: readonly string[], commands: number, graceMs: number): string {
  const parts = [...work, ...(commands > 0 ? [`${commands} command(s)`] : [])];
  const what = parts.length > 0 ? parts.join(', ') : 'work it no longer needed';
  return `Main is done; still running ${graceMs / 1000} s later, and stopped: ${what}.`;
}

export interface StepEnd {
  graceMs?: number;
  /** Stops the running commands; returns how many there were. */
  stopCommands: () => number;
  info: (line: string) => void;
  exit: () => void;
}

/**
 * Called once main is done: if anything still holds the process after the grace, it is stopped and
 * the step ends. The timer does not hold the process: a step with nothing left ends at once.
 */
export function endAfterGrace({ graceMs = GRACE_MS, stopCommands, info, exit }: StepEnd): NodeJS.Timeout {
  const timer = setTimeout(() => {
    const work = stillRunning();
    info(leftBehindLine(work, stopCommands(), graceMs));
    exit();
  }, graceMs);
  timer.unref();
  return timer;
}
