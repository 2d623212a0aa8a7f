// Stand-ins in an OCI layout (a fresh runner's release on the docker driver): empty files for the
// layers every target repository has, so that BuildKit writes none of them. What they must never
// be: read as content by the push or the checks, sent or mounted, left behind in the kept layout,
// or taken for the layers they stand for by a later job.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectContent, layoutOrigin, type ImageContent } from '../../../src/registry/image-content.js';
import { holdKeptLayout, LayoutOnDemand } from '../../../src/registry/kept-layout.js';
import { OciLayout } from '../../../src/registry/oci-layout.js';
import { pushByDigest, PushRefused } from '../../../src/registry/push.js';
import { layersEveryRepositoryHas, readTagLayers, registryCacheRefs } from '../../../src/registry/registry-layers.js';
import { createSession } from '../../../src/registry/session.js';
import { blobPresent, EMPTY_BLOB_HEX, StandIns, sweepStandIns } from '../../../src/registry/stand-ins.js';
import { parseCacheEntry } from '../../../src/model/cache.js';
import { rejectionOf } from '../../helpers/errors.js';
import { addIndex, ociIndexType } from '../../helpers/fake-images.js';
import { close, fast, FakeRegistry, readAll, sha256 } from '../../helpers/fake-registry.js';
import { writeLayout, type WrittenLayout } from '../../helpers/oci-layouts.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-stand-ins-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fakes: FakeRegistry[] = [];
const start = async (): Promise<FakeRegistry> => {
  const fake = await new FakeRegistry('none').start();
  fakes.push(fake);
  return fake;
};
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => close(fake.server)));
});

const blobFile = (dir: string, digest: string): string => path.join(dir, 'blobs', 'sha256', digest.slice(7));
const recordFile = (): string => path.join(mkdtempSync(path.join(root, 'job-')), 'stand-ins.json');
const amd64Layers = ['amd64 base layer', 'amd64 payload layer', 'amd64 changed file'];

/** A two-platform layout whose first two layers per platform are stand-ins: as a fresh runner's export leaves it. */
function layoutWithStandIns(): { written: WrittenLayout; standIns: StandIns; stood: string[] } {
  const written = writeLayout(mkdtempSync(path.join(root, 'layout-')), [
    { architecture: 'amd64', layers: amd64Layers },
    { architecture: 'arm64', layers: ['arm64 base layer', 'arm64 changed file'] }
  ]);
  const stood = [sha256(amd64Layers[0] ?? ''), sha256(amd64Layers[1] ?? ''), sha256('arm64 base layer')];
  for (const digest of stood) unlinkSync(blobFile(written.dir, digest));
  return { written, standIns: StandIns.place(written.dir, stood, recordFile()), stood };
}

async function contentOf(layout: OciLayout): Promise<ImageContent> {
  return collectContent(layout.topManifest(), () => layoutOrigin(layout));
}

