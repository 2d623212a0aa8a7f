// The checks phase, for either mode: read the pushed image back, audit it, run it when asked.
import * as core from '@actions/core';
import { auditPushedImage, auditVerdicts, type PlatformAudit } from '../checks/audit/arch-audit.js';
import { finalStageBaseOption } from '../checks/audit/final-base.js';
import { smokeContainerNames, smokeTest } from '../checks/smoke.js';
import { verifyPushedTags } from '../checks/verify.js';
import type { Platform } from '../planning/platforms.js';
import type { Plan } from '../planning/plan.js';
import { errorMessage } from '../seams/errors.js';
import type { Job } from './job.js';
import { savePostState, type CheckReport, type Outcome } from './outputs.js';

function recordAudit(plan: Plan, audit: PlatformAudit[], report: CheckReport): void {
  report.audit = audit;
  const verdicts = auditVerdicts(audit, plan.checks.audit === 'error' ? 'error' : 'warn');
  report.failures.push(...verdicts.failures.map((failure) => `architecture audit: ${failure}`));
  for (const warning of verdicts.warnings) core.warning(`Architecture audit: ${warning}`);
  for (const note of verdicts.notes) core.info(note);
}

async function runSmoke(plan: Plan, pinned: string, platforms: Platform[], job: Job, report: CheckReport) {
  const smoke = plan.checks.smoke;
  if (!smoke) return;
  // Named and saved up front: a step killed mid-run leaves them to the post step.
  savePostState({ smokeContainers: smokeContainerNames(job.name, platforms.length) });
  report.smoke = await smokeTest(pinned, platforms, smoke.command, smoke.timeoutSeconds, job.name);
  for (const result of report.smoke.filter(({ status }) => status === 'fail')) {
    report.failures.push(
      `smoke test on ${result.platform} exited ${result.exitCode}${result.advice ? `: ${result.advice}` : ''}`
    );
  }
}

/**
 * Before a promotion the image is read back by its digest, and a difference is a failed check like
 * any other; without one (a per-platform job) the pushed tags are read back and a difference fails at once.
 */
async function verify(plan: Plan, outcome: Outcome, platforms: Platform[], job: Job): Promise<void> {
  if (!plan.promote) return verifyPushedTags(job.session, outcome.tags, platforms, outcome.digest);
  try {
    await verifyPushedTags(job.session, [`${outcome.repository}@${outcome.digest}`], platforms, outcome.digest);
  } catch (error) {
    outcome.checks.failures.push(`verification: ${errorMessage(error)}`);
  }
}

function summarise(plan: Plan, outcome: Outcome): string {
  const { audit, smoke, failures } = outcome.checks;
  const parts = [
    plan.checks.verify
      ? plan.promote
        ? 'verified by digest'
        : `verified ${outcome.tags.length} tag(s)`
      : 'verify off',
    plan.checks.audit === 'off' ? 'arch-audit off' : `arch-audit ${audit.map((entry) => entry.status).join(', ')}`,
    plan.checks.smoke ? `smoke test ${smoke.map((entry) => entry.status).join(', ')}` : 'smoke test off'
  ];
  return `${parts.join('; ')}${failures.length > 0 ? `; ${failures.length} failed` : ''}`;
}

/**
 * Reads the pushed image back, and runs it when asked: the checks that catch multi-arch mistakes
 * before users do. Verification throws at once; audit and smoke failures are collected, so the
 * outputs and the summary still say what happened before the step fails.
 */
async function runAll(plan: Plan, outcome: Outcome, platforms: Platform[], job: Job): Promise<void> {
  const pinned = `${outcome.repository}@${outcome.digest}`;
  // Both only read the registry; side by side they cost the slower one.
  const [, audit] = await Promise.all([
    plan.checks.verify ? verify(plan, outcome, platforms, job) : undefined,
    plan.checks.audit === 'off'
      ? []
      : auditPushedImage(pinned, platforms, {
          // The job's one registry session: its logins, and the tokens verification already holds.
          registryFor: (host) => job.session.registry(host),
          ignore: plan.checks.auditIgnore,
          ...plan.inputs.archAuditLimits,
          // A merge has no Dockerfile here: its sources' base layers are scanned whole.
          ...(plan.mode === 'build' ? finalStageBaseOption(plan.inputs) : {})
        })
  ]);
  recordAudit(plan, audit, outcome.checks);
  await runSmoke(plan, pinned, platforms, job, outcome.checks);
}

export async function runChecks(plan: Plan, outcome: Outcome, platforms: Platform[], job: Job): Promise<string> {
  try {
    await runAll(plan, outcome, platforms, job);
  } catch (error) {
    // A check that could not finish is no pass: before a promotion it holds the tags back like a failure.
    if (!plan.promote) throw error;
    outcome.checks.failures.push(`the checks could not finish: ${errorMessage(error)}`);
  }
  return summarise(plan, outcome);
}
