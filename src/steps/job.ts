import { userDockerHost } from '../build/builder.js';
import { checkDaemon } from '../build/daemon.js';
import { createJobDockerConfig, jobScopedName, type JobDockerConfig } from '../registry/docker-config.js';
import type { Inputs } from '../planning/inputs.js';
import { jobLogins, loginToRegistries } from '../registry/login.js';
import { createSession, type RegistrySession } from '../registry/session.js';
import { saveState, StateKey } from '../seams/state.js';

export interface Job {
  /** Unique to this job on this machine: the builder's and the job config's name. */
  name: string;
  config: JobDockerConfig;
  /** Every registry read and write of the job goes through it. */
  session: RegistrySession;
}

/**
 * What every mode does first: the job's own Docker config (saved at once, so the post step removes
 * it whatever happens next), the daemon check when the mode needs a daemon, the pinned buildx,
 * and the registry login.
 */
export async function prepareJob(inputs: Inputs, references: readonly string[], needsDaemon: boolean): Promise<Job> {
  // Refused before anything is created: the same registry in registry-auth and username/password.
  const logins = jobLogins(inputs, references);
  const name = jobScopedName();
  const config = createJobDockerConfig(name);
  saveState(StateKey.DockerConfig, config.dir);
  saveState(StateKey.Cleanup, String(inputs.cleanup));
  if (needsDaemon)
    await checkDaemon(inputs.endpoint.startsWith('unix://') ? inputs.endpoint : userDockerHost(config.userDir));
  if (inputs.buildxVersion) {
    const { installBuildx } = await import('../build/buildx-install.js');
    await installBuildx(
      inputs.buildxVersion,
      config.dir,
      inputs.buildxDownloadUrl ? { baseUrl: inputs.buildxDownloadUrl } : {}
    );
  }
  await loginToRegistries(logins);
  // Logins the runner had before (copied into the job's config) still serve the registries not logged in to here.
  return { name, config, session: createSession({ logins, dockerConfigDir: config.dir }) };
}
