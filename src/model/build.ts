// What buildx build is given besides the platforms and tags: the build part of the plan.
import type { KeyValue } from './lists.js';

export interface BuildInputs {
  /** id → file path, passed as --secret id=<id>,src=<path>. */
  secretFiles: KeyValue[];
  /** id → name of an environment variable of the step, passed as --secret id=<id>,env=<name>. */
  secretEnvs: KeyValue[];
  ssh: string[];
  /** name → path, docker-image://ref, git/https URL, target:stage or oci-layout://path. */
  buildContexts: KeyValue[];
  outputs: string[];
  sbom: string;
  attests: string[];
  addHosts: string[];
  shmSize: string;
  ulimit: string[];
  allow: string[];
  noCacheFilters: string[];
  call: string;
  githubToken: string;
}

const secretLikeName = /TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|CREDENTIAL/i;

/** Build-args end up in the image's history and provenance; secrets belong in BuildKit secrets. */
export function secretLookingBuildArgs(inputs: { buildArgs: readonly KeyValue[] }): string[] {
  return inputs.buildArgs.filter(({ key }) => secretLikeName.test(key)).map(({ key }) => key);
}
