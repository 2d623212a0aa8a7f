// Pure: the parts every plan has, and the plan as a few lines for the log. planBuild and planMerge
// (build-plan.ts, merge-plan.ts) fill in the rest; the executor (steps/execute.ts) carries it out.
import { InputError } from '../model/errors.js';
import type { RegistryLogin } from '../model/login.js';
import type { CheckPlan, JobPlan, Plan } from '../model/plan.js';
import { formatPlatform } from '../model/platforms.js';
import { canonicalRegistry, formatRepository, parseImageReference, resolveRegistry } from '../model/references.js';
import type { Inputs } from '../model/inputs.js';
import { describeLowercased } from './image-names.js';

export function registriesOf(references: readonly string[]): string[] {
  return [...new Set(references.map((reference) => parseImageReference(reference.replace(/@.*$/, '')).registry))];
}

/** The repositories (registry/repository) of the references, each once, in order. */
export function repositoriesOf(references: readonly string[]): string[] {
  return [
    ...new Set(references.map((reference) => formatRepository(parseImageReference(reference.replace(/@.*$/, '')))))
  ];
}

/**
 * Every login of the job: registry/username/password first (the registry input, else the first
 * tag's registry), then registry-auth's entries; the same registry in both is refused.
 */
export function planLogins(
  inputs: Pick<Inputs, 'registry' | 'username' | 'password' | 'registryAuth'>,
  references: readonly string[]
): RegistryLogin[] {
  if (!inputs.username) return inputs.registryAuth;
  const registry = resolveRegistry(inputs.registry, references);
  const clash = inputs.registryAuth.findIndex(
    (entry) => canonicalRegistry(entry.registry) === canonicalRegistry(registry)
  );
  if (clash >= 0)
    throw new InputError(
      'registry-auth',
      `<entry ${clash + 1}, registry ${registry}>`,
      'each registry once, in registry-auth or in registry/username/password',
      `username/password already log in to ${registry}`
    );
  return [{ registry, username: inputs.username, password: inputs.password }, ...inputs.registryAuth];
}

/** The job's set-up; `daemon` is undefined when the mode needs no Docker daemon. */
export function planJob(inputs: Inputs, references: readonly string[], daemon: string | undefined): JobPlan {
  const job: JobPlan = {
    cleanup: inputs.cleanup,
    logins: planLogins(inputs, references),
    loginScope: inputs.loginScope
  };
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
    auditLimits: inputs.archAuditLimits
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
  if (!plan.push) return 'none (nothing is pushed)';
  const { verify, audit, smoke } = plan.checks;
  const names = [verify ? 'verify' : '', audit !== 'off' ? `arch-audit (${audit})` : '', smoke ? 'smoke test' : ''];
  return names.filter(Boolean).join(', ') || 'none';
}

function describeLogins(plan: Plan): string {
  const logins = plan.job.logins.map(({ registry, username }) => `${username} at ${registry}`).join(', ') || 'none';
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
    `Tags: ${plan.tags.references.join(', ') || '(none)'}${plan.tags.floating.length > 0 ? `; floating: ${plan.tags.floating.map(({ tag }) => tag).join(', ')}` : ''}`,
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
