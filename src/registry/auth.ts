// The registry's auth handshake (Basic, or Bearer tokens per scope), answered only for the
// registry itself: a storage host a blob was redirected to never gets to pick where the
// credentials go, and a token realm must be https unless it and the registry are both on loopback.
import {
  discard,
  isLoopbackHost,
  PermanentFailure,
  readCapped,
  responseLimits,
  retryLaterFor,
  type Exchange
} from './http.js';
import type { Credentials } from '../model/login.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseChallenge(header: string): Challenge {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of (space < 0 ? '' : trimmed.slice(space + 1)).matchAll(pattern)) {
    const key = (match[1] ?? '').toLowerCase();
    params[key] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
  }
  return { scheme, params };
}

/** repository:acme/app:pull,push → resource 'repository:acme/app', actions pull and push. */
function actionsByResource(scopes: readonly string[]): Map<string, Set<string>> {
  const byResource = new Map<string, Set<string>>();
  for (const scope of scopes) {
    const colon = scope.lastIndexOf(':');
    if (colon <= 0) continue;
    const actions = byResource.get(scope.slice(0, colon)) ?? new Set<string>();
    for (const action of scope.slice(colon + 1).split(',')) if (action) actions.add(action);
    byResource.set(scope.slice(0, colon), actions);
  }
  return byResource;
}

