// The post step through the exec seam: what it removes for each driver, and that it only ever warns.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../__fixtures__/core.js';
import * as execFixture from '../../__fixtures__/exec.js';

jest.unstable_mockModule('@actions/core', () => coreFixture);
jest.unstable_mockModule('../../src/seams/exec.js', () => execFixture);
const { runPost } = await import('../../src/steps/post.js');

/** A job config as main leaves it: credentials and a builder record. */
function jobConfig(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mab-post-'));
  mkdirSync(path.join(dir, 'contexts'));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { 'ghcr.io': { auth: 'dTpw' } }, proxies: {} }));
  return dir;
}

const state = (
  overrides: Partial<{
    dockerConfig: string;
    builder: string;
    driver: string;
    cleanup: boolean;
    smokeContainers: string[];
  }>
) => ({
  dockerConfig: '',
  builder: '',
  driver: '',
  cleanup: true,
  smokeContainers: [] as string[],
  ...overrides
});

beforeEach(() => {
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
});

describe('runPost', () => {
  it('with no state (main never started) runs nothing and says so', async () => {
    await runPost(state({}));
    expect(execFixture.commandLines()).toEqual([]);
    expect(coreFixture.messages(coreFixture.info)).toEqual(['Nothing to clean up: the main step created nothing.']);
  });

  it('docker-container: removes the builder, then the job config with its credentials', async () => {
    const dir = jobConfig();
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker-container' }));
    expect(execFixture.commandLines()).toEqual(['docker buildx rm --force mab-1-build-x']);
    expect(existsSync(dir)).toBe(false);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it('docker driver: the builder is a context inside the job config, so no docker command is needed', async () => {
    const dir = jobConfig();
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker' }));
    expect(execFixture.commandLines()).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('cleanup false keeps the builder and its record, but never the credentials', async () => {
    const dir = jobConfig();
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker-container', cleanup: false }));
    expect(execFixture.commandLines()).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({ proxies: {} });
    expect(existsSync(path.join(dir, 'contexts'))).toBe(true);
  });

  it('a builder whose record is gone is removed by its container and volume names', async () => {
    execFixture.run.mockImplementation(async (_command, args) => {
      if (args[1] === 'rm' && args[0] === 'buildx')
        return { exitCode: 1, stdout: '', stderr: 'ERROR: permission denied' };
      return execFixture.ok();
    });
    await runPost(state({ dockerConfig: jobConfig(), builder: 'mab-1-build-x', driver: 'docker-container' }));
    expect(execFixture.commandLines()).toEqual([
      'docker buildx rm --force mab-1-build-x',
      'docker rm --force --volumes buildx_buildkit_mab-1-build-x0',
      'docker volume rm --force buildx_buildkit_mab-1-build-x0_state'
    ]);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it('a removal that fails is a warning, never a failure', async () => {
    execFixture.run.mockImplementation(async () => ({
      exitCode: 1,
      stdout: '',
      stderr: 'Cannot connect to the Docker daemon'
    }));
    await expect(
      runPost(state({ dockerConfig: jobConfig(), builder: 'mab-1-build-x', driver: 'docker-container' }))
    ).resolves.toBeUndefined();
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      'Cleanup: docker rm buildx_buildkit_mab-1-build-x0: Cannot connect to the Docker daemon'
    ]);
    expect(coreFixture.setFailed).not.toHaveBeenCalled();
  });

  it('twice in a row: the second run finds nothing to remove and stays quiet', async () => {
    const dir = jobConfig();
    const saved = state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker' });
    await runPost(saved);
    await runPost(saved);
    expect(existsSync(dir)).toBe(false);
    expect(coreFixture.messages(coreFixture.info)).toEqual([
      'Cleaned up builder mab-1-build-x and the job Docker config and its credentials.',
      'Already cleaned up: the job Docker config is gone.'
    ]);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it('removes smoke-run containers a killed main left, and takes "no such container" as done', async () => {
    execFixture.run.mockImplementation(async () => ({
      exitCode: 1,
      stdout: 'mab-1-build-x-smoke-0\n',
      stderr: 'Error response from daemon: No such container: mab-1-build-x-smoke-1\n'
    }));
    await runPost(
      state({
        dockerConfig: jobConfig(),
        builder: 'mab-1-build-x',
        driver: 'docker',
        smokeContainers: ['mab-1-build-x-smoke-0', 'mab-1-build-x-smoke-1']
      })
    );
    expect(execFixture.commandLines()).toEqual(['docker rm --force mab-1-build-x-smoke-0 mab-1-build-x-smoke-1']);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });
});
