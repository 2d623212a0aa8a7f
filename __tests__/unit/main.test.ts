// The main step's orchestration through the exec seam: which commands run, in which order, with
// what, and what it saves for the post step. Registry reads and emulators are switched off here,
// and the daemon check is injected, so no daemon is needed; the integration suites run the same
// code against the real tools.
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../__fixtures__/core.js';
import * as execFixture from '../../__fixtures__/exec.js';

jest.unstable_mockModule('@actions/core', () => coreFixture);
jest.unstable_mockModule('../../src/seams/exec.js', () => execFixture);
const { runMain: runMainWith } = await import('../../src/steps/main.js');
const { ActionError } = await import('../../src/seams/errors.js');
const { OutputKey, StateKey } = await import('../../src/seams/state.js');
const { formatPlatform, nativePlatform } = await import('../../src/planning/platforms.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-main-unit-'));
const context = mkdtempSync(path.join(root, 'context-'));
writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY app /app\n');
const native = formatPlatform(nativePlatform());
const digest = `sha256:${'ab'.repeat(32)}`;
const password = 'pa55-word-not-on-argv';

// The daemon check, injected: it records the host it was asked about instead of dialling it.
const checkDaemon = jest.fn((_host: string) => Promise.resolve());
const runMain = (): Promise<void> => runMainWith({ checkDaemon });

/**
 * One timeline of what the step did that an order can matter for: secrets masked, lines logged,
 * state saved and commands run, each as `kind:detail`.
 */
function recordEvents(): string[] {
  const events: string[] = [];
  coreFixture.setSecret.mockImplementation((value) => void events.push(`mask:${value}`));
  coreFixture.info.mockImplementation((message) => void events.push(`log:${message}`));
  coreFixture.warning.mockImplementation((message) => void events.push(`log:${String(message)}`));
  coreFixture.saveState.mockImplementation((key, value) => {
    coreFixture.state.set(key, String(value));
    events.push(`state:${key}`);
  });
  const answer = execFixture.run.getMockImplementation();
  execFixture.run.mockImplementation(async (command, args, options) => {
    events.push(`run:${[command, ...args].join(' ')}`);
    return answer ? answer(command, args, options) : execFixture.ok();
  });
  return events;
}

const firstIndex = (events: string[], prefix: string): number => events.findIndex((event) => event.startsWith(prefix));

// Only what this file is about: a native build on the docker driver, no emulators, no registry reads.
const baseInputs = {
  context,
  platforms: native,
  tags: 'ghcr.io/acme/app:1.0,ghcr.io/acme/app:latest',
  username: 'octocat',
  password,
  driver: 'docker',
  endpoint: 'tcp://127.0.0.1:2375',
  qemu: 'false',
  verify: 'false',
  'arch-audit': 'off'
};

/** Answers like docker would: the build writes its metadata file. */
function dockerAnswers(buildFails = false): void {
  execFixture.run.mockImplementation(async (_command, args) => {
    if (args.includes('build')) {
      if (buildFails)
        return Promise.reject(
          new execFixture.CommandError('docker buildx build', {
            exitCode: 1,
            stdout: '',
            stderr: 'ERROR: failed to solve: exec format error'
          })
        );
      const file = args[args.indexOf('--metadata-file') + 1] as string;
      writeFileSync(file, JSON.stringify({ 'containerimage.digest': digest, 'containerimage.config.digest': digest }));
    }
    return execFixture.ok(args.includes('inspect') ? `Platforms: ${native}\n` : '');
  });
}

