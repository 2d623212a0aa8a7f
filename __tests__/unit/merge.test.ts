// mode: merge — the guards as pure functions, then runMerge against a fake registry behind the exec seam.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../__fixtures__/core.js';
import { runnerReader } from '../../__fixtures__/inputs.js';
import * as execFixture from '../../__fixtures__/exec.js';

// @actions/github reads the event once, at import: pin it to a plain push before merge loads.
const savedEnv = { ...process.env };
process.env['GITHUB_EVENT_NAME'] = 'push';
process.env['GITHUB_REF'] = 'refs/heads/main';
process.env['GITHUB_SHA'] = '0123456789abcdef0123456789abcdef01234567';
delete process.env['GITHUB_EVENT_PATH'];

jest.unstable_mockModule('@actions/core', () => coreFixture);
jest.unstable_mockModule('../../src/seams/exec.js', () => execFixture);
// Registry reads go to the in-memory registry below; every other export stays the real one.
const realRegistry = await import('../../src/registry/oci.js');
const inspectRemote = jest.fn<typeof realRegistry.inspectRemote>();
const remotePlatforms = jest.fn<typeof realRegistry.remotePlatforms>();
jest.unstable_mockModule('../../src/registry/oci.js', () => ({ ...realRegistry, inspectRemote, remotePlatforms }));
// Promotion writes to the in-memory registry too: the final tags get what the checked digest holds.
const realPromote = await import('../../src/registry/promote.js');
const promote = jest.fn<typeof realPromote.promote>();
const deleteTag = jest.fn<typeof realPromote.deleteTag>();
jest.unstable_mockModule('../../src/registry/promote.js', () => ({ ...realPromote, promote, deleteTag }));
const merge = await import('../../src/planning/merge-plan.js');
const { parseSource } = await import('../../src/planning/sources.js');
const { runMain } = await import('../../src/steps/main.js');
const { normalisePlatformText } = await import('../../src/planning/platforms.js');
const { ActionError, InputError } = await import('../../src/seams/errors.js');
const { parseInputs } = await import('../../src/planning/inputs.js');
const { parsePlatformList } = await import('../../src/planning/platforms.js');
const { OutputKey, StateKey } = await import('../../src/seams/state.js');
type InspectedSource = import('../../src/planning/merge-plan.js').InspectedSource;
type ManifestDescriptor = import('../../src/registry/oci.js').ManifestDescriptor;

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
  annotations
});

