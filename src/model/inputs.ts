// Every input of the action, parsed and validated (planning/parse-inputs.ts): the raw material of a plan.
import type { BuildInputs } from './build.js';
import type { BuilderInputs } from './builder.js';
import type { CacheEntry, CacheMode } from './cache.js';
import type { AuditBounds, CheckLevel, PlatformCheck, SmokeIsolation } from './checks.js';
import type { KeyValue } from './lists.js';
import type { EcrMode, LoginScope, RegistryLogin } from './login.js';
import type { Platform } from './platforms.js';
import type { ImageReference, Rename } from './references.js';
import type { SourceReference } from './sources.js';
import type { Flavor, TagEntry } from './tags.js';

export interface OutputSeparators {
  tags: string;
  labels: string;
  annotations: string;
}

export type PushMode = 'auto' | 'true' | 'false';
export type Mode = 'build' | 'merge';

/** Every input, parsed and validated: nothing downstream re-reads or re-checks raw strings. */
export interface Inputs extends BuildInputs, BuilderInputs {
  mode: Mode;
  context: string;
  file: string;
  platforms: Platform[];
  /** Complete references (registry/repository:tag), bare tags, templates and rule lines, parsed. */
  tags: TagEntry[];
  /** metadata-action's flavor, for the rule lines (type=…) in tags. */
  flavor: Flavor;
  images: ImageReference[];
  push: PushMode;
  /** One platform per job, pushed untagged, by digest, for a later merge. */
  pushByDigest: boolean;
  load: boolean;
  buildArgs: KeyValue[];
  labels: KeyValue[];
  annotations: KeyValue[];
  /** DOCKER_METADATA_ANNOTATIONS_LEVELS: where the generated annotations go; empty for the index. */
  annotationLevels: string[];
  /** DOCKER_METADATA_PR_HEAD_SHA: a pull request's tags and labels use its head commit, not GitHub's merge commit. */
  prHeadSha: boolean;
  /** DOCKER_METADATA_SHORT_SHA_LENGTH: hex digits of a short SHA; undefined for the default (7). */
  shortShaLength?: number;
  /** metadata-action's sep-tags, sep-labels and sep-annotations: how the outputs join their lines. */
  outputSeparators: OutputSeparators;
  /** metadata-action's context input: the ref and commit from the workflow's event or the local checkout. */
  metadataContext: 'workflow' | 'git';
  secrets: KeyValue[];
  target: string;
  network: string;
  cacheFrom: CacheEntry[];
  cacheTo: CacheEntry[];
  /** The cache input: a cache per image and platform (gha or registry), auto, or off. */
  cache: CacheMode;
  provenance: string;
  noCache: boolean;
  pull: boolean;
  registry: string;
  username: string;
  password: string;
  /** login-action's ecr, for registry/username/password. */
  ecr: EcrMode;
  /** More logins, in docker/login-action's registry-auth format. */
  registryAuth: RegistryLogin[];
  /** Whether later steps of the job see the logins (job) or only this step (step). */
  loginScope: LoginScope;
  /** Names the image input gave in capitals, as written and as used (lowercased, as metadata-action does). */
  lowercasedImages: Rename[];
  qemu: 'auto' | 'false';
  qemuImage: string;
  cleanup: boolean;
  buildxVersion: string;
  buildxDownloadUrl: string;
  platformCheck: PlatformCheck;
  verify: boolean;
  archAudit: CheckLevel;
  archAuditIgnore: string[];
  archAuditLimits: AuditBounds;
  /** arch-audit-cache: share layer scans between runners through the GitHub Actions cache. */
  archAuditCache: 'auto' | 'false';
  smokeTest: string;
  smokeTestTimeout: number;
  /** registry-retry-after-max: the longest Retry-After honoured, in seconds. */
  registryRetryAfterMax: number;
  /** smoke-test-flags: the smoke run's bounds, loosened where the user said so. */
  smokeTestIsolation: SmokeIsolation;
  /** The per-platform images a merge joins; empty in build mode. */
  sources: SourceReference[];
}

export type InputReader = (name: string) => string;
