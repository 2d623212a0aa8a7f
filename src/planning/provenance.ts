// Pure: the provenance attestation a build asks buildx for. With the provenance input empty, the
// default of docker/build-push-action: mode=max for a public repository, min for a private one
// (mode=min,inline-only=true), with builder-id the run's URL.
import type { GitEvent } from '../model/event.js';
import type { Inputs } from '../model/inputs.js';

type ProvenanceInputs = Pick<Inputs, 'provenance' | 'attests' | 'outputs' | 'load'>;

const fieldOf = (entry: string, key: string): string | undefined =>
  entry
    .split(',')
    .map((field) => field.trim())
    .find((field) => field.startsWith(`${key}=`))
    ?.slice(key.length + 1);

/**
 * The default for this event: mode=max only when the payload says the repository is public. A
 * payload that does not say (build-push-action takes that as public) gets min: max provenance
 * records build arguments and the whole build definition, which a private repository may not publish.
 * Private and pushed: mode=min, which is what build-push-action's mode=min,inline-only=true gives an
 * image pushed to a registry. inline-only=true would drop it from the OCI layout the action pushes
 * (BuildKit 0.13 exports a single platform without it, and then the image has no index).
 */
export function defaultProvenance(event: Pick<GitEvent, 'repositoryPrivate' | 'runUrl'>, pushed: boolean): string {
  const mode = event.repositoryPrivate === false ? 'mode=max' : pushed ? 'mode=min' : 'mode=min,inline-only=true';
  return event.runUrl ? `${mode},builder-id=${event.runUrl}` : mode;
}

/**
 * What --provenance gets: the input as given (false turns it off); else the default when the image
 * is exported somewhere that keeps attestations: pushed (the OCI layout the action pushes), or the
 * user's outputs other than the docker image store (load, type=docker), as build-push-action does.
 * Empty (no flag, buildx's own default) when attests names a provenance of its own, for the docker
 * image store alone, and when nothing is exported (a pull request): there is nothing to attach one to.
 */
export function planProvenance(inputs: ProvenanceInputs, event: GitEvent, push: boolean): string {
  if (inputs.provenance) return inputs.provenance;
  if (inputs.attests.some((entry) => fieldOf(entry, 'type') === 'provenance')) return '';
  if (push) return defaultProvenance(event, true);
  const toDockerStore = inputs.load || inputs.outputs.some((entry) => fieldOf(entry, 'type') === 'docker');
  return inputs.outputs.length > 0 && !toDockerStore ? defaultProvenance(event, false) : '';
}
