// Inputs and git events for the planning tests, and the parts of a plan a case looks at.
import { targetTexts } from '../../src/model/references.js';
import { runnerReader } from '../../__fixtures__/inputs.js';
import type { GitEvent } from '../../src/model/event.js';
import type { Inputs } from '../../src/model/inputs.js';
import type { Plan } from '../../src/model/plan.js';
import { parseInputs } from '../../src/planning/parse-inputs.js';

export const SHA = '0123456789abcdef0123456789abcdef01234567';
/** A digest to pin a merge's sources with. */
export const D1 = `sha256:${'1'.repeat(64)}`;

/** A push to main at SHA, with what `overrides` changes. */
export function event(overrides: Partial<GitEvent> = {}): GitEvent {
  return { eventName: 'push', ref: 'refs/heads/main', sha: SHA, createdAt: '2026-01-01T00:00:00.000Z', ...overrides };
}
export const release = event({
  ref: 'refs/tags/v1.2.3',
  repositoryUrl: 'https://github.com/acme/app',
  repositoryName: 'app'
});
export const pullRequest = event({ eventName: 'pull_request', ref: 'refs/pull/7/merge', prNumber: 7 });

/** The inputs as the runner gives them: these values, action.yml's defaults for the rest. */
export const inputsOf = (values: Record<string, string>): Inputs => parseInputs(runnerReader(values));

/** The parts of a plan a case looks at, as plain data. */
export function planShape(plan: Plan) {
  return {
    push: plan.push,
    promote: plan.promote,
    tags: targetTexts(plan.tags.targets),
    floating: plan.tags.floating.map(({ tag }) => tag),
    registries: plan.registries,
    logins: plan.job.logins.map(({ registry, username }) => ({ registry, username })),
    checks: plan.checks,
    platforms: plan.platforms.length
  };
}
