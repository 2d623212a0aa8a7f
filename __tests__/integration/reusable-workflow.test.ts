// The reusable workflow .github/workflows/build.yml, run here job by job as GitHub would run it:
// its plan script, its matrix expanded for the inputs, each leg's steps (this action through the
// runner harness, against the real daemon and registry), each leg's outputs passed on the way the
// workflow passes them, then the merge job and the workflow's outputs.
// Both legs run on this amd64 machine (arm64 under QEMU) with the docker driver; like every driver,
// they export an OCI layout that the action pushes by digest, so no leg leaves a tag.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  env,
  everythingPrinted,
  fixtureContext,
  inspectIndex,
  runImage,
  runLocal,
  secretLeaks,
  uniqueRepository
} from '../helpers/e2e.js';
import {
  asText,
  evaluate,
  expandJob,
  find,
  job,
  jobRuns,
  loadWorkflow,
  resolve,
  resolveStrings,
  steps,
  type Contexts,
  type JobStatus,
  type LoadedWorkflow
} from '../helpers/workflow-expander.js';
import { runGithubScript, runShellStep } from '../helpers/workflow-steps.js';
import { isOwnAction } from '../helpers/workflow-policy.js';

type Run = Awaited<ReturnType<typeof runLocal>>;
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';

/** The caller's event, as each job's steps see it: a push to main, or a pull request (#42). */
type CallerEvent = 'push' | 'pull_request';

function eventFor(jobId: string, event: CallerEvent): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  const pullRequest = event === 'pull_request' ? { number: 42, pull_request: { number: 42 } } : {};
  writeFileSync(eventPath, JSON.stringify({ repository: { default_branch: 'main', name: 'app' }, ...pullRequest }));
  return {
    GITHUB_EVENT_NAME: event,
    GITHUB_REF: event === 'push' ? 'refs/heads/main' : 'refs/pull/42/merge',
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_JOB: jobId
  };
}

interface JobRun {
  status: JobStatus;
  outputs: Record<string, string>;
  /** This action's runs in the job, main and post. */
  actionRuns: Run[];
  failure: string | undefined;
}

/** Runs one job (one leg of a matrix) step by step, as the runner would, and resolves its outputs. */
async function runJob(workflow: LoadedWorkflow, jobId: string, contexts: Contexts): Promise<JobRun> {
  const stepContexts: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const actionRuns: Run[] = [];
  for (const step of steps(workflow, jobId)) {
    const current = { ...contexts, steps: stepContexts };
    if (step.condition !== undefined && evaluate(step.condition, current) !== true) continue;
    const stepEnv = resolveStrings(find(step.token, 'env'), current);
    let outputs: Record<string, string> = {};
    let failure: string | undefined;
    if (step.uses?.startsWith('actions/checkout@')) {
      // The build context is a local directory here; there is nothing to check out.
    } else if (isOwnAction(step.uses)) {
      const event = (contexts['github'] as { event_name: CallerEvent }).event_name;
      const run = await runLocal(resolveStrings(find(step.token, 'with'), current), { env: eventFor(jobId, event) });
      actionRuns.push(run);
      outputs = run.outputs;
      if (run.main.code !== 0) failure = run.main.stdout.split('\n').find((line) => line.startsWith('::error::'));
    } else if (step.uses?.startsWith('actions/github-script@')) {
      const run = await runGithubScript(asText(resolve(find(step.token, 'with', 'script'), current)), stepEnv);
      ({ outputs, failure } = run);
    } else if (find(step.token, 'run')) {
      const run = runShellStep(asText(resolve(find(step.token, 'run'), current)), stepEnv);
      ({ outputs, failure } = run);
    } else {
      throw new Error(`job ${jobId} has a step this test cannot run: ${step.uses}`);
    }
    if (failure !== undefined) return { status: 'failure', outputs: {}, actionRuns, failure };
    if (step.id) stepContexts[step.id] = { outputs, outcome: 'success' };
  }
  const outputs = resolveStrings(job(workflow, jobId).outputs, { ...contexts, steps: stepContexts });
  return { status: 'success', outputs, actionRuns, failure: undefined };
}

