// What the audit's memory across runners costs it: no restore when this runner's scan cache has
// every layer the audit reads, only the records of the layers it looks up checked entry by entry,
// and the build's identity read from the record the build wrote instead of hashing the bundle.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { auditPushedImage, type ArchAuditOptions } from '../../../../src/checks/audit/arch-audit.js';
import { startScansRestore } from '../../../../src/checks/audit/audit-check.js';
import { AuditScanCache, restoreSharedScans, type SharedScans } from '../../../../src/checks/audit/audit-scans.js';
import { auditCacheDir } from '../../../../src/checks/audit/scan-cache.js';
import type { Plan } from '../../../../src/model/plan.js';
import type { LayerScan } from '../../../../src/checks/audit/layer-scan.js';
import { auditRules, keyPrefix, mergeBundle, RestoredBundle } from '../../../../src/checks/audit/shared-scans.js';
import { codeIdentity, type SharedStore } from '../../../../src/checks/audit/shared-store.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import { AARCH64, elf, FakeRegistry, layer, sessionReaders, X86_64 } from '../../../helpers/audit-registry.js';

const digest = (letter: string): string => `sha256:${letter.repeat(64)}`;
const scanOf = (file: string): LayerScan => ({
  entries: [{ path: file, kind: 'file', end: 512 }],
  scannedFiles: 1,
  scannedBytes: 1024
});
const [A, B, C] = [digest('a'), digest('b'), digest('c')];

/** A store that remembers what it was asked and keeps what it was given. */
function memoryStore() {
  const calls: string[] = [];
  let kept: { key: string; text: string } | undefined;
  const store: SharedStore = {
    restore(prefix) {
      calls.push('restore');
      return Promise.resolve(kept?.key.startsWith(prefix) ? kept : undefined);
    },
    save(key, text) {
      calls.push('save');
      kept = { key, text };
      return Promise.resolve();
    }
  };
  return { store, calls };
}

describe('the audit asks the cache service only for layers this runner lacks', () => {
  const registry = new FakeRegistry();
  const names = ['RUNNER_TOOL_CACHE', 'ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN'] as const;
  const saved = names.map((name) => process.env[name]);
  let toolCache = '';

  beforeAll(() => registry.start());
  afterAll(async () => {
    await registry.stop();
    names.forEach((name, index) => {
      if (saved[index] === undefined) delete process.env[name];
      else process.env[name] = saved[index];
    });
  });
  beforeEach(() => {
    toolCache = mkdtempSync(path.join(tmpdir(), 'audit-memory-'));
    Object.assign(process.env, {
      RUNNER_TOOL_CACHE: toolCache,
      ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
      ACTIONS_RUNTIME_TOKEN: 'token'
    });
  });
  afterEach(() => rmSync(toolCache, { recursive: true, force: true }));

  /** An audit that shares its scans through a store in memory, bound to one build of the action. */
  const sharingAudit = () => {
    const shared = memoryStore();
    const options: ArchAuditOptions = {
      registryFor: sessionReaders(),
      ignore: [],
      shareScans: true,
      sharing: { store: shared.store, code: 'this-build' }
    };
    return { shared, options };
  };

  test('a runner that kept every layer’s scan restores nothing; one that lacks a layer restores once', async () => {
    const { shared, options } = sharingAudit();
    const reference = registry.addImage('memory/app', {
      'linux/amd64': [layer({ 'bin/app': elf(X86_64) })],
      'linux/arm64': [layer({ 'bin/app': elf(AARCH64) })]
    });
    const platforms = [parsePlatform('linux/amd64'), parsePlatform('linux/arm64')];
    const first = await auditPushedImage(reference, platforms, options);
    expect(shared.calls).toEqual(['restore', 'save']);

    // The same runner again: its scan cache has both layers, so the cache service is not asked.
    const again = await auditPushedImage(reference, platforms, options);
    expect(again).toEqual(first);
    expect(shared.calls).toEqual(['restore', 'save']);

    // A new layer on top: only the shared scans could spare its read, so they are restored once.
    const changed = registry.addImage('memory/app', {
      'linux/amd64': [layer({ 'bin/app': elf(X86_64) }), layer({ 'etc/motd': 'hello' })],
      'linux/arm64': [layer({ 'bin/app': elf(AARCH64) })]
    });
    await auditPushedImage(changed, platforms, options);
    expect(shared.calls).toEqual(['restore', 'save', 'restore', 'save']);
  });

  test('a restore started while the build ran is the one the audit uses, even on a runner that has every layer', async () => {
    const { shared, options } = sharingAudit();
    const reference = registry.addImage('memory/early', { 'linux/amd64': [layer({ 'bin/app': elf(X86_64) })] });
    const platforms = [parsePlatform('linux/amd64')];
    const first = await auditPushedImage(reference, platforms, options);
    expect(shared.calls).toEqual(['restore', 'save']);
    // This runner's scan cache has the layer now: without a restore under way, none would be made.
    const savedBy: AuditScanCache[] = [];
    const early: SharedScans = {
      scans: new RestoredBundle('{"records":{}}', auditRules('this-build')),
      describe: () => 'restored while the build ran',
      save: (cache) => {
        savedBy.push(cache);
        return Promise.resolve();
      }
    };
    const again = await auditPushedImage(reference, platforms, { ...options, restoring: Promise.resolve(early) });
    expect(again).toEqual(first);
    expect(savedBy).toHaveLength(1);
    expect(shared.calls).toEqual(['restore', 'save']);
  });
});

