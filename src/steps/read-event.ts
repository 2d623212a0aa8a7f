// The event the tags and labels are planned from: the workflow's (or, with metadata-context: git,
// the local checkout's ref and commit), and what the GitHub API says about the repository.
import type { GitEvent } from '../model/event.js';
import { errorMessage } from '../model/errors.js';
import type { Inputs } from '../model/inputs.js';
import { currentGitEvent, withCheckout, withRepository } from '../planning/git-context.js';
import { readRepository } from '../seams/github-api.js';
import { readCheckout } from '../seams/git.js';
import * as core from '../seams/runner.js';

/** Generated labels exist only with the image input in build mode; only then is the API asked. */
async function withRepositoryLabels(event: GitEvent, inputs: Inputs, env: NodeJS.ProcessEnv): Promise<GitEvent> {
  if (inputs.mode !== 'build' || inputs.images.length === 0) return event;
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  if (!inputs.githubToken || !repository) {
    core.info(
      'Labels: description and licenses left out (no github-token to read the repository from the GitHub API).'
    );
    return event;
  }
  try {
    const info = await readRepository({
      token: inputs.githubToken,
      repository,
      apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com'
    });
    return withRepository(event, info);
  } catch (error) {
    core.warning(
      `Labels: description and licenses left out: the GitHub API did not describe ${repository}: ${errorMessage(error).split('\n')[0]}`
    );
    return event;
  }
}

export async function readEvent(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Promise<GitEvent> {
  let event = currentGitEvent(env);
  if (inputs.metadataContext === 'git') event = withCheckout(event, await readCheckout(process.cwd()));
  return withRepositoryLabels(event, inputs, env);
}
