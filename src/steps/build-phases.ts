// The build's phases: base images, emulators, builder, build (pushed by digest by BuildKit, or
// streamed to the action: image-export.ts). Each takes what the ones before it made and returns its
// own; the release phases (push by digest, checks, promote) follow (release.ts).
import * as path from 'node:path';
import * as core from '../seams/runner.js';
import { runBuild } from '../buildx/run-build.js';
import type { Builder } from '../buildx/builder-config.js';
import {
  builderFirst,
  emulatorsBeforeBuilder,
  resolveDriver,
  setUpBuilder,
  type DriverDecision
} from '../buildx/builder-setup.js';
import type { EmulatorReport } from '../buildx/qemu.js';
import { guardFloatingTags } from '../checks/floating-tags.js';
import { checkBasePlatforms } from '../checks/preflight.js';
import { startScansRestore } from '../checks/audit/audit-check.js';
import { formatPlatform, type Platform } from '../model/platforms.js';
import { targetTexts } from '../model/references.js';
import { TruncatedExport } from '../registry/oci-tar.js';
import type { BuildPlan, ImageExport } from '../buildx/buildx-args.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { savePostState } from '../seams/state.js';
import {
  chooseExport,
  openLayoutImage,
  openPushedImage,
  placeStandIns,
  startTagRead,
  streamReceiver,
  type StreamReceiver
} from './image-export.js';
import type { Job } from './job.js';
import type { Release, ReleaseImage } from './release-run.js';
import type { PhaseResults } from '../model/outcome.js';
import type { BuildModePlan } from '../model/plan.js';
import { isPullRequest } from '../model/event.js';
import { PartlyDone, type PhaseDone, type PhaseRun } from './phase.js';
import { cacheSpecsFor, reportBuild, tagCacheCopies } from './build-insight.js';
import type { TagLayers } from '../registry/registry-layers.js';
import { PushAtExport, pushesAtExport } from './push-at-export.js';

/** Logs what the emulator step found and did; returns the same as one line for the job summary. */
function describeEmulators(report: EmulatorReport): string {
  const names = (arches: string[]): string => arches.map((arch) => `qemu-${arch}`).join(', ');
  const lines: string[] = [];
  if (report.needed.length === 0) lines.push('every requested platform runs natively here');
  if (report.alreadyRegistered.length > 0) lines.push(`already registered ${names(report.alreadyRegistered)}`);
  if (report.registered.length > 0) lines.push(`registered ${names(report.registered)} (${report.method})`);
  for (const line of lines) core.info(`QEMU: ${line}`);
  return lines.join('; ');
}

/** Runs the build with the export's reader on buildx's stdout; a reader that failed first names its own error. */
async function buildWith(
  plan: BuildModePlan,
  builder: Builder,
  buildPlan: BuildPlan,
  { receiver, atExport }: { receiver: StreamReceiver | undefined; atExport: PushAtExport | undefined }
) {
  try {
    return await runBuild(plan.build, builder, buildPlan, {
      ...(receiver ? { stdoutTo: receiver.sink } : {}),
      ...(atExport ? { onImageExported: atExport.exported } : {})
    });
  } catch (error) {
    const readError = receiver
      ? await receiver.received().then(
          () => undefined,
          (failure: unknown) => failure
        )
      : undefined;
    // The tar ending early is the build's failure, said by the build; anything else stopped the build.
    if (readError && !(readError instanceof TruncatedExport))
      throw new ActionError(`Reading the image buildx exported failed: ${errorMessage(readError)}`);
    throw error;
  }
}

/** What the builder phase made, for the build. */
interface Ready {
  builder: Builder;
  platforms: Platform[];
  driver: DriverDecision;
  /** The read of the image behind the user's tags, for the stand-ins, when it was started before the base images. */
  tagRead?: Promise<TagLayers> | undefined;
}

