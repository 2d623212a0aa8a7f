// The post step's state: saved by main in one place, read back by post. Main saves it twice: to the
// runner (STATE_*), and as a record in the job's own Docker config directory (mode 0700 under
// RUNNER_TEMP, made by mkdtemp). The runner's state can be written by anything that prints to the
// step's stdout; the record only by this process. The post step acts on what the two agree on.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from './runner.js';
import { StateKey, type PostState, type SavedState } from '../model/post-state.js';

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

/** The record's name inside the job's config directory. */
export const POST_RECORD_FILE = 'post-state.json';
/** The job's config directory, once main saved it: every later piece of state is recorded there too. */
let recordDir: string | undefined;

function recordIn(dir: string, values: Record<string, string>): void {
  const record = { ...readRecord(dir), ...values };
  writeFileSync(path.join(dir, POST_RECORD_FILE), JSON.stringify(record), { mode: 0o600 });
}

/** Every piece of state main saves goes through here, in the order of the given keys; empty values too (a builder already removed). */
export function savePostState(state: PostState): void {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(state) as [keyof PostState, PostState[keyof PostState]][]) {
    if (value === undefined) continue;
    values[stateKeys[key]] = Array.isArray(value) ? value.join(',') : String(value);
    core.saveState(stateKeys[key], values[stateKeys[key]] as string);
  }
  if (state.dockerConfig) recordDir = state.dockerConfig;
  if (recordDir) recordIn(recordDir, values);
}

function parseState(get: (key: StateKey) => string): SavedState {
  return {
    dockerConfig: get(StateKey.DockerConfig),
    builder: get(StateKey.Builder),
    driver: get(StateKey.Driver),
    cleanup: get(StateKey.Cleanup) !== 'false',
    smokeContainers: get(StateKey.SmokeContainers).split(',').filter(Boolean),
    localImage: get(StateKey.LocalImage),
    restoreDockerConfig: get(StateKey.RestoreDockerConfig)
  };
}

/** What the runner handed back as STATE_*. */
export function readSavedState(): SavedState {
  return parseState((key) => core.getState(key));
}

function readRecord(dir: string): Record<string, unknown> | undefined {
  try {
    const record: unknown = JSON.parse(readFileSync(path.join(dir, POST_RECORD_FILE), 'utf8'));
    return record && typeof record === 'object' && !Array.isArray(record)
      ? (record as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What main recorded in its job config directory; undefined when there is no readable record. */
export function readRecordedState(dir: string): SavedState | undefined {
  const record = readRecord(dir);
  if (!record) return undefined;
  return parseState((key) => (typeof record[key] === 'string' ? record[key] : ''));
}

export function isPostStep(): boolean {
  return core.getState(StateKey.IsPost) === 'true';
}
