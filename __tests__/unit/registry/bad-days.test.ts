// A registry on a bad day, against the fake registry on 127.0.0.1: rate limits with Retry-After,
// uploads that break off or commit slowly, documents that trickle, redirects and upload Locations
// that lead where a remote registry must not send the client.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import * as coreFixture from '../../../__fixtures__/core.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
const { RegistryClient } = await import('../../../src/registry/client.js');
const { putManifest, transferBlob } = await import('../../../src/registry/blob-transfer.js');
const { Transport, TargetRefused } = await import('../../../src/registry/transport.js');
const { close, fast, FakeRegistry, index, listen, readAll, sha256 } = await import('../../helpers/fake-registry.js');

type Fake = InstanceType<typeof FakeRegistry>;
const fakes: Fake[] = [];
const servers: Server[] = [];
const start = async (): Promise<Fake> => {
  const fake = await new FakeRegistry('none').start();
  fakes.push(fake);
  return fake;
};
beforeEach(() => coreFixture.resetCoreMock());
afterEach(async () => {
  await Promise.all([...fakes.splice(0).map((fake) => close(fake.server)), ...servers.splice(0).map(close)]);
});

const warnings = (): string[] => coreFixture.messages(coreFixture.warning);
const blobOrigin = (content: Buffer) => ({
  name: 'memory',
  readManifest: () => Promise.resolve(undefined),
  openBlob: () => Promise.resolve(Readable.from([content]))
});
const uploadRequests = (fake: Fake): string[] =>
  fake.requests
    .filter(({ path }) => path.includes('/blobs/'))
    .map(
      ({ method, path }) => `${method} ${path.replace(/uploads\/[0-9a-f-]{36}/, 'uploads/<session>').split('?')[0]}`
    );

describe('rate limits', () => {
  it('a 429 on a manifest read is retried after the wait its Retry-After asks, and the log says so', async () => {
    const fake = await start();
    fake.addManifest('app', 'v1', index);
    fake.faults.set('/v2/app/manifests/v1', [429]);
    fake.retryAfter = '1';
    const client = new RegistryClient(fake.registry, undefined, { retry: fast });
    expect((await client.getManifest('app', 'v1'))?.json).toEqual(index);
    expect(fake.paths('/v2/')).toHaveLength(2);
    expect(warnings()).toEqual([
      `Reading manifest ${fake.registry}/app:v1 was rate-limited (HTTP 429 Too Many Requests); the registry's Retry-After asks for 1 s; retry 1 of 2 in 1 s. (Registry ${fake.registry} answered HTTP 429 Too Many Requests to reading manifest ${fake.registry}/app:v1; Retry-After: 1)`
    ]);
  });

  it('a Retry-After longer than the bound ends the retries at once, naming the input', async () => {
    const fake = await start();
    fake.addManifest('app', 'v1', index);
    fake.faults.set('/v2/app/manifests/v1', [429]);
    fake.retryAfter = '120';
    const client = new RegistryClient(fake.registry, undefined, { retry: { ...fast, retryAfterMaxMs: 30_000 } });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow(
      `Registry ${fake.registry} answered HTTP 429 Too Many Requests to reading manifest ${fake.registry}/app:v1; Retry-After: 120; it asked to wait 120 s (Retry-After), longer than registry-retry-after-max allows (30 s), so the action gave up`
    );
    expect(fake.paths('/v2/')).toHaveLength(1);
  });

  it('a registry that keeps rate-limiting fails as a rate limit after every try, not as a refusal', async () => {
    const fake = await start();
    fake.faults.set('/v2/app/manifests/v1', [429, 429, 429]);
    const client = new RegistryClient(fake.registry, undefined, { retry: fast });
    const failure = client.getManifest('app', 'v1');
    await expect(failure).rejects.toThrow(
      /HTTP 429 Too Many Requests to reading manifest .* \(gave up after 3 tries\)$/
    );
    await expect(failure).rejects.not.toThrow(/login|access was refused/);
  });

  it('a 429 on a manifest PUT by digest is retried, not taken for a registry that refuses digests', async () => {
    const fake = await start();
    const manifest = Buffer.from(JSON.stringify(index));
    const digest = sha256(manifest);
    fake.faults.set(`/v2/app/manifests/${digest}`, [429]);
    const client = new RegistryClient(fake.registry, undefined, { retry: fast });
    const stored = await putManifest({ client, repository: 'app' }, digest, {
      digest,
      mediaType: index.mediaType,
      bytes: manifest,
      json: index,
      size: manifest.length
    });
    expect(stored).toBe(digest);
    expect(fake.paths(`/v2/app/manifests/`)).toHaveLength(2);
  });

  it('a 429 from the token service is retried', async () => {
    const fake = await new FakeRegistry('bearer').start();
    fakes.push(fake);
    fake.addManifest('app', 'v1', index);
    fake.faults.set('/token', [429]);
    const client = new RegistryClient(fake.registry, { username: fake.user, password: fake.password }, { retry: fast });
    expect((await client.getManifest('app', 'v1'))?.json).toEqual(index);
    expect(fake.paths('/token')).toHaveLength(2);
  });
});

