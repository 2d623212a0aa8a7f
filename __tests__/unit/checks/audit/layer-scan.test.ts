// scanLayer: one layer's entries in archive order, within bounds that hold against a hostile or broken layer.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { normalisePath, scanLayer, type AuditLimits } from '../../../../src/checks/audit/layer-scan.js';
import type { ElfInfo } from '../../../../src/model/checks.js';
import { elf, EM, noLimits, paxRecord, stream, tar, type Entry } from '../../../helpers/layers.js';

describe('scanLayer', () => {
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
        { path: '/opt/app', kind: 'file', elf: x86exec },
        { path: '/opt/readme', kind: 'file' },
        { path: '/opt/app-hard', kind: 'hardlink', linkTarget: '/opt/app' },
        // Only what the filesystem needs: no sizes, no symlink targets (a symlink only replaces what was there).
        { path: '/opt/app-soft', kind: 'symlink' },
        { path: '/opt/fifo', kind: 'other' },
        { path: '/etc/motd', kind: 'whiteout' }
      ],
      scannedFiles: 2,
      scannedBytes: layer.length
    });
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

  test('a path or link name past PATH_MAX ends the scan: nothing that long is kept', async () => {
    const at = (length: number): string => `/${'d/'.repeat(length)}`.slice(0, length);
    const cases: [string, Entry][] = [
      ['a pax path', { name: 'PaxHeaders/x', type: 'x', content: paxRecord('path', at(4097)) }],
      ['a GNU long name', { name: '././@LongLink', type: 'L', content: `${at(5000)}\0` }],
      ['a pax link path', { name: 'PaxHeaders/y', type: 'x', content: paxRecord('linkpath', at(4097)) }]
    ];
    for (const [what, header] of cases) {
      const layer = tar([{ name: 'first', content: 'x' }, header, { name: 'link', type: '1', linkname: 'first' }]);
      const scan = await scanLayer(stream(layer), noLimits);
      expect([what, scan.truncated, scan.entries.map((entry) => entry.path)]).toEqual([
        what,
        'a path or link name longer than 4096 bytes',
        ['/first']
      ]);
    }
    // 4096 bytes is still a path.
    const fits = tar([
      { name: 'PaxHeaders/z', type: 'x', content: paxRecord('path', at(4096)) },
      { name: 'z', content: 'x' }
    ]);
    const scan = await scanLayer(stream(fits), noLimits);
    expect(scan.truncated).toBeUndefined();
    expect(scan.entries.map((entry) => entry.path.length)).toEqual([normalisePath(at(4096)).length]);
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
