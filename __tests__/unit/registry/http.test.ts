import { createServer, type Server, type ServerResponse } from 'node:http';
import { RegistryClient } from '../../../src/registry/client.js';
import { responseLimits } from '../../../src/registry/http.js';
import { close, fast, FakeRegistry, index, listen, PASSWORD, USER } from '../../helpers/fake-registry.js';

const MiB = 1024 * 1024;

/** Writes chunks of `{` until the client goes away: a body that never ends. */
function endless(response: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, '{');
  const pump = (): void => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump);
  };
  response.on('close', () => response.removeAllListeners('drain'));
  pump();
}

describe('registry responses are size-capped', () => {
  const servers: Server[] = [];
  const serve = async (handler: (path: string, response: ServerResponse) => void): Promise<string> => {
    const server = createServer((request, response) => handler(request.url ?? '/', response));
    servers.push(server);
    return `127.0.0.1:${await listen(server)}`;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close));
  });

  it('refuses a manifest whose Content-Length is over 4 MiB without reading it or retrying', async () => {
    const requests: string[] = [];
    const registry = await serve((path, response) => {
      requests.push(path);
      response.writeHead(200, {
        'Content-Type': 'application/vnd.oci.image.index.v1+json',
        'Content-Length': String(4 * MiB + 1)
      });
      response.write('{');
    });
    await expect(new RegistryClient(registry, undefined, { retry: fast }).getManifest('app', 'v1')).rejects.toThrow(
      `Registry ${registry} sent manifest ${registry}/app:v1 is larger than the ${4 * MiB} bytes this client accepts (Content-Length ${4 * MiB + 1})`
    );
    expect(requests).toHaveLength(1);
  });

  it('stops reading a manifest sent without a length once 4 MiB have arrived', async () => {
    const registry = await serve((_path, response) => {
      response.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json' });
      endless(response);
    });
    await expect(new RegistryClient(registry, undefined, { retry: fast }).getManifest('app', 'v1')).rejects.toThrow(
      /manifest .*app:v1 is larger than the 4194304 bytes this client accepts \(\d+ bytes received so far\)/
    );
  });

  it('stops reading a token reply that does not end', async () => {
    const fake = await new FakeRegistry('bearer').start();
    servers.push(fake.server);
    const tokens = await serve((_path, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      endless(response);
    });
    fake.realm = `http://${tokens}/token`;
    fake.addManifest('app', 'v1', index);
    const client = new RegistryClient(fake.registry, { username: USER, password: PASSWORD }, { retry: fast });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow(
      `the token reply from http://${tokens} is larger than the ${responseLimits.token} bytes this client accepts`
    );
  });

  it('reads at most 64 KiB of an error body, and still reports the status', async () => {
    const registry = await serve((_path, response) => {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      endless(response);
    });
    await expect(new RegistryClient(registry, undefined, { retry: fast }).getManifest('app', 'v1')).rejects.toThrow(
      `Registry ${registry} answered HTTP 400 Bad Request to reading manifest ${registry}/app:v1`
    );
  });

  it('still reads a manifest of just under 4 MiB', async () => {
    const fake = await new FakeRegistry('none').start();
    servers.push(fake.server);
    const big = { ...index, annotations: { padding: 'x'.repeat(4 * MiB - 400) } };
    fake.addManifest('app', 'big', big);
    expect((await new RegistryClient(fake.registry).getManifest('app', 'big'))?.json).toEqual(big);
  });
});

describe('a digest the client cannot verify is an error, not a pass', () => {
  const fakes: FakeRegistry[] = [];
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => close(fake.server)));
  });
  const start = async (): Promise<FakeRegistry> => {
    const fake = await new FakeRegistry('none').start();
    fakes.push(fake);
    return fake;
  };

  it('refuses to fetch a manifest by a digest of another algorithm', async () => {
    const fake = await start();
    const digest = `sha384:${'a'.repeat(96)}`;
    fake.manifests.set(`app/${digest}`, {
      body: Buffer.from(JSON.stringify(index)),
      contentType: 'x',
      digestHeader: null
    });
    await expect(new RegistryClient(fake.registry).getManifest('app', digest)).rejects.toThrow(
      `the digest ${digest} uses the algorithm 'sha384', which this client cannot verify (it checks sha256, sha512)`
    );
  });

  it('refuses a manifest whose Docker-Content-Digest is of an algorithm it cannot check', async () => {
    const fake = await start();
    fake.addManifest('app', 'v1', index, { digestHeader: `md5:${'0'.repeat(32)}` });
    await expect(new RegistryClient(fake.registry).getManifest('app', 'v1')).rejects.toThrow(
      "uses the algorithm 'md5', which this client cannot verify"
    );
  });

  it('refuses to stream a blob it could not check', async () => {
    const fake = await start();
    const digest = `blake3:${'b'.repeat(64)}`;
    fake.blobs.set(digest, Buffer.from('anything'));
    await expect(new RegistryClient(fake.registry).getBlob('app', digest)).rejects.toThrow(
      `blob ${fake.registry}/app@${digest}: the digest ${digest} uses the algorithm 'blake3'`
    );
  });

  it('checks sha512 digests', async () => {
    const fake = await start();
    const body = Buffer.from(JSON.stringify(index));
    const { createHash } = await import('node:crypto');
    const digest = `sha512:${createHash('sha512').update(body).digest('hex')}`;
    fake.manifests.set(`app/${digest}`, { body, contentType: 'application/json', digestHeader: null });
    expect((await new RegistryClient(fake.registry).getManifest('app', digest))?.digest).toBe(digest);
  });
});