/** Scopes merged per resource, so one token request asks for everything at once. */
export function mergeScopes(scopes: readonly string[]): string[] {
  return [...actionsByResource(scopes)].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`);
}

function covers(granted: readonly string[], wanted: readonly string[]): boolean {
  const have = actionsByResource(granted);
  return [...actionsByResource(wanted)].every(([resource, actions]) =>
    [...actions].every((action) => have.get(resource)?.has(action))
  );
}

/** Sends a request for the authorizer (the client's fetch, with its timeouts and error wording). */
export type Send = (url: string, headers: Record<string, string>, what: string) => Promise<Exchange>;
/** Turns a failed exchange into the registry's message. */
export type Describe = (exchange: Exchange, what: string) => Promise<string>;

/** The registry an authorizer answers for: its name, the origin of its API, and the login for it. */
export interface AuthorizerRegistry {
  name: string;
  origin: string;
  credentials: Credentials | undefined;
}

/** A 401 to answer: its challenge header, the URL that sent it, and the request it answered. */
export interface Unauthorized {
  challenge: string;
  answeredBy: string;
  scopes: readonly string[];
  /** What was tried ("reading manifest …"). */
  action: string;
  /** Its object ("manifest …"). */
  what: string;
}

/** One registry's Authorization headers: Basic once asked for, else a Bearer token per set of scopes. */
export class Authorizer {
  private basicAsked = false;
  private readonly tokens: { scopes: string[]; header: string }[] = [];
  /** The token service the registry's own challenge named: later scopes ask it up front. */
  private tokenService: { realm: URL; service?: string } | undefined;
  /** Token requests in flight by scopes, so requests side by side share one handshake. */
  private readonly pending = new Map<string, Promise<string | PermanentFailure>>();

  readonly registry: string;
  private readonly origin: string;
  private readonly credentials: Credentials | undefined;
  private readonly send: Send;
  private readonly describe: Describe;

  constructor(registry: AuthorizerRegistry, client: { send: Send; describe: Describe }) {
    this.registry = registry.name;
    this.origin = registry.origin;
    this.credentials = registry.credentials;
    this.send = client.send;
    this.describe = client.describe;
  }

  /**
   * What to send to `url` for these scopes: nothing at all to any origin but the registry's. Once
   * the registry has named its token service, a new scope gets its token before the request.
   */
  async headerFor(url: string, scopes: readonly string[], what: string): Promise<string | undefined> {
    if (new URL(url).origin !== this.origin) return undefined;
    if (this.basicAsked) return this.basic();
    const cached = this.tokens.find((token) => covers(token.scopes, scopes))?.header;
    if (cached || !this.tokenService || scopes.length === 0) return cached;
    const header = await this.token(mergeScopes(scopes), this.tokenService, what);
    return header instanceof PermanentFailure ? undefined : header;
  }

  /** Drops the tokens that were sent for these scopes (expired, or refused). */
  forget(scopes: readonly string[]): void {
    for (let index = this.tokens.length - 1; index >= 0; index--) {
      const token = this.tokens[index];
      if (token && covers(token.scopes, scopes)) this.tokens.splice(index, 1);
    }
  }

  loginText(): string {
    return this.credentials ? `as ${this.credentials.username}` : 'without credentials (no login for it)';
  }

  /** The Authorization header a 401 asks for, or why none is given. */
  async answer(unauthorized: Unauthorized): Promise<string | PermanentFailure> {
    const { challenge: header, answeredBy, scopes, action, what } = unauthorized;
    const refused = (detail: string): PermanentFailure =>
      new PermanentFailure(new Error(`Registry ${this.registry} answered HTTP 401 to ${action}: ${detail}`));
    const from = new URL(answeredBy).origin;
    if (from !== this.origin)
      return refused(
        `the 401 came from ${from}, not from the registry (${this.origin}); credentials are only sent to the registry and the token service it names`
      );
    const challenge = parseChallenge(header);
    if (challenge.scheme === 'basic') {
      if (!this.credentials) return refused('it requires a login and there is none for it');
      this.basicAsked = true;
      return this.basic() as string;
    }
    const realm = challenge.params['realm'];
    if (challenge.scheme !== 'bearer' || !realm) return refused(`unsupported authentication challenge '${header}'`);
    let tokenUrl: URL;
    try {
      tokenUrl = new URL(realm);
    } catch {
      return refused(`the token realm '${realm}' is not a URL`);
    }
    if (tokenUrl.protocol !== 'https:' && !this.plainHttpRealmAllowed(tokenUrl))
      return refused(
        `the token realm ${tokenUrl.origin} is not https; credentials are sent over plain http only to a token service on loopback of a registry on loopback`
      );
    const wanted = mergeScopes([...scopes, ...(challenge.params['scope'] ?? '').split(' ').filter(Boolean)]);
    const service = challenge.params['service'];
    this.tokenService = { realm: tokenUrl, ...(service ? { service } : {}) };
    return this.token(wanted, this.tokenService, what);
  }

  /** Plain http only when both ends are on this machine: a remote registry cannot send the login to a local port. */
  private plainHttpRealmAllowed(realm: URL): boolean {
    return (
      realm.protocol === 'http:' && isLoopbackHost(realm.hostname) && isLoopbackHost(new URL(this.origin).hostname)
    );
  }

  private token(
    scopes: string[],
    from: { realm: URL; service?: string },
    what: string
  ): Promise<string | PermanentFailure> {
    const key = scopes.join(' ');
    let pending = this.pending.get(key);
    if (!pending) {
      const tokenUrl = new URL(from.realm);
      if (from.service) tokenUrl.searchParams.set('service', from.service);
      for (const scope of scopes) tokenUrl.searchParams.append('scope', scope);
      pending = this.fetchToken(tokenUrl, scopes, what).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private basic(): string | undefined {
    if (!this.credentials) return undefined;
    return `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
  }

  private async fetchToken(tokenUrl: URL, scopes: string[], what: string): Promise<string | PermanentFailure> {
    const basic = this.basic();
    const tokenWhat = `reading a token for ${what} from ${tokenUrl.origin}${tokenUrl.pathname}`;
    const exchange = await this.send(tokenUrl.toString(), basic ? { Authorization: basic } : {}, tokenWhat);
    if (!exchange.response.ok) {
      const message = await this.describe(exchange, tokenWhat);
      const later = retryLaterFor(exchange.response, message);
      if (later) throw later;
      const login = this.credentials ? `the login of ${this.credentials.username} was refused` : 'no login for it';
      return new PermanentFailure(new Error(`${message}; ${login}`));
    }
    let token: unknown;
    try {
      const body = await readCapped(exchange, responseLimits.token, `the token reply from ${tokenUrl.origin}`);
      const parsed = JSON.parse(body.toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = parsed.token ?? parsed.access_token;
    } catch (error) {
      await discard(exchange);
      if (error instanceof Error && error.name === 'ResponseTooLarge') return new PermanentFailure(error);
      token = undefined;
    }
    if (typeof token !== 'string' || token === '')
      return new PermanentFailure(
        new Error(
          `Registry ${this.registry} answered HTTP 401 to reading ${what}: the token service at ${tokenUrl.origin} answered without a token`
        )
      );
    const header = `Bearer ${token}`;
    this.tokens.push({ scopes, header });
    return header;
  }
}
