// The post step's side of its state: what main saved, read back from the runner (STATE_*) and from
// main's record in the job's own Docker config directory (state.ts writes both). Loaded by the post
// step, so it reads through post-runner.ts, without @actions/core.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getState } from './post-runner.js';
import { StateKey, type SavedState } from '../model/post-state.js';

/** The record's name inside the job's config directory. */
export const POST_RECORD_FILE = 'post-state.json';

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
  return parseState((key) => getState(key));
}

/** The record main keeps in the job config directory, as written; undefined when there is none or it is not an object. */
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
  return getState(StateKey.IsPost) === 'true';
}
