// The push by digest of a release built into the layout, started as soon as BuildKit's export is done
// instead of once buildx exits: buildx takes 0.1 s or more after it (the solve's end, index.json, the
// metadata file), and the push is mostly waiting on the registry. The image goes into
// each repository untagged, as it would after the exit: no tag moves before the checks pass. The push
// is used only for the image buildx names when it exits; otherwise the image is pushed again.
import type { ImageExport } from '../buildx/buildx-args.js';
import type { CacheSpecs } from '../buildx/cache-support.js';
import type { CacheEntry } from '../model/cache.js';
import type { BuildModePlan } from '../model/plan.js';
import { pushByDigest, type RepositoryPush } from '../registry/push.js';
import { openLayoutImage } from './image-export.js';
import type { Job } from './job.js';
import type { EarlyPush } from './release-run.js';

/**
 * Whether the push starts at the export: a release into the layout, unless the build also exports a
 * cache to a registry. BuildKit writes that after the image, and in the image's repository it holds
 * the same layers: pushed at the same time, each would be uploaded twice.
 */
export function pushesAtExport(
  plan: { push: boolean; build: { cacheTo: readonly Pick<CacheEntry, 'type'>[] } },
  exported: ImageExport | undefined,
  cache: Pick<CacheSpecs, 'writesRegistry'>
): boolean {
  // The user's cache-to: a registry's, or one whose type cannot be told.
  const userWritesRegistry = plan.build.cacheTo.some(({ type }) => type === 'registry' || type === '');
  return plan.push && exported?.kind === 'layout' && !cache.writesRegistry && !userWritesRegistry;
}

export class PushAtExport {
  private early: (EarlyPush & { digest: string }) | undefined;
  private settle: (standIns: Promise<unknown> | undefined) => void = () => undefined;
  /** Until the stand-ins are placed, a stand-in's empty file is not known as one: the push must not start. */
  private readonly placed = new Promise<Promise<unknown> | undefined>((resolve) => {
    this.settle = resolve;
  });

  constructor(
    private readonly plan: BuildModePlan,
    private readonly job: Job
  ) {}

  /** Called once the stand-ins' placement beside buildx has started (undefined: none are placed). */
  besideBuild(standIns: Promise<unknown> | undefined): void {
    this.settle(standIns);
  }

  /** The export into the layout is done and named its image (a build tried again starts another push). */
  readonly exported = (digest: string): void => {
    const begun = performance.now();
    const pushing = this.push(digest);
    // Read by take(), or by nobody when the build fails: no unhandled rejection meanwhile.
    pushing.catch(() => undefined);
    this.early = { digest, begun, pushing };
  };

  private async push(digest: string): Promise<RepositoryPush[] | undefined> {
    const standIns = await this.placed;
    await standIns;
    const image = await openLayoutImage(this.plan, this.job, digest).catch(() => undefined);
    return image && pushByDigest(this.job.session, image.content, this.plan.repositories);
  }

  /** The push started for `digest`, the image buildx built; undefined when none was (or it was for another image). */
  take(digest: string): EarlyPush | undefined {
    return this.early?.digest === digest ? this.early : undefined;
  }
}