/** The image as the release needs it, and the log line: pushed by BuildKit, in the kept layout, or streamed to a partial layout. */
async function takeImage(
  plan: BuildModePlan,
  job: Job,
  built: { platformList: string; digest: string },
  { exported, receiver }: { exported: ImageExport; receiver: StreamReceiver | undefined }
): Promise<{ line: string; image: ReleaseImage }> {
  const { platformList, digest } = built;
  if (exported.kind === 'push-by-digest') {
    const image = await openPushedImage(plan, job, digest);
    const line = `Built ${platformList} as ${digest}; BuildKit pushed it by digest, untagged, into ${plan.repositories.join(', ')}`;
    return { line, image: { ...image, pushedBy: 'buildkit' as const } };
  }
  if (exported.kind === 'layout' || !receiver) {
    const image = await openLayoutImage(plan, job);
    const where = job.layout.get().kept
      ? "the image's kept layout (only what changed was written)"
      : "the job's layout";
    return { line: `Built ${platformList} as ${image.content.top.digest}, exported to ${where}`, image };
  }
  const received = await receiver.received();
  // The partial layout the stream left: only the layers that are not the base image's.
  const image = await openLayoutImage(plan, job);
  const line =
    `Built ${platformList} as ${image.content.top.digest}, streamed: ${received.kept.blobs} blob(s) kept on the runner (${received.kept.bytes} bytes), ` +
    `${received.dropped.blobs} layer(s) neither written nor sent (${received.dropped.bytes} bytes; the base image's)`;
  if (exported.kind === 'stream' && exported.localImage) image.localImage = exported.localImage;
  return { line, image };
}

/** The cache's specs, with the daemon as driver: auto read it, or as the job started reading it (the docker driver at the user's own daemon). */
function cacheSpecs(plan: BuildModePlan, job: Job, { builder, platforms, driver }: Ready) {
  const daemon = driver.daemon ?? (builder.driver === 'docker' ? job.daemonFacts : undefined);
  return cacheSpecsFor(plan, builder, platforms, { daemon, buildxVersion: job.buildxVersion });
}

/**
 * What the build needs first, each reading the registry, side by side: the floating-tag guard (a
 * release), the stream's reader (the base image's layers) and the cache's specs.
 */
async function beforeBuild(plan: BuildModePlan, job: Job, ready: Ready, exported?: ImageExport) {
  const [guarded, receiver, cache] = await Promise.all([
    plan.promote ? guardFloatingTags(job.session, plan.tags) : undefined,
    exported?.kind === 'stream' ? streamReceiver(plan, job) : undefined,
    cacheSpecs(plan, job, ready)
  ]);
  return { ...(guarded ? { guarded } : {}), receiver, cache };
}

/** The build's result once the stand-ins placed beside it are in too, their line logged after buildx's, whatever the build did. */
async function alongside<T>(building: Promise<T>, standIns: Promise<string | undefined> | undefined): Promise<T> {
  try {
    return await building;
  } finally {
    const line = await standIns;
    if (line) core.info(line);
  }
}

/** Builds; what it made goes into `made` as it comes, so a failure after the build still reports the digest. */
async function buildInto(
  plan: BuildModePlan,
  job: Job,
  ready: Ready,
  made: PhaseResults
): Promise<{ line: string; release?: Release }> {
  const { builder, platforms } = ready;
  const exported = chooseExport(plan, builder, job);
  // Saved before it exists: a step killed mid-build leaves it to the post step.
  if (exported?.kind === 'stream' && exported.localImage) savePostState({ localImage: exported.localImage });
  const { guarded, receiver, cache } = await beforeBuild(plan, job, ready, exported);
  if (guarded) made.guarded = guarded;
  const buildPlan: BuildPlan = {
    platforms,
    tags: targetTexts(plan.tags.targets),
    labels: plan.labels,
    annotations: plan.annotations,
    ...(exported ? { export: exported } : {}),
    metadataFile: path.join(job.config.dir, 'build-metadata.json'),
    cache
  };
  // A release into the layout is pushed by digest once the export is done, before buildx exits,
  // unless a cache export follows the image's.
  const atExport = pushesAtExport(plan, exported, cache) ? new PushAtExport(plan, job) : undefined;
  const building = buildWith(plan, builder, buildPlan, { receiver, atExport });
  // buildx is running by now (the exec seam starts it before its first await): the stand-ins go in
  // while it starts (they read the registry caches the build reads), and the restore overlaps the build.
  const standIns =
    exported?.kind === 'layout'
      ? placeStandIns(plan, job, { cacheFrom: cache.cacheFrom, tagRead: ready.tagRead })
      : undefined;
  atExport?.besideBuild(standIns);
  const scansRestore = exported ? startScansRestore(plan) : undefined;
  const { run: watched, ...result } = await alongside(building, standIns);
  made.image = result;
  made.repository = plan.repositories[0] ?? '';
  const tagged = await tagCacheCopies(job.session, cache, watched);
  made.build = reportBuild(plan, { builder, platforms, cacheLine: cache.line, tagged }, watched);
  const platformList = platforms.map(formatPlatform).join(',');
  if (!exported) {
    const why = isPullRequest(plan.event) ? ' for pull requests' : '';
    return { line: `Built ${platformList}; nothing pushed (push is off${why})` };
  }
  const { line, image } = await takeImage(plan, job, { platformList, digest: result.digest }, { exported, receiver });
  const digest = image.content.top.digest;
  made.image = { ...result, digest, imageId: result.imageId || digest };
  const tags = made.guarded?.push ?? plan.tags.targets;
  const pushing = atExport?.take(digest);
  const release = {
    plan,
    job,
    image,
    platforms,
    digest,
    repository: made.repository,
    tags,
    ...(pushing ? { pushing } : {})
  };
  return { line, release: scansRestore ? { ...release, scansRestore } : release };
}

