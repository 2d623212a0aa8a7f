/**
 * mode: merge — joins the per-platform images of matrix jobs into one manifest list.
 *
 * The workflow (see .github/workflows/examples/matrix-merge.yml):
 * - Build jobs: a matrix over {platform, runner}, each running the action with
 *   `platforms: ${{ matrix.platform }}`, `image: ghcr.io/acme/app` and `push-by-digest: true`.
 *   Each job's `image` output is `repo@sha256:...`: untagged, pushed by digest on the
 *   docker-container driver; on the docker driver (which cannot push by digest) pushed under a
 *   per-platform tag `<version>-<os>-<arch>[-<variant>]`, still reported pinned by digest.
 *   Each job publishes it as a job output under a per-platform key, since matrix legs that share
 *   an output name overwrite each other.
 * - Merge job: `mode: merge`, `sources:` the image outputs (comma or newline separated), the final
 *   `tags:` (full references, or `image:` with bare tags or none for the event-derived ones, the
 *   same rules as a build), and `platforms:` (what the merged index must hold). It needs no builder, no QEMU and no
 *   daemon: only `docker buildx imagetools` and the registry.
 *
 * What the merge phases do (the executor runs them after the login):
 * 1. A job-scoped DOCKER_CONFIG (saved for the post step, which deletes it and the credentials),
 *    and a login when username is set.
 * 2. Reads every source from the registry, in parallel. An index contributes its platforms
 *    (attestation entries never count); a single image manifest contributes the platform its
 *    config declares. Platforms are normalised (linux/arm → linux/arm/v7, linux/arm64/v8 → linux/arm64).
 * 3. Guards, all reported together and before anything is pushed: a source that does not exist;
 *    a platform that two sources both provide; a requested platform no source has, or a source
 *    platform that was not requested: the merge covers exactly the platforms input.
 * 4. `docker buildx imagetools create --tag T... <sources pinned by digest>` (retried on transient
 *    registry errors). Index sources bring their manifests along, attestations included, so
 *    provenance survives. Index annotations every source agrees on (the OCI metadata of the
 *    event) are carried over, plus the user's annotations (unprefixed or index:; other levels
 *    belong to the build jobs and are left out with a warning).
 * 5. Reads the first tag back for the digest, verifies every tag (platforms, excluding
 *    attestations, and digest) unless verify is false, and sets the outputs digest, imageid,
 *    platforms, tags, version and image (`<repo>@<digest>`) and the job summary.
 *
 * The merged index must hold exactly the platforms input (default linux/amd64,linux/arm64).
 */
import * as core from '@actions/core';
import { guardFloatingTags } from '../checks/floating-tags.js';
import {
  coverSources,
  imagetoolsCreateArgs,
  indexAnnotations,
  toPlatform,
  type InspectedSource,
  type SourceCoverage
} from '../planning/merge-plan.js';
import { firstRepository, type MergeModePlan } from '../planning/plan.js';
import type { SourceReference } from '../planning/sources.js';
import { indexPlatforms, inspectRemote, isIndex, remotePlatforms } from '../registry/oci.js';
import type { RegistrySession } from '../registry/session.js';
import { ActionError, errorMessage } from '../seams/errors.js';
import { CommandError, lastLines, run } from '../seams/exec.js';
import { withRetry } from '../seams/retry.js';
import { runChecks } from './checks.js';
import type { Phase } from './execute.js';
import type { Job } from './job.js';
import type { Outcome } from './outputs.js';
import { promotePhase, quarantineFor, type Quarantine } from './promote.js';

/** Reads a source from the registry; undefined when the registry does not have it. */
export async function inspectSource(
  session: RegistrySession,
  source: SourceReference
): Promise<InspectedSource | undefined> {
  let remote;
  try {
    remote = await inspectRemote(session, source.reference);
  } catch (error) {
    const detail = error instanceof CommandError ? lastLines(error.result.stderr, 3) : errorMessage(error);
    throw new ActionError(
      `Could not read source ${source.reference}: ${detail}`,
      'check the login (username, password, registry) and that the token may read this repository.'
    );
  }
  if (!remote) return undefined;
  const digest = source.digest ?? remote.digest;
  const holdsIndex =
    remote.manifests.length > 0 || isIndex({ mediaType: remote.mediaType, json: remote.fetched?.json });
  // Pinned, so a tag that moves meanwhile cannot change what is merged (the session has it by digest already).
  const platforms = holdsIndex
    ? indexPlatforms(remote)
    : ((await remotePlatforms(session, `${source.repository}@${digest}`)) ?? []);
  return { ...source, digest, platforms, annotations: holdsIndex ? remote.annotations : undefined };
}

