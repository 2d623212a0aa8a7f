// One registry session per job: made once from explicit logins per registry (and, optionally,
// a Docker config directory holding logins the runner already had), handing out one client per
// registry, so each registry and scope costs one auth handshake for the whole job.
import type { RetryPolicy } from '../seams/retry-policy.js';
import { RegistryClient } from './client.js';
import { credentialsFor } from './credentials.js';
import type { Credentials, RegistryLogin } from '../model/login.js';
import { canonicalRegistry } from '../model/references.js';

export interface SessionOptions {
  /** The action's own logins; they win over what the config directory holds for the same registry. */
  logins?: readonly RegistryLogin[];
  /** A Docker config directory whose `auths` hold logins of earlier steps (read once per registry). */
  dockerConfigDir?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
}

export class RegistrySession {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly logins = new Map<string, Credentials>();

  constructor(private readonly options: SessionOptions = {}) {
    for (const { registry, username, password } of options.logins ?? [])
      this.logins.set(canonicalRegistry(registry), { username, password });
  }

  /** The client of one registry (host[:port], docker.io for Docker Hub), made on first use. */
  registry(registry: string): RegistryClient {
    const key = canonicalRegistry(registry);
    let client = this.clients.get(key);
    if (!client) {
      client = new RegistryClient(registry, this.credentials(key), {
        ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
        ...(this.options.retry ? { retry: this.options.retry } : {})
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Whether the session has a login for a registry (explicit or from the config directory). */
  hasLogin(registry: string): boolean {
    return this.credentials(canonicalRegistry(registry)) !== undefined;
  }

  private credentials(key: string): Credentials | undefined {
    const explicit = this.logins.get(key);
    if (explicit) return explicit;
    return this.options.dockerConfigDir ? credentialsFor(key, this.options.dockerConfigDir) : undefined;
  }
}

export function createSession(options: SessionOptions = {}): RegistrySession {
  return new RegistrySession(options);
}
