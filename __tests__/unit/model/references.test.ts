import { describe, expect, it } from '@jest/globals';
import { tagTargets } from '../../helpers/tag-plans.js';
import {
  DOCKER_HUB,
  formatReference,
  formatRepository,
  canonicalRegistry,
  isValidTag,
  lowercaseName,
  parseImageReference,
  type ImageReference,
  resolveRegistry
} from '../../../src/model/references.js';
import { inputErrorOf } from '../../helpers/errors.js';

const tag128 = `v${'1'.repeat(127)}`;

describe('parseImageReference', () => {
  it.each<[string, ImageReference]>([
    ['alpine', { registry: DOCKER_HUB, repository: 'library/alpine' }],
    ['alpine:3.20', { registry: DOCKER_HUB, repository: 'library/alpine', tag: '3.20' }],
    ['acme/app', { registry: DOCKER_HUB, repository: 'acme/app' }],
    ['docker.io/alpine', { registry: DOCKER_HUB, repository: 'library/alpine' }],
    ['docker.io/library/alpine:edge', { registry: DOCKER_HUB, repository: 'library/alpine', tag: 'edge' }],
    ['index.docker.io/acme/app:1', { registry: DOCKER_HUB, repository: 'acme/app', tag: '1' }],
    ['registry-1.docker.io/alpine', { registry: DOCKER_HUB, repository: 'library/alpine' }],
    ['ghcr.io/acme/app:1.0', { registry: 'ghcr.io', repository: 'acme/app', tag: '1.0' }],
    // A registry's own single-component repository gets no library/ prefix.
    ['ghcr.io/app', { registry: 'ghcr.io', repository: 'app' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/app:dev', { registry: 'localhost:5000', repository: 'app', tag: 'dev' }],
    ['myhost:5000/team/app', { registry: 'myhost:5000', repository: 'team/app' }],
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }],
    [
      'registry.example.com:8443/team/sub/app:v1',
      { registry: 'registry.example.com:8443', repository: 'team/sub/app', tag: 'v1' }
    ],
    ['a_b/c__d/e-f--g.h:x', { registry: DOCKER_HUB, repository: 'a_b/c__d/e-f--g.h', tag: 'x' }],
    ['ghcr.io/acme/app:V1.0-RC_1', { registry: 'ghcr.io', repository: 'acme/app', tag: 'V1.0-RC_1' }],
    [`ghcr.io/acme/app:${tag128}`, { registry: 'ghcr.io', repository: 'acme/app', tag: tag128 }],
    ['  ghcr.io/acme/app:1  ', { registry: 'ghcr.io', repository: 'acme/app', tag: '1' }]
  ])('%j → %j', (raw, expected) => {
    expect(parseImageReference(raw)).toStrictEqual(expected);
  });

  it.each([
    ['ghcr.io/Acme/app', 'repository names must be lowercase'],
    ['Alpine', 'repository names must be lowercase'],
    [`ghcr.io/acme/app@sha256:${'a'.repeat(64)}`, 'a digest cannot be a push target'],
    [`ghcr.io/acme/app:1@sha256:${'a'.repeat(64)}`, 'a digest cannot be a push target'],
    [`ghcr.io/acme/app:${tag128}x`, 'is not a valid tag'],
    ['ghcr.io/acme/app:.hidden', "'.hidden' is not a valid tag"],
    ['ghcr.io/acme/app:-rc', "'-rc' is not a valid tag"],
    ['ghcr.io/acme/app:v1+build', "'v1+build' is not a valid tag"],
    ['ghcr.io/acme/app:', "'' is not a valid tag"],
    ['ghcr.io/acme//app', "'' is not a valid repository path component"],
    ['ghcr.io/acme/app_', "'app_' is not a valid repository path component"],
    ['ghcr.io/acme/-app', "'-app' is not a valid repository path component"],
    ['ghcr.io/acme/a...b', "'a...b' is not a valid repository path component"],
    ['ghcr.io/', 'no repository'],
    ['', 'no repository'],
    [':1.0', 'no repository'],
    ['ghcr io/app', 'contains whitespace'],
    ['bad_host.com/app', "'bad_host.com' is not a registry host"],
    ['-bad.com/app', "'-bad.com' is not a registry host"],
    ['host:port/app', "'host:port' is not a registry host"],
    [`ghcr.io/${'a'.repeat(250)}`, 'name longer than 255 characters']
  ])('refuses %j (%s)', (raw, detail) => {
    const error = inputErrorOf(() => parseImageReference(raw, 'tags'));
    expect(error.input).toBe('tags');
    expect(error.value).toBe(raw);
    expect(error.message).toContain(detail);
    expect(error.message).toContain('Accepted: [registry[:port]/]repository[:tag]');
  });

  it('requires a tag when asked', () => {
    expect(inputErrorOf(() => parseImageReference('ghcr.io/acme/app', 'sources', true)).message).toContain('(no tag)');
    expect(parseImageReference('ghcr.io/acme/app:1', 'sources', true).tag).toBe('1');
  });
});

