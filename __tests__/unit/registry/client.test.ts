import { createServer, type Server } from 'node:http';
import { RegistryClient } from '../../../src/registry/client.js';
import {
  basicHeader,
  close,
  fast,
  FakeRegistry,
  index,
  listen,
  PASSWORD,
  readAll,
  sha256,
  USER
} from '../../helpers/fake-registry.js';

describe('RegistryClient', () => {
  const registries: FakeRegistry[] = [];
  const extraServers: Server[] = [];
  const start = async (auth: FakeRegistry['auth']): Promise<FakeRegistry> => {
    const registry = await new FakeRegistry(auth).start();
    registries.push(registry);
    return registry;
  };
  afterEach(async () => {
    await Promise.all([
      ...registries.splice(0).map((registry) => close(registry.server)),
      ...extraServers.splice(0).map(close)
    ]);
  });

  describe('manifests', () => {
    it('fetches an index with every manifest type accepted and the digest the registry names', async () => {
      const fake = await start('none');
      const digest = fake.addManifest('team/app', 'v1', index);
      const manifest = await new RegistryClient(fake.registry, undefined, { retry: fast }).getManifest(
        'team/app',
        'v1'
      );
      expect(manifest).toEqual({
        digest,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        bytes: Buffer.from(JSON.stringify(index)),
        json: index,
        size: JSON.stringify(index).length
      });
      expect(fake.requests[0]?.accept?.split(', ').sort()).toEqual([
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.oci.image.manifest.v1+json'
      ]);
    });

    it('computes the digest from the body when the registry sends no Docker-Content-Digest', async () => {
      const fake = await start('none');
      const digest = fake.addManifest(
        'app',
        'v1',
        { schemaVersion: 2, layers: [] },
        { digestHeader: null, contentType: 'application/vnd.oci.image.manifest.v1+json' }
      );
      const manifest = await new RegistryClient(fake.registry).getManifest('app', 'v1');
      expect(manifest?.digest).toBe(digest);
      // No mediaType in the JSON: the Content-Type header says what it is.
      expect(manifest?.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    });

    it('fetches by digest and returns that digest', async () => {
      const fake = await start('none');
      const digest = fake.addManifest('app', 'v1', index);
      expect((await new RegistryClient(fake.registry).getManifest('app', digest))?.digest).toBe(digest);
      expect(fake.paths('/v2/')).toEqual([`/v2/app/manifests/${digest}`]);
    });

    it('refuses a manifest whose content does not match the Docker-Content-Digest header', async () => {
      const fake = await start('none');
      const wrong = `sha256:${'0'.repeat(64)}`;
      fake.addManifest('app', 'v1', index, { digestHeader: wrong });
      await expect(new RegistryClient(fake.registry).getManifest('app', 'v1')).rejects.toThrow(
        `Registry ${fake.registry} served manifest ${fake.registry}/app:v1 whose content does not match digest ${wrong}`
      );
    });

    it('refuses content that does not match the digest it was asked for', async () => {
      const fake = await start('none');
      const asked = `sha256:${'1'.repeat(64)}`;
      fake.manifests.set(`app/${asked}`, {
        body: Buffer.from(JSON.stringify(index)),
        contentType: 'application/vnd.oci.image.index.v1+json',
        digestHeader: null
      });
      await expect(new RegistryClient(fake.registry).getManifest('app', asked)).rejects.toThrow(
        `app@${asked} whose content does not match digest ${asked}`
      );
    });

    it('returns undefined for a manifest the registry does not have', async () => {
      const fake = await start('none');
      expect(
        await new RegistryClient(fake.registry, undefined, { retry: fast }).getManifest('app', 'missing')
      ).toBeUndefined();
      // 404 is an answer, not a failure: asked once.
      expect(fake.paths('/v2/')).toEqual(['/v2/app/manifests/missing']);
    });
  });

  describe('Basic auth', () => {
    it('answers the challenge with the login and then sends it up front', async () => {
      const fake = await start('basic');
      fake.addManifest('app', 'v1', index);
      fake.addManifest('app', 'v2', index);
      const client = new RegistryClient(fake.registry, { username: USER, password: PASSWORD });
      expect((await client.getManifest('app', 'v1'))?.json).toEqual(index);
      expect((await client.getManifest('app', 'v2'))?.json).toEqual(index);
      expect(fake.requests.map((entry) => [entry.path, entry.authorization])).toEqual([
        ['/v2/app/manifests/v1', undefined],
        ['/v2/app/manifests/v1', basicHeader(USER, PASSWORD)],
        ['/v2/app/manifests/v2', basicHeader(USER, PASSWORD)]
      ]);
    });

    it('fails without retrying when there is no login, naming the registry and the reference', async () => {
      const fake = await start('basic');
      fake.addManifest('app', 'v1', index);
      await expect(
        new RegistryClient(fake.registry, undefined, { retry: fast }).getManifest('app', 'v1')
      ).rejects.toThrow(
        `Registry ${fake.registry} answered HTTP 401 to reading manifest ${fake.registry}/app:v1: it requires a login and there is none for it`
      );
      expect(fake.requests).toHaveLength(1);
    });

    it('fails without retrying when the password is wrong', async () => {
      const fake = await start('basic');
      fake.addManifest('app', 'v1', index);
      const client = new RegistryClient(fake.registry, { username: USER, password: 'wrong' }, { retry: fast });
      await expect(client.getManifest('app', 'v1')).rejects.toThrow(
        /HTTP 401 Unauthorized to reading manifest 127\.0\.0\.1:\d+\/app:v1; access was refused as alice/
      );
      expect(fake.requests).toHaveLength(2);
    });
  });

  describe('Bearer auth', () => {
    it('gets a token with the login for the challenged scope and reuses it per repository', async () => {
      const fake = await start('bearer');
      fake.addManifest('team/app', 'v1', index);
      fake.addManifest('team/other', 'v1', index);
      const blob = Buffer.from('layer bytes');
      fake.addBlob('team/app', blob);
      const client = new RegistryClient(fake.registry, { username: USER, password: PASSWORD });
      expect((await client.getManifest('team/app', 'v1'))?.json).toEqual(index);
      expect((await client.getManifest('team/app', 'v1'))?.json).toEqual(index);
      expect(await readAll(await client.getBlob('team/app', sha256(blob)))).toEqual(blob);
      expect((await client.getManifest('team/other', 'v1'))?.json).toEqual(index);
      expect(fake.paths('/token')).toEqual([
        '/token?service=fake-registry&scope=repository%3Ateam%2Fapp%3Apull',
        '/token?service=fake-registry&scope=repository%3Ateam%2Fother%3Apull'
      ]);
      expect(fake.requests.find((entry) => entry.path.startsWith('/token'))?.authorization).toBe(
        basicHeader(USER, PASSWORD)
      );
      expect(
        fake.requests.filter((entry) => entry.path.startsWith('/v2/team/app/')).map((entry) => entry.authorization)
      ).toEqual([undefined, 'Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
    });

    it('accepts access_token and anonymous tokens', async () => {
      const fake = await start('bearer');
      fake.tokenField = 'access_token';
      fake.anonymousTokens = true;
      fake.addManifest('library/busybox', 'latest', index);
      expect((await new RegistryClient(fake.registry).getManifest('library/busybox', 'latest'))?.json).toEqual(index);
      expect(fake.requests.map((entry) => [entry.path.split('?')[0], entry.authorization])).toEqual([
        ['/v2/library/busybox/manifests/latest', undefined],
        ['/token', undefined],
        ['/v2/library/busybox/manifests/latest', 'Bearer tok-1']
      ]);
    });

    it('fetches a new token when the cached one has expired', async () => {
      const fake = await start('bearer');
      fake.addManifest('app', 'v1', index);
      const client = new RegistryClient(fake.registry, { username: USER, password: PASSWORD });
      await client.getManifest('app', 'v1');
      fake.issued.clear();
      expect((await client.getManifest('app', 'v1'))?.json).toEqual(index);
      expect(
        fake.requests.filter((entry) => entry.path.startsWith('/v2/')).map((entry) => entry.authorization)
      ).toEqual([undefined, 'Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
    });

    it('asks the token service once when it refuses the login', async () => {
      const fake = await start('bearer');
      fake.addManifest('app', 'v1', index);
      const client = new RegistryClient(fake.registry, { username: USER, password: 'wrong' }, { retry: fast });
      await expect(client.getManifest('app', 'v1')).rejects.toThrow(
        `Registry ${fake.registry} answered HTTP 401 Unauthorized to reading a token for manifest ${fake.registry}/app:v1 from http://${fake.registry}/token; the login of alice was refused`
      );
      expect(fake.paths('/token')).toHaveLength(1);
    });
  });

  describe('failures', () => {
    it('retries a 503 and then returns the manifest', async () => {
      const fake = await start('none');
      fake.addManifest('app', 'v1', index);
      fake.faults.set('/v2/app/manifests/v1', [503]);
      expect(
        (await new RegistryClient(fake.registry, undefined, { retry: fast }).getManifest('app', 'v1'))?.json
      ).toEqual(index);
      expect(fake.paths('/v2/')).toEqual(['/v2/app/manifests/v1', '/v2/app/manifests/v1']);
    });

    it('retries a connection reset', async () => {
      const fake = await start('none');
      fake.addManifest('app', 'v1', index);
      fake.faults.set('/v2/app/manifests/v1', ['reset', 'reset']);
      expect(
        (await new RegistryClient(fake.registry, undefined, { retry: fast }).getManifest('app', 'v1'))?.json
      ).toEqual(index);
      expect(fake.paths('/v2/')).toHaveLength(3);
    });

    it('gives up after the retry policy with the status in the message', async () => {
      const fake = await start('none');
      fake.addManifest('app', 'v1', index);
      fake.faults.set('/v2/app/manifests/v1', [503, 503, 503, 503]);
      await expect(
        new RegistryClient(fake.registry, undefined, { retry: fast }).getManifest('app', 'v1')
      ).rejects.toThrow(
        `Registry ${fake.registry} answered HTTP 503 Service Unavailable to reading manifest ${fake.registry}/app:v1`
      );
      expect(fake.paths('/v2/')).toHaveLength(3);
    });

    it('never retries a 403', async () => {
      const fake = await start('none');
      fake.addManifest('app', 'v1', index);
      fake.faults.set('/v2/app/manifests/v1', [403, 403]);
      await expect(
        new RegistryClient(fake.registry, undefined, { retry: fast }).getManifest('app', 'v1')
      ).rejects.toThrow(/HTTP 403 Forbidden to reading manifest .*app:v1; access was refused without credentials/);
      expect(fake.paths('/v2/')).toHaveLength(1);
    });

    it('times out a registry that never answers, and retries it', async () => {
      const fake = await start('none');
      fake.addManifest('app', 'v1', index);
      fake.faults.set('/v2/app/manifests/v1', ['hang']);
      const client = new RegistryClient(fake.registry, undefined, { retry: fast, timeoutMs: 200 });
      expect((await client.getManifest('app', 'v1'))?.json).toEqual(index);
      expect(fake.paths('/v2/')).toHaveLength(2);
    });

    it('reports an unreachable registry by name', async () => {
      const fake = await start('none');
      const registry = fake.registry;
      await close(fake.server);
      registries.length = 0;
      await expect(
        new RegistryClient(registry, undefined, { retry: { attempts: 1, firstDelayMs: 1, maxDelayMs: 1 } }).getManifest(
          'app',
          'v1'
        )
      ).rejects.toThrow(
        `Could not reach registry ${registry} for manifest ${registry}/app:v1: connection refused (ECONNREFUSED`
      );
    });
  });

  describe('blobs', () => {
    it('streams a blob and checks its digest', async () => {
      const fake = await start('none');
      const blob = Buffer.alloc(3 * 1024 * 1024, 7);
      fake.addBlob('app', blob);
      const received = await readAll(await new RegistryClient(fake.registry).getBlob('app', sha256(blob)));
      // Compared by hash: jest's toEqual walks a Buffer byte by byte, which takes half a minute at 3 MiB.
      expect(received.length).toBe(blob.length);
      expect(sha256(received)).toBe(sha256(blob));
    });

    it('closes the download when the reader stops early', async () => {
      const fake = await start('none');
      const digest = `sha256:${'4'.repeat(64)}`;
      const chunk = Buffer.alloc(1024 * 1024, 1);
      let finished: boolean | undefined;
      let markClosed = (): void => undefined;
      const closed = new Promise<void>((resolve) => (markClosed = resolve));
      // An endless blob: only the client going away ends the response.
      const storage = createServer((_request, response) => {
        response.on('close', () => {
          finished = response.writableFinished;
          markClosed();
        });
        const write = (): void => {
          while (response.write(chunk));
        };
        response.on('drain', write);
        write();
      });
      extraServers.push(storage);
      fake.redirects.set(digest, `http://127.0.0.1:${await listen(storage)}/endless`);
      const stream = await new RegistryClient(fake.registry).getBlob('app', digest);
      for await (const first of stream as AsyncIterable<Buffer>) {
        expect(first.length).toBeGreaterThan(0);
        break;
      }
      await closed;
      expect(finished).toBe(false);
    });

    it('errors the stream when the content does not match the digest', async () => {
      const fake = await start('none');
      const claimed = `sha256:${'2'.repeat(64)}`;
      fake.blobs.set(claimed, Buffer.from('not what was claimed'));
      fake.linked.add(`app@${claimed}`);
      const stream = await new RegistryClient(fake.registry).getBlob('app', claimed);
      await expect(readAll(stream)).rejects.toThrow(
        `Registry ${fake.registry} served blob ${fake.registry}/app@${claimed} whose content has digest ${sha256('not what was claimed')}`
      );
    });

    it('rejects a missing blob with its name', async () => {
      const fake = await start('none');
      const digest = `sha256:${'3'.repeat(64)}`;
      await expect(
        new RegistryClient(fake.registry, undefined, { retry: fast }).getBlob('app', digest)
      ).rejects.toThrow(`Registry ${fake.registry} has no blob ${fake.registry}/app@${digest} (HTTP 404)`);
    });

    it('follows a redirect to storage without sending the registry token there', async () => {
      const fake = await start('bearer');
      const blob = Buffer.from('stored elsewhere');
      const seen: (string | undefined)[] = [];
      const storage = createServer((request, response) => {
        seen.push(request.headers.authorization);
        response.writeHead(200).end(blob);
      });
      extraServers.push(storage);
      const storagePort = await listen(storage);
      fake.redirects.set(sha256(blob), `http://127.0.0.1:${storagePort}/bucket/object?signature=abc`);
      const client = new RegistryClient(fake.registry, { username: USER, password: PASSWORD });
      expect(await readAll(await client.getBlob('app', sha256(blob)))).toEqual(blob);
      expect(seen).toEqual([undefined]);
      expect(
        fake.requests.filter((entry) => entry.path.startsWith('/v2/')).map((entry) => entry.authorization)
      ).toEqual([undefined, 'Bearer tok-1']);
    });
  });
});
