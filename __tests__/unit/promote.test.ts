import { deleteTag, promote } from '../../src/registry/promote.js';
import { createSession } from '../../src/registry/session.js';
import { close, fast, FakeRegistry, PASSWORD, sha256, USER } from '../helpers/fake-registry.js';

const ociManifest = 'application/vnd.oci.image.manifest.v1+json';

/** An index of two images and an attestation, pushed to `repository` by digest; returns the index digest and blobs. */
function pushImage(fake: FakeRegistry, repository: string): { digest: string; blobs: string[]; bytes: number } {
  const blobs: string[] = [];
  let bytes = 0;
  const image = (name: string): { digest: string; size: number } => {
    const config = `{"architecture":"${name}"}`;
    const layer = `layer of ${name}`.repeat(100);
    blobs.push(fake.addBlob(repository, config), fake.addBlob(repository, layer));
    bytes += config.length + layer.length;
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociManifest,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }]
      })
    );
    return {
      digest: fake.putManifest(repository, sha256(body), body, { contentType: ociManifest }),
      size: body.length
    };
  };
  const [amd, arm, attestation] = [image('amd64'), image('arm64'), image('attestation')];
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: ociManifest, ...amd, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: ociManifest, ...arm, platform: { os: 'linux', architecture: 'arm64' } },
        {
          mediaType: ociManifest,
          ...attestation,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
        }
      ]
    })
  );
  const digest = fake.putManifest(repository, 'staging', index);
  return { digest, blobs, bytes };
}

describe('promote', () => {
  const fakes: FakeRegistry[] = [];
  const start = async (...args: ConstructorParameters<typeof FakeRegistry>): Promise<FakeRegistry> => {
    const fake = await new FakeRegistry(...args).start();
    fakes.push(fake);
    return fake;
  };
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => close(fake.server)));
  });
  const writes = (fake: FakeRegistry): string[] =>
    fake.requests.filter(({ method }) => method !== 'GET').map(({ method, path }) => `${method} ${path}`);

  it('puts the same bytes under each tag of the source repository, and nothing else', async () => {
    const fake = await start('none');
    const { digest } = pushImage(fake, 'acme/app');
    const session = createSession({ retry: fast });
    const results = await promote(session, { registry: fake.registry, repository: 'acme/app', digest }, [
      `${fake.registry}/acme/app:1.0`,
      `${fake.registry}/acme/app:latest`
    ]);
    expect(results.map(({ target, digest: served, mounted, copied }) => [target, served, mounted, copied])).toEqual([
      [`${fake.registry}/acme/app:1.0`, digest, 0, 0],
      [`${fake.registry}/acme/app:latest`, digest, 0, 0]
    ]);
    expect(writes(fake)).toEqual(['PUT /v2/acme/app/manifests/1.0', 'PUT /v2/acme/app/manifests/latest']);
    expect(fake.manifests.get('acme/app/latest')?.body).toEqual(fake.manifests.get('acme/app/staging')?.body);
  });

  it('mounts every blob into another repository of the registry, with a push token that may read the source', async () => {
    const fake = await start('bearer');
    const { digest, blobs } = pushImage(fake, 'staging/app');
    const session = createSession({ logins: [{ registry: fake.registry, username: USER, password: PASSWORD }] });
    const [result] = await promote(session, { registry: fake.registry, repository: 'staging/app', digest }, [
      `${fake.registry}/acme/app:1.0`
    ]);
    expect(result).toMatchObject({ digest, mounted: 6, copied: 0, present: 0, bytesCopied: 0, childManifests: 3 });
    for (const blob of blobs) expect(fake.linked.has(`acme/app@${blob}`)).toBe(true);
    expect(writes(fake).filter((line) => line.startsWith('POST'))).toHaveLength(6);
    expect(
      writes(fake)
        .filter((line) => line.startsWith('PUT'))
        .at(-1)
    ).toBe('PUT /v2/acme/app/manifests/1.0');
    expect(fake.tokenScopes).toContainEqual(['repository:acme/app:pull,push', 'repository:staging/app:pull']);
    // One token for the source read, one for the mounts and puts: not one per request.
    expect(fake.tokenScopes).toHaveLength(2);
  });

  it('streams a blob the registry would not mount', async () => {
    const fake = await start('none');
    const { digest, blobs, bytes } = pushImage(fake, 'staging/app');
    for (const blob of blobs) fake.linked.delete(`staging/app@${blob}`);
    const [result] = await promote(
      createSession({ retry: fast }),
      { registry: fake.registry, repository: 'staging/app', digest },
      [`${fake.registry}/acme/app:1.0`]
    );
    expect(result).toMatchObject({ mounted: 0, copied: 6, bytesCopied: bytes });
  });

  it('copies blobs to another registry with its own login, once per repository, skipping blobs it has', async () => {
    const source = await start('basic');
    const target = await start('bearer', 'bob', 'other secret');
    const { digest, blobs, bytes } = pushImage(source, 'staging/app');
    const already = blobs[0] as string;
    target.blobs.set(already, source.blobs.get(already) as Buffer);
    const session = createSession({
      logins: [
        { registry: source.registry, username: USER, password: PASSWORD },
        { registry: target.registry, username: 'bob', password: 'other secret' }
      ],
      retry: fast
    });
    const results = await promote(session, { registry: source.registry, repository: 'staging/app', digest }, [
      `${target.registry}/acme/app:1.0`,
      `${target.registry}/acme/app:latest`
    ]);
    const presentBytes = (source.blobs.get(already) as Buffer).length;
    expect(results[0]).toMatchObject({ digest, copied: 5, present: 1, mounted: 0, bytesCopied: bytes - presentBytes });
    expect(results[1]).toMatchObject({ digest, copied: 0, present: 0, bytesCopied: 0 });
    expect(target.manifests.get('acme/app/latest')?.body).toEqual(source.manifests.get('staging/app/staging')?.body);
    expect(writes(source)).toEqual([]);
  });

  it('fails naming the source when it does not exist, before any tag moves', async () => {
    const fake = await start('none');
    const missing = `sha256:${'9'.repeat(64)}`;
    await expect(
      promote(createSession({ retry: fast }), { registry: fake.registry, repository: 'acme/app', digest: missing }, [
        `${fake.registry}/acme/app:1.0`
      ])
    ).rejects.toThrow(`${fake.registry}/acme/app@${missing} does not exist`);
    expect(writes(fake)).toEqual([]);
  });
});

