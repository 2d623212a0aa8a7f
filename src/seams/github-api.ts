// The GitHub side of a run, through @actions/github: the workflow's event (its context), and the
// repository as the API describes it (name, page, description, licence) for the OCI labels
// metadata-action reads from there, read with the job's token; no token, no request.
import type { RepositoryInfo } from '../model/event.js';

type GitHub = typeof import('@actions/github');
/** The event as @actions/github holds it. */
type Context = GitHub['context'];

/**
 * The workflow's event as @actions/github reads it (GITHUB_* variables, the payload file), read now:
 * the module's own `context` is read once, when it loads, and a process (a test) may run several
 * events. A payload that is not JSON fails here, named, rather than as a bare parse error.
 */
export async function readEventContext(): Promise<Context> {
  try {
    const { context } = await import('@actions/github');
    const EventContext = context.constructor as new () => Context;
    return new EventContext();
  } catch (error) {
    const file = process.env['GITHUB_EVENT_PATH'] ?? '';
    throw new Error(`The event payload ${file} (GITHUB_EVENT_PATH) could not be read: ${String(error)}`, {
      cause: error
    });
  }
}

export interface RepositoryRequest {
  token: string;
  /** owner/name (GITHUB_REPOSITORY). */
  repository: string;
  /** GITHUB_API_URL: https://api.github.com, a GitHub Enterprise server's, or a test's loopback fake. */
  apiUrl: string;
}

/** GET /repos/{owner}/{repo}; throws what the API answered when it refuses. */
export async function readRepository(request: RepositoryRequest): Promise<RepositoryInfo> {
  const [owner = '', repo = ''] = request.repository.split('/');
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(request.token, { baseUrl: request.apiUrl });
  const { data } = await octokit.rest.repos.get({ owner, repo });
  const info: RepositoryInfo = { name: data.name, htmlUrl: data.html_url, description: data.description ?? '' };
  if (data.license?.spdx_id) info.license = data.license.spdx_id;
  return info;
}
