// How the built image leaves BuildKit, and what the build phase makes of it. The cost follows what
// changed: a layer a target repository already has is never written on the runner nor sent again.
// - Drivers that push by digest (docker-container, remote, kubernetes): BuildKit pushes the image
//   untagged, asking the registry what it has first; the action then reads it from there.
// - The docker driver (it cannot push by digest) releasing: an OCI layout kept on the runner from the
//   image's last release (registry/kept-layout.ts), into which BuildKit writes only the blobs it lacks;
//   the push then sends only what the repositories lack. Before the build, an empty stand-in goes
//   there for each layer every target repository has and the layout lacks (a fresh runner's layout
//   is empty), so BuildKit writes none of those either: the push never opens a stand-in, the checks
//   read its layer from the registry, and it is gone when the step ends (registry/stand-ins.ts).
// - Nothing pushed (a pull request): the image's kept layout too, so that only what changed is
//   written. When none can be had, or a smoke run on the docker driver needs the image in the
//   daemon too (under a job-scoped name the post step removes), an OCI tar on buildx's stdout, read
//   as it comes, keeping only the layers that are not the base image's, for the audit.
import * as path from 'node:path';
import type { ImageExport } from '../buildx/buildx-args.js';
import type { Builder } from '../buildx/builder-config.js';
import { BaseImage } from '../checks/audit/base-layers.js';
import { finalStageBaseOption } from '../checks/audit/final-base.js';
import { errorMessage } from '../model/errors.js';
import { parseCacheEntry } from '../model/cache.js';
import type { BuildModePlan } from '../model/plan.js';
import type { RemoteTarget } from '../model/references.js';
import { collectContent, layoutOrigin, repositoryOrigin } from '../registry/image-content.js';
import type { LayoutOnDemand } from '../registry/kept-layout.js';
import { splitReference } from '../registry/oci-reads.js';
import { OciLayout, type StandInSource } from '../registry/oci-layout.js';
import {
  layersEveryRepositoryHas,
  readTagLayers,
  registryCacheRefs,
  type TagLayers
} from '../registry/registry-layers.js';
import { blobPresent, STAND_IN_MIN_BYTES } from '../registry/stand-ins.js';
import { receiveOciTar, type ReceivedExport } from '../registry/oci-tar.js';
import type { RegistrySession } from '../registry/session.js';
import * as core from '../seams/runner.js';
import type { Job } from './job.js';
import type { ReleaseImage } from './release-run.js';
import { runAhead } from '../seams/left-behind.js';

/** The image's name in the daemon for the smoke run of a build that pushes nothing (removed by the post step). */
const localImageName = (jobName: string): string => `${jobName}:checks`;

/** Whether any check reads the image. */
const checksWanted = (plan: BuildModePlan): boolean => plan.checks.audit !== 'off' || !!plan.checks.smoke;

/** BuildKit's own builders push by digest; the docker driver (buildx 0.13 here) refuses to. */
const pushesByDigest = (driver: Builder['driver']): boolean => driver !== 'docker';

/** How the image leaves BuildKit; undefined when the user's outputs decide, or nothing reads the image. */
export function chooseExport(
  plan: BuildModePlan,
  builder: Builder,
  job: Pick<Job, 'name' | 'layout'>
): ImageExport | undefined {
  if (plan.build.outputs.length > 0) return undefined;
  // A release on the docker driver: into the image's kept layout, where BuildKit writes only what changed.
  if (plan.push)
    return pushesByDigest(builder.driver)
      ? { kind: 'push-by-digest', repositories: plan.repositories }
      : { kind: 'layout', dir: job.layout.get().dir };
  if (!checksWanted(plan)) return undefined;
  // Only the docker driver's image store can run what it built without a second copy. Beside a
  // layout, BuildKit 0.13's image exporter names in index.json an index it never writes there, so
  // the smoke run's image comes with the stream.
  if (plan.checks.smoke && builder.driver === 'docker') return { kind: 'stream', localImage: localImageName(job.name) };
  // Into the image's kept layout, BuildKit writes only what changed since its last build there; a
  // throwaway layout would take every blob, where the stream keeps only the layers the checks read.
  const layout = job.layout.get();
  return layout.kept ? { kind: 'layout', dir: layout.dir } : { kind: 'stream' };
}

/** The layers of the final stage's base image (all its platforms): what a build that pushes nothing never keeps. */
async function baseLayers(plan: BuildModePlan, session: RegistrySession): Promise<Set<string>> {
  const { baseImage } = finalStageBaseOption(plan.checks.finalStage);
  if (!baseImage) return new Set();
  try {
    return await new BaseImage(baseImage, session.registry(splitReference(baseImage).registry)).allLayers();
  } catch (error) {
    core.info(`Could not read the base image ${baseImage}, so its layers are kept too: ${errorMessage(error)}`);
    return new Set();
  }
}

export interface StreamReceiver {
  sink: () => NodeJS.WritableStream;
  received: () => Promise<ReceivedExport>;
}

/**
 * The reader of buildx's stdout for a streamed export (a build that pushes nothing): made anew for
 * each try of the build. A layer is kept only when it is not the base image's.
 */
export async function streamReceiver(plan: BuildModePlan, job: Job): Promise<StreamReceiver> {
  const base = await baseLayers(plan, job.session);
  let current: Promise<ReceivedExport> | undefined;
  const wanted = (digest: string): Promise<boolean> => Promise.resolve(!base.has(digest));
  return {
    sink: () => {
      const receiver = receiveOciTar({ dir: job.layout.get().dir, wanted });
      current = receiver.received;
      // Read (and reported) by received(); a build that failed first has its own error.
      current.catch(() => undefined);
      return receiver.sink;
    },
    received: () => current ?? Promise.reject(new Error('the build never started its export'))
  };
}

