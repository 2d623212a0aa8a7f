import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { auditLayers } from '../../../../src/checks/audit/elf-audit.js';
import { describeMismatch } from '../../../../src/checks/audit/describe.js';
import { expectedMachine, readElfHeader } from '../../../../src/checks/audit/elf.js';
import { composeAudit } from '../../../../src/checks/audit/filesystem.js';
import { matchesGlob, suggestedIgnoreGlobs } from '../../../../src/checks/audit/ignore.js';
import { scanLayer, type AuditLimits, type LayerScan } from '../../../../src/checks/audit/layer-scan.js';
import { isLayerScan } from '../../../../src/checks/audit/scan-cache.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import type { ElfInfo, AuditResult } from '../../../../src/model/checks.js';

// --- a tiny ustar writer -------------------------------------------------------------------

interface Entry {
  name: string;
  type?: string;
  content?: Buffer | string;
  linkname?: string;
  prefix?: string;
  /** Write the size field in GNU base-256 instead of octal. */
  base256?: boolean;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: Entry, size: number): Buffer {
  const block = Buffer.alloc(512);
  block.write(entry.name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  if (entry.base256) {
    block[124] = 0x80;
    block.writeUIntBE(size, 130, 6);
  } else {
    block.write(octal(size, 12), 124, 'latin1');
  }
  block.write(octal(0, 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(entry.type ?? '0', 156, 'latin1');
  block.write(entry.linkname ?? '', 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  block.write(entry.prefix ?? '', 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function tar(entries: Entry[], trailer = 1024): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    parts.push(header(entry, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(trailer));
  return Buffer.concat(parts);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return `${length}${body}`;
}

// --- fake ELF headers -----------------------------------------------------------------------

const EXEC = 2;
const DYN = 3;
const REL = 1;
const EM = { x86_64: 62, aarch64: 183, arm: 40, i386: 3, riscv: 243, s390: 22, ppc64: 21, loongarch: 258, mips: 8 };

function elf(machine: number, options: { bits?: 32 | 64; le?: boolean; type?: number; padTo?: number } = {}): Buffer {
  const { bits = 64, le = true, type = EXEC, padTo = 64 } = options;
  const buffer = Buffer.alloc(Math.max(64, padTo));
  buffer.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, le ? 1 : 2, 1], 0);
  if (le) {
    buffer.writeUInt16LE(type, 16);
    buffer.writeUInt16LE(machine, 18);
  } else {
    buffer.writeUInt16BE(type, 16);
    buffer.writeUInt16BE(machine, 18);
  }
  return buffer;
}

function stream(buffer: Buffer, chunkSize = 4096): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

const noLimits: AuditLimits = { maxFiles: 100000, maxBytes: 1 << 30 };
const arm64 = parsePlatform('linux/arm64');
const amd64 = parsePlatform('linux/amd64');

function audit(
  platform: string,
  layers: Buffer[],
  ignore: string[] = [],
  limits: AuditLimits = noLimits
): Promise<AuditResult> {
  return auditLayers(
    parsePlatform(platform),
    layers.map((layer) => stream(layer)),
    ignore,
    limits
  );
}

const paths = (result: AuditResult): string[] => result.mismatches.map((finding) => finding.path);

const alpineArm64 = tar([
  { name: 'bin/', type: '5' },
  { name: 'bin/busybox', content: elf(EM.aarch64, { type: DYN, padTo: 900 }) },
  { name: 'bin/sh', type: '2', linkname: '/bin/busybox' },
  { name: 'lib/ld-musl-aarch64.so.1', content: elf(EM.aarch64, { type: DYN }) },
  { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' }
]);

// --------------------------------------------------------------------------------------------

describe('readElfHeader', () => {
  test.each<[string, Buffer, ElfInfo | undefined]>([
    ['x86-64 executable', elf(EM.x86_64), { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' }],
    [
      'aarch64 PIE',
      elf(EM.aarch64, { type: DYN }),
      { machine: 'aarch64', bits: 64, littleEndian: true, type: 'shared' }
    ],
    ['arm 32-bit', elf(EM.arm, { bits: 32 }), { machine: 'arm', bits: 32, littleEndian: true, type: 'executable' }],
    [
      'i386 shared',
      elf(EM.i386, { bits: 32, type: DYN }),
      { machine: 'i386', bits: 32, littleEndian: true, type: 'shared' }
    ],
    ['riscv64', elf(EM.riscv), { machine: 'riscv64', bits: 64, littleEndian: true, type: 'executable' }],
    [
      's390x big-endian',
      elf(EM.s390, { le: false }),
      { machine: 's390x', bits: 64, littleEndian: false, type: 'executable' }
    ],
    ['ppc64 little-endian', elf(EM.ppc64), { machine: 'ppc64le', bits: 64, littleEndian: true, type: 'executable' }],
    [
      'ppc64 big-endian',
      elf(EM.ppc64, { le: false }),
      { machine: 'ppc64', bits: 64, littleEndian: false, type: 'executable' }
    ],
    [
      'loongarch64',
      elf(EM.loongarch, { type: DYN }),
      { machine: 'loongarch64', bits: 64, littleEndian: true, type: 'shared' }
    ],
    [
      'mips big-endian',
      elf(EM.mips, { le: false }),
      { machine: 'mips', bits: 64, littleEndian: false, type: 'executable' }
    ],
    [
      'relocatable object',
      elf(EM.x86_64, { type: REL }),
      { machine: 'x86-64', bits: 64, littleEndian: true, type: 'relocatable' }
    ],
    ['core dump', elf(EM.x86_64, { type: 4 }), { machine: 'x86-64', bits: 64, littleEndian: true, type: 'core' }],
    [
      'unknown machine and type',
      elf(9999, { type: 0xfe00 }),
      { machine: 'other', bits: 64, littleEndian: true, type: 'other' }
    ],
    [
      'exactly 20 bytes',
      elf(EM.aarch64).subarray(0, 20),
      { machine: 'aarch64', bits: 64, littleEndian: true, type: 'executable' }
    ],
    ['19 bytes', elf(EM.aarch64).subarray(0, 19), undefined],
    ['shell script', Buffer.from('#!/bin/sh\necho hello from a script\n'), undefined],
    ['bad class byte', Buffer.from(elf(EM.x86_64).fill(3, 4, 5)), undefined],
    ['bad data byte', Buffer.from(elf(EM.x86_64).fill(0, 5, 6)), undefined],
    ['empty', Buffer.alloc(0), undefined]
  ])('%s', (_name, buffer, expected) => {
    expect(readElfHeader(buffer)).toEqual(expected);
  });
});

describe('expectedMachine', () => {
  test.each<[string, ReturnType<typeof expectedMachine>]>([
    ['linux/amd64', { machine: 'x86-64', bits: 64, littleEndian: true }],
    ['linux/amd64/v3', { machine: 'x86-64', bits: 64, littleEndian: true }],
    ['linux/386', { machine: 'i386', bits: 32, littleEndian: true }],
    ['linux/arm64', { machine: 'aarch64', bits: 64, littleEndian: true }],
    ['linux/arm/v7', { machine: 'arm', bits: 32, littleEndian: true }],
    ['linux/arm/v6', { machine: 'arm', bits: 32, littleEndian: true }],
    ['linux/riscv64', { machine: 'riscv64', bits: 64, littleEndian: true }],
    ['linux/s390x', { machine: 's390x', bits: 64, littleEndian: false }],
    ['linux/ppc64le', { machine: 'ppc64le', bits: 64, littleEndian: true }],
    ['linux/loong64', { machine: 'loongarch64', bits: 64, littleEndian: true }],
    ['linux/mips64le', { machine: 'mips', bits: 64, littleEndian: true }],
    ['windows/amd64', undefined]
  ])('%s', (platform, expected) => {
    expect(expectedMachine(parsePlatform(platform))).toEqual(expected);
  });

  test('an architecture it has never heard of', () => {
    expect(expectedMachine({ os: 'linux', architecture: 'sparc64' })).toBeUndefined();
  });
});

describe('matchesGlob', () => {
  test.each<[string, string, boolean]>([
    ['/bin/busybox', '/bin/busybox', true],
    ['/bin/busybox', 'bin/busybox', true],
    ['/bin/busybox', '/bin/*', true],
    ['/bin/sub/busybox', '/bin/*', true], // /bin/sub matches, and a directory covers its contents
    ['/usr/bin/busybox', '/bin/*', false],
    ['/usr/lib/firmware/qcom/a.mbn', '/usr/lib/firmware/**', true],
    // picomatch: a trailing /** also matches the directory itself.
    ['/usr/lib/firmware', '/usr/lib/firmware/**', true],
    ['/usr/lib/firmwarex', '/usr/lib/firmware/**', false],
    ['/opt/app/lib/x.so', 'opt/**/*.so', true],
    ['/opt/x.so', '/opt/**/*.so', true],
    ['/opt/x.so.1', '/opt/**/*.so', false],
    ['/app/node_modules/a/prebuilds/linux-x64/a.node', '**/prebuilds/**', true],
    ['/bin/ls', '/bin/l?', true],
    ['/bin/lss', '/bin/l?', false],
    ['/bin/ls', '/bin/l?s', false],
    ['/opt/tools/bin/x', '/opt/tools', true],
    ['/opt/toolsx', '/opt/tools', false],
    ['/opt/tools/x', '/opt/tools/', true],
    ['/a.b/c', '/a.b/c', true],
    ['/axb/c', '/a.b/c', false],
    ['/lib/x(1).so', '/lib/x(1).so', true]
  ])('%s against %s → %s', (path, glob, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected);
  });
});

describe('auditLayers', () => {
  test('a correct arm64 image passes', async () => {
    const result = await audit('linux/arm64', [alpineArm64]);
    expect(result).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 5,
      scannedFiles: 3,
      // Every decompressed byte: headers, padding and the end-of-archive blocks too.
      scannedBytes: alpineArm64.length,
      elfFiles: 2,
      mismatches: []
    });
  });

  test('an arm64 image with an x86-64 /bin/busybox fails naming it', async () => {
    const base = tar([
      { name: './bin/', type: '5' },
      { name: './bin/busybox', content: elf(EM.x86_64, { type: DYN }) },
      { name: './lib/ld-musl-aarch64.so.1', content: elf(EM.aarch64, { type: DYN }) }
    ]);
    const result = await audit('linux/arm64', [base]);
    expect(result.mismatches).toEqual([
      { path: '/bin/busybox', info: { machine: 'x86-64', bits: 64, littleEndian: true, type: 'shared' } }
    ]);
    expect(result.elfFiles).toBe(2);
    expect(describeMismatch(result)).toMatch(
      /^linux\/arm64 image contains x86-64 executables: \/bin\/busybox\. Likely causes: .*TARGETARCH.*--platform=linux\/amd64/
    );
  });

  test('a bad file in an upper layer over a good base is found', async () => {
    const app = tar([
      { name: 'app/server', content: elf(EM.x86_64) },
      { name: 'app/run.sh', content: '#!/bin/sh\nexec /app/server\n' }
    ]);
    const result = await audit('linux/arm64', [alpineArm64, app]);
    expect(paths(result)).toEqual(['/app/server']);
    expect(result.scannedFiles).toBe(5);
  });

  test('a gzip layer and odd chunk boundaries read the same', async () => {
    const app = tar([{ name: 'app/server', content: elf(EM.x86_64, { padTo: 5000 }) }]);
    const layers = [stream(gzipSync(alpineArm64), 100), stream(app, 7)];
    const result = await auditLayers(arm64, layers, [], noLimits);
    expect(paths(result)).toEqual(['/app/server']);
    expect(result.scannedFiles).toBe(4);
    expect(result.scannedBytes).toBe(alpineArm64.length + app.length);
  });

  test('layers may come from an async iterable', async () => {
    async function* layers(): AsyncGenerator<Readable> {
      await Promise.resolve();
      yield stream(alpineArm64);
      yield stream(gzipSync(tar([{ name: 'usr/local/bin/tool', content: elf(EM.x86_64) }])));
    }
    const result = await auditLayers(arm64, layers(), [], noLimits);
    expect(paths(result)).toEqual(['/usr/local/bin/tool']);
  });

  test('a whiteout in a later layer removes a bad file', async () => {
    const bad = tar([
      { name: 'app/server', content: elf(EM.x86_64) },
      { name: 'opt/sdk/bin/x86tool', content: elf(EM.x86_64) },
      { name: 'opt/sdk/lib/libx.so', content: elf(EM.x86_64, { type: DYN }) }
    ]);
    const cleanup = tar([
      { name: 'app/.wh.server', content: '' },
      { name: 'opt/.wh.sdk', content: '' }
    ]);
    const result = await audit('linux/arm64', [alpineArm64, bad, cleanup]);
    expect(result.mismatches).toEqual([]);
    expect(result.elfFiles).toBe(2);
  });

  test('a whiteout does not hide a file of its own layer, nor a later layer re-adding it', async () => {
    const same = tar([
      { name: 'app/.wh.server', content: '' },
      { name: 'app/server', content: elf(EM.x86_64) }
    ]);
    expect(paths(await audit('linux/arm64', [same]))).toEqual(['/app/server']);
    const removed = tar([{ name: 'app/.wh.server', content: '' }]);
    const readded = tar([{ name: 'app/server', content: elf(EM.i386, { bits: 32 }) }]);
    const result = await audit('linux/arm64', [
      tar([{ name: 'app/server', content: elf(EM.x86_64) }]),
      removed,
      readded
    ]);
    expect(result.mismatches).toEqual([
      { path: '/app/server', info: { machine: 'i386', bits: 32, littleEndian: true, type: 'executable' } }
    ]);
  });

  test('an opaque directory hides everything below it from lower layers', async () => {
    const lower = tar([
      { name: 'opt/tool/bin/tool', content: elf(EM.x86_64) },
      { name: 'opt/tool/lib/libtool.so', content: elf(EM.x86_64, { type: DYN }) },
      { name: 'opt/other/bin/x', content: elf(EM.x86_64) }
    ]);
    const upper = tar([
      { name: 'opt/tool/', type: '5' },
      { name: 'opt/tool/.wh..wh..opq', content: '' },
      { name: 'opt/tool/bin/tool', content: elf(EM.aarch64) }
    ]);
    const result = await audit('linux/arm64', [lower, upper]);
    expect(paths(result)).toEqual(['/opt/other/bin/x']);
    expect(result.elfFiles).toBe(2);
  });

  test('an upper file or symlink replaces a lower file or directory', async () => {
    const lower = tar([
      { name: 'usr/bin/app', content: elf(EM.x86_64) },
      { name: 'opt/vendor/bin/helper', content: elf(EM.x86_64) }
    ]);
    const upper = tar([
      { name: 'usr/bin/app', content: '#!/bin/sh\necho replaced\n' },
      { name: 'opt/vendor', type: '2', linkname: '/srv/vendor' }
    ]);
    const result = await audit('linux/arm64', [lower, upper]);
    expect(result.mismatches).toEqual([]);
    expect(result.elfFiles).toBe(0);
  });

  test('ignore globs keep matching files out of the mismatches', async () => {
    const layer = tar([
      { name: 'usr/lib/firmware/qcom/venus.mbn', content: elf(EM.arm, { bits: 32 }) },
      { name: 'opt/plugins/libx86.so', content: elf(EM.x86_64, { type: DYN }) },
      { name: 'opt/plugins/sub/liby.so', content: elf(EM.x86_64, { type: DYN }) },
      { name: 'app/server', content: elf(EM.x86_64) }
    ]);
    const result = await audit('linux/arm64', [layer], ['/usr/lib/firmware/**', 'opt/plugins/*.so', '']);
    expect(paths(result)).toEqual(['/opt/plugins/sub/liby.so', '/app/server']);
    expect(result.elfFiles).toBe(4);
  });

  test('the suggested ignore globs cover firmware and Go test data', async () => {
    const layer = tar([
      { name: 'lib/firmware/ath/fw.elf', content: elf(EM.arm, { bits: 32 }) },
      { name: 'usr/local/go/src/debug/elf/testdata/gcc-amd64-linux-exec', content: elf(EM.x86_64) },
      { name: 'usr/aarch64-linux-gnu/lib/libc.so.6', content: elf(EM.aarch64, { type: DYN }) }
    ]);
    const result = await audit('linux/amd64', [layer], [...suggestedIgnoreGlobs]);
    expect(result.mismatches).toEqual([]);
    expect(result.elfFiles).toBe(3);
  });

  test('shell scripts, short files, objects and non-ELF files are not mismatches', async () => {
    const layer = tar([
      { name: 'usr/bin/entrypoint.sh', content: '#!/bin/sh\nexec "$@"\n' },
      { name: 'usr/share/magic', content: '\x7fELF' },
      { name: 'usr/lib/crt1.o', content: elf(EM.x86_64, { type: REL }) },
      { name: 'var/crash/core', content: elf(EM.x86_64, { type: 4 }) },
      { name: 'etc/empty', content: '' },
      { name: 'usr/share/data.bin', content: Buffer.alloc(3000, 0xab) }
    ]);
    const result = await audit('linux/arm64', [layer]);
    expect(result.mismatches).toEqual([]);
    expect(result.scannedFiles).toBe(6);
    expect(result.elfFiles).toBe(2);
  });

  test('32-bit arm and aarch64 are told apart both ways', async () => {
    const arm32 = tar([{ name: 'usr/bin/tool', content: elf(EM.arm, { bits: 32 }) }]);
    const aarch64 = tar([{ name: 'usr/bin/tool', content: elf(EM.aarch64) }]);
    const onArm64 = await audit('linux/arm64', [arm32]);
    expect(onArm64.mismatches).toEqual([
      { path: '/usr/bin/tool', info: { machine: 'arm', bits: 32, littleEndian: true, type: 'executable' } }
    ]);
    expect(describeMismatch(onArm64)).toContain('linux/arm64 image contains arm (32-bit) executables: /usr/bin/tool');
    expect(paths(await audit('linux/arm/v7', [aarch64]))).toEqual(['/usr/bin/tool']);
    expect(paths(await audit('linux/arm/v7', [arm32]))).toEqual([]);
    expect(paths(await audit('linux/arm/v6', [arm32]))).toEqual([]);
  });

  test('same machine, other word size (x32) is reported', async () => {
    const layer = tar([{ name: 'opt/x32/app', content: elf(EM.x86_64, { bits: 32 }) }]);
    const result = await audit('linux/amd64', [layer]);
    expect(paths(result)).toEqual(['/opt/x32/app']);
    expect(describeMismatch(result)).toContain('linux/amd64 image contains x86-64 (32-bit) executables: /opt/x32/app');
  });

  test('i386 binaries in an amd64 image are reported', async () => {
    const layer = tar([{ name: 'usr/lib32/libc.so.6', content: elf(EM.i386, { bits: 32, type: DYN }) }]);
    expect(paths(await audit('linux/amd64', [layer]))).toEqual(['/usr/lib32/libc.so.6']);
  });

  test('byte order matters on big-endian and bi-endian architectures', async () => {
    const s390x = tar([{ name: 'bin/sh', content: elf(EM.s390, { le: false }) }]);
    expect(paths(await audit('linux/s390x', [s390x]))).toEqual([]);
    const ppcBigEndian = tar([{ name: 'bin/sh', content: elf(EM.ppc64, { le: false }) }]);
    const ppcLittleEndian = tar([{ name: 'bin/sh', content: elf(EM.ppc64) }]);
    expect(paths(await audit('linux/ppc64le', [ppcBigEndian]))).toEqual(['/bin/sh']);
    expect(paths(await audit('linux/ppc64le', [ppcLittleEndian]))).toEqual([]);
    const mipsBigEndian = tar([{ name: 'bin/sh', content: elf(EM.mips, { le: false }) }]);
    const mismatch = await audit('linux/mips64le', [mipsBigEndian]);
    expect(paths(mismatch)).toEqual(['/bin/sh']);
    expect(describeMismatch(mismatch)).toContain('mips (big-endian) executables: /bin/sh');
  });

  test('riscv64 and loong64 images', async () => {
    const riscv = tar([{ name: 'bin/app', content: elf(EM.riscv, { type: DYN }) }]);
    const loong = tar([{ name: 'bin/app', content: elf(EM.loongarch, { type: DYN }) }]);
    expect(paths(await audit('linux/riscv64', [riscv]))).toEqual([]);
    expect(paths(await audit('linux/loong64', [loong]))).toEqual([]);
    expect(paths(await audit('linux/loong64', [riscv]))).toEqual(['/bin/app']);
  });

  test('hard links to one bad file are reported once, under a surviving name', async () => {
    const layer = tar([
      { name: 'bin/busybox', content: elf(EM.x86_64) },
      { name: 'bin/ls', type: '1', linkname: 'bin/busybox' },
      { name: 'bin/cat', type: '1', linkname: './bin/busybox' }
    ]);
    const both = await audit('linux/arm64', [layer]);
    expect(paths(both)).toEqual(['/bin/busybox']);
    expect(both.elfFiles).toBe(1);
    expect(both.scannedFiles).toBe(1);
    const removeOriginal = tar([{ name: 'bin/.wh.busybox', content: '' }]);
    expect(paths(await audit('linux/arm64', [layer, removeOriginal]))).toEqual(['/bin/ls']);
  });

  test('long names: GNU L entries, PAX path and the ustar prefix', async () => {
    const deep = `opt/${'very-long-directory-name/'.repeat(8)}server`;
    const paxPath = `srv/${'x'.repeat(120)}/pax-server`;
    const layer = tar([
      { name: '././@LongLink', type: 'L', content: `${deep}\0` },
      { name: deep.slice(0, 99), content: elf(EM.x86_64) },
      {
        name: 'PaxHeaders/pax-server',
        type: 'x',
        content: paxRecord('path', paxPath) + paxRecord('mtime', '1700000000.5')
      },
      { name: 'pax-server', content: elf(EM.x86_64) },
      { name: 'prefixed-server', prefix: 'usr/local/very/deep/prefix/bin', content: elf(EM.x86_64) },
      { name: 'global', type: 'g', content: paxRecord('comment', 'ignored') },
      { name: 'after-global', content: elf(EM.aarch64) }
    ]);
    const result = await audit('linux/arm64', [layer]);
    expect(paths(result)).toEqual([`/${deep}`, `/${paxPath}`, '/usr/local/very/deep/prefix/bin/prefixed-server']);
    expect(result.elfFiles).toBe(4);
  });

  test('a base-256 size field is read', async () => {
    const layer = tar([
      { name: 'big/app', content: elf(EM.x86_64, { padTo: 1500 }), base256: true },
      { name: 'after', content: elf(EM.x86_64) }
    ]);
    const result = await audit('linux/arm64', [layer]);
    expect(paths(result)).toEqual(['/big/app', '/after']);
    expect(result.scannedBytes).toBe(layer.length);
  });

  test('the file limit stops the scan and says so', async () => {
    const layer = tar([
      { name: 'a', content: elf(EM.aarch64) },
      { name: 'b', content: elf(EM.x86_64) },
      { name: 'c', content: elf(EM.x86_64) }
    ]);
    const source = stream(layer, 512);
    const second = stream(tar([{ name: 'd', content: elf(EM.x86_64) }]));
    const result = await auditLayers(arm64, [source, second], [], { maxFiles: 2, maxBytes: 1 << 30 });
    expect(result).toMatchObject({
      platform: 'linux/arm64',
      scannedEntries: 2,
      scannedFiles: 2,
      elfFiles: 2,
      mismatches: [{ path: '/b', info: { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' } }],
      truncated: 'entry limit 2 reached'
    });
    expect(source.destroyed).toBe(true);
    expect(second.readableEnded).toBe(false);
    expect(describeMismatch(result)).toContain('(scan stopped early: entry limit 2 reached)');
  });

  test('exactly maxFiles files is not a truncation', async () => {
    const layer = tar([
      { name: 'a', content: 'x' },
      { name: 'b', content: 'y' }
    ]);
    const result = await audit('linux/arm64', [layer], [], { maxFiles: 2, maxBytes: layer.length });
    expect(result.truncated).toBeUndefined();
    expect(result.scannedFiles).toBe(2);
  });

  test('the byte limit and the deadline stop the scan', async () => {
    const layer = tar([
      { name: 'a', content: elf(EM.x86_64, { padTo: 600 }) },
      { name: 'b', content: elf(EM.x86_64, { padTo: 600 }) }
    ]);
    // a's header and padded data end at byte 1536, b's at 3072.
    const bytes = await audit('linux/arm64', [layer], [], { maxFiles: 10, maxBytes: 2000 });
    expect(bytes.truncated).toBe('size limit of 2000 bytes reached');
    expect(paths(bytes)).toEqual(['/a']);
    expect(bytes.scannedBytes).toBe(2000);
    const justA = await audit('linux/arm64', [layer], [], { maxFiles: 10, maxBytes: 1535 });
    expect(justA).toMatchObject({ scannedEntries: 0, truncated: 'size limit of 1535 bytes reached' });
    const late = await audit('linux/arm64', [layer], [], {
      maxFiles: 10,
      maxBytes: 1 << 30,
      signal: AbortSignal.abort()
    });
    expect(late).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 0,
      scannedFiles: 0,
      scannedBytes: 0,
      elfFiles: 0,
      mismatches: [],
      truncated: 'time limit reached'
    });
  });

  test('a finished layer is read to its end, trailing padding included', async () => {
    const source = stream(tar([{ name: 'a', content: 'x' }], 10240), 1000);
    const result = await auditLayers(arm64, [source], [], noLimits);
    expect(result.scannedFiles).toBe(1);
    expect(source.readableEnded).toBe(true);
  });

  test('an archive without the end-of-archive blocks is accepted', async () => {
    const result = await audit('linux/arm64', [tar([{ name: 'x', content: elf(EM.x86_64) }], 0)]);
    expect(paths(result)).toEqual(['/x']);
  });

  test('input that is not a tar archive is refused with the layer number', async () => {
    const garbage = Buffer.alloc(1024, 0x41);
    await expect(audit('linux/arm64', [alpineArm64, garbage])).rejects.toThrow(
      'Layer 2: not a readable tar archive: Invalid tar header'
    );
  });

  test('an archive cut inside a file is refused', async () => {
    const whole = tar([{ name: 'a', content: elf(EM.x86_64, { padTo: 2000 }) }], 0);
    await expect(audit('linux/arm64', [whole.subarray(0, 1200)])).rejects.toThrow(
      'Layer 1: not a readable tar archive: Unexpected end of data'
    );
  });

  test('a layer stream error propagates', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      }
    });
    await expect(auditLayers(arm64, [failing], [], noLimits)).rejects.toThrow('Layer 1: connection reset');
  });

  test('an empty layer is fine', async () => {
    const result = await audit('linux/arm64', [Buffer.alloc(0), tar([])]);
    expect(result).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 0,
      scannedFiles: 0,
      scannedBytes: 1024,
      elfFiles: 0,
      mismatches: []
    });
  });

  test('a platform without an ELF architecture is refused', async () => {
    await expect(auditLayers(parsePlatform('windows/amd64'), [], [], noLimits)).rejects.toThrow(
      'No ELF architecture is known for windows/amd64'
    );
  });

  test('findings for an amd64 image', async () => {
    const layer = tar([{ name: 'usr/bin/qemu-helper', content: elf(EM.aarch64) }]);
    const result = await auditLayers(amd64, [stream(layer)], [], noLimits);
    expect(describeMismatch(result)).toContain('linux/amd64 image contains aarch64 executables: /usr/bin/qemu-helper.');
  });
});

