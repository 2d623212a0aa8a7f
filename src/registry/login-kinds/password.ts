// The plain kind: the username and password (or token) as the inputs give them.
import type { Credentials, RegistryLogin } from '../../model/login.js';
import type { LoginKindHandler } from './handler.js';

export const passwordLogin: LoginKindHandler = {
  credentials: ({ username, password }: RegistryLogin): Promise<Credentials> => Promise.resolve({ username, password }),
  describe: (_login: RegistryLogin, { username }: Credentials) => `as ${username}`
};
