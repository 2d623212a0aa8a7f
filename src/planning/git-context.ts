import { context } from '@actions/github';
import type { GitEvent } from './release-tags.js';

interface EventPayload {
  repository?: { default_branch?: string; html_url?: string; name?: string };
  pull_request?: { number?: number };
  release?: { tag_name?: string };
  number?: number;
}

/** The event that triggered the job, from the runner's environment and event payload. */
export function currentGitEvent(now: Date = new Date()): GitEvent {
  const payload = context.payload as EventPayload;
  const repository = process.env['GITHUB_REPOSITORY'] ?? '';
  const repositoryUrl = payload.repository?.html_url ?? (repository ? `${context.serverUrl}/${repository}` : undefined);
  const prNumber =
    payload.pull_request?.number ?? (context.eventName?.startsWith('pull_request') ? payload.number : undefined);
  const event: GitEvent = {
    eventName: context.eventName ?? '',
    ref: context.ref ?? '',
    sha: context.sha ?? '',
    createdAt: now.toISOString()
  };
  const defaultBranch = payload.repository?.default_branch;
  if (defaultBranch) event.defaultBranch = defaultBranch;
  if (prNumber !== undefined) event.prNumber = prNumber;
  if (payload.release?.tag_name) event.releaseTag = payload.release.tag_name;
  if (repositoryUrl) event.repositoryUrl = repositoryUrl;
  const name = payload.repository?.name ?? repository.split('/')[1];
  if (name) event.repositoryName = name;
  return event;
}
