// The event the tags and labels are planned from: the workflow's, as @actions/github reads it (or,
// with metadata-context: git, the local checkout's ref and commit), and what the GitHub API says
// about the repository.
import type { GitEvent } from '../model/event.js';
import { errorMessage } from '../model/errors.js';
import type { Inputs } from '../model/inputs.js';
import { gitEventFrom, withCheckout, withRepository, type EventPayload } from '../planning/git-context.js';
import { readEventContext, readRepository } from '../seams/github-api.js';
import { readCheckout } from '../seams/git.js';
import * as core from '../seams/runner.js';

type EventContext = Awaited<ReturnType<typeof readEventContext>>;

/** owner/name; '' when neither GITHUB_REPOSITORY nor the payload names it. */
function repositoryOf(context: EventContext): string {
  try {
    return `${context.repo.owner}/${context.repo.repo}`;
  } catch {
    return '';
  }
}

/** The event as the planning reads it: @actions/github's context, and metadata-action's DOCKER_METADATA_* settings (parsed with the inputs). */
function eventFrom(
  context: EventContext,
  { prHeadSha, shortShaLength }: Pick<Inputs, 'prHeadSha' | 'shortShaLength'>
): GitEvent {
  // Run numbers come as numbers, NaN when the runner did not set them.
  const known = (value: number): string => (Number.isNaN(value) ? '' : String(value));
  const runner = {
    eventName: context.eventName ?? '',
    ref: context.ref ?? '',
    sha: context.sha ?? '',
    serverUrl: context.serverUrl || 'https://github.com',
    repository: repositoryOf(context),
    runId: known(context.runId),
    runAttempt: known(context.runAttempt),
    payload: context.payload as EventPayload,
    prHeadSha
  };
  return gitEventFrom(shortShaLength === undefined ? runner : { ...runner, shortShaLength }, new Date());
}

/** Generated labels exist only with the image input in build mode; only then is the API asked. */
async function withRepositoryLabels(event: GitEvent, inputs: Inputs, context: EventContext): Promise<GitEvent> {
  if (inputs.mode !== 'build' || inputs.images.length === 0) return event;
  const repository = repositoryOf(context);
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
      apiUrl: context.apiUrl || 'https://api.github.com'
    });
    return withRepository(event, info);
  } catch (error) {
    core.warning(
      `Labels: description and licenses left out: the GitHub API did not describe ${repository}: ${errorMessage(error).split('\n')[0]}`
    );
    return event;
  }
}

export async function readEvent(inputs: Inputs): Promise<GitEvent> {
  const context = await readEventContext();
  let event = eventFrom(context, inputs);
  if (inputs.metadataContext === 'git') event = withCheckout(event, await readCheckout(process.cwd()));
  return withRepositoryLabels(event, inputs, context);
}
