// Pure planning: inputs and the git event in, one plan out. No mocks: nothing here does I/O.
import { describe, expect, it } from '@jest/globals';
import { planBuild } from '../../../src/planning/build-plan.js';
import { parseInputs } from '../../../src/planning/inputs.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { planMerge } from '../../../src/planning/merge-plan.js';
import { describePlan } from '../../../src/planning/plan.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { inputErrorOf } from '../../helpers/errors.js';
import type { GitEvent } from '../../../src/model/event.js';
import type { BuildModePlan, Plan } from '../../../src/model/plan.js';
import type { Inputs } from '../../../src/model/inputs.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const D1 = `sha256:${'1'.repeat(64)}`;
const amd64 = parsePlatform('linux/amd64');

function event(overrides: Partial<GitEvent> = {}): GitEvent {
  return { eventName: 'push', ref: 'refs/heads/main', sha: SHA, createdAt: '2026-01-01T00:00:00.000Z', ...overrides };
}
const release = event({
  ref: 'refs/tags/v1.2.3',
  repositoryUrl: 'https://github.com/acme/app',
  repositoryName: 'app'
});
const pullRequest = event({ eventName: 'pull_request', ref: 'refs/pull/7/merge', prNumber: 7 });

const inputsOf = (values: Record<string, string>): Inputs => parseInputs(runnerReader(values));
const build = (values: Record<string, string>, on: GitEvent = event()): BuildModePlan =>
  planBuild(inputsOf(values), on, amd64);

/** The parts of a plan a case looks at, as plain data. */
function shape(plan: Plan) {
  return {
    push: plan.push,
    promote: plan.promote,
    tags: plan.tags.references,
    floating: plan.tags.floating.map(({ tag }) => tag),
    registries: plan.registries,
    logins: plan.job.logins.map(({ registry, username }) => ({ registry, username })),
    checks: plan.checks,
    platforms: plan.platforms.length
  };
}

