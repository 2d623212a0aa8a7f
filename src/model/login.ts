// Logins: a username and password, and the registry they are for.

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Who sees the logins: `step` only this step (the default); `job` every later step of the job too,
 * through DOCKER_CONFIG, until the post step removes them.
 */
export type LoginScope = 'step' | 'job';

/** One registry's login, as registry-auth (docker/login-action's format) or username/password give it. */
export interface RegistryLogin extends Credentials {
  registry: string;
}
