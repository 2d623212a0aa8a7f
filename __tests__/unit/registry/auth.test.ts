import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mergeScopes, parseChallenge } from '../../../src/registry/auth.js';
import { pullScope, pushScope, RegistryClient } from '../../../src/registry/client.js';
import { close, fast, FakeRegistry, index, listen, PASSWORD, sha256, USER } from '../../helpers/fake-registry.js';

/** A server that logs the headers it was sent and answers with `answer`. */
async function recorder(
  answer: (port: number) => { status: number; headers?: Record<string, string>; body?: string }
): Promise<{ server: Server; port: number; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  let port = 0;
  const server = createServer((request, response) => {
    seen.push(request.headers);
    const { status, headers, body } = answer(port);
    response.writeHead(status, headers).end(body);
  });
  port = await listen(server);
  return { server, port, seen };
}

describe('credentials never leave their registry', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close));
  });

  it.each(['bearer', 'basic'] as const)(
    'a %s registry redirects a blob to storage that challenges with a third host: that host sees no Authorization',
    async (scheme) => {
      const registry = await new FakeRegistry(scheme).start();
      servers.push(registry.server);
      const thirdHost = await recorder(() => ({
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '{"token":"stolen"}'
      }));
      const storage = await recorder(() => ({
        status: 401,
        headers: { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${thirdHost.port}/token",service="storage"` }
      }));
      servers.push(thirdHost.server, storage.server);
      const blob = sha256('layer');
      registry.redirects.set(blob, `http://127.0.0.1:${storage.port}/bucket/layer`);
      registry.addManifest('app', 'v1', index);

      const client = new RegistryClient(registry.registry, { username: USER, password: PASSWORD }, { retry: fast });
      // Logged in already, so the blob request itself is the one that gets redirected and challenged.
      await client.getManifest('app', 'v1');
      await expect(client.getBlob('app', blob)).rejects.toThrow(
        `the 401 came from http://127.0.0.1:${storage.port}, not from the registry (http://${registry.registry}); credentials are only sent to the registry and the token service it names`
      );
      expect(thirdHost.seen.map((headers) => headers.authorization)).toEqual([]);
      expect(storage.seen.map((headers) => headers.authorization)).toEqual([undefined]);
    }
  );

  it('sends the login to the realm the registry itself named, and the token only to the registry', async () => {
    const registry = await new FakeRegistry('bearer').start();
    servers.push(registry.server);
    registry.addManifest('app', 'v1', index);
    const client = new RegistryClient(registry.registry, { username: USER, password: PASSWORD }, { retry: fast });
    expect((await client.getManifest('app', 'v1'))?.digest).toBe(sha256(JSON.stringify(index)));
    expect(
      registry.requests.map(({ path, authorization }) => [path.split('?')[0], authorization?.split(' ')[0]])
    ).toEqual([
      ['/v2/app/manifests/v1', undefined],
      ['/token', 'Basic'],
      ['/v2/app/manifests/v1', 'Bearer']
    ]);
  });

  it.each([
    ['http://auth.example.com/token', 'is not https'],
    ['ftp://127.0.0.1/token', 'is not https'],
    ['not a url', 'is not a URL']
  ])('refuses the realm %s without contacting it', async (realm, reason) => {
    const registry = await new FakeRegistry('bearer').start();
    servers.push(registry.server);
    registry.realm = realm;
    registry.addManifest('app', 'v1', index);
    const client = new RegistryClient(registry.registry, { username: USER, password: PASSWORD }, { retry: fast });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow(reason);
    expect(registry.requests).toHaveLength(1);
  });

  it('accepts a plain-http realm on loopback, as for a loopback registry', async () => {
    const tokens = await recorder(() => ({ status: 200, body: '{"token":"t"}' }));
    servers.push(tokens.server);
    const registry = await new FakeRegistry('bearer').start();
    servers.push(registry.server);
    registry.realm = `http://localhost:${tokens.port}/token`;
    registry.issued.add('t');
    registry.addManifest('app', 'v1', index);
    const client = new RegistryClient(registry.registry, { username: USER, password: PASSWORD }, { retry: fast });
    expect(await client.getManifest('app', 'v1')).toBeDefined();
    expect(tokens.seen.map((headers) => headers.authorization?.split(' ')[0])).toEqual(['Basic']);
  });

  it.each([
    [['repository:a:pull', 'repository:a:push'], ['repository:a:pull,push']],
    [
      ['repository:b:pull', 'repository:a:pull,push'],
      ['repository:b:pull', 'repository:a:pull,push']
    ],
    [['registry:catalog:*'], ['registry:catalog:*']]
  ])('merges scopes %j into %j', (scopes, merged) => {
    expect(mergeScopes(scopes)).toEqual(merged);
  });
});

describe('parseChallenge', () => {
  it('parses a Bearer challenge with quoted, comma-separated parameters', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"'
      )
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/busybox:pull'
      }
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' }
    });
  });
});

