// The builder and the emulators it needs, in the order that makes each decision on facts.
import * as core from '../seams/runner.js';
import { formatPlatform, runsNatively, type Platform } from '../model/platforms.js';
import { checkBuilderPlatforms, createBuilder, useExistingBuilder, type Builder } from './builder-config.js';
import { chooseAutoDriver } from './driver-auto.js';
import { readDaemonFacts, type DaemonFacts } from './daemon.js';
import { readBuildxVersion } from './cache-support.js';
import { routePlatforms } from './node-platforms.js';
import { ensureEmulators, type EmulatorReport } from './qemu.js';
import type { Driver } from '../model/builder.js';
import type { BuilderPlan, EmulatorPlan } from '../model/plan.js';

/** The driver to use, and with driver: auto the daemon it was decided from. */
export interface DriverDecision {
  driver: Driver;
  /** The daemon's facts as driver: auto read them; a docker-driver builder it chose runs on that daemon. */
  daemon?: DaemonFacts;
}

/** Whether the driver is decided from the daemon's facts: driver: auto, and no existing builder bringing its own. */
export function needsDaemonFacts(plan: BuilderPlan): boolean {
  return plan.driver === 'auto' && !plan.builder;
}

/**
 * Starts reading the daemon's facts (at `host`: its socket, or one `docker info`) that driver: auto
 * decides from, so it runs while the job logs in; the driver is still decided in its own phase. A
 * failure to start docker shows when it is awaited.
 */
export function startDaemonFacts(host?: string): Promise<DaemonFacts> {
  const facts = readDaemonFacts(host ? { host } : {});
  facts.catch(() => undefined);
  return facts;
}

/** Starts `docker buildx version` for the cache decision, as startDaemonFacts does `docker info`. */
export function startBuildxVersion(): Promise<string> {
  const version = readBuildxVersion();
  version.catch(() => undefined);
  return version;
}

/** driver: auto decided from `docker info` (read already when `started` is given); any other driver as given. */
export async function resolveDriver(
  plan: BuilderPlan,
  platforms: readonly Platform[],
  started?: Promise<DaemonFacts>
): Promise<DriverDecision> {
  if (plan.driver !== 'auto') return { driver: plan.driver };
  // An existing builder brings its own driver (read when it is adopted); there is nothing to decide.
  if (plan.builder) return { driver: 'docker-container' };
  const daemon = await (started ?? readDaemonFacts());
  const choice = chooseAutoDriver({
    containerdStore: daemon.containerdStore,
    platformCount: platforms.length,
    load: plan.load,
    cacheToTypes: plan.cacheToTypes,
    nodes: plan.nodes.length,
    endpoint: plan.endpoint,
    driverOpts: plan.driverOpts.length,
    buildkitdFlags: plan.buildkitdFlags,
    buildkitdConfig: plan.buildkitdConfig !== '' || plan.buildkitdConfigInline !== ''
  });
  core.info(`driver: auto chose ${choice.driver}: ${choice.reason}`);
  return { driver: choice.driver, daemon };
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
export function builderFirst(plan: BuilderPlan, driver: Driver): boolean {
  return plan.builder !== '' || plan.nodes.length > 0 || driver === 'remote' || driver === 'kubernetes';
}

/** The emulators a one-node builder on this runner needs, registered before it boots. */
export async function emulatorsBeforeBuilder(
  emulators: EmulatorPlan,
  platforms: readonly Platform[]
): Promise<EmulatorReport | undefined> {
  return emulators.enabled ? await ensureEmulators(platforms, emulators.image) : undefined;
}

/** What setting up the builder needs: the plan's part, the decided driver, the job's config, the platforms. */
export interface SetupRequest {
  name: string;
  plan: BuilderPlan;
  driver: Driver;
  config: { userDir: string; dir: string };
  platforms: readonly Platform[];
  native: Platform;
  /** What the emulator phase registered before the builder, if it ran first. */
  registered?: EmulatorReport;
}

/** The job's builder (or the user's), checked to build every platform; QEMU for what no node serves. */
export async function setUpBuilder(request: SetupRequest): Promise<BuilderSetup> {
  const { name, plan, driver, config, platforms, native, registered } = request;
  const settings = { ...plan, driver };
  const create = { name, settings, config, wanted: platforms, native };
  if (!builderFirst(plan, driver)) {
    // ensureEmulators throws unless every foreign platform's handler is verified.
    const runnable = registered ? platforms : platforms.filter((platform) => runsNatively(platform, native));
    const builder = await createBuilder({ ...create, runnable });
    checkBuilderPlatforms(builder, platforms);
    return registered ? { builder, emulators: registered } : { builder };
  }
  const builder = plan.builder
    ? await useExistingBuilder(plan.builder, config.userDir, config.dir)
    : await createBuilder({ ...create, runnable: [] });
  const routing = routePlatforms(platforms, builder.nodes);
  for (const route of routing.routes)
    core.info(`${route.platform}: ${route.node ? `native on node ${route.node}` : 'no native node, needs QEMU'}`);
  const local = builder.nodes.some((node) => onThisRunner(node.endpoint));
  if (!plan.emulators.enabled) {
    checkBuilderPlatforms(builder, platforms);
    return { builder };
  }
  if (!local || routing.unserved.length === 0) {
    // Remote nodes emulate, or not, on their own machines: registering here would not reach them.
    checkBuilderPlatforms(builder, platforms);
    return { builder, emulators: { needed: [], alreadyRegistered: [], registered: [], method: 'none' } };
  }
  const emulators = await ensureEmulators(routing.unserved, plan.emulators.image, undefined, native);
  checkBuilderPlatforms(builder, platforms, routing.unserved);
  core.info(`QEMU only for ${routing.unserved.map(formatPlatform).join(', ')}`);
  return { builder, emulators };
}
