// The build's phases: base images, emulators, builder, build (pushed by digest by BuildKit, or
// streamed to the action: image-export.ts), then the release phases: push by digest, checks, promote. The executor (execute.ts) runs them in order,
// each in its own log group.
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
import { formatPlatform, type Platform } from '../model/platforms.js';
import { targetTexts } from '../model/references.js';
import { warmUpHttpClient } from '../registry/client.js';
import type { BuildPlan, ImageExport } from '../buildx/buildx-args.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { savePostState } from '../seams/state.js';
import {
  chooseExport,
  openLayoutImage,
  openPushedImage,
  openStreamedImage,
  streamReceiver,
  type StreamReceiver
} from './image-export.js';
import type { Job } from './job.js';
import { releasePhases } from './release.js';
import type { Release, ReleaseImage } from './release-run.js';
import type { Outcome } from '../model/outcome.js';
import type { BuildModePlan } from '../model/plan.js';
import type { Phase } from './phase.js';
import { cacheSpecsFor, reportBuild, tagCacheCopies } from './build-insight.js';

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

/** What the build phases hand each other, each part set by the phase that makes it. */
class BuildRun {
  /** The platforms to build: the plan's, or fewer after the base-image check under trim. */
  platforms: Platform[];
  /** The driver, and the daemon driver: auto read to decide it. */
  driver?: DriverDecision;
  emulators?: EmulatorReport;
  release?: Release;
  private made?: Builder;

  constructor(
    plan: BuildModePlan,
    private readonly currentJob: () => Job
  ) {
    this.platforms = plan.platforms;
  }

  get job(): Job {
    return this.currentJob();
  }

  get builder(): Builder {
    if (!this.made) throw new Error('the build phase ran before the builder phase');
    return this.made;
  }

  set builder(builder: Builder) {
    this.made = builder;
  }
}

/** Runs the build with the export's reader on buildx's stdout; a reader that failed first names its own error. */
async function buildWith(plan: BuildModePlan, builder: Builder, buildPlan: BuildPlan, receiver?: StreamReceiver) {
  try {
    return await runBuild(plan.build, builder, buildPlan, receiver ? { stdoutTo: receiver.sink } : {});
  } catch (error) {
    const readError = receiver
      ? await receiver.received().then(
          () => undefined,
          (failure: unknown) => failure
        )
      : undefined;
    // The tar ending early is the build's failure, said by the build; anything else stopped the build.
    if (readError && !errorMessage(readError).includes('ended without its index.json'))
      throw new ActionError(`Reading the image buildx exported failed: ${errorMessage(readError)}`);
    throw error;
  }
}

/** The image as the release needs it, and the log line: pushed by BuildKit, in the kept layout, or streamed to a partial layout. */
async function takeImage(
  plan: BuildModePlan,
  run: BuildRun,
  outcome: Outcome,
  { exported, receiver }: { exported: ImageExport; receiver: StreamReceiver | undefined }
) {
  const platformList = outcome.platforms.join(',');
  if (exported.kind === 'push-by-digest') {
    const image = await openPushedImage(plan, run.job, outcome.digest);
    const line = `Built ${platformList} as ${outcome.digest}; BuildKit pushed it by digest, untagged, into ${plan.repositories.join(', ')}`;
    return { line, image: { ...image, pushedBy: 'buildkit' as const } };
  }
  if (exported.kind === 'layout' || !receiver) {
    const image = await openLayoutImage(run.job.layoutDir);
    outcome.digest = image.content.top.digest;
    outcome.imageId ||= outcome.digest;
    const where = run.job.layout.kept ? "the image's kept layout (only what changed was written)" : "the job's layout";
    return { line: `Built ${platformList} as ${outcome.digest}, exported to ${where}`, image };
  }
  const received = await receiver.received();
  const image = await openStreamedImage(plan, run.job);
  outcome.digest = image.content.top.digest;
  outcome.imageId ||= outcome.digest;
  const line =
    `Built ${platformList} as ${outcome.digest}, streamed: ${received.kept.blobs} blob(s) kept on the runner (${received.kept.bytes} bytes), ` +
    `${received.dropped.blobs} layer(s) neither written nor sent (${received.dropped.bytes} bytes; the base image's)`;
  return { line, image };
}