describe('scanLayer and composeAudit', () => {
  const scanAll = (layers: Buffer[], limits: AuditLimits = noLimits): Promise<LayerScan[]> =>
    Promise.all(layers.map((layer) => scanLayer(stream(layer), limits)));
  const x86exec: ElfInfo = { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' };

  test('a scan lists every entry in archive order, with its kind', async () => {
    const layer = tar([
      { name: './', type: '5' },
      { name: 'opt/', type: '5' },
      { name: 'opt/.wh..wh..opq', content: '' },
      { name: 'opt/app', content: elf(EM.x86_64) },
      { name: 'opt/readme', content: 'hello' },
      { name: 'opt/app-hard', type: '1', linkname: './opt/app' },
      { name: 'opt/app-soft', type: '2', linkname: 'app' },
      { name: 'opt/fifo', type: '6' },
      { name: 'etc/.wh.motd', content: '' }
    ]);
    const scan = await scanLayer(stream(gzipSync(layer)), noLimits);
    // Where each entry's data ends, in the decompressed archive: header blocks and padded content.
    expect(scan.entries.map((entry) => entry.end)).toEqual([512, 1024, 1536, 2560, 3584, 4096, 4608, 5120, 5632]);
    expect({ ...scan, entries: scan.entries.map(({ end: _end, ...rest }) => rest) }).toEqual({
      entries: [
        { path: '/', kind: 'dir' },
        { path: '/opt', kind: 'dir' },
        { path: '/opt', kind: 'opaque' },
        { path: '/opt/app', kind: 'file', size: 64, elf: x86exec },
        { path: '/opt/readme', kind: 'file', size: 5 },
        { path: '/opt/app-hard', kind: 'hardlink', linkTarget: '/opt/app' },
        { path: '/opt/app-soft', kind: 'symlink', linkTarget: 'app' },
        { path: '/opt/fifo', kind: 'other' },
        { path: '/etc/motd', kind: 'whiteout' }
      ],
      scannedFiles: 2,
      scannedBytes: layer.length
    });
  });

  test('composing scans equals auditLayers over whiteouts, opaque directories and hard links', async () => {
    const bad = tar([
      { name: 'app/server', content: elf(EM.x86_64) },
      { name: 'opt/sdk/bin/x86tool', content: elf(EM.x86_64) },
      { name: 'opt/tool/lib/libtool.so', content: elf(EM.x86_64, { type: DYN }) },
      { name: 'bin/busybox2', content: elf(EM.x86_64) },
      { name: 'bin/ls', type: '1', linkname: 'bin/busybox2' }
    ]);
    const cleanup = tar([
      { name: 'app/.wh.server', content: '' },
      { name: 'opt/.wh.sdk', content: '' },
      { name: 'opt/tool/', type: '5' },
      { name: 'opt/tool/.wh..wh..opq', content: '' },
      { name: 'opt/tool/bin/tool', content: elf(EM.i386, { bits: 32 }) },
      { name: 'bin/.wh.busybox2', content: '' },
      { name: 'bin/cat', type: '1', linkname: 'bin/ls' }
    ]);
    const layers = [alpineArm64, bad, cleanup];
    const expected = await audit('linux/arm64', layers);
    expect(expected).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 5 + 5 + 7,
      scannedFiles: 8,
      scannedBytes: alpineArm64.length + bad.length + cleanup.length,
      elfFiles: 4,
      mismatches: [
        { path: '/bin/ls', info: x86exec },
        { path: '/opt/tool/bin/tool', info: { machine: 'i386', bits: 32, littleEndian: true, type: 'executable' } }
      ]
    });
    const scans = await scanAll(layers);
    expect(composeAudit(arm64, scans, [])).toEqual(expected);
    // As read back from the cache.
    expect(composeAudit(arm64, JSON.parse(JSON.stringify(scans)) as LayerScan[], [])).toEqual(expected);
    expect(composeAudit(arm64, scans, ['/bin/**'])).toEqual(await audit('linux/arm64', layers, ['/bin/**']));
  });

  test('limits applied when composing full scans match auditLayers reading under them', async () => {
    const lower = tar([
      { name: 'a', content: elf(EM.aarch64) },
      { name: 'b', content: elf(EM.x86_64) }
    ]);
    // d ends at byte 512, c at 2048, e at 3072.
    const upper = tar([
      { name: 'd/', type: '5' },
      { name: 'c', content: elf(EM.x86_64, { padTo: 600 }) },
      { name: 'e', content: elf(EM.x86_64) }
    ]);
    const scans = await scanAll([lower, upper]);
    const streamed = async (limits: AuditLimits): Promise<unknown> => ({
      ...(await audit('linux/arm64', [lower, upper], [], limits)),
      scannedBytes: expect.any(Number) as unknown
    });
    const twoBad = [
      { path: '/b', info: x86exec },
      { path: '/c', info: x86exec }
    ];
    const byEntries = { maxFiles: 4, maxBytes: 1 << 30 };
    expect(composeAudit(arm64, scans, [], byEntries)).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 4,
      scannedFiles: 3,
      scannedBytes: lower.length + 2048,
      elfFiles: 3,
      mismatches: twoBad,
      truncated: 'entry limit 4 reached'
    });
    expect(await streamed(byEntries)).toEqual({
      ...composeAudit(arm64, scans, [], byEntries),
      scannedBytes: expect.any(Number) as unknown
    });
    const byBytes = { maxFiles: 100, maxBytes: lower.length + 2048 };
    expect(composeAudit(arm64, scans, [], byBytes)).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 4,
      scannedFiles: 3,
      scannedBytes: lower.length + 2048,
      elfFiles: 3,
      mismatches: twoBad,
      truncated: `size limit of ${lower.length + 2048} bytes reached`
    });
    expect(await streamed(byBytes)).toEqual({
      ...composeAudit(arm64, scans, [], byBytes),
      scannedBytes: expect.any(Number) as unknown
    });
  });

  test('a truncated scan ends the composition after what it read', async () => {
    const truncatedScan = await scanLayer(stream(alpineArm64), { maxFiles: 3, maxBytes: 1 << 30 });
    expect(truncatedScan.entries.map(({ end: _end, ...rest }) => rest)).toEqual([
      { path: '/bin', kind: 'dir' },
      {
        path: '/bin/busybox',
        kind: 'file',
        size: 900,
        elf: { machine: 'aarch64', bits: 64, littleEndian: true, type: 'shared' }
      },
      { path: '/bin/sh', kind: 'symlink', linkTarget: '/bin/busybox' }
    ]);
    expect(truncatedScan).toMatchObject({ scannedFiles: 1, truncated: 'entry limit 3 reached' });
    const later = await scanLayer(stream(tar([{ name: 'x', content: elf(EM.x86_64) }])), noLimits);
    expect(composeAudit(arm64, [truncatedScan, later], [])).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 3,
      scannedFiles: 1,
      scannedBytes: truncatedScan.scannedBytes,
      elfFiles: 1,
      mismatches: [],
      truncated: 'entry limit 3 reached'
    });
  });

  test('one scan applied twice (a repeated layer) gives separate files, as reading it twice does', async () => {
    const app = tar([{ name: 'app/server', content: elf(EM.x86_64) }]);
    const link = tar([{ name: 'app/alias', type: '1', linkname: 'app/server' }]);
    const [appScan, linkScan] = (await scanAll([app, link])) as [LayerScan, LayerScan];
    const composed = composeAudit(arm64, [appScan, linkScan, appScan], []);
    expect(composed.elfFiles).toBe(2);
    // Re-added by the third layer, so listed after the alias.
    expect(paths(composed)).toEqual(['/app/alias', '/app/server']);
    expect(composed).toEqual(await audit('linux/arm64', [app, link, app]));
  });

  test('composeAudit refuses a platform without an ELF architecture', () => {
    expect(() => composeAudit(parsePlatform('windows/amd64'), [], [])).toThrow(
      'No ELF architecture is known for windows/amd64'
    );
  });

  test('isLayerScan accepts scans and refuses damaged ones', async () => {
    const scan = JSON.parse(JSON.stringify(await scanLayer(stream(alpineArm64), noLimits))) as unknown;
    expect(isLayerScan(scan)).toBe(true);
    expect(isLayerScan({ entries: [], scannedFiles: 0, scannedBytes: 0 })).toBe(true);
    for (const damaged of [
      null,
      [],
      { entries: [], scannedFiles: 0 },
      { entries: {}, scannedFiles: 0, scannedBytes: 0 },
      { entries: [{ path: '/a', kind: 'socket' }], scannedFiles: 0, scannedBytes: 0 },
      { entries: [{ kind: 'file' }], scannedFiles: 1, scannedBytes: 0 },
      {
        entries: [
          { path: '/a', kind: 'file', elf: { machine: 'x86-64', bits: 16, littleEndian: true, type: 'executable' } }
        ],
        scannedFiles: 1,
        scannedBytes: 0
      },
      { entries: [], scannedFiles: 0, scannedBytes: 0, truncated: 3 }
    ]) {
      expect(isLayerScan(damaged)).toBe(false);
    }
  });
});

