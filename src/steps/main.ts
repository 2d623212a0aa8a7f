// The main step: read the inputs, plan, execute. Build and merge are two plans the same executor runs.
import { gatherFiles } from './gather.js';
import * as core from '../seams/runner.js';
import { maskBuildSecrets } from '../buildx/run-build.js';
import { buildSpec, planBuild } from '../planning/build-plan.js';
import { parseInputs } from '../planning/parse-inputs.js';
import { checkInputPaths } from './input-paths.js';
import { planMerge } from '../planning/merge-plan.js';
import { describePlan } from '../planning/plan-job.js';
import { nativePlatform } from '../model/platforms.js';
import { readEvent } from './read-event.js';
import { execute, realSeams, type Seams } from './execute.js';
import type { Plan } from '../model/plan.js';
import type { Inputs } from '../model/inputs.js';
import { phase } from './phase.js';
import { savePostState } from '../seams/state.js';

export function readInputs(): Inputs {
  // metadata-action's separators are taken as written: a space is a separator.
  const inputs = parseInputs((name) => core.getInput(name, { trimWhitespace: !name.startsWith('sep-') }), process.env);
  checkInputPaths(inputs);
  return inputs;
}

/** Reads, checks and plans; masks every secret before the first line is logged. */
async function readPlan(): Promise<Plan> {
  const inputs = readInputs();
  maskBuildSecrets(buildSpec(inputs), [inputs, ...inputs.registryAuth]);
  // Templates, the image input and the default provenance (public or private repository) read the payload.
  const event = await readEvent(inputs);
  const plan =
    inputs.mode === 'merge'
      ? planMerge(inputs, event)
      : planBuild(inputs, event, nativePlatform(), gatherFiles(inputs));
  // Build args filled from the event are other values than the ones masked above.
  if (plan.mode === 'build' && inputs.buildArgs.some(({ value }) => value.includes('{{')))
    maskBuildSecrets(plan.build, []);
  for (const warning of plan.warnings) core.warning(warning);
  for (const warning of plan.tags.warnings ?? []) core.warning(`tags: ${warning}`);
  for (const line of describePlan(plan)) core.info(line);
  return plan;
}

export async function runMain(seams: Seams = realSeams): Promise<void> {
  // First of all: from here on the runner's second call of this bundle is the post step.
  savePostState({ isPost: true });
  const { plan } = await phase('Inputs and plan', async () => {
    const read = await readPlan();
    const line = `${read.mode}, ${read.push ? 'push' : 'no push'}, ${read.tags.targets.length} tag(s), ${read.platforms.length} platform(s)`;
    return { plan: read, line };
  });
  await execute(plan, seams);
}
