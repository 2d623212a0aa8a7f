// path-links.ts through its own exports, on a real tree with real links: which directories count
// as the workspace (and RUNNER_TEMP), which links on the way are looked at, and what is refused.
// Its callers (steps/input-paths.ts) are covered by path-links.test.ts and input-paths.test.ts.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  refuseLinkLeavingWorkspace,
  refuseLinks,
  trustedRoots,
  type WorkspacePathInput
} from '../../../src/steps/path-links.js';
import { inputErrorOf } from '../../helpers/errors.js';

// A runner's work directory: the checkout, a sibling whose name begins with the checkout's,
// RUNNER_TEMP with the job's config, and a runner directory outside both, each with the links a
// pull request (or the runner's own set-up) can leave.
const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mab-path-links-api-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const workspace = path.join(root, 'work', 'repo');
const workspaceLink = path.join(root, 'work', 'repo-link');
const sibling = path.join(root, 'work', 'repo-evil');
const runnerTemp = path.join(root, 'work', '_temp');
const outside = path.join(root, 'home', '.ssh');
for (const dir of [
  path.join(workspace, 'app'),
  path.join(workspace, 'shared', 'base'),
  sibling,
  path.join(runnerTemp, 'job-config'),
  outside
])
  mkdirSync(dir, { recursive: true });
writeFileSync(path.join(outside, 'id_ed25519'), 'key');
writeFileSync(path.join(runnerTemp, 'job-config', 'config.json'), '{"auths":{}}');
symlinkSync(workspace, workspaceLink);
symlinkSync(path.join(workspace, 'shared'), path.join(workspace, 'app', 'shared-link'));
symlinkSync(sibling, path.join(workspace, 'sibling-link'));
symlinkSync(process.cwd(), path.join(workspace, 'cwd-link'));
symlinkSync(outside, path.join(runnerTemp, 'ssh-link'));
symlinkSync(outside, path.join(root, 'home', 'ssh-link'));
const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp };

describe('trustedRoots', () => {
  const missing = path.join(root, 'not-there');

  it.each<[string, string, NodeJS.ProcessEnv, string[]]>([
    ['the workspace, GITHUB_WORKSPACE and RUNNER_TEMP', path.join(workspace, 'app'), env, []],
    ['no GITHUB_WORKSPACE or RUNNER_TEMP: the given workspace only, never the current directory', workspace, {}, []],
    ['empty values count as unset', workspace, { GITHUB_WORKSPACE: '', RUNNER_TEMP: '' }, []],
    ['a workspace reached through a link: as given and resolved', workspaceLink, {}, [workspace]],
    [
      'directories that do not exist: as given (there is nothing to resolve)',
      workspace,
      { GITHUB_WORKSPACE: missing, RUNNER_TEMP: path.join(missing, 'tmp') },
      []
    ]
  ])('%s', (_what, given, vars, resolved) => {
    const expected = [vars['GITHUB_WORKSPACE'], given, vars['RUNNER_TEMP'], ...resolved].filter(Boolean);
    expect(new Set(trustedRoots(given, vars))).toEqual(new Set(expected));
  });

  it('relative directories are taken from the current directory, as the runner gives them', () => {
    expect(trustedRoots('mab-no-such-repo', { RUNNER_TEMP: 'mab-no-such-temp' })).toEqual([
      path.resolve('mab-no-such-repo'),
      path.resolve('mab-no-such-temp')
    ]);
  });
});

