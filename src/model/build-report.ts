// What the build's own progress said, per platform: the cache's part and the cost of emulation.

/** One RUN step that ran under QEMU. */
export interface EmulatedStep {
  /** The Dockerfile line, when the step's text matches one. */
  line?: number;
  /** The step's command, shortened. */
  command: string;
  seconds: number;
  /** Its share of the build's wall time, 0 to 1. */
  share: number;
}

export interface PlatformBuildReport {
  platform: string;
  /** Dockerfile steps other than FROM that built for this platform, and how many came from the cache. */
  steps: number;
  fromCache: number;
  /** No node of the builder runs this platform natively: its RUN steps ran under QEMU. */
  emulated: boolean;
  /** Seconds its RUN steps ran under QEMU, and the slowest of them. */
  emulatedSeconds: number;
  slowest: EmulatedStep[];
}

export interface BuildReport {
  wallSeconds: number;
  platforms: PlatformBuildReport[];
  /** The cache input's decision, as logged before the build. */
  cacheLine: string;
  /** What the cache exports wrote: one line each (layers, manifest), or their errors. */
  cacheExports: string[];
  /** Said only when emulated RUN steps ran: the one log line, their share of the build, and the advice. */
  emulation?: { line: string; share: number; advice: string[] };
}
