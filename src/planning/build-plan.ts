// Pure: inputs and the git event in, the build's plan out. Table-tested in plan.test.ts.
import { checkTagTargets } from './input-rules.js';
import { producesImage } from './build-inputs.js';
import { dockerfilePath, isLocalContext, shouldPush } from './parse-inputs.js';
import type { KeyValue } from '../model/lists.js';
import type { Platform } from '../model/platforms.js';
import type {
  BuilderPlan,
  BuildModePlan,
  BuildSpec,
  DockerfileSource,
  Gathered,
  PerPlatformTarget
} from '../model/plan.js';
import { planChecks, planJob, registriesOf, repositoriesOf } from './plan-job.js';
import { formatRepository, type ImageReference } from '../model/references.js';
import type { GitEvent } from '../model/event.js';
import type { TagPlan } from '../model/tags.js';
import { secretLookingBuildArgs } from '../model/build.js';
import type { Inputs } from '../model/inputs.js';
import { describeEvent } from './event-tags.js';
import { mergeLabels, ociLabels, planAnnotations } from './oci-labels.js';
import { planTags } from './tag-plan.js';
import { planCache } from './cache-plan.js';
import { planProvenance } from './provenance.js';
import { fillValues } from './tag-templates.js';

export interface Metadata {
  plan: TagPlan;
  labels: KeyValue[];
  annotations: KeyValue[];
}

/**
 * Tags, labels and index annotations for this build, the templates in labels and annotations filled
 * from the event. Generated OCI metadata only comes with the image input.
 */
/**
 * Whether BuildKit makes an index: several platforms, or an attestation beside the one image (a
 * provenance kept inline-only is not exported beside it). Without one, it refuses index annotations.
 */
export function makesIndex(inputs: Pick<Inputs, 'platforms' | 'attests' | 'sbom'>, provenance: string): boolean {
  const off = (value: string): boolean => value === '' || /^(false|0|off)$/i.test(value);
  if (inputs.platforms.length > 1 || inputs.attests.length > 0 || !off(inputs.sbom)) return true;
  return !off(provenance) && !/inline-only=true/.test(provenance);
}

export function buildMetadata(inputs: Inputs, event: GitEvent, provenance: string = inputs.provenance): Metadata {
  const plan = planTags(event, inputs.images, inputs.tags, inputs.flavor);
  const userLabels = fillValues('labels', inputs.labels, event, plan.version);
  const userAnnotations = fillValues('annotations', inputs.annotations, event, plan.version);
  if (inputs.images.length === 0) return { plan, labels: userLabels, annotations: userAnnotations };
  // The plan's version is the event's, or with rule lines the first tag, as metadata-action labels it.
  const generated = ociLabels(event, { ...describeEvent(event), version: plan.version });
  const labels = mergeLabels(generated, userLabels);
  // The same keys on the index by default, so registries show them for the whole multi-arch image.
  // One platform without an attestation has no index at all, and BuildKit refuses index annotations then.
  const hasIndex = makesIndex(inputs, provenance);
  const userAt = inputs.annotationLevels;
  const generatedAt = userAt.length > 0 ? userAt : hasIndex ? ['index'] : [];
  return { plan, labels, annotations: planAnnotations(generated, userAnnotations, { generatedAt, userAt }) };
}

/** Where a per-platform matrix job pushes its one platform, untagged, for a later merge. */
function perPlatformTarget(inputs: Pick<Inputs, 'images'>): PerPlatformTarget {
  return { repository: formatRepository(inputs.images[0] as ImageReference) };
}

function buildWarnings(inputs: Inputs): string[] {
  return secretLookingBuildArgs(inputs).map(
    (key) =>
      `build-arg ${key} looks like a secret. Build args are stored in the image metadata; pass it with the secrets input instead (mounted with RUN --mount=type=secret,id=${key}).`
  );
}