describe('startScansRestore: the shared scans restored while the build runs', () => {
  const envOf = (toolCache: string, change: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    RUNNER_TOOL_CACHE: toolCache,
    ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
    ACTIONS_RUNTIME_TOKEN: 'token',
    ...change
  });
  const checks = (change: Partial<Plan['checks']> = {}): Pick<Plan, 'checks'> =>
    ({ checks: { audit: 'error', auditCache: 'auto', ...change } }) as Pick<Plan, 'checks'>;
  let toolCache = '';
  beforeEach(() => (toolCache = mkdtempSync(path.join(tmpdir(), 'early-restore-'))));
  afterEach(() => rmSync(toolCache, { recursive: true, force: true }));

  test.each<[string, Partial<Plan['checks']>, NodeJS.ProcessEnv, boolean, boolean]>([
    ['a runner that kept no scan, with a cache service: started', {}, {}, false, true],
    ['the audit off', { audit: 'off' }, {}, false, false],
    ['arch-audit-cache: false', { auditCache: 'false' }, {}, false, false],
    ['no cache service', {}, { ACTIONS_RESULTS_URL: '' }, false, false],
    ['no runtime token', {}, { ACTIONS_RUNTIME_TOKEN: '' }, false, false],
    ['a runner that kept a scan: left to the audit, which restores only if it lacks a layer', {}, {}, true, false]
  ])('%s', async (_name, change, envChange, keptScan, started) => {
    const env = envOf(toolCache, envChange);
    if (keptScan) {
      const dir = auditCacheDir(env) ?? '';
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(path.join(dir, 'kept.json'), '{}');
    }
    const shared = memoryStore();
    const restoring = startScansRestore(checks(change), { env, sharing: { store: shared.store, code: 'this-build' } });
    expect(restoring !== undefined).toBe(started);
    // Started, it resolves to the shared scans (none yet in this store), whatever the service answers.
    if (restoring) expect((await restoring)?.describe()).toBe('no shared scans yet');
    expect(shared.calls).toEqual(started ? ['restore'] : []);
  });
});

