// The cache input's decisions, against the runner's environment as GitHub sets it for a JavaScript
// action, and the builders' versions that speak (or do not speak) the cache service v2.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { rejectionOf } from '../../helpers/errors.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { builderFactsRead, ghaServiceOf, ghaSupport, ghaSpecs, registrySpecs, resolveCache } =
  await import('../../../src/buildx/cache-support.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { parsePlatformList } = await import('../../../src/model/platforms.js');
type Facts = import('../../../src/buildx/cache-support.js').CacheBuilderFacts;
type Builder = import('../../../src/buildx/builder-config.js').Builder;
type CachePlan = import('../../../src/model/cache.js').CachePlan;

/** What a github.com runner gives a node action since the cache service v2 (April 2025). */
const githubCom: NodeJS.ProcessEnv = {
  ACTIONS_RUNTIME_TOKEN: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.runtime',
  ACTIONS_RUNTIME_URL: 'https://pipelinesghubeus2.actions.githubusercontent.com/abc/',
  ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.com/',
  ACTIONS_CACHE_URL: 'https://acghubeus1.actions.githubusercontent.com/abc/',
  ACTIONS_CACHE_SERVICE_V2: 'True'
};
/** GitHub Enterprise Server: the legacy service, no v2 flag. */
const ghes: NodeJS.ProcessEnv = {
  ACTIONS_RUNTIME_TOKEN: 'token',
  ACTIONS_CACHE_URL: 'https://ghes.example.com/_services/artifactcache/abc/'
};

const platforms = parsePlatformList('linux/amd64,linux/arm/v7');
const plan = (change: Partial<CachePlan> = {}): CachePlan => ({
  mode: 'auto',
  write: true,
  repository: 'ghcr.io/acme/app',
  branch: 'feature/x',
  defaultBranch: 'main',
  ...change
});
const capable: Facts = { driver: 'docker-container', buildx: 'v0.21.1', buildkit: ['v0.20.2'] };
const builder = { name: 'b', driver: 'docker-container', nodes: [], platforms: [], existing: false } as Builder;

describe('ghaServiceOf', () => {
  it.each<[string, NodeJS.ProcessEnv, unknown]>([
    ['github.com since April 2025: v2', githubCom, { version: 2 }],
    ['v2 flag as buildx parses it (1)', { ...githubCom, ACTIONS_CACHE_SERVICE_V2: '1' }, { version: 2 }],
    ['v2 flag false: the legacy protocol', { ...githubCom, ACTIONS_CACHE_SERVICE_V2: 'false' }, { version: 1 }],
    ['GHES: ACTIONS_CACHE_URL only', ghes, { version: 1 }],
    [
      'legacy protocol through ACTIONS_RESULTS_URL',
      { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://r/' },
      { version: 1 }
    ]
  ])('%s', (_what, env, expected) => {
    expect(ghaServiceOf(env)).toEqual(expected);
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['no token: not a runner', {}, 'ACTIONS_RUNTIME_TOKEN'],
    [
      'a run: step that did not pass the token on',
      { ...githubCom, ACTIONS_RUNTIME_TOKEN: '' },
      'ACTIONS_RUNTIME_TOKEN'
    ],
    ['v2 without its URL', { ...githubCom, ACTIONS_RESULTS_URL: '' }, 'ACTIONS_RESULTS_URL is not'],
    ['no URL at all', { ACTIONS_RUNTIME_TOKEN: 't' }, 'neither ACTIONS_CACHE_URL nor ACTIONS_RESULTS_URL']
  ])('%s: no service', (_what, env, why) => {
    const service = ghaServiceOf(env);
    expect('missing' in service && service.missing).toContain(why);
  });
});

describe('ghaSupport', () => {
  it.each<[string, Partial<Facts>, 1 | 2, boolean, boolean | undefined, string]>([
    ['buildx 0.21 and BuildKit 0.20', {}, 2, true, undefined, ''],
    ['buildx 0.20 cannot speak v2', { buildx: 'v0.20.1' }, 2, false, true, 'buildx 0.20.1 predates'],
    ["Debian's buildx 0.13", { buildx: '0.13.1+ds1' }, 2, false, true, 'buildx 0.13.1'],
    ['BuildKit 0.19 on one node', { buildkit: ['v0.20.0', 'v0.19.4'] }, 2, false, true, 'BuildKit 0.19.4'],
    ['an unknown BuildKit', { buildkit: ['v0.0.0+unknown'] }, 2, false, false, "every node's BuildKit"],
    ['unknown buildx', { buildx: '' }, 2, false, false, 'buildx version'],
    [
      'the docker driver on Docker 28 (BuildKit 0.20)',
      { driver: 'docker', buildkit: [''], dockerEngine: '28.0.1', containerdStore: true },
      2,
      true,
      undefined,
      ''
    ],
    [
      'the docker driver on Docker 27',
      { driver: 'docker', dockerEngine: '27.5.1', containerdStore: true },
      2,
      false,
      true,
      'Docker 27.5.1'
    ],
    [
      'the docker driver, classic store',
      { driver: 'docker', dockerEngine: '28.1.0', containerdStore: false },
      2,
      false,
      true,
      'containerd image store'
    ],
    [
      'GHES: the legacy service takes an old BuildKit',
      { buildx: '0.13.1', buildkit: ['v0.12.0'] },
      1,
      true,
      undefined,
      ''
    ]
  ])('%s', (_what, change, version, ok, certain, why) => {
    const support = ghaSupport({ ...capable, ...change }, version);
    expect(support.ok).toBe(ok);
    if (!support.ok) {
      expect(support.certain).toBe(certain);
      expect(support.why).toContain(why);
    }
  });
});

describe('the layout: one scope or tag per image and platform', () => {
  it('gha: writes this branch scope per platform, reads it then the default branch', () => {
    const specs = ghaSpecs(plan(), platforms, 2);
    expect(specs.cacheFrom).toEqual([
      'type=gha,scope=ghcr.io/acme/app-linux-amd64-feature/x',
      'type=gha,scope=ghcr.io/acme/app-linux-amd64-main',
      'type=gha,scope=ghcr.io/acme/app-linux-arm-v7-feature/x',
      'type=gha,scope=ghcr.io/acme/app-linux-arm-v7-main'
    ]);
    expect(specs.cacheTo).toEqual([
      'type=gha,scope=ghcr.io/acme/app-linux-amd64-feature/x,mode=max,ignore-error=true',
      'type=gha,scope=ghcr.io/acme/app-linux-arm-v7-feature/x,mode=max,ignore-error=true'
    ]);
    // buildx reads the token and URLs from the environment: none of them is on the command line.
    expect([...specs.cacheFrom, ...specs.cacheTo].join(' ')).not.toMatch(/token|url/);
  });

  it('gha: on the default branch reads one scope per platform; a pull request without push writes none', () => {
    expect(ghaSpecs(plan({ branch: 'main' }), platforms, 2).cacheFrom).toHaveLength(2);
    expect(ghaSpecs(plan({ branch: 'main', defaultBranch: undefined }), platforms, 2).cacheFrom).toHaveLength(2);
    const pr = ghaSpecs(plan({ write: false }), platforms, 2);
    expect(pr.cacheTo).toEqual([]);
    expect(pr.line).toContain('writing none (push is off)');
  });

  it('gha: a matrix leg of one platform reads and writes only its own scopes', () => {
    const leg = ghaSpecs(plan(), parsePlatformList('linux/arm/v7'), 2);
    expect([...leg.cacheFrom, ...leg.cacheTo].every((spec) => spec.includes('-linux-arm-v7-'))).toBe(true);
  });

  it('registry: one buildcache-<platform> tag per platform next to the image, one export tagged for each', () => {
    const specs = registrySpecs(plan({ mode: 'registry' }), platforms);
    expect(specs.cacheFrom).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64',
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm-v7'
    ]);
    // One exporter: two would upload every new layer twice, side by side.
    expect(specs.cacheTo).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64,mode=max,ignore-error=true'
    ]);
    expect(specs.alsoTag).toEqual({ repository: 'ghcr.io/acme/app', tags: ['buildcache-linux-arm-v7'] });
    expect(specs.line).toBe(
      'cache: registry: reading ghcr.io/acme/app:buildcache-linux-amd64, ghcr.io/acme/app:buildcache-linux-arm-v7; writing buildcache-linux-amd64 (mode=max), then the same cache manifest under buildcache-linux-arm-v7'
    );
    const unpushed = registrySpecs(plan({ mode: 'registry', write: false }), platforms);
    expect([unpushed.cacheTo, unpushed.alsoTag]).toEqual([[], undefined]);
    const leg = registrySpecs(plan({ mode: 'registry' }), parsePlatformList('linux/arm/v7'));
    expect([leg.cacheFrom, leg.cacheTo, leg.alsoTag]).toEqual([
      ['type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm-v7'],
      ['type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm-v7,mode=max,ignore-error=true'],
      undefined
    ]);
  });
});

