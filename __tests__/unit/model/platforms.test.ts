import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/model/errors.js';
import {
  architectureTable,
  buildxAssetSuffix,
  builderSupports,
  elfTarget,
  goArchitectureOfQemu,
  foreignQemuArchitectures,
  formatPlatform,
  nativePlatform,
  normalisePlatform,
  normalisePlatformText,
  parsePlatform,
  parsePlatformList,
  runsNatively,
  samePlatform,
  type Platform
} from '../../../src/model/platforms.js';
import { inputErrorOf } from '../../helpers/errors.js';

const linux = (architecture: string, variant?: string): Platform =>
  variant ? { os: 'linux', architecture, variant } : { os: 'linux', architecture };

describe('parsePlatform', () => {
  it.each<[string, Platform]>([
    ['arm64', linux('arm64')],
    ['arm/v7', linux('arm', 'v7')],
    ['armv7', linux('arm', 'v7')],
    ['armv7l', linux('arm', 'v7')],
    ['amd64', linux('amd64')],
    ['x86_64', linux('amd64')],
    ['x64', linux('amd64')],
    ['aarch64', linux('arm64')],
    ['armhf', linux('arm', 'v7')],
    ['armel', linux('arm', 'v6')],
    ['armv5', linux('arm', 'v5')],
    ['arm64/v8', linux('arm64')],
    ['aarch64/v8', linux('arm64')],
    ['armhf/v7', linux('arm', 'v7')],
    ['386', linux('386')],
    ['i686', linux('386')],
    ['riscv64', linux('riscv64')],
    ['ppc64el', linux('ppc64le')],
    ['loongarch64', linux('loong64')],
    ['s390x', linux('s390x')],
    // arm alone is arm/v7, as buildx reports it.
    ['linux/arm', linux('arm', 'v7')],
    ['linux/arm/v6', linux('arm', 'v6')],
    ['linux/amd64/v1', linux('amd64')],
    ['linux/amd64/v3', linux('amd64', 'v3')],
    ['linux/x86-64', linux('amd64')],
    ['  Linux/ARM64  ', linux('arm64')],
    ['windows/amd64', { os: 'windows', architecture: 'amd64' }],
    ['windows/arm64', { os: 'windows', architecture: 'arm64' }]
  ])('%j is %j', (raw, expected) => {
    expect(parsePlatform(raw)).toStrictEqual(expected);
  });

  it.each([
    ['linux/bogus', 'unknown platform'],
    ['', 'unknown platform'],
    ['   ', 'unknown platform'],
    ['linux', 'unknown platform'],
    ['linux/', 'unknown platform'],
    ['darwin/arm64', 'unknown platform'],
    ['arm64/v7', 'arm64 takes variants v8'],
    ['linux/arm/v8', 'arm takes variants v5, v6, v7'],
    ['386/v1', '386 takes no variant'],
    ['armhf/v6', 'armhf already means arm/v7'],
    ['linux/amd64/v2/extra', 'unknown platform'],
    ['linux/arm64/v8/', 'unknown platform']
  ])('%j is refused (%s)', (raw, detail) => {
    const error = inputErrorOf(() => parsePlatform(raw));
    expect(error.input).toBe('platforms');
    expect(error.value).toBe(raw);
    expect(error.message).toContain(`(${detail})`);
    expect(error.message).toContain('Accepted: os/arch[/variant] with os linux or windows');
  });

  // The alias and architecture tables are plain objects: Object.prototype names must not reach them.
  it.each(['constructor', '__proto__', 'linux/constructor/v7'])('%j is refused with an InputError', (raw) => {
    expect(inputErrorOf(() => parsePlatform(raw)).value).toBe(raw);
  });

  it('names the input it was given', () => {
    expect(inputErrorOf(() => parsePlatform('sparc', 'runner-platform')).input).toBe('runner-platform');
  });
});

describe('formatPlatform', () => {
  it.each<[Platform, string]>([
    [linux('arm64'), 'linux/arm64'],
    [linux('arm', 'v7'), 'linux/arm/v7'],
    [{ os: 'windows', architecture: 'amd64' }, 'windows/amd64']
  ])('%j is %s', (platform, expected) => {
    expect(formatPlatform(platform)).toBe(expected);
  });
});

