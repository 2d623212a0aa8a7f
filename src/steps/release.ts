// Push by digest, check, promote: the phases both modes end with. The image goes to every target
// repository untagged, is checked there (and on disk), and the final tags move to it in one burst
// only when every check passed. No other tag is ever written.
import * as core from '../seams/runner.js';
import { verifyPushedTags } from '../checks/verify.js';
import { moveTags } from '../registry/promote.js';
import { targetTexts } from '../model/references.js';
import { PushRefused, pushByDigest, type RepositoryPush } from '../registry/push.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { isRateLimit, isTransientFailure } from '../seams/retry-policy.js';
import { runChecks, startRunnerChecks, type StartedChecks } from './check-phase.js';
import type { Release } from './release-run.js';
import type { NotMoved, Outcome } from '../model/outcome.js';
import type { Plan } from '../model/plan.js';
import { PartlyDone, type PhaseDone, type PhaseRun } from './phase.js';

/** The push phase: the image into every repository by digest; the checks that read it on disk start meanwhile. */
async function pushImage(release: Release): Promise<PhaseDone & { started: StartedChecks }> {
  const { plan, image, digest } = release;
  const repositories = plan.repositories;
  const what = plan.promote ? 'untagged; no tag moves before the checks pass' : 'untagged';
  // BuildKit pushed it by digest itself, into these repositories: nothing is left to send.
  if (image.pushedBy === 'buildkit')
    return {
      line: `${digest} is in ${repositories.join(', ')} by digest, pushed by BuildKit (${what})`,
      made: { pushed: true },
      started: startRunnerChecks(release)
    };
  const pushing = pushOf(release);
  // Handled below, after the wait: a push refused at once is no unhandled rejection meanwhile.
  pushing.catch(() => undefined);
  // Once the push's first requests are on their way: the checks' reading and parsing takes the thread.
  const started = await new Promise<StartedChecks>((resolve) =>
    setImmediate(() => resolve(startRunnerChecks(release)))
  );
  try {
    const { pushed, begun, atExport } = await pushing;
    const sum = (key: 'uploaded' | 'mounted' | 'present' | 'bytes'): number =>
      pushed.reduce((total, entry) => total + entry[key], 0);
    const when = atExport ? ' (started once the export was done, before buildx exited)' : '';
    core.info(
      `Pushed by digest in ${Math.round(performance.now() - begun)} ms: ${sum('uploaded')} blob(s) uploaded (${sum('bytes')} bytes), ` +
        `${sum('mounted')} mounted, ${sum('present')} already there, into ${pushed.map(({ repository }) => repository).join(', ')}${when}`
    );
  } catch (error) {
    if (!(error instanceof PushRefused)) throw error;
    throw new ActionError(`${error.message}\nNo tag was changed anywhere.`, pushAdvice(error.message));
  }
  return { line: `${digest} is in ${repositories.join(', ')} by digest (${what})`, made: { pushed: true }, started };
}

/** The push by digest: the one started at the export when it could read the image, else one now; and when it began. */
async function pushOf({
  plan,
  job,
  image,
  pushing
}: Release): Promise<{ pushed: RepositoryPush[]; begun: number; atExport: boolean }> {
  const early = await pushing?.pushing;
  if (early && pushing) return { pushed: early, begun: pushing.begun, atExport: true };
  const begun = performance.now();
  return { pushed: await pushByDigest(job.session, image.content, plan.repositories), begun, atExport: false };
}

/** What to do about a push that failed: a rate limit and a flaky registry are not a login that may not push. */
function pushAdvice(message: string): string {
  if (isRateLimit(message))
    return 'the registry rate-limited the push (HTTP 429) through every retry: run again later, log in (anonymous limits are lower), or raise registry-retry-after-max.';
  if (isTransientFailure(message))
    return 'the registry kept failing (5xx, resets or timeouts) through every retry: run the step again; the blobs already pushed stay there.';
  return 'check that the login may push to every repository the tags name (a token scoped to one repository or namespace cannot push to another).';
}

