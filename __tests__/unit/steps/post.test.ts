// The post step through the exec seam: what it removes for each driver, and that it only ever warns.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as realFs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';

// The post step's deletions, so that a test can make them fail; the test's own files use the real fs.
const rmSync = jest.fn(realFs.rmSync);
jest.unstable_mockModule('node:fs', () => ({ ...realFs, default: { ...realFs, rmSync }, rmSync }));
jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/post-runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { runPost, POST_COMMAND_TIMEOUT_MS } = await import('../../../src/steps/post.js');
const { savePostState } = await import('../../../src/seams/state.js');

let runnerTemp = '';

/** A job config as main leaves it, where main puts it: credentials, a builder record, and (remote) TLS files. */
function jobConfig(tlsFiles = true): string {
  const dir = mkdtempSync(path.join(runnerTemp, 'mab-1-build-x-docker-config-'));
  mkdirSync(path.join(dir, 'contexts'));
  if (tlsFiles) {
    mkdirSync(path.join(dir, 'buildkit'));
    writeFileSync(path.join(dir, 'buildkit', 'key.pem'), '-----BEGIN PRIVATE KEY-----');
  }
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
    localImage: string;
    restoreDockerConfig: string;
  }>
) => {
  const saved = {
    dockerConfig: '',
    builder: '',
    driver: '',
    cleanup: true,
    smokeContainers: [] as string[],
    ...overrides
  };
  // Main records what it saved in the job config it made; the post step acts on nothing else.
  if (saved.dockerConfig && existsSync(saved.dockerConfig)) savePostState(saved);
  return saved;
};

beforeEach(() => {
  rmSync.mockReset();
  rmSync.mockImplementation(realFs.rmSync);
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'mab-post-runner-temp-'));
  process.env['RUNNER_TEMP'] = runnerTemp;
});

// The real rmSync: the tests mock the one the post step uses.
afterEach(() => realFs.rmSync(runnerTemp, { recursive: true, force: true }));

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
    // buildx finds the builder in the job config, whatever BUILDX_CONFIG the user set.
    expect(execFixture.setJobEnv.mock.calls).toEqual([
      ['DOCKER_CONFIG', dir],
      ['BUILDX_CONFIG', path.join(dir, 'buildx')]
    ]);
    expect(existsSync(dir)).toBe(false);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it('docker driver: the builder is a context inside the job config, so no docker command is needed', async () => {
    const dir = jobConfig();
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker' }));
    expect(execFixture.commandLines()).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('remote: removes the builder, and its TLS files even with cleanup false', async () => {
    // The job config holds the remote driver's TLS client files under buildkit/.
    const dir = jobConfig();
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'remote', cleanup: false }));
    expect(existsSync(path.join(dir, 'buildkit'))).toBe(false);
    execFixture.resetExecMock();
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'remote' }));
    expect(execFixture.commandLines()).toEqual(['docker buildx rm --force mab-1-build-x']);
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
    execFixture.run.mockImplementation((_command, args) =>
      Promise.resolve(
        args[1] === 'rm' && args[0] === 'buildx'
          ? { exitCode: 1, stdout: '', stderr: 'ERROR: permission denied' }
          : execFixture.ok()
      )
    );
    await runPost(state({ dockerConfig: jobConfig(), builder: 'mab-1-build-x', driver: 'docker-container' }));
    expect(execFixture.commandLines()).toEqual([
      'docker buildx rm --force mab-1-build-x',
      'docker rm --force --volumes buildx_buildkit_mab-1-build-x0',
      'docker volume rm --force buildx_buildkit_mab-1-build-x0_state'
    ]);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it.each(['kubernetes', 'remote'])(
    '%s: a removal that timed out is a warning saying what was left, with no docker-container fallback',
    async (driver) => {
      execFixture.run.mockResolvedValue({
        exitCode: 128,
        stdout: '',
        stderr: '\n(stopped after the 20000 ms time limit)',
        timedOut: true
      });
      await runPost(state({ dockerConfig: jobConfig(), builder: 'mab-1-build-x', driver }));
      expect(execFixture.commandLines()).toEqual(['docker buildx rm --force mab-1-build-x']);
      const [warning] = coreFixture.messages(coreFixture.warning);
      expect(warning).toContain(
        `Cleanup: builder mab-1-build-x (${driver}) was not removed: docker buildx rm did not finish within 20000 ms.`
      );
      expect(warning).toContain(
        driver === 'kubernetes' ? 'kubectl delete deployment,statefulset mab-1-build-x0' : 'is yours'
      );
    }
  );

  it('a removal that fails is a warning, never a failure', async () => {
    execFixture.run.mockResolvedValue({
      exitCode: 1,
      stdout: '',
      stderr: 'Cannot connect to the Docker daemon'
    });
    await expect(
      runPost(state({ dockerConfig: jobConfig(), builder: 'mab-1-build-x', driver: 'docker-container' }))
    ).resolves.toBeUndefined();
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      'Cleanup: docker rm buildx_buildkit_mab-1-build-x0: Cannot connect to the Docker daemon'
    ]);
    expect(process.exitCode).toBeUndefined();
  });

  it('every cleanup step failing still resolves, with a warning for each, and leaves the exit code unset', async () => {
    const dir = jobConfig();
    rmSync.mockImplementation(() => {
      throw new Error('EBUSY: resource busy or locked');
    });
    execFixture.run.mockRejectedValue(new Error("'docker' stopped after the 20000 ms time limit"));
    await expect(
      runPost(
        state({
          dockerConfig: dir,
          builder: 'mab-1-build-x',
          driver: 'docker-container',
          smokeContainers: ['mab-1-build-x-smoke-0']
        })
      )
    ).resolves.toBeUndefined();
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      'Cleanup: removing the credentials: EBUSY: resource busy or locked',
      "Cleanup: removing builder mab-1-build-x: 'docker' stopped after the 20000 ms time limit",
      "Cleanup: removing smoke-run containers: 'docker' stopped after the 20000 ms time limit",
      `Cleanup: removing ${dir}: EBUSY: resource busy or locked`
    ]);
    expect(process.exitCode).toBeUndefined();
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
    execFixture.run.mockResolvedValue({
      exitCode: 1,
      stdout: 'mab-1-build-x-smoke-0\n',
      stderr: 'Error response from daemon: No such container: mab-1-build-x-smoke-1\n'
    });
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

