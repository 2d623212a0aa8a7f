// The logins: each masked first and given to docker login on stdin, and kept in the job's Docker config
// without the user's credential helper for that registry.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { temp, userConfig } from '../../helpers/docker-configs.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { createJobDockerConfig } = await import('../../../src/registry/docker-config.js');
const { keepLoginInJobConfig, loginToRegistries } = await import('../../../src/registry/login.js');

const SECRET = 's3cret-never-shown';

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
