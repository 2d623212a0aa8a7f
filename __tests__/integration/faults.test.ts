// Faults the action meets on real runners, injected into the real tools: a flaky or dead registry,
// a stopped daemon, no binfmt_misc and no privileges, a failing build, cancellation, repeated post.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { distEntry, inputEnv, parseFileCommands } from '../../scripts/run-action.mjs';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import {
  busyboxDockerfile,
  env,
  fixtureContext,
  inspectIndex,
  isRegistered,
  localDefaults,
  runLocal,
  snapshotHost,
  uniqueRepository,
  type HostSnapshot,
  processCommandLines
} from '../helpers/e2e.js';
import { listTags } from '../helpers/registries.js';

type ActionRun = Awaited<ReturnType<typeof runLocal>>;

interface StepOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const registryPort = Number(env.registry.split(':')[1]);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (): string => `${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

/** The repository path inside the registry, the same whichever host:port reaches it. */
const repositoryPath = (reference: string): string => reference.slice(env.registry.length + 1);

/** Waits for a condition in a bounded loop; false when it never came. */
async function waitFor(condition: () => boolean, limitMs: number, stepMs = 100): Promise<boolean> {
  for (let waited = 0; waited <= limitMs; waited += stepMs) {
    if (condition()) return true;
    await sleep(stepMs);
  }
  return condition();
}

const buildxProcessesOf = (builder: string): { pid: number; cmdline: string }[] =>
  processCommandLines().filter(({ cmdline }) => cmdline.includes('buildx') && cmdline.includes(builder));

/** Ends what a broken cancellation left running, by pid, so no stray build pushes later. */
function stopLeftovers(leftovers: { pid: number }[]): void {
  for (const { pid } of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function spawnStep(
  command: string,
  args: string[],
  stepEnv: NodeJS.ProcessEnv,
  onSpawn?: (child: ChildProcess) => void
): Promise<StepOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: stepEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Bounded: a hung step fails the test instead of the suite's timeout.
    const limit = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code: code ?? 128, stdout, stderr });
    });
  });
}

const stateEnv = (state: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));

const warningsAndErrors = (output: StepOutput | undefined): string[] =>
  `${output?.stdout ?? ''}\n${output?.stderr ?? ''}`.split('\n').filter((line) => /::(warning|error)::/.test(line));

const retryLines = (stdout: string, what: string): string[] =>
  stdout.split('\n').filter((line) => line.startsWith(`::warning::${what} failed with a transient error; retry `));

function expectCleanPost(run: ActionRun, before: HostSnapshot): void {
  expect(run.post?.code).toBe(0);
  expect(warningsAndErrors(run.post)).toEqual([]);
  if (run.state['dockerConfig']) expect(existsSync(run.state['dockerConfig'])).toBe(false);
  expect(snapshotHost()).toEqual(before);
}

describe('a flaky registry behind a fault-injecting proxy', () => {
  let proxy: FaultProxy;
  let before: HostSnapshot;

  beforeAll(async () => {
    proxy = await startFaultProxy({ upstreamPort: registryPort });
    before = snapshotHost();
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(() => {
    proxy.setFaults([]);
    proxy.requests.length = 0;
  });

  const viaProxy = (password = env.password): Record<string, string> => ({
    registry: proxy.address,
    username: env.user,
    password
  });

  it('503s on login and on the push are retried with backoff, and the image lands in the registry', async () => {
    const direct = `${uniqueRepository('flaky')}:1.0.0`;
    const repo = repositoryPath(direct).replace(/:1\.0\.0$/, '');
    const reference = `${proxy.address}/${repo}:1.0.0`;
    // A fresh layer, so blobs are really uploaded rather than mounted from another repository.
    const context = fixtureContext(`${busyboxDockerfile}RUN echo ${unique()} > /fresh\n`);
    proxy.setFaults([
      { count: 2 },
      // The push by digest: the first manifest PUTs fail, and the action's client retries them.
      { count: 2, match: ({ method, path }) => method === 'PUT' && path.startsWith(`/v2/${repo}/manifests/sha256:`) }
    ]);
    const run = await runLocal({ context, platforms: 'linux/amd64,linux/arm64', tags: reference, ...viaProxy() });
    expect(warningsAndErrors(run.main).filter((line) => line.includes('::error::'))).toEqual([]);
    expect(run.main.code).toBe(0);
    expect(retryLines(run.main.stdout, `Login to ${proxy.address}`)[0]).toMatch(
      /retry 1 of 4 in 1 s\. .*503 Service Unavailable/
    );
    const pushRetries = run.main.stdout
      .split('\n')
      .filter((line) => line.startsWith(`::warning::Writing manifest ${proxy.address}/${repo}@sha256:`));
    expect(pushRetries).toHaveLength(2);
    for (const line of pushRetries) expect(line).toMatch(/failed with a transient error; retry 1 of 4 in 1 s\. .*503/);
    expect(proxy.requests.filter(({ faulted }) => faulted).length).toBe(4);

    // Read through the registry itself, not the proxy.
    const index = inspectIndex(`${env.registry}/${repo}:1.0.0`);
    expect(index?.digest).toBe(run.outputs['digest']);
    expect(index?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expectCleanPost(run, before);
  });

  it('a registry that goes away during the tag burst: the error and the outputs say which tags moved', async () => {
    const repo = repositoryPath(uniqueRepository('midway'));
    proxy.setFaults([
      { count: Infinity, match: ({ method, path }) => method === 'PUT' && path === `/v2/${repo}/manifests/latest` }
    ]);
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64',
      tags: `${proxy.address}/${repo}:1.0.0,${proxy.address}/${repo}:latest`,
      ...viaProxy()
    });
    expect(run.main.code).toBe(1);
    const error = warningsAndErrors(run.main).find((line) => line.startsWith('::error::')) ?? '';
    const digest = run.outputs['digest'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(error).toContain(`Promotion stopped part-way: 1 of 2 tag(s) now point at ${digest}.`);
    expect(error).toContain(`Moved: ${proxy.address}/${repo}:1.0.0`);
    expect(error).toContain(`- ${proxy.address}/${repo}:latest: Registry ${proxy.address} answered HTTP 503`);
    expect(run.outputs['tags']).toBe(`${proxy.address}/${repo}:1.0.0`);
    expect(run.outputs['held-back']).toContain(`${proxy.address}/${repo}:latest: the registry refused it`);
    expect(listTags(`${env.registry}/${repo}`)).toEqual(['1.0.0']);
    expectCleanPost(run, before);
  });

  it('blob upload Locations name the proxy, and the uploads follow them through it', async () => {
    const direct = `${uniqueRepository('location')}:1.0.0`;
    const repo = repositoryPath(direct).replace(/:1\.0\.0$/, '');
    const context = fixtureContext(`${busyboxDockerfile}RUN echo ${unique()} > /fresh\n`);
    const run = await runLocal({
      context,
      platforms: 'linux/amd64',
      tags: `${proxy.address}/${repo}:1.0.0`,
      ...viaProxy()
    });
    expect(run.main.code).toBe(0);
    const uploadPrefix = `/v2/${repo}/blobs/uploads/`;
    const started = proxy.requests.filter(
      ({ method, path, status }) => method === 'POST' && path.startsWith(uploadPrefix) && status === 202
    );
    expect(started.length).toBeGreaterThan(0);
    for (const { location } of started)
      expect(location).toMatch(
        new RegExp(`^http://${proxy.address.replace(/\./g, '\\.')}${uploadPrefix}[0-9a-f-]{36}\\?`)
      );
    const finished = proxy.requests.filter(
      ({ method, path, status }) =>
        method === 'PUT' && path.startsWith(uploadPrefix) && /[?&]digest=sha256/.test(path) && status === 201
    );
    expect(finished.length).toBe(started.length);
    expect(inspectIndex(`${env.registry}/${repo}:1.0.0`)?.digest).toBe(run.outputs['digest']);
  });

  it('a registry that stays down fails after exactly 4 retries, naming the proxy', async () => {
    proxy.setFaults([{ count: Infinity }]);
    const reference = `${proxy.address}/${repositoryPath(uniqueRepository('down'))}:1.0.0`;
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64',
      tags: reference,
      ...viaProxy()
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(`::error::Login to ${proxy.address} failed as user '${env.user}'`);
    expect(run.main.stdout).toContain(`check that ${proxy.address} is reachable from the runner`);
    const retries = retryLines(run.main.stdout, `Login to ${proxy.address}`);
    expect(retries.map((line) => /retry (\d) of (\d) in (\d+) s/.exec(line)?.slice(1).join('/'))).toEqual([
      '1/4/1',
      '2/4/2',
      '3/4/4',
      '4/4/8'
    ]);
    // Nothing got through to the registry.
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests.every(({ faulted }) => faulted)).toBe(true);
    expect(run.state['dockerConfig']).toBeDefined();
    expectCleanPost(run, before);
  });

  it('a wrong password through the proxy is not retried', async () => {
    const reference = `${proxy.address}/${repositoryPath(uniqueRepository('auth'))}:1.0.0`;
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64',
      tags: reference,
      ...viaProxy('wrong-password')
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(`::error::Login to ${proxy.address} failed as user '${env.user}'`);
    expect(run.main.stdout).toContain('check the username and password');
    expect(run.main.stdout).not.toMatch(/retry/i);
    // The registry itself answered: the refusal is real, not injected.
    expect(proxy.requests.some(({ status, faulted }) => status === 401 && !faulted)).toBe(true);
    expect(proxy.requests.some(({ faulted }) => faulted)).toBe(false);
    expectCleanPost(run, before);
  });
});

