// The checks phase, for either mode: read the pushed image back, audit it, run it when asked.
import * as core from '../seams/runner.js';
import { auditPushedImage, auditVerdicts } from '../checks/audit/arch-audit.js';
import { finalStageBaseOption } from '../checks/audit/final-base.js';
import { smokeContainerNames, smokeTest } from '../checks/smoke.js';
import { verifyLocalIndex, verifyPushedTags } from '../checks/verify.js';
import { errorMessage } from '../model/errors.js';
import type { Release } from './release-run.js';
import type { PlatformAudit } from '../model/checks.js';
import type { CheckReport, Outcome } from '../model/outcome.js';
import type { Plan } from '../model/plan.js';
import { savePostState } from '../seams/state.js';

function recordAudit(plan: Plan, audit: PlatformAudit[], report: CheckReport): void {
  report.audit = audit;
  const verdicts = auditVerdicts(audit, plan.checks.audit === 'error' ? 'error' : 'warn');
  report.failures.push(...verdicts.failures.map((failure) => `architecture audit: ${failure}`));
  for (const warning of verdicts.warnings) core.warning(`Architecture audit: ${warning}`);
  for (const note of verdicts.notes) core.info(note);
}

async function runSmoke({ plan, platforms, job, outcome }: Release, pinned: string): Promise<void> {
  const report = outcome.checks;
  const smoke = plan.checks.smoke;
  if (!smoke) return;
  // Named and saved up front: a step killed mid-run leaves them to the post step.
  savePostState({ smokeContainers: smokeContainerNames(job.name, platforms.length) });
  report.smoke = await smokeTest(pinned, platforms, { ...smoke, jobName: job.name });
  for (const result of report.smoke.filter(({ status }) => status === 'fail')) {
    report.failures.push(
      `smoke test on ${result.platform} exited ${result.exitCode}${result.advice ? `: ${result.advice}` : ''}`
    );
  }
}

/**
 * Reads the image back by its digest from every repository it was pushed to: what the registries
 * serve must be what was built. Before a promotion a difference is a failed check like any other.
 */
async function verify({ plan, outcome, platforms, job }: Release): Promise<void> {
  const pinned = plan.repositories.map((repository) => `${repository}@${outcome.digest}`);
  try {
    await verifyPushedTags(job.session, pinned, platforms, outcome.digest);
  } catch (error) {
    if (!plan.promote) throw error;
    outcome.checks.failures.push(`verification: ${errorMessage(error)}`);
  }
}

function summarise(plan: Plan, outcome: Outcome): string {
  const { audit, smoke, failures } = outcome.checks;
  const parts = [
    !outcome.pushed
      ? 'nothing pushed: platforms verified on the runner'
      : plan.checks.verify
        ? `verified by digest in ${plan.repositories.join(', ')}`
        : 'verify off',
    plan.checks.audit === 'off' ? 'arch-audit off' : `arch-audit ${audit.map((entry) => entry.status).join(', ')}`,
    plan.checks.smoke ? `smoke test ${smoke.map((entry) => entry.status).join(', ')}` : 'smoke test off'
  ];
  return `${parts.join('; ')}${failures.length > 0 ? `; ${failures.length} failed` : ''}`;
}

/** The architecture audit of the image: from the job's OCI layout when it was built here, else from the registry. */
function audit({ plan, outcome, platforms, job, image }: Release): Promise<PlatformAudit[]> {
  if (plan.checks.audit === 'off') return Promise.resolve([]);
  const started = performance.now();
  // Nothing pushed: the image has no repository yet; the name is only for messages.
  const audited = auditPushedImage(`${outcome.repository || 'local-build'}@${outcome.digest}`, platforms, {
    // The job's one registry session: its logins, and the tokens verification already holds.
    registryFor: (host) => job.session.registry(host),
    ...(image.reader || image.layout ? { imageReader: image.reader ?? image.layout } : {}),
    ignore: plan.checks.auditIgnore,
    ...plan.checks.auditLimits,
    shareScans: plan.checks.auditCache !== 'false',
    // A merge has no Dockerfile here: its sources' base layers are scanned whole.
    ...finalStageBaseOption(plan.checks.finalStage)
  });
  // Its own figure: it runs beside the push and verification, so no phase's time is the audit's.
  const done = (): void => core.debug(`timing: Architecture audit ${Math.round(performance.now() - started)} ms`);
  void audited.then(done, done);
  return audited;
}

/**
 * Starts the audit of an image on disk while it is being pushed: it needs no registry. The
 * checks phase collects it; if the push fails first, nobody waits for it.
 */
export function startLocalAudit(release: Release): void {
  if (!release.image.layout || release.audit) return;
  release.audit = audit(release);
  release.audit.catch(() => undefined);
}

/**
 * Reads the pushed image back, audits it, and runs it when asked: the checks that catch multi-arch
 * mistakes before users do. Audit and smoke failures are collected, so the outputs and the summary
 * still say what happened before the step fails.
 */
async function runAll(release: Release): Promise<void> {
  const { plan, outcome } = release;
  const [, audited] = await Promise.all([
    outcome.pushed ? plan.checks.verify && verify(release) : verifyLocal(release),
    release.audit ?? audit(release)
  ]);
  recordAudit(plan, audited, outcome.checks);
  // Nothing pushed: the image the build stored in the daemon under a job-scoped name, if it could.
  const reference = outcome.pushed ? `${outcome.repository}@${outcome.digest}` : release.image.localImage;
  if (reference) await runSmoke(release, reference);
  else if (plan.checks.smoke)
    core.info(
      'Smoke test: skipped: nothing was pushed, and only the docker driver keeps the image it built in the daemon to run'
    );
}

/** A build that pushed nothing: its index, read on the runner, holds exactly the platforms asked for. */
async function verifyLocal({ image, platforms, outcome }: Release): Promise<void> {
  const reader = image.reader ?? image.layout;
  if (!reader) return;
  try {
    await verifyLocalIndex(reader, image.content.top, platforms);
  } catch (error) {
    outcome.checks.failures.push(`verification: ${errorMessage(error)}`);
  }
}

export async function runChecks(release: Release): Promise<string> {
  const { plan, outcome } = release;
  try {
    await runAll(release);
  } catch (error) {
    // A check that could not finish is no pass: before a promotion (or with nothing pushed) it fails like a failure.
    if (plan.push && !plan.promote) throw error;
    outcome.checks.failures.push(`the checks could not finish: ${errorMessage(error)}`);
  }
  return summarise(plan, outcome);
}
