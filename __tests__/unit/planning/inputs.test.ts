import { describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import { DEFAULT_QEMU_IMAGE, dockerfilePath, isLocalContext, parseInputs } from '../../../src/planning/parse-inputs.js';
import { formatPlatform } from '../../../src/model/platforms.js';
import { actionDefaults, runnerReader } from '../../../__fixtures__/inputs.js';
import { inputErrorOf } from '../../helpers/errors.js';
import type { Inputs } from '../../../src/model/inputs.js';

// Like the runner: what the step gives, else action.yml's default.
const parse = (values: Record<string, string>): Inputs => parseInputs(runnerReader(values));

describe('parseInputs defaults', () => {
  it("reads action.yml's defaults for every input a workflow leaves out", () => {
    expect(parse({})).toMatchObject({
      mode: 'build',
      context: '.',
      file: '',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' }
      ],
      tags: [],
      images: [],
      push: 'auto',
      pushByDigest: false,
      load: false,
      buildArgs: [],
      labels: [],
      annotations: [],
      secrets: [],
      target: '',
      network: '',
      cacheFrom: [],
      cacheTo: [],
      provenance: '',
      noCache: false,
      pull: false,
      registry: '',
      username: '',
      password: '',
      qemu: 'auto',
      qemuImage: DEFAULT_QEMU_IMAGE,
      driver: 'auto',
      builder: '',
      nodes: [],
      driverOpts: [],
      buildkitdFlags: '',
      endpoint: '',
      buildkitdConfig: '',
      buildkitdConfigInline: '',
      remoteTls: { cacert: '', cert: '', key: '' },
      cleanup: true,
      loginScope: 'step',
      lowercasedImages: [],
      buildxVersion: '',
      buildxDownloadUrl: '',
      platformCheck: 'error',
      verify: true,
      archAudit: 'error',
      archAuditIgnore: [],
      archAuditLimits: { maxFiles: 50_000, maxBytes: 2 * 1024 ** 3, timeoutMs: 120_000 },
      smokeTest: '',
      smokeTestTimeout: 60,
      registryRetryAfterMax: 60,
      sources: []
    });
  });
});

describe('action.yml agreement', () => {
  it('declares exactly the inputs parseInputs reads', () => {
    const asked = new Set<string>();
    parseInputs((name) => {
      asked.add(name);
      return actionDefaults.get(name) ?? '';
    });
    expect([...actionDefaults.keys()].sort()).toEqual([...asked].sort());
  });
});