describe('StandIns', () => {
  it('places an empty file only where the layout has none, recording each before making it', () => {
    const written = writeLayout(mkdtempSync(path.join(root, 'layout-')), [{ architecture: 'amd64', layers: ['kept'] }]);
    const record = recordFile();
    const absent = `sha256:${'a'.repeat(64)}`;
    const standIns = StandIns.place(written.dir, [absent, sha256('kept'), absent], record);
    expect(standIns.size).toBe(1);
    expect(standIns.has(absent)).toBe(true);
    expect(standIns.has(sha256('kept'))).toBe(false);
    expect(statSync(blobFile(written.dir, absent)).size).toBe(0);
    expect(readFileSync(blobFile(written.dir, sha256('kept')), 'utf8')).toBe('kept');
    expect(JSON.parse(readFileSync(record, 'utf8'))).toStrictEqual({ layout: written.dir, standIns: [absent] });
    expect(statSync(record).mode & 0o077).toBe(0);
  });

  it('makes the blobs directory of an empty layout, and never stands in for the empty blob or a bad digest', () => {
    const dir = mkdtempSync(path.join(root, 'empty-'));
    const empty = `sha256:${EMPTY_BLOB_HEX}`;
    expect(StandIns.place(dir, [empty], recordFile()).size).toBe(0);
    expect(() => StandIns.place(dir, ['sha256:../../x'], recordFile())).toThrow(/sha256:\.\.\/\.\.\/x/);
    expect(blobPresent(dir)(empty)).toBe(false);
    expect(blobPresent(dir)('sha256:../../x')).toBe(false);
  });

  it('removes its stand-ins and its record; a file BuildKit filled since is content and stays', () => {
    const { written, standIns, stood } = layoutWithStandIns();
    writeFileSync(blobFile(written.dir, stood[2] ?? ''), 'arm64 base layer');
    expect(standIns.remove()).toBe(2);
    expect(existsSync(blobFile(written.dir, stood[0] ?? ''))).toBe(false);
    expect(existsSync(blobFile(written.dir, stood[1] ?? ''))).toBe(false);
    expect(existsSync(blobFile(written.dir, stood[2] ?? ''))).toBe(true);
    expect(existsSync(standIns.recordFile)).toBe(false);
  });

  it('sweeps every empty blob file a killed step left, and nothing else', () => {
    const { written, stood } = layoutWithStandIns();
    const empty = path.join(written.dir, 'blobs', 'sha256', EMPTY_BLOB_HEX);
    writeFileSync(empty, '');
    expect(sweepStandIns(written.dir)).toBe(3);
    const left = readdirSync(path.join(written.dir, 'blobs', 'sha256'));
    for (const digest of stood) expect(left).not.toContain(digest.slice(7));
    expect(left).toContain(EMPTY_BLOB_HEX);
    expect(left.length).toBe(written.blobs.length + 3 - 3 + 1);
    expect(sweepStandIns(path.join(root, 'no-such-layout'))).toBe(0);
  });
});

describe('OciLayout with stand-ins', () => {
  it('the checks get a stand-in from its source, the push never gets its empty file', async () => {
    const { written, standIns, stood } = layoutWithStandIns();
    const fetched: string[] = [];
    const layout = OciLayout.open(written.dir, {
      isStandIn: (digest) => standIns.has(digest),
      fetch: (digest) => {
        fetched.push(digest);
        return Promise.resolve(
          (async function* () {
            yield Buffer.from('from the registry');
          })() as unknown as NodeJS.ReadableStream
        );
      }
    });
    const [first] = stood as [string];
    expect(layout.hasBlob(first)).toBe(false);
    expect((await readAll(await layout.getBlob('', first))).toString()).toBe('from the registry');
    expect(fetched).toStrictEqual([first]);
    expect((await rejectionOf(Error, layout.openLocalBlob(first))).message).toMatch(/is a stand-in, not its content/);
    const changed = sha256(amd64Layers[2] ?? '');
    expect((await readAll(await layout.openLocalBlob(changed))).toString()).toBe(amd64Layers[2]);
    expect(fetched).toStrictEqual([first]);
  });
});

