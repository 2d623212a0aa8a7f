// The merge's plan: which source gives which platform (coverSources), the final tags, and the index
// it writes (its annotations and media type). No mocks: nothing here does I/O.
import { parseImageReference, targetTexts } from '../../../src/model/references.js';
import { describe, expect, it } from '@jest/globals';
import { ActionError, InputError } from '../../../src/model/errors.js';
import { parsePlatformList } from '../../../src/model/platforms.js';
import type { InspectedSource } from '../../../src/model/sources.js';
import {
  coverSources,
  indexAnnotations,
  indexLevelKey,
  mergedIndex,
  planMerge
} from '../../../src/planning/merge-plan.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { errorOf, inputErrorOf } from '../../helpers/errors.js';
import { dockerManifestType, ociManifestType } from '../../helpers/fake-images.js';
import { event, inputsOf, planShape, release } from '../../helpers/plans.js';
import type { GitEvent } from '../../../src/model/event.js';

const digest = (hex: string): string => `sha256:${hex.repeat(64 / hex.length)}`;
const D1 = digest('1');
const D2 = digest('2');
const D3 = digest('3');

const repoOf = (reference: string): string => reference.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
const source = (reference: string, platforms: string[], annotations?: Record<string, string>): InspectedSource => ({
  reference,
  repository: repoOf(reference),
  image: parseImageReference(repoOf(reference)),
  digest: reference.split('@')[1] ?? D3,
  platforms,
  entries: [],
  annotations
});

