// The builder and the emulators it needs, in the order that makes each decision on facts.
import * as core from '@actions/core';
import { run } from '../seams/exec.js';
import type { Inputs } from '../planning/inputs.js';
import type { Driver } from '../planning/builder-inputs.js';
import { formatPlatform, runsNatively, type Platform } from '../planning/platforms.js';
import { checkBuilderPlatforms, createBuilder, useExistingBuilder, type Builder } from './builder.js';
import { chooseAutoDriver, hasContainerdStore } from './driver-auto.js';
import { routePlatforms } from './node-platforms.js';
import { ensureEmulators, type EmulatorReport } from './qemu.js';

/** driver: auto decided from `docker info`; any other driver as given. */
export async function resolveDriver(inputs: Inputs, platforms: readonly Platform[]): Promise<Driver> {
  if (inputs.driver !== 'auto') return inputs.driver;
  // An existing builder brings its own driver (read when it is adopted); there is nothing to decide.
  if (inputs.builder) return 'docker-container';
  const info = await run('docker', ['info', '--format', '{{json .DriverStatus}}'], { allowFailure: true });
  const choice = chooseAutoDriver({
    containerdStore: info.exitCode === 0 && hasContainerdStore(info.stdout.trim()),
    platformCount: platforms.length,
    load: inputs.load,
    cacheToTypes: inputs.cacheTo.map((entry) => /(?:^|,)\s*type=([^,]+)/.exec(entry)?.[1]?.trim() ?? 'registry'),
    nodes: inputs.nodes.length,
    endpoint: inputs.endpoint,
    driverOpts: inputs.driverOpts.length,
    buildkitdFlags: inputs.buildkitdFlags,
    buildkitdConfig: inputs.buildkitdConfig !== '' || inputs.buildkitdConfigInline !== ''
  });
  core.info(`driver: auto chose ${choice.driver}: ${choice.reason}`);
  return choice.driver;
}

export interface BuilderSetup {
  builder: Builder;
  /** Undefined with qemu: false. */
  emulators?: EmulatorReport;
}

/** Nodes only on the runner's kernel use the emulators this step registers. */
const onThisRunner = (endpoint: string): boolean =>
  endpoint === '' || !endpoint.includes('://') || endpoint.startsWith('unix://');

/**
 * One node on the runner: emulators first, then the builder, whose BuildKit then lists them. Several
 * nodes, an existing builder, remote or kubernetes: the builder first, then QEMU for only the
 * platforms that no node serves natively.
 */
export function builderFirst(inputs: Inputs, driver: Driver): boolean {
  return inputs.builder !== '' || inputs.nodes.length > 0 || driver === 'remote' || driver === 'kubernetes';
}

/** The emulators a one-node builder on this runner needs, registered before it boots. */
export async function emulatorsBeforeBuilder(
  inputs: Inputs,
  platforms: readonly Platform[]
): Promise<EmulatorReport | undefined> {
  return inputs.qemu === 'auto' ? await ensureEmulators(platforms, inputs.qemuImage) : undefined;
}

/** The job's builder (or the user's), checked to build every platform; QEMU for what no node serves. */
export async function setUpBuilder(
  name: string,
  inputs: Inputs,
  driver: Driver,
  config: { userDir: string; dir: string },
  platforms: readonly Platform[],
  native: Platform,
  registered?: EmulatorReport
): Promise<BuilderSetup> {
  const settings = { ...inputs, driver };
  if (!builderFirst(inputs, driver)) {
    // ensureEmulators throws unless every foreign platform's handler is verified.
    const runnable = registered ? platforms : platforms.filter((platform) => runsNatively(platform, native));
    const builder = await createBuilder(name, settings, config, platforms, runnable, native);
    checkBuilderPlatforms(builder, platforms);
    return registered ? { builder, emulators: registered } : { builder };
  }
  const builder = inputs.builder
    ? await useExistingBuilder(inputs.builder, config.userDir, config.dir)
    : await createBuilder(name, settings, config, platforms, [], native);
  const routing = routePlatforms(platforms, builder.nodes);
  for (const route of routing.routes)
    core.info(`${route.platform}: ${route.node ? `native on node ${route.node}` : 'no native node, needs QEMU'}`);
  const local = builder.nodes.some((node) => onThisRunner(node.endpoint));
  if (inputs.qemu !== 'auto') {
    checkBuilderPlatforms(builder, platforms);
    return { builder };
  }
  if (!local || routing.unserved.length === 0) {
    // Remote nodes emulate, or not, on their own machines: registering here would not reach them.
    checkBuilderPlatforms(builder, platforms);
    return { builder, emulators: { needed: [], alreadyRegistered: [], registered: [], method: 'none' } };
  }
  const emulators = await ensureEmulators(routing.unserved, inputs.qemuImage, undefined, native);
  checkBuilderPlatforms(builder, platforms, routing.unserved);
  core.info(`QEMU only for ${routing.unserved.map(formatPlatform).join(', ')}`);
  return { builder, emulators };
}
