// The tags a run pushes, decided from the event and the tag inputs before anything runs.
import { parse as parseSemver } from 'semver';
import type { Rename } from './references.js';

/** metadata-action's flavor: how rule tags get latest, a prefix and a suffix. */
export interface Flavor {
  latest: 'auto' | 'true' | 'false';
  prefix: string;
  prefixOnLatest: boolean;
  suffix: string;
  suffixOnLatest: boolean;
}

export interface TagPlan {
  /** Full references, de-duplicated, in a stable order (image by image, tag by tag). */
  references: string[];
  /** The references whose tag floats (latest, X, X.Y) and must only move forward. */
  floating: { reference: string; tag: string }[];
  version: string;
  /** Full references in tags given with capitals in their name, and the lowercase name used. */
  lowercased?: Rename[];
  /** Rules that gave no tag for this event, and why (metadata-action warns about the same). */
  warnings?: string[];
}

/** May a floating tag that now points at `carried` move to `candidate`? Unknown carried versions never block. */
export function isNewerOrEqual(candidate: string, carried: string | undefined): boolean {
  const current = carried === undefined ? null : parseSemver(carried.trim(), { loose: true });
  if (current === null) return true;
  // A non-release cannot prove it is newer than a release.
  const next = parseSemver(candidate.trim(), { loose: true });
  return next !== null && next.compare(current) >= 0;
}
