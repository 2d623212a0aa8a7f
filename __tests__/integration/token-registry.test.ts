// The bearer-token registry of the test environment behaves like Docker Hub and GHCR: docker logs in
// through the token server, a user pushes with buildx under its own namespace and nowhere else,
// anyone pulls, nobody deletes, and a cross-repository mount works with one token for both scopes.
// Everything here drives the real registry, token server, docker, buildx and skopeo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  docker,
  ensureEmulator,
  env,
  fixtureContext,
  inspectIndex,
  type CommandResult,
  pushTwoPlatformImage
} from '../helpers/e2e.js';
import {
  listTags,
  readTokenLog,
  requestToken,
  tokenRegistryRequest,
  type TokenLogEntry
} from '../helpers/registries.js';

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
];
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
];

/** A fresh DOCKER_CONFIG and the result of `docker login` to the token registry with it. */
function login(user: string, password: string): { config: string; result: CommandResult } {
  const config = mkdtempSync(path.join(tmpdir(), 'mab-token-login-'));
  const result = docker(['login', env.tokenRegistry, '--username', user, '--password-stdin'], {
    config,
    input: password
  });
  return { config, result };
}

function buildAndPush(config: string, reference: string): CommandResult {
  return pushTwoPlatformImage(reference, fixtureContext(busyboxDockerfile), config);
}

/** Log entries that asked for a scope on `repository`. */
const askingFor = (entries: TokenLogEntry[], repository: string): TokenLogEntry[] =>
  entries.filter((entry) => (entry.scopes ?? []).some((scope) => scope.startsWith(`repository:${repository}:`)));

const grantedOn = (entry: TokenLogEntry, repository: string): string[] =>
  entry.access?.find((access) => access.name === repository)?.actions ?? [];