describe('deleteTag', () => {
  let fake: FakeRegistry;
  beforeEach(async () => {
    fake = await new FakeRegistry('none').start();
  });
  afterEach(() => close(fake.server));

  it('says unsupported, with the registry answer, where the registry refuses (distribution 2.8)', async () => {
    fake.addManifest('acme/app', 'staging', { manifests: [] });
    expect(await deleteTag(createSession({ retry: fast }), `${fake.registry}/acme/app:staging`)).toEqual({
      reference: `${fake.registry}/acme/app:staging`,
      outcome: 'unsupported',
      detail: 'the registry does not delete tags (HTTP 400 DIGEST_INVALID)'
    });
  });

  it('deletes only the tag where the registry allows it', async () => {
    fake.tagDelete = 'deletes';
    const digest = fake.addManifest('acme/app', 'staging', { manifests: [] });
    fake.addManifest('acme/app', '1.0', { manifests: [] });
    const outcome = await deleteTag(createSession({ retry: fast }), `${fake.registry}/acme/app:staging`);
    expect(outcome.outcome).toBe('deleted');
    expect(fake.manifests.has('acme/app/staging')).toBe(false);
    expect(fake.manifests.has('acme/app/1.0')).toBe(true);
    expect(fake.manifests.has(`acme/app/${digest}`)).toBe(true);
  });

  it('refuses a digest: deleting a manifest would take every tag on it', async () => {
    await expect(
      deleteTag(createSession({ retry: fast }), `${fake.registry}/acme/app@sha256:${'1'.repeat(64)}`)
    ).rejects.toThrow('deleteTag takes a tag, not a digest');
    expect(fake.requests).toEqual([]);
  });
});
