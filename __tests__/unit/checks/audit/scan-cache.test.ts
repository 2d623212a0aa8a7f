import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanLayer, SCANNER_VERSION, type LayerScan } from '../../../../src/checks/audit/layer-scan.js';
import { auditCacheDir, isLayerScan, openScanCache, type ScanCache } from '../../../../src/checks/audit/scan-cache.js';
import { alpineArm64, noLimits, stream } from '../../../helpers/layers.js';

const scan: LayerScan = {
  entries: [{ path: '/bin/sh', kind: 'file', end: 1024, size: 64 }],
  scannedFiles: 1,
  scannedBytes: 2048
};
const digestA = `sha256:${'a'.repeat(64)}`;
const digestB = `sha256:${'b'.repeat(64)}`;
// Not this process's user: what another account on a shared runner would be.
const otherUid = (process.getuid?.() ?? 0) + 4242;

describe('the layer scan cache', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'scan-cache-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('lives under RUNNER_TOOL_CACHE, else the user’s cache, never a shared temporary directory', () => {
    expect(auditCacheDir({ RUNNER_TOOL_CACHE: '/opt/tc', HOME: '/home/u' })).toBe(
      '/opt/tc/multiarch-build-push/arch-audit'
    );
    expect(auditCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/multiarch-build-push/arch-audit');
    expect(auditCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/home/u' })).toBe('/x/multiarch-build-push/arch-audit');
    expect(auditCacheDir({})).toBeUndefined();
    const reasons: string[] = [];
    expect(openScanCache({}, (why) => reasons.push(why))).toBeUndefined();
    expect(reasons).toEqual(['neither RUNNER_TOOL_CACHE nor HOME is set']);
  });

  test('is made private to the user (0700), and a record reads back', () => {
    const cache = openScanCache({ RUNNER_TOOL_CACHE: root });
    expect(cache?.dir).toBe(path.join(root, 'multiarch-build-push', 'arch-audit'));
    expect(statSync(cache?.dir ?? '').mode & 0o777).toBe(0o700);
    expect(statSync(path.dirname(cache?.dir ?? '')).mode & 0o777).toBe(0o700);
    cache?.write(digestA, scan);
    expect(cache?.read(digestA)).toEqual(scan);
    expect(cache?.read(digestB)).toBeUndefined();
  });

  test('a directory left open by an older version is closed again', () => {
    const dir = path.join(root, 'multiarch-build-push', 'arch-audit');
    mkdirSync(dir, { recursive: true, mode: 0o777 });
    chmodSync(dir, 0o777);
    expect(openScanCache({ RUNNER_TOOL_CACHE: root })?.dir).toBe(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  test('a directory another user made (and planted a record in) is not used', () => {
    const dir = path.join(root, 'multiarch-build-push', 'arch-audit');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const planted = openScanCache({ RUNNER_TOOL_CACHE: root });
    planted?.write(digestA, { entries: [], scannedFiles: 0, scannedBytes: 0 });
    chownSync(dir, otherUid, otherUid);
    const reasons: string[] = [];
    expect(openScanCache({ RUNNER_TOOL_CACHE: root }, (why) => reasons.push(why))).toBeUndefined();
    expect(reasons).toEqual([`${dir} belongs to uid ${otherUid}`]);
  });

  test('a world-writable base without the sticky bit is refused; a sticky one (like /tmp) is not', () => {
    chmodSync(root, 0o777);
    const reasons: string[] = [];
    expect(openScanCache({ RUNNER_TOOL_CACHE: root }, (why) => reasons.push(why))).toBeUndefined();
    expect(reasons).toEqual([`${root} is writable by every user`]);
    chmodSync(root, 0o1777);
    expect(openScanCache({ RUNNER_TOOL_CACHE: root })).toBeDefined();
  });

  test('a record of another layer, or of another scanner version, is ignored', () => {
    const cache = openScanCache({ RUNNER_TOOL_CACHE: root });
    cache?.write(digestA, scan);
    cache?.write(digestB, { entries: [], scannedFiles: 0, scannedBytes: 0 });
    const fileOf = (digest: string): string =>
      path.join(cache?.dir ?? '', `${createHash('sha256').update(digest).digest('hex')}.json`);
    // B's file holding A's record: a copy of a clean scan under another layer's name.
    writeFileSync(fileOf(digestB), readFileSync(fileOf(digestA)));
    expect(cache?.read(digestB)).toBeUndefined();
    const record = JSON.parse(readFileSync(fileOf(digestA), 'utf8')) as { scanner: number };
    writeFileSync(fileOf(digestA), JSON.stringify({ ...record, scanner: SCANNER_VERSION + 1 }));
    expect(cache?.read(digestA)).toBeUndefined();
    expect(existsSync(fileOf(digestA))).toBe(true);
  });

  test('only a digest names a cache file: sha256:../../x is neither written nor read', () => {
    const cache = openScanCache({ RUNNER_TOOL_CACHE: root }) as ScanCache;
    cache.write('sha256:../../x', scan);
    expect(readdirSync(cache.dir)).toEqual([]);
    expect(cache.read('sha256:../../x')).toBeUndefined();
    cache.write(digestA, scan);
    expect(readdirSync(cache.dir)).toHaveLength(1);
  });
});

describe('isLayerScan', () => {
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
