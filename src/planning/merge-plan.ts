// Pure: the merge's plan from the inputs and the event, and the checks on what the sources hold.
import { ActionError } from '../model/errors.js';
import { checkTagTargets } from './input-rules.js';
import { shouldPush } from './parse-inputs.js';
import type { KeyValue } from '../model/lists.js';
import { formatPlatform, type Platform } from '../model/platforms.js';
import { planChecks, planJob, registriesOf, repositoriesOf } from './plan-job.js';
import type { CheckPlan, MergeModePlan } from '../model/plan.js';
import type { GitEvent } from '../model/event.js';
import { mediaTypes, type OciDocument } from '../model/oci.js';
import type { InspectedSource } from '../model/sources.js';
import type { Inputs } from '../model/inputs.js';
import { planTags } from './tag-plan.js';
import { fillValues } from './tag-templates.js';

export interface SourceCoverage {
  /** Normalised platforms of the merged index: the requested order, else the sources' order. */
  platforms: string[];
  /** The sources pinned by digest, in the given order. */
  sources: string[];
}

// The merge's platforms are the registry's, normalised as text (registry/document.ts); model/platforms.ts splits them.

/** Checks that the sources add up to one image per platform, and to exactly the requested ones. */
export function coverSources(
  sources: readonly InspectedSource[],
  requested: readonly Platform[] | undefined
): SourceCoverage {
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

/** The annotation key at index level, or undefined for another level (manifest:, ...-descriptor:). */
export function indexLevelKey(key: string): string | undefined {
  if (key.startsWith('index:')) return key.slice('index:'.length);
  return /^[a-z-]+:/.test(key) ? undefined : key;
}

/**
 * The merged index's annotations: what every index source agrees on, then the user's annotations,
 * which win. An index is all a merge creates, so unprefixed ones go on it too.
 */
export function indexAnnotations(
  sources: readonly Pick<InspectedSource, 'annotations'>[],
  user: readonly KeyValue[]
): Record<string, string> {
  const [first, ...rest] = sources.flatMap(({ annotations }) => (annotations ? [annotations] : []));
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(first ?? {}))
    if (rest.every((other) => other[key] === value)) merged[key] = value;
  for (const { key, value } of user) {
    const level = indexLevelKey(key);
    if (level !== undefined) merged[level] = value;
  }
  return merged;
}

/**
 * The merged index: every source's entries in the order given, attestations included (so
 * provenance survives), with the annotations. A Docker manifest list when every entry is a Docker
 * manifest and there is nothing to annotate (it cannot carry annotations), an OCI index otherwise.
 */
export function mergedIndex(
  sources: readonly Pick<InspectedSource, 'entries' | 'annotations'>[],
  user: readonly KeyValue[]
): { mediaType: string; document: OciDocument } {
  const manifests = sources.flatMap(({ entries }) => entries);
  const annotations = indexAnnotations(sources, user);
  const annotated = Object.keys(annotations).length > 0;
  const mediaType =
    !annotated && manifests.every((entry) => entry.mediaType === mediaTypes.dockerManifest)
      ? mediaTypes.dockerManifestList
      : mediaTypes.ociIndex;
  return { mediaType, document: { schemaVersion: 2, mediaType, manifests, ...(annotated ? { annotations } : {}) } };
}

function mergeWarnings(inputs: Inputs): string[] {
  return inputs.annotations
    .filter(({ key }) => indexLevelKey(key) === undefined)
    .map(
      ({ key }) =>
        `annotation ${key} is left out of the merge: it only creates the index (set other levels on the build jobs).`
    );
}

/** The merged index is audited before its tags move; the smoke runs belong to the build jobs, which have a daemon. */
function mergeChecks(inputs: Inputs): CheckPlan {
  const { verify, audit, auditIgnore, auditLimits, auditCache } = planChecks(inputs);
  return { verify, audit, auditIgnore, auditLimits, auditCache };
}

/** The merge's plan: the final tags (the same rules as a build), the sources, the login and the checks. */
export function planMerge(inputs: Inputs, event: GitEvent): MergeModePlan {
  const tags = planTags(event, inputs.images, inputs.tags, inputs.flavor);
  const annotations = fillValues('annotations', inputs.annotations, event, tags.version);
  checkTagTargets('merge', tags.targets, true, false);
  const push = shouldPush(inputs.push, event);
  const plan: MergeModePlan = {
    mode: 'merge',
    event,
    // A merge reads and writes registries only: no daemon.
    job: planJob(inputs, tags.targets, undefined, push),
    push,
    promote: push,
    registries: registriesOf([...tags.targets, ...inputs.sources.map(({ image }) => image)]),
    repositories: repositoriesOf(tags.targets),
    tags,
    labels: [],
    annotations,
    outputSeparators: inputs.outputSeparators,
    platforms: inputs.platforms,
    checks: mergeChecks(inputs),
    warnings: mergeWarnings(inputs),
    lowercased: [...inputs.lowercasedImages, ...(tags.lowercased ?? [])],
    sources: inputs.sources
  };
  return plan;
}
