// mode: merge — the guards as pure functions, then runMerge against a fake registry behind the exec seam.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import * as execFixture from '../../../__fixtures__/exec.js';

// @actions/github reads the event once, at import: pin it to a plain push before merge loads.
const savedEnv = { ...process.env };
process.env['GITHUB_EVENT_NAME'] = 'push';
process.env['GITHUB_REF'] = 'refs/heads/main';
process.env['GITHUB_SHA'] = '0123456789abcdef0123456789abcdef01234567';
delete process.env['GITHUB_EVENT_PATH'];

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const merge = await import('../../../src/planning/merge-plan.js');
const { parseSource } = await import('../../../src/planning/sources.js');
const { runMain } = await import('../../../src/steps/main.js');
const { normalisePlatformText } = await import('../../../src/model/platforms.js');
const { ActionError, InputError } = await import('../../../src/model/errors.js');
const { parseInputs } = await import('../../../src/planning/inputs.js');
const { parsePlatformList } = await import('../../../src/model/platforms.js');
const { OutputKey } = await import('../../../src/model/outcome.js');
const { StateKey } = await import('../../../src/model/post-state.js');
type InspectedSource = import('../../../src/model/sources.js').InspectedSource;
const { close, FakeRegistry, sha256 } = await import('../../helpers/fake-registry.js');
const { errorOf, rejectionOf } = await import('../../helpers/errors.js');
type FakeRegistry = InstanceType<typeof FakeRegistry>;
const { addImageManifest, addIndex, dockerManifestType, ociManifestType, tagsIn } =
  await import('../../helpers/fake-images.js');

const digest = (hex: string): string => `sha256:${hex.repeat(64 / hex.length)}`;
const D1 = digest('1');
const D2 = digest('2');
const D3 = digest('3');

const repoOf = (reference: string): string => reference.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
const source = (reference: string, platforms: string[], annotations?: Record<string, string>): InspectedSource => ({
  reference,
  repository: repoOf(reference),
  digest: reference.split('@')[1] ?? D3,
  platforms,
  entries: [],
  annotations
});

describe('parseSource', () => {
  it.each([
    [`ghcr.io/acme/app@${D1}`, { reference: `ghcr.io/acme/app@${D1}`, repository: 'ghcr.io/acme/app', digest: D1 }],
    [
      'ghcr.io/acme/app:main-linux-arm64',
      { reference: 'ghcr.io/acme/app:main-linux-arm64', repository: 'ghcr.io/acme/app' }
    ],
    [
      `  127.0.0.1:5001/x/app:1@${D2} `,
      { reference: `127.0.0.1:5001/x/app:1@${D2}`, repository: '127.0.0.1:5001/x/app', digest: D2 }
    ],
    // Docker Hub spellings shrink to the short form docker prints.
    [
      `docker.io/library/alpine@${D1}`,
      { reference: `docker.io/library/alpine@${D1}`, repository: 'alpine', digest: D1 }
    ]
  ])('%s', (raw, expected) => {
    expect(parseSource(raw)).toStrictEqual(expected);
  });

  it.each([
    ['ghcr.io/acme/app', 'neither a digest nor a tag'],
    ['ghcr.io/acme/app@sha256:abc', "'sha256:abc' is not a sha256 digest"],
    [`ghcr.io/acme/app@${D1.toUpperCase()}`, 'is not a sha256 digest'],
    [`ghcr.io/Acme/app@${D1}`, 'repository names must be lowercase']
  ])('%s is refused: %s', (raw, detail) => {
    const error = errorOf(InputError, () => parseSource(raw));
    expect(error.input).toBe('sources');
    expect(error.message).toContain(detail);
  });
});