beforeEach(() => {
  checkDaemon.mockClear();
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  coreFixture.state.clear();
  coreFixture.outputs.clear();
  process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'temp-'));
  process.env['GITHUB_EVENT_NAME'] = 'push';
  delete process.env['GITHUB_STEP_SUMMARY'];
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runMain', () => {
  it('logs in, makes the job builder, then builds and pushes every tag in one build', async () => {
    coreFixture.setInputs(baseInputs);
    dockerAnswers();
    await runMain();
    const builder = coreFixture.outputs.get(OutputKey.Builder) as string;
    expect(builder).toMatch(/^mab-/);
    const lines = execFixture.commandLines();
    expect(lines[0]).toBe('docker login ghcr.io --username octocat --password-stdin');
    expect(lines[1]).toBe(
      `docker context create --description multiarch-build-push job builder --docker host=tcp://127.0.0.1:2375 -- ${builder}`
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^docker --context ${builder} buildx build --platform ${native} --tag ghcr.io/acme/app:1.0 --tag ghcr.io/acme/app:latest `
      )
    );
    expect(lines[2]).toContain('--output type=image,"name=ghcr.io/acme/app:1.0,ghcr.io/acme/app:latest",push=true');
    expect(lines[2]?.endsWith(` ${context}`)).toBe(true);
    // No buildx inspect: the only platform is the runner's own.
    expect(lines).toHaveLength(3);
    // The daemon of the user's own docker CLI, pinged once before anything needs it.
    expect(checkDaemon.mock.calls).toEqual([['unix:///var/run/docker.sock']]);
  });

  it('gives the password to docker login on stdin only, and masks it first', async () => {
    coreFixture.setInputs(baseInputs);
    dockerAnswers();
    const events = recordEvents();
    await runMain();
    expect(execFixture.commandLines().some((line) => line.includes(password))).toBe(false);
    expect(execFixture.runOptions()[0]?.input).toBe(password);
    // Masked before the first line is logged and before the first command, the login among them.
    const masked = events.indexOf(`mask:${password}`);
    expect(masked).toBeGreaterThanOrEqual(0);
    expect(firstIndex(events, 'log:')).toBeGreaterThan(masked);
    expect(firstIndex(events, 'run:docker login')).toBeGreaterThan(masked);
  });

  it('saves what the post step needs before it creates anything', async () => {
    coreFixture.setInputs(baseInputs);
    dockerAnswers();
    const events = recordEvents();
    await runMain();
    const saved = events.filter((event) => event.startsWith('state:'));
    expect(saved.slice(0, 5)).toEqual(
      [StateKey.IsPost, StateKey.DockerConfig, StateKey.Cleanup, StateKey.Builder, StateKey.Driver].map(
        (key) => `state:${key}`
      )
    );
    expect(coreFixture.state.get(StateKey.DockerConfig)).toContain(process.env['RUNNER_TEMP']);
    // The job's config before the first command that may write credentials into it; the builder before it exists.
    expect(events.indexOf(`state:${StateKey.DockerConfig}`)).toBeLessThan(firstIndex(events, 'run:'));
    const created = firstIndex(events, 'run:docker context create');
    expect(created).toBeGreaterThan(0);
    expect(events.indexOf(`state:${StateKey.Builder}`)).toBeLessThan(created);
    expect(events.indexOf(`state:${StateKey.Driver}`)).toBeLessThan(created);
  });

  it('on the docker-container driver, saves the builder before buildx create', async () => {
    coreFixture.setInputs({ ...baseInputs, driver: 'docker-container', endpoint: '' });
    dockerAnswers();
    const events = recordEvents();
    await runMain();
    const created = firstIndex(events, 'run:docker buildx create');
    expect(created).toBeGreaterThan(0);
    expect(events.indexOf(`state:${StateKey.Builder}`)).toBeLessThan(created);
    expect(events.indexOf(`state:${StateKey.Driver}`)).toBeLessThan(created);
  });

  it('sets the outputs from the build metadata', async () => {
    coreFixture.setInputs(baseInputs);
    dockerAnswers();
    await runMain();
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe(digest);
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe(`ghcr.io/acme/app@${digest}`);
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe('ghcr.io/acme/app:1.0\nghcr.io/acme/app:latest');
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe(native);
  });

  it('on a pull request with push auto, builds but pushes nothing', async () => {
    process.env['GITHUB_EVENT_NAME'] = 'pull_request';
    coreFixture.setInputs(baseInputs);
    dockerAnswers();
    await runMain();
    const build = execFixture.commandLines().find((line) => line.includes(' build '));
    expect(build).toBeDefined();
    expect(build).not.toContain('push=true');
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe('');
  });

  it('a failing build is an error with advice, and the builder is already in the saved state', async () => {
    coreFixture.setInputs(baseInputs);
    dockerAnswers(true);
    const error = await runMain().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toContain('docker buildx build failed (exit code 1)');
    expect((error as Error).message).toContain('Hint: a binary of the wrong architecture ran');
    expect(coreFixture.state.get(StateKey.Builder)).toMatch(/^mab-/);
  });
});