/** The build phase: the floating-tag guard (a release), the build, and the image for the release phases. */
async function build(plan: BuildModePlan, job: Job, ready: Ready): Promise<PhaseDone & { release?: Release }> {
  const made: PhaseResults = {};
  try {
    return { ...(await buildInto(plan, job, ready, made)), made };
  } catch (error) {
    throw new PartlyDone(error, made);
  }
}

/** Base images: before emulators and builder, so a trimmed platform needs neither. */
async function baseImages(plan: BuildModePlan, job: Job): Promise<PhaseDone & { platforms: Platform[] }> {
  const platforms = await checkBasePlatforms(job.session, plan.preflight, plan.platforms, plan.native);
  const names = platforms.map(formatPlatform);
  const line = `platform-check ${plan.preflight.level}: building ${names.join(', ')}`;
  return { line, made: { platforms: names }, platforms };
}

/** Emulators, unless the builder registers them (nodes elsewhere, or the user's builder). */
async function emulators(
  plan: BuildModePlan,
  job: Job,
  platforms: Platform[]
): Promise<PhaseDone & { driver?: DriverDecision; registered?: EmulatorReport }> {
  const off = 'off (qemu: false)';
  if (!plan.builder.emulators.enabled) return { line: off, made: { emulators: off } };
  const driver = await resolveDriver(plan.builder, platforms, job.daemonFacts);
  // Nodes elsewhere, or the user's builder: the builder phase registers only what no node runs natively.
  if (builderFirst(plan.builder, driver.driver))
    return { line: 'after the builder, for platforms no node serves natively', driver };
  const registered = await emulatorsBeforeBuilder(plan.builder.emulators, platforms);
  const line = registered ? describeEmulators(registered) : off;
  return { line, made: { emulators: line }, driver, ...(registered ? { registered } : {}) };
}

/** The job's builder, with the emulators it registers itself when none were before it. */
async function builderPhase(
  plan: BuildModePlan,
  job: Job,
  {
    platforms,
    driver: resolved,
    registered
  }: { platforms: Platform[]; driver?: DriverDecision; registered?: EmulatorReport }
): Promise<PhaseDone & Ready> {
  const driver = resolved ?? (await resolveDriver(plan.builder, platforms, job.daemonFacts));
  const setup = await setUpBuilder({
    name: job.name,
    plan: plan.builder,
    driver: driver.driver,
    config: job.config,
    platforms,
    native: plan.native,
    ...(registered ? { registered } : {})
  });
  const { builder } = setup;
  const made: PhaseResults = { builder: builder.name };
  if (setup.emulators && !registered) made.emulators = describeEmulators(setup.emulators);
  const line = `${builder.name} (${builder.driver}) builds ${platforms.map(formatPlatform).join(', ')}`;
  return { line, made, builder, platforms, driver };
}

/** The build's phases, in order, each given what the ones before it made; returns the image for the release phases. */
export async function buildPhases(run: PhaseRun, plan: BuildModePlan, job: Job): Promise<Release | undefined> {
  // The stand-ins need it just before the build: read while the base images, emulators and builder get ready.
  const tagRead = startTagRead(plan, job);
  const { platforms } = await run.phase('Base images', () => baseImages(plan, job));
  const emulated = await run.phase('Emulators', () => emulators(plan, job, platforms));
  const ready = await run.phase('Builder', () => builderPhase(plan, job, { ...emulated, platforms }));
  const { release } = await run.phase('Build', () => build(plan, job, { ...ready, tagRead }));
  return release;
}
