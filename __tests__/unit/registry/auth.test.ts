import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Authorizer, mergeScopes, parseChallenge } from '../../../src/registry/auth.js';
import { PermanentFailure } from '../../../src/registry/http.js';
import { RegistryClient } from '../../../src/registry/client.js';
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