describe('refuseLinkLeavingWorkspace', () => {
  const check = (target: string, where = workspace, vars: NodeJS.ProcessEnv = env): void =>
    refuseLinkLeavingWorkspace({ input: 'context', entry: target, target }, where, vars);

  it.each<[string, string, string, NodeJS.ProcessEnv]>([
    ['no link on the way, inside the workspace', path.join(workspace, 'shared', 'base'), workspace, env],
    // Only a link can be slipped in by a pull request: what the workflow names outside is its own choice.
    ['no link on the way, outside the workspace', path.join(runnerTemp, 'job-config'), workspace, env],
    [
      'a link from the step’s working directory to elsewhere in GITHUB_WORKSPACE',
      path.join(workspace, 'app', 'shared-link', 'base'),
      path.join(workspace, 'app'),
      env
    ],
    [
      'a link inside a workspace named through a link',
      path.join(workspaceLink, 'app', 'shared-link'),
      workspaceLink,
      {}
    ],
    [
      'a link inside the workspace, when GITHUB_WORKSPACE names a directory that does not exist',
      path.join(workspace, 'app', 'shared-link'),
      workspace,
      { GITHUB_WORKSPACE: path.join(root, 'not-there') }
    ]
  ])('accepts %s', (_what, target, where, vars) => {
    expect(() => check(target, where, vars)).not.toThrow();
  });

  const siblingLink = path.join(workspace, 'sibling-link');
  it.each<[string, string, string, NodeJS.ProcessEnv, string, string]>([
    // A prefix of the path is not the directory: /work/repo-evil is not inside /work/repo.
    [
      'a link to a sibling whose name begins with the workspace’s',
      'sibling-link',
      workspace,
      env,
      siblingLink,
      sibling
    ],
    // The action's own directory (the current one) is no part of the workspace it was given.
    [
      'a link to the current directory, with no GITHUB_WORKSPACE',
      'cwd-link',
      workspace,
      {},
      path.join(workspace, 'cwd-link'),
      realpathSync(process.cwd())
    ],
    [
      'a link out, when GITHUB_WORKSPACE names a directory that does not exist',
      'sibling-link',
      workspace,
      { GITHUB_WORKSPACE: path.join(root, 'not-there') },
      siblingLink,
      sibling
    ],
    [
      'a link from the working directory out of GITHUB_WORKSPACE',
      '../sibling-link',
      path.join(workspace, 'app'),
      env,
      siblingLink,
      sibling
    ]
  ])('refuses %s, naming the link and where it leads', (_what, entry, where, vars, link, leadsTo) => {
    const error = inputErrorOf(() => check(path.resolve(where, entry), where, vars));
    expect(error.message).toContain(`${link} is a symbolic link leading outside the workspace (to ${leadsTo})`);
  });

  it.each<[WorkspacePathInput, string]>([
    ['context', 'a directory in the workspace'],
    ['build-contexts', 'name=<directory in the workspace'],
    ['file', 'a Dockerfile in the workspace'],
    ['buildkitd-config', 'a buildkitd.toml in the workspace']
  ])('%s: the error names the input, the entry as given and what it accepts', (input, accepted) => {
    const target = path.join(workspace, 'sibling-link');
    const error = inputErrorOf(() =>
      refuseLinkLeavingWorkspace({ input, entry: 'entry as given', target }, workspace, env)
    );
    expect(error.input).toBe(input);
    expect(error.value).toBe('entry as given');
    expect(error.accepted).toContain(accepted);
    expect(error.message).toContain(`${input} does not follow such links`);
  });
});

describe('refuseLinks', () => {
  const where = { workspace, roots: trustedRoots(workspace, env) };

  it.each<[string, string[]]>([
    ['files in the workspace and RUNNER_TEMP that are no links', ['app', `${runnerTemp}/job-config/config.json`]],
    // Outside the workspace and RUNNER_TEMP only the file itself is looked at: directories there are
    // the runner's (/tmp is a link on macOS), not a pull request's to replace.
    ['a file outside both, under a linked directory there', [path.join(root, 'home', 'ssh-link', 'id_ed25519')]]
  ])('accepts %s', (_what, files) => {
    expect(() => refuseLinks('secret-files', 'X=…', files, where)).not.toThrow();
  });

  it.each<[string, string, string]>([
    ['a file under a linked directory in RUNNER_TEMP', `${runnerTemp}/ssh-link/id_ed25519`, `${runnerTemp}/ssh-link`],
    [
      'a file outside both that is itself a link',
      path.join(root, 'home', 'ssh-link'),
      path.join(root, 'home', 'ssh-link')
    ],
    // One of the trusted directories itself, named through a link, is a path like any other.
    ['the workspace named through its link', workspaceLink, workspaceLink]
  ])('refuses %s, naming the link', (_what, file, link) => {
    const roots = trustedRoots(workspaceLink, env);
    const error = inputErrorOf(() => refuseLinks('secret-files', `X=${file}`, [file], { workspace, roots }));
    expect(error.value).toBe(`X=${file}`);
    expect(error.message).toContain(`${link} is a symbolic link: secret-files does not follow links`);
  });

  it.each<['secret-files' | 'ssh', string]>([
    ['secret-files', 'id=path with a file that exists and is not reached through a symbolic link'],
    ['ssh', "'default', or id=<agent socket or key file> that exists and is not reached through a symbolic link"]
  ])('%s: the error says what the input accepts', (input, accepted) => {
    const file = `${runnerTemp}/ssh-link/id_ed25519`;
    const error = inputErrorOf(() => refuseLinks(input, `key=${file}`, ['app', file], where));
    expect(error.input).toBe(input);
    expect(error.accepted).toBe(accepted);
  });
});
