// Pure: the OCI labels a run generates from the event, and the user's labels on top of them.
import type { GitEvent } from '../model/event.js';
import type { KeyValue } from '../model/lists.js';
import type { ReleaseInfo } from './event-tags.js';

export function ociLabels(event: GitEvent, info: ReleaseInfo): KeyValue[] {
  const entries: [string, string | undefined][] = [
    ['source', event.repositoryUrl],
    ['revision', event.sha],
    ['version', info.version],
    ['created', event.createdAt],
    ['title', event.repositoryName],
    ['url', event.repositoryUrl]
  ];
  return entries
    .map(([name, value]) => ({ key: `org.opencontainers.image.${name}`, value: value?.trim() ?? '' }))
    .filter((label) => label.value !== '');
}

/** User labels override generated ones in place; user-only keys follow in the user's order. */
export function mergeLabels(generated: KeyValue[], user: KeyValue[]): KeyValue[] {
  const merged = new Map<string, string>();
  for (const label of [...generated, ...user]) merged.set(label.key, label.value);
  return [...merged].map(([key, value]) => ({ key, value }));
}
