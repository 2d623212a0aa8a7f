import { describe, expect, it } from '@jest/globals';
import { ActionError } from '../../../src/model/errors.js';
import { buildxAssetName, parseChecksums, resolveBuildxVersion } from '../../../src/buildx/buildx-install.js';
import { errorOf } from '../../helpers/errors.js';

// Shaped like GitHub's tag names: v-prefixed, unsorted, with prereleases mixed in.
const tags = ['v0.19.3', 'v0.20.0-rc1', 'v0.18.0', 'v0.19.0', 'v0.13.1', 'v0.19.10', 'v0.13.0', 'v0.17.1'];

describe('resolveBuildxVersion', () => {
  it.each([
    ['latest', '0.19.10'],
    ['', '0.19.10'],
    ['0.19.3', '0.19.3'],
    ['v0.19.3', '0.19.3'],
    [' v0.13.0 ', '0.13.0'],
    ['^0.19', '0.19.10'],
    ['0.19.x', '0.19.10'],
    ['~0.19.0', '0.19.10'],
    ['0.18', '0.18.0'],
    ['>=0.13 <0.18', '0.17.1'],
    ['<0.13.1', '0.13.0'],
    // A prerelease is only picked when named exactly.
    ['v0.20.0-rc1', '0.20.0-rc1'],
    ['0.20.0-rc1', '0.20.0-rc1']
  ])('%j resolves to %s', (spec, expected) => {
    expect(resolveBuildxVersion(spec, tags)).toBe(expected);
  });

  it.each(['^0.20', '>=0.20.0', '0.20.x'])('range %j does not pick the 0.20.0-rc1 prerelease', (spec) => {
    expect(() => resolveBuildxVersion(spec, tags)).toThrow(`No buildx release matches buildx-version '${spec}'`);
  });

  it('accepts versions with or without the v prefix and ignores tags that are not versions', () => {
    expect(resolveBuildxVersion('latest', ['0.12.0', 'v0.12.1', 'nightly', 'docs-2024'])).toBe('0.12.1');
  });

  it.each(['0.99.0', 'v0.99.0', '^0.50', '0.21.x'])(
    '%j matching nothing throws an ActionError naming it and listing versions newest first',
    (spec) => {
      expect(errorOf(ActionError, () => resolveBuildxVersion(spec, tags)).message).toBe(
        `No buildx release matches buildx-version '${spec}'; available (newest first): 0.20.0-rc1, 0.19.10, 0.19.3, 0.19.0, 0.18.0, 0.17.1, 0.13.1, 0.13.0`
      );
    }
  );

  it('lists at most 15 versions and says how many more there are', () => {
    const many = Array.from({ length: 20 }, (_, i) => `v0.${i}.0`);
    const { message } = errorOf(ActionError, () => resolveBuildxVersion('9.9.9', many));
    const listed = message.split('available (newest first): ')[1] ?? '';
    expect(listed).toBe(
      '0.19.0, 0.18.0, 0.17.0, 0.16.0, 0.15.0, 0.14.0, 0.13.0, 0.12.0, 0.11.0, 0.10.0, 0.9.0, 0.8.0, 0.7.0, 0.6.0, 0.5.0, … and 5 older'
    );
  });

  it('says so when the list is empty', () => {
    expect(() => resolveBuildxVersion('latest', [])).toThrow(
      "No buildx release matches buildx-version 'latest'; no releases were listed"
    );
  });

  it('rejects a spec that is neither a version nor a range', () => {
    expect(() => resolveBuildxVersion('newest', tags)).toThrow(
      "buildx-version 'newest' is not 'latest', a version or a semver range"
    );
  });
});

describe('buildxAssetName', () => {
  it.each([
    ['x64', 'buildx-v0.19.3.linux-amd64'],
    ['arm64', 'buildx-v0.19.3.linux-arm64'],
    ['arm', 'buildx-v0.19.3.linux-arm-v7'],
    ['riscv64', 'buildx-v0.19.3.linux-riscv64'],
    ['ppc64', 'buildx-v0.19.3.linux-ppc64le'],
    ['s390x', 'buildx-v0.19.3.linux-s390x']
  ])('process.arch %s → %s', (arch, expected) => {
    expect(buildxAssetName('0.19.3', arch)).toBe(expected);
  });

  it.each(['ia32', 'mips', 'loong64'])('throws an ActionError for unsupported arch %s', (arch) => {
    expect(() => buildxAssetName('0.19.3', arch)).toThrow(ActionError);
    expect(() => buildxAssetName('0.19.3', arch)).toThrow(`architecture '${arch}'`);
  });

  it('defaults to the architecture of the runner it runs on', () => {
    const arch = Object.getOwnPropertyDescriptor(process, 'arch') as PropertyDescriptor;
    try {
      // Whatever machine the tests run on: the runner's architecture is read when the name is made.
      for (const [runner, asset] of [
        ['arm64', 'arm64'],
        ['x64', 'amd64'],
        ['s390x', 's390x']
      ]) {
        Object.defineProperty(process, 'arch', { ...arch, value: runner });
        expect(buildxAssetName('0.13.1')).toBe(`buildx-v0.13.1.linux-${asset}`);
      }
    } finally {
      Object.defineProperty(process, 'arch', arch);
    }
  });
});

describe('parseChecksums', () => {
  const a = 'a'.repeat(64);
  const b = 'B'.repeat(64);
  const c = '0123456789abcdef'.repeat(4);

  it('reads binary-mode (*file) and text-mode lines, lowercasing hashes', () => {
    const text = `${a} *buildx-v0.19.3.linux-amd64\n${b}  buildx-v0.19.3.linux-arm64\r\n${c}  *buildx-v0.19.3.linux-arm-v7.sbom.json\n`;
    expect([...parseChecksums(text)]).toEqual([
      ['buildx-v0.19.3.linux-amd64', a],
      ['buildx-v0.19.3.linux-arm64', 'b'.repeat(64)],
      ['buildx-v0.19.3.linux-arm-v7.sbom.json', c]
    ]);
  });

  it.each([
    ['empty text', ''],
    ['a short hash', `${'a'.repeat(63)}  buildx-v0.19.3.linux-amd64`],
    ['a non-hex hash', `${'g'.repeat(64)}  buildx-v0.19.3.linux-amd64`],
    ['a hash without a file', a],
    ['a comment', '# checksums']
  ])('ignores %s', (_label, text) => {
    expect(parseChecksums(text).size).toBe(0);
  });

  it('keeps valid lines around junk and tolerates surrounding whitespace', () => {
    const sums = parseChecksums(`garbage\n\n   ${c}  *buildx-v0.13.1.linux-amd64   \nmore garbage`);
    expect(sums.get('buildx-v0.13.1.linux-amd64')).toBe(c);
    expect(sums.size).toBe(1);
  });
});
