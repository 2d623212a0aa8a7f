// The json, tag-names and annotations outputs in metadata-action's shapes, so later steps written
// for it (fromJSON(steps.x.outputs.json).labels['org.opencontainers.image.version'], …) keep working.
import type { KeyValue } from '../../model/lists.js';
import { parseImageReference } from '../../model/references.js';

export interface MetadataOutputs {
  /** {"tags": [...], "labels": {...}, "annotations": ["level:key=value", ...]} */
  json: string;
  /** The tags without repositories, one per line, each once. */
  tagNames: string;
  /** level:key=value per line. */
  annotations: string;
}

const levelPrefix = /^(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?:/;

/** buildx puts an annotation without a level on the manifests; metadata-action always writes the level. */
function annotationLine({ key, value }: KeyValue): string {
  return `${levelPrefix.test(key) ? key : `manifest:${key}`}=${value}`;
}

function tagNameOf(reference: string): string {
  // Entries without an image are bare tags already.
  if (!reference.includes('/') && !reference.includes(':')) return reference;
  return parseImageReference(reference).tag ?? 'latest';
}

/**
 * Pure: the outputs metadata-action users read, from the references (what was pushed, or the plan's
 * references), the labels and the annotations the build used.
 */
export function metadataOutputs(metadata: {
  references: readonly string[];
  labels: readonly KeyValue[];
  annotations: readonly KeyValue[];
}): MetadataOutputs {
  const annotations = metadata.annotations.map(annotationLine);
  const labels = Object.fromEntries(metadata.labels.map(({ key, value }) => [key, value]));
  return {
    json: JSON.stringify({ tags: [...metadata.references], labels, annotations }),
    tagNames: [...new Set(metadata.references.map(tagNameOf))].join('\n'),
    annotations: annotations.join('\n')
  };
}
