// What the post step needs of a builder: where its files are, and how it goes. Kept apart from
// builder creation so the post step, which runs on every job, loads only this.
import * as path from 'node:path';
import { run } from '../seams/exec.js';

/** Where the job keeps its builder's files (buildkitd.toml, TLS client files); removed with the job's directory. */
export function builderFilesDir(jobConfigDir: string): string {
  return path.join(jobConfigDir, 'buildkit');
}

/**
 * Removes the job's builder and its BuildKit containers or pods. (A docker-driver builder is a
 * context inside the job's config and goes with it.) Returns what went wrong instead of throwing:
 * the post step only warns.
 */
export async function removeBuilder(name: string, timeoutMs = 60_000): Promise<string[]> {
  const problems: string[] = [];
  const removed = await run('docker', ['buildx', 'rm', '--force', name], { allowFailure: true, timeoutMs });
  if (removed.exitCode === 0 || /not found|no builder/i.test(removed.stderr)) return problems;
  // The builder's record may be gone with the config; remove its container and state volume by their names.
  const container = `buildx_buildkit_${name}0`;
  const forced = await run('docker', ['rm', '--force', '--volumes', container], { allowFailure: true, timeoutMs });
  await run('docker', ['volume', 'rm', '--force', `${container}_state`], { allowFailure: true, timeoutMs });
  if (forced.exitCode !== 0 && !/no such container/i.test(forced.stderr))
    problems.push(`docker rm ${container}: ${forced.stderr.trim()}`);
  return problems;
}