describe('a restored bundle checks only the records of the layers the audit looks up', () => {
  const rules = auditRules('this-build');
  // B's scan is not a scan: its entry has no path. Only looking B up finds that out.
  const broken = { entries: [{ kind: 'file', end: 512 }], scannedFiles: 1, scannedBytes: 1024 };
  const text = (): string => {
    const bundle = mergeBundle(rules, new Map([[A, scanOf('/a')]]), new Map([[C, scanOf('/c')]]));
    bundle.records[B] = { digest: B, rules, scan: broken as unknown as LayerScan };
    return JSON.stringify(bundle);
  };

  test('a layer looked up is checked entry by entry, once; the others are not', () => {
    const bundle = new RestoredBundle(text(), rules);
    expect(bundle.size).toBe(3);
    expect(bundle.get(A)).toEqual(scanOf('/a'));
    expect(bundle.get(A)).toEqual(scanOf('/a'));
    expect(bundle.checked).toBe(1);
    expect(bundle.ignored).toBe(0);
    // Looked up, the broken record is refused, and counted.
    expect(bundle.get(B)).toBeUndefined();
    expect(bundle.checked).toBe(2);
    expect(bundle.ignored).toBe(1);
  });

  test('records bound to other rules or filed under another digest are refused as the bundle opens', () => {
    const bundle = JSON.parse(text()) as { records: Record<string, { digest: string; rules: string }> };
    (bundle.records[A] as { rules: string }).rules = auditRules('another build');
    (bundle.records[C] as { digest: string }).digest = B;
    const restored = new RestoredBundle(JSON.stringify(bundle), rules);
    expect(restored.size).toBe(1);
    expect(restored.ignored).toBe(2);
    expect(restored.get(A)).toBeUndefined();
    expect(restored.get(C)).toBeUndefined();
    expect(restored.checked).toBe(0);
  });

  test('an audit that needs one layer checks one record, and says nothing of records it did not use', async () => {
    const lines: string[] = [];
    const store: SharedStore = {
      restore: () => Promise.resolve({ key: `${keyPrefix(rules)}x`, text: text() }),
      save: () => Promise.resolve()
    };
    const shared = await restoreSharedScans({
      share: true,
      env: { ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/', ACTIONS_RUNTIME_TOKEN: 't' },
      store,
      code: 'this-build',
      info: (line) => lines.push(line),
      warning: (line) => lines.push(line)
    });
    const cache = new AuditScanCache(undefined, shared?.scans);
    expect(cache.read(A)).toEqual(scanOf('/a'));
    expect((shared?.scans as RestoredBundle).checked).toBe(1);
    expect(shared?.describe()).toBe(`3 shared scan(s) restored from ${keyPrefix(rules)}x`);
  });

  test('a save carries the records it did not look up on, unchanged and still bound', () => {
    const bundle = new RestoredBundle(text(), rules);
    bundle.get(A);
    const carried = bundle.carried();
    expect([...carried.keys()]).toEqual([A, C, B]);
    const saved = new RestoredBundle(JSON.stringify(mergeBundle(rules, new Map(), carried)), rules);
    // Whoever looks the broken record up still refuses it.
    expect(saved.get(B)).toBeUndefined();
    expect(saved.get(C)).toEqual(scanOf('/c'));
  });
});

describe('the build’s identity, recorded by the build', () => {
  const script = path.resolve('scripts/code-identity.mjs');
  const bundleDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mab-bundle-'));
    writeFileSync(path.join(dir, 'index.js'), 'one');
    writeFileSync(path.join(dir, '1.index.js'), 'chunk');
    return dir;
  };
  const record = (dir: string): void => {
    const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  };
  const writeIdentity = (dir: string, identity: string, sizes: Record<string, number>): void =>
    writeFileSync(path.join(dir, 'code-identity.json'), JSON.stringify({ identity, sizes }));

  test('the build records the identity the audit would compute by hashing the bundle', () => {
    const dir = bundleDir();
    const hashed = codeIdentity(path.join(dir, 'index.js'));
    record(dir);
    expect(codeIdentity(path.join(dir, 'index.js'))).toBe(hashed);
  });

  test('a record that fits the bundle is taken as it is: the bundle is not hashed', () => {
    const dir = bundleDir();
    writeIdentity(dir, 'f'.repeat(64), { 'index.js': 3, '1.index.js': 5 });
    expect(codeIdentity(path.join(dir, 'index.js'))).toBe('f'.repeat(64));
  });

  test.each([
    ['a file of another size (a rebuild that did not record, or an edit)', { 'index.js': 4, '1.index.js': 5 }],
    ['a file the record does not list', { 'index.js': 3 }],
    ['a file the bundle does not have', { 'index.js': 3, '1.index.js': 5, '2.index.js': 1 }]
  ])('a stale record is not trusted, %s: the bundle is hashed', (_name, sizes) => {
    const dir = bundleDir();
    const hashed = codeIdentity(path.join(dir, 'index.js'));
    writeIdentity(dir, 'f'.repeat(64), sizes);
    expect(codeIdentity(path.join(dir, 'index.js'))).toBe(hashed);
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a record that is not a hash is not taken', () => {
    const dir = bundleDir();
    const hashed = codeIdentity(path.join(dir, 'index.js'));
    writeIdentity(dir, 'not-a-hash', { 'index.js': 3, '1.index.js': 5 });
    expect(codeIdentity(path.join(dir, 'index.js'))).toBe(hashed);
  });
});
