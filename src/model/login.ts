// Logins: a username and password, and the registry they are for.

export interface Credentials {
  username: string;
  password: string;
}

/** One registry's login, as registry-auth (docker/login-action's format) or username/password give it. */
export interface RegistryLogin extends Credentials {
  registry: string;
}
