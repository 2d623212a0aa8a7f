import * as core from '@actions/core';

/** Keys main saves for the post step (the runner hands them back as STATE_<key>). */
export enum StateKey {
  IsPost = 'isPost',
  DockerConfig = 'dockerConfig',
  Builder = 'builder',
  Driver = 'driver',
  Cleanup = 'cleanup',
  SmokeContainers = 'smokeContainers'
}

export enum OutputKey {
  Digest = 'digest',
  ImageId = 'imageid',
  Metadata = 'metadata',
  Platforms = 'platforms',
  Builder = 'builder',
  Tags = 'tags',
  HeldBack = 'held-back',
  Labels = 'labels',
  Version = 'version',
  Image = 'image',
  ArchAudit = 'arch-audit',
  SmokeTest = 'smoke-test',
  /** metadata-action's shapes, for steps written for it. */
  Json = 'json',
  TagNames = 'tag-names',
  Annotations = 'annotations'
}

/** What the post step needs to undo main, read from the runner's saved state. */
export interface SavedState {
  dockerConfig: string;
  builder: string;
  driver: string;
  cleanup: boolean;
  /** Names of the smoke-run containers main started (they are --rm, unless main was killed mid-run). */
  smokeContainers: string[];
}

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
