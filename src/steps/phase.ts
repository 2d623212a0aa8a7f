// A phase of a run: its own log group, and one plain line outside the groups saying what it did, so
// the log reads as a list of what happened.
import * as core from '../seams/runner.js';

export interface Phase {
  /** The group's title and the start of the line that says what the phase did. */
  name: string;
  /** Why the phase has nothing to do, if it has not. */
  skip?: () => string | undefined;
  /** Does the phase's work inside its group; returns the line for the log. */
  run: () => Promise<string>;
}

export async function runPhase(phase: Phase): Promise<void> {
  const skipped = phase.skip?.();
  if (skipped !== undefined) {
    core.info(`${phase.name}: skipped (${skipped})`);
    return;
  }
  const started = performance.now();
  const line = await core.group(phase.name, phase.run);
  core.debug(`timing: ${phase.name} ${Math.round(performance.now() - started)} ms`);
  core.info(`${phase.name}: ${line}`);
}

/** A phase that makes something later phases need: its line for the log, and what it made. */
export async function runPhaseFor<T>(name: string, work: () => Promise<{ value: T; line: string }>): Promise<T> {
  let made: { value: T } | undefined;
  await runPhase({
    name,
    run: async () => {
      const { value, line } = await work();
      made = { value };
      return line;
    }
  });
  if (!made) throw new Error(`phase ${name} finished without its result`);
  return made.value;
}