describe('list inputs', () => {
  it('platforms: commas and newlines, normalised', () => {
    expect(parse({ platforms: 'amd64\narm64, armv7\n' }).platforms.map(formatPlatform)).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7'
    ]);
  });

  it('tags: commas and newlines; templates are kept for later', () => {
    const { tags } = parse({ tags: 'ghcr.io/acme/app:1, ghcr.io/acme/app:1.2\nghcr.io/acme/app:{{version}}' });
    expect(tags).toEqual([
      {
        kind: 'reference',
        text: 'ghcr.io/acme/app:1',
        reference: { registry: 'ghcr.io', repository: 'acme/app', tag: '1' }
      },
      {
        kind: 'reference',
        text: 'ghcr.io/acme/app:1.2',
        reference: { registry: 'ghcr.io', repository: 'acme/app', tag: '1.2' }
      },
      { kind: 'template', text: 'ghcr.io/acme/app:{{version}}' }
    ]);
  });

  it('tags: bare tags go with the image input', () => {
    const inputs = parse({ image: 'ghcr.io/acme/app\ndocker.io/acme/app', tags: 'latest,1.0' });
    expect(inputs.tags).toEqual([
      { kind: 'tag', text: 'latest' },
      { kind: 'tag', text: '1.0' }
    ]);
    expect(inputs.images).toEqual([
      { registry: 'ghcr.io', repository: 'acme/app' },
      { registry: 'docker.io', repository: 'acme/app' }
    ]);
  });

  it('tags: bare tags without image are fine when nothing is pushed', () => {
    expect(parse({ tags: 'dev', push: 'false' }).tags).toEqual([{ kind: 'tag', text: 'dev' }]);
  });

  it.each<[string, keyof Inputs]>([
    ['build-args', 'buildArgs'],
    ['labels', 'labels'],
    ['annotations', 'annotations'],
    ['secrets', 'secrets']
  ])('%s: one NAME=value a line, commas stay in values', (input, field) => {
    expect(parse({ [input]: 'A=1,2\n# note\nB.c/d=x=y\n' })[field]).toEqual([
      { key: 'A', value: '1,2' },
      { key: 'B.c/d', value: 'x=y' }
    ]);
  });

  it('cache-from: CSV specs a line, and image references as shorthand', () => {
    expect(
      parse({ 'cache-from': 'type=registry,ref=ghcr.io/acme/cache\nghcr.io/acme/app:buildcache\ntype=gha' }).cacheFrom
    ).toEqual([
      {
        text: 'type=registry,ref=ghcr.io/acme/cache',
        type: 'registry',
        shorthand: false,
        fields: [
          { key: 'type', value: 'registry' },
          { key: 'ref', value: 'ghcr.io/acme/cache' }
        ],
        quoted: false
      },
      { text: 'ghcr.io/acme/app:buildcache', type: 'registry', shorthand: true, quoted: false },
      { text: 'type=gha', type: 'gha', shorthand: false, fields: [{ key: 'type', value: 'gha' }], quoted: false }
    ]);
  });

  it('cache-to: CSV specs a line', () => {
    expect(
      parse({ 'cache-to': ' type=registry, ref=ghcr.io/acme/cache, mode=max \ntype=local,dest=/tmp/cache' }).cacheTo
    ).toMatchObject([
      {
        text: 'type=registry, ref=ghcr.io/acme/cache, mode=max',
        type: 'registry',
        fields: [
          { key: 'type', value: 'registry' },
          { key: 'ref', value: 'ghcr.io/acme/cache' },
          { key: 'mode', value: 'max' }
        ]
      },
      { text: 'type=local,dest=/tmp/cache', type: 'local' }
    ]);
  });

  it.each<[string, keyof Inputs, string, unknown[]]>([
    [
      'driver-opts',
      'driverOpts',
      'image=moby/buildkit:v0.16.0,network=host\nenv.FOO=bar',
      ['image=moby/buildkit:v0.16.0', 'network=host', 'env.FOO=bar']
    ],
    [
      'arch-audit-ignore',
      'archAuditIgnore',
      '/opt/vendor/*, /usr/lib/x86_64-linux-gnu/libfoo.so\n/bin/tool',
      ['/opt/vendor/*', '/usr/lib/x86_64-linux-gnu/libfoo.so', '/bin/tool']
    ],
    [
      'sources',
      'sources',
      `ghcr.io/acme/app@sha256:${'a'.repeat(64)}\nghcr.io/acme/app@sha256:${'b'.repeat(64)},ghcr.io/acme/app:arm64`,
      [
        {
          reference: `ghcr.io/acme/app@sha256:${'a'.repeat(64)}`,
          repository: 'ghcr.io/acme/app',
          image: { registry: 'ghcr.io', repository: 'acme/app' },
          digest: `sha256:${'a'.repeat(64)}`
        },
        {
          reference: `ghcr.io/acme/app@sha256:${'b'.repeat(64)}`,
          repository: 'ghcr.io/acme/app',
          image: { registry: 'ghcr.io', repository: 'acme/app' },
          digest: `sha256:${'b'.repeat(64)}`
        },
        {
          reference: 'ghcr.io/acme/app:arm64',
          repository: 'ghcr.io/acme/app',
          image: { registry: 'ghcr.io', repository: 'acme/app', tag: 'arm64' }
        }
      ]
    ]
  ])('%s: commas and newlines', (input, field, raw, expected) => {
    expect(parse({ [input]: raw, ...(input === 'sources' ? { mode: 'merge' } : {}) })[field]).toEqual(expected);
  });
});