describe('runPost with part of the state', () => {
  it('a builder or containers with no job Docker config to hold main’s record are never acted on', async () => {
    // Main saves its job config before it creates anything: state without one was not written by main.
    await runPost(
      state({ builder: 'mab-1-build-x', driver: 'docker-container', smokeContainers: ['mab-1-x-smoke-0'] })
    );
    expect(execFixture.commandLines()).toEqual([]);
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      'Cleanup: not acting on mab-1-build-x, mab-1-x-smoke-0: main left no record of them in its job Docker config'
    ]);
  });

  it('removes the image a build that pushed nothing stored for its smoke run, after the containers; "no such image" is done', async () => {
    execFixture.run.mockImplementation(async (_command, args) =>
      args[0] === 'image'
        ? execFixture.ok('', 'Error response from daemon: No such image: mab-1-build-x:checks')
        : execFixture.ok()
    );
    await runPost(
      state({
        dockerConfig: jobConfig(),
        smokeContainers: ['mab-1-build-x-smoke-0'],
        localImage: 'mab-1-build-x:checks'
      })
    );
    expect(execFixture.commandLines()).toEqual([
      'docker rm --force mab-1-build-x-smoke-0',
      'docker image rm --force mab-1-build-x:checks'
    ]);
    expect(execFixture.runOptions()[1]).toMatchObject({ allowFailure: true, timeoutMs: POST_COMMAND_TIMEOUT_MS });
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it.each(['alpine:latest', 'mab-1-build-x', 'mab-1-build-x:latest', '--force', 'mab-1-x:checks:x'])(
    'never removes an image whose name main does not give: %s',
    async (name) => {
      await runPost(state({ dockerConfig: jobConfig(), localImage: name }));
      expect(execFixture.commandLines()).toEqual([]);
      expect(coreFixture.warning).toHaveBeenCalledWith(expect.stringContaining(`not removing image '${name}'`));
    }
  );

  it('smoke-run containers are removed with the job config', async () => {
    await runPost(state({ dockerConfig: jobConfig(), smokeContainers: ['mab-1-build-x-smoke-0'] }));
    expect(execFixture.commandLines()).toEqual(['docker rm --force mab-1-build-x-smoke-0']);
  });

  it('a job config with no TLS files (every driver but remote) is removed without a warning', async () => {
    const dir = jobConfig(false);
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker' }));
    expect(existsSync(dir)).toBe(false);
    expect(coreFixture.warning).not.toHaveBeenCalled();
    const kept = jobConfig(false);
    await runPost(state({ dockerConfig: kept, builder: 'mab-1-build-x', driver: 'docker', cleanup: false }));
    expect(JSON.parse(readFileSync(path.join(kept, 'config.json'), 'utf8'))).toEqual({ proxies: {} });
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it('containers that are already gone are no failure under the exec contract (a non-zero exit throws unless allowed)', async () => {
    execFixture.run.mockImplementation((command, args, options) => {
      const result = {
        exitCode: 1,
        stdout: '',
        stderr: 'Error response from daemon: No such container: mab-1-x-smoke-0'
      };
      return options?.allowFailure
        ? Promise.resolve(result)
        : Promise.reject(new execFixture.CommandError([command, ...args].join(' '), result));
    });
    await runPost(state({ dockerConfig: jobConfig(), smokeContainers: ['mab-1-x-smoke-0'] }));
    expect(execFixture.commandLines()).toEqual(['docker rm --force mab-1-x-smoke-0']);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });
});

describe('runPost reports what it did', () => {
  it('a job config with no builder: says it removed the config, and names no builder', async () => {
    await runPost(state({ dockerConfig: jobConfig() }));
    expect(coreFixture.messages(coreFixture.info)).toEqual(['Cleaned up the job Docker config and its credentials.']);
  });

  it('a job config main left without a config.json (no login yet): nothing to warn about, either way', async () => {
    for (const cleanup of [true, false]) {
      const dir = jobConfig(false);
      realFs.rmSync(path.join(dir, 'config.json'));
      await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker', cleanup }));
      expect(existsSync(dir)).toBe(!cleanup);
    }
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it.each([
    [
      'containers',
      { smokeContainers: ['mab-1-x-smoke-0', 'mab-1-x-smoke-1'] },
      'No such container: mab-1-x-smoke-1',
      'Cleanup: docker rm: Error response from daemon: cannot remove container mab-1-x-smoke-0: permission denied'
    ],
    [
      'the local image',
      { localImage: 'mab-1-x:checks' },
      'No such image: mab-1-x:checks',
      'Cleanup: docker image rm: Error response from daemon: cannot remove container mab-1-x-smoke-0: permission denied'
    ]
  ])(
    'docker errors removing %s other than "no such" are warnings, trimmed, blank lines dropped; then no "Cleaned up"',
    async (_kind, named, absent, warning) => {
      execFixture.run.mockResolvedValue({
        exitCode: 1,
        stdout: '',
        stderr:
          `  Error response from daemon: ${absent}\n   \n` +
          '  Error response from daemon: cannot remove container mab-1-x-smoke-0: permission denied  \n'
      });
      await runPost(state({ dockerConfig: jobConfig(), ...named }));
      expect(coreFixture.messages(coreFixture.warning)).toEqual([warning]);
      expect(coreFixture.messages(coreFixture.info)).toEqual([]);
    }
  );
});

describe('runPost deletes the credentials before any docker call', () => {
  it('with cleanup, the whole config.json is gone at the first docker call, not only its logins', async () => {
    const dir = jobConfig();
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': { auth: 'dTpw' } }, credHelpers: { 'ghcr.io': 'pass' } })
    );
    const seen: boolean[] = [];
    execFixture.run.mockImplementation(() => {
      seen.push(existsSync(path.join(dir, 'config.json')));
      return Promise.resolve(execFixture.ok());
    });
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker-container' }));
    expect(seen).toEqual([false]);
  });

  /** Each docker call, with what was on disk when it started. */
  function recordCalls(
    dir: string,
    answer: () => Promise<execFixture.RunResult> = () => Promise.resolve(execFixture.ok())
  ) {
    const calls: { command: string; credentials: boolean; directory: boolean; timeoutMs?: number }[] = [];
    execFixture.run.mockImplementation((command, args, options) => {
      calls.push({
        command: [command, ...args].join(' '),
        credentials:
          existsSync(path.join(dir, 'buildkit')) ||
          (existsSync(path.join(dir, 'config.json')) &&
            readFileSync(path.join(dir, 'config.json'), 'utf8').includes('auths')),
        directory: existsSync(dir),
        ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs })
      });
      return answer();
    });
    return calls;
  }

  it('credentials first, then each docker call with a time limit while the builder record is there, then the directory', async () => {
    const dir = jobConfig();
    const calls = recordCalls(dir, () => Promise.resolve({ exitCode: 1, stdout: '', stderr: 'ERROR: daemon hung' }));
    await runPost(
      state({
        dockerConfig: dir,
        builder: 'mab-1-build-x',
        driver: 'docker-container',
        smokeContainers: ['mab-1-build-x-smoke-0']
      })
    );
    const when = { credentials: false, directory: true, timeoutMs: POST_COMMAND_TIMEOUT_MS };
    expect(calls).toEqual([
      { command: 'docker buildx rm --force mab-1-build-x', ...when },
      { command: 'docker rm --force --volumes buildx_buildkit_mab-1-build-x0', ...when },
      { command: 'docker volume rm --force buildx_buildkit_mab-1-build-x0_state', ...when },
      { command: 'docker rm --force mab-1-build-x-smoke-0', ...when }
    ]);
    expect(existsSync(dir)).toBe(false);
    expect(process.exitCode).toBeUndefined();
  });

  it('cleanup false: the logins are gone before the docker calls, the builder record stays', async () => {
    const dir = jobConfig();
    const calls = recordCalls(dir);
    await runPost(
      state({
        dockerConfig: dir,
        builder: 'mab-1-build-x',
        driver: 'docker-container',
        cleanup: false,
        smokeContainers: ['mab-1-build-x-smoke-0']
      })
    );
    expect(calls).toEqual([
      {
        command: 'docker rm --force mab-1-build-x-smoke-0',
        credentials: false,
        directory: true,
        timeoutMs: POST_COMMAND_TIMEOUT_MS
      }
    ]);
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({ proxies: {} });
  });

  it('a docker call that throws (a time limit, a missing binary) still leaves no credentials and no directory', async () => {
    const dir = jobConfig();
    recordCalls(dir, () => Promise.reject(new Error("'docker' stopped after the 20000 ms time limit")));
    await expect(
      runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker-container' }))
    ).resolves.toBeUndefined();
    expect(existsSync(dir)).toBe(false);
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      "Cleanup: removing builder mab-1-build-x: 'docker' stopped after the 20000 ms time limit"
    ]);
  });
});