describe('uploads that break off', () => {
  const content = Buffer.from('a layer that takes a second try');
  const blob = { mediaType: 'application/octet-stream', digest: sha256(content), size: content.length };

  it('a reset upload starts over: a HEAD, then a new session; the failed session is never used again', async () => {
    const fake = await start();
    fake.uploadFaults.push('reset');
    const client = new RegistryClient(fake.registry, undefined, { retry: fast });
    expect(await transferBlob(blobOrigin(content), { client, repository: 'app' }, blob)).toEqual({
      outcome: 'uploaded',
      bytes: content.length
    });
    expect(uploadRequests(fake)).toEqual([
      `HEAD /v2/app/blobs/${blob.digest}`,
      'POST /v2/app/blobs/uploads/',
      'PUT /v2/app/blobs/uploads/<session>',
      `HEAD /v2/app/blobs/${blob.digest}`,
      'POST /v2/app/blobs/uploads/',
      'PUT /v2/app/blobs/uploads/<session>'
    ]);
    const sessions = fake.requests.filter(({ method }) => method === 'PUT').map(({ path }) => path.split('?')[0]);
    expect(new Set(sessions).size).toBe(2);
    expect(fake.linked.has(`app@${blob.digest}`)).toBe(true);
  });

  it('a 429 on the upload waits its Retry-After and starts over in a new session', async () => {
    const fake = await start();
    fake.uploadFaults.push(429);
    fake.retryAfter = '0';
    const client = new RegistryClient(fake.registry, undefined, { retry: fast });
    await transferBlob(blobOrigin(content), { client, repository: 'app' }, blob);
    expect(uploadRequests(fake).filter((line) => line.startsWith('POST'))).toHaveLength(2);
    expect(warnings()[0]).toMatch(
      /^Uploading blob .* \(it starts over with a HEAD and a new upload session\) was rate-limited \(HTTP 429 Too Many Requests\); the registry's Retry-After asks for 0 s; retry 1 of 2 in 0 s\./
    );
  });

  it('a commit slower than the idle bound is waited for: one PUT, no timeout', async () => {
    const fake = await start();
    fake.commitDelayMs = 1200;
    const client = new RegistryClient(fake.registry, undefined, {
      retry: fast,
      bounds: { idleMs: 300, commitMs: 10_000 }
    });
    await transferBlob(blobOrigin(content), { client, repository: 'app' }, blob);
    expect(uploadRequests(fake).filter((line) => line.startsWith('PUT'))).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('an upload whose answer never came but which the registry committed is found by the HEAD, not sent again', async () => {
    const fake = await start();
    fake.commitDelayMs = 500;
    const client = new RegistryClient(fake.registry, undefined, {
      retry: { attempts: 3, firstDelayMs: 1500, maxDelayMs: 1500 },
      bounds: { idleMs: 150, commitMs: 150 }
    });
    expect(await transferBlob(blobOrigin(content), { client, repository: 'app' }, blob)).toEqual({
      outcome: 'present',
      bytes: 0
    });
    expect(uploadRequests(fake).filter((line) => line.startsWith('PUT'))).toHaveLength(1);
    expect(warnings()[0]).toMatch(/no answer within 0\.15 s after the body was sent/);
  });
});

/** A server that sends `body` one byte every `everyMs`. */
async function trickling(body: Buffer, everyMs: number): Promise<number> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json' });
    let at = 0;
    const timer = setInterval(() => {
      if (at >= body.length || response.destroyed) {
        clearInterval(timer);
        return void response.end();
      }
      response.write(body.subarray(at, ++at));
    }, everyMs);
  });
  servers.push(server);
  return listen(server);
}

