// Pure: inputs and the git event in, the build's plan out. Table-tested in plan.test.ts.
import { checkTagTargets } from './input-rules.js';
import { producesImage, secretLookingBuildArgs } from './build-inputs.js';
import { shouldPush, type Inputs } from './inputs.js';
import type { KeyValue } from './lists.js';
import type { Platform } from './platforms.js';
import {
  planChecks,
  planLogin,
  registriesOf,
  repositoriesOf,
  secretsOf,
  type BuildModePlan,
  type PerPlatformTarget
} from './plan.js';
import { formatRepository, type ImageReference } from './references.js';
import { describeEvent, mergeLabels, ociLabels, planTags, type GitEvent, type TagPlan } from './release-tags.js';

export interface Metadata {
  plan: TagPlan;
  labels: KeyValue[];
  annotations: KeyValue[];
}

/** Tags, labels and index annotations for this build. Generated OCI metadata only comes with the image input. */
export function buildMetadata(inputs: Inputs, event: GitEvent): Metadata {
  const plan = planTags(event, inputs.images, inputs.tags, inputs.flavor);
  if (inputs.images.length === 0) return { plan, labels: inputs.labels, annotations: inputs.annotations };
  // The plan's version is the event's, or with rule lines the first tag, as metadata-action labels it.
  const generated = ociLabels(event, { ...describeEvent(event), version: plan.version });
  const labels = mergeLabels(generated, inputs.labels);
  // The same keys on the index, so registries show them for the whole multi-arch image. One
  // platform without provenance has no index at all, and BuildKit refuses index annotations then.
  const hasIndex = inputs.platforms.length > 1 || !/^(false|0|off)$/i.test(inputs.provenance);
  if (!hasIndex) return { plan, labels, annotations: inputs.annotations };
  const indexAnnotations = labels
    .filter(({ key }) => key.startsWith('org.opencontainers.image.'))
    .map(({ key, value }) => ({ key: `index:${key}`, value }));
  return { plan, labels, annotations: mergeLabels(indexAnnotations, inputs.annotations) };
}

/** Where a per-platform matrix job pushes its one platform, untagged, for a later merge. */
export function perPlatformTarget(inputs: Pick<Inputs, 'images'>): PerPlatformTarget {
  return { repository: formatRepository(inputs.images[0] as ImageReference) };
}

function buildWarnings(inputs: Inputs): string[] {
  return secretLookingBuildArgs(inputs).map(
    (key) =>
      `build-arg ${key} looks like a secret. Build args are stored in the image metadata; pass it with the secrets input instead (mounted with RUN --mount=type=secret,id=${key}).`
  );
}

/** The build's plan: every decision that needs only the inputs, the event and the runner's own platform. */
export function planBuild(inputs: Inputs, event: GitEvent, native: Platform): BuildModePlan {
  // outputs and call replace the image the action would push.
  const push = producesImage(inputs) && shouldPush(inputs.push, event.eventName);
  const metadata = buildMetadata(inputs, event);
  checkTagTargets('build', metadata.plan.references, push, inputs.pushByDigest);
  const digestTarget = inputs.pushByDigest ? perPlatformTarget(inputs) : undefined;
  const written = digestTarget ? [digestTarget.repository] : metadata.plan.references;
  const plan: BuildModePlan = {
    mode: 'build',
    inputs,
    event,
    push,
    // A per-platform job pushes no user tag; its merge promotes.
    promote: push && !digestTarget,
    registries: registriesOf(written),
    repositories: repositoriesOf(written),
    tags: metadata.plan,
    labels: metadata.labels,
    annotations: metadata.annotations,
    platforms: inputs.platforms,
    checks: planChecks(inputs),
    secrets: secretsOf(inputs),
    warnings: buildWarnings(inputs),
    native,
    builder: { driver: inputs.driver, endpoint: inputs.endpoint, checkDaemon: true },
    emulators: { enabled: inputs.qemu === 'auto', image: inputs.qemuImage }
  };
  const login = planLogin(inputs, metadata.plan.references);
  if (login) plan.login = login;
  if (digestTarget) plan.digestTarget = digestTarget;
  return plan;
}
