// What a run found out: each phase returns its part, and the outcome is assembled from them here.
import type { CheckResult, FloatingTagLeftAlone } from './checks.js';
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
  /** By the check's name: each check that ran (or began to). */
  results: Record<string, CheckResult>;
  /** Checks that failed under an error level: the step fails after the outputs are written. */
  failures: string[];
}

/** Final tags that did not move, and why: a failed check, or a registry that refused the tag. */
export interface NotMoved {
  reference: string;
  reason: string;
}

/**
 * What the phases made, as each returns it: a run that failed has the parts of the phases that
 * finished, and what the failed one made before it failed (a promotion that stopped part-way).
 */
export interface PhaseResults {
  /** Base images or Sources: the platforms built or merged. */
  platforms?: string[];
  /** Emulators (or the builder, when it registered them). */
  emulators?: string;
  builder?: string;
  sources?: InspectedSource[];
  /** Build or merge: the final tags that move once the checks pass, and the floating ones the guard left alone. */
  guarded?: { push: TagTarget[]; leftAlone: FloatingTagLeftAlone[] };
  repository?: string;
  image?: { digest: string; imageId: string; metadata?: Record<string, unknown> };
  build?: BuildReport;
  pushed?: boolean;
  checks?: CheckReport;
  promotion?: { promoted: TagTarget[]; notMoved: NotMoved[] };
}

/** What a run found out, assembled from its phases' results. */
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
  notMoved: NotMoved[];
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

/** The one place an outcome is made: from what the phases returned; `planned` are the plan's final tags. */
export function outcomeOf(planned: readonly TagTarget[], made: PhaseResults): Outcome {
  return {
    platforms: made.platforms ?? [],
    emulators: made.emulators ?? '',
    builder: made.builder ?? '',
    tags: made.guarded?.push ?? [...planned],
    floatingLeftAlone: made.guarded?.leftAlone ?? [],
    promoted: made.promotion?.promoted ?? [],
    notMoved: made.promotion?.notMoved ?? [],
    pushed: made.pushed ?? false,
    digest: made.image?.digest ?? '',
    imageId: made.image?.imageId ?? '',
    metadata: made.image?.metadata ?? {},
    repository: made.repository ?? '',
    checks: made.checks ?? { results: {}, failures: [] },
    sources: made.sources ?? [],
    ...(made.build ? { build: made.build } : {})
  };
}
