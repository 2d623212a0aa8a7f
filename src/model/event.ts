// The git event a run is for, as the planning code sees it: read from the runner's variables and
// payload once (steps/read-event.ts, made pure by planning/git-context.ts), then passed around as plain data.

export interface GitEvent {
  eventName: string;
  ref: string;
  sha: string;
  /** payload.repository.default_branch */
  defaultBranch?: string;
  prNumber?: number;
  /** payload.release.tag_name, for release events */
  releaseTag?: string;
  /** A pull request's base branch (payload.pull_request.base.ref), or a push's payload.base_ref without refs/heads/. */
  baseRef?: string;
  /** A pull request's head branch (payload.pull_request.head.ref). */
  headRef?: string;
  /** The cron line of a schedule event (payload.schedule). */
  schedule?: string;
  /** When the commit was made (ISO), from the push payload; metadata-action's {{commit_date}} falls back to now. */
  commitDate?: string;
  repositoryUrl?: string;
  repositoryName?: string;
  /** payload.repository.private: undefined when the payload does not say. */
  repositoryPrivate?: boolean;
  /** The run's page (<server>/<owner>/<repo>/actions/runs/<id>[/attempts/<n>]), provenance's builder-id. */
  runUrl?: string;
  /** ISO timestamp for org.opencontainers.image.created */
  createdAt: string;
  /** The repository's description and SPDX licence, read through the GitHub API when a token is there. */
  description?: string;
  licenses?: string;
  /** DOCKER_METADATA_SHORT_SHA_LENGTH: digits of a short SHA (7 by default). */
  shortShaLength?: number;
}

const DEFAULT_SHORT_SHA_LENGTH = 7;

/**
 * Whether the run is for a pull request: an event of the pull_request family (pull_request,
 * pull_request_target, pull_request_review, ...) or a ref under refs/pull/. The one test of it:
 * tags (pr-N), cache scopes, the commit, and `push: auto` (which pushes nothing then) all ask here.
 */
export function isPullRequest(event: Pick<GitEvent, 'eventName' | 'ref'>): boolean {
  return event.eventName.startsWith('pull_request') || event.ref.startsWith('refs/pull/');
}

/** What the GitHub API says about the repository (metadata-action's source of these labels). */
export interface RepositoryInfo {
  name?: string;
  htmlUrl?: string;
  description?: string;
  /** The licence's SPDX id. */
  license?: string;
}

/** Where the ref and the commit come from: the workflow's event (the default) or the local git checkout. */
export interface LocalCheckout {
  ref: string;
  sha: string;
  /** ISO time of the commit. */
  commitDate?: string;
}

/**
 * The commit's first hex digits (7 unless DOCKER_METADATA_SHORT_SHA_LENGTH says otherwise), as tags
 * write it (sha-1a2b3c4); empty when the event has no usable SHA.
 */
export function shortSha(sha: string, length: number = DEFAULT_SHORT_SHA_LENGTH): string {
  const text = sha.trim().toLowerCase();
  return /^[0-9a-f]{7,}$/.test(text) ? text.slice(0, Math.max(length, 1)) : '';
}
