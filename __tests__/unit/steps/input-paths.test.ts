// The gathering step's path checks: what the inputs name on the runner exists, and is reached
// through no symbolic link a pull request could have committed. Before planning, before any command.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InputError } from '../../../src/model/errors.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { checkBuildInputSources, checkInputPaths } from '../../../src/steps/input-paths.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { inputErrorOf } from '../../helpers/errors.js';
import type { Inputs } from '../../../src/model/inputs.js';

// Like the runner: what the step gives, else action.yml's default.
const parse = (values: Record<string, string>): Inputs => parseInputs(runnerReader(values));

describe('checkInputPaths', () => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'mab-inputs-'));
  mkdirSync(path.join(workspace, 'app'));
  writeFileSync(path.join(workspace, 'app', 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(workspace, 'app', 'Dockerfile.prod'), 'FROM scratch\n');
  mkdirSync(path.join(workspace, 'empty'));
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  const check = (values: Record<string, string>): void => checkInputPaths(parse(values), workspace);
  const errorOf = (values: Record<string, string>): InputError => inputErrorOf(() => check(values));

  it.each<[string, Record<string, string>]>([
    ['an absolute context', { context: path.join(workspace, 'app') }],
    ['a context relative to the workspace', { context: 'app' }],
    ['a context with a trailing slash', { context: 'app/' }],
    ['a file relative to the workspace', { context: 'app', file: 'app/Dockerfile.prod' }],
    ['an absolute file', { context: 'empty', file: path.join(workspace, 'app', 'Dockerfile') }],
    ['a git URL context', { context: 'https://github.com/acme/app.git#main' }],
    ['an ssh git context', { context: 'git@github.com:acme/app.git' }],
    ['a github.com shorthand context', { context: 'github.com/acme/app' }],
    ['stdin as context', { context: '-' }],
    ['merge mode, which builds nothing', { mode: 'merge', sources: 'ghcr.io/acme/app:amd64', context: 'nowhere' }]
  ])('accepts %s', (_what, values) => {
    expect(() => check(values)).not.toThrow();
  });

  it('refuses a context that does not exist', () => {
    const error = errorOf({ context: 'missing' });
    expect(error.input).toBe('context');
    expect(error.message).toContain(`${path.join(workspace, 'missing')} is not a directory`);
  });

  it('refuses a context that is a file', () => {
    expect(errorOf({ context: 'app/Dockerfile' }).input).toBe('context');
  });

  it('refuses a context without a Dockerfile', () => {
    const error = errorOf({ context: 'empty' });
    expect(error.input).toBe('file');
    expect(error.message).toContain(`${path.join(workspace, 'empty', 'Dockerfile')} does not exist`);
  });

  // Like docker build -f: the file is relative to the working directory, not to the context.
  it('reads the file input relative to the workspace, not the context', () => {
    const error = errorOf({ context: 'app', file: 'Dockerfile.prod' });
    expect(error.input).toBe('file');
    expect(error.value).toBe('Dockerfile.prod');
    expect(error.message).toContain(`${path.join(workspace, 'Dockerfile.prod')} does not exist`);
  });

  it('refuses a file input that is a directory', () => {
    expect(errorOf({ context: 'app', file: 'empty' }).input).toBe('file');
  });
});

