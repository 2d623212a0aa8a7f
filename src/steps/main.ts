// The main step: read the inputs, plan, execute. Build and merge are two plans the same executor runs.
import * as core from '../seams/runner.js';
import { maskBuildSecrets } from '../build/build.js';
import { buildSpec, planBuild } from '../planning/build-plan.js';
import { checkInputPaths, parseInputs } from '../planning/inputs.js';
import { planMerge } from '../planning/merge-plan.js';
import { describePlan } from '../planning/plan.js';
import { nativePlatform } from '../model/platforms.js';
import { isRuleLine } from '../planning/tag-rules/parse.js';
import { execute, realSeams, type Seams } from './execute.js';
import type { GitEvent } from '../model/event.js';
import type { Plan } from '../model/plan.js';
import type { Inputs } from '../model/inputs.js';
import { runPhaseFor } from './phase.js';
import { savePostState } from '../seams/state.js';

export function readInputs(): Inputs {
  const inputs = parseInputs((name) => core.getInput(name));
  checkInputPaths(inputs);
  return inputs;
}

/** The gha cache's scopes name the branch and fall back to the default branch's: both are in the payload. */
function ghaCacheMayApply(inputs: Inputs): boolean {
  return inputs.cache === 'gha' || (inputs.cache === 'auto' && !!process.env['ACTIONS_RUNTIME_TOKEN']);
}

/** Tag templates, the image input and the gha cache need the event payload; plain tags need only the event's name. */
async function gitEvent(inputs: Inputs): Promise<GitEvent> {
  if (
    inputs.images.length > 0 ||
    ghaCacheMayApply(inputs) ||
    inputs.tags.some((tag) => tag.includes('{{') || isRuleLine(tag))
  )
    return (await import('../planning/git-context.js')).currentGitEvent();
  const env = process.env;
  return {
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    ref: env['GITHUB_REF'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    createdAt: new Date().toISOString()
  };
}

/** Reads, checks and plans; masks every secret before the first line is logged. */
async function readPlan(): Promise<Plan> {
  const inputs = readInputs();
  maskBuildSecrets(buildSpec(inputs), [inputs, ...inputs.registryAuth]);
  const event = await gitEvent(inputs);
  const plan = inputs.mode === 'merge' ? planMerge(inputs, event) : planBuild(inputs, event, nativePlatform());
  for (const warning of plan.warnings) core.warning(warning);
  for (const warning of plan.tags.warnings ?? []) core.warning(`tags: ${warning}`);
  for (const line of describePlan(plan)) core.info(line);
  return plan;
}

export async function runMain(seams: Seams = realSeams): Promise<void> {
  // First of all: from here on the runner's second call of this bundle is the post step.
  savePostState({ isPost: true });
  const plan = await runPhaseFor('Inputs and plan', async () => {
    const value = await readPlan();
    const line = `${value.mode}, ${value.push ? 'push' : 'no push'}, ${value.tags.references.length} tag(s), ${value.platforms.length} platform(s)`;
    return { value, line };
  });
  await execute(plan, seams);
}
