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

/** login-action's `ecr`: auto (an ECR host gets its token from AWS), true (always) or false (never). */
export type EcrMode = 'auto' | 'true' | 'false';

/**
 * How a login gets the password `docker login` is given (registry/login-kinds/, one module each):
 * `password` as the inputs give it; `ecr` a token from AWS's ECR API, the username and password
 * then being an AWS access key id and secret (both empty: the AWS SDK's own credential chain).
 */
export type LoginKind = 'password' | 'ecr';

/** One registry's login, as registry-auth (docker/login-action's format) or username/password give it. */
export interface RegistryLogin extends Credentials {
  registry: string;
  /** Absent means `password`. */
  kind?: LoginKind;
}

/** A login left out because its secret is empty and the step writes to no registry (a fork's pull request). */
export interface SkippedLogin {
  registry: string;
  /** The input that was empty, as the log names it: `password`, `password of registry-auth entry 2`. */
  secret: string;
}