describe('pushByDigest from a layout with stand-ins', () => {
  const openWithStandIns = (written: WrittenLayout, standIns: StandIns): OciLayout =>
    OciLayout.open(written.dir, {
      isStandIn: (digest) => standIns.has(digest),
      fetch: () => Promise.reject(new Error('the push read a stand-in'))
    });

  it('finds each stand-in in the repository and sends only the rest', async () => {
    const fake = await start();
    const { written, standIns, stood } = layoutWithStandIns();
    for (const layer of [amd64Layers[0], amd64Layers[1], 'arm64 base layer']) fake.addBlob('acme/app', layer ?? '');
    const content = await contentOf(openWithStandIns(written, standIns));
    const [pushed] = await pushByDigest(createSession({ logins: [], retry: fast }), content, [
      `${fake.registry}/acme/app`
    ]);
    expect(pushed).toMatchObject({ present: 3, uploaded: written.blobs.length - 3, mounted: 0 });
    for (const digest of stood) expect(fake.blobs.get(digest)?.length).toBeGreaterThan(0);
    const writes = fake.requests.filter(({ method }) => method === 'PUT' || method === 'POST');
    for (const digest of stood) expect(writes.some(({ path: at }) => at.includes(digest))).toBe(false);
  });

  it('a stand-in the repository lost since is a refusal: nothing started for it, no top manifest written', async () => {
    const fake = await start();
    const { written, standIns, stood } = layoutWithStandIns();
    // The repository has two of the three layers the stand-ins are for.
    for (const layer of [amd64Layers[0], 'arm64 base layer']) fake.addBlob('acme/app', layer ?? '');
    const content = await contentOf(openWithStandIns(written, standIns));
    const error = await rejectionOf(
      PushRefused,
      pushByDigest(createSession({ logins: [], retry: fast }), content, [`${fake.registry}/acme/app`])
    );
    expect(String(error)).toContain(`blob ${stood[1]} was not written on the runner`);
    expect(String(error)).toContain(`${fake.registry}/acme/app no longer has it`);
    const writes = fake.requests.filter(({ method }) => method === 'POST' || method === 'PUT');
    expect(writes.some(({ path: at }) => at.includes(stood[1] ?? '?'))).toBe(false);
    expect(fake.requests.some(({ method, path: at }) => method === 'POST' && at.includes('mount='))).toBe(false);
    expect(writes.some(({ path: at }) => at.endsWith(`/manifests/${written.digest}`))).toBe(false);
  });
});

describe('registryCacheRefs', () => {
  it.each([
    [['type=registry,ref=r.example/app:buildcache-linux-amd64'], ['r.example/app:buildcache-linux-amd64']],
    [['r.example/app:cache'], ['r.example/app:cache']],
    [['type=gha,scope=x', 'type=local,src=/tmp/c'], []],
    [['type=registry,ref=a:1', 'type=registry,ref=a:1,mode=max'], ['a:1']],
    [['"type=registry,ref=a:1"'], []],
    [['type=registry'], []]
  ])('%j gives %j', (specs, refs) => {
    expect(registryCacheRefs(specs.map(parseCacheEntry))).toStrictEqual(refs);
  });
});