describe('a Docker daemon that is not running', () => {
  it('fails first and plainly, creates nothing, and post exits 0', async () => {
    const before = snapshotHost();
    const socket = `/tmp/mab-no-daemon-${unique()}.sock`;
    const run = await runLocal(
      {
        context: fixtureContext(busyboxDockerfile),
        platforms: 'linux/amd64,linux/arm64',
        tags: `${uniqueRepository('nodaemon')}:1.0.0`,
        username: env.user,
        password: env.password,
        registry: env.registry
      },
      { env: { DOCKER_HOST: `unix://${socket}` } }
    );
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(
      `::error::The Docker daemon is not running or not reachable at unix://${socket}: ${socket} does not exist.`
    );
    expect(run.state['builder']).toBeUndefined();
    expect(run.outputs['builder']).toBeUndefined();
    expect(run.main.stdout).not.toMatch(/QEMU:|Logged in|docker --context|Builder /);
    expectCleanPost(run, before);
  });
});

const UNSERVED_QEMU_IMAGE = '127.0.0.1:9/absent/binfmt:qemu';

describe('binfmt_misc not mounted, and no privilege to mount it', () => {
  const BINFMT = '/proc/sys/fs/binfmt_misc';
  const dockerGid = spawnSync('getent', ['group', 'docker'], { encoding: 'utf8' }).stdout.split(':')[2] ?? '';
  // A private mount namespace without binfmt_misc, then nobody (with the docker group for the socket).
  // sh drops variables whose names are not shell words (INPUT_PUSH-BY-DIGEST), which the runner does
  // pass to node: env sets them again after it.
  const unprivileged = (stepEnv: NodeJS.ProcessEnv): string[] => [
    '--propagation',
    'private',
    'sh',
    '-c',
    `umount ${BINFMT} && gid="$1" && shift && exec setpriv --reuid=nobody --regid=nogroup --groups="$gid" --inh-caps=-all env "$@"`,
    'sh',
    dockerGid,
    ...Object.entries(stepEnv)
      .filter(([name]) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      .map(([name, value]) => `${name}=${value ?? ''}`),
    process.execPath,
    distEntry
  ];

  function reregister(): void {
    for (const arch of ['aarch64', 'arm']) {
      if (existsSync(path.join(BINFMT, `qemu-${arch}`))) continue;
      const line = readFileSync(`/usr/lib/binfmt.d/qemu-${arch}.conf`, 'utf8')
        .split('\n')
        .find((entry) => entry.startsWith(':'));
      try {
        if (line) writeFileSync(path.join(BINFMT, 'register'), line);
      } catch (error) {
        // Another run registered it in between.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
  afterAll(reregister);

  async function runUnprivileged(
    extraPath?: string
  ): Promise<{ main: StepOutput; post: StepOutput; state: Record<string, string>; outputs: Record<string, string> }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'mab-nobody-'));
    chmodSync(dir, 0o777);
    const files = {
      GITHUB_STATE: 'state',
      GITHUB_OUTPUT: 'output',
      GITHUB_STEP_SUMMARY: 'summary.md',
      GITHUB_ENV: 'env',
      GITHUB_PATH: 'path'
    };
    const filePaths = Object.fromEntries(Object.entries(files).map(([name, file]) => [name, path.join(dir, file)]));
    for (const file of Object.values(filePaths)) {
      writeFileSync(file, '');
      chmodSync(file, 0o666);
    }
    const context = fixtureContext(busyboxDockerfile);
    chmodSync(context, 0o755);
    const stepEnv = {
      PATH: `${extraPath ? `${extraPath}:` : ''}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: dir,
      RUNNER_TEMP: dir,
      RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '4242',
      GITHUB_JOB: 'build',
      ...filePaths,
      ...inputEnv({
        ...localDefaults,
        context,
        platforms: 'linux/amd64,linux/arm64',
        push: 'false',
        // Nothing serves it: the fallback fails on loopback, and no pull leaves the machine.
        'qemu-image': UNSERVED_QEMU_IMAGE
      })
    };
    // Only now, so that other tests' arm64 builds are not left without their emulator for long.
    if (existsSync(path.join(BINFMT, 'qemu-aarch64'))) writeFileSync(path.join(BINFMT, 'qemu-aarch64'), '-1');
    expect(isRegistered('aarch64')).toBe(false);
    let main: StepOutput;
    try {
      main = await spawnStep('unshare', ['-m', ...unprivileged(stepEnv)], stepEnv);
    } finally {
      reregister();
    }
    const state = parseFileCommands(readFileSync(filePaths['GITHUB_STATE'] as string, 'utf8'));
    const outputs = parseFileCommands(readFileSync(filePaths['GITHUB_OUTPUT'] as string, 'utf8'));
    const postEnv = { ...stepEnv, ...stateEnv(state) };
    const post = await spawnStep('unshare', ['-m', ...unprivileged(postEnv)], postEnv);
    // The host's own mount was never touched.
    expect(existsSync(path.join(BINFMT, 'register'))).toBe(true);
    return { main, post, state, outputs };
  }

  function expectActionableEmulatorError(run: Awaited<ReturnType<typeof runUnprivileged>>): void {
    expect(run.main.code).toBe(1);
    const error = run.main.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
    expect(error).toContain('Cannot register the QEMU emulators qemu-aarch64 needed to build linux/amd64, linux/arm64');
    expect(error).toContain('binfmt_misc is not mounted');
    expect(error).toContain('mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc');
    expect(error).toContain('qemu-user-static');
    expect(error).toContain('as root');
    // The image fallback was tried and its failure shown.
    expect(run.main.stdout).toContain(`::warning::Registering emulators with ${UNSERVED_QEMU_IMAGE} failed`);
    expect(run.state['builder']).toBeUndefined();
    expect(run.outputs['builder']).toBeUndefined();
    expect(run.post.code).toBe(0);
    expect(warningsAndErrors(run.post)).toEqual([]);
    expect(existsSync(run.state['dockerConfig'] ?? '/nonexistent')).toBe(false);
  }

  it('with a sudo that wants a password: a clear error that says how to fix it', async () => {
    const fakeBin = mkdtempSync(path.join(tmpdir(), 'mab-fake-sudo-'));
    writeFileSync(path.join(fakeBin, 'sudo'), '#!/bin/sh\necho "sudo: a password is required" >&2\nexit 1\n', {
      mode: 0o755
    });
    chmodSync(fakeBin, 0o755);
    expectActionableEmulatorError(await runUnprivileged(fakeBin));
  });

  it('with no sudo installed at all: the same clear error', async () => {
    expect(spawnSync('sh', ['-c', 'command -v sudo']).status).not.toBe(0);
    expectActionableEmulatorError(await runUnprivileged());
  });
});

describe('a build that fails halfway', () => {
  it('post still removes the builder and the credentials', async () => {
    const before = snapshotHost();
    const reference = `${uniqueRepository('halfway')}:1.0.0`;
    const context = fixtureContext(
      `${busyboxDockerfile}RUN echo step-a > /a\nRUN echo step-b > /b\nRUN echo about to fail && exit 3\nRUN echo never > /never\n`
    );
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64',
      tags: reference,
      username: env.user,
      password: env.password,
      registry: env.registry
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/::error::docker buildx build failed \(exit code 1\)/);
    expect(run.main.stdout).toMatch(/exit code: 3/);
    // A deterministic failure is not rebuilt.
    expect(retryLines(run.main.stdout, 'Build and push')).toEqual([]);
    expect(run.main.stdout).toContain(`Logged in to ${env.registry}`);
    expect(run.state['builder']).toMatch(/^mab-/);
    expect(run.post?.stdout).toContain(
      `Cleaned up builder ${run.state['builder']} and the job Docker config and its credentials.`
    );
    expect(inspectIndex(reference)).toBeUndefined();
    expectCleanPost(run, before);
  });

  it('a RUN step that fails and happens to print "Connection refused" is not rebuilt', async () => {
    // Retrying is for the registry's answers to the push, not for words in the build's own output.
    const context = fixtureContext(
      `${busyboxDockerfile}RUN echo "wget: can not connect to remote host: Connection refused" && exit 3\n`
    );
    const run = await runLocal({ context, platforms: 'linux/amd64', push: 'false' });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/exit code: 3/);
    expect(retryLines(run.main.stdout, 'Build and push')).toEqual([]);
  });
});

describe('cancellation by the runner', () => {
  let before: HostSnapshot;
  beforeAll(() => {
    before = snapshotHost();
  });

  async function cancelDuringBuild(
    signal: NodeJS.Signals
  ): Promise<{ run: ActionRun; marker: string; signalled: boolean }> {
    const marker = `cancel-${signal}-${unique()}`;
    const context = fixtureContext(`${busyboxDockerfile}RUN sleep 60 && echo ${marker}\n`);
    let stdout = '';
    let exited = false;
    let child: ChildProcess | undefined;
    const running = runLocal(
      { context, platforms: 'linux/amd64', push: 'false' },
      {
        onMainSpawn: (spawned) => {
          child = spawned;
          spawned.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
          spawned.on('exit', () => (exited = true));
        }
      }
    );
    // The step's process is running, not only announced: the daemon's BuildKit (0.13, in Docker 26) leaves
    // a process that starts after the cancel running (fixed upstream in moby/buildkit#5106).
    const sleeperRunning = (): boolean =>
      processCommandLines().some(({ cmdline }) => cmdline.includes(`sleep 60`) && cmdline.includes(marker));
    const started = await waitFor(
      () => exited || (stdout.includes(`RUN sleep 60 && echo ${marker}`) && sleeperRunning()),
      180_000
    );
    const signalled = started && !exited && (child?.kill(signal) ?? false);
    return { run: await running, marker, signalled };
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('%s during the build stops it; post cleans up', async (signal) => {
    const { run, marker, signalled } = await cancelDuringBuild(signal);
    const builder = run.state['builder'] ?? '(none)';
    const leftovers = buildxProcessesOf(builder);
    // BuildKit ends the RUN step's processes once the client is gone.
    const sleeperGone = await waitFor(
      () => !processCommandLines().some(({ cmdline }) => cmdline.includes(marker)),
      30_000,
      250
    );
    stopLeftovers(leftovers);
    expect(signalled).toBe(true);
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(new RegExp(`Received ${signal}: stopping [1-9]\\d* running command`));
    expect(run.main.stdout).toContain(`::error::Cancelled by ${signal}`);
    expect(builder).toMatch(/^mab-/);
    expect(leftovers).toEqual([]);
    expect(sleeperGone).toBe(true);
    expectCleanPost(run, before);
  });

  it('SIGTERM between two commands (in a retry backoff) runs nothing more', async () => {
    const proxy = await startFaultProxy({ upstreamPort: registryPort, faults: [{ count: 2 }] });
    try {
      const marker = `cancel-backoff-${unique()}`;
      const context = fixtureContext(`${busyboxDockerfile}RUN sleep 60 && echo ${marker}\n`);
      let stdout = '';
      let signalled = false;
      const run = await runLocal(
        {
          context,
          platforms: 'linux/amd64',
          tags: `${proxy.address}/${repositoryPath(uniqueRepository('backoff'))}:1.0.0`,
          registry: proxy.address,
          username: env.user,
          password: env.password
        },
        {
          onMainSpawn: (child) =>
            child.stdout?.on('data', (chunk: Buffer) => {
              stdout += chunk.toString('utf8');
              // The first login failed and the action now waits 1 s: no command is running.
              if (!signalled && stdout.includes('retry 1 of 4 in 1 s')) signalled = child.kill('SIGTERM');
            })
        }
      );
      const builder = run.state['builder'] ?? '(none)';
      const leftovers = buildxProcessesOf(builder);
      stopLeftovers(leftovers);
      expect(signalled).toBe(true);
      expect(run.main.stdout).toContain('Received SIGTERM');
      expect(run.main.code).toBe(1);
      expect(run.main.stdout).toContain('::error::Cancelled by SIGTERM');
      const afterSignal = run.main.stdout.slice(run.main.stdout.indexOf('Received SIGTERM'));
      expect(afterSignal).not.toMatch(/Logged in to|docker --context .* buildx build/);
      expect(leftovers).toEqual([]);
      expectCleanPost(run, before);
    } finally {
      await proxy.close();
    }
  });
});

describe('post is safe to repeat and to run with no state', () => {
  it('post run twice exits 0 both times without warnings', async () => {
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64',
      push: 'false',
      username: env.user,
      password: env.password,
      registry: env.registry
    });
    expect(run.main.code).toBe(0);
    expect(run.state['dockerConfig']).toBeDefined();
    expect(run.post?.code).toBe(0);
    expect(warningsAndErrors(run.post)).toEqual([]);
    const again = await spawnStep(process.execPath, [distEntry], { ...run.env, ...stateEnv(run.state) });
    expect(again.code).toBe(0);
    expect(warningsAndErrors(again)).toEqual([]);
    expect(again.stdout).toContain('Already cleaned up');
    expect(existsSync(run.state['dockerConfig'] ?? '/nonexistent')).toBe(false);
  });

  it('post with no saved state (main never started) exits 0 and says there is nothing to do', async () => {
    const post = await spawnStep(process.execPath, [distEntry], {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      STATE_isPost: 'true'
    });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Nothing to clean up');
    expect(warningsAndErrors(post)).toEqual([]);
  });
});

describe('post against a tampered state or a hung daemon', () => {
  it('a STATE_dockerConfig that names a directory main did not create deletes nothing', async () => {
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'mab-runner-temp-'));
    const victim = mkdtempSync(path.join(tmpdir(), 'mab-victim-'));
    writeFileSync(path.join(victim, 'config.json'), '{"auths":{"example.com":{"auth":"dTpw"}}}');
    const post = await spawnStep(process.execPath, [distEntry], {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      RUNNER_TEMP: runnerTemp,
      STATE_isPost: 'true',
      STATE_dockerConfig: victim,
      STATE_builder: '--all-inactive',
      STATE_driver: 'docker-container'
    });
    expect(post.code).toBe(0);
    expect(readFileSync(path.join(victim, 'config.json'), 'utf8')).toContain('example.com');
    // Nothing else named by that state is acted on either: only main's record in its own job config counts.
    expect(warningsAndErrors(post)).toEqual([
      `::warning::Cleanup: not touching ${victim}: not a job Docker config of this action under RUNNER_TEMP`
    ]);
  });

  it('a daemon that never answers: the credentials are gone, each docker call gives up, post exits 0', async () => {
    // Accepts connections and never says a word, as a wedged dockerd does.
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'mab-runner-temp-'));
    const config = mkdtempSync(path.join(runnerTemp, 'mab-4242-build-hung-docker-config-'));
    mkdirSync(path.join(config, 'buildx'));
    writeFileSync(path.join(config, 'config.json'), `{"auths":{"${env.registry}":{"auth":"dTpw"}}}`);
    // What main records beside the job config: the post step acts only on what this says.
    const recorded = {
      dockerConfig: config,
      builder: 'mab-4242-build-hung',
      driver: 'docker-container',
      cleanup: 'true',
      smokeContainers: 'mab-4242-build-hung-smoke-0'
    };
    writeFileSync(path.join(config, 'post-state.json'), JSON.stringify(recorded), { mode: 0o600 });
    try {
      const post = await spawnStep(process.execPath, [distEntry], {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        RUNNER_TEMP: runnerTemp,
        DOCKER_HOST: `tcp://127.0.0.1:${port}`,
        STATE_isPost: 'true',
        STATE_dockerConfig: config,
        STATE_builder: 'mab-4242-build-hung',
        STATE_driver: 'docker-container',
        STATE_cleanup: 'true',
        STATE_smokeContainers: 'mab-4242-build-hung-smoke-0'
      });
      expect(post.code).toBe(0);
      expect(existsSync(config)).toBe(false);
      expect(post.stdout).toContain('time limit');
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });
});