describe('resolveCache', () => {
  beforeEach(() => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
  });
  const facts =
    (change: Partial<Facts> = {}) =>
    () =>
      Promise.resolve({ ...capable, ...change });

  it('auto with the service and a capable builder: gha', async () => {
    const specs = await resolveCache({ plan: plan(), platforms, builder, env: githubCom, facts: facts() });
    expect(specs.line).toMatch(/^cache: gha \(service v2\): scopes ghcr.io\/acme\/app-linux-amd64-feature\/x, /);
    expect(specs.cacheTo).toHaveLength(2);
  });

  it('auto without the service: none, saying why, and no command run', async () => {
    const specs = await resolveCache({ plan: plan(), platforms, builder, env: {} });
    expect(specs).toEqual({
      cacheFrom: [],
      cacheTo: [],
      line: 'cache: auto: none, the runner provides no cache service: the step has no ACTIONS_RUNTIME_TOKEN (not a GitHub Actions runner)'
    });
    expect(execFixture.run).not.toHaveBeenCalled();
  });

  it('auto with an old builder: none, naming the version', async () => {
    const specs = await resolveCache({
      plan: plan(),
      platforms,
      builder,
      env: githubCom,
      facts: facts({ buildkit: ['v0.16.0'] })
    });
    expect(specs.cacheFrom).toEqual([]);
    expect(specs.line).toBe(
      'cache: auto: none, the builder cannot use the gha cache: BuildKit 0.16.0 predates 0.20, the first to speak cache service v2'
    );
  });

  it('gha without the service, or with a builder that cannot speak it: fails before the build', async () => {
    const noService = await rejectionOf(
      ActionError,
      resolveCache({ plan: plan({ mode: 'gha' }), platforms, builder, env: {} })
    );
    expect(noService.message).toContain("cache: gha needs GitHub's cache service");
    const old = await rejectionOf(
      ActionError,
      resolveCache({
        plan: plan({ mode: 'gha' }),
        platforms,
        builder,
        env: githubCom,
        facts: facts({ buildx: '0.13.1' })
      })
    );
    expect(old.message).toContain('cache: gha cannot work here: buildx 0.13.1 predates cache service v2');
  });

  it('gha with a builder whose version it cannot tell: warns and tries', async () => {
    const specs = await resolveCache({
      plan: plan({ mode: 'gha' }),
      platforms,
      builder,
      env: githubCom,
      facts: facts({ buildkit: ['v0.0.0+unknown'] })
    });
    expect(specs.cacheTo).toHaveLength(2);
    expect(coreFixture.warning).toHaveBeenCalledWith(
      expect.stringContaining("cannot tell every node's BuildKit version")
    );
  });

  it('registry needs no facts; a skipped plan adds nothing', async () => {
    const registry = await resolveCache({ plan: plan({ mode: 'registry' }), platforms, builder, env: {} });
    expect(registry.cacheFrom).toHaveLength(2);
    const skipped = await resolveCache({
      plan: plan({ mode: 'registry', skip: 'cache-from/cache-to are given' }),
      platforms,
      builder,
      env: githubCom
    });
    expect(skipped).toEqual({
      cacheFrom: [],
      cacheTo: [],
      line: 'cache: registry: nothing added (cache-from/cache-to are given)'
    });
    expect(execFixture.run).not.toHaveBeenCalled();
  });

  it('registry with the docker driver: only on the containerd store, else none with a warning', async () => {
    const docker = { ...builder, driver: 'docker', dockerContext: 'job-ctx' } as Builder;
    const classic = await resolveCache({
      plan: plan({ mode: 'registry' }),
      platforms,
      builder: docker,
      env: {},
      store: () => Promise.resolve({ containerdStore: false })
    });
    expect(classic.cacheTo).toEqual([]);
    expect(classic.line).toContain('only with the containerd image store');
    expect(coreFixture.warning).toHaveBeenCalledWith(expect.stringContaining('classic image store'));
    const containerd = await resolveCache({
      plan: plan({ mode: 'registry' }),
      platforms,
      builder: docker,
      env: {},
      store: () => Promise.resolve({ containerdStore: true })
    });
    expect(containerd.cacheTo).toHaveLength(1);
  });

  it('reads the facts with buildx version and, for the docker driver, docker info', async () => {
    execFixture.run.mockImplementation((_command, args) =>
      Promise.resolve(
        args.includes('version')
          ? execFixture.ok('github.com/docker/buildx v0.22.0 18ccba0\n')
          : execFixture.ok('28.0.4|[["driver-type","io.containerd.snapshotter.v1"]]\n')
      )
    );
    const docker = { ...builder, driver: 'docker', dockerContext: 'job-ctx' } as Builder;
    const specs = await resolveCache({ plan: plan(), platforms, builder: docker, env: githubCom });
    expect(specs.line).toMatch(/^cache: gha/);
    expect(execFixture.run.mock.calls.map(([, args]) => args.join(' '))).toEqual([
      'buildx version',
      '--context job-ctx info --format {{.ServerVersion}}|{{json .DriverStatus}}'
    ]);
  });
  it('the daemon driver: auto already read is not asked again, for registry nor for gha', async () => {
    execFixture.run.mockResolvedValue(execFixture.ok('github.com/docker/buildx v0.22.0 18ccba0\n'));
    const docker = { ...builder, driver: 'docker', dockerContext: 'job-ctx' } as Builder;
    const daemon = { dockerEngine: '28.0.4', containerdStore: true };
    const registry = await resolveCache({
      plan: plan({ mode: 'registry' }),
      platforms,
      builder: docker,
      env: {},
      daemon
    });
    expect(registry.cacheTo).toHaveLength(1);
    const gha = await resolveCache({ plan: plan(), platforms, builder: docker, env: githubCom, daemon });
    expect(gha.line).toMatch(/^cache: gha/);
    expect(execFixture.run.mock.calls.map(([, args]) => args.join(' '))).toEqual(['buildx version']);
  });
  it('a buildx version the job started reading is not asked again', async () => {
    const docker = { ...builder, driver: 'docker', dockerContext: 'job-ctx' } as Builder;
    const daemon = { dockerEngine: '28.0.4', containerdStore: true };
    const buildxVersion = Promise.resolve('v0.22.0');
    const gha = await resolveCache({ plan: plan(), platforms, builder: docker, env: githubCom, daemon, buildxVersion });
    expect(gha.line).toMatch(/^cache: gha/);
    expect(execFixture.run).not.toHaveBeenCalled();
    const old = await resolveCache({
      plan: plan(),
      platforms,
      builder: docker,
      env: githubCom,
      daemon,
      buildxVersion: Promise.resolve('v0.13.1')
    });
    expect(old.line).toMatch(/^cache: auto: none, .*buildx 0\.13\.1 predates/);
  });
});

describe('builderFactsRead: what the job starts reading while it logs in', () => {
  it.each([
    ['auto, on a runner with the cache service', plan(), githubCom, { buildx: true, daemon: true }],
    ['gha, on GHES (v1)', plan({ mode: 'gha' }), ghes, { buildx: true, daemon: true }],
    ['auto, no cache service', plan(), {}, { buildx: false, daemon: false }],
    ['registry: only the image store', plan({ mode: 'registry' }), githubCom, { buildx: false, daemon: true }],
    ['skipped (explicit cache-from)', plan({ skip: 'cache-from is set' }), githubCom, { buildx: false, daemon: false }]
  ])('%s', (_name, cachePlan, env, wanted) => {
    expect(builderFactsRead(cachePlan, env)).toEqual(wanted);
  });
});
