// Just enough of a distribution registry on 127.0.0.1 for the registry client's unit tests:
// manifests and blobs read and written (uploads, cross-repository mounts), Basic or
// Bearer auth, and injected faults. Every request is logged with its Authorization header.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const sha256 = (content: Buffer | string): string =>
  `sha256:${createHash('sha256').update(content).digest('hex')}`;
/** Retries without the production backoff. */
export const fast = { attempts: 3, firstDelayMs: 1, maxDelayMs: 1 };
export const USER = 'alice';
export const PASSWORD = 'pa:ss word';
export const basicHeader = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface Logged {
  method: string;
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
}

export interface StoredManifest {
  body: Buffer;
  contentType: string;
  /** Overrides the Docker-Content-Digest header; null sends none. */
  digestHeader?: string | null;
}

export type Fault = 503 | 403 | 429 | 'reset' | 'hang';

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class FakeRegistry {
  readonly server: Server;
  port = 0;
  readonly requests: Logged[] = [];
  readonly manifests = new Map<string, StoredManifest>();
  /** Blobs by digest; `linked` says which repositories have them (and serve them). */
  readonly blobs = new Map<string, Buffer>();
  readonly linked = new Set<string>();
  readonly redirects = new Map<string, string>();
  /** Faults by request path, used up one per request. */
  readonly faults = new Map<string, Fault[]>();
  /** Sent as Retry-After with every injected 429 and 503. */
  retryAfter: string | undefined;
  /** Faults of upload PUTs (whatever their session), used up one per PUT; a faulted session is gone, as in distribution. */
  readonly uploadFaults: Fault[] = [];
  /** How long an upload PUT waits, once its body is in, before the registry answers (a slow commit). */
  commitDelayMs = 0;
  /** Awaited before an upload of this digest is stored (after its body arrived): a test holds commits with it. */
  beforeCommit: ((digest: string) => Promise<void>) | undefined;
  /** Awaited before any request is answered (after it is logged): a test holds reads with it. */
  beforeAnswer: ((method: string, path: string) => Promise<void>) | undefined;
  readonly issued = new Set<string>();
  /** The scope parameters of every token request. */
  readonly tokenScopes: string[][] = [];
  tokenField: 'token' | 'access_token' = 'token';
  anonymousTokens = false;
  /** The realm its Bearer challenge names; its own /token when unset. */
  realm: string | undefined;
  /** A registry that stores manifests only under tags: a PUT by digest gets 400 TAG_INVALID. */
  refuseDigestPuts = false;
  /** Repositories with immutable tags, as ECR has them: a PUT under a tag that exists gets ECR's 400 TAG_INVALID. */
  readonly immutableTags = new Set<string>();
  /** Repositories the login may read but not write: every write gets 403 DENIED. */
  readonly denyWrites = new Set<string>();
  private tokenCount = 0;
  private readonly uploads = new Map<string, string>();

  constructor(
    readonly auth: 'none' | 'basic' | 'bearer',
    readonly user = USER,
    readonly password = PASSWORD
  ) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async start(): Promise<this> {
    this.port = await listen(this.server);
    return this;
  }

  get registry(): string {
    return `127.0.0.1:${this.port}`;
  }

  paths(prefix: string): string[] {
    return this.requests.map((entry) => entry.path).filter((entry) => entry.startsWith(prefix));
  }

  addManifest(repository: string, reference: string, json: unknown, options: Partial<StoredManifest> = {}): string {
    return this.putManifest(repository, reference, Buffer.from(JSON.stringify(json)), options);
  }

  putManifest(repository: string, reference: string, body: Buffer, options: Partial<StoredManifest> = {}): string {
    const stored = { body, contentType: options.contentType ?? 'application/vnd.oci.image.index.v1+json', ...options };
    this.manifests.set(`${repository}/${reference}`, stored);
    this.manifests.set(`${repository}/${sha256(body)}`, stored);
    return sha256(body);
  }

  addBlob(repository: string, content: Buffer | string): string {
    const digest = sha256(content);
    this.blobs.set(digest, Buffer.from(content));
    this.linked.add(`${repository}@${digest}`);
    return digest;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${this.registry}`);
    const method = request.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname + url.search,
      authorization: request.headers.authorization,
      accept: request.headers.accept
    });
    await this.beforeAnswer?.(method, url.pathname);
    const fault = this.faults.get(url.pathname)?.shift();
    if (fault === 'reset') return void request.socket.destroy();
    if (fault === 'hang') return;
    if (fault !== undefined)
      return void response.writeHead(fault, this.retryAfter ? { 'Retry-After': this.retryAfter } : {}).end();
    if (url.pathname === '/token') return this.token(request, response, url);
    if (url.pathname === '/v2/')
      return void (this.authorised(request, '', response, false) && response.writeHead(200).end('{}'));
    const match = /^\/v2\/(.+)\/(manifests|blobs|blobs\/uploads)\/([^/]*)$/.exec(url.pathname);
    if (!match) return void response.writeHead(404).end();
    const [, repository = '', kind, reference = ''] = match;
    const writes = method !== 'GET' && method !== 'HEAD';
    if (!this.authorised(request, repository, response, writes)) return;
    if (writes && this.denyWrites.has(repository))
      return void response
        .writeHead(403, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }));
    if (kind === 'manifests') return this.manifest(request, response, repository, reference);
    if (kind === 'blobs/uploads') return this.upload(request, response, repository, reference, url);
    const redirect = this.redirects.get(reference);
    if (redirect) return void response.writeHead(307, { Location: redirect }).end();
    // Like a real registry: a blob is served only by a repository it was pushed or mounted into.
    const blob = this.linked.has(`${repository}@${reference}`) ? this.blobs.get(reference) : undefined;
    if (!blob)
      return void response
        .writeHead(404)
        .end(JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] }));
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': blob.length });
    response.end(method === 'HEAD' ? undefined : blob);
  }

  private async manifest(
    request: IncomingMessage,
    response: ServerResponse,
    repository: string,
    reference: string
  ): Promise<void> {
    if (request.method === 'PUT') {
      const body = await bodyOf(request);
      if (this.refuseDigestPuts && reference.includes(':'))
        return void response
          .writeHead(400, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'TAG_INVALID', message: 'manifest tag did not match URI' }] }));
      if (
        this.immutableTags.has(repository) &&
        !reference.includes(':') &&
        this.manifests.has(`${repository}/${reference}`)
      )
        return void response.writeHead(400, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            errors: [
              {
                code: 'TAG_INVALID',
                message: `The image tag '${reference}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`
              }
            ]
          })
        );
      const digest = this.putManifest(repository, reference, body, {
        contentType: request.headers['content-type'] ?? ''
      });
      return void response.writeHead(201, { 'Docker-Content-Digest': digest }).end();
    }
    const stored = this.manifests.get(`${repository}/${reference}`);
    if (!stored) {
      response
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
      return;
    }
    const digest = stored.digestHeader === undefined ? sha256(stored.body) : stored.digestHeader;
    response
      .writeHead(200, { 'Content-Type': stored.contentType, ...(digest ? { 'Docker-Content-Digest': digest } : {}) })
      .end(stored.body);
  }

  private async upload(
    request: IncomingMessage,
    response: ServerResponse,
    repository: string,
    session: string,
    url: URL
  ): Promise<void> {
    if (request.method === 'POST') {
      const mount = url.searchParams.get('mount');
      const from = url.searchParams.get('from');
      if (mount && from && this.linked.has(`${from}@${mount}`)) {
        this.linked.add(`${repository}@${mount}`);
        return void response.writeHead(201, { Location: `/v2/${repository}/blobs/${mount}` }).end();
      }
      const id = randomUUID();
      this.uploads.set(id, repository);
      return void response.writeHead(202, { Location: `/v2/${repository}/blobs/uploads/${id}?state=x` }).end();
    }
    const digest = url.searchParams.get('digest') ?? '';
    const fault = request.method === 'PUT' ? this.uploadFaults.shift() : undefined;
    if (fault !== undefined) {
      this.uploads.delete(session);
      if (fault === 'reset') return void request.socket.destroy();
      if (fault === 'hang') return;
      return void response.writeHead(fault, this.retryAfter ? { 'Retry-After': this.retryAfter } : {}).end();
    }
    const body = await bodyOf(request);
    if (request.method !== 'PUT' || this.uploads.get(session) !== repository)
      return void response
        .writeHead(404)
        .end('{"errors":[{"code":"BLOB_UPLOAD_INVALID","message":"blob upload invalid"}]}');
    this.uploads.delete(session);
    if (this.commitDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.commitDelayMs));
    await this.beforeCommit?.(digest);
    if (sha256(body) !== digest) return void response.writeHead(400).end('{"errors":[{"code":"DIGEST_INVALID"}]}');
    this.blobs.set(digest, body);
    this.linked.add(`${repository}@${digest}`);
    response.writeHead(201, { 'Docker-Content-Digest': digest }).end();
  }

  private authorised(request: IncomingMessage, repository: string, response: ServerResponse, push: boolean): boolean {
    const given = request.headers.authorization;
    if (this.auth === 'none') return true;
    if (this.auth === 'basic') {
      if (given === basicHeader(this.user, this.password)) return true;
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fake"' }).end();
      return false;
    }
    if (given?.startsWith('Bearer ') && this.issued.has(given.slice(7))) return true;
    response
      .writeHead(401, {
        'WWW-Authenticate': `Bearer realm="${this.realm ?? `http://${this.registry}/token`}",service="fake-registry",scope="repository:${repository}:${push ? 'pull,push' : 'pull'}"`
      })
      .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    return false;
  }

  private token(request: IncomingMessage, response: ServerResponse, url: URL): void {
    this.tokenScopes.push(url.searchParams.getAll('scope'));
    const given = request.headers.authorization;
    if (given !== basicHeader(this.user, this.password) && !(this.anonymousTokens && given === undefined))
      return void response.writeHead(401).end();
    const token = `tok-${++this.tokenCount}`;
    this.issued.add(token);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ [this.tokenField]: token }));
  }
}

export const index = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${'a'.repeat(64)}`,
      size: 100,
      platform: { os: 'linux', architecture: 'arm64' }
    }
  ]
};

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
