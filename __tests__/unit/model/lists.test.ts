import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/model/errors.js';
import { inputErrorOf } from '../../helpers/errors.js';
import {
  annotationKeyPattern,
  parseBoolean,
  parseChoice,
  parseKeyValueLines,
  splitLines,
  splitList,
  type KeyValue
} from '../../../src/model/lists.js';

describe('splitList', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    [' a , b ,\n c ', ['a', 'b', 'c']],
    ['a,,b,', ['a', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['# heading\na\n  # indented comment\nb', ['a', 'b']],
    ['a,#b', ['a']]
  ])('%j → %j', (raw, expected) => {
    expect(splitList(raw)).toEqual(expected);
  });

  // A comment is a line; a comma inside it must not turn its tail into an entry.
  it('drops a whole comment line even when it holds a comma', () => {
    expect(splitList('# was: linux/amd64, linux/s390x\nlinux/arm64')).toEqual(['linux/arm64']);
  });
});

describe('splitLines', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['type=registry,ref=ghcr.io/a/cache\ntype=gha', ['type=registry,ref=ghcr.io/a/cache', 'type=gha']],
    ['  one, two  \n\n# note, with comma\nthree', ['one, two', 'three']],
    ['a\r\nb', ['a', 'b']]
  ])('%j → %j', (raw, expected) => {
    expect(splitLines(raw)).toEqual(expected);
  });
});

describe('parseKeyValueLines', () => {
  it.each<[string, KeyValue[]]>([
    ['', []],
    ['A=1', [{ key: 'A', value: '1' }]],
    [
      'A=1\nB=2',
      [
        { key: 'A', value: '1' },
        { key: 'B', value: '2' }
      ]
    ],
    ['URL=https://x.example/?a=b&c=d', [{ key: 'URL', value: 'https://x.example/?a=b&c=d' }]],
    ['LIST=a, b c,d', [{ key: 'LIST', value: 'a, b c,d' }]],
    ['EMPTY=', [{ key: 'EMPTY', value: '' }]],
    ['# comment\n\n  A=1  \n', [{ key: 'A', value: '1' }]],
    ['org.opencontainers.image.title=App', [{ key: 'org.opencontainers.image.title', value: 'App' }]],
    ['_private-key/x=1', [{ key: '_private-key/x', value: '1' }]],
    ['HASH=#not-a-comment', [{ key: 'HASH', value: '#not-a-comment' }]],
    // A later line wins, in the place of the first, like repeated --build-arg flags.
    [
      'A=1\nB=2\nA=3',
      [
        { key: 'A', value: '3' },
        { key: 'B', value: '2' }
      ]
    ]
  ])('%j → %j', (raw, expected) => {
    expect(parseKeyValueLines('build-args', raw)).toEqual(expected);
  });

  it.each([
    ['NOVALUE', "no '='"],
    ['=value', 'bad name'],
    ['1A=x', 'bad name'],
    ['A B=x', 'bad name'],
    ['A+=1', 'bad name'],
    ['GOOD=1\nbad line', "no '='"]
  ])('refuses %j (%s)', (raw, detail) => {
    const error = inputErrorOf(() => parseKeyValueLines('labels', raw));
    expect(error.input).toBe('labels');
    expect(error.value).toBe(raw.split('\n').at(-1));
    expect(error.message).toContain(`(${detail})`);
    expect(error.message).toContain('Accepted: one NAME=value per line');
  });
});

describe('parseBoolean', () => {
  it.each<[string, boolean, boolean]>([
    ['true', false, true],
    ['TRUE', false, true],
    [' Yes ', false, true],
    ['1', false, true],
    ['on', false, true],
    ['false', true, false],
    ['No', true, false],
    ['0', true, false],
    ['OFF', true, false],
    ['', true, true],
    ['', false, false],
    ['   ', true, true]
  ])('%j with fallback %s → %s', (raw, fallback, expected) => {
    expect(parseBoolean('verify', raw, fallback)).toBe(expected);
  });

  it.each(['maybe', 'truee', '2', 'y', 'enabled'])('refuses %j', (raw) => {
    expect(() => parseBoolean('verify', raw, true)).toThrow(new InputError('verify', raw, 'true or false'));
  });
});

describe('parseChoice', () => {
  const drivers = ['docker-container', 'docker'] as const;
  it.each<[string, string]>([
    ['docker', 'docker'],
    ['DOCKER', 'docker'],
    ['  docker-container ', 'docker-container'],
    ['', 'docker-container']
  ])('%j → %s', (raw, expected) => {
    expect(parseChoice('driver', raw, drivers, 'docker-container')).toBe(expected);
  });

  it.each(['kubernetes', 'docker container', 'dockerr'])('refuses %j and lists the choices', (raw) => {
    expect(() => parseChoice('driver', raw, drivers, 'docker-container')).toThrow(
      `Accepted: docker-container, docker.`
    );
  });
});

describe('annotation keys', () => {
  it.each([
    ['index:org.opencontainers.image.version=1.2.3', 'index:org.opencontainers.image.version'],
    ['manifest[linux/arm64]:org.opencontainers.image.title=x', 'manifest[linux/arm64]:org.opencontainers.image.title'],
    ['manifest-descriptor:com.example.k=v', 'manifest-descriptor:com.example.k'],
    ['org.opencontainers.image.title=plain', 'org.opencontainers.image.title']
  ])('%s names %s', (line, key) => {
    expect(parseKeyValueLines('annotations', line, annotationKeyPattern).map((entry) => entry.key)).toEqual([key]);
  });
  it.each(['layer:x=1', 'index[:x=1', 'index:=1'])('%s is refused', (line) => {
    expect(() => parseKeyValueLines('annotations', line, annotationKeyPattern)).toThrow("Input 'annotations'");
  });
  it('build-args keep the plain rule', () => {
    expect(() => parseKeyValueLines('build-args', 'index:X=1')).toThrow("Input 'build-args'");
  });
});
