// Pure: the OCI labels a run generates from the event, and the user's labels on top of them.
import type { GitEvent } from '../model/event.js';
import type { KeyValue } from '../model/lists.js';
import type { ReleaseInfo } from './event-tags.js';

/**
 * metadata-action's labels: source, revision, version, created, title and url always, empty when the
 * event does not say (a run with no tag gives `version=`); description and licenses only when the
 * GitHub API gave them.
 */
export function ociLabels(event: GitEvent, info: ReleaseInfo): KeyValue[] {
  const entries: [string, string | undefined][] = [
    ['source', event.repositoryUrl],
    ['revision', event.sha],
    ['version', info.version],
    ['created', event.createdAt],
    ['title', event.repositoryName],
    ['url', event.repositoryUrl]
  ];
  if (event.description !== undefined) entries.push(['description', event.description]);
  if (event.licenses !== undefined) entries.push(['licenses', event.licenses]);
  return entries.map(([name, value]) => ({ key: `org.opencontainers.image.${name}`, value: value?.trim() ?? '' }));
}

/** User labels override generated ones in place; user-only keys follow in the user's order. */
export function mergeLabels(generated: KeyValue[], user: KeyValue[]): KeyValue[] {
  const merged = new Map<string, string>();
  for (const label of [...generated, ...user]) merged.set(label.key, label.value);
  return [...merged].map(([key, value]) => ({ key, value }));
}

const levelPrefix = /^(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?:/;

/**
 * The annotations a build sets: the generated OCI keys (not the user's labels) at each of
 * `generatedAt`, and the user's annotations; with `userAt` (DOCKER_METADATA_ANNOTATIONS_LEVELS) a
 * user line without a level goes to each of those levels, as metadata-action writes them. The user's win:
 * a key the user sets, at whatever level, is not generated.
 */
export function planAnnotations(
  generated: KeyValue[],
  user: KeyValue[],
  levels: { generatedAt: readonly string[]; userAt: readonly string[] }
): KeyValue[] {
  const atLevels = (entries: KeyValue[], at: readonly string[]) =>
    at.flatMap((level) => entries.map(({ key, value }) => ({ key: `${level}:${key}`, value })));
  const userAtLevels =
    levels.userAt.length === 0
      ? user
      : user.flatMap((entry) => (levelPrefix.test(entry.key) ? [entry] : atLevels([entry], levels.userAt)));
  const userKeys = new Set(user.map(({ key }) => key.replace(levelPrefix, '')));
  const kept = generated.filter(({ key }) => !userKeys.has(key));
  return mergeLabels(atLevels(kept, levels.generatedAt), userAtLevels);
}
