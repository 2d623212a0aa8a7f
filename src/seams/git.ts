// The local checkout's ref, commit and commit time, for metadata-context: git (metadata-action's
// context: git), read with git itself through the one exec seam.
import type { LocalCheckout } from '../model/event.js';
import { run, type Runner } from './exec.js';

/**
 * The checkout's ref as metadata-action's git context reads it: the branch HEAD is on; on a detached
 * HEAD, a tag that points at it, else a pull request ref or a remote branch that does.
 */
export async function readCheckout(directory: string, runner: Runner = run): Promise<LocalCheckout> {
  const git = async (...args: string[]): Promise<string> =>
    (await runner('git', ['-C', directory, ...args], { allowFailure: true })).stdout.trim();
  const sha = await git('rev-parse', 'HEAD');
  if (!/^[0-9a-f]{40,64}$/.test(sha))
    throw new Error(`metadata-context: git, but ${directory} is not a git checkout with a commit`);
  const commitDate = await git('show', '-s', '--format=%cI', 'HEAD');
  const checkout = (ref: string): LocalCheckout => ({ ref, sha, ...(commitDate ? { commitDate } : {}) });
  const branch = await git('symbolic-ref', '-q', 'HEAD');
  if (branch) return checkout(branch);
  const tag = (await git('tag', '--points-at', 'HEAD', '--sort', '-version:creatordate')).split('\n')[0];
  if (tag) return checkout(`refs/tags/${tag}`);
  return checkout(refFromDecorations(await git('show', '-s', '--format=%D', 'HEAD')));
}

/** A detached HEAD's decorations (`HEAD, pull/1/merge` or `HEAD, origin/main`) as a ref; '' when none. */
export function refFromDecorations(decorations: string): string {
  for (const name of decorations.split(',').map((entry) => entry.trim())) {
    if (/^pull\/\d+\/(?:head|merge)$/.test(name)) return `refs/${name}`;
    const remote = /^[^/\s]+\/(.+)$/.exec(name);
    if (remote?.[1] && !name.startsWith('tag:') && remote[1] !== 'HEAD') return `refs/heads/${remote[1]}`;
  }
  return '';
}