/** Moves every final tag at once; a tag a registry still refuses is listed with those that moved. */
async function promote({ plan, job, image, platforms, digest, tags }: Release): Promise<PhaseDone> {
  const started = performance.now();
  const { moved, failed } = await moveTags(job.session, image.content.top, tags);
  const notMoved: NotMoved[] = failed.map(({ reference, reason }) => ({
    reference,
    reason: `the registry refused it: ${reason}`
  }));
  const made = { promotion: { promoted: moved, notMoved } };
  core.info(`Moved ${moved.length} of ${tags.length} tag(s) in ${Math.round(performance.now() - started)} ms.`);
  if (failed.length > 0)
    throw new PartlyDone(
      new ActionError(
        [
          `Promotion stopped part-way: ${moved.length} of ${tags.length} tag(s) now point at ${digest}.`,
          `Moved: ${targetTexts(moved).join(', ') || '(none)'}`,
          `Not moved:`,
          ...failed.map(({ reference, reason }) => `- ${reference}: ${reason}`)
        ].join('\n'),
        'the image was in every repository before the first tag moved, so running the step again moves the rest to the same digest.'
      ),
      made
    );
  if (plan.checks.verify)
    await verifyPushedTags(job.session, moved, platforms, digest).catch((error: unknown) => {
      throw new PartlyDone(
        new ActionError(
          `The release is out: ${targetTexts(moved).join(', ')} now point at ${digest}. What failed after it: ${errorMessage(error)}`
        ),
        made
      );
    });
  return { line: `${targetTexts(moved).join(', ') || 'no tag'} now at ${digest}`, made };
}

/** The promotion phase: every check passed, so the final tags move; otherwise none does. */
function promotePhase(release: Release, failures: readonly string[]): Promise<PhaseDone> {
  if (failures.length === 0) return promote(release);
  const notMoved = release.tags.map(({ text }) => ({ reference: text, reason: 'the image failed its checks' }));
  return Promise.resolve({
    line: `no tag moved: ${failures.length} check(s) failed`,
    made: { promotion: { promoted: [], notMoved } }
  });
}

/**
 * Push, Checks and Promote, for the image the mode's phases made (none when there is nothing to
 * push). A build that pushes nothing is checked on the runner, from what it built.
 */
export async function releasePhases(run: PhaseRun, plan: Plan, release: Release | undefined): Promise<void> {
  const pushed =
    plan.push && release
      ? await run.phase('Push', () => pushImage(release))
      : run.skip('Push', plan.push ? 'no image to push' : 'push is off');
  const checked = release && (pushed || !plan.push) ? release : undefined;
  const checks = checked
    ? await run.phase('Checks', () => runChecks(checked, { pushed: pushed !== undefined, started: pushed?.started }))
    : run.skip('Checks', plan.mode === 'build' && !plan.push ? 'no check reads the image' : 'nothing was pushed');
  if (plan.promote && pushed && checks && release)
    await run.phase('Promote', () => promotePhase(release, checks.made.checks.failures));
  else run.skip('Promote', 'no tag to move');
}

/** The step's error when a check failed: what failed, the rejected image, and that no tag moved. */
export function checkFailure(plan: Plan, outcome: Outcome): string {
  const failures = `- ${outcome.checks.failures.join('\n- ')}`;
  if (!outcome.pushed) return `The image failed its checks (checked on the runner; nothing was pushed):\n${failures}`;
  if (!plan.promote) return `The pushed image failed its checks:\n${failures}`;
  return [
    `The image failed its checks, so no tag was changed:`,
    failures,
    `Rejected image: ${outcome.repository}@${outcome.digest} (pushed untagged, by digest); pull it by digest to inspect it.`,
    `Tags held back: ${outcome.notMoved.map(({ reference }) => reference).join(', ') || '(none)'}`
  ].join('\n');
}