/** The message of whatever `action` throws. */
function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

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
    const error = thrown(() => parseSource(raw));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InstanceType<typeof InputError>).input).toBe('sources');
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
    const error = thrown(() =>
      merge.coverSources(sources, platforms === undefined ? undefined : parsePlatformList(platforms))
    );
    expect(error).toBeInstanceOf(ActionError);
    expect(error.message).toContain('Cannot merge the sources');
    for (const fragment of fragments) expect(error.message).toContain(fragment);
    expect(error.message).toContain('Nothing was pushed.');
  });

  it('reports every problem at once', () => {
    const error = thrown(() =>
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
    const error = thrown(() => merge.planMerge(inputsWith({ tags: 'latest' }), event));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('a bare tag needs the image input');
  });

  it('no tags and no image is refused', () => {
    const error = thrown(() => merge.planMerge(inputsWith({}), event));
    expect(error).toBeInstanceOf(InputError);
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
    expect(merge.indexAnnotations(sources, user)).toStrictEqual([
      'index:org.opencontainers.image.version=1.2.3-x',
      'index:org.opencontainers.image.description=merged'
    ]);
  });

  it('no index sources and no user annotations give none', () => {
    expect(merge.indexAnnotations([{ annotations: undefined }], [])).toStrictEqual([]);
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

describe('imagetoolsCreateArgs', () => {
  it('tags, then annotations, then the pinned sources', () => {
    expect(
      merge.imagetoolsCreateArgs(['r/app:1', 'r/app:latest'], ['index:k=v'], [`r/app@${D1}`, `r/app@${D2}`])
    ).toStrictEqual([
      'buildx',
      'imagetools',
      'create',
      '--tag',
      'r/app:1',
      '--tag',
      'r/app:latest',
      '--annotation',
      'index:k=v',
      `r/app@${D1}`,
      `r/app@${D2}`
    ]);
  });
});

// A registry in memory: manifest reads through inspectRemote, image configs and creates through imagetools.
interface Stored {
  manifest: { mediaType: string; digest: string; manifests?: unknown[]; annotations?: Record<string, string> };
  image: Record<string, unknown>;
}

const registry = new Map<string, Stored>();

function store(reference: string, stored: Stored): void {
  registry.set(reference, stored);
  registry.set(`${repoOf(reference)}@${stored.manifest.digest}`, stored);
}

function fakeRegistry(): void {
  inspectRemote.mockImplementation(async (_session, reference) => {
    const stored = registry.get(reference);
    if (!stored) return undefined;
    const { digest: served, mediaType, manifests, annotations } = stored.manifest;
    return {
      digest: served,
      mediaType,
      manifests: (manifests ?? []) as ManifestDescriptor[],
      annotations: annotations ?? {}
    };
  });
  // A single manifest's platform comes from its config.
  remotePlatforms.mockImplementation(async (_session, reference) => {
    const image = registry.get(reference)?.image as
      { os?: string; architecture?: string; variant?: string } | undefined;
    return image?.os && image.architecture
      ? [[image.os, image.architecture, image.variant].filter(Boolean).join('/')]
      : undefined;
  });
  execFixture.run.mockImplementation(async (command, args) => {
    const line = [command, ...args].join(' ');
    if (args[0] === 'login') return execFixture.ok('Login Succeeded');
    if (args[1] === 'imagetools' && args[2] === 'create') {
      const tags = args.flatMap((arg, index) => (args[index - 1] === '--tag' ? [arg] : []));
      const sources = args
        .slice(3)
        .filter(
          (arg, index, all) => !arg.startsWith('--') && !['--tag', '--annotation'].includes(all[index - 1] ?? '')
        );
      const manifests = sources.flatMap((reference) => {
        const stored = registry.get(reference) as Stored;
        if (stored.manifest.manifests) return stored.manifest.manifests;
        const {
          os: os_,
          architecture,
          variant
        } = stored.image as { os: string; architecture: string; variant?: string };
        return [
          {
            mediaType: stored.manifest.mediaType,
            digest: stored.manifest.digest,
            platform: { os: os_, architecture, ...(variant ? { variant } : {}) }
          }
        ];
      });
      const body = JSON.stringify({ manifests });
      const created = {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
        manifests
      };
      for (const tag of tags) store(tag, { manifest: created, image: {} });
      return execFixture.ok('', 'pushing');
    }
    throw new Error(`unexpected command ${line}`);
  });
}

const amdIndex: Stored = {
  manifest: {
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest: D1,
    annotations: { 'org.opencontainers.image.version': 'main' },
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digest('a'),
        platform: { os: 'linux', architecture: 'amd64' }
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digest('b'),
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': digest('a') }
      }
    ]
  },
  image: { os: 'linux', architecture: 'amd64' }
};
// A single manifest, as docker-container pushes by digest with provenance off: the platform is only in its config.
const armManifest: Stored = {
  manifest: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: D2 },
  image: { os: 'linux', architecture: 'arm', variant: 'v7' }
};