describe('image names with capitals', () => {
  it('image: lowercased as metadata-action does, each change remembered for the log', () => {
    const inputs = parse({ image: 'ghcr.io/Acme/PyTime\n127.0.0.1:5001/acme/app' });
    expect(inputs.images).toEqual([
      { registry: 'ghcr.io', repository: 'acme/pytime' },
      { registry: '127.0.0.1:5001', repository: 'acme/app' }
    ]);
    expect(inputs.lowercasedImages).toEqual([{ from: 'ghcr.io/Acme/PyTime', to: 'ghcr.io/acme/pytime' }]);
  });

  it('tags: a full reference with capitals is taken, its name lowercased and the rename kept for the plan', () => {
    expect(parse({ tags: 'ghcr.io/Acme/App:V1' }).tags).toEqual([
      {
        kind: 'reference',
        text: 'ghcr.io/acme/app:V1',
        reference: { registry: 'ghcr.io', repository: 'acme/app', tag: 'V1' },
        rename: { from: 'ghcr.io/Acme/App:V1', to: 'ghcr.io/acme/app:V1' }
      }
    ]);
  });

  it('other inputs keep refusing capitals (a merge source)', () => {
    const error = inputErrorOf(() => parse({ mode: 'merge', tags: 'ghcr.io/a/b:1', sources: 'ghcr.io/Acme/App:1' }));
    expect(error.input).toBe('sources');
  });
});

describe('scalar inputs', () => {
  it.each<[string, Inputs['push']]>([
    ['yes', 'true'],
    ['ON', 'true'],
    ['true', 'true'],
    ['no', 'false'],
    ['off', 'false'],
    ['False', 'false'],
    ['auto', 'auto']
  ])('push %j → %s', (raw, expected) => {
    expect(parse({ push: raw, tags: 'ghcr.io/acme/app:1' }).push).toBe(expected);
  });

  it.each<[string, Inputs['qemu']]>([
    ['true', 'auto'],
    ['auto', 'auto'],
    ['false', 'false']
  ])('qemu %j → %s', (raw, expected) => {
    expect(parse({ qemu: raw }).qemu).toBe(expected);
  });

  const binfmtDigest = 'sha256:1b804311fe87047a4c96d38b4b3ef6f62fca8cd125265917a9e3dc3c996c39e6';
  it('ships the default qemu-image pinned by digest', () => {
    expect(DEFAULT_QEMU_IMAGE).toBe(`tonistiigi/binfmt:qemu-v9.2.2@${binfmtDigest}`);
    expect(parse({}).qemuImage).toBe(DEFAULT_QEMU_IMAGE);
  });

  it.each([
    `tonistiigi/binfmt@${binfmtDigest}`,
    `tonistiigi/binfmt:qemu-v9.2.2@${binfmtDigest}`,
    `mirror.example:5000/tools/binfmt:v1@sha512:${'c'.repeat(128)}`,
    'tonistiigi/binfmt:qemu-v8.1.5'
  ])('qemu-image %s is accepted as given', (image) => {
    expect(parse({ 'qemu-image': image }).qemuImage).toBe(image);
  });

  it.each([
    ['tonistiigi/binfmt@sha256:1b80', "'sha256:1b80' is not a digest"],
    ['tonistiigi/binfmt@sha256:../../x', "'sha256:../../x' is not a digest"],
    [`tonistiigi/binfmt:qemu@md5:${'a'.repeat(32)}`, 'is not a digest'],
    [`Tonistiigi/binfmt@${binfmtDigest}`, 'repository names must be lowercase'],
    [`tonistiigi/binfmt:bad tag@${binfmtDigest}`, 'whitespace']
  ])('qemu-image %s is refused: %s', (image, detail) => {
    const error = inputErrorOf(() => parse({ 'qemu-image': image }));
    expect(error.input).toBe('qemu-image');
    expect(error.message).toContain(detail);
    expect(error.message).toContain('repo:tag@sha256:<64 hex>');
  });

  it.each<[string, string]>([
    ['latest', 'latest'],
    ['0.19.3', '0.19.3'],
    [' v0.19.3 ', 'v0.19.3'],
    ['^0.19', '^0.19']
  ])('buildx-version %j → %s', (raw, expected) => {
    expect(parse({ 'buildx-version': raw }).buildxVersion).toBe(expected);
  });

  it('buildx-download-url loses trailing slashes', () => {
    expect(
      parse({ 'buildx-download-url': 'https://mirror.example.com/buildx/releases/download//' }).buildxDownloadUrl
    ).toBe('https://mirror.example.com/buildx/releases/download');
  });

  it.each<[string, number]>([
    ['1', 1],
    [' 120 ', 120],
    ['3600', 3600]
  ])('smoke-test-timeout %j → %d', (raw, expected) => {
    expect(parse({ 'smoke-test-timeout': raw }).smokeTestTimeout).toBe(expected);
  });

  it.each<[string, number]>([
    ['0', 0],
    [' 30 ', 30],
    ['3600', 3600]
  ])('registry-retry-after-max %j → %d', (raw, expected) => {
    expect(parse({ 'registry-retry-after-max': raw }).registryRetryAfterMax).toBe(expected);
  });

  it('load with one platform, or with the docker driver', () => {
    expect(parse({ load: 'true', platforms: 'amd64' }).load).toBe(true);
    expect(parse({ load: 'true', driver: 'docker' }).load).toBe(true);
  });

  it('keeps the password as given (the core reader already trims)', () => {
    expect(parse({ username: ' octocat ', password: 'p a s s' })).toMatchObject({
      username: 'octocat',
      password: 'p a s s'
    });
  });
});