describe('describeMismatch', () => {
  const x86: ElfInfo = { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' };
  const arm: ElfInfo = { machine: 'arm', bits: 32, littleEndian: true, type: 'shared' };

  test('lists at most ten paths, then how many more', () => {
    const mismatches = Array.from({ length: 13 }, (_, i) => ({ path: `/bin/tool${i}`, info: x86 }));
    const message = describeMismatch({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 20,
      scannedBytes: 1,
      elfFiles: 13,
      mismatches
    });
    const listed = Array.from({ length: 10 }, (_, i) => `/bin/tool${i}`).join(', ');
    expect(message).toContain(`linux/arm64 image contains x86-64 executables: ${listed} and 3 more. Likely causes:`);
    expect(message).not.toContain('/bin/tool10');
  });

  test('several architectures are counted and named per path', () => {
    const message = describeMismatch({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 3,
      scannedBytes: 1,
      elfFiles: 3,
      mismatches: [
        { path: '/bin/busybox', info: x86 },
        { path: '/app/server', info: x86 },
        { path: '/usr/lib/libold.so', info: arm }
      ]
    });
    expect(message).toContain(
      'linux/arm64 image contains executables for other architectures (x86-64: 2, arm (32-bit): 1): /bin/busybox (x86-64), /app/server (x86-64), /usr/lib/libold.so (arm (32-bit))'
    );
  });

  test('two paths of one architecture, as in the usual failure', () => {
    const message = describeMismatch({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 2,
      scannedBytes: 1,
      elfFiles: 2,
      mismatches: [
        { path: '/bin/busybox', info: x86 },
        { path: '/app/server', info: x86 }
      ]
    });
    expect(
      message.startsWith('linux/arm64 image contains x86-64 executables: /bin/busybox, /app/server. Likely causes:')
    ).toBe(true);
  });

  test('a clean result says so', () => {
    expect(
      describeMismatch({
        platform: 'linux/arm/v7',
        scannedEntries: 5,
        scannedFiles: 5,
        scannedBytes: 9,
        elfFiles: 4,
        mismatches: []
      })
    ).toBe('linux/arm/v7 image has no executables for another architecture among 4 ELF files.');
  });
});

describe('bounds that hold against a hostile or broken layer', () => {
  const limited = (maxFiles: number, maxBytes = 1 << 30): AuditLimits => ({ maxFiles, maxBytes });

  test('directories, links and whiteouts count toward the entry bound, not only files', async () => {
    const dirs = tar(Array.from({ length: 10 }, (_, i) => ({ name: `d${i}/`, type: '5' })));
    expect((await scanLayer(stream(dirs), limited(5))).truncated).toBe('entry limit 5 reached');
    const whiteouts = tar(Array.from({ length: 6 }, (_, i) => ({ name: `.wh.gone${i}`, content: '' })));
    expect((await scanLayer(stream(whiteouts), limited(5))).truncated).toBe('entry limit 5 reached');
    const links = tar(Array.from({ length: 6 }, (_, i) => ({ name: `l${i}`, type: '2', linkname: '/x' })));
    expect((await scanLayer(stream(links), limited(5))).truncated).toBe('entry limit 5 reached');
  });

  test('metadata entries count toward the byte bound', async () => {
    // A pax header that no entry follows: only the bytes it takes can bound it.
    const pax = tar([
      { name: 'x', content: 'small' },
      { name: 'PaxHeaders/y', type: 'x', content: paxRecord('comment', 'c'.repeat(200_000)) }
    ]);
    const scan = await scanLayer(stream(pax), limited(100, 100_000));
    expect(scan.truncated).toBe('size limit of 100000 bytes reached');
    expect(scan.entries.map((entry) => entry.path)).toEqual(['/x']);
  });

  test('data after the end-of-archive marker counts toward the byte bound', async () => {
    const trailing = Buffer.concat([tar([{ name: 'x', content: 'small' }]), Buffer.alloc(1 << 20)]);
    const scan = await scanLayer(stream(gzipSync(trailing)), limited(100, 512 * 1024));
    expect(scan.truncated).toBe('size limit of 524288 bytes reached');
    expect(scan.entries.map((entry) => entry.path)).toEqual(['/x']);
  });

  test('the time bound ends a stream that stalls inside one entry', async () => {
    const controller = new AbortController();
    const whole = tar([{ name: 'big', content: elf(EM.x86_64, { padTo: 4000 }) }]);
    let reads = 0;
    // Sends the header and part of the file, then nothing: once more is asked for, the deadline passes.
    const stalling = new Readable({
      read() {
        reads++;
        if (reads === 1) this.push(whole.subarray(0, 1000));
        else setImmediate(() => controller.abort());
      }
    });
    const scan = await scanLayer(stalling, { maxFiles: 100, maxBytes: 1 << 30, signal: controller.signal });
    expect(scan).toEqual({ entries: [], scannedFiles: 0, scannedBytes: 1000, truncated: 'time limit reached' });
    expect(stalling.destroyed).toBe(true);
  }, 20_000);

  test('the time bound also ends a stalled gzip stream', async () => {
    const controller = new AbortController();
    const compressed = gzipSync(tar([{ name: 'big', content: Buffer.alloc(100_000, 1) }]));
    let reads = 0;
    const stalling = new Readable({
      read() {
        reads++;
        if (reads === 1) this.push(compressed.subarray(0, 200));
        else setImmediate(() => controller.abort());
      }
    });
    const scan = await scanLayer(stalling, { maxFiles: 100, maxBytes: 1 << 30, signal: controller.signal });
    expect(scan.truncated).toBe('time limit reached');
    expect(stalling.destroyed).toBe(true);
  }, 20_000);
});
