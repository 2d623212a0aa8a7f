import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { builderFilesDir, removeBuilder } from '../build/builder.js';
import { errorMessage } from '../seams/errors.js';
import { run, setJobEnv } from '../seams/exec.js';
import { readSavedState, type SavedState } from '../seams/state.js';

/** Drops stored credentials but keeps builder records, for cleanup: false. */
function forgetCredentials(configDir: string): void {
  // The remote driver's TLS client key is a credential too.
  rmSync(builderFilesDir(configDir), { recursive: true, force: true });
  const file = path.join(configDir, 'config.json');
  if (!existsSync(file)) return;
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete config['auths'];
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}

/** Smoke runs are --rm; only a step killed mid-run leaves one, so "no such container" is the usual answer. */
async function removeContainers(names: string[]): Promise<string[]> {
  const removed = await run('docker', ['rm', '--force', ...names], { allowFailure: true });
  const problems = removed.stderr.split('\n').filter((line) => line.trim() !== '' && !/no such container/i.test(line));
  return problems.map((line) => `docker rm: ${line.trim()}`);
}

/**
 * Undoes main: the builder, then the job's Docker config with its credentials. It never fails the
 * job and is safe to run twice or with no state (main never started).
 */
export async function runPost(state: SavedState = readSavedState()): Promise<void> {
  if (!state.dockerConfig && !state.builder && state.smokeContainers.length === 0) {
    core.info('Nothing to clean up: the main step created nothing.');
    return;
  }
  const problems: string[] = [];
  const attempt = async (what: string, action: () => Promise<string[] | void> | string[] | void): Promise<void> => {
    try {
      problems.push(...((await action()) ?? []));
    } catch (error) {
      problems.push(`${what}: ${errorMessage(error)}`);
    }
  };
  if (state.dockerConfig) setJobEnv('DOCKER_CONFIG', state.dockerConfig);
  // A second run finds the directory gone: say so rather than claim a cleanup.
  const configExisted = state.dockerConfig !== '' && existsSync(state.dockerConfig);
  // A docker-driver builder is only a context inside the job's config: deleting the directory removes it, no docker call needed.
  // Every other driver has something outside it (a BuildKit container, kubernetes pods, a remote's record).
  if (state.builder && state.driver !== 'docker') {
    if (state.cleanup) await attempt(`removing builder ${state.builder}`, () => removeBuilder(state.builder));
    else core.info(`cleanup: false, keeping builder ${state.builder}`);
  }
  if (state.smokeContainers.length > 0)
    await attempt('removing smoke-run containers', () => removeContainers(state.smokeContainers));
  if (state.dockerConfig) {
    await attempt(`removing ${state.dockerConfig}`, () => {
      if (state.cleanup) rmSync(state.dockerConfig, { recursive: true, force: true });
      else forgetCredentials(state.dockerConfig);
    });
  }
  for (const problem of problems) core.warning(`Cleanup: ${problem}`);
  if (problems.length > 0) return;
  if (configExisted)
    core.info(
      `Cleaned up ${[state.builder && `builder ${state.builder}`, 'the job Docker config and its credentials'].filter(Boolean).join(' and ')}.`
    );
  else core.info('Already cleaned up: the job Docker config is gone.');
}
