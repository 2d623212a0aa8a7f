// Which BuildKit builds, where, and with what configuration: the builder part of the plan.
import type { Platform } from './platforms.js';

/** A driver buildx runs the build with. */
export type Driver = 'docker-container' | 'docker' | 'remote' | 'kubernetes';
/** What the driver input accepts: auto picks docker or docker-container at run time. */
export type DriverChoice = Driver | 'auto';

/** One extra node of the job's builder, in setup-buildx-action's `append` format. */
export interface BuilderNode {
  /** Empty lets buildx name it. */
  name: string;
  endpoint: string;
  /** Platforms the node serves natively: buildx sends these to it before any emulating node. */
  platforms: Platform[];
  driverOpts: string[];
  buildkitdFlags: string;
}

/** PEM contents for the remote driver's TLS client, from secrets. Empty when not given. */
export interface RemoteTls {
  cacert: string;
  cert: string;
  key: string;
}

export interface BuilderInputs {
  driver: DriverChoice;
  /** An existing builder to build with: the action creates and removes nothing then. */
  builder: string;
  nodes: BuilderNode[];
  driverOpts: string[];
  buildkitdFlags: string;
  endpoint: string;
  /** A buildkitd.toml path, or the inline text to write to the job directory. */
  buildkitdConfig: string;
  buildkitdConfigInline: string;
  remoteTls: RemoteTls;
}
