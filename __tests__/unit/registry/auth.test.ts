import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { Authorizer, mergeScopes, parseChallenge } from '../../../src/registry/auth.js';
import { PermanentFailure } from '../../../src/registry/http.js';
import { pullScope, pushScope, RegistryClient } from '../../../src/registry/client.js';
import { close, fast, FakeRegistry, index, listen, PASSWORD, sha256, USER } from '../../helpers/fake-registry.js';

/** A server that logs the headers and URLs it was sent and answers with `answer` (given the request's number). */
async function recorder(
  answer: (port: number, count: number) => { status: number; headers?: Record<string, string>; body?: string }
): Promise<{ server: Server; port: number; seen: IncomingHttpHeaders[]; urls: string[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const urls: string[] = [];
  let port = 0;
  const server = createServer((request, response) => {
    seen.push(request.headers);
    urls.push(request.url ?? '');
    const { status, headers, body } = answer(port, seen.length);
    response.writeHead(status, headers).end(body);
  });
  port = await listen(server);
  return { server, port, seen, urls };
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

  it.each(['http://127.0.0.1:5004/token', 'http://localhost/token', 'http://[::1]:8080/token'])(
    'a remote registry naming the plain-http realm %s on loopback gets no login sent there',
    async (realm) => {
      const sent: string[] = [];
      const authorizer = new Authorizer(
        {
          name: 'registry.example.com',
          origin: 'https://registry.example.com',
          credentials: { username: USER, password: PASSWORD }
        },
        {
          send: (url) => {
            sent.push(url);
            return Promise.reject(new Error('no request may be sent'));
          },
          describe: () => Promise.resolve('')
        }
      );
      const answer = await authorizer.answer({
        challenge: `Bearer realm="${realm}",service="registry"`,
        answeredBy: 'https://registry.example.com/v2/app/manifests/v1',
        scopes: ['repository:app:pull'],
        action: 'reading manifest app:v1',
        what: 'manifest app:v1'
      });
      expect(answer).toBeInstanceOf(PermanentFailure);
      expect((answer as PermanentFailure).error.message).toContain(
        'is not https; credentials are sent over plain http only to a token service on loopback of a registry on loopback'
      );
      expect(sent).toEqual([]);
    }
  );

  it.each([
    [['repository:a:pull', 'repository:a:push'], ['repository:a:pull,push']],
    [
      ['repository:b:pull', 'repository:a:pull,push'],
      ['repository:b:pull', 'repository:a:pull,push']
    ],
    [['registry:catalog:*'], ['registry:catalog:*']],
    // Sorted, so one set of actions is one key for the token cache and the handshake in flight.
    [['repository:a:push,pull'], ['repository:a:pull,push']],
    // Empty actions, and scopes without a resource, ask for nothing.
    [
      ['repository:a:pull,,push', 'repository:b:'],
      ['repository:a:pull,push', 'repository:b:']
    ],
    [['nocolon', ':pull', 'repository:a:pull'], ['repository:a:pull']]
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

  it.each([
    ['Basic', { scheme: 'basic', params: {} }],
    ['  BASIC  ', { scheme: 'basic', params: {} }],
    // The scheme is never read as a parameter, with or without parameters after it.
    ['realm=x', { scheme: 'realm=x', params: {} }],
    ['service=x realm="r"', { scheme: 'service=x', params: { realm: 'r' } }],
    [
      'Bearer realm=https://auth.example.com/token,service=registry.example.com',
      { scheme: 'bearer', params: { realm: 'https://auth.example.com/token', service: 'registry.example.com' } }
    ],
    ['Bearer Realm = "a \\"quoted\\" realm"', { scheme: 'bearer', params: { realm: 'a "quoted" realm' } }]
  ])('parses %j', (header, challenge) => {
    expect(parseChallenge(header)).toEqual(challenge);
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

  it('an https realm is contacted (here a port that speaks no TLS, so the token request fails to connect)', async () => {
    let connections = 0;
    const tls = createTcpServer((socket) => {
      connections++;
      socket.destroy();
    });
    const port = await new Promise<number>((resolve) =>
      tls.listen(0, '127.0.0.1', () => resolve((tls.address() as { port: number }).port))
    );
    try {
      const registry = await registryOf('bearer');
      registry.realm = `https://127.0.0.1:${port}/token`;
      const client = new RegistryClient(registry.registry, login, { retry: fast });
      await expect(client.getManifest('app', 'v1')).rejects.toThrow(
        `Could not reach registry ${registry.registry} for reading a token for manifest ${registry.registry}/app:v1 from https://127.0.0.1:${port}/token`
      );
      expect(connections).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });

  it("asks for the challenge's own scopes too, and names no service when the challenge has none", async () => {
    const tokens = await recorder(() => ({ status: 200, body: '{"token":"t"}' }));
    type Answer = { status: number; headers: Record<string, string>; body?: string };
    const registry = await recorder((_port, count): Answer =>
      count === 1
        ? {
            status: 401,
            headers: {
              'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${tokens.port}/token",scope="repository:app:pull  repository:shared:pull"`
            }
          }
        : { status: 200, headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' }, body: '{}' }
    );
    servers.push(tokens.server, registry.server);
    const client = new RegistryClient(`127.0.0.1:${registry.port}`, login, { retry: fast });
    await client.getManifest('app', 'v1');
    expect(tokens.urls).toEqual(['/token?scope=repository%3Aapp%3Apull&scope=repository%3Ashared%3Apull']);
    expect(registry.seen.map((headers) => headers.authorization)).toEqual([undefined, 'Bearer t']);
  });

  it('requests side by side share one handshake, and a token service that answers 503 is asked again', async () => {
    const registry = await registryOf('bearer');
    registry.faults.set('/token', [503]);
    const client = new RegistryClient(registry.registry, login, { retry: fast });
    const manifests = await Promise.all([1, 2, 3].map(() => client.getManifest('app', 'v1')));
    expect(manifests.map((manifest) => manifest?.json)).toEqual([index, index, index]);
    // The 503, then one token for all three.
    expect(registry.paths('/token')).toHaveLength(2);
    expect(registry.tokenScopes).toEqual([['repository:app:pull']]);
  });

  it('a request that names no scope asks for no token up front', async () => {
    const registry = await registryOf('bearer');
    const client = new RegistryClient(registry.registry, login, { retry: fast });
    await client.getManifest('app', 'v1');
    // The token expires and the token service then refuses: no token is left, the service is known.
    registry.issued.clear();
    registry.faults.set('/token', [403]);
    await expect(client.getManifest('app', 'v1')).rejects.toThrow('HTTP 403');
    const exchange = await client.request({ url: '/v2/', scopes: [], what: 'the API root', accept: () => true });
    // Sent without a token; the registry's challenge then gets one, as for any request.
    expect(exchange.response.status).toBe(200);
    expect(registry.requests.find(({ path }) => path === '/v2/')).toEqual(
      expect.objectContaining({ path: '/v2/', authorization: undefined })
    );
    expect(registry.paths('/token')).toHaveLength(3);
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
