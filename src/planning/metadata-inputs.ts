// The inputs and environment variables docker/metadata-action reads besides tags, flavor and labels:
// images (with its name=…,enable=… form), sep-tags, sep-labels, sep-annotations, metadata-context
// and its DOCKER_METADATA_* variables, each parsed once here (the event is read with them). Pure.
import type { InputReader, Inputs } from '../model/inputs.js';
import { parseChoice } from '../model/lists.js';
import { parseImages } from './image-names.js';
import { parseMetadataEnv } from './metadata-env.js';

type MetadataInputs = Pick<
  Inputs,
  | 'images'
  | 'lowercasedImages'
  | 'annotationLevels'
  | 'prHeadSha'
  | 'shortShaLength'
  | 'outputSeparators'
  | 'metadataContext'
>;

/** A separator as written (a space is one); empty means a newline, metadata-action's default. */
const separator = (raw: string): string => (raw === '' ? '\n' : raw);

export function parseMetadataInputs(read: InputReader, env: NodeJS.ProcessEnv): MetadataInputs {
  const { annotationLevels, prHeadSha, shortShaLength } = parseMetadataEnv(env);
  return {
    ...parseImages(read('image')),
    annotationLevels,
    prHeadSha,
    ...(shortShaLength === undefined ? {} : { shortShaLength }),
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
