// RegistrySession: one session per job, each registry read with its own login and one token per scope;
// exercised through the reads the phases make with it (oci.ts, the floating-tag guard, verification,
// the merge's inspectSource).
import { tagTarget } from '../../helpers/tag-plans.js';
import { parseImageReference } from '../../../src/model/references.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { carriedVersion } from '../../../src/checks/floating-tags.js';
import { verifyPushedTags } from '../../../src/checks/verify.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { inspectRemote, remotePlatforms } from '../../../src/registry/oci-reads.js';
import type { RegistryReader } from '../../../src/registry/oci-reads.js';
import { createSession } from '../../../src/registry/session.js';
import { setJobEnv } from '../../../src/seams/exec.js';
import { inspectSource } from '../../../src/steps/merge.js';
import { close, fast, FakeRegistry, PASSWORD, readAll, sha256, USER } from '../../helpers/fake-registry.js';

const configDir = (auths: Record<string, { auth: string }>): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-session-'));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths }));
  return dir;
};
const auth = (user: string, password: string): { auth: string } => ({
  auth: Buffer.from(`${user}:${password}`).toString('base64')
});

const imageManifest = (config: string): Record<string, unknown> => ({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 10 },
  layers: []
});

describe('RegistrySession', () => {
  const fakes: FakeRegistry[] = [];
  const start = async (...args: ConstructorParameters<typeof FakeRegistry>): Promise<FakeRegistry> => {
    const fake = await new FakeRegistry(...args).start();
    fakes.push(fake);
    return fake;
  };
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => close(fake.server)));
  });

  it('reads each registry with its own login and asks each for one token per scope for the whole job', async () => {
    const first = await start('bearer');
    const second = await start('bearer', 'bob', 'other secret');
    const index = {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      annotations: { 'org.opencontainers.image.version': '1.2.0' },
      manifests: [{ digest: sha256('x'), platform: { os: 'linux', architecture: 'amd64' } }]
    };
    const digest = first.addManifest('acme/app', '1', index);
    second.addManifest('acme/app', '1', index);
    const session = createSession({
      logins: [
        { registry: first.registry, username: USER, password: PASSWORD },
        { registry: second.registry, username: 'bob', password: 'other secret' }
      ],
      retry: fast
    });
    // What preflight, the floating-tag guard and verification each read, one after the other.
    for (const fake of [first, second]) {
      expect(await remotePlatforms(session, `${fake.registry}/acme/app:1`)).toEqual(['linux/amd64']);
      expect(await carriedVersion(session, tagTarget(`${fake.registry}/acme/app:1`))).toBe('1.2.0');
      await verifyPushedTags(session, [`${fake.registry}/acme/app:1`], [parsePlatform('linux/amd64')], digest);
      expect(fake.paths('/token')).toHaveLength(1);
      expect(fake.tokenScopes).toEqual([['repository:acme/app:pull']]);
    }
  });

  it('takes logins only from what it is given: explicit logins first, then the config directory it was handed', async () => {
    const explicit = await start('basic');
    const fromConfig = await start('basic', 'carol', 'from an earlier login step');
    // A job-wide DOCKER_CONFIG with wrong logins must not matter: the session never looks there.
    const stray = configDir({
      [explicit.registry]: auth(USER, 'stale'),
      [fromConfig.registry]: auth('carol', 'stale')
    });
    setJobEnv('DOCKER_CONFIG', stray);
    process.env['DOCKER_CONFIG'] = stray;
    explicit.addManifest('app', 'v1', { manifests: [] });
    fromConfig.addManifest('app', 'v1', { manifests: [] });
    const session = createSession({
      logins: [{ registry: explicit.registry, username: USER, password: PASSWORD }],
      dockerConfigDir: configDir({
        [explicit.registry]: auth(USER, 'stale'),
        [`http://${fromConfig.registry}/v2/`]: auth('carol', 'from an earlier login step')
      }),
      retry: fast
    });
    expect(await inspectRemote(session, `${explicit.registry}/app:v1`)).toBeDefined();
    expect(await inspectRemote(session, `${fromConfig.registry}/app:v1`)).toBeDefined();
    expect(session.hasLogin(fromConfig.registry)).toBe(true);
    expect(session.hasLogin('ghcr.io')).toBe(false);
    delete process.env['DOCKER_CONFIG'];
  });

  it.each(['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io'])(
    'a Docker Hub login given as %s serves the reads of Docker Hub images (the base-image preflight)',
    (registry) => {
      const session = createSession({ logins: [{ registry, username: 'u', password: 'p' }] });
      expect(session.hasLogin('docker.io')).toBe(true);
      // busybox, docker.io/library/busybox and index.docker.io/… all go through that one client.
      expect(session.registry('index.docker.io')).toBe(session.registry('docker.io'));
    }
  );

  it('keeps the bytes it read: a manifest read by tag is not fetched again by digest', async () => {
    const fake = await start('none');
    const config = fake.addBlob('acme/app', JSON.stringify({ os: 'linux', architecture: 'arm', variant: 'v7' }));
    const digest = fake.addManifest('acme/app', 'single', imageManifest(config), {
      contentType: 'application/vnd.oci.image.manifest.v1+json'
    });
    const session = createSession({ retry: fast });
    const source = await inspectSource(session, {
      reference: `${fake.registry}/acme/app:single`,
      repository: `${fake.registry}/acme/app`,
      image: parseImageReference(`${fake.registry}/acme/app:single`)
    });
    expect(source).toEqual({
      reference: `${fake.registry}/acme/app:single`,
      repository: `${fake.registry}/acme/app`,
      image: parseImageReference(`${fake.registry}/acme/app:single`),
      digest,
      platforms: ['linux/arm/v7'],
      // What it adds to a merged index: itself, with the platform its config declares.
      entries: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest,
          size: JSON.stringify(imageManifest(config)).length,
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' }
        }
      ],
      annotations: undefined
    });
    expect(fake.paths('/v2/acme/app/manifests/')).toEqual(['/v2/acme/app/manifests/single']);
    const remote = await inspectRemote(session, `${fake.registry}/acme/app@${digest}`);
    expect(remote?.fetched?.bytes.equals(Buffer.from(JSON.stringify(imageManifest(config))))).toBe(true);
    expect(sha256(remote?.fetched?.bytes ?? '')).toBe(digest);
    expect(fake.paths('/v2/acme/app/manifests/')).toHaveLength(1);
  });

  it.each([
    [{ os: 'linux', architecture: 'arm' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v6']
  ])('returns %j as %s, and leaves attestations out', async (platform, expected) => {
    const fake = await start('none');
    fake.addManifest('app', 'v1', {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { digest: sha256('image'), platform },
        {
          digest: sha256('attestation'),
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
        }
      ]
    });
    expect(await remotePlatforms(createSession({ retry: fast }), `${fake.registry}/app:v1`)).toEqual([expected]);
  });

  it('hands out per registry the reader the audit pipeline takes', async () => {
    const fake = await start('basic');
    const blob = fake.addBlob('app', 'layer bytes');
    const session = createSession({ logins: [{ registry: fake.registry, username: USER, password: PASSWORD }] });
    const reader: RegistryReader = session.registry(fake.registry);
    expect(session.registry(fake.registry)).toBe(reader);
    expect((await readAll(await reader.getBlob('app', blob))).toString()).toBe('layer bytes');
    expect(await reader.getManifest('app', 'missing')).toBeUndefined();
  });
});
