// composeAudit: the image's filesystem composed from cached layer scans, the same answer as auditLayers
// reading the layers (whiteouts, opaque directories, hard links, limits).
import { composeAudit } from '../../../../src/checks/audit/filesystem.js';
import { scanLayer, type AuditLimits, type LayerScan } from '../../../../src/checks/audit/layer-scan.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import type { ElfInfo } from '../../../../src/model/checks.js';
import { alpineArm64, audit, DYN, elf, EM, noLimits, paths, stream, tar } from '../../../helpers/layers.js';

const arm64 = parsePlatform('linux/arm64');

describe('composeAudit', () => {
  const scanAll = (layers: Buffer[], limits: AuditLimits = noLimits): Promise<LayerScan[]> =>
    Promise.all(layers.map((layer) => scanLayer(stream(layer), limits)));
  const x86exec: ElfInfo = { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' };

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
        elf: { machine: 'aarch64', bits: 64, littleEndian: true, type: 'shared' }
      },
      { path: '/bin/sh', kind: 'symlink' }
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

  test('an upper layer that re-lists a directory keeps the files a lower layer put in it', async () => {
    // Adding one file to /usr/bin lists /usr/bin again; that is no whiteout of what it held.
    const lower = tar([
      { name: 'usr/', type: '5' },
      { name: 'usr/bin/', type: '5' },
      { name: 'usr/bin/x86tool', content: elf(EM.x86_64) }
    ]);
    const upper = tar([
      { name: 'usr/', type: '5' },
      { name: 'usr/bin/', type: '5' },
      { name: 'usr/bin/README', content: 'not a program' }
    ]);
    const expected = {
      platform: 'linux/arm64',
      scannedEntries: 6,
      scannedFiles: 2,
      scannedBytes: lower.length + upper.length,
      elfFiles: 1,
      mismatches: [{ path: '/usr/bin/x86tool', info: x86exec }]
    };
    expect(composeAudit(arm64, await scanAll([lower, upper]), [])).toEqual(expected);
    expect(await audit('linux/arm64', [lower, upper])).toEqual(expected);
  });

  test('a directory that replaces a lower file drops that file', async () => {
    const lower = tar([{ name: 'opt/tool', content: elf(EM.x86_64) }]);
    const upper = tar([{ name: 'opt/tool/', type: '5' }]);
    const composed = composeAudit(arm64, await scanAll([lower, upper]), []);
    expect(composed).toMatchObject({ elfFiles: 0, mismatches: [] });
    expect(composed).toEqual(await audit('linux/arm64', [lower, upper]));
  });

  test('a symbolic link is no hard link: it does not keep a file a later layer removes', async () => {
    const lower = tar([
      { name: 'opt/x86tool', content: elf(EM.x86_64) },
      { name: 'opt/alias', type: '2', linkname: '/opt/x86tool' },
      { name: 'opt/hard', type: '1', linkname: 'opt/x86tool' }
    ]);
    const upper = tar([
      { name: 'opt/.wh.x86tool', content: '' },
      { name: 'opt/.wh.hard', content: '' }
    ]);
    const composed = composeAudit(arm64, await scanAll([lower, upper]), []);
    expect(composed).toMatchObject({ elfFiles: 0, mismatches: [] });
    expect(composed).toEqual(await audit('linux/arm64', [lower, upper]));
    // Without the whiteouts the hard link is the same file, reported once.
    expect(paths(composeAudit(arm64, await scanAll([lower]), []))).toEqual(['/opt/x86tool']);
  });

  test('an opaque marker at the root hides every lower file', async () => {
    const lower = tar([
      { name: 'bin/x86tool', content: elf(EM.x86_64) },
      { name: 'x86tool', content: elf(EM.x86_64) }
    ]);
    const upper = tar([
      { name: '.wh..wh..opq', content: '' },
      { name: 'app', content: elf(EM.aarch64) }
    ]);
    const composed = composeAudit(arm64, await scanAll([lower, upper]), []);
    expect(composed).toMatchObject({ elfFiles: 1, mismatches: [] });
    expect(composed).toEqual(await audit('linux/arm64', [lower, upper]));
  });

  test("a whiteout removes the lower layers' files only, wherever it stands in its own layer", async () => {
    // The OCI image spec: files present in the same layer as a whiteout are not hidden by it.
    const lower = tar([{ name: 'opt/old', content: elf(EM.x86_64) }]);
    const upper = tar([
      { name: 'opt/new', content: elf(EM.x86_64) },
      { name: '.wh.opt', content: '' }
    ]);
    const composed = composeAudit(arm64, await scanAll([lower, upper]), []);
    expect(paths(composed)).toEqual(['/opt/new']);
    expect(composed).toEqual(await audit('linux/arm64', [lower, upper]));
  });

  test('bytes past the bound after the last entry of a layer end the audit as incomplete', async () => {
    // Each layer's entries end at 1024 bytes; the archive's padding runs to 8192.
    const first = tar([{ name: 'ok', content: elf(EM.aarch64) }], 7168);
    const second = tar([{ name: 'bad', content: elf(EM.x86_64) }], 7168);
    const scans = await scanAll([first, second]);
    expect(scans.map((scan) => [scan.entries.at(-1)?.end, scan.scannedBytes])).toEqual([
      [1024, 8192],
      [1024, 8192]
    ]);
    // The last (only) layer: every entry fits the bound, its bytes do not.
    expect(composeAudit(arm64, scans.slice(1), [], { maxFiles: 100, maxBytes: 4096 })).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 1,
      scannedBytes: 8192,
      elfFiles: 1,
      mismatches: [{ path: '/bad', info: x86exec }],
      truncated: 'size limit of 4096 bytes reached'
    });
    // A first layer over the bound: the second is not read, and the verdict is incomplete, not a pass.
    expect(composeAudit(arm64, scans, [], { maxFiles: 100, maxBytes: 4096 })).toEqual({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 1,
      scannedBytes: 8192,
      elfFiles: 1,
      mismatches: [],
      truncated: 'size limit of 4096 bytes reached'
    });
    // Exactly at the bound is within it.
    expect(composeAudit(arm64, scans, [], { maxFiles: 100, maxBytes: 16384 })).not.toHaveProperty('truncated');
  });

  test('composeAudit refuses a platform without an ELF architecture', () => {
    expect(() => composeAudit(parsePlatform('windows/amd64'), [], [])).toThrow(
      'No ELF architecture is known for windows/amd64'
    );
  });
});
