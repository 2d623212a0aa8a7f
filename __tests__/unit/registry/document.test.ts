// The digests a registry's documents are checked by (document.ts), through the client that reads them.
import { RegistryClient } from '../../../src/registry/client.js';
import { close, FakeRegistry, index } from '../../helpers/fake-registry.js';

/** Starts fake registries without auth for one describe block, and stops them after each test. */
function fakeRegistries(): () => Promise<FakeRegistry> {
  const fakes: FakeRegistry[] = [];
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => close(fake.server)));
  });
  return async () => {
    const fake = await new FakeRegistry('none').start();
    fakes.push(fake);
    return fake;
  };
}

describe('a digest the client cannot verify is an error, not a pass', () => {
  const start = fakeRegistries();

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

describe('a digest is checked for its form before it becomes a path segment', () => {
  const start = fakeRegistries();

  it.each(['sha256:../../x', `sha256:${'A'.repeat(64)}`, 'sha256:abc', `sha512:${'a'.repeat(64)}`])(
    'refuses to fetch a manifest or a blob by %s without sending a request',
    async (digest) => {
      const fake = await start();
      const client = new RegistryClient(fake.registry);
      await expect(client.getManifest('app', digest)).rejects.toThrow(`'${digest}' is not a digest`);
      await expect(client.getBlob('app', digest)).rejects.toThrow(`'${digest}' is not a digest`);
      expect(fake.requests).toEqual([]);
    }
  );

  it('refuses a Docker-Content-Digest that is the content’s digest in another spelling', async () => {
    const fake = await start();
    const served = fake.addManifest('app', 'v1', index);
    fake.addManifest('app', 'v1', index, { digestHeader: served.toUpperCase().replace('SHA256', 'sha256') });
    await expect(new RegistryClient(fake.registry).getManifest('app', 'v1')).rejects.toThrow('is not a digest');
  });
});
