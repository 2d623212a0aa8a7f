// Pure: the rules that tie inputs together, by mode. Each one is written once, here, and throws an
// InputError before any command runs. Rules that need the git event run from the planners.
import { InputError } from '../model/errors.js';
import type { Inputs, Mode } from '../model/inputs.js';
import { isBareTag, type TagTarget } from '../model/references.js';

/** What the rules show when they name a raw input the parsed form no longer spells the same. */
export interface RawInputs {
  platforms: string;
  image: string;
}

/** A bare tag is only meaningful with the image input, except for a build that never pushes. */
function checkBareTags(inputs: Pick<Inputs, 'mode' | 'push' | 'images' | 'tags'>): void {
  if (inputs.images.length > 0 || (inputs.mode === 'build' && inputs.push === 'false')) return;
  // Rule lines give bare tags too.
  const bare = inputs.tags.find(
    (entry) => entry.kind === 'rule' || entry.kind === 'tag' || (entry.kind === 'template' && isBareTag(entry.text))
  );
  if (bare === undefined) return;
  throw new InputError(
    'tags',
    bare.text,
    'full references such as ghcr.io/acme/app:1.0, or bare tags together with the image input',
    bare.kind === 'rule'
      ? 'a rule line gives bare tags, which need the image input'
      : 'a bare tag needs the image input'
  );
}

function checkPushByDigest(inputs: Inputs, raw: RawInputs): void {
  if (!inputs.pushByDigest) return;
  if (inputs.platforms.length !== 1)
    throw new InputError(
      'platforms',
      raw.platforms,
      'exactly one platform when push-by-digest is true (one matrix job per platform, then mode: merge)'
    );
  if (inputs.images.length !== 1)
    throw new InputError(
      'image',
      raw.image,
      'exactly one repository (e.g. ghcr.io/acme/app) when push-by-digest is true'
    );
}

function checkMergeSources(inputs: Pick<Inputs, 'mode' | 'sources'>): void {
  if (inputs.mode !== 'merge' || inputs.sources.length > 0) return;
  throw new InputError(
    'sources',
    '',
    'the image references (repo@sha256:... or repo:tag) of the per-platform builds, one per line',
    'mode merge needs sources'
  );
}

/**
 * A password needs a username. A username without a password is the plan's to judge (planLogins):
 * a run that pushes nothing goes on without that login.
 */
function checkCredentials({ username, password }: Pick<Inputs, 'username' | 'password'>): void {
  if (password !== '' && username === '')
    throw new InputError(
      'username',
      '',
      'a user name whenever password is set',
      'password is set but username is empty'
    );
}

function checkLoad({ load, platforms, driver }: Pick<Inputs, 'load' | 'platforms' | 'driver'>): void {
  // auto decides at run time, and refuses then if only docker-container fits.
  if (!load || platforms.length <= 1 || driver === 'docker' || driver === 'auto') return;
  throw new InputError(
    'load',
    'true',
    "load with one platform, or driver 'docker' (its containerd image store takes multi-platform images)",
    `the ${driver} driver cannot load ${platforms.length} platforms into the daemon`
  );
}

/** The rules across inputs, for the mode the inputs ask for. */
export function checkInputRules(inputs: Inputs, raw: RawInputs): void {
  checkCredentials(inputs);
  checkLoad(inputs);
  checkBareTags(inputs);
  checkPushByDigest(inputs, raw);
  checkMergeSources(inputs);
}

/**
 * Once the event has filled the tags: a push needs somewhere to go. A build pushed by digest names
 * its repository through the image input; a merge always tags, push or not, so the plan is complete.
 */
export function checkTagTargets(mode: Mode, targets: readonly TagTarget[], push: boolean, pushByDigest: boolean): void {
  if (targets.length > 0) return;
  if (mode === 'merge')
    throw new InputError(
      'tags',
      '',
      'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input',
      'nothing to tag the merged image with'
    );
  if (push && !pushByDigest)
    throw new InputError(
      'tags',
      '',
      'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input, when push is on',
      'nothing to push to'
    );
}