describe('runMerge against a fake registry', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mab-merge-unit-'));
  const repo = '127.0.0.1:5001/acme/app';

  beforeEach(() => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
    inspectRemote.mockReset();
    remotePlatforms.mockReset();
    promote.mockReset();
    promote.mockImplementation((_session, source, targets) => {
      const stored = registry.get(`${source.registry}/${source.repository}@${source.digest}`) as Stored;
      for (const target of targets) store(target, stored);
      return Promise.resolve(
        targets.map((target) => ({
          target,
          digest: source.digest,
          mounted: 0,
          copied: 0,
          present: 0,
          bytesCopied: 0,
          childManifests: 0
        }))
      );
    });
    deleteTag.mockReset();
    deleteTag.mockImplementation((_session, reference) => {
      registry.delete(reference);
      return Promise.resolve({ reference, outcome: 'deleted' as const });
    });
    registry.clear();
    store(`${repo}:main-linux-amd64`, amdIndex);
    store(`${repo}:single-armv7`, armManifest);
    fakeRegistry();
    process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'temp-'));
    delete process.env['GITHUB_STEP_SUMMARY'];
  });

  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const runWith = async (values: Record<string, string>): Promise<unknown> => {
    // The audit reads layers over HTTP; arch-audit.test.ts covers it.
    const raw = { mode: 'merge', username: 'mab', password: 'pw', 'arch-audit': 'off', ...values };
    coreFixture.setInputs(raw);
    return runMain().then(
      () => undefined,
      (error: unknown) => error
    );
  };
  const creates = (): string[] => execFixture.commandLines().filter((line) => line.includes('imagetools create'));

  it('merges an index source and a single-manifest source, pinned by digest, and outputs what the registry serves', async () => {
    const error = await runWith({
      sources: `${repo}@${D1}\n${repo}:single-armv7`,
      tags: `${repo}:1.0,${repo}:stable`,
      platforms: 'amd64,armv7'
    });
    expect(error).toBeUndefined();
    // Created under a staging tag, checked, then promoted; the staging tag is removed.
    const staging = `${repo}:staging-${path.basename(coreFixture.state.get(StateKey.DockerConfig) ?? '').replace(/-docker-config-[A-Za-z0-9]+$/, '')}`;
    expect(creates()).toStrictEqual([
      `docker buildx imagetools create --tag ${staging} --annotation index:org.opencontainers.image.version=main ${repo}@${D1} ${repo}@${D2}`
    ]);
    expect(promote.mock.calls.map(([, source, targets]) => [source.repository, targets])).toStrictEqual([
      ['acme/app', [`${repo}:1.0`, `${repo}:stable`]]
    ]);
    expect(deleteTag.mock.calls.map(([, reference]) => reference)).toStrictEqual([staging]);
    const served = registry.get(`${repo}:stable`)?.manifest.digest;
    expect(served).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe(served);
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe(`${repo}@${served}`);
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe('linux/amd64,linux/arm/v7');
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe(`${repo}:1.0\n${repo}:stable`);
    // A merge makes no builder, so it names none.
    expect(coreFixture.outputs.has(OutputKey.Builder)).toBe(false);
    // The staging tag for the digest, the digest for verification, then both final tags read back.
    expect(
      inspectRemote.mock.calls
        .map(([, reference]) => reference)
        .filter((reference) => !reference.includes('single-armv7') && !reference.endsWith(D1))
    ).toStrictEqual([staging, `${repo}@${served}`, `${repo}:1.0`, `${repo}:stable`]);
  });

  it('keeps its credentials in a job Docker config that the post step will find', async () => {
    await runWith({ sources: `${repo}@${D1}`, tags: `${repo}:1.0` });
    const dir = coreFixture.state.get(StateKey.DockerConfig) ?? '';
    expect(dir.startsWith(process.env['RUNNER_TEMP'] as string)).toBe(true);
    expect(existsSync(dir)).toBe(true);
    expect(execFixture.getJobEnv()['DOCKER_CONFIG']).toBe(dir);
    expect(execFixture.commandLines()[0]).toBe('docker login 127.0.0.1:5001 --username mab --password-stdin');
    expect(execFixture.runOptions()[0]?.input).toBe('pw');
  });

  it('a source the registry does not have fails naming it, and nothing is created', async () => {
    const error = await runWith({ sources: `${repo}@${D1}\n${repo}@${D3}`, tags: `${repo}:1.0` });
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toContain(`Source not found in the registry: ${repo}@${D3}`);
    expect(creates()).toStrictEqual([]);
  });

  it("a source the registry refuses to show fails naming it, with the registry's answer", async () => {
    inspectRemote.mockRejectedValueOnce(new Error('Registry 127.0.0.1:5001 answered HTTP 401 to reading manifest'));
    const error = await runWith({ sources: `${repo}@${D1}`, tags: `${repo}:1.0` });
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toContain(
      `Could not read source ${repo}@${D1}: Registry 127.0.0.1:5001 answered HTTP 401`
    );
    expect(creates()).toStrictEqual([]);
  });

  it('an overlap fails naming both sources and the platform, and nothing is created', async () => {
    const error = await runWith({ sources: `${repo}@${D1},${repo}:main-linux-amd64`, tags: `${repo}:1.0` });
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toContain(
      `linux/amd64 comes from two sources, ${repo}@${D1} and ${repo}:main-linux-amd64`
    );
    expect(creates()).toStrictEqual([]);
  });

  it('push false checks the sources and creates nothing', async () => {
    const error = await runWith({
      sources: `${repo}@${D1}\n${repo}:single-armv7`,
      tags: `${repo}:1.0`,
      push: 'false',
      platforms: 'linux/amd64,linux/arm/v7'
    });
    expect(error).toBeUndefined();
    expect(creates()).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe('');
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe('linux/amd64,linux/arm/v7');
    expect(coreFixture.info.mock.calls.map(([message]) => message)).toContain(
      'Merge: Sources checked (linux/amd64,linux/arm/v7); nothing pushed (push is off)'
    );
  });
});