// What the handshake sends where, for the cases a mutation of the authorizer would get wrong
// without any other test noticing (docs/reliability.md, "Mutation scores").
describe('the handshake, request by request', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close));
  });
  const registryOf = async (auth: 'basic' | 'bearer'): Promise<FakeRegistry> => {
    const registry = await new FakeRegistry(auth).start();
    servers.push(registry.server);
    registry.addManifest('app', 'v1', index);
    registry.addManifest('base', 'v1', index);
    return registry;
  };
  const login = { username: USER, password: PASSWORD };

  it.each(['basic', 'bearer'] as const)(
    'a %s login goes with no request to another origin, such as an upload Location on a storage host',
    async (scheme) => {
      const registry = await registryOf(scheme);
      const storage = await recorder(() => ({ status: 201 }));
      servers.push(storage.server);
      const client = new RegistryClient(registry.registry, login, { retry: fast });
      await client.getManifest('app', 'v1');
      const exchange = await client.request({
        method: 'PUT',
        url: `http://127.0.0.1:${storage.port}/upload/1?digest=${sha256('x')}`,
        body: () => Buffer.from('x'),
        scopes: [pushScope('app')],
        verb: 'uploading',
        what: 'blob x',
        accept: (status) => status === 201
      });
      expect(exchange.response.status).toBe(201);
      expect(storage.seen.map((headers) => headers.authorization)).toEqual([undefined]);
      // Not even a token fetched for it.
      expect(registry.paths('/token')).toHaveLength(scheme === 'bearer' ? 1 : 0);
    }
  );

  it.each([
    ['Digest realm="http://127.0.0.1:{port}/token",nonce="n",qop="auth"'],
    ['Negotiate realm="http://127.0.0.1:{port}/token"'],
    ['Bearer service="fake-registry",scope="repository:app:pull"']
  ])('a challenge %s is refused, and no realm it names is contacted', async (challenge) => {
    const tokens = await recorder(() => ({ status: 200, body: '{"token":"t"}' }));
    const wanted = challenge.replace('{port}', String(tokens.port));
    const registry = await recorder(() => ({ status: 401, headers: { 'WWW-Authenticate': wanted } }));
    servers.push(tokens.server, registry.server);
    const client = new RegistryClient(`127.0.0.1:${registry.port}`, login, { retry: fast });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow(
      `answered HTTP 401 to reading manifest 127.0.0.1:${registry.port}/app:v1: unsupported authentication challenge '${wanted}'`
    );
    expect(tokens.seen).toEqual([]);
    expect(registry.seen.map((headers) => headers.authorization)).toEqual([undefined]);
  });

  it('a token for pull is not reused to push, nor a token for one repository to mount from another', async () => {
    const registry = await registryOf('bearer');
    const client = new RegistryClient(registry.registry, login, { retry: fast });
    await client.getManifest('app', 'v1');
    const head = (scopes: string[]) =>
      client.request({ method: 'HEAD', url: `/v2/app/manifests/v1`, scopes, what: 'manifest app:v1' });
    await head([pushScope('app')]);
    await head([pushScope('app'), pullScope('base')]);
    // A token that covers what is asked is reused: the mount's for base alone, the push one for app.
    await head([pullScope('base')]);
    await head([pushScope('app')]);
    expect(registry.tokenScopes).toEqual([
      ['repository:app:pull'],
      ['repository:app:pull,push'],
      ['repository:app:pull,push', 'repository:base:pull']
    ]);
    expect(registry.requests.filter(({ path }) => path.startsWith('/v2/')).map((entry) => entry.authorization)).toEqual(
      [undefined, 'Bearer tok-1', 'Bearer tok-2', 'Bearer tok-3', 'Bearer tok-3', 'Bearer tok-2']
    );
  });

  it('a token the registry stopped taking is dropped: its replacement is sent from then on', async () => {
    const registry = await registryOf('bearer');
    const client = new RegistryClient(registry.registry, login, { retry: fast });
    await client.getManifest('app', 'v1');
    registry.issued.delete('tok-1');
    for (let read = 0; read < 3; read++) expect((await client.getManifest('app', 'v1'))?.json).toEqual(index);
    expect(registry.paths('/token')).toHaveLength(2);
    expect(registry.requests.filter(({ path }) => path.startsWith('/v2/')).map((entry) => entry.authorization)).toEqual(
      [undefined, 'Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2', 'Bearer tok-2', 'Bearer tok-2']
    );
  });

  it("a refused token is dropped for its own scopes only: another repository's token is kept", async () => {
    const registry = await registryOf('bearer');
    const client = new RegistryClient(registry.registry, login, { retry: fast });
    await client.getManifest('app', 'v1');
    await client.getManifest('base', 'v1');
    registry.issued.delete('tok-1');
    await client.getManifest('app', 'v1');
    await client.getManifest('base', 'v1');
    expect(registry.tokenScopes).toEqual([['repository:app:pull'], ['repository:base:pull'], ['repository:app:pull']]);
    expect(registry.requests.at(-1)).toMatchObject({ path: '/v2/base/manifests/v1', authorization: 'Bearer tok-2' });
  });

  it.each([
    ['{}', 'an empty object'],
    ['{"token":""}', 'an empty token'],
    ['{"token":42}', 'a token that is not a string'],
    ['{"access_token":null}', 'a null access_token'],
    ['<html>ok</html>', 'a body that is not JSON']
  ])('a token service answering 200 with %s (%s) fails the request, and no "Bearer" goes out', async (body) => {
    const tokens = await recorder(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body }));
    servers.push(tokens.server);
    const registry = await registryOf('bearer');
    registry.realm = `http://127.0.0.1:${tokens.port}/token`;
    const client = new RegistryClient(registry.registry, login, { retry: fast });
    await expect(client.getManifest('app', 'v1')).rejects.toThrow(
      `Registry ${registry.registry} answered HTTP 401 to reading manifest ${registry.registry}/app:v1: the token service at http://127.0.0.1:${tokens.port} answered without a token`
    );
    expect(tokens.seen).toHaveLength(1);
    expect(registry.requests.map((entry) => entry.authorization)).toEqual([undefined]);
  });
});