describe('planBuild', () => {
  it.each<[string, Record<string, string>, GitEvent, Partial<ReturnType<typeof shape>>]>([
    [
      'full references on a push: pushed, every check on by default, no login without a username',
      { tags: 'ghcr.io/acme/app:1.0,ghcr.io/acme/app:latest' },
      event(),
      {
        push: true,
        promote: true,
        tags: ['ghcr.io/acme/app:1.0', 'ghcr.io/acme/app:latest'],
        floating: [],
        registries: ['ghcr.io'],
        logins: [],
        checks: {
          verify: true,
          audit: 'error',
          auditIgnore: [],
          auditLimits: { maxFiles: 50_000, maxBytes: 2 * 1024 ** 3, timeoutMs: 120_000 }
        },
        platforms: 2
      }
    ],
    [
      'a pull request under push auto: built, not pushed',
      { tags: 'ghcr.io/acme/app:pr' },
      pullRequest,
      { push: false, promote: false, tags: ['ghcr.io/acme/app:pr'] }
    ],
    ['push true pushes a pull request too', { tags: 'ghcr.io/acme/app:pr', push: 'true' }, pullRequest, { push: true }],
    [
      'the image input on a release: the event tags, the floating ones guarded',
      { image: 'ghcr.io/acme/app' },
      release,
      {
        tags: ['1.2.3', '1.2', '1', 'latest', 'sha-0123456'].map((tag) => `ghcr.io/acme/app:${tag}`),
        floating: ['1.2', '1', 'latest']
      }
    ],
    [
      'a login goes to the first tag’s registry; several registries are all named',
      { tags: '127.0.0.1:5001/a/app:1,ghcr.io/acme/app:1', username: 'octocat', password: 'pw' },
      event(),
      {
        registries: ['127.0.0.1:5001', 'ghcr.io'],
        logins: [{ registry: '127.0.0.1:5001', username: 'octocat' }]
      }
    ],
    [
      'the registry input wins for the login; Docker Hub is docker.io',
      { tags: 'ghcr.io/acme/app:1', registry: 'docker.io', username: 'octocat', password: 'pw' },
      event(),
      { logins: [{ registry: 'docker.io', username: 'octocat' }] }
    ],
    [
      'checks as asked: verify off, audit warn with ignores, a smoke run',
      {
        tags: 'ghcr.io/acme/app:1',
        verify: 'false',
        'arch-audit': 'warn',
        'arch-audit-ignore': '/opt/*',
        'smoke-test': 'app --version',
        'smoke-test-timeout': '30'
      },
      event(),
      {
        checks: {
          verify: false,
          audit: 'warn',
          auditIgnore: ['/opt/*'],
          auditLimits: { maxFiles: 50_000, maxBytes: 2 * 1024 ** 3, timeoutMs: 120_000 },
          smoke: { command: 'app --version', timeoutSeconds: 30 }
        }
      }
    ],
    [
      'push false with no tags at all: a build that goes nowhere is allowed',
      { push: 'false' },
      event(),
      { push: false, tags: [], registries: [] }
    ]
  ])('%s', (_why, values, on, expected) => {
    expect(shape(build(values, on))).toMatchObject(expected);
  });

  it.each<[string, Record<string, string>]>([
    ['docker-container', { driver: 'docker-container' }],
    ['the docker driver, which buildx cannot make push by digest', { driver: 'docker' }],
    ['driver auto', {}]
  ])('push-by-digest on %s: one repository, untagged, no tag of any kind', (_why, values) => {
    const plan = build({ image: 'ghcr.io/acme/app', 'push-by-digest': 'true', platforms: 'linux/amd64', ...values });
    expect(plan.digestTarget).toStrictEqual({ repository: 'ghcr.io/acme/app' });
    expect(plan.repositories).toStrictEqual(['ghcr.io/acme/app']);
    expect(plan.registries).toStrictEqual(['ghcr.io']);
    // The merge of the per-platform images promotes; this job moves no user tag.
    expect(plan.promote).toBe(false);
  });

  it('the image goes by digest to every repository the tags name, each once, in order', () => {
    const plan = build({
      tags: 'ghcr.io/acme/app:1,127.0.0.1:5001/acme/app:1,ghcr.io/acme/app:latest,ghcr.io/acme/other:1'
    });
    expect(plan.repositories).toStrictEqual(['ghcr.io/acme/app', '127.0.0.1:5001/acme/app', 'ghcr.io/acme/other']);
  });

  it.each<[string, Record<string, string>, string[]]>([
    [
      'several platforms: OCI labels, and the same keys on the index',
      { image: 'ghcr.io/acme/app' },
      ['index:org.opencontainers.image.source', 'index:org.opencontainers.image.version']
    ],
    [
      'one platform without provenance has no index, so no index annotations',
      { image: 'ghcr.io/acme/app', platforms: 'linux/amd64', provenance: 'false' },
      []
    ],
    ['no image input: no generated metadata at all', { tags: 'ghcr.io/acme/app:1' }, []]
  ])('labels and annotations: %s', (_why, values, annotationKeys) => {
    const plan = build(values, release);
    const keys = plan.annotations.map(({ key }) => key);
    for (const key of annotationKeys) expect(keys).toContain(key);
    if (annotationKeys.length === 0) expect(keys).toStrictEqual([]);
    const version = plan.labels.find(({ key }) => key === 'org.opencontainers.image.version');
    expect(version?.value).toBe(values['image'] ? '1.2.3' : undefined);
  });

  it('the builder and emulators as the inputs say, and the daemon pinged first', () => {
    const plan = build({
      tags: 'ghcr.io/acme/app:1',
      driver: 'docker',
      endpoint: 'tcp://127.0.0.1:2375',
      qemu: 'false',
      'cache-to': 'type=gha,mode=max\ntype=registry,ref=ghcr.io/acme/cache'
    });
    expect(plan.builder).toMatchObject({
      driver: 'docker',
      endpoint: 'tcp://127.0.0.1:2375',
      load: false,
      cacheToTypes: ['gha', 'registry'],
      emulators: { enabled: false }
    });
    // A tcp:// endpoint is the builder's; the daemon checked first is the user's own ('').
    expect(plan.job.daemon).toBe('');
    expect(plan.native).toStrictEqual(amd64);
  });

  it.each<[string, Record<string, string>, string | undefined]>([
    [
      'a unix:// endpoint of the docker driver is the daemon to ping',
      { endpoint: 'unix:///run/user.sock' },
      'unix:///run/user.sock'
    ],
    [
      'a remote driver’s unix:// endpoint is a buildkitd socket: the user’s daemon',
      { driver: 'remote', endpoint: 'unix:///run/buildkitd.sock' },
      ''
    ]
  ])('%s', (_why, values, daemon) => {
    expect(build({ tags: 'ghcr.io/acme/app:1', ...values }).job.daemon).toBe(daemon);
  });

  it('a merge pings no daemon', () => {
    expect(
      planMerge(inputsOf({ mode: 'merge', sources: `127.0.0.1:5001/a/app@${D1}`, tags: 'ghcr.io/a/b:1' }), event()).job
        .daemon
    ).toBeUndefined();
  });

  it('the preflight and the audit read the Dockerfile of a local context; a git context has none here', () => {
    const local = build({ tags: 'ghcr.io/acme/app:1', context: 'app', 'build-args': 'V=1', target: 'run' });
    const expected = {
      path: 'app/Dockerfile',
      buildArgs: [{ key: 'V', value: '1' }],
      target: 'run',
      buildContexts: []
    };
    expect(local.preflight).toStrictEqual({ level: 'error', dockerfile: expected });
    expect(local.checks.finalStage).toStrictEqual(expected);
    const remote = build({ tags: 'ghcr.io/acme/app:1', context: 'https://github.com/acme/app.git' });
    expect(remote.preflight).toStrictEqual({ level: 'error' });
    expect(remote.checks.finalStage).toBeUndefined();
  });

  it('warns of build args that look like secrets, and never describes a secret', () => {
    const plan = build({
      tags: 'ghcr.io/acme/app:1',
      username: 'u',
      password: 'pw-value',
      secrets: 'NPM_TOKEN=tok-value',
      'build-args': 'API_KEY=x\nVERSION=1'
    });
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toContain('build-arg API_KEY looks like a secret');
    expect(describePlan(plan).join('\n')).not.toMatch(/pw-value|tok-value/);
  });

  it.each<[string, Record<string, string>, GitEvent]>([
    ['no tags and no image on a push', {}, event()],
    ['tags that fill to nothing', { tags: '' }, release]
  ])('refuses to push nowhere: %s', (_why, values, on) => {
    const error = inputErrorOf(() => build(values, on));
    expect(error.input).toBe('tags');
    expect(error.message).toContain('nothing to push to');
  });

  it('a pull request with no tags builds without a target', () => {
    expect(build({}, pullRequest).push).toBe(false);
  });
});

