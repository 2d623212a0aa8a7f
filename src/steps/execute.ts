// The one executor: carries out any plan's phases in order, each inside its own log group, with
// one plain line per phase outside the groups, so the log reads as a list of what happened.
import { checkDaemon } from '../buildx/daemon.js';
import { ActionError, errorMessage } from '../model/errors.js';
import * as core from '../seams/runner.js';
import { buildPhases } from './build-phases.js';
import { prepareJob, type DaemonCheck, type Job } from './job.js';
import { mergePhases } from './merge.js';
import { checkFailure } from './release.js';
import { emptyOutcome, writeJobSummary, writeOutputs } from './write-outputs.js';
import type { Plan } from '../model/plan.js';
import { runPhase } from './phase.js';
import type { Phase } from './phase.js';

/** What the executor reaches outside the exec seam; unit tests replace it. */
export interface Seams {
  checkDaemon: DaemonCheck;
}

export const realSeams: Seams = { checkDaemon: (host) => checkDaemon(host) };

/** Runs the plan: login, then the mode's phases; then the outputs, the summary and the verdict of the checks. */
export async function execute(plan: Plan, seams: Seams = realSeams): Promise<void> {
  const outcome = emptyOutcome(plan);
  let job: Job | undefined;
  const currentJob = (): Job => {
    if (!job) throw new Error('a phase ran before the login phase made the job');
    return job;
  };
  const login: Phase = {
    name: 'Login',
    run: async () => {
      const prepared = await prepareJob(plan, seams.checkDaemon);
      job = prepared.job;
      return prepared.line;
    }
  };
  const phases =
    plan.mode === 'build' ? buildPhases(plan, currentJob, outcome) : mergePhases(plan, currentJob, outcome);
  try {
    for (const phase of [login, ...phases]) await runPhase(phase);
  } catch (error) {
    writeOutputs(plan, outcome, false);
    throw error;
  } finally {
    // The exported image served its purpose once pushed and checked: keep only what the next release reuses.
    const kept = await job?.layout
      .release()
      .catch((error: unknown) => `kept layout not released: ${errorMessage(error)}`);
    if (kept) core.info(kept);
  }
  writeOutputs(plan, outcome);
  await writeJobSummary(plan, outcome);
  if (outcome.checks.failures.length > 0) throw new ActionError(checkFailure(plan, outcome));
}