describe('parsePlatformList', () => {
  it.each<[string, string[]]>([
    ['linux/amd64,linux/arm64', ['linux/amd64', 'linux/arm64']],
    ['amd64\narm64', ['linux/amd64', 'linux/arm64']],
    [' amd64 , arm64 ,\n riscv64 ', ['linux/amd64', 'linux/arm64', 'linux/riscv64']],
    ['arm64,,amd64,', ['linux/arm64', 'linux/amd64']],
    ['# the release set\narm64\r\narmv7', ['linux/arm64', 'linux/arm/v7']],
    // Distinct after normalising, so not duplicates.
    ['arm/v6,arm/v7', ['linux/arm/v6', 'linux/arm/v7']],
    ['amd64,amd64/v2', ['linux/amd64', 'linux/amd64/v2']],
    ['linux/amd64,windows/amd64', ['linux/amd64', 'windows/amd64']]
  ])('%j is %j', (raw, expected) => {
    expect(parsePlatformList(raw).map(formatPlatform)).toEqual(expected);
  });

  it.each([
    ['arm64,linux/arm64/v8', "'arm64' and 'linux/arm64/v8' are both linux/arm64"],
    ['amd64\nx86_64', "'amd64' and 'x86_64' are both linux/amd64"],
    ['armhf,arm', "'armhf' and 'arm' are both linux/arm/v7"],
    ['linux/amd64,linux/amd64/v1', "'linux/amd64' and 'linux/amd64/v1' are both linux/amd64"],
    ['arm64,amd64,ARM64', "'arm64' and 'ARM64' are both linux/arm64"]
  ])('refuses %j, which names one platform twice', (raw, detail) => {
    const error = inputErrorOf(() => parsePlatformList(raw));
    expect(error.value).toBe(raw);
    expect(error.message).toContain(detail);
    expect(error.message).toContain('Accepted: each platform once');
  });

  it.each(['', ',,,', '\n \n', '# nothing yet'])('refuses the empty list %j', (raw) => {
    const error = inputErrorOf(() => parsePlatformList(raw));
    expect(error.input).toBe('platforms');
    expect(error.message).toContain('(no platform given)');
  });

  it('reports the first bad entry of a list', () => {
    const error = inputErrorOf(() => parsePlatformList('amd64,linux/sparc,linux/bogus', 'sources-platforms'));
    expect(error.input).toBe('sources-platforms');
    expect(error.value).toBe('linux/sparc');
  });
});

describe('nativePlatform', () => {
  it.each<[string, string]>([
    ['x64', 'linux/amd64'],
    ['arm64', 'linux/arm64'],
    ['arm', 'linux/arm/v7'],
    ['ia32', 'linux/386'],
    ['riscv64', 'linux/riscv64'],
    ['ppc64', 'linux/ppc64le'],
    ['s390x', 'linux/s390x'],
    ['loong64', 'linux/loong64']
  ])('Node arch %s is %s', (nodeArch, expected) => {
    expect(formatPlatform(nativePlatform(nodeArch))).toBe(expected);
  });

  it('refuses a Node arch it does not know', () => {
    expect(() => nativePlatform('sparc')).toThrow(InputError);
  });
});

describe('runsNatively', () => {
  const amd64 = linux('amd64');
  const arm64 = linux('arm64');
  it.each<[string, Platform, Platform, boolean]>([
    ['amd64 on amd64', amd64, amd64, true],
    ['amd64/v3 on amd64', linux('amd64', 'v3'), amd64, true],
    ['386 on amd64', linux('386'), amd64, true],
    ['arm64 on amd64', arm64, amd64, false],
    ['arm64 on arm64', arm64, arm64, true],
    // Not every arm64 CPU runs 32-bit code, so arm/v7 counts as foreign there.
    ['arm/v7 on arm64', linux('arm', 'v7'), arm64, false],
    ['386 on arm64', linux('386'), arm64, false],
    ['amd64 on arm64', amd64, arm64, false],
    ['windows/amd64 on linux/amd64', { os: 'windows', architecture: 'amd64' }, amd64, false]
  ])('%s → %s', (_name, platform, native, expected) => {
    expect(runsNatively(platform, native)).toBe(expected);
  });
});