describe('planMerge', () => {
  const merge = (values: Record<string, string>, on: GitEvent = event()) =>
    planMerge(inputsOf({ mode: 'merge', sources: `127.0.0.1:5001/a/app@${D1}`, ...values }), on);

  it('full references: the tags, the sources, the registries of both, checked then promoted', () => {
    const plan = merge({ tags: 'ghcr.io/acme/app:1.0', username: 'u', password: 'pw' });
    expect(shape(plan)).toMatchObject({
      push: true,
      tags: ['ghcr.io/acme/app:1.0'],
      registries: ['ghcr.io', '127.0.0.1:5001'],
      logins: [{ registry: 'ghcr.io', username: 'u' }],
      checks: { verify: true, audit: 'error', auditIgnore: [] }
    });
    expect(plan.promote).toBe(true);
    // The merged index goes to the tags' repository; the sources' repository is only read.
    expect(plan.repositories).toStrictEqual(['ghcr.io/acme/app']);
    expect(plan.sources).toStrictEqual([
      { reference: `127.0.0.1:5001/a/app@${D1}`, repository: '127.0.0.1:5001/a/app', digest: D1 }
    ]);
  });

  it('never plans a smoke run: the build jobs ran their images', () => {
    expect(merge({ tags: 'ghcr.io/acme/app:1', 'smoke-test': 'true' }).checks.smoke).toBeUndefined();
  });

  it('the image input gets the event tags, as a build does', () => {
    expect(shape(merge({ image: 'ghcr.io/acme/app' }, release)).floating).toStrictEqual(['1.2', '1', 'latest']);
  });

  it('warns of annotations that belong to the build jobs', () => {
    const plan = merge({ tags: 'ghcr.io/acme/app:1', annotations: 'manifest:a=1\nindex:b=2\nc=3' });
    expect(plan.warnings).toStrictEqual([
      'annotation manifest:a is left out of the merge: it only creates the index (set other levels on the build jobs).'
    ]);
  });

  it('refuses a merge with nothing to tag, push or not', () => {
    for (const push of ['true', 'false'])
      expect(inputErrorOf(() => merge({ push })).message).toContain('nothing to tag the merged image with');
  });
});

describe('the bare-tag rule, once for both modes', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['build, push auto', { tags: 'latest' }, true],
    ['build, push true', { tags: 'latest', push: 'true' }, true],
    ['build, push false: nothing leaves the runner', { tags: 'latest', push: 'false' }, false],
    ['build with the image input', { tags: 'latest', image: 'ghcr.io/acme/app' }, false],
    [
      'merge, push false: a merge always tags',
      { tags: 'latest', mode: 'merge', sources: `r/app@${D1}`, push: 'false' },
      true
    ],
    ['merge with the image input', { tags: 'latest', mode: 'merge', sources: `r/app@${D1}`, image: 'r/app' }, false]
  ])('%s', (_why, values, refused) => {
    if (!refused) {
      expect(inputsOf(values).tags).toStrictEqual(['latest']);
      return;
    }
    const error = inputErrorOf(() => inputsOf(values));
    expect(error.input).toBe('tags');
    expect(error.message).toContain('a bare tag needs the image input');
  });

  it('sources are parsed in merge mode only', () => {
    expect(inputsOf({ tags: 'r/app:1', sources: 'not a reference' }).sources).toStrictEqual([]);
    expect(inputErrorOf(() => inputsOf({ mode: 'merge', tags: 'r/app:1', sources: 'r/app' })).input).toBe('sources');
  });
});
