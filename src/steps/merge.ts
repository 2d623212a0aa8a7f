/**
 * mode: merge — joins the per-platform images of matrix jobs into one manifest list.
 *
 * The workflow (see .github/workflows/examples/matrix-merge.yml):
 * - Build jobs: a matrix over {platform, runner}, each running the action with
 *   `platforms: ${{ matrix.platform }}`, `image: ghcr.io/acme/app` and `push-by-digest: true`.
 *   Each job pushes its image untagged, by digest, on every driver; its `image` output is
 *   `repo@sha256:...`, which it publishes as a job output under a per-platform key (matrix legs
 *   that share an output name overwrite each other).
 * - Merge job: `mode: merge`, `sources:` the image outputs (comma or newline separated), the final
 *   `tags:` (full references, or `image:` with bare tags or none for the event-derived ones, the
 *   same rules as a build), and `platforms:` (what the merged index must hold). It needs no
 *   builder, no QEMU and no daemon: only the registry.
 *
 * What the merge phases do (the executor runs them after the login):
 * 1. Reads every source from the registry, in parallel. An index contributes its entries
 *    (attestations too, so provenance survives; they never count as platforms); a single image
 *    manifest contributes itself, with the platform its config declares.
 * 2. Guards, all reported together and before anything is pushed: a source that does not exist;
 *    a platform that two sources both provide; a requested platform no source has, or a source
 *    platform that was not requested: the merge covers exactly the platforms input.
 * 3. Writes the merged index itself (annotations every index source agrees on, plus the user's
 *    index-level ones), then the release phases: the index and what it names go into every
 *    target repository by digest, it is verified and audited there, and only then do the tags move.
 */
import * as core from '../seams/runner.js';
import { guardFloatingTags } from '../checks/floating-tags.js';
import { coverSources, mergedIndex } from '../planning/merge-plan.js';
import { splitPlatformText } from '../model/platforms.js';
import type { FetchedManifest } from '../registry/client.js';
import { digestOf } from '../registry/document.js';
import { collectContent, repositoryOrigin, type ContentOrigin } from '../registry/image-content.js';
import { indexPlatforms, inspectRemote, isIndex, remotePlatforms } from '../registry/oci-reads.js';
import type { RegistrySession } from '../registry/session.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { CommandError, lastLines } from '../seams/exec.js';
import type { Job } from './job.js';
import { isPullRequest } from '../model/event.js';
import type { Release, ReleaseImage } from './release-run.js';
import type { Descriptor } from '../model/oci.js';
import { sourceTarget, type InspectedSource, type SourceReference } from '../model/sources.js';
import type { PhaseResults } from '../model/outcome.js';
import type { MergeModePlan } from '../model/plan.js';
import { PartlyDone, type PhaseDone, type PhaseRun } from './phase.js';

/** Reads a source from the registry; undefined when the registry does not have it. */
export async function inspectSource(
  session: RegistrySession,
  source: SourceReference
): Promise<InspectedSource | undefined> {
  let remote;
  try {
    remote = await inspectRemote(session, sourceTarget(source));
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
    : ((await remotePlatforms(session, sourceTarget(source, digest))) ?? []);
  const entries: Descriptor[] = holdsIndex
    ? remote.manifests
    : platforms.map((platform) => ({
        mediaType: remote.mediaType,
        digest,
        size: remote.fetched?.size ?? 0,
        platform: splitPlatformText(platform)
      }));
  return { ...source, digest, platforms, entries, annotations: holdsIndex ? remote.annotations : undefined };
}

/** Reads every source, in parallel, and checks that they add up to exactly the requested platforms. */
async function readSources(
  plan: MergeModePlan,
  job: Job
): Promise<PhaseDone & { sources: InspectedSource[]; platforms: string[] }> {
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
  const sources = inspected.flatMap(({ found }) => (found ? [found] : []));
  const { platforms } = coverSources(sources, plan.platforms);
  for (const source of sources) core.info(`Source ${source.reference}: ${source.platforms.join(', ')}`);
  const line = `${sources.length} source(s) cover ${platforms.join(',')}`;
  return { line, made: { sources, platforms }, sources, platforms };
}

/** The merged index as the registry will hold it, and its content: each entry read from its source's repository. */
async function mergedImage(plan: MergeModePlan, job: Job, sources: InspectedSource[]): Promise<ReleaseImage> {
  const { mediaType, document } = mergedIndex(sources, plan.annotations);
  const bytes = Buffer.from(JSON.stringify(document));
  const top: FetchedManifest = { digest: digestOf(bytes), mediaType, bytes, json: document, size: bytes.length };
  const origins = new Map<string, ContentOrigin>();
  for (const source of sources) {
    const { registry, repository } = source.image;
    const origin = repositoryOrigin({ client: job.session.registry(registry), repository });
    for (const entry of source.entries) origins.set(entry.digest, origin);
  }
  const originOf = (entry: Descriptor | undefined): ContentOrigin => {
    const origin = entry && origins.get(entry.digest);
    if (!origin) throw new Error(`the merged index names ${entry?.digest ?? 'nothing'}, which no source has`);
    return origin;
  };
  return { content: await collectContent(top, originOf) };
}

/** Writes the merged index (pushed by digest next); the final tags, floating ones only forward, move after the checks. */
async function merge(
  plan: MergeModePlan,
  job: Job,
  { sources, platforms }: { sources: InspectedSource[]; platforms: string[] }
): Promise<PhaseDone & { release?: Release }> {
  const platformList = platforms.join(',');
  const guarded = plan.push ? await guardFloatingTags(job.session, plan.tags) : undefined;
  const repository = plan.repositories[0] ?? '';
  const made: PhaseResults = { repository, ...(guarded ? { guarded } : {}) };
  const tags = guarded?.push ?? plan.tags.targets;
  if (!plan.push || tags.length === 0) {
    const why = plan.push
      ? 'every tag was held back'
      : `push is off${isPullRequest(plan.event) ? ' for pull requests' : ''}`;
    return { line: `Sources checked (${platformList}); nothing pushed (${why})`, made };
  }
  const image = await mergedImage(plan, job, sources).catch((error: unknown) => {
    throw new PartlyDone(error, made);
  });
  const digest = image.content.top.digest;
  return {
    line: `Merged ${sources.length} source(s) into one index (${platformList}) as ${digest}; no tag moves before the checks pass`,
    made: { ...made, image: { digest, imageId: digest } },
    release: { plan, job, image, platforms: platforms.map(splitPlatformText), digest, repository, tags }
  };
}

/** The merge's phases, in order: the sources, then the merged index; returns the image for the release phases. */
export async function mergePhases(run: PhaseRun, plan: MergeModePlan, job: Job): Promise<Release | undefined> {
  const read = await run.phase('Sources', () => readSources(plan, job));
  const { release } = await run.phase('Merge', () => merge(plan, job, read));
  return release;
}
