import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createJobDockerConfig, jobScopedName } from '../../src/registry/docker-config.js';
import { keepLoginInJobConfig } from '../../src/registry/login.js';

const temp = (): string => mkdtempSync(path.join(os.tmpdir(), 'mab-config-'));

/** A user's ~/.docker with a login, a credential store, helpers, a current context and a buildx plugin. */
function userConfig(): string {
  const dir = temp();
  mkdirSync(path.join(dir, 'cli-plugins'));
  writeFileSync(path.join(dir, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\n');
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      auths: { 'private.example.com': { auth: 'dTpw' } },
      credsStore: 'desktop',
      credHelpers: { 'ghcr.io': 'gh', '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
      currentContext: 'remote',
      proxies: { default: { httpProxy: 'http://proxy:3128' } }
    })
  );
  return dir;
}

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
    expect(job.dir).toBe(path.join(runnerTemp, 'mab-1-build-x-docker-config'));
    expect(job.userDir).toBe(user);
    const config = JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8'));
    // The credential store and the current context stay the user's: our login and builder must land here.
    expect(config).toEqual({
      auths: { 'private.example.com': { auth: 'dTpw' } },
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
      credHelpers: { 'ghcr.io': 'gh', '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' }
    });
    expect(lstatSync(path.join(job.dir, 'cli-plugins', 'docker-buildx')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(user, 'config.json'), 'utf8')).toBe(before);
    expect(lstatSync(path.join(job.dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('starts empty when the user has no config', () => {
    const job = createJobDockerConfig('mab-2-build-y', {
      RUNNER_TEMP: temp(),
      DOCKER_CONFIG: path.join(temp(), 'missing')
    });
    expect(JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8'))).toEqual({});
    expect(existsSync(path.join(job.dir, 'cli-plugins', 'docker-buildx'))).toBe(false);
  });
});

describe('keepLoginInJobConfig', () => {
  it('drops the credential helper of the registry we log in to, and only that one', () => {
    const job = createJobDockerConfig('mab-3-build-z', {
      RUNNER_TEMP: temp(),
      DOCKER_CONFIG: userConfig()
    });
    keepLoginInJobConfig(job.dir, 'ghcr.io');
    const config = JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8'));
    expect(config.credHelpers).toEqual({ '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' });
  });
});