/** Matrix legs' outputs, as GitHub combines them: a value set by a leg stays unless a later leg sets it. */
function combineLegs(legs: JobRun[]): JobRun {
  const outputs: Record<string, string> = {};
  for (const leg of legs)
    for (const [name, value] of Object.entries(leg.outputs)) if (value !== '') outputs[name] = value;
  const failed = legs.find((leg) => leg.status !== 'success');
  return {
    status: failed ? 'failure' : 'success',
    outputs,
    actionRuns: legs.flatMap((leg) => leg.actionRuns),
    failure: failed?.failure
  };
}

interface WorkflowRun {
  legs: { name: string; runsOn: unknown; run: JobRun }[];
  build: JobRun;
  merge: JobRun | undefined;
  outputs: Record<string, string>;
}

/** The whole call: plan, the legs in parallel, then the merge when GitHub would start it. */
/**
 * A fork's pull request calls with the same inputs, but GitHub gives it no secrets: `secrets` is
 * then empty, and the password with it.
 */
async function callWorkflow(
  workflow: LoadedWorkflow,
  given: Record<string, string>,
  caller: { event: CallerEvent; secrets: Record<string, string> } = {
    event: 'push',
    secrets: { password: env.password }
  }
): Promise<WorkflowRun> {
  const declared = workflow.template.events.workflow_call?.inputs ?? {};
  const inputs = {
    ...Object.fromEntries(Object.entries(declared).map(([name, c]) => [name, c.default ?? ''])),
    ...given
  };
  const base: Contexts = { inputs, github: { event_name: caller.event }, secrets: caller.secrets, vars: {} };
  const plan = await runJob(workflow, 'plan', base);
  if (plan.status !== 'success') throw new Error(`plan failed: ${plan.failure}`);
  const afterPlan = { ...base, needs: { plan: { outputs: plan.outputs, result: 'success' } } };
  const expanded = expandJob(workflow, 'build', afterPlan);
  const legRuns = await Promise.all(
    expanded.map((leg) => runJob(workflow, 'build', { ...afterPlan, matrix: leg.matrix }))
  );
  const build = combineLegs(legRuns);
  const needs = {
    plan: { outputs: plan.outputs, result: 'success' },
    build: { outputs: build.outputs, result: build.status }
  };
  const mergeContexts = { ...base, needs };
  const merge = jobRuns(workflow, 'merge', mergeContexts, build.status)
    ? await runJob(workflow, 'merge', mergeContexts)
    : undefined;
  const outputs = resolve(find(workflow.root, 'on', 'workflow_call', 'outputs'), {
    jobs: { merge: { outputs: merge?.outputs ?? {}, result: merge?.status ?? 'skipped' } }
  }) as Record<string, { value: unknown }>;
  return {
    legs: expanded.map((leg, index) => ({ name: leg.name, runsOn: leg.runsOn, run: legRuns[index] as JobRun })),
    build,
    merge,
    outputs: Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, asText(output.value)]))
  };
}

const callerInputs = (image: string, smokeTest: string): Record<string, string> => ({
  image,
  platforms: 'linux/amd64,linux/arm64',
  tags: '1.0.0',
  'smoke-test': smokeTest,
  registry: env.registry,
  username: env.user
});

