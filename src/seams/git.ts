// The local checkout's ref, commit and commit time, for metadata-context: git (metadata-action's
// context: git), read with git itself through the one exec seam: one `git show` for all three,
// and a second process only to order several tags on a detached HEAD.
import type { LocalCheckout } from '../model/event.js';
import { run, type Runner } from './exec.js';

/** The commit, its committer time and its decorations as full ref names (`HEAD -> refs/heads/main, tag: refs/tags/v1`). */
const showArgs = ['-c', 'log.showSignature=false', 'show', '-s', '--decorate=full', '--format=%H%n%cI%n%D', 'HEAD'];

/** What a detached HEAD's decorations say its ref is: a pull request ref, a remote or a local branch; '' when none. */
function branchRef(names: readonly string[]): string {
  for (const name of names) {
    const pull = /^refs\/remotes\/(pull\/\d+\/(?:head|merge))$/.exec(name);
    if (pull?.[1]) return `refs/${pull[1]}`;
    // refs/remotes/<remote>/<branch>: the remote is one segment, the branch may have several.
    const remote = /^refs\/remotes\/[^/]+\/(.+)$/.exec(name);
    if (remote?.[1] && remote[1] !== 'HEAD') return `refs/heads/${remote[1]}`;
    if (/^refs\/heads\/.+$/.test(name)) return name;
  }
  return '';
}

/**
 * The checkout's ref as metadata-action's git context reads it: the branch HEAD is on; on a detached
 * HEAD, a tag that points at it (the newest version when several do), else a pull request ref or a
 * remote or local branch that does.
 */
export async function readCheckout(directory: string, runner: Runner = run): Promise<LocalCheckout> {
  const git = async (...args: string[]): Promise<string> =>
    (await runner('git', ['-C', directory, ...args], { allowFailure: true })).stdout.trim();
  const [sha = '', commitDate = '', decorations = ''] = (await git(...showArgs)).split('\n');
  if (!/^[0-9a-f]{40,64}$/.test(sha))
    throw new Error(`metadata-context: git, but ${directory} is not a git checkout with a commit`);
  const checkout = (ref: string): LocalCheckout => ({ ref, sha, ...(commitDate ? { commitDate } : {}) });
  const names = decorations.split(',').map((name) => name.trim());
  const attached = names.find((name) => name.startsWith('HEAD -> '));
  if (attached) return checkout(attached.slice('HEAD -> '.length));
  const tags = names.filter((name) => name.startsWith('tag: ')).map((name) => name.slice('tag: '.length));
  if (tags.length > 1) {
    const newest = (await git('tag', '--points-at', 'HEAD', '--sort', '-version:creatordate')).split('\n')[0];
    if (newest) return checkout(`refs/tags/${newest}`);
  }
  if (tags[0]) return checkout(tags[0]);
  return checkout(branchRef(names));
}
