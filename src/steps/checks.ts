// The checks phase, for either mode: read the pushed image back, audit it, run it when asked.
import * as core from '@actions/core';
import { auditPushedImage, auditVerdicts, type PlatformAudit } from '../checks/audit/arch-audit.js';
import { finalStageBaseOption } from '../checks/audit/final-base.js';
import { smokeContainerNames, smokeTest } from '../checks/smoke.js';
import { verifyPushedTags } from '../checks/verify.js';
import type { Platform } from '../planning/platforms.js';
import type { Plan } from '../planning/plan.js';
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

function summarise(plan: Plan, outcome: Outcome): string {
  const { audit, smoke, failures } = outcome.checks;
  const parts = [
    plan.checks.verify ? `verified ${outcome.tags.length} tag(s)` : 'verify off',
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
export async function runChecks(plan: Plan, outcome: Outcome, platforms: Platform[], job: Job): Promise<string> {
  const pinned = `${outcome.repository}@${outcome.digest}`;
  // Both only read the registry; side by side they cost the slower one.
  const [, audit] = await Promise.all([
    plan.checks.verify ? verifyPushedTags(outcome.tags, platforms, outcome.digest) : undefined,
    plan.checks.audit === 'off'
      ? []
      : auditPushedImage(pinned, platforms, {
          dockerConfigDir: job.config.dir,
          ignore: plan.checks.auditIgnore,
          ...plan.inputs.archAuditLimits,
          // A merge has no Dockerfile here: its sources' base layers are scanned whole.
          ...(plan.mode === 'build' ? finalStageBaseOption(plan.inputs) : {})
        })
  ]);
  recordAudit(plan, audit, outcome.checks);
  await runSmoke(plan, pinned, platforms, job, outcome.checks);
  return summarise(plan, outcome);
}
