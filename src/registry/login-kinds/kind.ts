// The login kinds by name: how a planned login becomes the username and password `docker login`
// takes. Each kind is a module of its own behind LoginKindHandler (handler.ts), registered here with
// one line (its rules for planning are in model/login.ts). The ECR kind (and the AWS SDK it needs) is
// loaded only when a plan has an ECR login, so that other runs do not pay its start-up cost.
import type { LoginKind } from '../../model/login.js';
import type { LoginKindHandler } from './handler.js';
import { passwordLogin } from './password.js';

type Loader = () => Promise<LoginKindHandler>;

const loaders = new Map<LoginKind, Loader>([
  ['password', () => Promise.resolve(passwordLogin)],
  ['ecr', async () => (await import('./ecr-login.js')).ecrLogin]
]);

/** Adds a kind, loaded on first use (a test's fake kind; the action's own kinds are in the table above). */
export function registerLoginKind(kind: LoginKind, load: Loader): void {
  loaders.set(kind, load);
}

/** The handler of a kind (`password` when none is given). */
export function loginKindHandler(kind: LoginKind = 'password'): Promise<LoginKindHandler> {
  const load = loaders.get(kind);
  if (!load) return Promise.reject(new Error(`no login kind '${kind}' (known: ${[...loaders.keys()].join(', ')})`));
  return load();
}
