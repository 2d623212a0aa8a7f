// The tags a run pushes, decided from the event and the tag inputs before anything runs.
import { parse as parseSemver } from 'semver';
import type { ImageReference, Rename, TagTarget } from './references.js';

export type RuleType = 'schedule' | 'semver' | 'pep440' | 'match' | 'edge' | 'ref' | 'raw' | 'sha';

/** One of metadata-action's rule lines (type=semver,pattern={{version}}), parsed. */
export interface TagRule {
  type: RuleType;
  /** Attributes as written (keys lower-cased), with the type's defaults filled in. */
  attrs: Readonly<Record<string, string>>;
  priority: number;
  /** The line as the user wrote it, for messages. */
  line: string;
}

/**
 * One entry of the tags input, parsed once (planning/tag-entries.ts): a rule line, a bare tag, a full
 * reference (its name lowercased), or a template, which is parsed once it is filled from the event.
 */
export type TagEntry =
  | { kind: 'rule'; text: string; rule: TagRule }
  | { kind: 'tag'; text: string }
  | { kind: 'reference'; text: string; reference: ImageReference; rename?: Rename }
  | { kind: 'template'; text: string };

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
  targets: TagTarget[];
  /** The targets whose tag floats (latest, X, X.Y) and must only move forward. */
  floating: TagTarget[];
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