describe('layersEveryRepositoryHas', () => {
  const tag = (fake: FakeRegistry, repository: string, name: string) => ({
    registry: fake.registry,
    repository,
    tag: name
  });
  const platforms = [{ os: 'linux', architecture: 'amd64' }];
  const at = (fake: FakeRegistry, repository: string) => ({ registry: fake.registry, repository });
  /** The look-up for acme/app behind latest, the layout empty, no minimum size: what a test does not change. */
  const lookUp = (fake: FakeRegistry, change: Partial<Parameters<typeof layersEveryRepositoryHas>[1]> = {}) =>
    layersEveryRepositoryHas(createSession({ logins: [], retry: fast }), {
      repositories: [at(fake, 'acme/app')],
      tags: [tag(fake, 'acme/app', 'latest')],
      cacheRefs: [],
      platforms,
      present: () => false,
      minimumBytes: 0,
      ...change
    });

  it('reads the image behind the first tag that exists, for the platforms built, and keeps what every repository has', async () => {
    const fake = await start();
    const image = addIndex(fake, 'acme/app', [{ architecture: 'amd64' }, { architecture: 'arm64' }], { tag: 'latest' });
    const [amd64, arm64] = image.images as unknown as [{ blobs: string[] }, { blobs: string[] }];
    const amd64Layer = amd64.blobs[1] ?? '';
    // The mirror has the amd64 layer too; the arm64 one is not even asked about (not built).
    fake.linked.add(`acme/mirror@${amd64Layer}`);
    const found = await layersEveryRepositoryHas(createSession({ logins: [], retry: fast }), {
      repositories: [at(fake, 'acme/app'), at(fake, 'acme/mirror')],
      tags: [tag(fake, 'acme/app', 'v2'), tag(fake, 'acme/app', 'latest'), tag(fake, 'acme/mirror', 'latest')],
      cacheRefs: [],
      platforms,
      present: () => false,
      minimumBytes: 0
    });
    expect(found.digests).toStrictEqual([amd64Layer]);
    expect(found.named).toBe(1);
    expect(found.notes).toContain(`${fake.registry}/acme/app:latest 1`);
    expect(found.notes).toContain(`${fake.registry}/acme/mirror: none of latest exists yet`);
    expect(fake.requests.some(({ path: at }) => at.includes(arm64.blobs[1] ?? '?'))).toBe(false);
    // No blob is read: manifests and HEADs only.
    expect(fake.requests.filter(({ method, path: at }) => method === 'GET' && at.includes('/blobs/'))).toStrictEqual(
      []
    );
  });

  it('takes the layers a registry cache index lists; one the layout has, or a repository lacks, is left out', async () => {
    const fake = await start();
    const layers = ['cached one', 'cached two', 'not in the app'].map((content) => fake.addBlob('acme/cache', content));
    const [one, two, three] = layers as [string, string, string];
    fake.linked.add(`acme/app@${one}`);
    fake.linked.add(`acme/app@${two}`);
    fake.addManifest(
      'acme/cache',
      'buildcache-linux-amd64',
      {
        schemaVersion: 2,
        mediaType: ociIndexType,
        manifests: [
          ...layers.map((digest) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: 10 })),
          { mediaType: 'application/vnd.buildkit.cacheconfig.v0', digest: sha256('config'), size: 6 }
        ]
      },
      { contentType: ociIndexType }
    );
    const found = await layersEveryRepositoryHas(createSession({ logins: [], retry: fast }), {
      repositories: [at(fake, 'acme/app')],
      tags: [tag(fake, 'acme/app', 'latest')],
      cacheRefs: [
        { ...at(fake, 'acme/cache'), reference: 'buildcache-linux-amd64' },
        { ...at(fake, 'acme/cache'), reference: 'gone' }
      ],
      platforms,
      present: (digest) => digest === one,
      minimumBytes: 0
    });
    expect(found.digests).toStrictEqual([two]);
    expect(found.named).toBe(3);
    expect(found.notes).toContain(`cache ${fake.registry}/acme/cache:gone: none yet`);
    expect(fake.requests.some(({ method, path: at }) => method === 'HEAD' && at.includes(one))).toBe(false);
    expect(found.digests).not.toContain(three);
  });

  it('a layer smaller than the minimum is left to the export, and not even asked about', async () => {
    const fake = await start();
    const [small, big] = ['small layer', 'big layer'].map((content) => fake.addBlob('acme/app', content)) as [
      string,
      string
    ];
    fake.addManifest(
      'acme/app',
      'latest',
      {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256('config'), size: 6 },
        layers: [
          { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: small, size: 999 },
          { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: big, size: 1000 }
        ]
      },
      { contentType: 'application/vnd.oci.image.manifest.v1+json' }
    );
    const found = await lookUp(fake, { minimumBytes: 1000 });
    expect(found.digests).toStrictEqual([big]);
    expect(found).toMatchObject({ named: 2, small: 1 });
    expect(fake.requests.some(({ method, path: at }) => method === 'HEAD' && at.includes(small))).toBe(false);
  });

  it("a repository none of whose tags exists (a pull request's pr-12) is read at its fallback tag, tried last", async () => {
    const fake = await start();
    const image = addIndex(fake, 'acme/app', [{ architecture: 'amd64' }], { tag: 'latest' });
    const [amd64] = image.images as unknown as [{ blobs: string[] }];
    const layer = amd64.blobs[1] ?? '';
    const found = await lookUp(fake, {
      tags: [tag(fake, 'acme/app', 'pr-12')],
      fallbackTags: [tag(fake, 'acme/app', 'latest'), tag(fake, 'acme/other', 'latest')]
    });
    expect(found.digests).toStrictEqual([layer]);
    expect(found.notes).toStrictEqual([`${fake.registry}/acme/app:latest 1`]);
    const manifestReads = fake.requests.filter(({ path: at }) => at.includes('/manifests/')).map(({ path: at }) => at);
    expect(manifestReads.slice(0, 2)).toStrictEqual(['/v2/acme/app/manifests/pr-12', '/v2/acme/app/manifests/latest']);
    // A repository no tag of the user's names is not read at all.
    expect(fake.requests.some(({ path: at }) => at.includes('acme/other'))).toBe(false);
  });

  it('with no target repository no layer counts as had everywhere, whatever the registry cache names', async () => {
    const fake = await start();
    addIndex(fake, 'acme/app', [{ architecture: 'amd64' }], { tag: 'cache' });
    const found = await lookUp(fake, {
      repositories: [],
      tags: [],
      cacheRefs: [{ ...at(fake, 'acme/app'), reference: 'cache' }]
    });
    expect(found.digests).toStrictEqual([]);
    expect(fake.requests).toStrictEqual([]);
  });

  it('a tag read started earlier (while the builder got ready) is used as it is: only the HEADs follow', async () => {
    const fake = await start();
    const image = addIndex(fake, 'acme/app', [{ architecture: 'amd64' }], { tag: 'latest' });
    const [amd64] = image.images as unknown as [{ blobs: string[] }];
    const session = createSession({ logins: [], retry: fast });
    const tagRead = readTagLayers(session, { tags: [tag(fake, 'acme/app', 'latest')], platforms });
    await tagRead;
    const readBefore = fake.requests.length;
    expect(fake.requests.filter(({ method }) => method === 'HEAD')).toStrictEqual([]);
    const found = await layersEveryRepositoryHas(session, {
      repositories: [at(fake, 'acme/app')],
      tags: [tag(fake, 'acme/app', 'latest')],
      tagLayers: tagRead,
      cacheRefs: [],
      platforms,
      present: () => false,
      minimumBytes: 0
    });
    expect(found.digests).toStrictEqual([amd64.blobs[1]]);
    expect(found.notes).toStrictEqual([`${fake.registry}/acme/app:latest 1`]);
    const after = fake.requests.slice(readBefore);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter(({ method }) => method !== 'HEAD')).toStrictEqual([]);
  });

  it('a source that cannot be read gives nothing, and says why', async () => {
    const fake = await start();
    fake.faults.set('/v2/acme/app/manifests/latest', [403, 403, 403]);
    const found = await lookUp(fake);
    expect(found.digests).toStrictEqual([]);
    expect(found.notes.join('\n')).toMatch(/acme\/app: not read \(.*403/);
  });
});