describe('runPost deletes only what main created', () => {
  /** A directory of the user's that a tampered STATE_dockerConfig might name. */
  function precious(parent: string, name: string): string {
    const dir = path.join(parent, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), '{"auths":{}}');
    return dir;
  }

  it.each<[string, () => string]>([
    ['outside RUNNER_TEMP', () => precious(mkdtempSync(path.join(os.tmpdir(), 'mab-home-')), '.docker')],
    ['RUNNER_TEMP itself', () => runnerTemp],
    ['under RUNNER_TEMP without the prefix', () => precious(runnerTemp, 'workspace-cache')],
    ['named like a job config but one level deeper', () => precious(runnerTemp, 'x/mab-1-b-docker-config-abcdef')],
    [
      'a .. path out of a job config',
      () => `${jobConfig()}/../../${path.basename(precious(os.tmpdir(), `mab-victim-${process.pid}`))}`
    ],
    [
      'a symlink named like a job config',
      () => {
        const link = path.join(runnerTemp, 'mab-1-build-x-docker-config-abcdef');
        symlinkSync(precious(mkdtempSync(path.join(os.tmpdir(), 'mab-home-')), '.docker'), link);
        return link;
      }
    ]
  ])('a tampered STATE_dockerConfig %s deletes nothing and says so', async (_what, target) => {
    const dir = target();
    const resolved = path.resolve(dir);
    const before = existsSync(path.join(resolved, 'config.json'));
    await runPost(state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker' }));
    expect(existsSync(resolved)).toBe(true);
    expect(existsSync(path.join(resolved, 'config.json'))).toBe(before);
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      `Cleanup: not touching ${dir}: not a job Docker config of this action under RUNNER_TEMP`
    ]);
    expect(execFixture.setJobEnv).not.toHaveBeenCalled();
  });

  it('passes docker only builder and container names this action gives', async () => {
    await runPost(
      state({
        dockerConfig: jobConfig(),
        builder: '--all-inactive',
        driver: 'docker-container',
        smokeContainers: ['-f', 'postgres', 'mab-1-x-smoke-0']
      })
    );
    expect(execFixture.commandLines()).toEqual(['docker rm --force mab-1-x-smoke-0']);
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      "Cleanup: not removing builder '--all-inactive': not a name this action gives"
    ]);
  });
});