/** What buildx build is given besides the platforms, tags, labels and annotations. */
export function buildSpec(inputs: Inputs): BuildSpec {
  const { context, file, buildArgs, secrets, target, network, cacheFrom, cacheTo, provenance, noCache, pull, load } =
    inputs;
  const { secretFiles, secretEnvs, ssh, buildContexts, outputs, sbom, attests, addHosts, shmSize, ulimit } = inputs;
  const { allow, noCacheFilters, call, githubToken } = inputs;
  return {
    ...{ context, file, buildArgs, secrets, target, network, cacheFrom, cacheTo, provenance, noCache, pull, load },
    ...{ secretFiles, secretEnvs, ssh, buildContexts, outputs, sbom, attests, addHosts, shmSize, ulimit },
    ...{ allow, noCacheFilters, call, githubToken }
  };
}

/** The builder, and what driver: auto decides from. */
export function builderPlan(inputs: Inputs): BuilderPlan {
  const { driver, builder, nodes, driverOpts, buildkitdFlags, endpoint, buildkitdConfig, buildkitdConfigInline } =
    inputs;
  return {
    ...{ driver, builder, nodes, driverOpts, buildkitdFlags, endpoint, buildkitdConfig, buildkitdConfigInline },
    remoteTls: inputs.remoteTls,
    load: inputs.load,
    cacheToTypes: inputs.cacheTo.map(({ type }) => type),
    emulators: { enabled: inputs.qemu === 'auto', image: inputs.qemuImage }
  };
}

/** The Dockerfile of a local context; undefined for a remote one (a git or https URL). */
function dockerfileSource(
  inputs: Inputs,
  buildArgs: KeyValue[],
  text: string | undefined
): DockerfileSource | undefined {
  if (!isLocalContext(inputs.context)) return undefined;
  const { target, buildContexts } = inputs;
  return { path: dockerfilePath(inputs), ...(text === undefined ? {} : { text }), buildArgs, target, buildContexts };
}

/** The daemon to ping first: a unix:// endpoint of the docker drivers, else the user's own ('' ). */
function daemonOf(inputs: Pick<Inputs, 'driver' | 'endpoint'>): string {
  return inputs.driver !== 'remote' && inputs.endpoint.startsWith('unix://') ? inputs.endpoint : '';
}

/** The build's plan: every decision that needs only the inputs, the event, the runner's own platform and the files gathered before. */
export function planBuild(inputs: Inputs, event: GitEvent, native: Platform, gathered: Gathered = {}): BuildModePlan {
  // outputs and call replace the image the action would push.
  const push = producesImage(inputs) && shouldPush(inputs.push, event);
  const provenance = planProvenance(inputs, event, push);
  const metadata = buildMetadata(inputs, event, provenance);
  checkTagTargets('build', metadata.plan.targets, push, inputs.pushByDigest);
  const digestTarget = inputs.pushByDigest ? perPlatformTarget(inputs) : undefined;
  const written = digestTarget ? inputs.images.slice(0, 1) : metadata.plan.targets;
  const buildArgs = fillValues('build-args', inputs.buildArgs, event, metadata.plan.version);
  const dockerfile = dockerfileSource(inputs, buildArgs, gathered.dockerfile);
  const builder = builderPlan(inputs);
  // A cache exported to a registry writes there even when the image is not pushed.
  const job = planJob(
    inputs,
    metadata.plan.targets,
    daemonOf(inputs),
    push || builder.cacheToTypes.includes('registry')
  );
  const plan: BuildModePlan = {
    mode: 'build',
    event,
    job,
    push,
    // A per-platform job pushes no user tag; its merge promotes.
    promote: push && !digestTarget,
    registries: registriesOf(written),
    repositories: repositoriesOf(written),
    tags: metadata.plan,
    labels: metadata.labels,
    annotations: metadata.annotations,
    outputSeparators: inputs.outputSeparators,
    platforms: inputs.platforms,
    checks: { ...planChecks(inputs), ...(dockerfile ? { finalStage: dockerfile } : {}) },
    warnings: buildWarnings(inputs),
    lowercased: [...inputs.lowercasedImages, ...(metadata.plan.lowercased ?? [])],
    native,
    preflight: {
      level: inputs.platformCheck,
      ...(dockerfile ? { dockerfile } : {}),
      ...(job.skippedLogins ? { skippedLogins: job.skippedLogins } : {})
    },
    builder,
    build: { ...buildSpec(inputs), buildArgs, provenance },
    cache: planCache(inputs, event, { repository: repositoriesOf(written)[0] ?? '', push })
  };
  if (digestTarget) plan.digestTarget = digestTarget;
  return plan;
}
