// Logins: a username and password, the registry they are for, and the kind that makes them.
import { ecrLoginRules } from './ecr.js';

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
 * How a login gets the password `docker login` is given: `password` as the inputs give it; `ecr` a
 * token from AWS's ECR API, the username and password then being an AWS access key id and secret
 * (both empty: the AWS SDK's own credential chain). A kind is its rules here (what planning must
 * know, before any command runs) and its module in registry/login-kinds/ (how it logs in), each
 * registered with one line.
 */
export type LoginKind = string;

/** What planning knows of a login kind. */
export interface LoginKindRules {
  /** Whether a login of this kind is made with empty username and password (it finds its credentials itself). */
  keyless: boolean;
  /** The planned login as the plan's log names it; never a secret. */
  label(registry: string, username: string): string;
  /** What the username and password hold for this kind, said in the error that one is missing. */
  secretNames?: { username: string; password: string };
}

const passwordRules: LoginKindRules = { keyless: false, label: (registry, username) => `${username} at ${registry}` };

/** The kinds, by name: one line each. */
const loginKinds = new Map<LoginKind, LoginKindRules>([
  ['password', passwordRules],
  ['ecr', ecrLoginRules]
]);

/** The rules of a kind (`password` when none is given); an unknown kind is a programming error. */
export function loginKindRules(kind: LoginKind = 'password'): LoginKindRules {
  const rules = loginKinds.get(kind);
  if (!rules) throw new Error(`no login kind '${kind}' (known: ${[...loginKinds.keys()].join(', ')})`);
  return rules;
}

/** Adds a kind's rules (a test's fake kind; the action's own kinds are in the table above). */
export function registerLoginKindRules(kind: LoginKind, rules: LoginKindRules): void {
  loginKinds.set(kind, rules);
}

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