describe('planMerge', () => {
  const merge = (values: Record<string, string>, on: GitEvent = event()) =>
    planMerge(inputsOf({ mode: 'merge', sources: `127.0.0.1:5001/a/app@${D1}`, ...values }), on);

  it('full references: the tags, the sources, the registries of both, checked then promoted', () => {
    const plan = merge({ tags: 'ghcr.io/acme/app:1.0', username: 'u', password: 'pw' });
    expect(planShape(plan)).toMatchObject({
      push: true,
      tags: ['ghcr.io/acme/app:1.0'],
      registries: ['ghcr.io', '127.0.0.1:5001'],
      logins: [{ registry: 'ghcr.io', username: 'u' }],
      checks: { verify: true, audit: 'error', auditIgnore: [] }
    });
    expect(plan.promote).toBe(true);
    // The merged index goes to the tags' repository; the sources' repository is only read.
    expect(plan.repositories).toStrictEqual(['ghcr.io/acme/app']);
    expect(plan.sources).toStrictEqual([
      {
        reference: `127.0.0.1:5001/a/app@${D1}`,
        repository: '127.0.0.1:5001/a/app',
        image: { registry: '127.0.0.1:5001', repository: 'a/app' },
        digest: D1
      }
    ]);
  });

  it('never plans a smoke run: the build jobs ran their images', () => {
    expect(merge({ tags: 'ghcr.io/acme/app:1', 'smoke-test': 'true' }).checks.smoke).toBeUndefined();
  });

  it('the image input gets the event tags, as a build does', () => {
    expect(planShape(merge({ image: 'ghcr.io/acme/app' }, release)).floating).toStrictEqual(['1.2', '1', 'latest']);
  });

  it('warns of annotations that belong to the build jobs', () => {
    const plan = merge({ tags: 'ghcr.io/acme/app:1', annotations: 'manifest:a=1\nindex:b=2\nc=3' });
    expect(plan.warnings).toStrictEqual([
      'annotation manifest:a is left out of the merge: it only creates the index (set other levels on the build jobs).'
    ]);
  });

  it('fills templates in annotations from the event and lowercases the image, as a build does', () => {
    const plan = merge({ image: 'ghcr.io/Acme/App', annotations: 'index:org.example.version={{version}}' }, release);
    expect(plan.annotations).toStrictEqual([{ key: 'index:org.example.version', value: '1.2.3' }]);
    expect(plan.tags.targets[0]?.text).toBe('ghcr.io/acme/app:1.2.3');
    expect(plan.lowercased).toStrictEqual([{ from: 'ghcr.io/Acme/App', to: 'ghcr.io/acme/app' }]);
  });

  it('refuses a merge with nothing to tag, push or not', () => {
    for (const push of ['true', 'false'])
      expect(inputErrorOf(() => merge({ push })).message).toContain('nothing to tag the merged image with');
  });

  it('a merge pings no daemon', () => {
    expect(
      planMerge(inputsOf({ mode: 'merge', sources: `127.0.0.1:5001/a/app@${D1}`, tags: 'ghcr.io/a/b:1' }), event()).job
        .daemon
    ).toBeUndefined();
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
    const plan = coverSources(sources, platforms === undefined ? undefined : parsePlatformList(platforms));
    expect(plan.platforms).toStrictEqual(expected);
    expect(plan.sources).toStrictEqual(sources.map(({ repository, digest: pinned }) => `${repository}@${pinned}`));
  });

  it('pins a tag source by the digest the registry served', () => {
    expect(coverSources([source('r/app:main-linux-arm-v7', ['linux/arm/v7'])], undefined).sources).toStrictEqual([
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
      coverSources(sources, platforms === undefined ? undefined : parsePlatformList(platforms))
    );
    expect(error.message).toContain('Cannot merge the sources');
    for (const fragment of fragments) expect(error.message).toContain(fragment);
    expect(error.message).toContain('Nothing was pushed.');
  });

  it('reports every problem at once', () => {
    const error = errorOf(ActionError, () =>
      coverSources([amd, source(`r/b@${D2}`, ['linux/amd64'])], parsePlatformList('linux/amd64,linux/riscv64'))
    );
    expect(error.message).toContain('linux/amd64 comes from two sources');
    expect(error.message).toContain('linux/riscv64 is in platforms, but no source has it');
  });
});

describe('planMerge: the final tags', () => {
  const tagPush = event({ ref: 'refs/tags/v1.2.3' });
  const inputsWith = (values: Record<string, string>) =>
    parseInputs(runnerReader({ mode: 'merge', sources: `r/app@${D1}`, ...values }));

  it('explicit full references pass through', () => {
    expect(
      targetTexts(planMerge(inputsWith({ tags: 'ghcr.io/acme/app:1.0,ghcr.io/acme/app:stable' }), tagPush).tags.targets)
    ).toStrictEqual(['ghcr.io/acme/app:1.0', 'ghcr.io/acme/app:stable']);
  });

  it('the image input alone gets the event-derived tags', () => {
    const { tags: plan } = planMerge(inputsWith({ image: 'ghcr.io/acme/app' }), tagPush);
    expect(targetTexts(plan.targets)).toStrictEqual(
      ['1.2.3', '1.2', '1', 'latest', 'sha-0123456'].map((tag) => `ghcr.io/acme/app:${tag}`)
    );
    expect(plan.version).toBe('1.2.3');
  });

  it('a bare tag without the image input is refused', () => {
    const error = errorOf(InputError, () => planMerge(inputsWith({ tags: 'latest' }), tagPush));
    expect(error.message).toContain('a bare tag needs the image input');
  });

  it('no tags and no image is refused', () => {
    const error = errorOf(InputError, () => planMerge(inputsWith({}), tagPush));
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
    expect(indexAnnotations(sources, user)).toStrictEqual({
      'org.opencontainers.image.version': '1.2.3-x',
      'org.opencontainers.image.description': 'merged'
    });
  });

  it('no index sources and no user annotations give none', () => {
    expect(indexAnnotations([{ annotations: undefined }], [])).toStrictEqual({});
  });

  it.each([
    ['index:a.b', 'a.b'],
    ['a.b', 'a.b'],
    ['manifest:a.b', undefined],
    ['index-descriptor:a.b', undefined]
  ])('index-level key of %s: %s', (key, expected) => {
    expect(indexLevelKey(key)).toBe(expected);
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
    const { mediaType, document } = mergedIndex(
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
    const { mediaType, document } = mergedIndex(sources, user);
    expect(mediaType).toBe(expected);
    expect(document.mediaType).toBe(expected);
  });
});