async function createIndex(args: string[]): Promise<void> {
  core.info(`docker ${args.join(' ')}`);
  try {
    await withRetry('Creating the manifest list', () => run('docker', args, { stream: true }));
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    const output = lastLines(error.result.stderr || error.result.stdout, 20);
    throw new ActionError(
      `docker buildx imagetools create failed (exit code ${error.result.exitCode}):\n${output}`,
      /unauthorized|denied|authentication required/i.test(output)
        ? "the registry refused: check username/password and that the token may push to every tag's repository."
        : undefined
    );
  }
}

/** Reads every source, in parallel, and checks that they add up to exactly the requested platforms. */
async function readSources(plan: MergeModePlan, job: Job, outcome: Outcome): Promise<SourceCoverage> {
  const inspected = await Promise.all(
    plan.sources.map(async (source) => ({ source, found: await inspectSource(job.session, source) }))
  );
  const missing = inspected.filter(({ found }) => !found).map(({ source }) => source.reference);
  if (missing.length > 0) {
    throw new ActionError(
      `Source${missing.length > 1 ? 's' : ''} not found in the registry: ${missing.join(', ')}`,
      'pass the image output of each build job (repo@sha256:...), and check that the job pushed it (push-by-digest: true, push not off) to the registry this step reads.'
    );
  }
  outcome.sources = inspected.flatMap(({ found }) => (found ? [found] : []));
  const coverage = coverSources(outcome.sources, plan.platforms);
  outcome.platforms = coverage.platforms;
  for (const source of outcome.sources) core.info(`Source ${source.reference}: ${source.platforms.join(', ')}`);
  return coverage;
}

/**
 * Creates the merged index under a staging tag (imagetools cannot push by digest) and reads it back
 * for its digest; the final tags (floating ones only forward) move to it after the checks.
 */
async function mergeAndPush(plan: MergeModePlan, job: Job, pinned: string[], outcome: Outcome): Promise<string> {
  const platformList = outcome.platforms.join(',');
  if (plan.push) ({ push: outcome.tags, heldBack: outcome.heldBack } = await guardFloatingTags(job.session, plan.tags));
  outcome.repository = firstRepository(outcome.tags);
  if (!plan.push || outcome.tags.length === 0) {
    const why = plan.push
      ? 'every tag was held back'
      : `push is off${plan.event.eventName.startsWith('pull_request') ? ' for pull requests' : ''}`;
    return `Sources checked (${platformList}); nothing pushed (${why})`;
  }
  const quarantine = quarantineFor(plan, job.name) as Quarantine;
  const staging = quarantine.stagingTag as string;
  outcome.repository = quarantine.repository;
  outcome.stagingTag = staging;
  await createIndex(imagetoolsCreateArgs([staging], indexAnnotations(outcome.sources, plan.annotations), pinned));
  const first = staging;
  const created = await inspectRemote(job.session, first);
  if (!created)
    throw new ActionError(
      `${first} is not in the registry right after imagetools create pushed it`,
      'the registry may be eventually consistent or rewrite manifests; try again.'
    );
  Object.assign(outcome, { pushed: true, digest: created.digest, imageId: created.digest });
  return `Merged ${outcome.sources.length} source(s) into ${staging} (${platformList}) as ${created.digest}; no tag moves before the checks pass`;
}

export function mergePhases(plan: MergeModePlan, job: () => Job, outcome: Outcome): Phase[] {
  let pinned: string[] = [];
  return [
    {
      name: 'Sources',
      run: async () => {
        pinned = (await readSources(plan, job(), outcome)).sources;
        return `${outcome.sources.length} source(s) cover ${outcome.platforms.join(',')}`;
      }
    },
    { name: 'Merge', run: () => mergeAndPush(plan, job(), pinned, outcome) },
    {
      name: 'Checks',
      skip: () => (!outcome.pushed ? 'nothing was pushed' : undefined),
      run: () => runChecks(plan, outcome, outcome.platforms.map(toPlatform), job())
    },
    {
      name: 'Promote',
      skip: () => (!outcome.pushed ? 'no tag to move' : undefined),
      run: () => promotePhase(plan, outcome, outcome.platforms.map(toPlatform), job())
    }
  ];
}