describe('normalisePlatformText', () => {
  it.each([
    ['linux/amd64', 'linux/amd64'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/v7', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['windows/amd64', 'windows/amd64'],
    // Unknown to this action: kept as the registry wrote it rather than refused.
    ['linux/mips', 'linux/mips'],
    ['freebsd/amd64', 'freebsd/amd64']
  ])('%s → %s', (raw, expected) => {
    expect(normalisePlatformText(raw)).toBe(expected);
  });
});

describe('coverSources', () => {
  const amd = source(`r/app@${D1}`, ['linux/amd64']);
  const arm = source(`r/app@${D2}`, ['linux/arm64']);
  const armv7 = source(`r/app@${D3}`, ['linux/arm/v7']);

  it.each<[string, InspectedSource[], string | undefined, string[]]>([
    [
      'no platforms input: whatever the sources cover, in their order',
      [arm, amd],
      undefined,
      ['linux/arm64', 'linux/amd64']
    ],
    [
      'the requested set, in the requested order',
      [arm, amd],
      'linux/amd64,linux/arm64',
      ['linux/amd64', 'linux/arm64']
    ],
    [
      'shorthands in platforms match normalised source platforms',
      [amd, armv7],
      'x86_64,armhf',
      ['linux/amd64', 'linux/arm/v7']
    ],
    [
      'one source carrying two platforms',
      [source(`r/app@${D1}`, ['linux/amd64', 'linux/arm64'])],
      'linux/arm64,linux/amd64',
      ['linux/arm64', 'linux/amd64']
    ]
  ])('%s', (_why, sources, platforms, expected) => {
    const plan = merge.coverSources(sources, platforms === undefined ? undefined : parsePlatformList(platforms));
    expect(plan.platforms).toStrictEqual(expected);
    expect(plan.sources).toStrictEqual(sources.map(({ repository, digest: pinned }) => `${repository}@${pinned}`));
  });

  it('pins a tag source by the digest the registry served', () => {
    expect(merge.coverSources([source('r/app:main-linux-arm-v7', ['linux/arm/v7'])], undefined).sources).toStrictEqual([
      `r/app@${D3}`
    ]);
  });

  it.each<[string, InspectedSource[], string | undefined, string[]]>([
    [
      'two sources with the same platform',
      [amd, arm, source(`r/other@${D3}`, ['linux/amd64'])],
      undefined,
      [`linux/amd64 comes from two sources, r/app@${D1} and r/other@${D3}`]
    ],
    ['the same source twice', [amd, amd], undefined, [`r/app@${D1} holds linux/amd64 twice`]],
    [
      'a requested platform no source has',
      [amd],
      'linux/amd64,linux/arm64',
      [
        'linux/arm64 is in platforms, but no source has it',
        `r/app@${D1} → linux/amd64`,
        'platforms asks for: linux/amd64, linux/arm64'
      ]
    ],
    [
      'a source platform that was not requested',
      [amd, armv7],
      'linux/amd64',
      [`r/app@${D3} has linux/arm/v7, which platforms does not list`]
    ],
    [
      'arm/v6 does not stand in for a requested arm/v7',
      [source(`r/app@${D1}`, ['linux/arm/v6'])],
      'linux/arm',
      ['linux/arm/v7 is in platforms, but no source has it', 'has linux/arm/v6, which platforms does not list']
    ],
    [
      'a source of attestations only',
      [amd, source(`r/app@${D2}`, [])],
      undefined,
      [`r/app@${D2} holds no image for any platform`]
    ]
  ])('refuses %s', (_why, sources, platforms, fragments) => {
    const error = errorOf(ActionError, () =>
      merge.coverSources(sources, platforms === undefined ? undefined : parsePlatformList(platforms))
    );
    expect(error.message).toContain('Cannot merge the sources');
    for (const fragment of fragments) expect(error.message).toContain(fragment);
    expect(error.message).toContain('Nothing was pushed.');
  });

  it('reports every problem at once', () => {
    const error = errorOf(ActionError, () =>
      merge.coverSources([amd, source(`r/b@${D2}`, ['linux/amd64'])], parsePlatformList('linux/amd64,linux/riscv64'))
    );
    expect(error.message).toContain('linux/amd64 comes from two sources');
    expect(error.message).toContain('linux/riscv64 is in platforms, but no source has it');
  });
});

describe('planMerge: the final tags', () => {
  const event = {
    eventName: 'push',
    ref: 'refs/tags/v1.2.3',
    sha: '0123456789abcdef0123456789abcdef01234567',
    createdAt: '2026-01-01T00:00:00Z'
  };
  const inputsWith = (values: Record<string, string>) =>
    parseInputs(runnerReader({ mode: 'merge', sources: `r/app@${D1}`, ...values }));

  it('explicit full references pass through', () => {
    expect(
      merge.planMerge(inputsWith({ tags: 'ghcr.io/acme/app:1.0,ghcr.io/acme/app:stable' }), event).tags.references
    ).toStrictEqual(['ghcr.io/acme/app:1.0', 'ghcr.io/acme/app:stable']);
  });

  it('the image input alone gets the event-derived tags', () => {
    const { tags: plan } = merge.planMerge(inputsWith({ image: 'ghcr.io/acme/app' }), event);
    expect(plan.references).toStrictEqual(
      ['1.2.3', '1.2', '1', 'latest', 'sha-0123456'].map((tag) => `ghcr.io/acme/app:${tag}`)
    );
    expect(plan.version).toBe('1.2.3');
  });

  it('a bare tag without the image input is refused', () => {
    const error = errorOf(InputError, () => merge.planMerge(inputsWith({ tags: 'latest' }), event));
    expect(error.message).toContain('a bare tag needs the image input');
  });

  it('no tags and no image is refused', () => {
    const error = errorOf(InputError, () => merge.planMerge(inputsWith({}), event));
    expect(error.message).toContain('nothing to tag the merged image with');
  });
});

describe('indexAnnotations', () => {
  it('keeps what every index source agrees on; single manifests have no say; the user wins', () => {
    const sources = [
      { annotations: { 'org.opencontainers.image.version': '1.2.3', 'org.opencontainers.image.created': 'a' } },
      { annotations: undefined },
      { annotations: { 'org.opencontainers.image.version': '1.2.3', 'org.opencontainers.image.created': 'b' } }
    ];
    const user = [
      { key: 'org.opencontainers.image.description', value: 'merged' },
      { key: 'index:org.opencontainers.image.version', value: '1.2.3-x' },
      { key: 'manifest:com.example.only', value: 'per-image' }
    ];
    expect(merge.indexAnnotations(sources, user)).toStrictEqual({
      'org.opencontainers.image.version': '1.2.3-x',
      'org.opencontainers.image.description': 'merged'
    });
  });

  it('no index sources and no user annotations give none', () => {
    expect(merge.indexAnnotations([{ annotations: undefined }], [])).toStrictEqual({});
  });

  it.each([
    ['index:a.b', 'a.b'],
    ['a.b', 'a.b'],
    ['manifest:a.b', undefined],
    ['index-descriptor:a.b', undefined]
  ])('index-level key of %s: %s', (key, expected) => {
    expect(merge.indexLevelKey(key)).toBe(expected);
  });
});

describe('mergedIndex', () => {
  const image = (digestHex: string, platform: Record<string, string>, mediaType = ociManifestType) => ({
    mediaType,
    digest: digest(digestHex),
    size: 100,
    platform
  });
  const attestation = {
    mediaType: ociManifestType,
    digest: digest('c'),
    size: 50,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': digest('a') }
  };

  it('keeps every entry of every source in order, attestations included, with the agreed annotations', () => {
    const { mediaType, document } = merge.mergedIndex(
      [
        { entries: [image('a', { os: 'linux', architecture: 'amd64' }), attestation], annotations: { k: 'v' } },
        { entries: [image('b', { os: 'linux', architecture: 'arm64' })], annotations: undefined }
      ],
      []
    );
    expect(mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(document).toStrictEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        image('a', { os: 'linux', architecture: 'amd64' }),
        attestation,
        image('b', { os: 'linux', architecture: 'arm64' })
      ],
      annotations: { k: 'v' }
    });
  });

  it.each<[string, string[], Record<string, string> | undefined, { key: string; value: string }[], string]>([
    [
      'Docker manifests and nothing to annotate: a Docker manifest list',
      [dockerManifestType, dockerManifestType],
      undefined,
      [],
      'application/vnd.docker.distribution.manifest.list.v2+json'
    ],
    [
      'an OCI manifest among them: an OCI index',
      [dockerManifestType, ociManifestType],
      undefined,
      [],
      'application/vnd.oci.image.index.v1+json'
    ],
    [
      'annotations need an OCI index, even over Docker manifests',
      [dockerManifestType],
      undefined,
      [{ key: 'index:k', value: 'v' }],
      'application/vnd.oci.image.index.v1+json'
    ],
    [
      'annotations the sources agree on count too',
      [dockerManifestType],
      { k: 'v' },
      [],
      'application/vnd.oci.image.index.v1+json'
    ]
  ])('%s', (_why, types, annotations, user, expected) => {
    const sources = types.map((type, index) => ({
      entries: [image(String(index + 1), { os: 'linux', architecture: 'amd64' }, type)],
      annotations
    }));
    const { mediaType, document } = merge.mergedIndex(sources, user);
    expect(mediaType).toBe(expected);
    expect(document.mediaType).toBe(expected);
  });
});

