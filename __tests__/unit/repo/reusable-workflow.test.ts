// The reusable workflow .github/workflows/build.yml, read by GitHub's parser and expanded here
// for given inputs: its plan script runs as github-script would run it, its matrix is expanded,
// and the jobs, runners, needs and the inputs each action step gets are checked.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { formatPlatform, parsePlatform, type Platform } from '../../../src/model/platforms.js';
import { ghaSpecs, registrySpecs } from '../../../src/buildx/cache-support.js';
import { planBuild } from '../../../src/planning/build-plan.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
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
  type LoadedWorkflow
} from '../../helpers/workflow-expander.js';
import { runGithubScript, runShellStep } from '../../helpers/workflow-steps.js';
import { isOwnAction } from '../../helpers/workflow-policy.js';

const FILE = '.github/workflows/build.yml';
let workflow: LoadedWorkflow;

beforeAll(async () => {
  workflow = await loadWorkflow(FILE);
});

/** The call's inputs: the declared defaults, then what the caller passes. */
function callInputs(given: Record<string, string>): Record<string, unknown> {
  const declared = workflow.template.events.workflow_call?.inputs ?? {};
  const defaults = Object.fromEntries(
    Object.entries(declared).map(([name, config]) => [
      name,
      config.default ?? (String(config.type) === 'boolean' ? false : '')
    ])
  );
  return { ...defaults, ...given };
}

function contextsFor(given: Record<string, string>, eventName = 'push'): Contexts {
  return { inputs: callInputs(given), github: { event_name: eventName }, secrets: { password: 's3cret' }, vars: {} };
}

/** The plan job, run as the runner would run it: its step env resolved, its script executed. */
async function plan(given: Record<string, string>, eventName = 'push') {
  const contexts = contextsFor(given, eventName);
  const [step] = steps(workflow, 'plan');
  const env = resolveStrings(find(step?.token, 'env'), contexts);
  const script = asText(resolve(find(step?.token, 'with', 'script'), contexts));
  const run = await runGithubScript(script, env);
  const outputs = resolveStrings(job(workflow, 'plan').outputs, { ...contexts, steps: { plan: run } });
  return { run, outputs, contexts };
}

async function legs(given: Record<string, string>) {
  const { run, outputs, contexts } = await plan(given);
  expect(run.failure).toBeUndefined();
  return expandJob(workflow, 'build', { ...contexts, needs: { plan: { outputs, result: 'success' } } });
}

describe('the workflow as GitHub reads it', () => {
  it('parses and validates with no errors', () => {
    expect(workflow.errors).toEqual([]);
  });

  it('is called with workflow_call only, with the password, build secrets and registry-auth as secrets', () => {
    expect(Object.keys(workflow.template.events)).toEqual(['workflow_call']);
    expect(Object.keys(workflow.template.events.workflow_call?.secrets ?? {})).toEqual([
      'password',
      'build-secrets',
      'registry-auth'
    ]);
    expect(workflow.template.events.workflow_call?.inputs?.['image']?.required).toBe(true);
  });

  it('has plan, then one build job per platform, then merge, which needs both', () => {
    const needs = workflow.template.jobs.map((entry) => [
      entry.id.value,
      (entry.needs ?? []).map((need) => need.value)
    ]);
    expect(needs).toEqual([
      ['plan', []],
      ['build', ['plan']],
      ['merge', ['plan', 'build']]
    ]);
    expect(resolve(job(workflow, 'build').strategy, { needs: { plan: { outputs: { matrix: '{}' } } } })).toEqual({
      'fail-fast': true,
      matrix: {}
    });
  });

  it('exposes the merged digest, image, tags and platforms', () => {
    const outputs = resolve(find(workflow.root, 'on', 'workflow_call', 'outputs'), {
      jobs: { merge: { outputs: { digest: 'D', image: 'I', tags: 'T', platforms: 'P' } } }
    }) as Record<string, { value: string }>;
    expect(Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]))).toEqual({
      digest: 'D',
      image: 'I',
      tags: 'T',
      platforms: 'P'
    });
  });

  it('passes only inputs that action.yml declares, and references only inputs it declares itself', () => {
    const actionInputs = Object.keys((parseYaml(readFileSync('action.yml', 'utf8')) as { inputs: object }).inputs);
    for (const id of ['build', 'merge'])
      for (const step of steps(workflow, id).filter((entry) => isOwnAction(entry.uses)))
        for (const name of Object.keys(
          resolveStrings(find(step.token, 'with'), {
            ...contextsFor({}),
            matrix: {},
            needs: { plan: { outputs: {} }, build: { outputs: {} } },
            steps: { cache: { outputs: {} } }
          })
        ))
          expect(actionInputs).toContain(name);
    const declared = Object.keys(workflow.template.events.workflow_call?.inputs ?? {});
    const referenced = [...readFileSync(FILE, 'utf8').matchAll(/\binputs\.([a-z0-9-]+)/g)].map((match) => match[1]);
    for (const name of referenced) expect(declared).toContain(name);
  });
});

