// The build cache of the `cache` input: one GitHub Actions cache scope, or one registry tag, per
// image and platform, so that platforms and matrix legs never overwrite each other's cache.
import type { KeyValue } from './lists.js';
import { formatPlatform, type Platform } from './platforms.js';

/**
 * One cache-from or cache-to entry, split once (parseCacheEntry) and carried as it is: buildx gets
 * its text, the builder its type, and the redaction and the credential move its fields.
 */
export interface CacheEntry {
  /** As written: what buildx is given unless a credential moves to the environment. */
  text: string;
  /** type=, or registry for an image reference given as shorthand. */
  type: string;
  /** An image reference given as shorthand for type=registry. */
  shorthand: boolean;
  /** The key=value fields (trimmed, split at the first =); undefined for the shorthand or when a field is not key=value. */
  fields?: KeyValue[];
  /** Quoted CSV, which buildx reads itself: passed on as written. */
  quoted: boolean;
}

/** Splits a cache entry: CSV key=value fields with a type=, or an image reference (no =) as shorthand for type=registry. */
export function parseCacheEntry(text: string): CacheEntry {
  const quoted = text.includes('"');
  if (!text.includes('=')) return { text, type: 'registry', shorthand: true, quoted };
  const fields: KeyValue[] = [];
  let complete = true;
  for (const field of text.split(',').map((part) => part.trim())) {
    const separator = field.indexOf('=');
    if (separator > 0) fields.push({ key: field.slice(0, separator), value: field.slice(separator + 1) });
    else complete = false;
  }
  const type = fields.find(({ key }) => key === 'type')?.value.trim() ?? '';
  return complete ? { text, type, shorthand: false, fields, quoted } : { text, type, shorthand: false, quoted };
}

export type CacheMode = 'auto' | 'gha' | 'registry' | 'off';
export const cacheModes: readonly CacheMode[] = ['auto', 'gha', 'registry', 'off'];

/** What the cache input decided while planning; the builder's part (auto) is decided when the builder exists. */
export interface CachePlan {
  mode: CacheMode;
  /** Set when the mode adds nothing although it is not off (explicit cache-from/cache-to win, no-cache): why. */
  skip?: string;
  /** The run may write a cache only when something leaves the runner (push is on). */
  write: boolean;
  /** The repository next to which cache: registry keeps its tags, and which names the gha scopes; '' when none. */
  repository: string;
  /** gha: the branch (or tag) of the run, whose scope it writes and reads first. */
  branch: string;
  /** gha: the repository's default branch, whose scope a branch reads next; undefined when the event does not say. */
  defaultBranch?: string;
}

/** The tag suffix of one platform: linux/arm/v7 → linux-arm-v7. */
function platformSlug(platform: Platform): string {
  return formatPlatform(platform).replace(/\//g, '-');
}

/** The one tag per platform that cache: registry writes next to the image: buildcache-linux-arm64. */
export function registryCacheTag(platform: Platform): string {
  return `buildcache-${platformSlug(platform)}`;
}

/** A gha scope: GitHub's cache keys take no comma, and buildx reads the scope from a CSV field. */
function scopePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._/-]/g, '-');
}

/** The gha scope of one image, platform and branch: ghcr.io/acme/app-linux-arm64-main. */
export function ghaScope(repository: string, platform: Platform, branch: string): string {
  return [scopePart(repository || 'image'), platformSlug(platform), scopePart(branch || 'detached')].join('-');
}
