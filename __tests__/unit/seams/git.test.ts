// metadata-context: git reads the checkout with git itself: a branch, a tag on a detached HEAD, a
// pull request or remote branch from the decorations.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run, type Runner } from '../../../src/seams/exec.js';
import { readCheckout } from '../../../src/seams/git.js';

/** The real git, with every process it starts counted. */
function countingGit(): { runner: Runner; processes: () => number } {
  let processes = 0;
  const runner: Runner = (command, args, options) => {
    processes++;
    return run(command, args, options);
  };
  return { runner, processes: () => processes };
}

function repository(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
        GIT_COMMITTER_DATE: '2020-01-10T00:30:00Z'
      }
    }).trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'f'), 'x');
  git('add', 'f');
  git('commit', '-q', '-m', 'one');
  return { dir, git };
}

describe('readCheckout', () => {
  it('a branch: refs/heads/<branch>, the commit and its time, in one git process', async () => {
    const { dir, git } = repository();
    const { runner, processes } = countingGit();
    const checkout = await readCheckout(dir, runner);
    expect(processes()).toBe(1);
    expect(checkout).toEqual({
      ref: 'refs/heads/main',
      sha: git('rev-parse', 'HEAD'),
      commitDate: '2020-01-10T00:30:00+00:00'
    });
  });

  it('a detached HEAD at a tag: refs/tags/<tag>', async () => {
    const { dir, git } = repository();
    git('tag', 'v1.2.3');
    git('checkout', '-q', '--detach', 'v1.2.3');
    expect((await readCheckout(dir)).ref).toBe('refs/tags/v1.2.3');
  });

  it('a detached HEAD at several tags: the newest version, in two git processes', async () => {
    const { dir, git } = repository();
    git('tag', 'v1.2.3');
    git('tag', '-a', '-m', 'release', 'v1.10.0');
    git('checkout', '-q', '--detach', 'HEAD');
    const { runner, processes } = countingGit();
    expect((await readCheckout(dir, runner)).ref).toBe('refs/tags/v1.10.0');
    expect(processes()).toBe(2);
  });

  it.each([
    ['a local branch feature/x', (git: (...args: string[]) => string) => git('branch', 'feature/x')],
    [
      'a remote branch origin/feature/x',
      (git: (...args: string[]) => string) => git('update-ref', 'refs/remotes/origin/feature/x', 'HEAD')
    ]
  ])('a detached HEAD on %s: refs/heads/feature/x, in one git process', async (_name, point) => {
    const { dir, git } = repository();
    writeFileSync(path.join(dir, 'f'), 'y');
    git('commit', '-q', '-am', 'two');
    point(git);
    git('checkout', '-q', '--detach', 'HEAD');
    git('branch', '-f', 'main', 'HEAD~1');
    const { runner, processes } = countingGit();
    expect(await readCheckout(dir, runner)).toEqual({
      ref: 'refs/heads/feature/x',
      sha: git('rev-parse', 'HEAD'),
      commitDate: '2020-01-10T00:30:00+00:00'
    });
    expect(processes()).toBe(1);
  });

  it('not a checkout: an error saying so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mab-nogit-'));
    await expect(readCheckout(dir)).rejects.toThrow(/metadata-context: git, but .* is not a git checkout/);
  });
});

describe('readCheckout on a detached HEAD, from its decorations', () => {
  const sha = 'a'.repeat(40);
  it.each<[string, string]>([
    ['HEAD, refs/remotes/pull/12/merge', 'refs/pull/12/merge'],
    ['grafted, HEAD, refs/remotes/pull/12/head', 'refs/pull/12/head'],
    ['HEAD, refs/remotes/origin/main, refs/heads/main', 'refs/heads/main'],
    ['HEAD, refs/remotes/origin/feature/x', 'refs/heads/feature/x'],
    ['HEAD, refs/heads/feature/x', 'refs/heads/feature/x'],
    ['HEAD, tag: refs/tags/v1, refs/remotes/origin/main', 'refs/tags/v1'],
    ['HEAD, refs/remotes/origin/HEAD', ''],
    ['HEAD', '']
  ])('%j gives %j, in one git process', async (decorations, ref) => {
    const calls: string[][] = [];
    const runner: Runner = (_command, args) => {
      calls.push([...args]);
      return Promise.resolve({
        exitCode: 0,
        stdout: `${sha}\n2020-01-10T00:30:00+00:00\n${decorations}\n`,
        stderr: ''
      });
    };
    expect(await readCheckout('/checkout', runner)).toEqual({ ref, sha, commitDate: '2020-01-10T00:30:00+00:00' });
    expect(calls).toHaveLength(1);
  });
});