describe('the plan and the matrix it makes', () => {
  it('defaults: amd64 on ubuntu-24.04, arm64 on ubuntu-24.04-arm', async () => {
    const expanded = await legs({ image: 'ghcr.io/acme/app' });
    expect(expanded.map((leg) => [leg.name, leg.runsOn])).toEqual([
      ['build linux/amd64', 'ubuntu-24.04'],
      ['build linux/arm64', 'ubuntu-24.04-arm']
    ]);
  });

  it('shorthands are normalised; arm/v7 goes to the arm runner by its architecture', async () => {
    const expanded = await legs({ image: 'ghcr.io/acme/app', platforms: 'amd64\naarch64, armv7' });
    expect(expanded.map((leg) => leg.matrix)).toEqual([
      { platform: 'linux/amd64', key: 'amd64', runner: 'ubuntu-24.04' },
      { platform: 'linux/arm64', key: 'arm64', runner: 'ubuntu-24.04-arm' },
      { platform: 'linux/arm/v7', key: 'arm-v7', runner: 'ubuntu-24.04-arm' }
    ]);
  });

  it('a mapping by full platform wins over the architecture; label lists reach runs-on', async () => {
    const runners = JSON.stringify({
      amd64: ['self-hosted', 'x64'],
      arm: 'pi-fleet',
      'linux/arm/v6': ['self-hosted', 'armv6']
    });
    const expanded = await legs({ image: 'r/app', platforms: 'linux/amd64,linux/arm/v7,linux/arm/v6', runners });
    expect(expanded.map((leg) => leg.runsOn)).toEqual([['self-hosted', 'x64'], 'pi-fleet', ['self-hosted', 'armv6']]);
  });

  it.each([
    [{ platforms: 'linux/riscv64' }, 'Input \'runners\' has no runner for linux/riscv64: add "riscv64"'],
    [{ platforms: 'windows/amd64' }, "Input 'platforms' has windows/amd64, which this workflow cannot fan out"],
    [{ platforms: 'amd64,x86_64' }, "Input 'platforms' names linux/amd64 twice"],
    [{ platforms: ' , ' }, "Input 'platforms' is empty"],
    [{ runners: '{amd64: x}' }, "Input 'runners' is not JSON"],
    [{ runners: '["ubuntu-24.04"]' }, "Input 'runners' must be a JSON object"]
  ])('%j fails the plan: %s', async (given, message) => {
    const { run } = await plan({ image: 'r/app', ...given });
    expect(run.failure).toContain(message);
    expect(run.outputs).toEqual({});
  });

  // The action's own spellings: the plan must agree with src/planning/platforms.ts on each one it takes.
  it.each([
    'amd64',
    'x86_64',
    'x86-64',
    'x64',
    'linux/amd64/v1',
    'aarch64',
    'arm64/v8',
    'aarch64/v8',
    'linux/arm',
    'armhf',
    'armhf/v7',
    'armv7',
    'armv7l',
    'arm/v7',
    'armel',
    'arm/v6',
    'i386',
    'i686',
    'x86',
    '386',
    'ppc64el',
    'ppc64le',
    's390x',
    'riscv64',
    'Linux/ARM64'
  ])('%s means what the action takes it to mean', async (spelling) => {
    const expected = formatPlatform(parsePlatform(spelling));
    const fanned = await legs({ image: 'r/app', platforms: spelling, runners: JSON.stringify({ [expected]: 'r' }) });
    expect(fanned.map((leg) => leg.matrix['platform'])).toEqual([expected]);
  });

  it('every platform the plan fans out has its own image-<key> output on the build job', async () => {
    const all = 'amd64,arm64,arm/v7,arm/v6,386,ppc64le,s390x,riscv64';
    const expanded = await legs({
      image: 'r/app',
      platforms: all,
      runners: '{"amd64":"a","arm64":"b","arm":"c","386":"d","ppc64le":"e","s390x":"f","riscv64":"g"}'
    });
    const keys = expanded.map((leg) => `image-${String(leg.matrix['key'])}`);
    expect(
      Object.keys(resolveStrings(job(workflow, 'build').outputs, { steps: { publish: { outputs: {} } } }))
    ).toEqual(keys);
  });
});

