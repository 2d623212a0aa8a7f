import * as core from '../seams/runner.js';
import { ActionError, errorMessage } from '../model/errors.js';
import type { CheckResult } from '../model/checks.js';
import { formatPlatform, normalisePlatformText, type Platform } from '../model/platforms.js';
import {
  indexPlatforms,
  inspectRemote,
  isIndex,
  type RegistryReader,
  type RemoteIndex
} from '../registry/oci-reads.js';
import type { RegistrySession } from '../registry/session.js';
import { remoteTargetOf, type TagTarget } from '../model/references.js';
import { platformEntries, type ManifestRead } from './audit/image-manifests.js';
import type { CheckSubject, ImageCheck } from './image-check.js';

export interface TagReadBack {
  reference: string;
  index: RemoteIndex | undefined;
}

// indexPlatforms already normalises; an unknown platform the registry holds is compared as written.
const sortedPlatforms = (platforms: readonly string[]): string[] => platforms.map(normalisePlatformText).sort();

/**
 * The one platform comparison of both verifications: the platforms an image holds, with repeats
 * (an index listing a platform twice is not the image asked for), against those asked for.
 */
function platformDifference(held: readonly string[], expected: readonly Platform[]): string | undefined {
  const served = sortedPlatforms(held);
  const wanted = sortedPlatforms(expected.map(formatPlatform));
  if (served.join(',') === wanted.join(',')) return undefined;
  const repeated = [...new Set(served.filter((platform, at) => served.indexOf(platform) !== at))];
  const twice = repeated.length > 0 ? ` (listed more than once: ${repeated.join(', ')})` : '';
  return `platforms ${served.join(', ') || '(none)'}, expected ${wanted.join(', ')}${twice}`;
}

/** Compares what the registry serves with what was pushed; returns every difference found. */
export function compareReadBack(
  readBack: readonly TagReadBack[],
  expectedPlatforms: readonly Platform[],
  expectedDigest: string
): string[] {
  const problems: string[] = [];
  for (const { reference, index } of readBack) {
    if (!index) {
      problems.push(`${reference}: the registry does not have it`);
      continue;
    }
    const difference = platformDifference(indexPlatforms(index), expectedPlatforms);
    if (difference) problems.push(`${reference}: ${difference}`);
    if (expectedDigest && index.digest !== expectedDigest)
      problems.push(`${reference}: digest ${index.digest}, expected ${expectedDigest} (the digest output)`);
  }
  const digests = new Set(readBack.flatMap(({ index }) => (index ? [index.digest] : [])));
  if (digests.size > 1)
    problems.push(
      `the tags point to ${digests.size} different digests: ${readBack.map(({ reference, index }) => `${reference} → ${index?.digest ?? 'missing'}`).join(', ')}`
    );
  return problems;
}

/** Reads every pushed tag back from the registry and fails on any difference from what was meant to be pushed. */
export async function verifyPushedTags(
  session: RegistrySession,
  tags: readonly (string | TagTarget)[],
  expectedPlatforms: readonly Platform[],
  expectedDigest: string
): Promise<void> {
  const readBack = await Promise.all(
    tags.map(async (tag) =>
      typeof tag === 'string'
        ? { reference: tag, index: await inspectRemote(session, tag) }
        : { reference: tag.text, index: await inspectRemote(session, remoteTargetOf(tag)) }
    )
  );
  const problems = compareReadBack(readBack, expectedPlatforms, expectedDigest);
  if (problems.length > 0) {
    throw new ActionError(
      `Post-push verification failed:\n- ${problems.join('\n- ')}`,
      'another job may have pushed the same tag at the same time, or the registry rewrote the manifest; set verify: false only if this is expected.'
    );
  }
  core.info(
    `Verified ${tags.length} tag(s) in the registry: ${expectedPlatforms.map(formatPlatform).join(', ')} at ${expectedDigest}`
  );
}

/**
 * A build that pushed nothing: the index it made must hold exactly the platforms asked for, as a
 * release's read-back would find. Read from the image on the runner; no registry is asked.
 */
async function verifyLocalIndex(
  reader: RegistryReader,
  top: ManifestRead,
  expectedPlatforms: readonly Platform[]
): Promise<void> {
  // An index's platforms as listed, repeats kept; a single manifest's from its config.
  const held = isIndex(top)
    ? indexPlatforms({ manifests: top.json.manifests ?? [] })
    : [...(await platformEntries(reader, '', top)).keys()];
  const difference = platformDifference(held, expectedPlatforms);
  if (difference)
    throw new ActionError(
      `Verification of the local index failed:\n- ${top.digest}: ${difference}`,
      'a platform the build was asked for is missing from what it made, or one was added: check the platforms input and the Dockerfile.'
    );
  core.info(
    `Verified the local index ${top.digest}: ${sortedPlatforms(expectedPlatforms.map(formatPlatform)).join(', ')} (nothing was pushed)`
  );
}

/**
 * Reads the image back by its digest from every repository it was pushed to: what the registries
 * serve must be what was built. Before a promotion a difference is a failed check like any other.
 */
async function verifyPushed({ plan, session, platforms, digest }: CheckSubject): Promise<CheckResult> {
  const pinned = plan.repositories.map((repository) => `${repository}@${digest}`);
  try {
    await verifyPushedTags(session, pinned, platforms, digest);
    return { failures: [] };
  } catch (error) {
    if (!plan.promote) throw error;
    return { failures: [`verification: ${errorMessage(error)}`] };
  }
}

/** A build that pushed nothing: its index, read on the runner, holds exactly the platforms asked for. */
async function verifyOnRunner({ onRunner, top, platforms }: CheckSubject): Promise<CheckResult> {
  if (!onRunner) return { failures: [] };
  try {
    await verifyLocalIndex(onRunner, top, platforms);
    return { failures: [] };
  } catch (error) {
    return { failures: [`verification: ${errorMessage(error)}`] };
  }
}

/** verify: the pushed image read back from every repository, or the local index when nothing was pushed. */
export const verifyCheck: ImageCheck = {
  name: 'verify',
  kind: 'reads',
  runs: ({ pushed, plan }) => !pushed || plan.checks.verify,
  describe: ({ pushed, plan }) =>
    !pushed
      ? 'nothing pushed: platforms verified on the runner'
      : plan.checks.verify
        ? `verified by digest in ${plan.repositories.join(', ')}`
        : 'verify off',
  run: (subject) => (subject.pushed ? verifyPushed(subject) : verifyOnRunner(subject))
};
