// What a run found out, filled in as its phases run, and the outputs it writes from that.
import type { FloatingTagLeftAlone, PlatformAudit, SmokeResult } from './checks.js';
import type { InspectedSource } from './sources.js';
import type { BuildReport } from './build-report.js';
import type { TagTarget } from './references.js';

export enum OutputKey {
  Digest = 'digest',
  ImageId = 'imageid',
  Metadata = 'metadata',
  Platforms = 'platforms',
  Builder = 'builder',
  Tags = 'tags',
  HeldBack = 'held-back',
  Labels = 'labels',
  Version = 'version',
  Image = 'image',
  ArchAudit = 'arch-audit',
  SmokeTest = 'smoke-test',
  /** metadata-action's shapes, for steps written for it. */
  Json = 'json',
  TagNames = 'tag-names',
  Annotations = 'annotations'
}

export interface CheckReport {
  audit: PlatformAudit[];
  smoke: SmokeResult[];
  /** Checks that failed under an error level: the step fails after the outputs are written. */
  failures: string[];
}

/** What the phases found out, filled in as they run. */
export interface Outcome {
  /** The platforms built or merged, after the preflight or the sources had their say. */
  platforms: string[];
  /** What the emulator phase did, for the summary; empty when the mode has no emulators. */
  emulators: string;
  builder: string;
  /** The final tags to move once the checks pass (or that would be, when nothing is pushed). */
  tags: TagTarget[];
  /** Floating tags the guard left where they are: they carry a newer release. */
  floatingLeftAlone: FloatingTagLeftAlone[];
  /** The final tags now at the checked digest (promotion only). */
  promoted: TagTarget[];
  /** Final tags that did not move, and why: a failed check, or a registry that refused the tag. */
  notMoved: { reference: string; reason: string }[];
  /** The image reached the registry. */
  pushed: boolean;
  digest: string;
  imageId: string;
  metadata: Record<string, unknown>;
  /** The repository the image output and the summary name. */
  repository: string;
  checks: CheckReport;
  sources: InspectedSource[];
  /** Build mode: what the build's progress said per platform (cache, emulation). */
  build?: BuildReport;
}
