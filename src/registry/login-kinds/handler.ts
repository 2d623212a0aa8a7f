// What every login kind (one module each, beside this file) provides.
import type { Credentials, RegistryLogin } from '../../model/login.js';

export interface LoginKindHandler {
  /** What `docker login` gets for this login. Any secret it makes is masked before it returns. */
  credentials(login: RegistryLogin): Promise<Credentials>;
  /** The login as the log names it ("as octocat", "with a token from AWS ECR"). */
  describe(login: RegistryLogin, credentials: Credentials): string;
}