describe('what each job runs', () => {
  it('each platform job runs this action for its platform, pushed by digest, with the smoke run and no tag', async () => {
    const [leg] = await legs({ image: 'ghcr.io/acme/app', 'smoke-test': '--version', tags: 'latest', username: 'bot' });
    const { outputs } = await plan({ image: 'ghcr.io/acme/app' });
    const contexts = {
      ...contextsFor({ image: 'ghcr.io/acme/app', 'smoke-test': '--version', tags: 'latest', username: 'bot' }),
      matrix: leg?.matrix,
      needs: { plan: { outputs } },
      steps: { cache: { outputs: { from: '', to: '' } } }
    };
    const action = steps(workflow, 'build').find((step) => isOwnAction(step.uses));
    const given = resolveStrings(find(action?.token, 'with'), contexts);
    expect(given).toMatchObject({
      platforms: 'linux/amd64',
      image: 'ghcr.io/acme/app',
      'push-by-digest': 'true',
      push: 'true',
      'smoke-test': '--version',
      'arch-audit': 'error',
      verify: 'false',
      username: 'bot',
      password: 's3cret'
    });
    expect(given).not.toHaveProperty('tags');
    expect(given).not.toHaveProperty('mode');
  });

  it('each leg runs the cache input for its one platform: its own gha scopes and registry tag, none shared', async () => {
    const given = { image: 'ghcr.io/acme/app', platforms: 'amd64,arm64,arm/v7', username: 'bot' };
    const { outputs } = await plan(given);
    const action = steps(workflow, 'build').find((step) => isOwnAction(step.uses));
    const written = { gha: [] as string[], registry: [] as string[] };
    for (const leg of await legs(given)) {
      const withInputs = resolveStrings(find(action?.token, 'with'), {
        ...contextsFor(given),
        matrix: leg.matrix,
        needs: { plan: { outputs } },
        steps: { cache: { outputs: { from: '', to: '' } } }
      });
      expect(withInputs['cache']).toBe('auto');
      const inputs = parseInputs(runnerReader(withInputs));
      const event = { eventName: 'push', ref: 'refs/heads/dev', sha: 'abc', defaultBranch: 'main', createdAt: '' };
      const cache = planBuild(inputs, event, parsePlatform('linux/amd64')).cache;
      const gha = ghaSpecs(cache, inputs.platforms, 2);
      // linux/arm/v7 → linux-arm-v7
      const slug = formatPlatform(inputs.platforms[0] as Platform).replaceAll('/', '-');
      written.gha.push(...gha.cacheTo);
      expect(gha.cacheFrom).toEqual([
        `type=gha,scope=ghcr.io/acme/app-${slug}-dev`,
        `type=gha,scope=ghcr.io/acme/app-${slug}-main`
      ]);
      written.registry.push(...registrySpecs({ ...cache, mode: 'registry' }, inputs.platforms).cacheTo);
    }
    expect(written.gha).toEqual([
      'type=gha,scope=ghcr.io/acme/app-linux-amd64-dev,mode=max,ignore-error=true',
      'type=gha,scope=ghcr.io/acme/app-linux-arm64-dev,mode=max,ignore-error=true',
      'type=gha,scope=ghcr.io/acme/app-linux-arm-v7-dev,mode=max,ignore-error=true'
    ]);
    expect(written.registry).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64,mode=max,ignore-error=true',
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm64,mode=max,ignore-error=true',
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm-v7,mode=max,ignore-error=true'
    ]);
  });

  it('the merge joins the set per-platform keys into sources and verifies the final tags', async () => {
    const { outputs } = await plan({ image: 'ghcr.io/acme/app', platforms: 'amd64,arm64' });
    const needs = {
      plan: { outputs },
      build: { outputs: { 'image-amd64': 'r/app@sha256:a', 'image-arm64': 'r/app@sha256:b', 'image-arm-v7': '' } }
    };
    const merge = steps(workflow, 'merge').find((step) => isOwnAction(step.uses));
    const given = resolveStrings(find(merge?.token, 'with'), {
      ...contextsFor({ image: 'ghcr.io/acme/app', tags: '1.0' }),
      needs
    });
    expect(given).toMatchObject({
      mode: 'merge',
      sources: 'r/app@sha256:a,r/app@sha256:b,',
      platforms: 'linux/amd64,linux/arm64',
      tags: '1.0',
      verify: 'true',
      push: 'true'
    });
  });

  it('both action steps name this action at the same ref, the major tag the README documents or a release commit', () => {
    const refs = ['build', 'merge']
      .flatMap((id) => steps(workflow, id).map((step) => step.uses))
      .filter((uses) => uses?.includes('multiarch'));
    expect(refs).toHaveLength(2);
    expect(refs.every(isOwnAction) && refs[0] === refs[1]).toBe(true);
    expect(readFileSync('README.md', 'utf8')).toContain('uses: acme/multiarch-build-push@v1');
  });

  it.each([
    ['push', 'success', true],
    ['pull_request', 'success', false],
    ['push', 'failure', false],
    ['push', 'cancelled', false]
  ] as const)('on %s with the build jobs at %s, the merge runs: %s', async (eventName, status, runs) => {
    const { outputs, contexts } = await plan({ image: 'r/app' }, eventName);
    expect(jobRuns(workflow, 'merge', { ...contexts, needs: { plan: { outputs } } }, status)).toBe(runs);
  });

  it('push: true publishes and merges even on a pull request; push: false never merges', async () => {
    for (const [push, expected] of [
      ['true', true],
      ['false', false]
    ] as const) {
      const { outputs, contexts } = await plan({ image: 'r/app', push }, 'pull_request');
      expect(outputs['push']).toBe(String(expected));
      expect(jobRuns(workflow, 'merge', { ...contexts, needs: { plan: { outputs } } }, 'success')).toBe(expected);
    }
  });

  it('a leg publishes its image only under its own key, and not when it pushed nothing', () => {
    const publish = steps(workflow, 'build').find((step) => step.id === 'publish');
    for (const [image, runs] of [
      ['', false],
      ['r@sha256:c', true]
    ] as const)
      expect(evaluate(publish?.condition ?? 'true', { steps: { build: { outputs: { image } } } })).toBe(runs);
    const env = resolveStrings(find(publish?.token, 'env'), {
      matrix: { key: 'arm-v7' },
      steps: { build: { outputs: { image: 'r@sha256:c' } } }
    });
    expect(env).toEqual({ KEY: 'arm-v7', IMAGE_REF: 'r@sha256:c' });
  });
});

