import * as core from '../seams/runner.js';
import { inspectLabels, inspectRemote } from '../registry/oci-reads.js';
import type { RegistrySession } from '../registry/session.js';
import type { SummaryRow } from '../seams/summary.js';
import { type TagPlan, isNewerOrEqual } from '../model/tags.js';
import { remoteTargetOf, type TagTarget } from '../model/references.js';
import type { FloatingTagLeftAlone } from '../model/checks.js';

const VERSION_KEY = 'org.opencontainers.image.version';

export interface GuardedTags {
  push: TagTarget[];
  leftAlone: FloatingTagLeftAlone[];
}

/** The version a tag carries now: the index annotation, else the image label; undefined if the tag is new. */
export async function carriedVersion(session: RegistrySession, target: TagTarget): Promise<string | undefined> {
  const remote = await inspectRemote(session, remoteTargetOf(target));
  if (!remote) return undefined;
  return remote.annotations[VERSION_KEY] ?? (await inspectLabels(session, remoteTargetOf(target), remote))[VERSION_KEY];
}

/**
 * Floating tags (latest, X, X.Y) only move forward: a backport released after a newer release
 * leaves them where they are. Tags that do not exist yet are simply created.
 */
export async function guardFloatingTags(session: RegistrySession, plan: TagPlan): Promise<GuardedTags> {
  if (plan.floating.length === 0) return { push: plan.targets, leftAlone: [] };
  const verdicts = await Promise.all(
    plan.floating.map(async (target) => ({ reference: target.text, carried: await carriedVersion(session, target) }))
  );
  const leftAlone = verdicts
    .filter(({ carried }) => carried !== undefined && !isNewerOrEqual(plan.version, carried))
    .map(({ reference, carried }) => ({ reference, carried: carried as string }));
  for (const { reference, carried } of leftAlone) {
    core.warning(
      `Leaving ${reference} on ${carried}: this release (${plan.version}) is older, and floating tags only move forward.`
    );
  }
  const kept = new Set(leftAlone.map(({ reference }) => reference));
  return { push: plan.targets.filter(({ text }) => !kept.has(text)), leftAlone };
}

/** The job summary's line for floating tags that stayed where they were. */
export function leftAloneRows(leftAlone: readonly FloatingTagLeftAlone[]): SummaryRow[] {
  if (leftAlone.length === 0) return [];
  return [
    {
      label: 'Floating tags left alone',
      value: leftAlone.map(({ reference, carried }) => `${reference} (stays on ${carried})`)
    }
  ];
}
