// Pure: the parts every plan has, and the plan as a few lines for the log. planBuild and planMerge
// (build-plan.ts, merge-plan.ts) fill in the rest; the executor (steps/execute.ts) carries it out.
import type { InputError } from '../model/errors.js';
import { loginKindRules, type RegistryLogin, type SkippedLogin } from '../model/login.js';
import type { CheckPlan, JobPlan, Plan } from '../model/plan.js';
import { formatPlatform } from '../model/platforms.js';
import { formatRepository, resolveRegistry, type ImageReference, type TagTarget } from '../model/references.js';
import type { Inputs } from '../model/inputs.js';
import { describeLowercased } from './image-names.js';
import { loginKind, missingInEntry } from './registry-auth.js';
import { checkLoginClash, missingPassword } from './input-rules.js';

/** A registry and repository, as every parsed reference has them. */
type Named = Pick<ImageReference, 'registry' | 'repository'>;

/** The registries of the names, each once, in order. */
export function registriesOf(names: readonly Named[]): string[] {
  return [...new Set(names.map(({ registry }) => registry))];
}

/** The repositories (registry/repository) of the names, each once, in order. */
export function repositoriesOf(names: readonly Named[]): string[] {
  return [...new Set(names.map(({ registry, repository }) => formatRepository({ registry, repository })))];
}

/** What the plan does with the logins: those to make, and those left out for want of their secret. */
export interface PlannedLogins {
  logins: RegistryLogin[];
  skipped: SkippedLogin[];
}

/**
 * The login of registry/username/password (the registry input, else the first tag's registry), if
 * any: with username, or for ECR (ecr: true, or ecr: auto and an ECR host in the registry input)
 * with the AWS SDK's own credentials when username and password are both empty.
 */
function inputLogin(
  inputs: Pick<Inputs, 'registry' | 'username' | 'password' | 'ecr'>,
  targets: readonly TagTarget[]
): RegistryLogin | undefined {
  const registry = resolveRegistry(inputs.registry, targets);
  const kind = loginKind(registry, inputs.ecr);
  // A kind that needs no keys logs in without username when it was asked for: ecr: true, or the registry input.
  const withoutKeys = loginKindRules(kind).keyless && (inputs.ecr === 'true' || inputs.registry !== '');
  if (!inputs.username && !withoutKeys) return undefined;
  return { registry, username: inputs.username, password: inputs.password, ...(kind !== 'password' ? { kind } : {}) };
}

/**
 * Every login of the job: registry/username/password first, then registry-auth's entries; the same
 * registry in both is refused. A login whose password is empty is refused when the run writes to a
 * registry, and left out when it writes nowhere (GitHub gives a fork's or Dependabot's pull request
 * no secrets, and such a run needs a login only for private base images).
 */
export function planLogins(
  inputs: Pick<Inputs, 'registry' | 'username' | 'password' | 'registryAuth' | 'ecr'>,
  targets: readonly TagTarget[],
  writes = true
): PlannedLogins {
  const first = inputLogin(inputs, targets);
  if (first) checkLoginClash(first, inputs.registryAuth);
  const planned: PlannedLogins = { logins: [], skipped: [] };
  const consider = (login: RegistryLogin, secret: string, refuse: () => InputError): void => {
    const noKeys = loginKindRules(login.kind).keyless && login.username === '' && login.password === '';
    if (login.password !== '' || noKeys) planned.logins.push(login);
    else if (writes) throw refuse();
    else planned.skipped.push({ registry: login.registry, secret });
  };
  if (first) consider(first, 'password', missingPassword);
  inputs.registryAuth.forEach((login, index) =>
    consider(login, `password of registry-auth entry ${index + 1}`, () =>
      missingInEntry(index + 1, login, login.username === '' ? 'username' : 'password')
    )
  );
  return planned;
}