describe('deadlines', () => {
  const document = Buffer.from(JSON.stringify(index));

  it('a manifest trickled a byte at a time ends within the document bound, and is not retried', async () => {
    const port = await trickling(document, 20);
    const client = new RegistryClient(`127.0.0.1:${port}`, undefined, {
      retry: fast,
      bounds: { idleMs: 1000, minProgressBytes: 1, documentMs: 500 }
    });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow(
      `Registry 127.0.0.1:${port} broke off sending manifest 127.0.0.1:${port}/app:v1: too slow: not complete within 0.5 s`
    );
    expect(warnings()).toEqual([]);
  });

  it('a blob that moves less than the minimum in an idle period is cut off as an i/o timeout', async () => {
    const port = await trickling(Buffer.alloc(5000, 1), 10);
    const client = new RegistryClient(`127.0.0.1:${port}`, undefined, {
      retry: { attempts: 1, firstDelayMs: 1, maxDelayMs: 1 },
      bounds: { idleMs: 300, minProgressBytes: 4096 }
    });
    const stream = await client.getBlob('app', sha256(Buffer.alloc(5000, 1)));
    await expect(readAll(stream)).rejects.toThrow(/i\/o timeout \(less than 4 KiB moved in 0\.3 s\)/);
  });
});

describe('redirects and upload Locations of a remote registry', () => {
  it('a redirect to this machine is refused, and nothing is sent there', async () => {
    const fake = await start();
    let reached = 0;
    const storage = createServer((_request, response) => {
      reached += 1;
      response.writeHead(200).end('x');
    });
    servers.push(storage);
    const digest = sha256('x');
    fake.redirects.set(digest, `http://127.0.0.1:${await listen(storage)}/internal`);
    const client = new RegistryClient(fake.registry, undefined, { retry: fast, registryOnLoopback: false });
    await expect(client.getBlob('app', digest)).rejects.toThrow(
      /redirected blob .* to http:\/\/127\.0\.0\.1:\d+\/internal, which the action refuses: 127\.0\.0\.1 is on this machine or link-local/
    );
    expect(reached).toBe(0);
    expect(fake.paths('/v2/')).toHaveLength(1);
  });

  it('on a loopback registry the same redirect is followed', async () => {
    const fake = await start();
    const storage = createServer((_request, response) => response.writeHead(200).end('x'));
    servers.push(storage);
    fake.redirects.set(sha256('x'), `http://127.0.0.1:${await listen(storage)}/bucket`);
    const client = new RegistryClient(fake.registry, undefined, { retry: fast });
    expect((await readAll(await client.getBlob('app', sha256('x')))).toString()).toBe('x');
  });

  it('an upload Location on a link-local address is refused before any byte is sent', async () => {
    const fake = await start();
    const server = createServer((request, response) => {
      if (request.method === 'HEAD') return void response.writeHead(404).end();
      response.writeHead(202, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    servers.push(server);
    const port = await listen(server);
    const client = new RegistryClient(`127.0.0.1:${port}`, undefined, { retry: fast, registryOnLoopback: false });
    const content = Buffer.from('layer');
    const failure = transferBlob(
      blobOrigin(content),
      { client, repository: 'app' },
      {
        mediaType: 'application/octet-stream',
        digest: sha256(content),
        size: content.length
      }
    );
    await expect(failure).rejects.toThrow(
      /named an upload of sha256:[0-9a-f]{64} into app at to http:\/\/169\.254\.169\.254\/latest\/meta-data\/, which the action refuses/
    );
    expect(fake.requests).toEqual([]);
  });

  it.each([
    ['https://registry.example/v2/', 'http://registry.example/v2/x', /from https down to plain http/],
    ['https://registry.example/v2/', 'ftp://storage.example/x', /ftp: is not http or https/],
    ['https://registry.example/v2/', 'https://[fe80::1]/x', /on this machine or link-local/],
    ['https://registry.example/v2/', 'https://localhost/x', /on this machine or link-local/]
  ])('from %s to %s is refused', async (from, to, why) => {
    const transport = new Transport('registry.example', 'https://registry.example');
    const refusal = transport.checkTarget(new URL(from), new URL(to), 'redirected a read');
    await expect(refusal).rejects.toBeInstanceOf(TargetRefused);
    await expect(refusal).rejects.toThrow(why);
  });

  it('storage on another https host is followed', async () => {
    const transport = new Transport('registry.example', 'https://registry.example');
    await expect(
      transport.checkTarget(new URL('https://registry.example/v2/'), new URL('https://1.2.3.4/bucket'), 'redirected')
    ).resolves.toBeUndefined();
  });
});
