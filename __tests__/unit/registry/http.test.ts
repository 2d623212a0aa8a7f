// Registry HTTP: where a registry is served (https, plain http only on loopback), and the size caps on
// every answer, through the client that reads them.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { RegistryClient } from '../../../src/registry/client.js';
import { isLocalAddress, registryBaseUrl, responseLimits, targetRefusal } from '../../../src/registry/http.js';
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

describe('where a registry may send the client', () => {
  it.each<[string, boolean]>([
    ['127.0.0.1', true],
    ['127.9.9.9', true],
    ['localhost', true],
    ['api.localhost', true],
    ['[::1]', true],
    ['::', true],
    ['0.0.0.0', true],
    ['169.254.169.254', true],
    ['[fe80::1]', true],
    ['[::ffff:7f00:1]', true],
    ['10.0.0.1', false],
    ['8.8.8.8', false],
    ['s3.amazonaws.com', false],
    ['[2001:db8::1]', false]
  ])('%s is local: %j', (host, expected) => {
    expect(isLocalAddress(host)).toBe(expected);
  });

  it.each<[string, string, boolean, string | undefined]>([
    ['https://ghcr.io/v2/', 'https://pkg-containers.githubusercontent.com/blob', false, undefined],
    [
      'https://ghcr.io/v2/',
      'http://pkg-containers.githubusercontent.com/blob',
      false,
      'it would go from https down to plain http'
    ],
    [
      'https://ghcr.io/v2/',
      'https://127.0.0.1:8080/x',
      false,
      '127.0.0.1 is on this machine or link-local, and the registry is not on loopback'
    ],
    [
      'https://ghcr.io/v2/',
      'https://169.254.169.254/latest',
      false,
      '169.254.169.254 is on this machine or link-local, and the registry is not on loopback'
    ],
    ['https://ghcr.io/v2/', 'file:///etc/passwd', false, 'file: is not http or https'],
    ['http://127.0.0.1:5000/v2/', 'http://127.0.0.1:9000/bucket', true, undefined],
    ['http://127.0.0.1:5000/v2/', 'https://storage.example/bucket', true, undefined]
  ])('%s → %s (registry on loopback: %j): %j', (from, to, onLoopback, expected) => {
    expect(targetRefusal(new URL(from), new URL(to), onLoopback)).toBe(expected);
  });
});
