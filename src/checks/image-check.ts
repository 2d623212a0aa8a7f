// The interface every check of the built image implements. A new check is one module that
// implements it plus one line in registered.ts: the checks phase runs it, and the outcome, the step
// outputs and the job summary report it, with no other change.
import type { CheckResult } from '../model/checks.js';
import type { OutputKey } from '../model/outcome.js';
import type { Plan } from '../model/plan.js';
import type { Platform } from '../model/platforms.js';
import type { RegistrySession } from '../registry/session.js';
import type { ManifestRead } from './audit/image-manifests.js';
import type { SharedScans } from './audit/audit-scans.js';
import type { RegistryReader } from '../registry/oci-reads.js';

/** The image a check reads, and where it can read it. */
export interface CheckSubject {
  plan: Plan;
  /** The job's registry session: its logins, and the tokens earlier reads hold. */
  session: RegistrySession;
  /** The job-scoped name: what a check starts (a container) is named after it, for the post step. */
  jobName: string;
  platforms: Platform[];
  digest: string;
  /** The first repository the image goes to; '' when none is named. */
  repository: string;
  /** The image reached every repository by digest; false: it is checked on the runner only. */
  pushed: boolean;
  /** The image's top manifest (index, or image manifest for one platform). */
  top: ManifestRead;
  /** The image on the runner, when it was built here: what a check reads instead of the registry. */
  onRunner?: RegistryReader;
  /** The image's job-scoped name in the daemon (a build that pushed nothing, docker driver). */
  localImage?: string;
  /** The restore of the audit's shared scans, when the build phase started it (audit-check.ts). */
  scansRestore?: Promise<SharedScans | undefined>;
}

export interface ImageCheck {
  /** Its key in the outcome. */
  name: string;
  /** reads: runs beside the other reading checks; runs-image: after them, one at a time (it starts containers). */
  kind: 'reads' | 'runs-image';
  /** Reads nothing but the image on the runner: starts while the image is pushed. */
  readsRunnerCopy?: boolean;
  /** Its columns in the summary's per-platform table ('off' under the first when it did not run). */
  columns?: string[];
  /** Its step output: the JSON of its result, `[]` when it did not run. */
  output?: OutputKey;
  /** Whether it runs for this image. */
  runs: (subject: CheckSubject) => boolean;
  /** Its part of the checks phase's line: off, or what it found (a result is missing when it could not finish). */
  describe: (subject: CheckSubject, result: CheckResult | undefined) => string;
  /** Checks the image; throws only when it could not check (the phase decides what that means). */
  run: (subject: CheckSubject) => Promise<CheckResult>;
}

/** The statuses of a result's platforms, in order, for a checks line. */
export const statuses = (result: CheckResult | undefined): string =>
  (result?.rows ?? []).map(({ status }) => status).join(', ');
