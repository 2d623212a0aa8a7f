// docker/metadata-action's environment variables, read once with clear errors.
import { InputError } from '../../../src/model/errors.js';
import { parseMetadataEnv, type MetadataEnv } from '../../../src/planning/metadata-env.js';

describe('parseMetadataEnv', () => {
  it.each<[string, NodeJS.ProcessEnv, MetadataEnv]>([
    ['nothing set', {}, { prHeadSha: false, annotationLevels: [] }],
    [
      'PR head SHA (as metadata-action: /true/i)',
      { DOCKER_METADATA_PR_HEAD_SHA: 'True' },
      { prHeadSha: true, annotationLevels: [] }
    ],
    ['PR head SHA off', { DOCKER_METADATA_PR_HEAD_SHA: 'false' }, { prHeadSha: false, annotationLevels: [] }],
    [
      'short SHA length',
      { DOCKER_METADATA_SHORT_SHA_LENGTH: '12' },
      { prHeadSha: false, shortShaLength: 12, annotationLevels: [] }
    ],
    [
      'empty short SHA length is the default',
      { DOCKER_METADATA_SHORT_SHA_LENGTH: ' ' },
      { prHeadSha: false, annotationLevels: [] }
    ],
    [
      'annotation levels, each once',
      { DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest, index,manifest,manifest[linux/amd64]' },
      { prHeadSha: false, annotationLevels: ['manifest', 'index', 'manifest[linux/amd64]'] }
    ]
  ])('%s', (_name, env, expected) => {
    expect(parseMetadataEnv(env)).toEqual(expected);
  });

  it.each<[NodeJS.ProcessEnv, string]>([
    [{ DOCKER_METADATA_SHORT_SHA_LENGTH: 'seven' }, 'DOCKER_METADATA_SHORT_SHA_LENGTH'],
    [{ DOCKER_METADATA_SHORT_SHA_LENGTH: '0' }, 'DOCKER_METADATA_SHORT_SHA_LENGTH'],
    [{ DOCKER_METADATA_SHORT_SHA_LENGTH: '-3' }, 'DOCKER_METADATA_SHORT_SHA_LENGTH'],
    [{ DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest,layer' }, 'DOCKER_METADATA_ANNOTATIONS_LEVELS']
  ])('%j is refused, naming the variable', (env, name) => {
    expect(() => parseMetadataEnv(env)).toThrow(InputError);
    expect(() => parseMetadataEnv(env)).toThrow(`'${name}'`);
  });
});
