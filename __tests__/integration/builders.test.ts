// Builders the job does not make itself, and builders that cannot start: run like the runner runs
// the bundled action, against the real daemon, buildx and registry. The docker-container, remote and
// kubernetes drivers cannot boot here (no Docker Hub, no cluster): their failures are what is tested.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  docker,
  env,
  fixtureContext,
  inspectIndex,
  registryInputs,
  runLocal,
  uniqueRepository
} from '../helpers/e2e.js';

let runCounter = 0;
/** A run id no other test uses, so every name the action makes for the job starts with mab-<it>-. */
function uniqueRunId(): string {
  runCounter += 1;
  return `it${process.pid}x${runCounter}`;
}

/** What the daemon holds for one job (BuildKit containers and their state volumes), by the job's name prefix. */
function daemonLeftovers(runId: string): string[] {
  const names = (args: string[]): string[] => docker(args).stdout.split('\n').filter(Boolean);
  return [...names(['ps', '-a', '--format', '{{.Names}}']), ...names(['volume', 'ls', '--format', '{{.Name}}'])].filter(
    (name) => name.includes(`mab-${runId}-`)
  );
}

/** Job directories the action left in RUNNER_TEMP. */
const jobDirs = (dir: string): string[] => readdirSync(dir).filter((entry) => entry.startsWith('mab-'));

const output = (run: Awaited<ReturnType<typeof runLocal>>): string => run.main.stdout + run.main.stderr;

