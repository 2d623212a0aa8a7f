// Quarantine, check, promote: where the image waits while it is checked, and the phase that moves
// the final tags to it only when every check passed.
import * as core from '@actions/core';
import { verifyPushedTags } from '../checks/verify.js';
import { firstRepository, stagingReference, type Plan } from '../planning/plan.js';
import type { Platform } from '../planning/platforms.js';
import { parseImageReference } from '../planning/references.js';
import { deleteTag, promote } from '../registry/promote.js';
import { errorMessage } from '../seams/errors.js';
import type { Job } from './job.js';
import type { Outcome } from './outputs.js';

/** Where the image is pushed before it is checked: untagged by digest, or under a staging tag. */
export interface Quarantine {
  repository: string;
  /** Set when the driver cannot push by digest. */
  stagingTag?: string;
}

/** The quarantine for this run, or undefined when the image goes straight out (no push, per-platform jobs). */
export function quarantineFor(plan: Plan, jobName: string, driver?: string): Quarantine | undefined {
  if (!plan.promote) return undefined;
  const repository = firstRepository(plan.tags.references);
  // Every BuildKit but the daemon's own pushes untagged by digest; a merge always stages under a tag.
  const byDigest = plan.mode === 'build' && driver !== undefined && driver !== 'docker';
  return byDigest ? { repository } : { repository, stagingTag: stagingReference(repository, jobName) };
}

/**
 * Removes the staging tag where the registry allows it, and says so in the phase's line where it
 * does not: many registries never delete a tag, so that is no warning.
 */
async function removeStagingTag(job: Job, stagingTag: string): Promise<string> {
  try {
    const removed = await deleteTag(job.session, stagingTag);
    if (removed.outcome === 'deleted') return `staging tag ${stagingTag} removed`;
    return `staging tag ${stagingTag} left in place (${removed.detail ?? 'the registry refused'})`;
  } catch (error) {
    core.warning(`Could not remove the staging tag ${stagingTag}: ${errorMessage(error)}`);
    return `staging tag ${stagingTag} left in place`;
  }
}

/** Puts the checked manifest under every final tag, then reads the tags back. */
async function moveTags(plan: Plan, outcome: Outcome, platforms: Platform[], job: Job): Promise<string> {
  const source = parseImageReference(outcome.repository);
  const started = performance.now();
  const moved = await promote(
    job.session,
    { registry: source.registry, repository: source.repository, digest: outcome.digest },
    outcome.tags
  );
  const elapsed = Math.round(performance.now() - started);
  const mounted = moved.reduce((sum, entry) => sum + entry.mounted, 0);
  const copied = moved.reduce((sum, entry) => sum + entry.bytesCopied, 0);
  core.info(`Promoted ${moved.length} tag(s) in ${elapsed} ms: ${mounted} blob(s) mounted, ${copied} bytes copied.`);
  outcome.promoted = moved.map(({ target }) => target);
  if (plan.checks.verify) await verifyPushedTags(job.session, outcome.promoted, platforms, outcome.digest);
  return `${outcome.promoted.join(', ') || 'no tag'} now at ${outcome.digest}`;
}

/**
 * The promotion phase: every check passed, so the final tags move to the checked digest (the
 * floating-tag guard already held back what must not move); otherwise no tag moves at all.
 */
export async function promotePhase(plan: Plan, outcome: Outcome, platforms: Platform[], job: Job): Promise<string> {
  const failed = outcome.checks.failures.length;
  let line = `no tag moved: ${failed} check(s) failed`;
  let cleanup = '';
  try {
    if (failed > 0)
      outcome.withheld = outcome.tags.map((reference) => ({ reference, reason: 'the image failed its checks' }));
    else line = await moveTags(plan, outcome, platforms, job);
  } finally {
    // Whatever happened, the staging tag has served its purpose.
    if (outcome.stagingTag) cleanup = `; ${await removeStagingTag(job, outcome.stagingTag)}`;
  }
  return line + cleanup;
}

/** The step's error when a check failed: what failed, the rejected image, and whether any tag moved. */
export function checkFailure(plan: Plan, outcome: Outcome): string {
  const failures = `- ${outcome.checks.failures.join('\n- ')}`;
  if (!plan.promote) return `The pushed image failed its checks:\n${failures}`;
  const where = outcome.stagingTag ? ` (pushed as ${outcome.stagingTag})` : ' (pushed untagged)';
  return [
    `The image failed its checks, so no tag was changed:`,
    failures,
    `Rejected image: ${outcome.repository}@${outcome.digest}${where}; pull it by digest to inspect it.`,
    `Tags held back: ${outcome.withheld.map(({ reference }) => reference).join(', ') || '(none)'}`
  ].join('\n');
}
