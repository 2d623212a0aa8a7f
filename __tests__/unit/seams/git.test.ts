// metadata-context: git reads the checkout with git itself: a branch, a tag on a detached HEAD, a
// pull request or remote branch from the decorations.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readCheckout, refFromDecorations } from '../../../src/seams/git.js';

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
  it('a branch: refs/heads/<branch>, the commit and its time', async () => {
    const { dir, git } = repository();
    const checkout = await readCheckout(dir);
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

  it('not a checkout: an error saying so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mab-nogit-'));
    await expect(readCheckout(dir)).rejects.toThrow(/metadata-context: git, but .* is not a git checkout/);
  });
});

describe('refFromDecorations', () => {
  it.each<[string, string]>([
    ['HEAD, pull/12/merge', 'refs/pull/12/merge'],
    ['grafted, HEAD, pull/12/head', 'refs/pull/12/head'],
    ['HEAD, origin/main, main', 'refs/heads/main'],
    ['HEAD, origin/feature/x', 'refs/heads/feature/x'],
    ['HEAD, origin/HEAD', ''],
    ['HEAD', '']
  ])('%j gives %j', (decorations, ref) => {
    expect(refFromDecorations(decorations)).toBe(ref);
  });
});
