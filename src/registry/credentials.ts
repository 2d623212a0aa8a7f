// Logins per registry: given explicitly (the action's inputs), or read from a Docker config
// directory that `docker login` (this job's, or an earlier step's) wrote to.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalRegistry } from '../model/references.js';
import type { Credentials } from '../model/login.js';

function decodeAuth(entry: unknown): Credentials | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const { auth, username, password } = entry as Record<string, unknown>;
  if (typeof auth === 'string' && auth !== '') {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
  }
  if (typeof username === 'string' && username !== '' && typeof password === 'string') return { username, password };
  return undefined;
}

/** The login `docker login` stored for a registry in <dir>/config.json; undefined when there is none. */
export function credentialsFor(registry: string, dockerConfigDir: string): Credentials | undefined {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path.join(dockerConfigDir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const auths = (config as { auths?: unknown } | null)?.auths;
  if (!auths || typeof auths !== 'object') return undefined;
  const wanted = canonicalRegistry(registry);
  for (const [key, entry] of Object.entries(auths as Record<string, unknown>)) {
    if (canonicalRegistry(key) !== wanted) continue;
    const credentials = decodeAuth(entry);
    if (credentials) return credentials;
  }
  return undefined;
}