/** The registry caches the build reads (the user's cache-from, then the cache input's), parsed; one that is no reference is left out. */
function cacheRefsOf(plan: BuildModePlan, cacheFrom: readonly string[]): RemoteTarget[] {
  return registryCacheRefs([...plan.build.cacheFrom, ...cacheFrom.map(parseCacheEntry)]).flatMap((ref) => {
    try {
      return [splitReference(ref)];
    } catch {
      return [];
    }
  });
}

/** Where the job keeps the record of its stand-ins: its own private directory. */
const standInRecord = (job: Job): string => path.join(job.config.dir, 'stand-ins.json');

/** The target repositories, and the tags the image they hold now is read from. */
function tagSources(plan: BuildModePlan) {
  const repositories = [...new Set(plan.repositories)].map(splitReference);
  return {
    repositories,
    tags: plan.tags.targets,
    // A pull request's tags (pr-12) were never pushed: the image the default branch published stands for them.
    fallbackTags: repositories.map(({ registry, repository }) => ({ registry, repository, tag: 'latest' })),
    platforms: plan.platforms
  };
}

/**
 * A release's read of the image behind the user's tags, for the stand-ins, started before the base
 * images, emulators and builder so that its round trips overlap theirs. Undefined when no stand-in
 * can follow (--load, a driver that pushes by digest) and for a build that pushes nothing (the
 * user's outputs among them: its export waits for the builder to be chosen, often a stream, which
 * reads no tag). Never rejects: a read that fails gives no layers and says why.
 */
export function startTagRead(plan: BuildModePlan, job: Pick<Job, 'session'>): Promise<TagLayers> | undefined {
  if (!plan.push || plan.build.load) return undefined;
  // driver: auto, or the user's builder, is known only after the Builder phase: then the read may go unused.
  const { driver, builder } = plan.builder;
  if (builder === '' && driver !== 'auto' && pushesByDigest(driver)) return undefined;
  const read = readTagLayers(job.session, tagSources(plan)).catch((error: unknown) => ({
    layers: [],
    notes: [`tags not read (${errorMessage(error)})`]
  }));
  return runAhead('reading the image behind the tags', read);
}

/**
 * For a build into a layout (a release, or a pull request's for its checks): a stand-in for each
 * layer every target repository has (behind the user's tags, else their `latest`, or in the registry
 * cache the build reads) and the layout lacks. None when the image also goes into the daemon
 * (--load), which must never meet one. `tagRead` is startTagRead's, when it was started. Never
 * rejects; returns the line that says what it did.
 * It may run while BuildKit builds: buildx's content store looks for a blob only when the export
 * writes it, a stand-in is made only where no file is, and a blob BuildKit wrote first is left as it
 * is. Either way the layer is one every target repository has, so the image is the same.
 */
export async function placeStandIns(
  plan: BuildModePlan,
  job: Job,
  { cacheFrom, tagRead }: { cacheFrom: readonly string[]; tagRead?: Promise<TagLayers> | undefined }
): Promise<string | undefined> {
  if (plan.build.load) return undefined;
  const started = performance.now();
  try {
    const found = await layersEveryRepositoryHas(job.session, {
      ...tagSources(plan),
      ...(tagRead ? { tagLayers: tagRead } : {}),
      cacheRefs: cacheRefsOf(plan, cacheFrom),
      present: blobPresent(job.layout.get().dir),
      minimumBytes: STAND_IN_MIN_BYTES
    });
    const placed = job.layout.placeStandIns(found.digests, standInRecord(job));
    return (
      `Stand-ins: ${placed.size} layer(s) that every target repository has are not written by the export ` +
      `(${found.named} named: ${found.notes.join('; ') || 'no tag or registry cache to read'}; ${found.small} under ${STAND_IN_MIN_BYTES / 1024 / 1024} MiB left to the export; ${Math.round(performance.now() - started)} ms)`
    );
  } catch (error) {
    // Without stand-ins the export writes those layers itself: slower, never wrong.
    return `Stand-ins: none (${errorMessage(error)}); the export writes every layer the layout lacks`;
  }
}

/** A stand-in's layer for the checks: from the first target repository (every one had it), checked against its digest. */
function standInSource(plan: BuildModePlan, job: Job, layout: LayoutOnDemand): StandInSource | undefined {
  const standIns = layout.standIns;
  if (!standIns || standIns.size === 0) return undefined;
  const { registry, repository } = splitReference(plan.repositories[0] ?? '');
  const client = job.session.registry(registry);
  return { isStandIn: (digest) => standIns.has(digest), fetch: (digest) => client.getBlob(repository, digest) };
}

/**
 * The image in the layout buildx wrote: its content, read by the push and the audit from disk (a
 * stand-in's layer from the registry). `digest`: that image, before buildx wrote index.json.
 */
export async function openLayoutImage(plan: BuildModePlan, job: Job, digest?: string): Promise<ReleaseImage> {
  const { dir } = job.layout.get();
  const standIns = standInSource(plan, job, job.layout);
  const layout = digest ? OciLayout.openImage(dir, digest, standIns) : OciLayout.open(dir, standIns);
  return { content: await collectContent(layout.topManifest(), () => layoutOrigin(layout)), layout };
}

/** The image BuildKit pushed by digest, read back from the first repository. */
export async function openPushedImage(plan: BuildModePlan, job: Job, digest: string): Promise<ReleaseImage> {
  const first = plan.repositories[0] ?? '';
  const { registry, repository } = splitReference(first);
  const client = job.session.registry(registry);
  const top = await client.getManifest(repository, digest);
  if (!top) throw new Error(`BuildKit reported pushing ${first}@${digest}, but the registry does not have it`);
  return { content: await collectContent(top, () => repositoryOrigin({ client, repository })) };
}
