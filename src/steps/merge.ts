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
 * What runMerge does:
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
import { ActionError, errorMessage, InputError } from '../seams/errors.js';
import { CommandError, lastLines, run } from '../seams/exec.js';
import { guardFloatingTags, heldBackRows, type HeldBackTag } from '../checks/floating-tags.js';
import { currentGitEvent } from '../planning/git-context.js';
import { shouldPush, type Inputs } from '../planning/inputs.js';
import type { KeyValue } from '../planning/lists.js';
import { prepareJob } from './job.js';
import { formatPlatform, type Platform } from '../planning/platforms.js';
import { formatRepository, parseImageReference } from '../planning/references.js';
import { indexPlatforms, inspectRemote, isIndex, remotePlatforms } from '../registry/oci.js';
import type { RegistrySession } from '../registry/session.js';
import { planTags, type GitEvent, type TagPlan } from '../planning/release-tags.js';
import { withRetry } from '../seams/retry.js';
import { OutputKey } from '../seams/state.js';
import { writeSummary } from '../seams/summary.js';
import { verifyPushedTags } from '../checks/verify.js';

/** A source as given: where it lives and, when pinned, its digest. */
export interface SourceReference {
  reference: string;
  repository: string;
  digest?: string;
}

/** A source as the registry serves it. */
export interface InspectedSource extends SourceReference {
  digest: string;
  /** Normalised platforms, attestations left out. */
  platforms: string[];
  /** The index's own annotations; undefined for a single manifest, which has no say in them. */
  annotations: Record<string, string> | undefined;
}

export interface MergePlan {
  /** Normalised platforms of the merged index: the requested order, else the sources' order. */
  platforms: string[];
  /** The sources pinned by digest, in the given order. */
  sources: string[];
}

const acceptedSource =
  'repo@sha256:<64 hex digits> (the image output of a push-by-digest job) or repo:tag, comma or newline separated';
const digestPattern = /^sha256:[a-f0-9]{64}$/;

export function parseSource(raw: string): SourceReference {
  const text = raw.trim();
  const at = text.indexOf('@');
  const name = at >= 0 ? text.slice(0, at) : text;
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  if (digest !== undefined && !digestPattern.test(digest))
    throw new InputError('sources', raw, acceptedSource, `'${digest}' is not a sha256 digest`);
  const parsed = parseImageReference(name, 'sources');
  if (digest === undefined && parsed.tag === undefined)
    throw new InputError('sources', raw, acceptedSource, 'neither a digest nor a tag');
  const repository = formatRepository(parsed);
  return digest === undefined ? { reference: text, repository } : { reference: text, repository, digest };
}

function toPlatform(text: string): Platform {
  const [os = '', architecture = '', variant] = text.split('/');
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Checks that the sources add up to one image per platform, and to exactly the requested ones. */
export function planMerge(sources: readonly InspectedSource[], requested: readonly Platform[] | undefined): MergePlan {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const source of sources) {
    if (source.platforms.length === 0)
      problems.push(`${source.reference} holds no image for any platform (only attestations)`);
    for (const platform of source.platforms) {
      const earlier = owners.get(platform);
      if (earlier === undefined) owners.set(platform, source.reference);
      else if (earlier === source.reference) problems.push(`${source.reference} holds ${platform} twice`);
      else
        problems.push(
          `${platform} comes from two sources, ${earlier} and ${source.reference}; each platform must come from exactly one`
        );
    }
  }
  const wanted = requested?.map(formatPlatform);
  if (wanted) {
    for (const platform of wanted)
      if (!owners.has(platform)) problems.push(`${platform} is in platforms, but no source has it`);
    for (const [platform, owner] of owners)
      if (!wanted.includes(platform)) problems.push(`${owner} has ${platform}, which platforms does not list`);
  }
  if (problems.length > 0) {
    const coverage = sources
      .map((source) => `${source.reference} → ${source.platforms.join(', ') || '(none)'}`)
      .join('\n  ');
    throw new ActionError(
      `Cannot merge the sources:\n- ${problems.join('\n- ')}\nThe sources cover:\n  ${coverage}${wanted ? `\nplatforms asks for: ${wanted.join(', ')}` : ''}`,
      "pass each build job's image output once, one platform per job; check that every matrix job succeeded, and that platforms lists exactly the platforms of the matrix. Nothing was pushed."
    );
  }
  return {
    platforms: wanted ?? [...owners.keys()],
    sources: sources.map((source) => `${source.repository}@${source.digest}`)
  };
}

const isBare = (entry: string): boolean => !entry.includes('/') && !entry.includes(':');

/** The references to tag the merged index with: the same rules as a build. */
export function mergeTargets(inputs: Pick<Inputs, 'images' | 'tags'>, event: GitEvent): TagPlan {
  const bare = inputs.images.length === 0 ? inputs.tags.find(isBare) : undefined;
  if (bare !== undefined)
    throw new InputError(
      'tags',
      bare,
      'full references such as ghcr.io/acme/app:1.0, or bare tags together with the image input',
      'a bare tag needs the image input'
    );
  const plan = planTags(event, inputs.images, inputs.tags);
  if (plan.references.length === 0)
    throw new InputError(
      'tags',
      '',
      'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input',
      'nothing to tag the merged image with'
    );
  return plan;
}

