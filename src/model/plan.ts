// What a run of the action will do, decided before it does anything (planning/), carried out by
// the executor (steps/). Each part is what one phase needs, parsed once: no phase reads the inputs.
import type { OutputSeparators } from './inputs.js';
import type { BuildInputs } from './build.js';
import type { BuilderInputs } from './builder.js';
import type { CacheEntry, CachePlan } from './cache.js';
import type { AuditBounds, CheckLevel, PlatformCheck, SmokeIsolation } from './checks.js';
import type { GitEvent } from './event.js';
import type { KeyValue } from './lists.js';
import type { LoginScope, RegistryLogin, SkippedLogin } from './login.js';
import type { Platform } from './platforms.js';
import type { SourceReference } from './sources.js';
import type { TagPlan } from './tags.js';
import type { Rename } from './references.js';

/** What every mode does first: the job's own Docker config, the pinned buildx, the logins. */
export interface JobPlan {
  /** false keeps the builder after the job (never the credentials). */
  cleanup: boolean;
  /** Every explicit login (registry/username/password, then registry-auth), each registry once. */
  logins: RegistryLogin[];
  /** Logins whose password is empty, left out because the run writes to no registry (said once, as a notice). */
  skippedLogins?: SkippedLogin[];
  /** The run writes to no registry: a login whose secret is missing at run time (no AWS credentials) is left out too. */
  writesNothing?: boolean;
  /** job: later steps get the job's Docker config (DOCKER_CONFIG) until the post step; step: they never see it. */
  loginScope: LoginScope;
  /**
   * The Docker daemon pinged before anything needs it: a unix:// endpoint, or '' for the daemon of
   * the user's own docker CLI. Undefined when the mode needs no daemon (a merge).
   */
  daemon?: string;
  /** A pinned buildx, installed into the job's config first. */
  buildx?: { version: string; downloadUrl?: string };
  /** The longest Retry-After a registry's answer is honoured for, in ms (registry-retry-after-max). */
  retryAfterMaxMs: number;
}

/** The Dockerfile of a local context, for the checks that read it before or after the build. */
export interface DockerfileSource {
  /** The Dockerfile's path. */
  path: string;
  /** Its text, read once before planning (steps/gather.ts); undefined when it could not be read. */
  text?: string;
  buildArgs: KeyValue[];
  /** The stage built; empty for the last one. */
  target: string;
  /** Named contexts that replace a FROM image. */
  buildContexts: KeyValue[];
}

/** The files a plan needs, read once before planning: planning itself reads no file for them. */
export interface Gathered {
  /** The Dockerfile of a local build context. */
  dockerfile?: string;
}

/** The base-image preflight: which platforms every FROM image offers, before any build. */
export interface PreflightPlan {
  level: PlatformCheck;
  /** Undefined for a remote context: there is no Dockerfile here to read. */
  dockerfile?: DockerfileSource;
  /** Logins left out for want of their secret: a base image on their registry that cannot be read fails the check. */
  skippedLogins?: SkippedLogin[];
}

export interface CheckPlan {
  /** Read the image back by digest from every repository, and every tag after the promotion. */
  verify: boolean;
  audit: CheckLevel;
  auditIgnore: string[];
  auditLimits: AuditBounds;
  /** auto shares the audit's layer scans between runners through the GitHub Actions cache. */
  auditCache?: 'auto' | 'false';
  smoke?: { command: string; timeoutSeconds: number; isolation?: SmokeIsolation };
  /** The Dockerfile whose final stage's base layers the audit skips (build mode, local context). */
  finalStage?: DockerfileSource;
}

export interface EmulatorPlan {
  enabled: boolean;
  image: string;
}

/** The builder: which BuildKit, and what driver: auto decides from (with `docker info`). */
export interface BuilderPlan extends BuilderInputs {
  load: boolean;
  /** The type= of every cache-to entry. */
  cacheToTypes: string[];
  emulators: EmulatorPlan;
}

/** What `buildx build` is given besides the platforms, tags, labels and annotations. */
export interface BuildSpec extends BuildInputs {
  context: string;
  file: string;
  buildArgs: KeyValue[];
  /** id → value, handed to buildx through the environment. */
  secrets: KeyValue[];
  target: string;
  network: string;
  cacheFrom: CacheEntry[];
  cacheTo: CacheEntry[];
  provenance: string;
  noCache: boolean;
  pull: boolean;
  load: boolean;
}

/** Where a per-platform matrix job pushes its one platform, untagged, for a later merge. */
export interface PerPlatformTarget {
  repository: string;
}

interface CommonPlan {
  event: GitEvent;
  job: JobPlan;
  /** Whether anything leaves the runner: off for pull requests under push: auto. */
  push: boolean;
  /**
   * Quarantine: the image goes out untagged, by digest, is checked there, and the final tags move
   * to it only when every check passed.
   */
  promote: boolean;
  /** Every registry the run writes to or reads from, in the order the tags name them. */
  registries: string[];
  /** Every repository (registry/repository) the image is pushed to by digest, before any tag moves. */
  repositories: string[];
  /** The final tags, with the floating ones the guard keeps from moving backwards. */
  tags: TagPlan;
  labels: KeyValue[];
  annotations: KeyValue[];
  /** sep-tags, sep-labels, sep-annotations: how the outputs join their lines (newlines when absent). */
  outputSeparators?: OutputSeparators;
  /** The requested platforms; the base-image preflight may trim them when told to. */
  platforms: Platform[];
  /** Run only against a pushed image; none of them runs without a push. */
  checks: CheckPlan;
  /** Said once, as warnings, while planning. */
  warnings: string[];
  /** Image names given with capitals and used lowercased (image and full references in tags), said once in the plan. */
  lowercased: Rename[];
}

export interface BuildModePlan extends CommonPlan {
  mode: 'build';
  native: Platform;
  preflight: PreflightPlan;
  builder: BuilderPlan;
  build: BuildSpec;
  /** The cache input's layout: a gha scope or a registry tag per platform. */
  cache: CachePlan;
  /** Set with push-by-digest: where this job's single platform goes instead of the tags. */
  digestTarget?: PerPlatformTarget;
}

export interface MergeModePlan extends CommonPlan {
  mode: 'merge';
  sources: SourceReference[];
}

export type Plan = BuildModePlan | MergeModePlan;
