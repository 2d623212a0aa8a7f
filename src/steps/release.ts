// Push by digest, check, promote: the phases both modes end with. The image goes to every target
// repository untagged, is checked there (and on disk), and the final tags move to it in one burst
// only when every check passed. No other tag is ever written.
import * as core from '../seams/runner.js';
import { verifyPushedTags } from '../checks/verify.js';
import { moveTags } from '../registry/promote.js';
import { targetTexts } from '../model/references.js';
import { PushRefused, pushByDigest } from '../registry/push.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { isRateLimit, isTransientFailure } from '../seams/retry-policy.js';
import { runChecks, startLocalAudit } from './check-phase.js';
import type { Release } from './release-run.js';
import type { Outcome } from '../model/outcome.js';
import type { Plan } from '../model/plan.js';
import type { Phase } from './phase.js';

async function pushImage(release: Release): Promise<string> {
  const { plan, job, outcome, image } = release;
  const repositories = plan.repositories;
  startLocalAudit(release);
  const started = performance.now();
  try {
    const pushed = await pushByDigest(job.session, image.content, repositories);
    const sum = (key: 'uploaded' | 'mounted' | 'present' | 'bytes'): number =>
      pushed.reduce((total, entry) => total + entry[key], 0);
    core.info(
      `Pushed by digest in ${Math.round(performance.now() - started)} ms: ${sum('uploaded')} blob(s) uploaded (${sum('bytes')} bytes), ` +
        `${sum('mounted')} mounted, ${sum('present')} already there, into ${pushed.map(({ repository }) => repository).join(', ')}`
    );
  } catch (error) {
    if (!(error instanceof PushRefused)) throw error;
    throw new ActionError(`${error.message}\nNo tag was changed anywhere.`, pushAdvice(error.message));
  }
  outcome.pushed = true;
  const what = plan.promote ? 'untagged; no tag moves before the checks pass' : 'untagged';
  return `${outcome.digest} is in ${repositories.join(', ')} by digest (${what})`;
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
async function promote({ plan, job, outcome, image, platforms }: Release): Promise<string> {
  const started = performance.now();
  const { moved, failed } = await moveTags(job.session, image.content.top, outcome.tags);
  outcome.promoted = moved;
  outcome.notMoved = failed.map(({ reference, reason }) => ({
    reference,
    reason: `the registry refused it: ${reason}`
  }));
  core.info(`Moved ${moved.length} of ${outcome.tags.length} tag(s) in ${Math.round(performance.now() - started)} ms.`);
  if (failed.length > 0)
    throw new ActionError(
      [
        `Promotion stopped part-way: ${moved.length} of ${outcome.tags.length} tag(s) now point at ${outcome.digest}.`,
        `Moved: ${targetTexts(moved).join(', ') || '(none)'}`,
        `Not moved:`,
        ...failed.map(({ reference, reason }) => `- ${reference}: ${reason}`)
      ].join('\n'),
      'the image was in every repository before the first tag moved, so running the step again moves the rest to the same digest.'
    );
  if (plan.checks.verify)
    await verifyPushedTags(job.session, moved, platforms, outcome.digest).catch((error: unknown) => {
      throw new ActionError(
        `The release is out: ${targetTexts(moved).join(', ')} now point at ${outcome.digest}. What failed after it: ${errorMessage(error)}`
      );
    });
  return `${targetTexts(moved).join(', ') || 'no tag'} now at ${outcome.digest}`;
}

/** The promotion phase: every check passed, so the final tags move; otherwise none does. */
function promotePhase(release: Release): Promise<string> {
  const { outcome } = release;
  const failed = outcome.checks.failures.length;
  if (failed === 0) return promote(release);
  outcome.notMoved = outcome.tags.map(({ text }) => ({ reference: text, reason: 'the image failed its checks' }));
  return Promise.resolve(`no tag moved: ${failed} check(s) failed`);
}

/**
 * Push, Checks and Promote, for whichever mode made the image; `current` gives the release once
 * the mode's phases made an image, and nothing before (or when there is nothing to push).
 */
export function releasePhases(plan: Plan, current: () => Release | undefined): Phase[] {
  const ready = (): Release => {
    const release = current();
    if (!release) throw new Error('a release phase ran before the image existed');
    return release;
  };
  const pushed = (): boolean => current()?.outcome.pushed === true;
  // A build that pushes nothing is checked on the runner, from what it built.
  const checked = (): boolean => pushed() || (!plan.push && current() !== undefined);
  return [
    {
      name: 'Push',
      skip: () => (!plan.push ? 'push is off' : current() ? undefined : 'no image to push'),
      run: () => pushImage(ready())
    },
    {
      name: 'Checks',
      skip: () =>
        checked() ? undefined : plan.mode === 'build' && !plan.push ? 'no check reads the image' : 'nothing was pushed',
      run: () => runChecks(ready())
    },
    {
      name: 'Promote',
      skip: () => (plan.promote && pushed() ? undefined : 'no tag to move'),
      run: () => promotePhase(ready())
    }
  ];
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
