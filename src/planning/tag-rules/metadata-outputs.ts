// The tags, tag-names, labels, annotations and json outputs in metadata-action's shapes, joined with
// its sep-tags, sep-labels and sep-annotations, so later steps written for it
// (fromJSON(steps.x.outputs.json).labels['org.opencontainers.image.version'], …) keep working.
import type { OutputSeparators } from '../../model/inputs.js';
import type { KeyValue } from '../../model/lists.js';
import { targetTexts, type TagTarget } from '../../model/references.js';

export interface MetadataOutputs {
  /** The references, joined by sep-tags. */
  tags: string;
  /** key=value, sorted by key as metadata-action sorts them, joined by sep-labels. */
  labels: string;
  /** {"tags": [...], "tag-names": [...], "labels": {...}, "annotations": ["level:key=value", ...]} */
  json: string;
  /** The tags without repositories, each once, joined by sep-tags. */
  tagNames: string;
  /** level:key=value, joined by sep-annotations. */
  annotations: string;
}

const NEWLINE_SEPARATORS: Readonly<OutputSeparators> = Object.freeze({
  tags: '\n',
  labels: '\n',
  annotations: '\n'
});

const levelPrefix = /^(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?:/;

/** buildx puts an annotation without a level on the manifests; metadata-action always writes the level. */
function withLevel({ key, value }: KeyValue): { level: string; key: string; value: string } {
  const level = levelPrefix.exec(key)?.[0] ?? 'manifest:';
  return { level, key: key.startsWith(level) ? key.slice(level.length) : key, value };
}

/** Level by level (in the order they first come), keys sorted within a level, as metadata-action lists them. */
function annotationLines(annotations: readonly KeyValue[]): string[] {
  const leveled = annotations.map(withLevel);
  const levels = [...new Set(leveled.map(({ level }) => level))];
  return levels.flatMap((level) =>
    leveled
      .filter((entry) => entry.level === level)
      .sort((a, b) => a.key.localeCompare(b.key))
      .map(({ key, value }) => `${level}${key}=${value}`)
  );
}

/**
 * Pure: the outputs metadata-action users read, from the references (what was pushed, or the plan's
 * references), the labels and the annotations the build used.
 */
export function metadataOutputs(
  metadata: { references: readonly TagTarget[]; labels: readonly KeyValue[]; annotations: readonly KeyValue[] },
  separators: Readonly<OutputSeparators> = NEWLINE_SEPARATORS
): MetadataOutputs {
  const annotations = annotationLines(metadata.annotations);
  const labels = [...metadata.labels].sort((a, b) => a.key.localeCompare(b.key));
  const tagNames = [...new Set(metadata.references.map(({ tag }) => tag))];
  const references = targetTexts(metadata.references);
  return {
    tags: references.join(separators.tags),
    labels: labels.map(({ key, value }) => `${key}=${value}`).join(separators.labels),
    json: JSON.stringify({
      tags: references,
      'tag-names': tagNames,
      labels: Object.fromEntries(labels.map(({ key, value }) => [key, value])),
      annotations
    }),
    tagNames: tagNames.join(separators.tags),
    annotations: annotations.join(separators.annotations)
  };
}
