// auditLayers: the layers of one platform, streamed and scanned, against the platform's ELF machine.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { auditLayers } from '../../../../src/checks/audit/elf-audit.js';
import { describeMismatch } from '../../../../src/checks/audit/describe.js';
import { suggestedIgnoreGlobs } from '../../../../src/checks/audit/ignore.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import {
  alpineArm64,
  audit,
  DYN,
  elf,
  EM,
  noLimits,
  paths,
  paxRecord,
  REL,
  stream,
  tar
} from '../../../helpers/layers.js';

const arm64 = parsePlatform('linux/arm64');
const amd64 = parsePlatform('linux/amd64');

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
