// The checks phase, for either mode: every registered check of the image (checks/registered.ts),
// the reading ones side by side, then those that run the image, one at a time.
import * as core from '../seams/runner.js';
import type { CheckSubject, ImageCheck } from '../checks/image-check.js';
import { imageChecks } from '../checks/registered.js';
import { errorMessage } from '../model/errors.js';
import type { CheckResult } from '../model/checks.js';
import type { CheckReport } from '../model/outcome.js';
import type { Release } from './release-run.js';

/** Checks started on the image on the runner while it is pushed: the checks phase collects them. */
export type StartedChecks = Map<ImageCheck, Promise<CheckResult>>;

/** What the checks read: the release's image, pushed or on the runner. */
function checkSubject(
  { plan, job, image, platforms, digest, repository, scansRestore }: Release,
  pushed: boolean
): CheckSubject {
  const onRunner = image.layout;
  return {
    plan,
    session: job.session,
    jobName: job.name,
    platforms,
    digest,
    repository,
    pushed,
    top: image.content.top,
    ...(onRunner ? { onRunner } : {}),
    ...(image.localImage ? { localImage: image.localImage } : {}),
    ...(scansRestore ? { scansRestore } : {})
  };
}

/**
 * Starts the checks that read only the image on disk while it is being pushed: they need no
 * registry. The checks phase collects them; if the push fails first, nobody waits for them.
 */
export function startRunnerChecks(release: Release): StartedChecks {
  const started: StartedChecks = new Map();
  if (!release.image.layout) return started;
  const subject = checkSubject(release, false);
  for (const check of imageChecks.filter((entry) => entry.readsRunnerCopy && entry.runs(subject))) {
    const running = check.run(subject);
    running.catch(() => undefined);
    started.set(check, running);
  }
  return started;
}

/** Adds a check's result to the report: its failures, and what it has to say. */
function record(report: CheckReport, check: ImageCheck, result: CheckResult): void {
  report.results[check.name] = result;
  report.failures.push(...result.failures);
  for (const warning of result.warnings ?? []) core.warning(warning);
  for (const note of result.notes ?? []) core.info(note);
}

/**
 * The reading checks side by side (each result recorded in the registry's order, whatever finished
 * first), then the ones that run the image, in turn. Throws the first check that could not finish,
 * once the others of its kind did; the report keeps what finished.
 */
async function runAll(subject: CheckSubject, started: StartedChecks, report: CheckReport): Promise<void> {
  const wanted = imageChecks.filter((check) => check.runs(subject));
  const reading = wanted.filter((check) => check.kind === 'reads');
  const settled = await Promise.allSettled(reading.map((check) => started.get(check) ?? check.run(subject)));
  let failure: { error: unknown } | undefined;
  for (const [index, check] of reading.entries()) {
    const outcome = settled[index];
    if (outcome?.status === 'fulfilled') record(report, check, outcome.value);
    else failure ??= { error: outcome?.reason };
  }
  if (failure) throw failure.error;
  for (const check of wanted.filter((entry) => entry.kind === 'runs-image'))
    record(report, check, await check.run(subject));
}

/** The phase's line: each check's part, and how many failed. */
function summarise(subject: CheckSubject, report: CheckReport): string {
  const parts = imageChecks.map((check) => check.describe(subject, report.results[check.name]));
  const { failures } = report;
  return `${parts.join('; ')}${failures.length > 0 ? `; ${failures.length} failed` : ''}`;
}

/**
 * Reads the image back, audits it, runs it when asked: the checks that catch multi-arch mistakes
 * before users do. Failures are collected, so the outputs and the summary still say what happened
 * before the step fails.
 */
export async function runChecks(
  release: Release,
  { pushed, started }: { pushed: boolean; started?: StartedChecks | undefined }
): Promise<{ line: string; made: { checks: CheckReport } }> {
  const { plan } = release;
  const subject = checkSubject(release, pushed);
  const report: CheckReport = { results: {}, failures: [] };
  try {
    await runAll(subject, started ?? new Map<ImageCheck, Promise<CheckResult>>(), report);
  } catch (error) {
    // A check that could not finish is no pass: before a promotion (or with nothing pushed) it fails like a failure.
    if (plan.push && !plan.promote) throw error;
    report.failures.push(`the checks could not finish: ${errorMessage(error)}`);
  }
  return { line: summarise(subject, report), made: { checks: report } };
}
