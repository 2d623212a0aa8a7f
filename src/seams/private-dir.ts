// Directories kept between runs on the runner (the audit's scan cache, the kept OCI layout): only
// where no other user can plant or swap an entry.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where this action keeps `kind` (the kept OCI layouts, the audit's scan cache) between jobs on this
 * runner: `<base>/multiarch-build-push/<kind>`, or undefined when no base is known. The base, in order:
 * - XDG_CACHE_HOME: no runner sets it, so when it is set a person chose it, and it wins;
 * - RUNNER_TOOL_CACHE: the runner's own directory for what outlives a job (actions/tool-cache keeps
 *   tools there), which every runner sets; on a self-hosted runner it belongs to the runner's user, and
 *   it is the directory an ephemeral runner's set-up keeps between jobs, where the home often is not;
 * - HOME/.cache: outside a runner (a local run), the user's cache.
 * Callers still make it private with privateDir before using it.
 */
export function privateCacheDir(kind: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const userCache = env['HOME'] ? path.join(env['HOME'], '.cache') : '';
  const base = env['XDG_CACHE_HOME'] || env['RUNNER_TOOL_CACHE'] || userCache;
  return base ? path.join(base, 'multiarch-build-push', kind) : undefined;
}

/** Why a directory cannot hold private files, or undefined when only this user can write to it. */
function unsafe(dir: string, uid: number, ownOnly: boolean): string | undefined {
  let stat = lstatSync(dir);
  if (!stat.isDirectory()) return `${dir} is not a directory`;
  if (ownOnly) {
    if (stat.uid !== uid) return `${dir} belongs to uid ${stat.uid}`;
    // An older version made it with the default mode.
    if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    stat = lstatSync(dir);
    return (stat.mode & 0o077) === 0 ? undefined : `${dir} is open to other users`;
  }
  // Another user may rename entries of a world-writable directory unless it is sticky.
  const openToAll = (stat.mode & 0o002) !== 0 && (stat.mode & 0o1000) === 0;
  return openToAll ? `${dir} is writable by every user` : undefined;
}

/**
 * Makes `dir` and its parent private to this user (mode 0700, owned by `uid`) below a base that no
 * other user can rename things in; returns why it cannot, or undefined when it is private.
 */
export function privateDir(dir: string, uid: number): string | undefined {
  const parent = path.dirname(dir);
  const base = path.dirname(parent);
  mkdirSync(base, { recursive: true });
  const baseProblem = unsafe(base, uid, false);
  if (baseProblem) return baseProblem;
  for (const own of [parent, dir]) {
    try {
      mkdirSync(own, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const problem = unsafe(own, uid, true);
    if (problem) return problem;
  }
  return undefined;
}