describe('builder: an existing builder from the user config', () => {
  const userConfig = mkdtempSync(path.join(tmpdir(), 'mab-user-config-'));
  const contextName = `mab-user-ctx-${process.pid}`;
  const reference = `${uniqueRepository('existing')}:1.0`;
  const runDir = mkdtempSync(path.join(tmpdir(), 'mab-run-'));
  let run: Awaited<ReturnType<typeof runLocal>>;

  beforeAll(async () => {
    // As a user or an admin makes it: a context, which buildx lists as a docker-driver builder.
    const made = docker(['context', 'create', contextName, '--docker', 'host=unix:///var/run/docker.sock'], {
      config: userConfig
    });
    if (made.code !== 0) throw new Error(`docker context create failed: ${made.stderr}`);
    run = await runLocal(
      {
        context: fixtureContext(busyboxDockerfile),
        platforms: 'linux/amd64,linux/arm64',
        tags: reference,
        builder: contextName,
        // action.yml's default, over localDefaults' docker (an empty driver is refused as a broken expression).
        driver: 'auto',
        ...registryInputs()
      },
      { env: { DOCKER_CONFIG: userConfig, GITHUB_RUN_ID: uniqueRunId() }, workdir: runDir }
    );
  });

  afterAll(() => docker(['context', 'rm', '--force', contextName], { config: userConfig }));

  it('builds and pushes with it', () => {
    expect(output(run)).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(run.outputs['builder']).toBe(contextName);
    expect(inspectIndex(reference)?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('routes amd64 to its native node and asks QEMU only for arm64', () => {
    expect(run.main.stdout).toContain(`linux/amd64: native on node ${contextName}`);
    expect(run.main.stdout).toContain('linux/arm64: no native node, needs QEMU');
    expect(run.main.stdout).not.toMatch(/buildx create|context create/);
  });

  it('leaves it in place after the post step, and its own job directory is gone', () => {
    expect(run.post?.code).toBe(0);
    const builders = docker(['buildx', 'ls', '--format', '{{.Name}}'], { config: userConfig });
    expect(builders.stdout.split('\n')).toContain(contextName);
    expect(docker(['context', 'inspect', contextName], { config: userConfig }).code).toBe(0);
    expect(jobDirs(runDir)).toEqual([]);
  });
});

describe('a node or endpoint that nothing listens on fails before the build and leaves nothing', () => {
  it.each<[string, Record<string, string>, string]>([
    [
      'a nodes: entry',
      { driver: 'docker-container', nodes: '- name: far-arm\n  endpoint: tcp://127.0.0.1:1\n  platforms: linux/arm64' },
      'far-arm (tcp://127.0.0.1:1)'
    ],
    ['a remote endpoint', { driver: 'remote', endpoint: 'tcp://127.0.0.1:1' }, '0 (tcp://127.0.0.1:1)']
  ])('%s', async (_what, inputs, named) => {
    const runId = uniqueRunId();
    const runDir = mkdtempSync(path.join(tmpdir(), 'mab-run-'));
    const run = await runLocal(
      {
        context: fixtureContext(busyboxDockerfile),
        platforms: 'linux/amd64,linux/arm64',
        tags: `${uniqueRepository('unreachable')}:1.0`,
        ...registryInputs(),
        ...inputs
      },
      { env: { GITHUB_RUN_ID: runId }, workdir: runDir }
    );
    expect(run.main.code).not.toBe(0);
    expect(output(run)).toContain(named);
    expect(output(run)).toMatch(/could not start .*it was removed/);
    // Before the build: nothing was built or pushed.
    expect(output(run)).not.toContain('buildx build');
    expect(run.post?.code).toBe(0);
    expect(daemonLeftovers(runId)).toEqual([]);
    expect(jobDirs(runDir)).toEqual([]);
  });
});

describe('buildkitd-config-inline and a BuildKit image the runner cannot pull', () => {
  const base = () => ({
    context: fixtureContext(busyboxDockerfile),
    platforms: 'linux/amd64',
    tags: `${uniqueRepository('config')}:1.0`,
    driver: 'docker-container',
    ...registryInputs()
  });

  it('buildx reads the inline config when it creates the builder (a broken one is its parse error)', async () => {
    const run = await runLocal({ ...base(), 'buildkitd-config-inline': 'debug = [\n' });
    expect(run.main.code).not.toBe(0);
    expect(output(run)).toContain('failed to parse config');
  });

  it('a valid config is taken; the boot then fails on the image, named with what to do', async () => {
    const runId = uniqueRunId();
    const runDir = mkdtempSync(path.join(tmpdir(), 'mab-run-'));
    const mirrors = `[registry."docker.io"]\n  mirrors = ["${env.registry}"]\n`;
    const run = await runLocal(
      { ...base(), 'buildkitd-config-inline': mirrors },
      { env: { GITHUB_RUN_ID: runId }, workdir: runDir }
    );
    expect(run.main.code).not.toBe(0);
    expect(output(run)).not.toContain('failed to parse config');
    expect(output(run)).toMatch(/could not pull the BuildKit image moby\/buildkit:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}/);
    expect(output(run)).toContain('driver-opts: image=<mirror>');
    expect(output(run)).toContain('driver: docker');
    expect(daemonLeftovers(runId)).toEqual([]);
    expect(jobDirs(runDir)).toEqual([]);
  });

  it('an image given in driver-opts is the one named', async () => {
    const image = `${env.registry}/no-such-mirror/buildkit:buildx-stable-1`;
    const run = await runLocal({ ...base(), 'driver-opts': `image=${image}` });
    expect(run.main.code).not.toBe(0);
    expect(output(run)).toContain(`could not pull the BuildKit image ${image}`);
  });
});

describe('driver: auto', () => {
  it("picks the daemon's own BuildKit here (containerd image store), so no moby/buildkit pull", async () => {
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64,linux/arm64',
      push: 'false',
      driver: 'auto'
    });
    expect(run.main.code).toBe(0);
    expect(run.main.stdout).toContain(
      "driver: auto chose docker: the daemon's containerd image store builds and pushes"
    );
    expect(run.main.stdout).not.toContain('moby/buildkit');
  });
});

// Keeps the file's helpers honest: a directory named like a job directory is seen.
it('jobDirs sees a job directory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-run-'));
  writeFileSync(path.join(dir, 'state'), '');
  expect(jobDirs(dir)).toEqual([]);
  mkdtempSync(path.join(dir, 'mab-x-'));
  expect(jobDirs(dir)).toHaveLength(1);
});
