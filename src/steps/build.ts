// The build's phases: base images, emulators, builder, build (to an OCI layout on disk), then the
// release phases: push by digest, checks, promote. The executor (execute.ts) runs them in order,
// each in its own log group.
import * as path from 'node:path';
import * as core from '../seams/runner.js';
import { runBuild } from '../build/build.js';
import type { Builder } from '../build/builder.js';
import {
  builderFirst,
  emulatorsBeforeBuilder,
  resolveDriver,
  setUpBuilder,
  type DriverDecision
} from '../build/builder-setup.js';
import type { EmulatorReport } from '../build/qemu.js';
import { guardFloatingTags } from '../checks/floating-tags.js';
import { checkBasePlatforms } from '../checks/preflight.js';
import { formatPlatform, type Platform } from '../model/platforms.js';
import { warmUpHttpClient } from '../registry/client.js';
import { collectContent, contentBlobs, layoutOrigin } from '../registry/image-content.js';
import { OciLayout } from '../registry/oci-layout.js';
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

/** Reads the layout buildx exported: the image's digest, and its content for the push. */
async function openExportedImage(dir: string, outcome: Outcome): Promise<ReleaseImage> {
  const layout = OciLayout.open(dir);
  const content = await collectContent(layout.topManifest(), () => layoutOrigin(layout));
  outcome.digest = layout.top.digest;
  outcome.imageId ||= layout.top.digest;
  return { layout, content };
}

/** Builds, and when the image is to be pushed exports it to the job's layout; returns the log line and the image. */
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
  const layoutDir = plan.push ? run.job.layoutDir : undefined;
  const cache = await cacheSpecsFor(plan, builder, run.platforms, run.driver?.daemon);
  const { run: watched, ...result } = await runBuild(plan.build, builder, {
    platforms: run.platforms,
    tags: plan.tags.references,
    labels: plan.labels,
    annotations: plan.annotations,
    ...(layoutDir ? { layoutDir } : {}),
    metadataFile: path.join(run.job.config.dir, 'build-metadata.json'),
    cache
  });
  Object.assign(outcome, { ...result, repository: plan.repositories[0] ?? '' });
  const tagged = await tagCacheCopies(run.job.session, cache, watched);
  outcome.build = reportBuild(plan, { builder, platforms: run.platforms, cacheLine: cache.line, tagged }, watched);
  const platformList = outcome.platforms.join(',');
  if (!layoutDir) {
    const why = plan.event.eventName.startsWith('pull_request') ? ' for pull requests' : '';
    return { line: `Built ${platformList}; nothing pushed (push is off${why})` };
  }
  const image = await openExportedImage(layoutDir, outcome);
  const blobs = contentBlobs(image.content).length;
  return {
    line: `Built ${platformList} as ${outcome.digest}, exported to the job's OCI layout (${image.content.manifests.length + 1} manifests, ${blobs} blobs)`,
    image
  };
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
