// A phase of a run: its own log group, and one plain line outside the groups saying what it did, so
// the log reads as a list of what happened. A phase returns what it made: what later phases need,
// and its part of the outcome (`made`), which the run keeps even when a later phase fails.
import * as core from '../seams/runner.js';
import { errorMessage } from '../model/errors.js';
import type { PhaseResults } from '../model/outcome.js';

/** What every phase returns: the line for the log, and its part of the outcome. */
export interface PhaseDone {
  line: string;
  made?: PhaseResults;
}

/**
 * A phase that failed after it made something the outputs report (the tags it moved before a
 * registry refused one): its error, and what it made.
 */
export class PartlyDone extends Error {
  constructor(
    readonly failure: unknown,
    readonly made: PhaseResults
  ) {
    super(errorMessage(failure));
  }
}

/** Runs one phase in its group, then logs its line; returns what it made. */
export async function phase<T extends PhaseDone>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const done = await core.group(name, work);
  core.debug(`timing: ${name} ${Math.round(performance.now() - started)} ms`);
  core.info(`${name}: ${done.line}`);
  return done;
}

/** Runs the phases of one run in the order the caller awaits them, and keeps their parts of the outcome. */
export class PhaseRun {
  /** What the phases made so far; the outcome is assembled from it (model/outcome.ts). */
  readonly made: PhaseResults = {};

  async phase<T extends PhaseDone>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      const done = await phase(name, work);
      Object.assign(this.made, done.made);
      return done;
    } catch (error) {
      if (!(error instanceof PartlyDone)) throw error;
      Object.assign(this.made, error.made);
      throw error.failure;
    }
  }

  /** A phase with nothing to do: one line that says why. */
  skip(name: string, why: string): undefined {
    core.info(`${name}: skipped (${why})`);
    return undefined;
  }
}
