// The image's way into the registry, against fake registries on 127.0.0.1: by digest into every
// target repository (pushByDigest, from the job's OCI layout or from the repositories of a merge's
// sources, as image-content.ts gathers them), then the tags in one burst (promote.ts's moveTags).
// No other tag is ever written.
import { tagTargets } from '../../helpers/tag-plans.js';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  collectContent,
  layoutOrigin,
  repositoryOrigin,
  type ImageContent
} from '../../../src/registry/image-content.js';
import { OciLayout } from '../../../src/registry/oci-layout.js';
import { moveTags } from '../../../src/registry/promote.js';
import { pushByDigest, PushRefused } from '../../../src/registry/push.js';
import { createSession, type RegistrySession } from '../../../src/registry/session.js';
import { addIndex, tagsIn } from '../../helpers/fake-images.js';
import { close, fast, FakeRegistry, PASSWORD, sha256, USER } from '../../helpers/fake-registry.js';
import { writeLayout, type WrittenLayout } from '../../helpers/oci-layouts.js';
import { rejectionOf } from '../../helpers/errors.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-push-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fakes: FakeRegistry[] = [];
const start = async (...args: ConstructorParameters<typeof FakeRegistry>): Promise<FakeRegistry> => {
  const fake = await new FakeRegistry(...args).start();
  fakes.push(fake);
  return fake;
};
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => close(fake.server)));
});

const login = (fake: FakeRegistry) => ({ registry: fake.registry, username: fake.user, password: fake.password });
const sessionFor = (...registries: FakeRegistry[]): RegistrySession =>
  createSession({ logins: registries.filter((fake) => fake.auth !== 'none').map(login), retry: fast });
const writes = (fake: FakeRegistry): string[] =>
  fake.requests
    .filter(({ method }) => method !== 'GET' && method !== 'HEAD')
    .map(({ method, path: at }) => `${method} ${at}`);
const tagPuts = (fake: FakeRegistry): string[] =>
  writes(fake).filter((line) => /^PUT \/v2\/.+\/manifests\/[^:]+$/.test(line));

/** A two-platform image as buildx exports it, opened the way the build phase opens it. */
async function exported(): Promise<{ written: WrittenLayout; content: ImageContent }> {
  const written = writeLayout(mkdtempSync(path.join(root, 'layout-')), [
    { architecture: 'amd64', layers: ['amd64 layer one', 'amd64 layer two'] },
    { architecture: 'arm64', layers: ['arm64 layer'] }
  ]);
  const layout = OciLayout.open(written.dir);
  return { written, content: await collectContent(layout.topManifest(), () => layoutOrigin(layout)) };
}

