// The build phase's two additions: the cache input's specs before the build, and after it what the
// build's own progress said (steps from the cache, what was exported, the cost of emulation).
import type { DaemonFacts } from '../buildx/daemon.js';
import * as core from '../seams/runner.js';
import { buildReport } from '../buildx/emulation-report.js';
import { buildSecretValues, type BuildRun } from '../buildx/run-build.js';
import type { Builder } from '../buildx/builder-config.js';
import { builderFirst } from '../buildx/builder-setup.js';
import { resolveCache, type CacheSpecs } from '../buildx/cache-support.js';
import { instructionLines } from '../buildx/dockerfile-lines.js';
import { routePlatforms } from '../buildx/node-platforms.js';
import type { BuildReport } from '../model/build-report.js';
import { formatPlatform, runsNatively, type Platform } from '../model/platforms.js';
import type { BuildModePlan } from '../model/plan.js';
import { errorMessage } from '../model/errors.js';
import { tagCacheManifest } from '../registry/cache-tags.js';
import type { RegistrySession } from '../registry/session.js';

/** The cache input's specs for these platforms; logs the one line that says what they are. */
export async function cacheSpecsFor(
  plan: BuildModePlan,
  builder: Builder,
  platforms: readonly Platform[],
  started: { daemon?: DaemonFacts | Promise<DaemonFacts> | undefined; buildxVersion?: Promise<string> | undefined }
): Promise<CacheSpecs> {
  const daemon = await started.daemon;
  const specs = await resolveCache({
    plan: plan.cache,
    platforms,
    builder,
    env: process.env,
    ...(daemon ? { daemon } : {}),
    ...(started.buildxVersion ? { buildxVersion: started.buildxVersion } : {})
  });
  core.info(specs.line);
  return specs;
}

/**
 * cache: registry exported once, to the first platform's tag: the same cache manifest goes under the
 * other platforms' tags. A cache that could not be tagged is a warning, never a failed build.
 */
export async function tagCacheCopies(session: RegistrySession, specs: CacheSpecs, run: BuildRun): Promise<string[]> {
  if (!specs.alsoTag) return [];
  const { repository, tags } = specs.alsoTag;
  const exported = run.progress.exports.find((entry) => entry.manifest && !entry.error);
  if (!exported?.manifest) {
    core.warning(`cache: the cache export wrote no manifest, so ${tags.join(', ')} were not written`);
    return [`not written: ${tags.join(', ')} (no cache manifest was exported)`];
  }
  try {
    const { moved, failed } = await tagCacheManifest(session, repository, exported.manifest, tags);
    for (const { reference, reason } of failed) core.warning(`cache: ${reference} was not written: ${reason}`);
    return moved.length > 0 ? [`same cache manifest also under ${moved.map(({ tag }) => tag).join(', ')}`] : [];
  } catch (error) {
    core.warning(`cache: ${tags.join(', ')} were not written: ${errorMessage(error)}`);
    return [`not written: ${tags.join(', ')}`];
  }
}

/** Platforms whose RUN steps run under QEMU: not the runner's own, and served natively by no node. */
function emulatedPlatforms(plan: BuildModePlan, builder: Builder, platforms: readonly Platform[]): Platform[] {
  if (builderFirst(plan.builder, builder.driver)) return routePlatforms(platforms, builder.nodes).unserved;
  return platforms.filter((platform) => !runsNatively(platform, plan.native));
}

/** The reusable workflow's one-line `uses:`, named after the repository this action runs from. */
function workflowUses(env: NodeJS.ProcessEnv = process.env): string {
  const repository = env['GITHUB_ACTION_REPOSITORY'] || 'acme/multiarch-build-push';
  const major = /^v\d+/.exec(env['GITHUB_ACTION_REF'] ?? '')?.[0] ?? 'v1';
  return `${repository}/.github/workflows/build.yml@${major}`;
}

function dockerfileText(plan: BuildModePlan): string {
  return plan.preflight.dockerfile?.text ?? '';
}

/** Reads the build's progress back; logs one cache line and, when RUN steps ran under QEMU, one emulation line. */
export function reportBuild(
  plan: BuildModePlan,
  context: { builder: Builder; platforms: readonly Platform[]; cacheLine: string; tagged: string[] },
  run: BuildRun
): BuildReport {
  const report = buildReport({
    progress: run.progress,
    platforms: context.platforms.map(formatPlatform),
    emulated: emulatedPlatforms(plan, context.builder, context.platforms).map(formatPlatform),
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    dockerfile: instructionLines(dockerfileText(plan)),
    cacheLine: context.cacheLine,
    workflow: workflowUses(),
    secrets: buildSecretValues(plan.build, [])
  });
  report.cacheExports.push(...context.tagged);
  const counts = report.platforms.map((entry) => `${entry.platform} ${entry.fromCache} of ${entry.steps}`);
  core.info(
    `Cache: steps from the cache: ${counts.join(', ')}${report.cacheExports.map((line) => `; ${line}`).join('')}`
  );
  if (report.emulation) core.info(report.emulation.line);
  return report;
}
