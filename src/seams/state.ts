import * as core from './runner.js';
import { StateKey, type SavedState } from '../model/post-state.js';

export function saveState(key: StateKey, value: string): void {
  core.saveState(key, value);
}

export function readSavedState(): SavedState {
  return {
    dockerConfig: core.getState(StateKey.DockerConfig),
    builder: core.getState(StateKey.Builder),
    driver: core.getState(StateKey.Driver),
    cleanup: core.getState(StateKey.Cleanup) !== 'false',
    smokeContainers: core.getState(StateKey.SmokeContainers).split(',').filter(Boolean)
  };
}

export function isPostStep(): boolean {
  return core.getState(StateKey.IsPost) === 'true';
}
