// What the release phases (push, checks, promote) share, in both modes.
import type { Platform } from '../model/platforms.js';
import type { ImageContent } from '../registry/image-content.js';
import type { RegistryReader } from '../registry/oci-reads.js';
import type { OciLayout } from '../registry/oci-layout.js';
import type { Job } from './job.js';
import type { PlatformAudit } from '../model/checks.js';
import type { Outcome } from '../model/outcome.js';
import type { Plan } from '../model/plan.js';

/** The image a mode made, ready to push: its content, and the (partial) layout on disk when it was built here. */
export interface ReleaseImage {
  content: ImageContent;
  layout?: OciLayout;
  /** Where the audit reads the image when not from the registry: the layout, and what it lacks from the registry. */
  reader?: RegistryReader;
  /** Set when BuildKit pushed the image by digest itself. */
  pushedBy?: 'buildkit';
  /** The image's job-scoped name in the daemon, for the smoke run of a build that pushes nothing. */
  localImage?: string;
}

/** The plan, the job, what was found so far, the image and the platforms it holds. */
export interface Release {
  plan: Plan;
  job: Job;
  outcome: Outcome;
  image: ReleaseImage;
  platforms: Platform[];
  /** The audit of an image on disk, started while the image is pushed. */
  audit?: Promise<PlatformAudit[]>;
}
