// The inputs and environment variables docker/metadata-action reads besides tags, flavor and labels:
// images (with its name=…,enable=… form), sep-tags, sep-labels, sep-annotations, metadata-context
// and DOCKER_METADATA_ANNOTATIONS_LEVELS. Pure.
import type { InputReader, Inputs } from '../model/inputs.js';
import { parseChoice } from '../model/lists.js';
import { parseImages } from './image-names.js';
import { parseMetadataEnv } from './metadata-env.js';

type MetadataInputs = Pick<
  Inputs,
  'images' | 'lowercasedImages' | 'annotationLevels' | 'outputSeparators' | 'metadataContext'
>;

/** A separator as written (a space is one); empty means a newline, metadata-action's default. */
const separator = (raw: string): string => (raw === '' ? '\n' : raw);

export function parseMetadataInputs(read: InputReader, env: NodeJS.ProcessEnv): MetadataInputs {
  return {
    ...parseImages(read('image')),
    annotationLevels: parseMetadataEnv(env).annotationLevels,
    outputSeparators: {
      tags: separator(read('sep-tags')),
      labels: separator(read('sep-labels')),
      annotations: separator(read('sep-annotations'))
    },
    metadataContext: parseChoice<'workflow' | 'git'>(
      'metadata-context',
      read('metadata-context').trim(),
      ['workflow', 'git'],
      'workflow'
    )
  };
}
