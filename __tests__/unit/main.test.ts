// The main step's orchestration through the exec seam: which commands run, in which order, with
// what, and what it saves for the post step. Registry reads and emulators are switched off here;
// the integration suites run the same code against the real tools.
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../__fixtures__/core.js';
import * as execFixture from '../../__fixtures__/exec.js';

jest.unstable_mockModule('@actions/core', () => coreFixture);
jest.unstable_mockModule('../../src/seams/exec.js', () => execFixture);
const { runMain } = await import('../../src/steps/main.js');
const { ActionError } = await import('../../src/seams/errors.js');
const { OutputKey, StateKey } = await import('../../src/seams/state.js');
const { formatPlatform, nativePlatform } = await import('../../src/planning/platforms.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-main-unit-'));
const context = mkdtempSync(path.join(root, 'context-'));
writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY app /app\n');
const native = formatPlatform(nativePlatform());
const digest = `sha256:${'ab'.repeat(32)}`;
const password = 'pa55-word-not-on-argv';

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
    return execFixture.ok();
  });
}

beforeEach(() => {
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
  });

  it('gives the password to docker login on stdin only, and masks it first', async () => {
    coreFixture.setInputs(baseInputs);
    dockerAnswers();
    await runMain();
    expect(execFixture.commandLines().some((line) => line.includes(password))).toBe(false);
    expect(execFixture.runOptions()[0]?.input).toBe(password);
    expect(coreFixture.setSecret).toHaveBeenCalledWith(password);
  });

  it('saves what the post step needs before it creates anything', async () => {
    coreFixture.setInputs(baseInputs);
    dockerAnswers();
    await runMain();
    const saved = coreFixture.saveState.mock.calls.map(([key]) => key);
    expect(saved.slice(0, 5)).toEqual([
      StateKey.IsPost,
      StateKey.DockerConfig,
      StateKey.Cleanup,
      StateKey.Builder,
      StateKey.Driver
    ]);
    expect(coreFixture.state.get(StateKey.DockerConfig)).toContain(process.env['RUNNER_TEMP']);
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
