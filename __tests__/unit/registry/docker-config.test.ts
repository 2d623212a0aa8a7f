import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import { removeTemps, temp, userConfig } from '../../helpers/docker-configs.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
const { createJobDockerConfig, isJobConfigDir, jobScopedName } = await import('../../../src/registry/docker-config.js');

afterAll(removeTemps);

beforeEach(() => coreFixture.resetCoreMock());

/** The auths entry of a host that cannot exist (.invalid): docker then never picks a credential store. */
const keepLoginsHere = 'logins-stay-in-this-file.multiarch-build-push.invalid';

describe('jobScopedName', () => {
  it.each([
    [{ GITHUB_RUN_ID: '4242', GITHUB_JOB: 'Build-Images' }, /^mab-4242-buildimages-[0-9a-z]+$/],
    [{}, /^mab-local-job-[0-9a-z]+$/]
  ])('%j → %s', (env, pattern) => {
    expect(jobScopedName(env as NodeJS.ProcessEnv)).toMatch(pattern);
  });
  it('differs between two jobs of the same run in one process', () => {
    const env = { GITHUB_RUN_ID: '1', GITHUB_JOB: 'build' } as NodeJS.ProcessEnv;
    expect(jobScopedName(env, 0.1)).not.toBe(jobScopedName(env, 0.2));
  });
});

describe('createJobDockerConfig', () => {
  const saved = process.env['DOCKER_CONFIG'];
  afterEach(() => {
    if (saved === undefined) delete process.env['DOCKER_CONFIG'];
    else process.env['DOCKER_CONFIG'] = saved;
  });

  it('lives under RUNNER_TEMP, keeps earlier logins, and never writes to the user config', () => {
    const user = userConfig();
    const before = readFileSync(path.join(user, 'config.json'), 'utf8');
    const runnerTemp = temp();
    const job = createJobDockerConfig('mab-1-build-x', {
      RUNNER_TEMP: runnerTemp,
      DOCKER_CONFIG: user
    });
    expect(path.dirname(job.dir)).toBe(runnerTemp);
    expect(path.basename(job.dir)).toMatch(/^mab-1-build-x-docker-config-[A-Za-z0-9]{6}$/);
    expect(lstatSync(job.dir).mode & 0o777).toBe(0o700);
    expect(isJobConfigDir(job.dir, { RUNNER_TEMP: runnerTemp })).toBe(true);
    expect(job.userDir).toBe(user);
    const config = JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    // The credential store and the current context stay the user's: our login and builder must land here.
    expect(config).toEqual({
      auths: { 'private.example.com': { auth: 'dTpw' }, [keepLoginsHere]: {} },
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
      credHelpers: { 'ghcr.io': 'gh', '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' }
    });
    expect(lstatSync(path.join(job.dir, 'cli-plugins', 'docker-buildx')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(user, 'config.json'), 'utf8')).toBe(before);
    expect(lstatSync(path.join(job.dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it("points every command at the job's config, buildx's too: a user's BUILDX_CONFIG never holds the job's builders", async () => {
    const { getJobEnv } = await import('../../../src/seams/exec.js');
    const job = createJobDockerConfig('mab-3-build-b', {
      RUNNER_TEMP: temp(),
      DOCKER_CONFIG: userConfig(),
      BUILDX_CONFIG: temp()
    });
    expect(getJobEnv()['DOCKER_CONFIG']).toBe(job.dir);
    expect(getJobEnv()['BUILDX_CONFIG']).toBe(path.join(job.dir, 'buildx'));
  });

  // docker/cli picks pass or secretservice for a config with no auths, credHelpers or credsStore.
  it('starts with no login when the user has no config, but never with a config docker would pick a store for', () => {
    const job = createJobDockerConfig('mab-2-build-y', {
      RUNNER_TEMP: temp(),
      DOCKER_CONFIG: path.join(temp(), 'missing')
    });
    expect(JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8'))).toEqual({
      auths: { [keepLoginsHere]: {} }
    });
    expect(existsSync(path.join(job.dir, 'cli-plugins', 'docker-buildx'))).toBe(false);
  });

  it('never reuses a directory that is already there: a name nobody can guess, fresh each time', () => {
    const runnerTemp = temp();
    const env = { RUNNER_TEMP: runnerTemp, DOCKER_CONFIG: path.join(temp(), 'missing') };
    // The old, guessable name, planted in advance with a config that would send logins elsewhere.
    const planted = path.join(runnerTemp, 'mab-4-build-w-docker-config');
    mkdirSync(planted);
    writeFileSync(path.join(planted, 'config.json'), '{"credsStore":"attacker"}');
    const first = createJobDockerConfig('mab-4-build-w', env);
    const second = createJobDockerConfig('mab-4-build-w', env);
    expect(new Set([planted, first.dir, second.dir]).size).toBe(3);
    expect(readFileSync(path.join(planted, 'config.json'), 'utf8')).toBe('{"credsStore":"attacker"}');
  });

  it('hands the directory over to be saved for the post step while it is still empty, before any credential is copied in', () => {
    const seen: string[][] = [];
    const job = createJobDockerConfig('mab-5-build-v', { RUNNER_TEMP: temp(), DOCKER_CONFIG: userConfig() }, (dir) =>
      seen.push(readdirSync(dir))
    );
    expect(seen).toEqual([[]]);
    expect(readdirSync(job.dir).sort()).toEqual(['cli-plugins', 'config.json']);
  });
});

describe('isJobConfigDir', () => {
  const runnerTemp = temp();
  const env = { RUNNER_TEMP: runnerTemp };
  const made = mkdtempSync(path.join(runnerTemp, 'mab-1-build-docker-config-'));
  it.each<[string, string, boolean]>([
    ['a directory main made', made, true],
    ['the same with a trailing slash', `${made}/`, true],
    ['one that no longer exists', path.join(runnerTemp, 'mab-1-build-docker-config-zzzzzz'), false],
    ['RUNNER_TEMP itself', runnerTemp, false],
    ['a directory without the prefix', path.join(runnerTemp, 'other-docker-config-abcdef'), false],
    ['a path that climbs out', `${made}/../../etc`, false],
    ['the home directory', os.homedir(), false]
  ])('%s: %s', (_what, dir, expected) => {
    expect(isJobConfigDir(dir, env)).toBe(expected);
  });
});