/** The annotation key at index level, or undefined for another level (manifest:, ...-descriptor:). */
export function indexLevelKey(key: string): string | undefined {
  if (key.startsWith('index:')) return key.slice('index:'.length);
  return /^[a-z-]+:/.test(key) ? undefined : key;
}

/**
 * `--annotation` values for the merged index: what every index source agrees on, then the user's
 * annotations, which win. An index is all a merge creates, so unprefixed ones go on it too.
 */
export function indexAnnotations(
  sources: readonly Pick<InspectedSource, 'annotations'>[],
  user: readonly KeyValue[]
): string[] {
  const [first, ...rest] = sources.flatMap(({ annotations }) => (annotations ? [annotations] : []));
  const merged = new Map<string, string>();
  for (const [key, value] of Object.entries(first ?? {}))
    if (rest.every((other) => other[key] === value)) merged.set(key, value);
  for (const { key, value } of user) {
    const level = indexLevelKey(key);
    if (level !== undefined) merged.set(level, value);
  }
  return [...merged].map(([key, value]) => `index:${key}=${value}`);
}

export function imagetoolsCreateArgs(
  tags: readonly string[],
  annotations: readonly string[],
  sources: readonly string[]
): string[] {
  return [
    'buildx',
    'imagetools',
    'create',
    ...tags.flatMap((tag) => ['--tag', tag]),
    ...annotations.flatMap((annotation) => ['--annotation', annotation]),
    ...sources
  ];
}

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

/** The merge step: per-platform images in, one verified manifest list out. */
export async function runMerge(inputs: Inputs): Promise<void> {
  if (inputs.password) core.setSecret(inputs.password);
  for (const login of inputs.registryAuth) core.setSecret(login.password);
  const event = currentGitEvent();
  const push = shouldPush(inputs.push, event.eventName);
  const plan = mergeTargets(inputs, event);
  const sources = inputs.sources.map(parseSource);
  for (const { key } of inputs.annotations.filter(({ key }) => indexLevelKey(key) === undefined)) {
    core.warning(
      `annotation ${key} is left out of the merge: it only creates the index (set other levels on the build jobs).`
    );
  }

  // No builder, no QEMU, no daemon: imagetools and the registry are all a merge needs.
  const { session } = await prepareJob(inputs, plan.references, false);

  const inspected = await Promise.all(
    sources.map(async (source) => ({ source, found: await inspectSource(session, source) }))
  );
  const missing = inspected.filter(({ found }) => !found).map(({ source }) => source.reference);
  if (missing.length > 0) {
    throw new ActionError(
      `Source${missing.length > 1 ? 's' : ''} not found in the registry: ${missing.join(', ')}`,
      'pass the image output of each build job (repo@sha256:...), and check that the job pushed it (push-by-digest: true, push not off) to the registry this step reads.'
    );
  }
  const found = inspected.flatMap(({ found: source }) => (source ? [source] : []));
  const merge = planMerge(found, inputs.platforms);
  const platformList = merge.platforms.join(',');
  core.setOutput(OutputKey.Platforms, platformList);
  core.setOutput(OutputKey.Version, plan.version);
  for (const source of found) core.info(`Source ${source.reference}: ${source.platforms.join(', ')}`);

  let tags = plan.references;
  let heldBack: HeldBackTag[] = [];
  if (push) ({ push: tags, heldBack } = await guardFloatingTags(session, plan));
  let digest = '';
  if (push && tags.length > 0) {
    await createIndex(imagetoolsCreateArgs(tags, indexAnnotations(found, inputs.annotations), merge.sources));
    const first = tags[0] as string;
    const created = await inspectRemote(session, first);
    if (!created)
      throw new ActionError(
        `${first} is not in the registry right after imagetools create pushed it`,
        'the registry may be eventually consistent or rewrite manifests; try again.'
      );
    digest = created.digest;
    if (inputs.verify) await verifyPushedTags(session, tags, merge.platforms.map(toPlatform), digest);
  }

  const repository = tags[0] ? formatRepository(parseImageReference(tags[0])) : '';
  core.setOutput(OutputKey.Digest, digest);
  core.setOutput(OutputKey.ImageId, digest);
  core.setOutput(OutputKey.Tags, tags.join('\n'));
  core.setOutput(OutputKey.Image, digest ? `${repository}@${digest}` : '');
  core.info(
    digest
      ? `Merged ${found.length} source(s) into ${tags.join(', ')} (${platformList}) as ${digest}`
      : `Sources checked (${platformList}); nothing pushed (${push ? 'every tag was held back' : `push is off${event.eventName.startsWith('pull_request') ? ' for pull requests' : ''}`})`
  );
  await writeSummary('Multi-arch image (merged)', [
    { label: 'Image', value: repository || '(not tagged)' },
    {
      label: digest ? 'Pushed tags' : 'Tags (not pushed)',
      value: (digest ? tags : plan.references).join('<br>') || '(none)'
    },
    ...heldBackRows(heldBack),
    { label: 'Digest', value: digest || '(none)' },
    { label: 'Platforms', value: platformList },
    {
      label: 'Sources',
      value: found
        .map((source) => `${source.repository}@${source.digest} (${source.platforms.join(', ')})`)
        .join('<br>')
    }
  ]);
}
