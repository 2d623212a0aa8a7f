// Runs a workflow's own step code the way the runner would: an actions/github-script `script`
// as the async function body github-script makes of it, and a `run:` step with bash and a
// GITHUB_OUTPUT file. Outputs come back as the runner would hand them to later steps.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseFileCommands } from '../../scripts/run-action.mjs';

export interface StepRun {
  outputs: Record<string, string>;
  /** The message of core.setFailed, or the shell's stderr on a non-zero exit. */
  failure: string | undefined;
  log: string[];
}

type AsyncBody = (core: unknown, process: unknown) => Promise<unknown>;
const asyncSample = async (): Promise<void> => {
  await Promise.resolve();
};
const AsyncFunction = (Object.getPrototypeOf(asyncSample) as { constructor: new (...names: string[]) => AsyncBody })
  .constructor;

/** github-script's `core` is @actions/core; the script here uses setOutput, setFailed and info. */
export async function runGithubScript(script: string, env: Record<string, string>): Promise<StepRun> {
  const run: StepRun = { outputs: {}, failure: undefined, log: [] };
  const core = {
    setOutput: (name: string, value: unknown) => {
      run.outputs[name] = typeof value === 'string' ? value : JSON.stringify(value);
    },
    setFailed: (message: string) => {
      run.failure = message;
    },
    info: (message: string) => run.log.push(message)
  };
  await new AsyncFunction('core', 'process', script)(core, { env });
  return run;
}

/** A `run:` step under bash, as GitHub's default shell runs it (bash -e {0}). */
export function runShellStep(script: string, env: Record<string, string>): StepRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-step-'));
  const output = path.join(dir, 'output');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env, GITHUB_OUTPUT: output },
    encoding: 'utf8'
  });
  return {
    outputs: parseFileCommands(readFileSync(output, 'utf8')),
    failure: result.status === 0 ? undefined : result.stderr || `exit ${result.status}`,
    log: result.stdout.split('\n').filter(Boolean)
  };
}
