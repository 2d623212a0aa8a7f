// A loopback stand-in for the GitHub Actions cache service (v2), as @actions/cache speaks to it: the
// Twirp JSON API (GetCacheEntryDownloadURL, CreateCacheEntry, FinalizeCacheEntryUpload) with the
// runtime token as bearer, and the signed URLs it hands out: a blob PUT (the Azure SDK's single-shot
// upload) and a plain GET. Entries are immutable per key and version; a restore key matches by
// prefix, newest first, as the service does. Listens on 127.0.0.1 only.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CacheEntry {
  key: string;
  version: string;
  archive: Buffer;
  /** Order of finalisation: the newest entry wins a prefix match. */
  sequence: number;
  finalized: boolean;
}

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';

export class FakeCacheService {
  readonly token = `runtime-${randomUUID()}`;
  readonly entries: CacheEntry[] = [];
  /** Every Twirp call and blob transfer, in order: `GetCacheEntryDownloadURL`, `PUT <key>`, `GET <key>`, ... */
  readonly calls: string[] = [];
  private readonly server: Server;
  private port = 0;
  private sequence = 0;
  private readonly secret = randomUUID();

  constructor() {
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The variables the runner gives a step when the cache service is there. */
  env(): Record<string, string> {
    return {
      ACTIONS_RESULTS_URL: `http://127.0.0.1:${this.port}/`,
      ACTIONS_RUNTIME_TOKEN: this.token,
      ACTIONS_CACHE_SERVICE_V2: 'true'
    };
  }

  /** Adds an entry as if a run had saved it (a planted or tampered one): the newest under its prefix. */
  plant(key: string, version: string, archive: Buffer): void {
    this.entries.push({ key, version, archive, sequence: ++this.sequence, finalized: true });
  }

  newest(prefix = ''): CacheEntry | undefined {
    return this.entries
      .filter((entry) => entry.finalized && entry.key.startsWith(prefix))
      .sort((a, b) => b.sequence - a.sequence)[0];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`);
    const body = await readBody(request);
    if (url.pathname.startsWith(SERVICE)) {
      if (request.headers.authorization !== `Bearer ${this.token}`) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"unauthenticated","msg":"no"}');
        return;
      }
      const method = url.pathname.slice(SERVICE.length);
      this.calls.push(method);
      const answer = this.twirp(method, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    const entry = this.signed(url);
    if (!entry) {
      response.writeHead(403).end();
      return;
    }
    if (request.method === 'PUT') {
      this.calls.push(`PUT ${entry.key}`);
      entry.archive = body;
      response.writeHead(201, {
        etag: `"${randomUUID()}"`,
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': randomUUID(),
        'x-ms-version': '2025-01-05',
        'x-ms-request-server-encrypted': 'true'
      });
      response.end();
      return;
    }
    this.calls.push(`GET ${entry.key}`);
    response.writeHead(200, { 'content-length': entry.archive.length, 'content-type': 'application/octet-stream' });
    response.end(entry.archive);
  }

  private twirp(method: string, request: Record<string, unknown>): Record<string, unknown> {
    const text = (name: string): string => (typeof request[name] === 'string' ? request[name] : '');
    const key = text('key');
    const version = text('version');
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = (request['restore_keys'] as string[] | undefined) ?? [];
      const found =
        this.entries.find((entry) => entry.finalized && entry.version === version && entry.key === key) ??
        restoreKeys
          .map((prefix) => this.newestOf(version, prefix))
          .find((entry): entry is CacheEntry => entry !== undefined);
      return found
        ? { ok: true, signed_download_url: this.urlFor(found), matched_key: found.key }
        : { ok: false, signed_download_url: '', matched_key: '' };
    }
    if (method === 'CreateCacheEntry') {
      if (this.entries.some((entry) => entry.key === key && entry.version === version))
        return { ok: false, signed_upload_url: '', message: `cache entry ${key} already exists` };
      const entry: CacheEntry = { key, version, archive: Buffer.alloc(0), sequence: 0, finalized: false };
      this.entries.push(entry);
      return { ok: true, signed_upload_url: this.urlFor(entry) };
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = this.entries.find((item) => item.key === key && item.version === version && !item.finalized);
      if (!entry || entry.archive.length !== Number(request['size_bytes'])) return { ok: false, entry_id: '0' };
      entry.finalized = true;
      entry.sequence = ++this.sequence;
      return { ok: true, entry_id: String(entry.sequence) };
    }
    throw new Error(`unknown method ${method}`);
  }

  private newestOf(version: string, prefix: string): CacheEntry | undefined {
    return this.entries
      .filter((entry) => entry.finalized && entry.version === version && entry.key.startsWith(prefix))
      .sort((a, b) => b.sequence - a.sequence)[0];
  }

  /** IP-style blob URLs (/account/container/blob), as the Azure SDK reads them, signed for one entry. */
  private urlFor(entry: CacheEntry): string {
    const index = this.entries.indexOf(entry);
    return `http://127.0.0.1:${this.port}/fakeaccount/cache/${index}?sig=${this.secret}`;
  }

  private signed(url: URL): CacheEntry | undefined {
    const match = /^\/fakeaccount\/cache\/(\d+)$/.exec(url.pathname);
    if (!match || url.searchParams.get('sig') !== this.secret) return undefined;
    return this.entries[Number(match[1])];
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
