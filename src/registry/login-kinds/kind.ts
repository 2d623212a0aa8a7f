// A login kind: how a planned login becomes the username and password `docker login` takes. Each
// kind is a module of its own; the ECR kind (and the AWS SDK it needs) is loaded only when a plan has
// an ECR login, so that other runs do not pay its start-up cost.
import type { LoginKind } from '../../model/login.js';
import type { LoginKindHandler } from './handler.js';
import { passwordLogin } from './password.js';

const loaders: Record<LoginKind, () => Promise<LoginKindHandler>> = {
  password: () => Promise.resolve(passwordLogin),
  ecr: async () => (await import('./ecr-login.js')).ecrLogin
};

/** The handler of a kind (`password` when none is given). */
export function loginKindHandler(kind: LoginKind = 'password'): Promise<LoginKindHandler> {
  return loaders[kind]();
}