describe('runPost after login-scope: job', () => {
  it('removes the credentials, then points DOCKER_CONFIG back at the user’s config for the post steps after it', async () => {
    const dir = jobConfig();
    const userDir = mkdtempSync(path.join(os.tmpdir(), 'mab-post-user-config-'));
    let credentialsWhenExported: boolean | undefined;
    coreFixture.exportVariable.mockImplementation((name, value) => {
      credentialsWhenExported = existsSync(path.join(dir, 'config.json'));
      coreFixture.exported.set(name, value);
      return true;
    });
    await runPost(
      state({ dockerConfig: dir, builder: 'mab-1-build-x', driver: 'docker', restoreDockerConfig: userDir })
    );
    expect([...coreFixture.exported]).toEqual([['DOCKER_CONFIG', userDir]]);
    expect(credentialsWhenExported).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it.each([
    ['a relative path', 'relative/dir'],
    ['a path with a line break', '/tmp/x\nDOCKER_HOST=tcp://evil'],
    ['the job config itself', 'JOB']
  ])('a tampered state (%s) is refused with a warning; the credentials still go', async (_why, restore) => {
    const dir = jobConfig();
    await runPost(state({ dockerConfig: dir, restoreDockerConfig: restore === 'JOB' ? dir : restore }));
    expect(coreFixture.exportVariable).not.toHaveBeenCalled();
    expect(coreFixture.messages(coreFixture.warning).join('\n')).toContain('not pointing DOCKER_CONFIG at');
    expect(existsSync(dir)).toBe(false);
  });

  it('two steps with login-scope: job: the second gives back the first one’s config, which the first then removes', async () => {
    const first = jobConfig();
    const second = jobConfig();
    await runPost(state({ dockerConfig: second, restoreDockerConfig: first }));
    expect([...coreFixture.exported]).toEqual([['DOCKER_CONFIG', first]]);
    expect(coreFixture.warning).not.toHaveBeenCalled();
    expect(existsSync(second)).toBe(false);
    expect(existsSync(first)).toBe(true);
  });

  it('without login-scope: job (no state to restore), DOCKER_CONFIG is left alone', async () => {
    await runPost(state({ dockerConfig: jobConfig(), builder: 'mab-1-build-x', driver: 'docker' }));
    expect(coreFixture.exportVariable).not.toHaveBeenCalled();
  });
});

describe('runPost trusts main’s record in the job config, not the runner’s state alone', () => {
  // What a build could plant with `##[save-state …]` if its output reached the runner as commands.
  const planted = (saved: ReturnType<typeof state>, changes: Partial<ReturnType<typeof state>>) => ({
    ...saved,
    ...changes
  });

  it('a planted restoreDockerConfig (login-scope: step) is never exported; the cleanup goes on', async () => {
    const dir = jobConfig();
    const evil = mkdtempSync(path.join(os.tmpdir(), 'mab-post-evil-config-'));
    await runPost(planted(state({ dockerConfig: dir }), { restoreDockerConfig: evil }));
    expect(coreFixture.exportVariable).not.toHaveBeenCalled();
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      `Cleanup: the saved restoreDockerConfig '${evil}' is not what main recorded; using the record`
    ]);
    expect(existsSync(dir)).toBe(false);
  });

  it('a planted value in place of main’s (login-scope: job, a builder) is replaced by the recorded one', async () => {
    const dir = jobConfig();
    const userDir = mkdtempSync(path.join(os.tmpdir(), 'mab-post-user-config-'));
    const saved = state({
      dockerConfig: dir,
      builder: 'mab-1-build-x',
      driver: 'docker-container',
      restoreDockerConfig: userDir
    });
    await runPost(planted(saved, { restoreDockerConfig: '/work/evil-config', builder: 'mab-1-other' }));
    expect([...coreFixture.exported]).toEqual([['DOCKER_CONFIG', userDir]]);
    expect(execFixture.commandLines()).toEqual(['docker buildx rm --force mab-1-build-x']);
    expect(coreFixture.messages(coreFixture.warning)).toHaveLength(2);
  });

  it('a job config with no record (or an unreadable one): its credentials go, nothing else is acted on', async () => {
    for (const record of [undefined, '{not json', '["an array"]']) {
      const dir = jobConfig();
      if (record !== undefined) writeFileSync(path.join(dir, 'post-state.json'), record);
      coreFixture.resetCoreMock();
      execFixture.resetExecMock();
      await runPost({
        ...state({}),
        dockerConfig: dir,
        builder: 'mab-1-build-x',
        driver: 'docker-container',
        restoreDockerConfig: '/work/evil'
      });
      expect(execFixture.commandLines()).toEqual([]);
      expect(coreFixture.exportVariable).not.toHaveBeenCalled();
      expect(existsSync(dir)).toBe(false);
      expect(coreFixture.messages(coreFixture.warning)).toEqual([
        'Cleanup: not acting on mab-1-build-x, /work/evil: main left no record of them in its job Docker config'
      ]);
    }
  });
});