/** The job's set-up; `daemon` is undefined when the mode needs no Docker daemon. */
export function planJob(
  inputs: Inputs,
  targets: readonly TagTarget[],
  daemon: string | undefined,
  writes: boolean
): JobPlan {
  const { logins, skipped } = planLogins(inputs, targets, writes);
  const job: JobPlan = {
    cleanup: inputs.cleanup,
    logins,
    loginScope: inputs.loginScope,
    retryAfterMaxMs: inputs.registryRetryAfterMax * 1000
  };
  if (skipped.length > 0) job.skippedLogins = skipped;
  if (!writes) job.writesNothing = true;
  if (daemon !== undefined) job.daemon = daemon;
  if (inputs.buildxVersion)
    job.buildx = {
      version: inputs.buildxVersion,
      ...(inputs.buildxDownloadUrl ? { downloadUrl: inputs.buildxDownloadUrl } : {})
    };
  return job;
}

export function planChecks(inputs: Inputs): CheckPlan {
  const checks: CheckPlan = {
    verify: inputs.verify,
    audit: inputs.archAudit,
    auditIgnore: inputs.archAuditIgnore,
    auditLimits: inputs.archAuditLimits,
    auditCache: inputs.archAuditCache
  };
  if (inputs.smokeTest)
    checks.smoke = {
      command: inputs.smokeTest,
      timeoutSeconds: inputs.smokeTestTimeout,
      isolation: inputs.smokeTestIsolation
    };
  return checks;
}

function describeChecks(plan: Plan): string {
  const { verify, audit, smoke } = plan.checks;
  // Nothing pushed: a build is checked on the runner (platforms, audit, smoke run); a merge reads nothing.
  if (!plan.push && plan.mode === 'merge') return 'none (nothing is pushed)';
  const local = !plan.push && (audit !== 'off' || smoke);
  const names = [
    local ? 'local platforms' : verify && plan.push ? 'verify' : '',
    audit !== 'off' ? `arch-audit (${audit})` : '',
    smoke ? 'smoke test' : ''
  ];
  const listed = names.filter(Boolean).join(', ') || 'none';
  return plan.push ? listed : `${listed} (on the runner; nothing is pushed)`;
}

function describeLogins(plan: Plan): string {
  const made = plan.job.logins.map(({ registry, username, kind }) => loginKindRules(kind).label(registry, username));
  const left = (plan.job.skippedLogins ?? []).map(({ registry }) => `none at ${registry} (its password is empty)`);
  const logins = [...made, ...left].join(', ') || 'none';
  return plan.job.loginScope === 'job'
    ? `${logins} (login-scope: job, later steps use the job's Docker config until the post step)`
    : logins;
}

/** The plan as a few lines for the log; never a secret. */
export function describePlan(plan: Plan): string[] {
  const target = plan.mode === 'build' && plan.digestTarget;
  const lines = [
    `Mode: ${plan.mode}; push: ${plan.push ? 'yes' : 'no'}; event: ${plan.event.eventName || '(none)'}`,
    `Platforms: ${plan.platforms.map(formatPlatform).join(', ')}`,
    `Tags: ${plan.tags.targets.map(({ text }) => text).join(', ') || '(none)'}${plan.tags.floating.length > 0 ? `; floating: ${plan.tags.floating.map(({ tag }) => tag).join(', ')}` : ''}`,
    ...(target ? [`Per-platform target: ${target.repository}, untagged`] : []),
    `Registries: ${plan.registries.join(', ') || '(none)'}; login: ${describeLogins(plan)}`,
    `Checks: ${describeChecks(plan)}`
  ];
  const lowercased = describeLowercased(plan.lowercased);
  if (lowercased) lines.splice(3, 0, lowercased);
  if (plan.mode === 'build') {
    const { builder } = plan;
    const where = `${builder.driver}${builder.endpoint ? ` at ${builder.endpoint}` : ''}`;
    const emulators = builder.emulators.enabled ? `auto (${builder.emulators.image})` : 'off';
    lines.push(`Builder: ${where}; emulators: ${emulators}; base-image check: ${plan.preflight.level}`);
  } else lines.push(`Sources: ${plan.sources.map(({ reference }) => reference).join(', ')}`);
  return lines;
}
