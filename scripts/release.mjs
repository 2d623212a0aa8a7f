#!/usr/bin/env node
// npm run release -- X.Y.Z: makes a release in the local clone, pushes nothing.
// 1. The version is X.Y.Z, the tree is clean, the tag vX.Y.Z is new.
// 2. dist/ is what the sources build: `npm run build` leaves `git status -- dist` clean.
// 3. The reusable workflow's `uses: acme/multiarch-build-push@…` steps are rewritten to the commit
//    being released, with `# vX.Y.Z` beside it, and committed: a caller who pins build.yml by
//    commit or by tag then runs exactly the action of that release, never what v1 points to later.
// 4. vX.Y.Z is tagged on that commit and vX moved to it.
// Whether CI passed on the commit cannot be checked offline (GitHub's checks API needs the network):
// run `.ci/run` on it first, or look at the commit's checks before pushing.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKFLOW = '.github/workflows/build.yml';
const OWN_USES = /^(\s*(?:-\s+)?uses:\s*acme\/multiarch-build-push)@[^\s#]+(?:\s*#.*)?$/gm;

/** The workflow with every step that uses this action pinned to `commit`, the version beside it. */
export function pinOwnAction(workflow, commit, version) {
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`not a full commit SHA: ${commit}`);
  return workflow.replace(OWN_USES, (_line, head) => `${head}@${commit} # v${version}`);
}

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Refuses before changing anything; returns why, or undefined when the release may go ahead. */
export function releaseProblem(cwd, version, build) {
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) return `the version must be X.Y.Z (as in 1.4.2), not '${version ?? ''}'`;
  if (git(cwd, 'status', '--porcelain') !== '') return 'the working tree has uncommitted changes';
  if (git(cwd, 'tag', '--list', `v${version}`) !== '') return `the tag v${version} exists already`;
  build(cwd);
  const stale = git(cwd, 'status', '--porcelain', '--', 'dist');
  if (stale !== '') return `dist/ is not what the sources build (npm run build changed it):\n${stale}`;
  return undefined;
}

/** Makes the release commit and the tags; returns the released action commit and the tagged one. */
export function release(
  cwd,
  version,
  build = (dir) => execFileSync('npm', ['run', '-s', 'build'], { cwd: dir, stdio: 'inherit' })
) {
  const problem = releaseProblem(cwd, version, build);
  if (problem) throw new Error(`Not releasing v${version}: ${problem}`);
  const actionCommit = git(cwd, 'rev-parse', 'HEAD');
  const file = path.join(cwd, WORKFLOW);
  const pinned = pinOwnAction(readFileSync(file, 'utf8'), actionCommit, version);
  writeFileSync(file, pinned);
  git(cwd, 'add', WORKFLOW);
  git(cwd, 'commit', '--quiet', '-m', `Release v${version}: the reusable workflow runs the action at ${actionCommit}`);
  const major = `v${version.split('.')[0]}`;
  git(cwd, 'tag', '--annotate', `v${version}`, '-m', `v${version}`);
  git(cwd, 'tag', '--force', '--annotate', major, '-m', `${major} (v${version})`);
  return { actionCommit, tagged: git(cwd, 'rev-parse', 'HEAD'), major };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const version = process.argv[2];
  try {
    const { actionCommit, tagged, major } = release(process.cwd(), version);
    console.log(`Tagged v${version} and moved ${major} to ${tagged}; ${WORKFLOW} runs the action at ${actionCommit}.`);
    console.log('CI status is not checked here (it needs the network): check the commit before pushing.');
    console.log(`Push with: git push origin HEAD v${version} && git push --force origin ${major}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
