// The builder phase (builder-setup.ts): the driver `auto` resolves to, an existing builder or one made
// for the job, and QEMU only for the platforms no node runs natively.
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import type { EmulatorReport } from '../../../src/buildx/qemu.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { buildx, configDirs, nodesYaml } from '../../helpers/builders.js';

const ensureEmulators = jest.fn((): Promise<EmulatorReport> =>
  Promise.resolve({ needed: [], alreadyRegistered: [], registered: [], method: 'none' })
);
jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
jest.unstable_mockModule('../../../src/buildx/qemu.js', () => ({ ensureEmulators }));
const { resolveDriver, setUpBuilder } = await import('../../../src/buildx/builder-setup.js');
const { parseInputs } = await import('../../../src/planning/parse-inputs.js');
const { builderPlan } = await import('../../../src/planning/build-plan.js');
const { formatPlatform, parsePlatformList } = await import('../../../src/model/platforms.js');
const { StateKey } = await import('../../../src/model/post-state.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-builder-setup-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const amd64 = parsePlatformList('linux/amd64')[0]!;
const config = () => configDirs(root);
const inputs = (values: Record<string, string>) => parseInputs(runnerReader(values));

beforeEach(() => {
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  coreFixture.state.clear();
  ensureEmulators.mockClear();
});

describe('setUpBuilder', () => {
  const run = async (values: Record<string, string>, job = config()) => {
    const parsed = inputs(values);
    const plan = builderPlan(parsed);
    const { driver } = await resolveDriver(plan, parsed.platforms);
    return setUpBuilder({ name: 'b', plan, driver, config: job, platforms: parsed.platforms, native: amd64 });
  };

  it('nodes: QEMU only for the platforms no node serves natively', async () => {
    buildx([
      { name: 'b0', endpoint: 'unix:///var/run/docker.sock', platforms: 'linux/amd64*, linux/386' },
      { name: 'arm', endpoint: 'ssh://ci@arm64-host', platforms: 'linux/arm64*' }
    ]);
    await run({ nodes: nodesYaml, platforms: 'linux/amd64,linux/arm64,linux/riscv64' });
    expect(ensureEmulators).toHaveBeenCalledTimes(1);
    expect((ensureEmulators.mock.calls[0] as unknown as [(typeof amd64)[]])[0].map(formatPlatform)).toEqual([
      'linux/riscv64'
    ]);
  });

  it('nodes: no QEMU at all when every platform has a native node', async () => {
    buildx([
      { name: 'b0', endpoint: 'unix:///var/run/docker.sock', platforms: 'linux/amd64*' },
      { name: 'arm', endpoint: 'ssh://ci@arm64-host', platforms: 'linux/arm64*' }
    ]);
    const setup = await run({ nodes: nodesYaml, platforms: 'linux/amd64,linux/arm64' });
    expect(ensureEmulators).not.toHaveBeenCalled();
    expect(setup.emulators?.needed).toEqual([]);
  });

  it('an existing builder from the user config: copied in, booted, never saved for the post step', async () => {
    const job = config();
    const record = { Name: 'shared', Driver: 'docker-container', Nodes: [{ Name: 'shared0', Endpoint: 'arm-ctx' }] };
    mkdirSync(path.join(job.userDir, 'buildx', 'instances'), { recursive: true });
    writeFileSync(path.join(job.userDir, 'buildx', 'instances', 'shared'), JSON.stringify(record));
    const digest = createHash('sha256').update('arm-ctx').digest('hex');
    mkdirSync(path.join(job.userDir, 'contexts', 'meta', digest), { recursive: true });
    writeFileSync(path.join(job.userDir, 'contexts', 'meta', digest, 'meta.json'), '{"Name":"arm-ctx"}');
    buildx([{ name: 'shared0', endpoint: 'arm-ctx', platforms: 'linux/arm64, linux/amd64' }]);
    const setup = await run({ builder: 'shared', platforms: 'linux/arm64,linux/amd64' }, job);
    expect(execFixture.commandLines()).toEqual(['docker buildx inspect --bootstrap --builder shared']);
    expect(setup.builder).toMatchObject({ name: 'shared', driver: 'docker-container', existing: true });
    expect(coreFixture.state.has(StateKey.Builder)).toBe(false);
    expect(existsSync(path.join(job.dir, 'buildx', 'instances', 'shared'))).toBe(true);
    expect(existsSync(path.join(job.dir, 'contexts', 'meta', digest, 'meta.json'))).toBe(true);
    // arm-ctx names a daemon this runner may reach: amd64 is not native there, so only it gets QEMU.
    expect((ensureEmulators.mock.calls[0] as unknown as [(typeof amd64)[]])[0].map(formatPlatform)).toEqual([
      'linux/amd64'
    ]);
  });

  it('a docker context is a docker-driver builder, addressed by --context', async () => {
    const job = config();
    const digest = createHash('sha256').update('user-ctx').digest('hex');
    mkdirSync(path.join(job.userDir, 'contexts', 'meta', digest), { recursive: true });
    writeFileSync(path.join(job.userDir, 'contexts', 'meta', digest, 'meta.json'), '{"Name":"user-ctx"}');
    buildx([{ name: 'user-ctx', endpoint: 'user-ctx', platforms: 'linux/amd64, linux/amd64/v2' }]);
    const setup = await run({ builder: 'user-ctx', platforms: 'linux/amd64' }, job);
    expect(execFixture.commandLines()).toEqual(['docker --context user-ctx buildx inspect --bootstrap']);
    expect(setup.builder).toMatchObject({ driver: 'docker', dockerContext: 'user-ctx', existing: true });
    expect(ensureEmulators).not.toHaveBeenCalled();
  });

  it('a builder that does not exist fails before any command', async () => {
    await expect(run({ builder: 'nowhere' })).rejects.toThrow('Builder nowhere does not exist');
    expect(execFixture.commandLines()).toEqual([]);
  });
});

describe('the docker-driver builder', () => {
  const contextMeta = (dir: string): string =>
    path.join(dir, 'contexts', 'meta', createHash('sha256').update('b').digest('hex'), 'meta.json');
  const saved = process.env['DOCKER_HOST'];
  afterAll(() => {
    if (saved === undefined) delete process.env['DOCKER_HOST'];
    else process.env['DOCKER_HOST'] = saved;
  });

  it.each<[string, string, string[]]>([
    ['the default socket', 'unix:///var/run/docker.sock', []],
    ['a tcp daemon', 'tcp://127.0.0.1:2375', []],
    ['an ssh daemon', 'ssh://ci@build-host', []],
    // docker refuses these in its own words: they go through docker context create.
    [
      'a host with no scheme',
      'build-host',
      ['docker context create --description multiarch-build-push job builder --docker host=build-host -- b']
    ],
    [
      'a host with a comma',
      'tcp://h:2376,skip-tls-verify=true',
      [
        'docker context create --description multiarch-build-push job builder --docker "host=tcp://h:2376,skip-tls-verify=true" -- b'
      ]
    ]
  ])('on %s: the job context (%s)', async (_what, host, commands) => {
    process.env['DOCKER_HOST'] = host;
    const job = config();
    const parsed = inputs({ driver: 'docker', platforms: 'linux/amd64' });
    const plan = builderPlan(parsed);
    await setUpBuilder({ name: 'b', plan, driver: 'docker', config: job, platforms: parsed.platforms, native: amd64 });
    expect(execFixture.commandLines()).toEqual(commands);
    if (commands.length > 0) return;
    // As docker context create writes it: docker and buildx read it back as the context named b.
    expect(JSON.parse(readFileSync(contextMeta(job.dir), 'utf8'))).toEqual({
      Name: 'b',
      Metadata: { Description: 'multiarch-build-push job builder' },
      Endpoints: { docker: { Host: host, SkipTLSVerify: false } }
    });
  });

  it('never overwrites a context of the same name', async () => {
    process.env['DOCKER_HOST'] = 'unix:///var/run/docker.sock';
    const job = config();
    mkdirSync(path.dirname(contextMeta(job.dir)), { recursive: true });
    writeFileSync(contextMeta(job.dir), '{"Name":"b"}');
    const parsed = inputs({ driver: 'docker', platforms: 'linux/amd64' });
    const plan = builderPlan(parsed);
    await expect(
      setUpBuilder({ name: 'b', plan, driver: 'docker', config: job, platforms: parsed.platforms, native: amd64 })
    ).rejects.toThrow(/EEXIST/);
  });
});

describe('resolveDriver', () => {
  it.each<[string, { exitCode: number; stdout: string }, 'docker' | 'docker-container', string, boolean]>([
    [
      'containerd store',
      { exitCode: 0, stdout: '28.0.1|[["driver-type","io.containerd.snapshotter.v1"]]\n' },
      'docker',
      '28.0.1',
      true
    ],
    [
      'classic store',
      { exitCode: 0, stdout: '26.1.5|[["Backing Filesystem","extfs"]]\n' },
      'docker-container',
      '26.1.5',
      false
    ],
    ['docker info failing', { exitCode: 1, stdout: '' }, 'docker-container', '', false]
  ])('auto with %s → %s, and the daemon it read', async (_what, answer, expected, dockerEngine, containerdStore) => {
    execFixture.run.mockResolvedValue({ ...answer, stderr: '' });
    const parsed = inputs({});
    expect(await resolveDriver(builderPlan(parsed), parsed.platforms)).toEqual({
      driver: expected,
      daemon: { dockerEngine, containerdStore }
    });
    expect(execFixture.commandLines()).toEqual(['docker info --format {{.ServerVersion}}|{{json .DriverStatus}}']);
  });

  it('facts read already (docker info started with the login) are used, not asked again', async () => {
    const parsed = inputs({});
    const started = Promise.resolve({ dockerEngine: '28.0.1', containerdStore: true });
    expect(await resolveDriver(builderPlan(parsed), parsed.platforms, started)).toEqual({
      driver: 'docker',
      daemon: { dockerEngine: '28.0.1', containerdStore: true }
    });
    expect(execFixture.commandLines()).toEqual([]);
  });

  it('a named driver costs no docker call', async () => {
    const parsed = inputs({ driver: 'docker-container' });
    expect(await resolveDriver(builderPlan(parsed), parsed.platforms)).toEqual({ driver: 'docker-container' });
    expect(execFixture.commandLines()).toEqual([]);
  });
});