describe('isValidTag', () => {
  it.each<[string, boolean]>([
    ['latest', true],
    ['1.0.0', true],
    ['_build', true],
    ['V1-RC.2_x', true],
    [tag128, true],
    [`${tag128}1`, false],
    ['', false],
    ['.x', false],
    ['-x', false],
    ['a/b', false],
    ['a:b', false],
    ['a b', false],
    ['ünicode', false]
  ])('%j → %s', (tag, expected) => {
    expect(isValidTag(tag)).toBe(expected);
  });
});

describe('formatReference', () => {
  it.each<[ImageReference, string]>([
    [{ registry: DOCKER_HUB, repository: 'library/alpine', tag: '3.20' }, 'alpine:3.20'],
    [{ registry: DOCKER_HUB, repository: 'library/alpine' }, 'alpine'],
    [{ registry: DOCKER_HUB, repository: 'acme/app' }, 'acme/app'],
    [{ registry: 'ghcr.io', repository: 'acme/app', tag: '1' }, 'ghcr.io/acme/app:1'],
    [{ registry: 'ghcr.io', repository: 'library/app' }, 'ghcr.io/library/app'],
    [{ registry: 'localhost:5000', repository: 'app', tag: 'dev' }, 'localhost:5000/app:dev']
  ])('%j → %s', (reference, expected) => {
    expect(formatReference(reference)).toBe(expected);
  });

  it.each(['alpine:3.20', 'acme/app', 'ghcr.io/acme/app:1.0', 'localhost:5000/team/app:dev', '[::1]:5000/app'])(
    '%j parses back to itself',
    (raw) => {
      expect(formatReference(parseImageReference(raw))).toBe(raw);
    }
  );

  // Docker keeps library/ when the rest has its own slash: docker.io/library/a/b is not a/b.
  it('keeps library/ for a nested Docker Hub repository', () => {
    const reference = parseImageReference('docker.io/library/team/app');
    expect(parseImageReference(formatReference(reference))).toStrictEqual(reference);
  });

  // A Docker Hub repository whose first component looks like a host needs docker.io/ spelled out.
  it('keeps docker.io/ when the short form would read as another registry', () => {
    const reference = parseImageReference('docker.io/localhost/app');
    expect(parseImageReference(formatReference(reference))).toStrictEqual(reference);
  });
});

describe('formatRepository', () => {
  it('drops docker.io and library/ the way docker prints names', () => {
    expect(formatRepository(parseImageReference('docker.io/library/alpine:3'))).toBe('alpine');
    expect(formatRepository(parseImageReference('ghcr.io/acme/app:3'))).toBe('ghcr.io/acme/app');
  });
});

describe('canonicalRegistry: the one name a registry is compared by', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['GHCR.io', 'ghcr.io'],
    ['https://ghcr.io/', 'ghcr.io'],
    ['http://127.0.0.1:5001/v2/', '127.0.0.1:5001'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['registry.hub.docker.com', 'docker.io'],
    ['docker.io.example.com', 'docker.io.example.com']
  ])('%s → %s', (key, host) => {
    expect(canonicalRegistry(key)).toBe(host);
  });

  it('parseImageReference names Docker Hub the same way, whichever alias the reference uses', () => {
    for (const alias of ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'])
      expect(parseImageReference(`${alias}/acme/app:1`).registry).toBe(DOCKER_HUB);
  });
});

describe('resolveRegistry', () => {
  it.each<[string, string[], string]>([
    ['', ['ghcr.io/acme/app:1'], 'ghcr.io'],
    ['', ['latest', 'quay.io/acme/app:1', 'ghcr.io/acme/app:1'], 'quay.io'],
    ['', ['acme/app:1'], DOCKER_HUB],
    ['', ['localhost:5000/app:1'], 'localhost:5000'],
    ['', [], DOCKER_HUB],
    ['', ['latest'], DOCKER_HUB],
    ['registry.example.com', ['ghcr.io/acme/app:1'], 'registry.example.com']
  ])('input %j with tags %j → %s', (input, tags, expected) => {
    expect(resolveRegistry(input, tagTargets(tags))).toBe(expected);
  });
});

describe('lowercaseName', () => {
  it.each<[string, string]>([
    ['ghcr.io/Acme/PyTime', 'ghcr.io/acme/pytime'],
    ['ghcr.io/Acme/PyTime:V1.2-RC', 'ghcr.io/acme/pytime:V1.2-RC'],
    ['127.0.0.1:5001/Acme/PyTime', '127.0.0.1:5001/acme/pytime'],
    ['Registry.Example.COM:5000/Team/App:Latest', 'registry.example.com:5000/team/app:Latest'],
    ['Acme/App:Tag', 'acme/app:Tag'],
    ['already/lower:ok', 'already/lower:ok']
  ])('%s → %s: registry and repository lowercased, the tag as given', (given, expected) => {
    expect(lowercaseName(given)).toBe(expected);
  });
});
