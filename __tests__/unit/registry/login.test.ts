// The logins: each masked first and given to docker login on stdin, and kept in the job's Docker config
// without the user's credential helper for that registry.
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { removeTemps, temp, userConfig } from '../../helpers/docker-configs.js';
import { rejectionOf } from '../../helpers/errors.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { createJobDockerConfig } = await import('../../../src/registry/docker-config.js');
const { keepLoginInJobConfig, loginAdvice, loginOutsideJobConfig, loginToRegistries, loginToRegistry } =
  await import('../../../src/registry/registry-login.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { close, FakeRegistry } = await import('../../helpers/fake-registry.js');

const SECRET = 's3cret-never-shown';

afterAll(removeTemps);

beforeEach(() => coreFixture.resetCoreMock());

describe('loginToRegistries', () => {
  it('masks every password before the first login, then logs in to each through stdin', async () => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
    const events: string[] = [];
    coreFixture.setSecret.mockImplementation((secret) => void events.push(`mask ${secret}`));
    execFixture.run.mockImplementation(async (_command, args, options) => {
      events.push(`${args.slice(0, 2).join(' ')} < ${options?.input ?? ''}`);
      return Promise.resolve(execFixture.ok('Login Succeeded'));
    });
    await loginToRegistries([
      { registry: 'ghcr.io', username: 'a', password: 'first-secret' },
      { registry: '127.0.0.1:5002', username: 'b', password: SECRET }
    ]);
    expect(events.slice(0, 2)).toEqual(['mask first-secret', `mask ${SECRET}`]);
    expect(events.filter((event) => event.startsWith('login'))).toEqual([
      'login ghcr.io < first-secret',
      `login 127.0.0.1:5002 < ${SECRET}`
    ]);
    expect(execFixture.commandLines().join('\n')).not.toContain(SECRET);
  });

  it('runs the work that overlaps the logins once, while the first docker login runs', async () => {
    execFixture.resetExecMock();
    const events: string[] = [];
    execFixture.run.mockImplementation(async (_command, args) => {
      events.push(`start ${args[1]}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`done ${args[1]}`);
      return execFixture.ok('Login Succeeded');
    });
    const logins = [
      { registry: 'ghcr.io', username: 'a', password: 'first-secret' },
      { registry: '127.0.0.1:5002', username: 'b', password: SECRET }
    ];
    await loginToRegistries(logins, { whileLoggingIn: () => events.push('overlap') });
    expect(events).toEqual(['start ghcr.io', 'overlap', 'done ghcr.io', 'start 127.0.0.1:5002', 'done 127.0.0.1:5002']);
  });

  it('with no login to make, runs that work once all the same', async () => {
    const overlap = jest.fn();
    await loginToRegistries([], { whileLoggingIn: overlap });
    expect(overlap).toHaveBeenCalledTimes(1);
  });
});

describe('keepLoginInJobConfig', () => {
  it('drops the credential helper of the registry we log in to, and only that one', () => {
    const job = createJobDockerConfig('mab-3-build-z', {
      RUNNER_TEMP: temp(),
      DOCKER_CONFIG: userConfig()
    });
    keepLoginInJobConfig(job.dir, 'ghcr.io');
    const config = JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config['credHelpers']).toEqual({ '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' });
  });

  // docker files a Docker Hub login under https://index.docker.io/v1/, so the docker.io key alone is not enough.
  it.each(['docker.io', 'index.docker.io', 'registry-1.docker.io'])(
    'logging in to %s drops every spelling of Docker Hub',
    (server) => {
      const dir = temp();
      const hub = [
        'docker.io',
        'index.docker.io',
        'registry-1.docker.io',
        'registry.hub.docker.com',
        'https://index.docker.io/v1/',
        'https://index.docker.io/v1',
        'http://index.docker.io/v1/',
        'https://registry-1.docker.io',
        'Index.Docker.IO'
      ];
      const credHelpers = Object.fromEntries([...hub, 'ghcr.io', 'docker.example.com'].map((key) => [key, 'pass']));
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credHelpers }));
      keepLoginInJobConfig(dir, server);
      expect(
        (JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>)['credHelpers']
      ).toEqual({
        'ghcr.io': 'pass',
        'docker.example.com': 'pass'
      });
    }
  );
});

describe('a login that did not land in the job config is taken back', () => {
  /** A docker that files the login with a credential store, as it does when the config names one. */
  const storeElsewhere = (dir: string, store: string) => (_command: string, args: readonly string[]) => {
    if (args[0] === 'login')
      writeFileSync(
        path.join(dir, 'config.json'),
        JSON.stringify({ auths: { [args[1] ?? '']: {} }, credsStore: store })
      );
    return Promise.resolve(execFixture.ok(args[0] === 'login' ? 'Login Succeeded' : 'Removing login credentials'));
  };

  it.each(['pass', 'secretservice'])(
    'one docker stored with %s is logged out again, and the step fails',
    async (store) => {
      execFixture.resetExecMock();
      const job = createJobDockerConfig('mab-5-build-v', { RUNNER_TEMP: temp(), DOCKER_CONFIG: temp() });
      execFixture.setJobEnv('DOCKER_CONFIG', job.dir);
      execFixture.run.mockImplementation(storeElsewhere(job.dir, store));
      const error = await rejectionOf(
        ActionError,
        loginToRegistry('ghcr.io', { username: 'octocat', password: SECRET })
      );
      expect(error.message).toContain(
        `Login to ghcr.io did not stay in the job's Docker config: docker stored it with docker-credential-${store}, outside the job's config; it was logged out again.`
      );
      expect(execFixture.commandLines()).toEqual([
        'docker login ghcr.io --username octocat --password-stdin',
        'docker logout ghcr.io'
      ]);
      expect(error.message).not.toContain(SECRET);
    }
  );

  it('a login in the file (docker’s file store) is left alone', async () => {
    execFixture.resetExecMock();
    const job = createJobDockerConfig('mab-5-build-u', { RUNNER_TEMP: temp(), DOCKER_CONFIG: temp() });
    execFixture.setJobEnv('DOCKER_CONFIG', job.dir);
    await loginToRegistry('docker.io', { username: 'octocat', password: SECRET });
    expect(execFixture.commandLines()).toEqual(['docker login docker.io --username octocat --password-stdin']);
    expect(loginOutsideJobConfig(job.dir, 'index.docker.io')).toBeUndefined();
  });

  it('names a credential helper for the registry, and a login that is nowhere', () => {
    const dir = temp();
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': {} }, credHelpers: { 'https://ghcr.io': 'gh' } })
    );
    expect(loginOutsideJobConfig(dir, 'ghcr.io')).toBe(
      "docker stored it with docker-credential-gh, outside the job's config"
    );
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { 'other.example.com': { auth: 'dTpw' } } }));
    expect(loginOutsideJobConfig(dir, 'ghcr.io')).toBe("docker did not write it to the job's config");
  });
});

describe('loginAdvice', () => {
  const credentials = 'check the username and password (or token) and that the token may push to this registry.';
  const reachable = 'check that 127.0.0.1:40179 is reachable from the runner.';
  it.each([
    ['login attempt to http://127.0.0.1:40179/v2/ failed with status: 503 Service Unavailable', reachable],
    ['login attempt to http://127.0.0.1:40179/v2/ failed with status: 401 Unauthorized', credentials],
    ['Get "https://127.0.0.1:40179/v2/": HTTP 401', credentials],
    ['denied: requested access to the resource is denied', credentials],
    ['incorrect username or password', credentials],
    ['dial tcp 127.0.0.1:40179: connect: connection refused', reachable],
    ['received unexpected HTTP status: 500 Internal Server Error (request 4011)', reachable]
  ])('%s', (detail, advice) => {
    expect(loginAdvice('127.0.0.1:40179', detail)).toBe(advice);
  });
});

describe("a 401 from docker login after the daemon's ping failed", () => {
  const refused = (): Promise<never> =>
    Promise.reject(
      new execFixture.CommandError('docker login', {
        exitCode: 1,
        stdout: '',
        stderr: 'Error response from daemon: login attempt to http://x/v2/ failed with status: 401 Unauthorized'
      })
    );

  it.each([
    ['takes the credentials: the login is tried again and succeeds', 'alice', true],
    ['refuses them: the 401 stands, with no second try', 'mallory', false]
  ])('a registry that %s', async (_name, user, retried) => {
    execFixture.resetExecMock();
    const fake = await new FakeRegistry('basic', 'alice', 'right').start();
    try {
      execFixture.run.mockImplementationOnce(refused).mockResolvedValue(execFixture.ok('Login Succeeded'));
      const login = loginToRegistry(fake.registry, { username: user, password: 'right' });
      if (retried) await login;
      else await expect(login).rejects.toThrow('check the username and password');
      expect(execFixture.run).toHaveBeenCalledTimes(retried ? 2 : 1);
      expect(coreFixture.messages(coreFixture.warning).length).toBe(retried ? 1 : 0);
    } finally {
      await close(fake.server);
    }
  });
});
