// The post step's state: saved by main in one place, read back by post (saved-state.ts). Main saves
// it twice: to the runner (STATE_*), and as a record in the job's own Docker config directory (mode
// 0700 under RUNNER_TEMP, made by mkdtemp). The runner's state can be written by anything that prints
// to the step's stdout; the record only by this process. The post step acts on what the two agree on.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from './runner.js';
import { POST_RECORD_FILE } from './saved-state.js';
import { StateKey, type PostState } from '../model/post-state.js';

const stateKeys: Record<keyof PostState, StateKey> = {
  isPost: StateKey.IsPost,
  dockerConfig: StateKey.DockerConfig,
  cleanup: StateKey.Cleanup,
  builder: StateKey.Builder,
  driver: StateKey.Driver,
  smokeContainers: StateKey.SmokeContainers,
  localImage: StateKey.LocalImage,
  restoreDockerConfig: StateKey.RestoreDockerConfig
};

/**
 * Main's record so far and where it goes: the job's config directory, once main saved it; every later
 * piece of state is recorded there too. Kept here, not read back from the file on each save: the
 * directory is new to this run (mkdtemp) and only this process writes the record in it.
 */
let record: { dir: string; values: Record<string, string> } | undefined;

/** Every piece of state main saves goes through here, in the order of the given keys; empty values too (a builder already removed). */
export function savePostState(state: PostState): void {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(state) as [keyof PostState, PostState[keyof PostState]][]) {
    if (value === undefined) continue;
    values[stateKeys[key]] = Array.isArray(value) ? value.join(',') : String(value);
    core.saveState(stateKeys[key], values[stateKeys[key]] as string);
  }
  // A new directory starts a record of its own; the same one saved again keeps what it holds.
  if (state.dockerConfig && state.dockerConfig !== record?.dir) record = { dir: state.dockerConfig, values: {} };
  if (!record) return;
  Object.assign(record.values, values);
  writeFileSync(path.join(record.dir, POST_RECORD_FILE), JSON.stringify(record.values), { mode: 0o600 });
}
