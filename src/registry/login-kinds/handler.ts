// What every login kind (one module each, beside this file) provides.
import { ActionError } from '../../model/errors.js';
import type { Credentials, RegistryLogin } from '../../model/login.js';

/**
 * A login that cannot be made because its secret is not there (no AWS credentials for ECR): a run
 * that writes to no registry goes on without it, as with an empty password.
 */
export class MissingLoginSecret extends ActionError {
  constructor(
    message: string,
    hint: string,
    /** What was missing, as the log's notice says it: "no AWS credentials were found". */
    readonly missing: string
  ) {
    super(message, hint);
    this.name = 'MissingLoginSecret';
  }
}

export interface LoginKindHandler {
  /** What `docker login` gets for this login. Any secret it makes is masked before it returns. */
  credentials(login: RegistryLogin): Promise<Credentials>;
  /** The login as the log names it ("as octocat", "with a token from AWS ECR"). */
  describe(login: RegistryLogin, credentials: Credentials): string;
}
