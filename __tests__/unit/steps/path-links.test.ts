// context, build-contexts, file and buildkitd-config: links that stay in the workspace are followed,
// links that lead out of it (to RUNNER_TEMP above all, where the job's logins are) are refused.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { checkInputPaths } from '../../../src/steps/input-paths.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { inputErrorOf } from '../../helpers/errors.js';

describe('paths the build reads refuse links that lead outside the workspace', () => {
  // A checkout where a pull request committed links, beside RUNNER_TEMP with the job's Docker config.
  const root = mkdtempSync(path.join(os.tmpdir(), 'mab-path-links-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const workspace = path.join(root, 'work', 'repo');
  const runnerTemp = path.join(root, 'work', '_temp');
  const jobConfig = path.join(runnerTemp, 'mab-1-build-x-docker-config-Ab12Cd');
  for (const dir of [path.join(workspace, 'app'), path.join(workspace, 'shared', 'base'), jobConfig])
    mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(jobConfig, 'config.json'), '{"auths":{"ghcr.io":{"auth":"c2VjcmV0"}}}');
  writeFileSync(path.join(jobConfig, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(runnerTemp, 'buildkitd.toml'), '');
  writeFileSync(path.join(workspace, 'app', 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(path.join(workspace, 'shared', 'buildkitd.toml'), '');
  // The links a pull request can commit: out to RUNNER_TEMP, and inside the workspace.
  symlinkSync(runnerTemp, path.join(workspace, 'temp-link'));
  symlinkSync(jobConfig, path.join(workspace, 'config-link'));
  symlinkSync(path.join(jobConfig, 'Dockerfile'), path.join(workspace, 'app', 'Dockerfile.out'));
  symlinkSync(path.join(runnerTemp, 'buildkitd.toml'), path.join(workspace, 'buildkitd.toml'));
  symlinkSync(path.join(workspace, 'shared'), path.join(workspace, 'shared-link'));
  symlinkSync(path.join(root, 'nowhere'), path.join(workspace, 'dangling'));
  const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp };
  const check = (values: Record<string, string>): void =>
    checkInputPaths(parseInputs(runnerReader({ driver: 'docker-container', ...values })), workspace, env);

  it.each<[string, Record<string, string>]>([
    ['a context reached through a link inside the workspace', { context: 'shared-link/base', file: 'app/Dockerfile' }],
    [
      'a build context through a link inside the workspace',
      { context: 'app', 'build-contexts': 'base=shared-link/base' }
    ],
    [
      'a buildkitd config through a link inside the workspace',
      { context: 'app', 'buildkitd-config': 'shared-link/buildkitd.toml' }
    ],
    // Named by the workflow itself, with no link on the way: no pull request can slip that in.
    ['a context the workflow names outside the workspace', { context: jobConfig }],
    [
      'a buildkitd config in RUNNER_TEMP named by the workflow',
      { context: 'app', 'buildkitd-config': `${runnerTemp}/buildkitd.toml` }
    ]
  ])('accepts %s', (_what, values) => {
    expect(() => check(values)).not.toThrow();
  });

  it('a workspace that is itself reached through a link (as /tmp is on macOS) is the workspace', () => {
    const linkedWorkspace = path.join(root, 'work', 'repo-link');
    symlinkSync(workspace, linkedWorkspace);
    const values = { context: '.', file: 'app/Dockerfile', 'build-contexts': 'base=shared-link/base' };
    expect(() =>
      checkInputPaths(parseInputs(runnerReader(values)), linkedWorkspace, { GITHUB_WORKSPACE: linkedWorkspace })
    ).not.toThrow();
    expect(() =>
      checkInputPaths(parseInputs(runnerReader({ context: 'temp-link' })), linkedWorkspace, {
        GITHUB_WORKSPACE: linkedWorkspace
      })
    ).toThrow('temp-link is a symbolic link leading outside the workspace');
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['a context linked to RUNNER_TEMP', { context: 'temp-link' }, 'context', 'temp-link'],
    [
      'a context under a directory linked to RUNNER_TEMP',
      { context: 'temp-link/mab-1-build-x-docker-config-Ab12Cd' },
      'context',
      'temp-link'
    ],
    ['the same, given as an absolute path', { context: `${workspace}/config-link` }, 'context', 'config-link'],
    ['a context linked to nowhere', { context: 'dangling' }, 'context', 'dangling'],
    [
      'a build context linked to the job config',
      { context: 'app', 'build-contexts': 'base=shared\ncfg=config-link' },
      'build-contexts',
      'config-link'
    ],
    [
      'a Dockerfile linked out of the workspace',
      { context: 'app', file: 'app/Dockerfile.out' },
      'file',
      'Dockerfile.out'
    ],
    [
      'a buildkitd config linked to RUNNER_TEMP',
      { context: 'app', 'buildkitd-config': 'buildkitd.toml' },
      'buildkitd-config',
      'buildkitd.toml'
    ]
  ])('refuses %s, naming the link and where it leads', (_what, values, input, link) => {
    const error = inputErrorOf(() => check(values));
    expect(error.input).toBe(input);
    expect(error.message).toContain(`${link} is a symbolic link leading outside the workspace`);
    expect(error.message).toContain(`${input} does not follow such links`);
    if (link !== 'dangling') expect(error.message).toContain(`(to ${runnerTemp}`);
  });
});
