// planBuild: inputs and the git event in, one build plan out. No mocks: nothing here does I/O.
import { targetTexts } from '../../../src/model/references.js';
import { describe, expect, it } from '@jest/globals';
import { makesIndex, planBuild } from '../../../src/planning/build-plan.js';
import { describePlan } from '../../../src/planning/plan-job.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { inputErrorOf } from '../../helpers/errors.js';
import { event, inputsOf, planShape, pullRequest, release } from '../../helpers/plans.js';
import type { GitEvent } from '../../../src/model/event.js';
import type { BuildModePlan } from '../../../src/model/plan.js';

const amd64 = parsePlatform('linux/amd64');
const build = (values: Record<string, string>, on: GitEvent = event()): BuildModePlan =>
  planBuild(inputsOf(values), on, amd64);

describe('planBuild', () => {
  it.each<[string, Record<string, string>, GitEvent, Partial<ReturnType<typeof planShape>>]>([
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
    expect(planShape(build(values, on))).toMatchObject(expected);
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

  it('templates in build-args, labels and annotations are filled from the event, for the build and the preflight', () => {
    const plan = build(
      {
        image: 'ghcr.io/acme/app',
        'build-args': 'VERSION={{version}}\nPLAIN=x',
        labels: 'org.example.series={{major}}.{{minor}}',
        annotations: "index:org.example.day={{date 'YYYY'}}"
      },
      release
    );
    expect(plan.build.buildArgs).toEqual([
      { key: 'VERSION', value: '1.2.3' },
      { key: 'PLAIN', value: 'x' }
    ]);
    expect(plan.preflight.dockerfile?.buildArgs).toEqual(plan.build.buildArgs);
    expect(plan.labels).toContainEqual({ key: 'org.example.series', value: '1.2' });
    expect(plan.annotations).toContainEqual({ key: 'index:org.example.day', value: '2026' });
  });

  it('{{version}} there is the run’s version: with rule lines, the highest-priority tag (metadata-action’s version output)', () => {
    const plan = build(
      { image: 'ghcr.io/acme/app', tags: 'type=edge\ntype=ref,event=branch', 'build-args': 'VERSION={{version}}' },
      event({ defaultBranch: 'main' })
    );
    expect(plan.tags.version).toBe('edge');
    expect(plan.build.buildArgs).toEqual([{ key: 'VERSION', value: 'edge' }]);
    expect(plan.labels).toContainEqual({ key: 'org.opencontainers.image.version', value: 'edge' });
  });

  it('a placeholder the event cannot fill is refused, naming the input', () => {
    const error = inputErrorOf(() => build({ tags: 'ghcr.io/acme/app:1', 'build-args': 'V={{major}}' }, event()));
    expect(error.input).toBe('build-args');
    expect(error.value).toBe('V={{major}}');
  });

  it('image and tags with capitals: pushed lowercased, said once in the plan', () => {
    const plan = build({ image: 'ghcr.io/Acme/PyTime', tags: 'V1\nghcr.io/Acme/Other:Beta' });
    expect(targetTexts(plan.tags.targets)).toEqual(['ghcr.io/acme/pytime:V1', 'ghcr.io/acme/other:Beta']);
    expect(plan.repositories).toEqual(['ghcr.io/acme/pytime', 'ghcr.io/acme/other']);
    const said = describePlan(plan).filter((line) => line.includes('lowercased'));
    expect(said).toEqual([
      'Image names lowercased (as docker/metadata-action does; tags keep their case): ghcr.io/Acme/PyTime → ghcr.io/acme/pytime, ghcr.io/Acme/Other:Beta → ghcr.io/acme/other:Beta'
    ]);
    expect(plan.warnings).toEqual([]);
    expect(describePlan(build({ image: 'ghcr.io/acme/pytime' })).join('\n')).not.toContain('lowercased');
  });

  it.each<[string, Record<string, string>, string]>([
    ['a push: what reads the pushed image', { push: 'true' }, 'Checks: verify, arch-audit (error)'],
    [
      'nothing pushed: checked on the runner',
      { push: 'false', 'smoke-test': 'true' },
      'Checks: local platforms, arch-audit (error), smoke test (on the runner; nothing is pushed)'
    ],
    [
      'nothing pushed, audit and smoke off: nothing read back',
      { push: 'false', 'arch-audit': 'off' },
      'Checks: none (on the runner; nothing is pushed)'
    ]
  ])('the plan says which checks run: %s', (_why, values, line) => {
    expect(describePlan(build({ tags: 'ghcr.io/acme/app:1', ...values }))).toContain(line);
  });

  it('login-scope: job is carried to the job and said in the plan', () => {
    const plan = build({ tags: 'ghcr.io/acme/app:1', username: 'u', password: 'p', 'login-scope': 'job' });
    expect(plan.job.loginScope).toBe('job');
    expect(describePlan(plan).join('\n')).toContain('login-scope: job');
    expect(build({ tags: 'ghcr.io/acme/app:1' }).job.loginScope).toBe('step');
  });
});

describe('makesIndex', () => {
  const one = [{ os: 'linux', architecture: 'amd64' }];
  const two = [...one, { os: 'linux', architecture: 'arm64' }];
  it.each([
    ['two platforms', { platforms: two, attests: [], sbom: '' }, '', true],
    ['one platform, provenance mode=min', { platforms: one, attests: [], sbom: '' }, 'mode=min', true],
    ['one platform, no provenance (a pull request)', { platforms: one, attests: [], sbom: '' }, '', false],
    ['one platform, provenance false', { platforms: one, attests: [], sbom: '' }, 'false', false],
    [
      'one platform, provenance inline-only',
      { platforms: one, attests: [], sbom: '' },
      'mode=min,inline-only=true',
      false
    ],
    ['one platform, an sbom', { platforms: one, attests: [], sbom: 'true' }, '', true],
    ['one platform, an attest line', { platforms: one, attests: ['type=provenance,mode=max'], sbom: '' }, '', true]
  ])('%s: %s', (_name, inputs, provenance, expected) => {
    expect(makesIndex(inputs, provenance)).toBe(expected);
  });
});
