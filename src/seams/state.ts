// The post step's state: saved by main in one place, read back by post.
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

/** Every piece of state main saves goes through here, in the order of the given keys; empty values too (a builder already removed). */
export function savePostState(state: PostState): void {
  for (const [key, value] of Object.entries(state) as [keyof PostState, PostState[keyof PostState]][]) {
    if (value !== undefined) core.saveState(stateKeys[key], Array.isArray(value) ? value.join(',') : String(value));
  }
}

export function readSavedState(): SavedState {
  return {
    dockerConfig: core.getState(StateKey.DockerConfig),
    builder: core.getState(StateKey.Builder),
    driver: core.getState(StateKey.Driver),
    cleanup: core.getState(StateKey.Cleanup) !== 'false',
    smokeContainers: core.getState(StateKey.SmokeContainers).split(',').filter(Boolean),
    localImage: core.getState(StateKey.LocalImage),
    restoreDockerConfig: core.getState(StateKey.RestoreDockerConfig)
  };
}

export function isPostStep(): boolean {
  return core.getState(StateKey.IsPost) === 'true';
}