describe('foreignQemuArchitectures', () => {
  const wanted = parsePlatformList('amd64,386,arm64,arm/v7,arm/v6,riscv64,ppc64le,s390x,windows/arm64');
  it.each<[string, string[]]>([
    // arm/v6 and arm/v7 share qemu-arm; windows platforms never need binfmt.
    ['amd64', ['aarch64', 'arm', 'riscv64', 'ppc64le', 's390x']],
    ['arm64', ['x86_64', 'i386', 'arm', 'riscv64', 'ppc64le', 's390x']]
  ])('on a %s runner', (native, expected) => {
    expect(foreignQemuArchitectures(wanted, parsePlatform(native))).toEqual(expected);
  });

  it.each<[string, string]>([
    ['amd64,386', 'amd64'],
    ['arm64', 'arm64'],
    ['windows/arm64', 'amd64']
  ])('%j needs no emulator on %s', (platforms, native) => {
    expect(foreignQemuArchitectures(parsePlatformList(platforms), parsePlatform(native))).toEqual([]);
  });
});

describe('builderSupports', () => {
  // What a docker-container builder on an amd64 runner with qemu-user-static reports.
  const reported = [
    'linux/amd64',
    'linux/amd64/v2',
    'linux/amd64/v3',
    'linux/386',
    'linux/arm64',
    'linux/arm/v7',
    'linux/arm/v6',
    'linux/bogus',
    ''
  ];
  it.each<[string, boolean]>([
    ['arm64', true],
    ['linux/arm64/v8', true],
    ['armv7', true],
    ['arm', true],
    ['arm/v6', true],
    ['amd64/v3', true],
    ['386', true],
    ['arm/v5', false],
    ['amd64/v4', false],
    ['riscv64', false],
    ['windows/amd64', false]
  ])('%s → %s', (wanted, expected) => {
    expect(builderSupports(reported, parsePlatform(wanted))).toBe(expected);
  });

  it.each<[string[], string, boolean]>([
    [['linux/arm64/v8'], 'arm64', true],
    [['linux/arm'], 'arm/v7', true],
    [['linux/arm'], 'arm/v6', false],
    [[], 'amd64', false]
  ])('%j covers %s: %s', (platforms, wanted, expected) => {
    expect(builderSupports(platforms, parsePlatform(wanted))).toBe(expected);
  });
});

describe('samePlatform', () => {
  it.each<[string, string, boolean]>([
    ['arm64', 'linux/arm64/v8', true],
    ['armhf', 'linux/arm/v7', true],
    ['arm/v6', 'arm/v7', false],
    ['windows/amd64', 'amd64', false]
  ])('%s and %s: %s', (a, b, expected) => {
    expect(samePlatform(parsePlatform(a), parsePlatform(b))).toBe(expected);
  });
});

