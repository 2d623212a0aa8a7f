// The repository as the GitHub API describes it (name, page, description, licence), for the OCI
// labels metadata-action reads from there. Read with the job's token; no token, no request.
import type { RepositoryInfo } from '../model/event.js';

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
  // Loaded only when asked: @actions/github costs a tenth of a second at startup.
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(request.token, { baseUrl: request.apiUrl });
  const { data } = await octokit.rest.repos.get({ owner, repo });
  const info: RepositoryInfo = { name: data.name, htmlUrl: data.html_url, description: data.description ?? '' };
  if (data.license?.spdx_id) info.license = data.license.spdx_id;
  return info;
}
