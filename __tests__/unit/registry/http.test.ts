// Registry HTTP: where a registry is served (https, plain http only on loopback), and the size caps on
// every answer, through the client that reads them.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { RegistryClient } from '../../../src/registry/client.js';
import { isLoopbackRegistry, registryBaseUrl, responseLimits } from '../../../src/registry/http.js';
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

describe('registry URLs', () => {
  it.each([
    ['localhost:5000', 'http://localhost:5000'],
    ['127.0.0.1:5001', 'http://127.0.0.1:5001'],
    ['127.4.5.6', 'http://127.4.5.6'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['docker.io', 'https://registry-1.docker.io'],
    ['ghcr.io', 'https://ghcr.io'],
    ['128.0.0.1:5000', 'https://128.0.0.1:5000'],
    ['localhost.example.com', 'https://localhost.example.com']
  ])('%s is served at %s', (registry, url) => {
    expect(registryBaseUrl(registry)).toBe(url);
    expect(isLoopbackRegistry(registry)).toBe(url.startsWith('http:'));
  });
});

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