describe('the architecture table', () => {
  // platform → ELF machine/bits/endianness, QEMU, uname -m, Debian, buildx asset suffix, Node's process.arch
  it.each<
    [string, string, number, boolean, string, string, string | undefined, string | undefined, string | undefined]
  >([
    ['linux/amd64', 'x86-64', 64, true, 'x86_64', 'x86_64', 'amd64', 'amd64', 'x64'],
    ['linux/amd64/v3', 'x86-64', 64, true, 'x86_64', 'x86_64', undefined, undefined, undefined],
    ['linux/386', 'i386', 32, true, 'i386', 'i686', 'i386', undefined, 'ia32'],
    ['linux/arm64', 'aarch64', 64, true, 'aarch64', 'aarch64', 'arm64', 'arm64', 'arm64'],
    ['linux/arm/v5', 'arm', 32, true, 'arm', 'armv5tel', undefined, undefined, undefined],
    ['linux/arm/v6', 'arm', 32, true, 'arm', 'armv6l', 'armel', 'arm-v6', undefined],
    ['linux/arm/v7', 'arm', 32, true, 'arm', 'armv7l', 'armhf', 'arm-v7', 'arm'],
    ['linux/riscv64', 'riscv64', 64, true, 'riscv64', 'riscv64', 'riscv64', 'riscv64', 'riscv64'],
    ['linux/ppc64le', 'ppc64le', 64, true, 'ppc64le', 'ppc64le', 'ppc64el', 'ppc64le', 'ppc64'],
    ['linux/s390x', 's390x', 64, false, 's390x', 's390x', 's390x', 's390x', 's390x'],
    ['linux/mips64le', 'mips', 64, true, 'mips64el', 'mips64', 'mips64el', undefined, undefined],
    ['linux/mips64', 'mips', 64, false, 'mips64', 'mips64', undefined, undefined, undefined],
    ['linux/loong64', 'loongarch64', 64, true, 'loongarch64', 'loongarch64', 'loong64', undefined, 'loong64']
  ])('%s', (text, machine, bits, littleEndian, qemu, uname, debian, buildx, node) => {
    const platform = parsePlatform(text);
    const row = architectureTable.find(
      (entry) => entry.arch === platform.architecture && entry.variant === platform.variant
    );
    expect(row).toBeDefined();
    expect(elfTarget(platform)).toMatchObject({ machine, bits, littleEndian });
    expect(row).toMatchObject({ qemu, uname });
    expect(row?.debian).toBe(debian);
    expect(row?.buildxAsset).toBe(buildx);
    expect(row?.node).toBe(node);
    if (node) expect(formatPlatform(nativePlatform(node))).toBe(text);
    if (node) expect(buildxAssetSuffix(node)).toBe(buildx);
    expect(goArchitectureOfQemu(qemu)).toBe(platform.architecture);
    // Every other name it has reads back as this platform, unless it is some Go architecture's own name.
    for (const name of [uname, debian, qemu].filter((entry): entry is string => entry !== undefined)) {
      const parsed = formatPlatform(parsePlatform(name));
      if (!architectureTable.some((entry) => entry.arch === name) && parsed !== text) {
        expect([name, parsed]).toEqual([name, formatPlatform({ os: 'linux', architecture: platform.architecture })]);
      }
    }
  });

  it('names each architecture and variant once, with one bare row per architecture', () => {
    const keys = architectureTable.map((row) => `${row.arch}/${row.variant ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const arch of new Set(architectureTable.map((row) => row.arch))) {
      const rows = architectureTable.filter((row) => row.arch === arch);
      const bare = rows.filter((row) => row.variant === undefined || row.isDefault);
      expect([arch, bare.length]).toEqual([arch, 1]);
    }
    const nodes = architectureTable.flatMap((row) => (row.node ? [row.node] : []));
    expect(new Set(nodes).size).toBe(nodes.length);
  });

  it.each<[string, string]>([
    ['mips64el', 'linux/mips64le'],
    ['armv5tel', 'linux/arm/v5'],
    ['x86', 'linux/386']
  ])('derives the alias %s → %s', (alias, expected) => {
    expect(formatPlatform(parsePlatform(alias))).toBe(expected);
  });

  it.each(['ppc64', 'mips', 'windows/x86_64/v9'])('still refuses %s', (raw) => {
    expect(() => parsePlatform(raw)).toThrow(InputError);
  });

  it('elfTarget is undefined off Linux and for an unknown architecture', () => {
    expect(elfTarget({ os: 'windows', architecture: 'amd64' })).toBeUndefined();
    expect(elfTarget({ os: 'linux', architecture: 'sparc64' })).toBeUndefined();
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

describe('normalisePlatform', () => {
  it.each<[string, Platform, Platform]>([
    ['a bare arm is arm/v7', { os: 'linux', architecture: 'arm' }, { os: 'linux', architecture: 'arm', variant: 'v7' }],
    [
      'arm64/v8 is arm64',
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'linux', architecture: 'arm64' }
    ],
    [
      'amd64/v1 is amd64',
      { os: 'linux', architecture: 'amd64', variant: 'v1' },
      { os: 'linux', architecture: 'amd64' }
    ],
    [
      'a known one stays',
      { os: 'linux', architecture: 'arm', variant: 'v6' },
      { os: 'linux', architecture: 'arm', variant: 'v6' }
    ],
    ['windows too', { os: 'windows', architecture: 'arm64', variant: 'v8' }, { os: 'windows', architecture: 'arm64' }],
    [
      'an unknown variant stays',
      { os: 'linux', architecture: 'amd64', variant: 'v9' },
      { os: 'linux', architecture: 'amd64', variant: 'v9' }
    ],
    ['an unknown OS stays', { os: 'freebsd', architecture: 'arm' }, { os: 'freebsd', architecture: 'arm' }],
    [
      'an unknown architecture stays',
      { os: 'linux', architecture: 'sparc64' },
      { os: 'linux', architecture: 'sparc64' }
    ]
  ])('%s', (_why, platform, expected) => {
    expect(normalisePlatform(platform)).toStrictEqual(expected);
  });

  it('agrees with parsing the platform as text, for every row of the table', () => {
    for (const row of architectureTable) {
      const platform: Platform = row.variant
        ? { os: 'linux', architecture: row.arch, variant: row.variant }
        : { os: 'linux', architecture: row.arch };
      expect(normalisePlatform(platform)).toStrictEqual(parsePlatform(formatPlatform(platform)));
    }
  });
});