describe('token registry: bearer-token auth with the rules of a hosted registry', () => {
  const runId = `it-${process.pid}-${Date.now().toString(36)}`;
  let own: { repository: string; reference: string };
  let foreign: { repository: string; reference: string };
  let userConfig: string;
  let push: CommandResult;
  let pushLog: TokenLogEntry[];

  beforeAll(() => {
    // An env file without the token registry fails here, loudly, for every test below.
    own = { repository: `${env.tokenUser}/${runId}-app`, reference: '' };
    own.reference = `${env.tokenRegistry}/${own.repository}:1.0.0`;
    foreign = { repository: `${env.tokenUser2}/${runId}-app`, reference: '' };
    foreign.reference = `${env.tokenRegistry}/${foreign.repository}:1.0.0`;
    ensureEmulator('aarch64');
    const session = login(env.tokenUser, env.tokenPassword);
    if (session.result.code !== 0)
      throw new Error(`docker login to ${env.tokenRegistry} failed: ${session.result.stderr}`);
    userConfig = session.config;
    const mark = readTokenLog().length;
    push = buildAndPush(userConfig, own.reference);
    pushLog = readTokenLog(mark);
  });

  it('answers /v2/ with a Bearer challenge naming the token server', async () => {
    const response = await tokenRegistryRequest('/v2/');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="${env.tokenRealm}",service="${env.tokenService}"`
    );
  });

  it('lets docker login with the test user, and refuses a wrong password', () => {
    const mark = readTokenLog().length;
    const right = login(env.tokenUser, env.tokenPassword).result;
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('Login Succeeded');
    const wrong = login(env.tokenUser, `${env.tokenPassword}-wrong`).result;
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/unauthorized: incorrect username or password/);
    // docker's login check is a GET with Basic auth and no scope: 200 with an empty token, then 401.
    // (Filtered by account: other runs may use the token server meanwhile.)
    const checks = readTokenLog(mark).filter((entry) => entry.account === env.tokenUser && entry.scopes?.length === 0);
    expect(checks).toEqual([
      expect.objectContaining({ method: 'GET', status: 200, access: [] }),
      expect.objectContaining({ method: 'GET', status: 401, error: 'bad credentials' })
    ]);
  });

  it('pushes a two-platform buildx build under the user namespace, and skopeo lists its tag', () => {
    expect(push.stderr).not.toMatch(/ERROR/);
    expect(push.code).toBe(0);
    expect(listTags(own.reference)).toEqual(['1.0.0']);
    expect(inspectIndex(own.reference)?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    const asked = askingFor(pushLog, own.repository);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((entry) => entry.account === env.tokenUser && entry.status === 200)).toBe(true);
    expect(asked.some((entry) => grantedOn(entry, own.repository).join(',') === 'pull,push')).toBe(true);
  });

  it("refuses a push to another account's namespace: the token grants pull only", () => {
    const mark = readTokenLog().length;
    const refused = buildAndPush(userConfig, foreign.reference);
    expect(refused.code).not.toBe(0);
    // buildx words it "push access denied, ... insufficient_scope" or, after trying a mount, just the server message.
    expect(refused.stderr).toMatch(/server message: insufficient_scope: authorization failed/);
    expect(listTags(foreign.reference)).toEqual([]);
    const asked = askingFor(readTokenLog(mark), foreign.repository);
    // buildx asked for push (skopeo's listing above asked for pull); every token it got has pull only.
    expect(asked.some((entry) => entry.scopes?.includes(`repository:${foreign.repository}:pull,push`))).toBe(true);
    for (const entry of asked) expect(grantedOn(entry, foreign.repository)).toEqual(['pull']);
  });

  it('grants the intersection of what was asked and what the rules allow, never an error for asking too much', async () => {
    const everything = (repository: string): string => `repository:${repository}:pull,push,delete,*`;
    const anonymous = await requestToken([everything(own.repository), 'registry:catalog:*']);
    expect(anonymous.status).toBe(200);
    expect(anonymous.access).toEqual([{ type: 'repository', name: own.repository, actions: ['pull'] }]);

    const user = await requestToken(
      [everything(own.repository), everything(foreign.repository), 'registry:catalog:*'],
      {
        user: env.tokenUser,
        password: env.tokenPassword
      }
    );
    expect(user.access).toEqual([
      { type: 'repository', name: own.repository, actions: ['pull', 'push'] },
      { type: 'repository', name: foreign.repository, actions: ['pull'] }
    ]);
    expect(user.body).toMatchObject({ access_token: user.token, expires_in: 600 });
    expect(Date.parse(String(user.body['issued_at']))).toBeGreaterThan(Date.now() - 60_000);

    const other = await requestToken([everything(foreign.repository)], {
      user: env.tokenUser2,
      password: env.tokenPassword2
    });
    expect(other.access).toEqual([{ type: 'repository', name: foreign.repository, actions: ['pull', 'push'] }]);

    const wrong = await requestToken([everything(own.repository)], {
      user: env.tokenUser,
      password: 'not-the-password'
    });
    expect(wrong.status).toBe(401);
    expect(wrong.token).toBeUndefined();
  });

  it('serves the manifest to an anonymous client with an anonymous token', async () => {
    const pushed = inspectIndex(own.reference);
    expect(pushed).toBeDefined();
    const withoutToken = await tokenRegistryRequest(`/v2/${own.repository}/manifests/1.0.0`, { accept: INDEX_TYPES });
    expect(withoutToken.status).toBe(401);
    const mark = readTokenLog().length;
    const anonymous = await requestToken([`repository:${own.repository}:pull`]);
    expect(anonymous.status).toBe(200);
    expect(askingFor(readTokenLog(mark), own.repository)).toEqual([
      expect.objectContaining({ account: 'anonymous', status: 200, access: anonymous.access })
    ]);
    const manifest = await tokenRegistryRequest(`/v2/${own.repository}/manifests/1.0.0`, {
      token: anonymous.token,
      accept: INDEX_TYPES
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('docker-content-digest')).toBe(pushed?.digest);
  });

  it('refuses to delete a tag or a manifest, with the strongest token the owner can get, and the tag stays', async () => {
    const owner = await requestToken([`repository:${own.repository}:pull,push,delete`], {
      user: env.tokenUser,
      password: env.tokenPassword
    });
    expect(owner.access).toEqual([{ type: 'repository', name: own.repository, actions: ['pull', 'push'] }]);
    const digest = inspectIndex(own.reference)?.digest ?? '';
    for (const reference of ['1.0.0', digest]) {
      const response = await tokenRegistryRequest(`/v2/${own.repository}/manifests/${reference}`, {
        token: owner.token,
        method: 'DELETE'
      });
      // Distribution asks for the `delete` action, which no token carries: 401 insufficient_scope.
      expect({ reference, status: response.status }).toEqual({ reference, status: 401 });
      expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    }
    expect(listTags(own.reference)).toEqual(['1.0.0']);
  });

  it('mounts a blob across repositories with one token asked for both scopes', async () => {
    const index = await tokenRegistryRequest(`/v2/${own.repository}/manifests/1.0.0`, {
      token: (await requestToken([`repository:${own.repository}:pull`])).token,
      accept: INDEX_TYPES
    });
    const platformDigest = ((await index.json()) as { manifests: { digest: string }[] }).manifests[0]?.digest;
    const pull = await requestToken([`repository:${own.repository}:pull`]);
    const platformManifest = await tokenRegistryRequest(`/v2/${own.repository}/manifests/${platformDigest}`, {
      token: pull.token,
      accept: MANIFEST_TYPES
    });
    const layer = ((await platformManifest.json()) as { layers: { digest: string }[] }).layers[0]?.digest ?? '';
    expect(layer).toMatch(/^sha256:/);

    const target = `${env.tokenUser}/${runId}-mounted`;
    const mark = readTokenLog().length;
    const both = await requestToken([`repository:${target}:pull,push`, `repository:${own.repository}:pull`], {
      user: env.tokenUser,
      password: env.tokenPassword
    });
    // One request asked for both scopes (the target's name is this run's own, so no other run's lines match).
    const [entry, ...more] = askingFor(readTokenLog(mark), target);
    expect(more).toEqual([]);
    expect(entry?.scopes).toEqual([`repository:${target}:pull,push`, `repository:${own.repository}:pull`]);
    expect(entry?.access).toEqual([
      { type: 'repository', name: target, actions: ['pull', 'push'] },
      { type: 'repository', name: own.repository, actions: ['pull'] }
    ]);

    const mount = await tokenRegistryRequest(`/v2/${target}/blobs/uploads/?mount=${layer}&from=${own.repository}`, {
      token: both.token,
      method: 'POST'
    });
    expect(mount.status).toBe(201);
    expect(mount.headers.get('docker-content-digest')).toBe(layer);
    const mounted = await tokenRegistryRequest(`/v2/${target}/blobs/${layer}`, { token: both.token, method: 'HEAD' });
    expect(mounted.status).toBe(200);

    // The same mount into someone else's namespace is refused: that token has no push there.
    const intoForeign = `${env.tokenUser2}/${runId}-mounted`;
    const refusedToken = await requestToken(
      [`repository:${intoForeign}:pull,push`, `repository:${own.repository}:pull`],
      {
        user: env.tokenUser,
        password: env.tokenPassword
      }
    );
    const refused = await tokenRegistryRequest(
      `/v2/${intoForeign}/blobs/uploads/?mount=${layer}&from=${own.repository}`,
      {
        token: refusedToken.token,
        method: 'POST'
      }
    );
    expect(refused.status).toBe(401);
  });
});

describe('token server start-up', () => {
  const script = path.join(import.meta.dirname, '..', '..', 'scripts', 'token-server.mjs');
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-token-server-'));
  const serve = (listen: string): CommandResult => {
    writeFileSync(path.join(dir, 'users.json'), '{"users":{}}');
    const files = ['key', 'cert', 'users', 'log'].flatMap((name) => [`--${name}`, path.join(dir, `${name}.pem`)]);
    const args = [script, 'serve', '--listen', listen, ...files, '--issuer', 'i', '--service', 's'];
    const result = spawnSync(
      process.execPath,
      args.map((arg) => arg.replace('users.pem', 'users.json')),
      {
        encoding: 'utf8',
        timeout: 10_000
      }
    );
    return { code: result.status ?? 128, stdout: result.stdout, stderr: result.stderr };
  };

  it('fails at once, naming the file, when its signing key is missing', () => {
    const result = serve('127.0.0.1:0');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `token-server: signing key ${path.join(dir, 'key.pem')} does not exist (scripts/setup-test-env.sh generates it)\n`
    );
  });

  it('refuses to listen anywhere but a loopback address', () => {
    const result = serve('0.0.0.0:0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--listen must be a 127.x.x.x address, not 0.0.0.0');
  });
});