describe('isLocalContext and dockerfilePath', () => {
  it.each<[string, boolean]>([
    ['.', true],
    ['./app', true],
    ['/abs/app', true],
    ['https://github.com/acme/app.git', false],
    ['HTTP://example.com/ctx.tar.gz', false],
    ['git://example.com/app.git', false],
    ['git@github.com:acme/app.git', false],
    ['github.com/acme/app', false],
    ['-', false]
  ])('%j local: %s', (context, expected) => {
    expect(isLocalContext(context)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['.', '', 'Dockerfile'],
    ['app', '', path.join('app', 'Dockerfile')],
    ['app', 'build/Dockerfile', 'build/Dockerfile']
  ])('context %j file %j → %s', (context, file, expected) => {
    expect(dockerfilePath({ context, file })).toBe(expected);
  });
});

describe('buildx-download-url', () => {
  it.each([
    'https://mirror.example.com/buildx',
    'http://127.0.0.1:8080/buildx',
    'http://127.1.2.3/buildx',
    'http://localhost:9000',
    'http://[::1]:9000/x'
  ])('accepts %s', (url) => {
    expect(parse({ 'buildx-download-url': url }).buildxDownloadUrl).toBe(url);
  });

  // The checksum comes from the same base URL, so plain http to another host protects nothing.
  it.each([
    'http://mirror.example.com/buildx',
    'http://10.0.0.5/buildx',
    'http://127.0.0.1.nip.io/buildx',
    'http://[::ffff:10.0.0.1]/x',
    'ftp://127.0.0.1/x',
    'mirror.example.com'
  ])('refuses %s while parsing', (url) => {
    const error = inputErrorOf(() => parse({ 'buildx-download-url': url }));
    expect(error.input).toBe('buildx-download-url');
    expect(error.message).toContain('an https:// URL (http:// only for a server on loopback');
  });
});