describe('runMerge against a fake registry', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mab-merge-unit-'));
  let fake: FakeRegistry;
  let repo = '';
  let legs = '';
  let amd: ReturnType<typeof addIndex>;
  let arm: ReturnType<typeof addImageManifest>;

  beforeEach(async () => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
    execFixture.run.mockImplementation(async (_command, args) => {
      if (args[0] === 'login') return execFixture.ok('Login Succeeded');
      throw new Error(`unexpected command docker ${args.join(' ')}`);
    });
    fake = await new FakeRegistry('basic', 'mab', 'pw').start();
    repo = `${fake.registry}/acme/app`;
    legs = `${fake.registry}/legs/app`;
    // What two per-platform jobs pushed, untagged: an index with provenance, and a single Docker manifest.
    amd = addIndex(fake, 'legs/app', [{ architecture: 'amd64' }], {
      annotations: { 'org.opencontainers.image.version': 'main' }
    });
    arm = addImageManifest(fake, 'legs/app', { architecture: 'arm', variant: 'v7', mediaType: dockerManifestType });
    fake.putManifest('legs/app', 'single-armv7', fake.manifests.get(`legs/app/${arm.digest}`)?.body as Buffer, {
      contentType: dockerManifestType
    });
    process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'temp-'));
    delete process.env['GITHUB_STEP_SUMMARY'];
  });

  afterEach(async () => {
    await close(fake.server);
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const runWith = (values: Record<string, string>): Promise<void> => {
    // The audit has its own tests (checks/audit/arch-audit.test.ts); here it would read layers that are not tar files.
    const raw = { mode: 'merge', username: 'mab', password: 'pw', 'arch-audit': 'off', ...values };
    coreFixture.setInputs(raw);
    return runMain();
  };
  const writes = (): string[] =>
    fake.requests
      .filter(({ method }) => method === 'PUT' || method === 'POST')
      .map(({ method, path: at }) => `${method} ${at}`);
  const tagWrites = (): string[] => writes().filter((line) => /^PUT \/v2\/.+\/manifests\/[^:]+$/.test(line));

  it('merges an index source and a single-manifest source, pushes the index by digest, then moves the tags', async () => {
    await runWith({
      sources: `${legs}@${amd.digest}\n${legs}:single-armv7`,
      tags: `${repo}:1.0,${repo}:stable`,
      platforms: 'amd64,armv7'
    });
    const served = coreFixture.outputs.get(OutputKey.Digest) as string;
    expect(served).toMatch(/^sha256:[0-9a-f]{64}$/);
    const index = JSON.parse(fake.manifests.get(`acme/app/stable`)?.body.toString() ?? '{}') as {
      manifests: { digest: string; platform: { os: string; architecture: string; variant?: string } }[];
      annotations: Record<string, string>;
    };
    expect(index.manifests.map(({ digest: entry }) => entry)).toStrictEqual([
      ...amd.images
        .map(({ digest: entry }) => entry)
        .sort((a, b) => (a === amd.images[0]?.digest ? -1 : b === amd.images[0]?.digest ? 1 : 0)),
      arm.digest
    ]);
    expect(index.manifests.at(-1)?.platform).toStrictEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(index.annotations).toStrictEqual({ 'org.opencontainers.image.version': 'main' });
    expect(sha256(fake.manifests.get('acme/app/1.0')?.body ?? '')).toBe(served);
    // Every blob mounted from the legs' repository; no data moved.
    for (const blob of [...amd.blobs, ...arm.blobs]) expect(fake.linked.has(`acme/app@${blob}`)).toBe(true);
    expect(
      writes()
        .filter((line) => line.startsWith('POST'))
        .every((line) => line.includes('&from=legs%2Fapp'))
    ).toBe(true);
    // The only tags ever written are the two asked for, and only after the index was there by digest.
    expect(tagWrites()).toStrictEqual(['PUT /v2/acme/app/manifests/1.0', 'PUT /v2/acme/app/manifests/stable']);
    expect(writes().indexOf(`PUT /v2/acme/app/manifests/${served}`)).toBeLessThan(
      writes().indexOf('PUT /v2/acme/app/manifests/1.0')
    );
    expect(tagsIn(fake, 'acme/app')).toStrictEqual(['1.0', 'stable']);
    expect(tagsIn(fake, 'legs/app')).toStrictEqual(['single-armv7']);
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe(`${repo}@${served}`);
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe('linux/amd64,linux/arm/v7');
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe(`${repo}:1.0\n${repo}:stable`);
    // A merge makes no builder, so it names none.
    expect(coreFixture.outputs.has(OutputKey.Builder)).toBe(false);
  });

  it('a merge into the sources’ own repository moves no blob at all', async () => {
    await runWith({ sources: `${legs}@${amd.digest}`, tags: `${legs}:1.0`, platforms: 'amd64' });
    expect(writes().filter((line) => line.startsWith('POST') || line.includes('/blobs/'))).toStrictEqual([]);
    expect(tagWrites()).toStrictEqual(['PUT /v2/legs/app/manifests/1.0']);
  });

  it('keeps its credentials in a job Docker config that the post step will find', async () => {
    await runWith({ sources: `${legs}@${amd.digest}`, tags: `${repo}:1.0`, platforms: 'amd64' });
    const dir = coreFixture.state.get(StateKey.DockerConfig) ?? '';
    expect(dir.startsWith(process.env['RUNNER_TEMP'] as string)).toBe(true);
    expect(existsSync(dir)).toBe(true);
    expect(execFixture.getJobEnv()['DOCKER_CONFIG']).toBe(dir);
    expect(execFixture.commandLines()[0]).toBe(`docker login ${fake.registry} --username mab --password-stdin`);
    expect(execFixture.runOptions()[0]?.input).toBe('pw');
  });

  it('a source the registry does not have fails naming it, and nothing is written', async () => {
    const missing = digest('3');
    const error = await rejectionOf(
      ActionError,
      runWith({ sources: `${legs}@${amd.digest}\n${legs}@${missing}`, tags: `${repo}:1.0` })
    );
    expect(error.message).toContain(`Source not found in the registry: ${legs}@${missing}`);
    expect(writes()).toStrictEqual([]);
  });

  it("a source the registry refuses to show fails naming it, with the registry's answer", async () => {
    fake.faults.set(`/v2/legs/app/manifests/${amd.digest}`, [403, 403, 403]);
    const error = await rejectionOf(ActionError, runWith({ sources: `${legs}@${amd.digest}`, tags: `${repo}:1.0` }));
    expect(error.message).toContain(
      `Could not read source ${legs}@${amd.digest}: Registry ${fake.registry} answered HTTP 403`
    );
    expect(writes()).toStrictEqual([]);
  });

  it('an overlap fails naming both sources and the platform, and nothing is written', async () => {
    const other = addIndex(fake, 'legs/app', [{ architecture: 'amd64', salt: 'again' }]);
    const error = await rejectionOf(
      ActionError,
      runWith({ sources: `${legs}@${amd.digest},${legs}@${other.digest}`, tags: `${repo}:1.0` })
    );
    expect(error.message).toContain(
      `linux/amd64 comes from two sources, ${legs}@${amd.digest} and ${legs}@${other.digest}`
    );
    expect(writes()).toStrictEqual([]);
  });

  it('push false checks the sources and writes nothing', async () => {
    await runWith({
      sources: `${legs}@${amd.digest}\n${legs}:single-armv7`,
      tags: `${repo}:1.0`,
      push: 'false',
      platforms: 'linux/amd64,linux/arm/v7'
    });
    expect(writes()).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe('');
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe('linux/amd64,linux/arm/v7');
    expect(coreFixture.info.mock.calls.map(([message]) => message)).toContain(
      'Merge: Sources checked (linux/amd64,linux/arm/v7); nothing pushed (push is off)'
    );
  });
});