describe('the kept layout and stand-ins', () => {
  const env = (): NodeJS.ProcessEnv => ({ XDG_CACHE_HOME: mkdtempSync(path.join(root, 'cache-')) });
  const fallbackDir = (): string => path.join(mkdtempSync(path.join(root, 'job-')), 'image-layout');

  it('released, it keeps no stand-in; a job that takes over a killed one removes those it left first', async () => {
    const cache = env();
    const held = new LayoutOnDemand(() => holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env: cache }));
    const written = writeLayout(held.get().dir, [{ architecture: 'amd64', layers: amd64Layers }]);
    const stood = sha256(amd64Layers[1] ?? '');
    unlinkSync(blobFile(written.dir, stood));
    expect(held.placeStandIns([stood], recordFile()).size).toBe(1);
    expect(await held.release()).toMatch(/1 stand-in\(s\) removed/);
    expect(existsSync(blobFile(written.dir, stood))).toBe(false);

    // A step killed with its stand-ins in place: its lock names a process that is gone.
    const killed = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env: cache });
    StandIns.place(killed.dir, [stood], recordFile());
    writeFileSync(`${killed.dir}.lock`, '99999999');
    const next = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env: cache });
    expect(next.kept).toBe(true);
    expect(existsSync(blobFile(next.dir, stood))).toBe(false);
    expect(blobPresent(next.dir)(sha256(amd64Layers[0] ?? ''))).toBe(true);
    await next.release();
  });
});
