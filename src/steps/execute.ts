// The one executor: carries out any plan's phases in order, each inside its own log group, with
// one plain line per phase outside the groups, so the log reads as a list of what happened. Each
// phase is given what the ones before it made; the outcome is assembled from what they returned.
import { checkDaemon } from '../buildx/daemon.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { outcomeOf } from '../model/outcome.js';
import * as core from '../seams/runner.js';
import { buildPhases } from './build-phases.js';
import { prepareJob, type DaemonCheck, type Job } from './job.js';
import { mergePhases } from './merge.js';
import { checkFailure, releasePhases } from './release.js';
import { writeJobSummary, writeOutputs } from './write-outputs.js';
import type { Plan } from '../model/plan.js';
import { PhaseRun } from './phase.js';

/** What the executor reaches outside the exec seam; unit tests replace it. */
export interface Seams {
  checkDaemon: DaemonCheck;
}

export const realSeams: Seams = { checkDaemon: (host) => checkDaemon(host) };

/** Runs the plan: login, then the mode's phases; then the outputs, the summary and the verdict of the checks. */
export async function execute(plan: Plan, seams: Seams = realSeams): Promise<void> {
  const run = new PhaseRun();
  let job: Job | undefined;
  try {
    job = (await run.phase('Login', () => prepareJob(plan, seams.checkDaemon))).job;
    const release = plan.mode === 'build' ? await buildPhases(run, plan, job) : await mergePhases(run, plan, job);
    await releasePhases(run, plan, release);
  } catch (error) {
    // A run that fails halfway still says what it got to.
    writeOutputs(plan, outcomeOf(plan.tags.targets, run.made), false);
    throw error;
  } finally {
    // The exported image served its purpose once pushed and checked: keep only what the next release reuses.
    const kept = await job?.layout
      .release()
      .catch((error: unknown) => `kept layout not released: ${errorMessage(error)}`);
    if (kept) core.info(kept);
  }
  const outcome = outcomeOf(plan.tags.targets, run.made);
  writeOutputs(plan, outcome);
  await writeJobSummary(plan, outcome);
  if (outcome.checks.failures.length > 0) throw new ActionError(checkFailure(plan, outcome));
}
