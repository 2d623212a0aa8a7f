// driver: auto, decided from facts read before any builder exists. Pure: table-tested for every rule.
import { ActionError } from '../model/errors.js';
import type { Driver } from '../model/builder.js';

/** Cache exporters the daemon's own BuildKit has, with the containerd image store. */
const dockerDriverCacheTypes = ['inline', 'registry', 'local', 'gha'];

export interface AutoDriverFacts {
  /** `docker info` reports the containerd snapshotter (driver-type io.containerd.snapshotter.v1). */
  containerdStore: boolean;
  platformCount: number;
  load: boolean;
  /** The type= of every cache-to entry. */
  cacheToTypes: readonly string[];
  nodes: number;
  endpoint: string;
  driverOpts: number;
  buildkitdFlags: string;
  buildkitdConfig: boolean;
}

export interface AutoDriverChoice {
  driver: Extract<Driver, 'docker' | 'docker-container'>;
  reason: string;
}

const container = (reason: string): AutoDriverChoice => ({ driver: 'docker-container', reason });

/**
 * The daemon's own BuildKit when it can build and push every requested platform, which saves the
 * moby/buildkit pull (and its Docker Hub rate limit); otherwise a docker-container builder.
 */
export function chooseAutoDriver(facts: AutoDriverFacts): AutoDriverChoice {
  const choice = decide(facts);
  // Only the containerd store takes a multi-platform image into the daemon.
  if (choice.driver === 'docker-container' && facts.load && facts.platformCount > 1)
    throw new ActionError(
      `driver: auto cannot load ${facts.platformCount} platforms into the daemon: it needs a docker-container builder because ${choice.reason}.`,
      'load one platform, or drop load and pull the pushed image, or turn on the containerd image store and keep the docker driver.'
    );
  return choice;
}

function decide(facts: AutoDriverFacts): AutoDriverChoice {
  if (facts.nodes > 0) return container('nodes need a builder with several nodes');
  if (facts.endpoint) return container(`the endpoint ${facts.endpoint} was not inspected here`);
  if (facts.driverOpts > 0 || facts.buildkitdFlags || facts.buildkitdConfig)
    return container('driver-opts, buildkitd-flags and a buildkitd config configure a BuildKit container');
  if (!facts.containerdStore)
    return container("the daemon's classic image store cannot hold a multi-platform image or export a cache");
  const unsupported = facts.cacheToTypes.filter((type) => !dockerDriverCacheTypes.includes(type));
  if (unsupported.length > 0) return container(`the docker driver cannot export a ${unsupported.join(', ')} cache`);
  return {
    driver: 'docker',
    reason: `the daemon's containerd image store builds and pushes ${facts.platformCount > 1 ? 'all platforms' : 'the platform'}${facts.load ? ' and loads it' : ''}`
  };
}

/** Reads the containerd image store from `docker info --format '{{json .DriverStatus}}'`. */
export function hasContainerdStore(driverStatusJson: string): boolean {
  try {
    const status = JSON.parse(driverStatusJson) as unknown;
    return (
      Array.isArray(status) &&
      status.some(
        (pair) =>
          Array.isArray(pair) && pair[0] === 'driver-type' && String(pair[1]).startsWith('io.containerd.snapshotter')
      )
    );
  } catch {
    return false;
  }
}