describe('the reusable workflow, called for amd64 and arm64', () => {
  const image = uniqueRepository('wf-app');
  let workflow: LoadedWorkflow;
  let call: WorkflowRun;

  beforeAll(async () => {
    workflow = await loadWorkflow('.github/workflows/build.yml');
    const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/uname"]\n`);
    call = await callWorkflow(workflow, { ...callerInputs(image, '-m'), context });
  });

  it('fans out one leg per platform, on the runner of its architecture', () => {
    expect(call.legs.map((leg) => [leg.name, leg.runsOn, leg.run.status])).toEqual([
      ['build linux/amd64', 'ubuntu-24.04', 'success'],
      ['build linux/arm64', 'ubuntu-24.04-arm', 'success']
    ]);
  });

  it('each leg pushed its one platform by digest, smoke-tested it, and published it under its key', () => {
    for (const [leg, platform, machine] of [
      [call.legs[0], 'linux/amd64', 'x86_64'],
      [call.legs[1], 'linux/arm64', 'aarch64']
    ] as const) {
      const [run] = leg?.run.actionRuns ?? [];
      expect(run?.main.code).toBe(0);
      expect(run?.outputs['image']).toMatch(new RegExp(`^${image.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
      expect(inspectIndex(run?.outputs['image'] as string)?.platforms).toEqual([platform]);
      const smoke = JSON.parse(run?.outputs['smoke-test'] ?? '[]') as { platform: string; output: string }[];
      expect(smoke.map((entry) => [entry.platform, entry.output.trim()])).toEqual([[platform, machine]]);
    }
    expect(call.build.outputs).toEqual({
      'image-amd64': call.legs[0]?.run.actionRuns[0]?.outputs['image'],
      'image-arm64': call.legs[1]?.run.actionRuns[0]?.outputs['image']
    });
  });

  it('the merge pushed one index of both platforms under the final tag, and the workflow outputs say so', () => {
    expect(call.merge?.status).toBe('success');
    const index = inspectIndex(`${image}:1.0.0`);
    expect(index?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(call.outputs).toEqual({
      digest: index?.digest,
      image: `${image}@${index?.digest}`,
      tags: `${image}:1.0.0`,
      platforms: 'linux/amd64,linux/arm64'
    });
  });

  it.each([
    ['linux/amd64', 'x86_64'],
    ['linux/arm64', 'aarch64']
  ])('the merged image runs on %s as %s', (platform, machine) => {
    expect(runImage(`${image}:1.0.0`, platform, ['-m']).stdout.trim()).toBe(machine);
  });

  it('every run cleaned up and the password never showed', () => {
    const runs = [...call.build.actionRuns, ...(call.merge?.actionRuns ?? [])];
    expect(runs).toHaveLength(3);
    for (const run of runs) {
      expect(run.post?.code).toBe(0);
      expect(secretLeaks(everythingPrinted(run), env.password)).toEqual([]);
    }
  });
});

describe('the reusable workflow, with a platform that fails its smoke run', () => {
  const image = uniqueRepository('wf-failing');
  let call: WorkflowRun;

  beforeAll(async () => {
    const workflow = await loadWorkflow('.github/workflows/build.yml');
    const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/sh", "-c"]\n`);
    call = await callWorkflow(workflow, {
      ...callerInputs(image, `'[ "$(uname -m)" = x86_64 ] || exit 7'`),
      context
    });
  });

  it('the arm64 leg fails on its smoke run, and the merge never starts', () => {
    expect(call.legs.map((leg) => leg.run.status)).toEqual(['success', 'failure']);
    expect(call.legs[1]?.run.failure).toContain('smoke test on linux/arm64 exited 7');
    expect(call.merge).toBeUndefined();
  });

  it('no tag moved: the final tag does not exist and the workflow outputs are empty', () => {
    expect(inspectIndex(`${image}:1.0.0`)).toBeUndefined();
    expect(call.outputs).toEqual({ digest: '', image: '', tags: '', platforms: '' });
  });
});

describe('the reusable workflow, called unchanged from a fork pull request (no secrets)', () => {
  const image = uniqueRepository('wf-fork');
  let call: WorkflowRun;

  beforeAll(async () => {
    const workflow = await loadWorkflow('.github/workflows/build.yml');
    const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/uname"]\n`);
    call = await callWorkflow(
      workflow,
      { ...callerInputs(image, '-m'), context },
      { event: 'pull_request', secrets: {} }
    );
  });

  it('builds and checks each platform on its own leg, skipping the login with its notice', () => {
    expect(call.legs.map((leg) => [leg.name, leg.run.status])).toEqual([
      ['build linux/amd64', 'success'],
      ['build linux/arm64', 'success']
    ]);
    for (const [leg, platform] of [
      [call.legs[0], 'linux/amd64'],
      [call.legs[1], 'linux/arm64']
    ] as const) {
      const [run] = leg?.run.actionRuns ?? [];
      expect(run?.main.code).toBe(0);
      expect(run?.main.stdout).toContain(
        `::notice::no login to ${env.registry}: the password is empty and nothing is pushed (pull request from a fork or Dependabot)`
      );
      expect(run?.main.stdout).toContain(`Built ${platform}`);
      expect(run?.post?.code).toBe(0);
    }
  });

  it('merges nothing and pushes nothing: no merge job, no tag, empty workflow outputs', () => {
    expect(call.merge).toBeUndefined();
    expect(call.build.outputs).toEqual({});
    expect(inspectIndex(`${image}:1.0.0`)).toBeUndefined();
    expect(call.outputs).toEqual({ digest: '', image: '', tags: '', platforms: '' });
  });
});