/** Builds, and hands the image on as the push or the checks need it; returns the log line and the image. */
async function build(
  plan: BuildModePlan,
  run: BuildRun,
  outcome: Outcome
): Promise<{ line: string; image?: ReleaseImage }> {
  const builder = run.builder;
  if (plan.promote)
    ({ push: outcome.tags, leftAlone: outcome.floatingLeftAlone } = await guardFloatingTags(
      run.job.session,
      plan.tags
    ));
  if (plan.push) warmUpHttpClient();
  const exported = chooseExport(plan, builder, run.job);
  const receiver = exported?.kind === 'stream' ? await streamReceiver(plan, run.job) : undefined;
  // Saved before it exists: a step killed mid-build leaves it to the post step.
  if (exported?.kind === 'stream' && exported.localImage) savePostState({ localImage: exported.localImage });
  const cache = await cacheSpecsFor(plan, builder, run.platforms, run.driver?.daemon);
  const buildPlan: BuildPlan = {
    platforms: run.platforms,
    tags: targetTexts(plan.tags.targets),
    labels: plan.labels,
    annotations: plan.annotations,
    ...(exported ? { export: exported } : {}),
    metadataFile: path.join(run.job.config.dir, 'build-metadata.json'),
    cache
  };
  const { run: watched, ...result } = await buildWith(plan, builder, buildPlan, receiver);
  Object.assign(outcome, { ...result, repository: plan.repositories[0] ?? '' });
  const tagged = await tagCacheCopies(run.job.session, cache, watched);
  outcome.build = reportBuild(plan, { builder, platforms: run.platforms, cacheLine: cache.line, tagged }, watched);
  if (!exported) {
    const why = plan.event.eventName.startsWith('pull_request') ? ' for pull requests' : '';
    return { line: `Built ${outcome.platforms.join(',')}; nothing pushed (push is off${why})` };
  }
  const taken = await takeImage(plan, run, outcome, { exported, receiver });
  if (exported.kind === 'stream' && exported.localImage) taken.image.localImage = exported.localImage;
  return taken;
}

export function buildPhases(plan: BuildModePlan, job: () => Job, outcome: Outcome): Phase[] {
  const run = new BuildRun(plan, job);
  return [
    {
      name: 'Base images',
      // Before emulators and builder, so a trimmed platform needs neither.
      run: async () => {
        run.platforms = await checkBasePlatforms(job().session, plan.preflight, plan.platforms, plan.native);
        outcome.platforms = run.platforms.map(formatPlatform);
        return `platform-check ${plan.preflight.level}: building ${outcome.platforms.join(', ')}`;
      }
    },
    {
      name: 'Emulators',
      run: async () => {
        if (!plan.builder.emulators.enabled) return (outcome.emulators = 'off (qemu: false)');
        run.driver = await resolveDriver(plan.builder, run.platforms);
        // Nodes elsewhere, or the user's builder: the builder phase registers only what no node runs natively.
        if (builderFirst(plan.builder, run.driver.driver))
          return 'after the builder, for platforms no node serves natively';
        run.emulators = await emulatorsBeforeBuilder(plan.builder.emulators, run.platforms);
        outcome.emulators = run.emulators ? describeEmulators(run.emulators) : 'off (qemu: false)';
        return outcome.emulators;
      }
    },
    {
      name: 'Builder',
      run: async () => {
        const { job: current, platforms } = run;
        run.driver ??= await resolveDriver(plan.builder, platforms);
        const setup = await setUpBuilder({
          name: current.name,
          plan: plan.builder,
          driver: run.driver.driver,
          config: current.config,
          platforms,
          native: plan.native,
          ...(run.emulators ? { registered: run.emulators } : {})
        });
        run.builder = setup.builder;
        if (setup.emulators && !run.emulators) outcome.emulators = describeEmulators(setup.emulators);
        outcome.builder = run.builder.name;
        return `${run.builder.name} (${run.builder.driver}) builds ${outcome.platforms.join(', ')}`;
      }
    },
    {
      name: 'Build',
      run: async () => {
        const built = await build(plan, run, outcome);
        if (built.image) run.release = { plan, job: run.job, outcome, image: built.image, platforms: run.platforms };
        return built.line;
      }
    },
    ...releasePhases(plan, () => run.release)
  ];
}
