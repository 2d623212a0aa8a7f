// Pure: the event the tags and labels are made from, out of what the gathering step read
// (steps/read-event.ts: @actions/github's context, the checkout, the GitHub API).
import { isPullRequest, type GitEvent, type LocalCheckout, type RepositoryInfo } from '../model/event.js';

/** The parts of the runner's event payload the tag rules read. */
export interface EventPayload {
  repository?: { default_branch?: string; html_url?: string; name?: string; private?: boolean };
  pull_request?: { number?: number; base?: { ref?: string }; head?: { ref?: string; sha?: string } };
  release?: { tag_name?: string };
  number?: number;
  base_ref?: string | null;
  schedule?: string;
  head_commit?: { id?: string; timestamp?: string } | null;
  commits?: { id?: string; timestamp?: string }[];
}

export interface RunnerContext {
  eventName: string;
  ref: string;
  sha: string;
  serverUrl: string;
  /** GITHUB_REPOSITORY, owner/name. */
  repository: string;
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT; empty when not run by the runner. */
  runId?: string;
  runAttempt?: string;
  payload: EventPayload;
  /** DOCKER_METADATA_PR_HEAD_SHA: a pull request's head commit instead of the merge commit. */
  prHeadSha?: boolean;
  /** DOCKER_METADATA_SHORT_SHA_LENGTH. */
  shortShaLength?: number;
}

/** The commit the run is for: with DOCKER_METADATA_PR_HEAD_SHA, a pull request's head commit, as metadata-action does. */
function commitOf(runner: RunnerContext): string {
  const head = runner.payload.pull_request?.head?.sha;
  return runner.prHeadSha && isPullRequest(runner) && head ? head : runner.sha;
}

/** The run's page, as build-push-action writes provenance's builder-id; undefined without a run id. */
function runUrlOf(runner: RunnerContext): string | undefined {
  if (!runner.runId || !runner.repository) return undefined;
  const attempt = runner.runAttempt ? `/attempts/${runner.runAttempt}` : '';
  return `${runner.serverUrl}/${runner.repository}/actions/runs/${runner.runId}${attempt}`;
}

/** When the commit was made, from the push payload; undefined when the payload does not say. */
function commitDateOf(payload: EventPayload, sha: string): string | undefined {
  const fromCommits = payload.commits?.find((commit) => commit.id === sha)?.timestamp;
  if (fromCommits) return fromCommits;
  return payload.head_commit?.id === sha ? payload.head_commit.timestamp : undefined;
}

/** Pure: the event as the planning code sees it, from the runner's variables and payload. */
export function gitEventFrom(runner: RunnerContext, now: Date): GitEvent {
  const { payload } = runner;
  const sha = commitOf(runner);
  const repositoryUrl =
    payload.repository?.html_url ?? (runner.repository ? `${runner.serverUrl}/${runner.repository}` : undefined);
  const prNumber = payload.pull_request?.number ?? (isPullRequest(runner) ? payload.number : undefined);
  const event: GitEvent = {
    eventName: runner.eventName,
    ref: runner.ref,
    sha,
    createdAt: now.toISOString()
  };
  const optional: Partial<GitEvent> = {
    defaultBranch: payload.repository?.default_branch,
    prNumber,
    releaseTag: payload.release?.tag_name,
    repositoryUrl,
    repositoryName: payload.repository?.name ?? runner.repository.split('/')[1],
    repositoryPrivate: typeof payload.repository?.private === 'boolean' ? payload.repository.private : undefined,
    runUrl: runUrlOf(runner),
    baseRef: payload.pull_request?.base?.ref ?? payload.base_ref?.replace(/^refs\/heads\//, ''),
    headRef: payload.pull_request?.head?.ref,
    schedule: payload.schedule,
    commitDate: commitDateOf(payload, sha),
    shortShaLength: runner.shortShaLength
  };
  for (const [key, value] of Object.entries(optional) as [keyof GitEvent, GitEvent[keyof GitEvent]][]) {
    if (value !== undefined && value !== '') Object.assign(event, { [key]: value });
  }
  return event;
}

/** The event with what the API said about the repository: its name, page, description and licence win. */
export function withRepository(event: GitEvent, repository: RepositoryInfo): GitEvent {
  const known: Partial<GitEvent> = {
    repositoryName: repository.name,
    repositoryUrl: repository.htmlUrl,
    description: repository.description,
    licenses: repository.license
  };
  return {
    ...event,
    ...Object.fromEntries(Object.entries(known).filter(([, value]) => value !== undefined && value !== null))
  };
}

/** metadata-action's context: git: the checkout's ref, commit and commit time replace the event's. */
export function withCheckout(event: GitEvent, checkout: LocalCheckout): GitEvent {
  const { commitDate: _eventCommitDate, prNumber: _prNumber, releaseTag: _releaseTag, ...rest } = event;
  return {
    ...rest,
    ref: checkout.ref,
    sha: checkout.sha,
    ...(checkout.commitDate ? { commitDate: checkout.commitDate } : {})
  };
}