describe('checkBuildInputSources', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mab-sources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'cert.pem'), 'x');
  mkdirSync(path.join(dir, 'rootfs'));
  const check = (values: Record<string, string>, env: NodeJS.ProcessEnv = {}): void =>
    checkBuildInputSources(parse(values), dir, env);

  it('accepts files, set variables, agent sockets, directories and remote contexts', () => {
    expect(() =>
      check(
        {
          'secret-files': 'CERT=cert.pem',
          'secret-envs': 'KEY=SIGNING_KEY',
          ssh: 'default\nkey=cert.pem',
          'build-contexts': 'base=rootfs\nimg=docker-image://alpine\nstage=target:build\ngit=https://github.com/a/b.git'
        },
        { SIGNING_KEY: 'value', SSH_AUTH_SOCK: '/run/agent' }
      )
    ).not.toThrow();
  });

  it.each<[string, Record<string, string>, NodeJS.ProcessEnv, string]>([
    ['a missing secret file', { 'secret-files': 'CERT=missing.pem' }, {}, 'secret-files'],
    ['a directory as a secret file', { 'secret-files': 'CERT=rootfs' }, {}, 'secret-files'],
    ['an unset variable', { 'secret-envs': 'KEY=SIGNING_KEY' }, {}, 'secret-envs'],
    ['default without an agent', { ssh: 'default' }, {}, 'ssh'],
    ['a missing key file', { ssh: 'github=id_missing' }, {}, 'ssh'],
    ['a missing context directory', { 'build-contexts': 'base=nowhere' }, {}, 'build-contexts'],
    ['a file as a context directory', { 'build-contexts': 'base=cert.pem' }, {}, 'build-contexts']
  ])('refuses %s', (_what, values, env, input) => {
    expect(inputErrorOf(() => check(values, env)).input).toBe(input);
  });

  it('says whether a variable is set without printing its value', () => {
    const error = inputErrorOf(() => check({ 'secret-envs': 'KEY=SIGNING_KEY' }, {}));
    expect(error.message).toContain('SIGNING_KEY is not set');
  });
});

describe('secret-files and ssh refuse symbolic links', () => {
  // A checkout where a pull request committed links, a RUNNER_TEMP, and a runner file outside both.
  const root = mkdtempSync(path.join(os.tmpdir(), 'mab-links-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const workspace = path.join(root, 'work', 'repo');
  const runnerTemp = path.join(root, 'work', '_temp');
  const runnerFile = path.join(root, 'home', '.docker', 'config.json');
  for (const dir of [workspace, runnerTemp, path.dirname(runnerFile), path.join(workspace, 'certs')])
    mkdirSync(dir, { recursive: true });
  writeFileSync(runnerFile, '{"auths":{"ghcr.io":{"auth":"c2VjcmV0"}}}');
  writeFileSync(path.join(workspace, 'certs', 'ca.pem'), 'ca');
  writeFileSync(path.join(runnerTemp, 'npmrc'), '//registry.npmjs.org/:_authToken=x');
  symlinkSync(runnerFile, path.join(workspace, 'npmrc'));
  symlinkSync(path.dirname(runnerFile), path.join(workspace, 'secrets'));
  symlinkSync(runnerFile, path.join(runnerTemp, 'linked'));
  symlinkSync(runnerFile, path.join(root, 'elsewhere-link'));
  const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, SSH_AUTH_SOCK: '/run/agent' };
  const check = (values: Record<string, string>): void => checkBuildInputSources(parse(values), workspace, env);

  it('accepts files in the workspace, in RUNNER_TEMP and elsewhere that are no links', () => {
    expect(() =>
      check({
        'secret-files': `CA=certs/ca.pem\nNPM=${runnerTemp}/npmrc\nDOCKER=${runnerFile}`,
        ssh: `default\nkey=certs/ca.pem,${runnerTemp}/npmrc`
      })
    ).not.toThrow();
  });

  it.each<[string, 'secret-files' | 'ssh', string, string]>([
    ['a file of the checkout replaced by a link', 'secret-files', 'NPM=npmrc', 'npmrc'],
    ['a file under a linked directory of the checkout', 'secret-files', 'CFG=secrets/config.json', 'secrets'],
    ['the same, given as an absolute path', 'secret-files', `CFG=${workspace}/secrets/config.json`, 'secrets'],
    ['a link in RUNNER_TEMP', 'secret-files', `X=${runnerTemp}/linked`, '_temp/linked'],
    ['a link outside both', 'secret-files', `X=${root}/elsewhere-link`, 'elsewhere-link'],
    ['an ssh key file that is a link', 'ssh', 'github=npmrc', 'npmrc'],
    [
      'an ssh key under a linked directory, after a good one',
      'ssh',
      'github=certs/ca.pem,secrets/config.json',
      'secrets'
    ]
  ])('refuses %s, naming the link', (_what, input, value, link) => {
    const error = inputErrorOf(() => check({ [input]: value }));
    expect(error.input).toBe(input);
    expect(error.message).toContain(`${link} is a symbolic link: ${input} does not follow links`);
    expect(error.message).toContain('not reached through a symbolic link');
  });
});
