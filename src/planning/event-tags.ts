// Pure: what a git event is (a release, a tag, a branch, a pull request) and the tags it gives on
// its own, with the action's own rules (no tag rules given).
import { parse as parseSemver } from 'semver';
import { isPullRequest, shortSha, type GitEvent } from '../model/event.js';

interface SemverParts {
  major: number;
  minor: number;
  patch: number;
  prerelease: boolean;
}

export interface ReleaseInfo {
  kind: 'release' | 'prerelease' | 'tag' | 'branch' | 'pr' | 'other';
  /** The semver version for (pre)releases, else the sanitised tag/branch name, pr-N, or sha-xxxxxxx. */
  version: string;
  semver?: SemverParts;
  /** The branch name as pushed (unsanitised), for branch refs. */
  branch?: string;
  /** The commit's short SHA (7 hex digits by default); empty when the event carries no usable SHA. */
  shortSha: string;
}

/** Docker tag rules: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}. Empty when nothing usable is left. */
export function sanitizeTag(name: string): string {
  return name
    .replace(/[^A-Za-z0-9_.-]/gu, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

export function pullRequestNumber(event: GitEvent): number | undefined {
  if (event.prNumber !== undefined) return event.prNumber;
  const match = /^refs\/pull\/(\d+)\//.exec(event.ref);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The git tag this run is for: the release's own tag wins over the ref. */
function tagName(event: GitEvent): string | undefined {
  if (event.eventName === 'release' && event.releaseTag) return event.releaseTag;
  return event.ref.startsWith('refs/tags/') ? event.ref.slice('refs/tags/'.length) : undefined;
}

export function describeEvent(event: GitEvent): ReleaseInfo {
  const sha = shortSha(event.sha, event.shortShaLength);
  const shaVersion = sha ? `sha-${sha}` : '';
  if (isPullRequest(event)) {
    const number = pullRequestNumber(event);
    if (number !== undefined && Number.isSafeInteger(number) && number > 0)
      return { kind: 'pr', version: `pr-${number}`, shortSha: sha };
    // pull_request_target's ref is the base branch: never let it pass for a push of that branch.
    return { kind: 'other', version: shaVersion, shortSha: sha };
  }
  const tag = tagName(event);
  if (tag !== undefined) {
    const parsed = parseSemver(tag.trim(), { loose: true });
    if (parsed) {
      const prerelease = parsed.prerelease.length > 0;
      return {
        kind: prerelease ? 'prerelease' : 'release',
        version: parsed.version,
        semver: { major: parsed.major, minor: parsed.minor, patch: parsed.patch, prerelease },
        shortSha: sha
      };
    }
    return { kind: 'tag', version: sanitizeTag(tag) || shaVersion, shortSha: sha };
  }
  if (event.ref.startsWith('refs/heads/')) {
    const branch = event.ref.slice('refs/heads/'.length);
    return { kind: 'branch', version: sanitizeTag(branch) || shaVersion, branch, shortSha: sha };
  }
  return { kind: 'other', version: shaVersion, shortSha: sha };
}

/** Tags derived from the event alone, most specific first. */
export function eventTags(event: GitEvent, info: ReleaseInfo): string[] {
  const tags: string[] = [];
  if (info.kind === 'release' && info.semver) {
    const { major, minor } = info.semver;
    tags.push(info.version, `${major}.${minor}`);
    // A bare 0 would float across breaking 0.x releases.
    if (major > 0) tags.push(`${major}`);
    tags.push('latest');
  } else if (info.kind === 'branch') {
    const name = sanitizeTag(info.branch ?? '');
    if (name) tags.push(name);
    if (event.defaultBranch !== undefined && info.branch === event.defaultBranch) tags.push('edge');
  } else if (info.kind !== 'other' && info.version) {
    tags.push(info.version);
  }
  if (info.shortSha) tags.push(`sha-${info.shortSha}`);
  return tags;
}

/** What the run is for, in words, for error messages. */
export function runDescription(event: GitEvent, info: ReleaseInfo): string {
  switch (info.kind) {
    case 'release':
    case 'prerelease':
      return `${info.kind} ${tagName(event) ?? info.version}`;
    case 'tag':
      return `tag '${tagName(event) ?? info.version}', which is not semver`;
    case 'branch':
      return `branch '${info.branch ?? ''}'`;
    case 'pr':
      return `pull request ${info.version}`;
    case 'other':
      return `a ${event.eventName || 'run'} event on ${event.ref || 'no ref'}`;
  }
}
