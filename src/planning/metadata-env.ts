// docker/metadata-action's environment variables, read once: DOCKER_METADATA_PR_HEAD_SHA,
// DOCKER_METADATA_SHORT_SHA_LENGTH and DOCKER_METADATA_ANNOTATIONS_LEVELS. Pure.
import { InputError } from '../model/errors.js';

export interface MetadataEnv {
  /** A pull request's tags and labels use its head commit, not the merge commit GitHub made. */
  prHeadSha: boolean;
  /** Hex digits of {{sha}}, type=sha and sha-<short>; undefined for the default (7). */
  shortShaLength?: number;
  /** Levels the generated annotations go to; empty for the action's default (the index). */
  annotationLevels: string[];
}

const levels = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'];
const levelPattern =
  /^(?:manifest|index|manifest-descriptor|index-descriptor)(?:\[[a-z0-9/._-]+(?:,[a-z0-9/._-]+)*\])?$/;

export function parseMetadataEnv(env: NodeJS.ProcessEnv): MetadataEnv {
  const result: MetadataEnv = {
    prHeadSha: /true/i.test(env['DOCKER_METADATA_PR_HEAD_SHA'] ?? ''),
    annotationLevels: []
  };
  const length = (env['DOCKER_METADATA_SHORT_SHA_LENGTH'] ?? '').trim();
  if (length !== '') {
    if (!/^\d+$/.test(length) || Number(length) < 1 || Number(length) > 64)
      throw new InputError('DOCKER_METADATA_SHORT_SHA_LENGTH', length, 'a whole number of hex digits, 1 to 64');
    result.shortShaLength = Number(length);
  }
  const annotationLevels = (env['DOCKER_METADATA_ANNOTATIONS_LEVELS'] ?? '')
    .split(',')
    .map((level) => level.trim())
    .filter((level) => level !== '');
  for (const level of annotationLevels) {
    if (!levelPattern.test(level))
      throw new InputError(
        'DOCKER_METADATA_ANNOTATIONS_LEVELS',
        env['DOCKER_METADATA_ANNOTATIONS_LEVELS'] ?? '',
        `comma-separated levels: ${levels.join(', ')} (a platform list in [ ] allowed)`,
        `'${level}' is not a level`
      );
  }
  result.annotationLevels = [...new Set(annotationLevels)];
  return result;
}
