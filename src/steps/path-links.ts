// Symbolic links in the paths the inputs name. A pull request can commit a link in place of a file or
// directory the workflow names; buildx and BuildKit follow it to wherever it points on the runner
// (RUNNER_TEMP holds the job's Docker config and its logins). Checked before anything runs.
import { lstatSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../model/errors.js';

/** The workspace: GITHUB_WORKSPACE and the step's working directory, as given and with links resolved. */
function workspaceRoots(workspace: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []): string[] {
  const roots = [env['GITHUB_WORKSPACE'] ?? '', workspace, ...extra].filter(Boolean).map((root) => path.resolve(root));
  const real = roots.flatMap((root) => {
    try {
      return [realpathSync(root)];
    } catch {
      return [];
    }
  });
  return [...new Set([...roots, ...real])];
}

/** The directories a secret path is checked from: the workspace and RUNNER_TEMP, as given and with links resolved. */
export function trustedRoots(workspace: string, env: NodeJS.ProcessEnv): string[] {
  return workspaceRoots(workspace, env, [env['RUNNER_TEMP'] ?? '']);
}

const inside = (target: string, dir: string): boolean =>
  target === dir || target.startsWith(dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);

/**
 * The first symbolic link on the way to `target`: the target itself, or any directory between the
 * workspace (or RUNNER_TEMP) and it when it lies inside one. A pull request can commit a link in
 * place of a file the workflow names; BuildKit would follow it to a runner file.
 */
function symbolicLinkOnTheWay(target: string, roots: readonly string[]): string | undefined {
  const root = roots.find((dir) => target !== dir && inside(target, dir));
  let current = root ?? path.dirname(target);
  for (const part of path.relative(current, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    try {
      if (lstatSync(current).isSymbolicLink()) return current;
    } catch {
      return undefined; // what does not exist is the other checks' to report
    }
  }
  return undefined;
}

const linkRefused = (link: string, input: string): string =>
  `${link} is a symbolic link: ${input} does not follow links (a pull request could replace a file with a link to a runner file); give the file itself`;

/** secret-files and ssh: no link at all on the way to a file whose content goes into the build. */
export function refuseLinks(
  input: 'secret-files' | 'ssh',
  entry: string,
  files: string[],
  where: { workspace: string; roots: string[] }
): void {
  for (const file of files) {
    const link = symbolicLinkOnTheWay(path.resolve(where.workspace, file), where.roots);
    if (link)
      throw new InputError(
        input,
        entry,
        input === 'ssh'
          ? "'default', or id=<agent socket or key file> that exists and is not reached through a symbolic link"
          : 'id=path with a file that exists and is not reached through a symbolic link',
        linkRefused(link, input)
      );
  }
}

/** The inputs whose paths may go through links, as long as those stay inside the workspace. */
export type WorkspacePathInput = 'context' | 'build-contexts' | 'file' | 'buildkitd-config';

const acceptedPaths: Record<WorkspacePathInput, string> = {
  context: 'a directory in the workspace, or reached through links that stay in it; or a git/https URL',
  'build-contexts': 'name=<directory in the workspace, or reached through links that stay in it> or an image/URL',
  file: 'a Dockerfile in the workspace, or reached through links that stay in it',
  'buildkitd-config': 'a buildkitd.toml in the workspace, or reached through links that stay in it'
};

/**
 * context, build-contexts, file and buildkitd-config: a link on the way is refused when the path
 * really leads outside the workspace (a link to RUNNER_TEMP would send the job's logins into the
 * build). Links inside the workspace (a monorepo's shared directory) are fine, and so is a path the
 * workflow names outside it with no link on the way: only a link can be slipped in by a pull request.
 */
export function refuseLinkLeavingWorkspace(
  named: { input: WorkspacePathInput; entry: string; target: string },
  workspace: string,
  env: NodeJS.ProcessEnv
): void {
  const roots = workspaceRoots(workspace, env);
  const link = symbolicLinkOnTheWay(named.target, roots);
  if (!link) return;
  let real = '';
  try {
    real = realpathSync(named.target);
  } catch {
    // A link that leads nowhere (or in a loop) is refused too: nothing says where it would lead tomorrow.
  }
  if (real && roots.some((root) => inside(real, root))) return;
  throw new InputError(
    named.input,
    named.entry,
    acceptedPaths[named.input],
    `${link} is a symbolic link leading outside the workspace${real ? ` (to ${real})` : ''}: ${named.input} does not follow such links (a pull request could replace a directory or file with a link to a runner directory, whose files the build would read); give a path inside the workspace`
  );
}
