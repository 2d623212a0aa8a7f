// What the release phases (push, checks, promote) share, in both modes.
import type { Platform } from '../model/platforms.js';
import type { ImageContent } from '../registry/image-content.js';
import type { OciLayout } from '../registry/oci-layout.js';
import type { Job } from './job.js';
import type { Plan } from '../model/plan.js';
import type { TagTarget } from '../model/references.js';
import type { SharedScans } from '../checks/audit/audit-scans.js';
import type { RepositoryPush } from '../registry/push.js';

/** A push by digest started once the export was done (push-at-export.ts), and when (performance.now()). */
export interface EarlyPush {
  /** Undefined when the image could not be read from the layout yet: it is pushed after the exit. */
  pushing: Promise<RepositoryPush[] | undefined>;
  begun: number;
}

/** The image a mode made, ready to push: its content, and the (partial) layout on disk when it was built here. */
export interface ReleaseImage {
  content: ImageContent;
  layout?: OciLayout;
  /** Set when BuildKit pushed the image by digest itself. */
  pushedBy?: 'buildkit';
  /** The image's job-scoped name in the daemon, for the smoke run of a build that pushes nothing. */
  localImage?: string;
}

/** What the build or the merge phase made for the release phases: the image, where it goes, and its final tags. */
export interface Release {
  plan: Plan;
  job: Job;
  image: ReleaseImage;
  /** The platforms the image holds. */
  platforms: Platform[];
  digest: string;
  /** The first repository the image goes to (the image output's and the summary's). */
  repository: string;
  /** The final tags that move once every check passed: the floating ones the guard left alone are not among them. */
  tags: TagTarget[];
  /** The audit's shared scans, restored while the build ran (a runner that kept none). */
  scansRestore?: Promise<SharedScans | undefined>;
  /** The push by digest, when it started once the export was done, before buildx exited. */
  pushing?: EarlyPush;
}
