// The audit's two scan caches together: this runner's first, then the shared scans; one restore
// before the audit and at most one save after it; a cache service that fails only warns.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { AuditScanCache, restoreSharedScans, type SharingOptions } from '../../../../src/checks/audit/audit-scans.js';
import type { LayerScan } from '../../../../src/checks/audit/layer-scan.js';
import type { ScanCache } from '../../../../src/checks/audit/scan-cache.js';
import { auditRules, keyPrefix, mergeBundle, readBundle } from '../../../../src/checks/audit/shared-scans.js';
import { codeIdentity, type SharedStore } from '../../../../src/checks/audit/shared-store.js';

const digest = (letter: string): string => `sha256:${letter.repeat(64)}`;
const scanOf = (path: string): LayerScan => ({
  entries: [{ path, kind: 'file', end: 512 }],
  scannedFiles: 1,
  scannedBytes: 1024
});
const [A, B, C] = [digest('a'), digest('b'), digest('c')];
const code = 'this-build';
const rules = auditRules(code);
const serviceEnv = { ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/', ACTIONS_RUNTIME_TOKEN: 't' };

/** An in-memory store: what was asked of it, and what it answers. */
function memoryStore(answer?: { key: string; text: string } | Error, saveError?: Error) {
  const calls: string[] = [];
  const saved: { key: string; text: string }[] = [];
  const store: SharedStore = {
    restore(prefix) {
      calls.push(`restore ${prefix}`);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    save(key, text) {
      calls.push(`save ${key}`);
      if (saveError) return Promise.reject(saveError);
      saved.push({ key, text });
      return Promise.resolve();
    }
  };
  return { store, calls, saved };
}

function options(store: SharedStore, extra: Partial<SharingOptions> = {}) {
  const lines = { info: [] as string[], warning: [] as string[] };
  const sharing: SharingOptions = {
    share: true,
    env: serviceEnv,
    store,
    code,
    info: (line) => lines.info.push(line),
    warning: (line) => lines.warning.push(line),
    ...extra
  };
  return { sharing, lines };
}

const bundleOf = (scans: [string, LayerScan][]): string =>
  JSON.stringify(mergeBundle(rules, new Map(scans), new Map()));

describe('the audit’s scan caches', () => {
  test('this runner’s scan cache first, then the shared scans; each scan used is remembered', () => {
    const kept: string[] = [];
    const local = {
      dir: '/x',
      read: (key: string) => (key === A ? scanOf('/local') : undefined),
      write: (key: string) => void kept.push(key)
    } satisfies ScanCache;
    const cache = new AuditScanCache(
      local,
      new Map([
        [A, scanOf('/shared-a')],
        [B, scanOf('/shared-b')]
      ])
    );
    expect(cache.read(A)?.entries[0]?.path).toBe('/local');
    expect(cache.read(B)?.entries[0]?.path).toBe('/shared-b');
    expect(cache.read(C)).toBeUndefined();
    cache.write(C, scanOf('/read'));
    expect(cache.sharedHits).toBe(1);
    expect([...cache.used.keys()]).toEqual([A, B, C]);
    // A shared scan is kept on this runner too, as a scan read here is.
    expect(kept).toEqual([B, C]);
  });

  test('with no scan cache on the runner, the shared scans still serve', () => {
    const cache = new AuditScanCache(undefined, new Map([[A, scanOf('/a')]]));
    expect(cache.read(A)).toEqual(scanOf('/a'));
    expect(cache.sharedHits).toBe(1);
  });
});

describe('sharing scans between runners', () => {
  test('arch-audit-cache: false asks nothing of the cache service', async () => {
    const { store, calls } = memoryStore();
    const { sharing, lines } = options(store, { share: false });
    expect(await restoreSharedScans(sharing)).toBeUndefined();
    expect(calls).toEqual([]);
    expect(lines).toEqual({ info: [], warning: [] });
  });

  test.each([
    ['no cache service URL', { ACTIONS_RUNTIME_TOKEN: 't' }, /no cache service/],
    ['no runtime token', { ACTIONS_CACHE_URL: 'http://127.0.0.1:1/' }, /no ACTIONS_RUNTIME_TOKEN/]
  ])('a runner with %s: one line, no request', async (_name, env, why) => {
    const { store, calls } = memoryStore();
    const { sharing, lines } = options(store, { env });
    expect(await restoreSharedScans(sharing)).toBeUndefined();
    expect(calls).toEqual([]);
    expect(lines.info).toEqual([expect.stringMatching(why)]);
  });

  test('one restore under the rules’ prefix; a save only of what the run added, merged with what it restored', async () => {
    const restoredText = bundleOf([[A, scanOf('/a')]]);
    const { store, calls, saved } = memoryStore({ key: `${keyPrefix(rules)}old`, text: restoredText });
    const shared = await restoreSharedScans(options(store).sharing);
    expect(calls).toEqual([`restore ${keyPrefix(rules)}`]);
    expect(shared?.describe()).toBe(`1 shared scan(s) restored from ${keyPrefix(rules)}old`);
    const cache = new AuditScanCache(undefined, shared?.scans);
    cache.read(A);
    await shared?.save(cache);
    // Nothing new: nothing saved.
    expect(calls).toHaveLength(1);
    cache.write(B, scanOf('/b'));
    await shared?.save(cache);
    expect(calls).toHaveLength(2);
    expect(saved[0]?.key.startsWith(keyPrefix(rules))).toBe(true);
    expect([...readBundle(saved[0]?.text ?? '', rules).scans.keys()]).toEqual([A, B]);
  });

  test('a run that read less than the restored bundle holds saves nothing, and its line says why', async () => {
    // Four restored scans make a bundle of more than the 1024 bytes the new layer took to read.
    const restoredText = bundleOf([A, C, digest('d'), digest('e')].map((key) => [key, scanOf(`/${key.slice(-3)}`)]));
    expect(restoredText.length).toBeGreaterThan(1024);
    const { store, calls } = memoryStore({ key: `${keyPrefix(rules)}old`, text: restoredText });
    const shared = await restoreSharedScans(options(store).sharing);
    const cache = new AuditScanCache(undefined, shared?.scans);
    cache.read(A);
    cache.write(B, scanOf('/b'));
    await shared?.save(cache);
    expect(calls).toEqual([`restore ${keyPrefix(rules)}`]);
    expect(shared?.describe()).toBe(
      `4 shared scan(s) restored from ${keyPrefix(rules)}old; 1 new scan(s) not shared: 1024 bytes to read again cost less than rewriting the ${restoredText.length}-byte bundle`
    );
  });

  test('records not bound to these rules are counted and never used', async () => {
    const stale = JSON.stringify(mergeBundle(auditRules('older build'), new Map([[A, scanOf('/a')]]), new Map()));
    const { store } = memoryStore({ key: 'k', text: stale });
    const shared = await restoreSharedScans(options(store).sharing);
    expect(shared?.scans.size).toBe(0);
    expect(shared?.describe()).toMatch(/0 shared scan\(s\) restored from k, 1 not trusted/);
  });

  test('a cache service that fails warns, costs the reads and is not asked again; a failed save warns', async () => {
    const failing = memoryStore(new Error('connect ECONNREFUSED'));
    const first = options(failing.store);
    const shared = await restoreSharedScans(first.sharing);
    expect(shared?.scans.size).toBe(0);
    expect(first.lines.warning).toEqual([expect.stringMatching(/could not be restored \(connect ECONNREFUSED\)/)]);
    const cache = new AuditScanCache(undefined, shared?.scans);
    cache.write(A, scanOf('/a'));
    await shared?.save(cache);
    expect(failing.calls).toHaveLength(1);

    const refusing = memoryStore(undefined, new Error('quota'));
    const second = options(refusing.store);
    const sharedAgain = await restoreSharedScans(second.sharing);
    await sharedAgain?.save(cache);
    expect(second.lines.warning).toEqual([expect.stringMatching(/could not be shared \(quota\)/)]);
  });
});

describe('the build a scan is bound to', () => {
  test('a hash of the bundle beside the entry; none when there is no bundle to read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mab-bundle-'));
    writeFileSync(path.join(dir, 'index.js'), 'one');
    writeFileSync(path.join(dir, '1.index.js'), 'chunk');
    const first = codeIdentity(path.join(dir, 'index.js'));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(codeIdentity(path.join(dir, 'index.js'))).toBe(first);
    writeFileSync(path.join(dir, '1.index.js'), 'another chunk');
    expect(codeIdentity(path.join(dir, 'index.js'))).not.toBe(first);
    expect(codeIdentity(path.join(mkdtempSync(path.join(tmpdir(), 'mab-empty-')), 'index.js'))).toBeUndefined();
    expect(codeIdentity(path.join(dir, 'missing', 'index.js'))).toBeUndefined();
  });
});