describe('pushByDigest from the job layout', () => {
  it('uploads every blob, then the image manifests, then the index, all by digest, and writes no tag', async () => {
    const fake = await start('basic');
    const { written, content } = await exported();
    const [pushed] = await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]);
    expect(pushed).toMatchObject({ repository: `${fake.registry}/acme/app`, uploaded: 5, mounted: 0, present: 0 });
    expect(pushed?.manifests).toBe(3);
    for (const blob of written.blobs) expect(fake.linked.has(`acme/app@${blob}`)).toBe(true);
    const manifestPuts = writes(fake).filter((line) => line.includes('/manifests/'));
    expect(manifestPuts.slice(0, 2).sort()).toStrictEqual(
      written.images.map((digest) => `PUT /v2/acme/app/manifests/${digest}`).sort()
    );
    expect(manifestPuts[2]).toBe(`PUT /v2/acme/app/manifests/${written.digest}`);
    // Every blob is in before the manifest that names it.
    for (const { item } of content.manifests) {
      const put = writes(fake).indexOf(`PUT /v2/acme/app/manifests/${item.digest}`);
      const named = [item.json.config?.digest, ...(item.json.layers ?? []).map(({ digest }) => digest)];
      for (const digest of named) {
        const upload = writes(fake).findIndex(
          (line) => line.startsWith('PUT') && decodeURIComponent(line).endsWith(`digest=${digest}`)
        );
        expect([digest, upload >= 0 && upload < put]).toStrictEqual([digest, true]);
      }
    }
    expect(tagPuts(fake)).toStrictEqual([]);
    expect(tagsIn(fake, 'acme/app')).toStrictEqual([]);
  });

  it("writes an image manifest once its own blobs are in, without waiting for another platform's", async () => {
    const fake = await start('none');
    const { written, content } = await exported();
    const [amd64, arm64] = written.images;
    const arm64Layer = sha256('arm64 layer');
    const stored = (digest: string | undefined): boolean => fake.manifests.has(`acme/app/${digest}`);
    const committed: string[] = [];
    // The arm64 layer's commit is held until the amd64 manifest is in (or, in a push that waits for
    // every blob first, until the hold gives up): the order of what got stored says which it was.
    fake.beforeCommit = async (digest) => {
      for (let waited = 0; digest === arm64Layer && !stored(amd64) && waited < 200; waited++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      committed.push(digest === arm64Layer ? `arm64 layer, amd64 manifest ${stored(amd64) ? 'in' : 'not in'}` : digest);
    };
    await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]);
    expect(committed).toContain('arm64 layer, amd64 manifest in');
    expect(stored(arm64) && stored(written.digest)).toBe(true);
  });

  it('sends at most four uploads of data at once; the HEADs of the other blobs do not wait for them', async () => {
    const fake = await start('none');
    const layers = Array.from({ length: 10 }, (_, n) => `layer ${n}`);
    const written = writeLayout(mkdtempSync(path.join(root, 'layout-')), [{ architecture: 'amd64', layers }]);
    const layout = OciLayout.open(written.dir);
    const content = await collectContent(layout.topManifest(), () => layoutOrigin(layout));
    let inFlight = 0;
    let most = 0;
    let headsBeforeFirstCommit: number | undefined;
    fake.beforeCommit = async () => {
      headsBeforeFirstCommit ??= fake.requests.filter(({ method }) => method === 'HEAD').length;
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
    };
    const [pushed] = await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]);
    expect(pushed?.uploaded).toBe(written.blobs.length);
    expect(most).toBe(4);
    // The HEADs of every blob (and the manifest's) went out without waiting for a turn to upload.
    expect(headsBeforeFirstCommit).toBe(written.blobs.length + 1);
  });

  it('asks nothing about the blobs of image manifests the repository has: a cached rebuild is a few HEADs and one PUT', async () => {
    const fake = await start('none');
    const { content, written } = await exported();
    await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]);
    fake.requests.length = 0;
    const [again] = await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]);
    expect(again).toMatchObject({ uploaded: 0, mounted: 0, present: 0, manifests: 1 });
    expect(fake.requests.map(({ method, path: at }) => `${method} ${at}`).sort()).toStrictEqual(
      [
        ...written.images.map((digest) => `HEAD /v2/acme/app/manifests/${digest}`),
        `PUT /v2/acme/app/manifests/${written.digest}`
      ].sort()
    );
  });

  it('fills the first repository of a registry from disk and mounts into the others, one token asking for both scopes', async () => {
    const fake = await start('bearer');
    const { content, written } = await exported();
    const pushed = await pushByDigest(sessionFor(fake), content, [
      `${fake.registry}/acme/app`,
      `${fake.registry}/acme/mirror`
    ]);
    expect(pushed.map(({ repository, uploaded, mounted }) => [repository, uploaded, mounted])).toStrictEqual([
      [`${fake.registry}/acme/app`, 5, 0],
      [`${fake.registry}/acme/mirror`, 0, 5]
    ]);
    for (const blob of written.blobs) expect(fake.linked.has(`acme/mirror@${blob}`)).toBe(true);
    expect(fake.tokenScopes).toContainEqual(['repository:acme/mirror:pull,push', 'repository:acme/app:pull']);
    expect(tagPuts(fake)).toStrictEqual([]);
  });

  it('uploads from disk into another registry with its own login; nothing is read from the first', async () => {
    const first = await start('basic');
    const second = await start('bearer', 'bob', 'other secret');
    const { content } = await exported();
    const pushed = await pushByDigest(sessionFor(first, second), content, [
      `${first.registry}/acme/app`,
      `${second.registry}/acme/app`
    ]);
    expect(pushed.map(({ uploaded, bytes }) => [uploaded, bytes])).toStrictEqual([
      [5, pushed[0]?.bytes],
      [5, pushed[0]?.bytes]
    ]);
    expect(first.requests.filter(({ method, path: at }) => method === 'GET' && at.includes('/blobs/'))).toEqual([]);
  });

  it('a repository the login may not write to fails naming it; the others hold the image untagged, no tag anywhere', async () => {
    const fake = await start('basic', USER, PASSWORD);
    fake.denyWrites.add('other/app');
    const { content } = await exported();
    const refused = await rejectionOf(
      PushRefused,
      pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`, `${fake.registry}/other/app`])
    );
    expect(refused.refusals.map(({ repository }) => repository)).toStrictEqual([`${fake.registry}/other/app`]);
    expect(refused.message).toContain(`${fake.registry}/other/app: Registry ${fake.registry} answered HTTP 403`);
    expect(tagPuts(fake)).toStrictEqual([]);
  });

  it('a registry that will not store a manifest by digest is named, and no tag is written instead', async () => {
    const fake = await start('none');
    fake.refuseDigestPuts = true;
    const { content } = await exported();
    const refused = await rejectionOf(Error, pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]));
    expect(refused.message).toContain(`Registry ${fake.registry} refused to store manifest sha256:`);
    expect(refused.message).toContain('by its digest (HTTP 400: TAG_INVALID');
    expect(refused.message).toContain('it does not fall back to a temporary tag');
    expect(tagPuts(fake)).toStrictEqual([]);
  });
});

describe('pushByDigest from the repositories of a merge', () => {
  it('mounts within the registry from where each manifest came, and reads no blob', async () => {
    const fake = await start('none');
    const source = addIndex(fake, 'legs/app', [{ architecture: 'amd64' }, { architecture: 'arm64' }]);
    const session = sessionFor(fake);
    const origin = repositoryOrigin({ client: session.registry(fake.registry), repository: 'legs/app' });
    const top = await origin.readManifest(source.digest);
    const content = await collectContent(top as NonNullable<typeof top>, () => origin);
    const [pushed] = await pushByDigest(session, content, [`${fake.registry}/acme/app`]);
    expect(pushed).toMatchObject({ uploaded: 0, mounted: source.blobs.length, manifests: 5 });
    expect(fake.requests.filter(({ method, path: at }) => method === 'GET' && at.includes('/blobs/'))).toEqual([]);
  });

  it('into the source repository itself: nothing to move, the index is written by digest', async () => {
    const fake = await start('none');
    const source = addIndex(fake, 'legs/app', [{ architecture: 'amd64' }]);
    const session = sessionFor(fake);
    const origin = repositoryOrigin({ client: session.registry(fake.registry), repository: 'legs/app' });
    const top = await origin.readManifest(source.digest);
    const content = await collectContent(top as NonNullable<typeof top>, () => origin);
    fake.requests.length = 0;
    await pushByDigest(session, content, [`${fake.registry}/legs/app`]);
    expect(writes(fake)).toStrictEqual([`PUT /v2/legs/app/manifests/${source.digest}`]);
  });
});

describe('digests from a merge source are checked before they become paths', () => {
  // Five segments up from /v2/acme/app/blobs/ is /v2/: the request would land on another repository.
  const traversal = 'sha256:../../../../../v2/other/manifests/latest';
  const outsideTheRepositories = (fake: FakeRegistry): string[] =>
    fake.requests.map(({ path: at }) => at).filter((at) => !/^\/v2\/(legs|acme)\/app\//.test(at));

  it('an index naming a manifest sha256:../../x is refused before any request for it', async () => {
    const fake = await start('none');
    const top = fake.addManifest('legs/app', 'v1', {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: 'sha256:../../x',
          size: 2,
          platform: { os: 'linux', architecture: 'amd64' }
        }
      ]
    });
    const session = sessionFor(fake);
    const origin = repositoryOrigin({ client: session.registry(fake.registry), repository: 'legs/app' });
    const index = await origin.readManifest(top);
    await expect(collectContent(index as NonNullable<typeof index>, () => origin)).rejects.toThrow(
      `index ${top} names a manifest: 'sha256:../../x' is not a digest`
    );
    expect(fake.requests.map(({ path: at }) => at)).toEqual([`/v2/legs/app/manifests/${top}`]);
  });

  it('an image manifest naming a layer by a path is pushed nowhere, and no request leaves the repositories', async () => {
    const fake = await start('none');
    const config = fake.addBlob('legs/app', '{"architecture":"amd64","os":"linux"}');
    const image = fake.addManifest(
      'legs/app',
      'v1',
      {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 38 },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: traversal, size: 1 }]
      },
      { contentType: 'application/vnd.oci.image.manifest.v1+json' }
    );
    const session = sessionFor(fake);
    const origin = repositoryOrigin({ client: session.registry(fake.registry), repository: 'legs/app' });
    const top = await origin.readManifest(image);
    const content = await collectContent(top as NonNullable<typeof top>, () => origin);
    const refused = await rejectionOf(PushRefused, pushByDigest(session, content, [`${fake.registry}/acme/app`]));
    expect(refused.message).toContain(`manifest ${image} names a blob: '${traversal}' is not a digest`);
    expect(outsideTheRepositories(fake)).toEqual([]);
    expect(writes(fake)).toEqual([]);
  });
});

describe('moveTags', () => {
  it('puts the same bytes under every tag, side by side', async () => {
    const fake = await start('none');
    const { content } = await exported();
    await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]);
    const moves = await moveTags(
      sessionFor(fake),
      content.top,
      tagTargets([`${fake.registry}/acme/app:1.0`, `${fake.registry}/acme/app:latest`])
    );
    expect(moves).toStrictEqual({
      moved: tagTargets([`${fake.registry}/acme/app:1.0`, `${fake.registry}/acme/app:latest`]),
      failed: []
    });
    expect(fake.manifests.get('acme/app/latest')?.body).toEqual(content.top.bytes);
    expect(tagsIn(fake, 'acme/app')).toStrictEqual(['1.0', 'latest']);
  });

  it('a tag a registry keeps refusing is reported with the answer, and the others still move', async () => {
    const fake = await start('none');
    const { content } = await exported();
    await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`]);
    fake.faults.set('/v2/acme/app/manifests/latest', [503, 503, 503]);
    const moves = await moveTags(
      sessionFor(fake),
      content.top,
      tagTargets([`${fake.registry}/acme/app:1.0`, `${fake.registry}/acme/app:latest`])
    );
    expect(moves.moved).toStrictEqual(tagTargets([`${fake.registry}/acme/app:1.0`]));
    expect(moves.failed.map(({ reference }) => reference)).toStrictEqual([`${fake.registry}/acme/app:latest`]);
    expect(moves.failed[0]?.reason).toContain('HTTP 503');
  });

  it("explains ECR's refusal to overwrite an immutable tag from its error entry, not from a repository's name", async () => {
    const fake = await start('basic');
    const { content } = await exported();
    await pushByDigest(sessionFor(fake), content, [`${fake.registry}/acme/app`, `${fake.registry}/team/immutable`]);
    const first = await moveTags(sessionFor(fake), content.top, tagTargets([`${fake.registry}/acme/app:1`]));
    expect(first.failed).toStrictEqual([]);
    fake.immutableTags.add('acme/app');
    const wrongLogin = createSession({
      logins: [{ registry: fake.registry, username: fake.user, password: 'not it' }],
      retry: fast
    });
    const [immutable, unauthorised] = await Promise.all([
      moveTags(sessionFor(fake), content.top, tagTargets([`${fake.registry}/acme/app:1`])),
      moveTags(wrongLogin, content.top, tagTargets([`${fake.registry}/team/immutable:1`]))
    ]);
    expect(immutable.failed[0]?.reason).toMatch(
      /^the repository's tags are immutable .*\(Registry .* HTTP 400 .*TAG_INVALID: The image tag '1' already exists/
    );
    expect(unauthorised.failed[0]?.reason).toMatch(/^Registry .* answered HTTP 401 .*team\/immutable:1/);
  });
});