describe('the inputs of this round, the token and the permissions', () => {
  const secrets = { password: 's3cret', 'build-secrets': 'NPM_TOKEN=npm-value', 'registry-auth': '- username: u' };
  const given = {
    image: 'ghcr.io/Acme/App',
    'secret-files': 'CA=./ci/ca.pem',
    'build-contexts': 'base=docker-image://ghcr.io/acme/base:1',
    flavor: 'latest=false',
    provenance: 'mode=max',
    sbom: 'true',
    labels: 'org.acme.series={{major}}.{{minor}}',
    annotations: 'index:org.acme.version={{version}}',
    'build-args': 'VERSION={{version}}',
    tags: 'type=semver,pattern={{version}}'
  };

  /** The action step's with: of a build leg, the cache step's outputs as given. */
  async function legInputs(cache: Record<string, string> = { from: '', to: '' }) {
    const [leg] = await legs(given);
    const { outputs } = await plan(given);
    const action = steps(workflow, 'build').find((step) => isOwnAction(step.uses));
    return resolveStrings(find(action?.token, 'with'), {
      ...contextsFor(given),
      secrets,
      matrix: leg?.matrix,
      needs: { plan: { outputs } },
      steps: { cache: { outputs: cache } }
    });
  }

  it('each leg gets the build secrets, registry-auth, secret files, contexts, provenance and sbom; templates as written', async () => {
    expect(await legInputs()).toMatchObject({
      secrets: 'NPM_TOKEN=npm-value',
      'registry-auth': '- username: u',
      'secret-files': 'CA=./ci/ca.pem',
      'build-contexts': 'base=docker-image://ghcr.io/acme/base:1',
      provenance: 'mode=max',
      sbom: 'true',
      labels: 'org.acme.series={{major}}.{{minor}}',
      annotations: 'index:org.acme.version={{version}}',
      'build-args': 'VERSION={{version}}',
      image: 'ghcr.io/Acme/App'
    });
  });

  it('the merge gets the tags with their flavor, the annotations and registry-auth', async () => {
    const merge = steps(workflow, 'merge').find((step) => isOwnAction(step.uses));
    const resolved = resolveStrings(find(merge?.token, 'with'), {
      ...contextsFor(given),
      secrets,
      needs: { plan: { outputs: {} }, build: { outputs: {} } }
    });
    expect(resolved).toMatchObject({
      tags: 'type=semver,pattern={{version}}',
      flavor: 'latest=false',
      annotations: 'index:org.acme.version={{version}}',
      'registry-auth': '- username: u'
    });
    expect(resolved).not.toHaveProperty('secrets');
  });

  it('checks out without persisting the token in .git/config', () => {
    const checkout = steps(workflow, 'build').find((step) => step.uses?.startsWith('actions/checkout@'));
    // As the runner hands it to actions/checkout: the input's text.
    expect(resolveStrings(find(checkout?.token, 'with'), {})).toEqual({ 'persist-credentials': 'false' });
  });

  it('declares permissions per job: none for the plan, what pushing needs for the others', () => {
    const permissions = (id: string): unknown => resolve(find(workflow.root, 'jobs', id, 'permissions'), {});
    expect(permissions('plan')).toEqual({});
    expect(permissions('build')).toEqual({ contents: 'read', packages: 'write' });
    expect(permissions('merge')).toEqual({ packages: 'write' });
  });

  it.each<[string, string, string, (key: string) => { from: string; to: string }]>([
    [
      'type=gha without a scope gets buildkit-<key>',
      'type=gha',
      'type=gha,mode=max',
      (key) => ({ from: `type=gha,scope=buildkit-${key}`, to: `type=gha,mode=max,scope=buildkit-${key}` })
    ],
    [
      'type=gha with a scope of its own gets <scope>-<key>',
      'type=gha,scope=app',
      ' type=gha , scope=app,mode=max',
      (key) => ({ from: `type=gha,scope=app-${key}`, to: `type=gha,scope=app-${key},mode=max` })
    ],
    [
      'other cache types pass unchanged',
      'type=registry,ref=r/app:cache\nr/app:cache',
      '',
      () => ({ from: 'type=registry,ref=r/app:cache\nr/app:cache', to: '' })
    ]
  ])('%s: each leg its own scope, so legs do not overwrite each other', async (_why, from, to, expected) => {
    const expanded = await legs({ image: 'r/app', platforms: 'amd64,arm64', 'cache-from': from, 'cache-to': to });
    const step = steps(workflow, 'build').find((entry) => entry.id === 'cache');
    const scoped = expanded.map((leg) => {
      const contexts = { ...contextsFor({ 'cache-from': from, 'cache-to': to }), matrix: leg.matrix };
      const script = asText(resolve(find(step?.token, 'run'), contexts));
      const run = runShellStep(script, resolveStrings(find(step?.token, 'env'), contexts));
      expect(run.failure).toBeUndefined();
      return run.outputs;
    });
    expect(scoped).toEqual(['amd64', 'arm64'].map(expected));
  });

  it('the action takes the scoped entries of the cache step, not the workflow’s inputs', async () => {
    const resolved = await legInputs({ from: 'type=gha,scope=buildkit-amd64', to: 'type=gha,scope=buildkit-amd64' });
    expect(resolved['cache-from']).toBe('type=gha,scope=buildkit-amd64');
    expect(resolved['cache-to']).toBe('type=gha,scope=buildkit-amd64');
  });
});

describe('the e2e workflow that calls it on GitHub', () => {
  it('parses, and calls build.yml for amd64 and arm64 on their default runners', async () => {
    const e2e = await loadWorkflow('.github/workflows/e2e.yml');
    expect(e2e.errors).toEqual([]);
    const caller = e2e.template.jobs.find((entry) => entry.id.value === 'reusable-workflow');
    expect(caller?.type).toBe('reusableWorkflowJob');
    expect(caller?.type === 'reusableWorkflowJob' ? caller.ref.value : '').toBe('./.github/workflows/build.yml');
    const given = resolveStrings(find(e2e.root, 'jobs', 'reusable-workflow', 'with'), {
      github: { repository: 'acme/multiarch-build-push', sha: 'abc', actor: 'bot' }
    });
    expect(given['platforms']).toBe('linux/amd64,linux/arm64');
    expect(given['runners']).toBeUndefined();
    expect((await legs(given)).map((leg) => leg.runsOn)).toEqual(['ubuntu-24.04', 'ubuntu-24.04-arm']);
  });
});
