// Pure: what a run of the action will do, decided before it does anything. planBuild and planMerge
// (build-plan.ts, merge-plan.ts) fill it in; the executor (steps/execute.ts) carries it out.
import type { DriverChoice } from './builder-inputs.js';
import type { CheckLevel, Inputs } from './inputs.js';
import type { KeyValue } from './lists.js';
import { formatPlatform, type Platform } from './platforms.js';
import { resolveRegistry } from '../registry/login.js';
import { formatRepository, loginServer, parseImageReference } from './references.js';
import type { GitEvent, TagPlan } from './release-tags.js';
import type { SourceReference } from './sources.js';

export interface RegistryLogin {
  registry: string;
  /** The host docker login talks to (index.docker.io's alias for Docker Hub). */
  server: string;
  username: string;
}

export interface CheckPlan {
  /** Read every tag back and compare platforms and digest. */
  verify: boolean;
  audit: CheckLevel;
  auditIgnore: string[];
  smoke?: { command: string; timeoutSeconds: number };
}

export interface BuilderPlan {
  /** auto is decided from `docker info` when the builder phase runs. */
  driver: DriverChoice;
  endpoint: string;
  /** The daemon is pinged before anything else needs it. */
  checkDaemon: boolean;
}

export interface EmulatorPlan {
  enabled: boolean;
  image: string;
}

/** Where a per-platform matrix job pushes its one platform, untagged, for a later merge. */
export interface PerPlatformTarget {
  repository: string;
}

interface CommonPlan {
  inputs: Inputs;
  event: GitEvent;
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
  login?: RegistryLogin;
  /** The final tags, with the floating ones the guard keeps from moving backwards. */
  tags: TagPlan;
  labels: KeyValue[];
  annotations: KeyValue[];
  /** The requested platforms; the base-image preflight may trim them when told to. */
  platforms: Platform[];
  /** Run only against a pushed image; none of them runs without a push. */
  checks: CheckPlan;
  /** Values to mask before the first log line. */
  secrets: string[];
  /** Said once, as warnings, while planning. */
  warnings: string[];
}

export interface BuildModePlan extends CommonPlan {
  mode: 'build';
  native: Platform;
  builder: BuilderPlan;
  emulators: EmulatorPlan;
  /** Set with push-by-digest: where this job's single platform goes instead of the tags. */
  digestTarget?: PerPlatformTarget;
}

export interface MergeModePlan extends CommonPlan {
  mode: 'merge';
  sources: SourceReference[];
}

export type Plan = BuildModePlan | MergeModePlan;

export function planLogin(
  inputs: Pick<Inputs, 'registry' | 'username'>,
  references: readonly string[]
): RegistryLogin | undefined {
  if (!inputs.username) return undefined;
  const registry = resolveRegistry(inputs.registry, references);
  return { registry, server: loginServer(registry), username: inputs.username };
}

export function registriesOf(references: readonly string[]): string[] {
  return [...new Set(references.map((reference) => parseImageReference(reference.replace(/@.*$/, '')).registry))];
}

/** The repositories (registry/repository) of the references, each once, in order. */
export function repositoriesOf(references: readonly string[]): string[] {
  return [
    ...new Set(references.map((reference) => formatRepository(parseImageReference(reference.replace(/@.*$/, '')))))
  ];
}

export function planChecks(inputs: Inputs): CheckPlan {
  const checks: CheckPlan = { verify: inputs.verify, audit: inputs.archAudit, auditIgnore: inputs.archAuditIgnore };
  if (inputs.smokeTest) checks.smoke = { command: inputs.smokeTest, timeoutSeconds: inputs.smokeTestTimeout };
  return checks;
}

export function secretsOf(inputs: Pick<Inputs, 'password' | 'secrets'>): string[] {
  return [inputs.password, ...inputs.secrets.map(({ value }) => value)].filter((value) => value !== '');
}

function describeChecks(plan: Plan): string {
  if (!plan.push) return 'none (nothing is pushed)';
  const { verify, audit, smoke } = plan.checks;
  const names = [verify ? 'verify' : '', audit !== 'off' ? `arch-audit (${audit})` : '', smoke ? 'smoke test' : ''];
  return names.filter(Boolean).join(', ') || 'none';
}

/** The plan as a few lines for the log; never a secret. */
export function describePlan(plan: Plan): string[] {
  const target = plan.mode === 'build' && plan.digestTarget;
  const lines = [
    `Mode: ${plan.mode}; push: ${plan.push ? 'yes' : 'no'}; event: ${plan.event.eventName || '(none)'}`,
    `Platforms: ${plan.platforms.map(formatPlatform).join(', ')}`,
    `Tags: ${plan.tags.references.join(', ') || '(none)'}${plan.tags.floating.length > 0 ? `; floating: ${plan.tags.floating.map(({ tag }) => tag).join(', ')}` : ''}`,
    ...(target ? [`Per-platform target: ${target.repository}, untagged`] : []),
    `Registries: ${plan.registries.join(', ') || '(none)'}; login: ${plan.login ? `${plan.login.username} at ${plan.login.server}` : 'none'}`,
    `Checks: ${describeChecks(plan)}`
  ];
  if (plan.mode === 'build') {
    const builder = `${plan.builder.driver}${plan.builder.endpoint ? ` at ${plan.builder.endpoint}` : ''}`;
    lines.push(`Builder: ${builder}; emulators: ${plan.emulators.enabled ? `auto (${plan.emulators.image})` : 'off'}`);
  } else lines.push(`Sources: ${plan.sources.map(({ reference }) => reference).join(', ')}`);
  return lines;
}
