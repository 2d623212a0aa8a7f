// type=pep440: Python's version scheme (1.2.3rc2, 1.0.dev4, 1.2.post1), read with @renovatebot/pep440,
// the values metadata-action's pattern gets for such a version. Pure.
import { clean, explain, major, minor, patch, valid } from '@renovatebot/pep440';

export interface Pep440Version {
  /** A pre-, post- or dev-release: only its own version is tagged, never a floating tag or latest. */
  special: boolean;
  /** {{raw}}, {{version}} (normalised), {{major}}, {{minor}}, {{patch}}. */
  values: Record<'raw' | 'version' | 'major' | 'minor' | 'patch', string>;
}

/** The version's parts; undefined when `raw` is not a PEP 440 version. */
export function readPep440(raw: string): Pep440Version | undefined {
  if (!valid(raw)) return undefined;
  const explained = explain(raw);
  const normal = clean(raw);
  if (!explained || !normal) return undefined;
  return {
    special: explained.is_prerelease || explained.is_postrelease || explained.is_devrelease,
    values: {
      raw,
      version: normal,
      major: String(major(raw)),
      minor: String(minor(raw)),
      patch: String(patch(raw))
    }
  };
}
