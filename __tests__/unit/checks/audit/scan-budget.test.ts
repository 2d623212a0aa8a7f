// One budget per platform, summed over its layers: the hostile images through auditPushedImage
// (a fake registry on loopback, four layers read at a time), and the budgets themselves.
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { auditPushedImage, type ArchAuditOptions } from '../../../../src/checks/audit/arch-audit.js';
import { PlatformBudget, SharedAllowance } from '../../../../src/checks/audit/scan-budget.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import { AARCH64, elf, FakeRegistry, layer, sessionReaders, sha256, X86_64 } from '../../../helpers/audit-registry.js';
import { paxRecord, tar } from '../../../helpers/layers.js';
import type { PlatformAudit } from '../../../../src/model/checks.js';

const amd64 = parsePlatform('linux/amd64');
const arm64 = parsePlatform('linux/arm64');
const MiB = 1024 * 1024;

/** The audit, with what it logged: "N layer(s) read (E entries, B bytes decompressed) … K not opened". */
async function audited(reference: string, platforms = [amd64], limits: Partial<ArchAuditOptions> = {}) {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  let audits: PlatformAudit[];
  try {
    audits = await auditPushedImage(reference, platforms, { registryFor: sessionReaders(), ignore: [], ...limits });
  } finally {
    spy.mockRestore();
  }
  const line = lines.find((entry) => entry.includes('layer(s) read')) ?? '';
  const figure = (pattern: RegExp): number => Number(pattern.exec(line)?.[1] ?? NaN);
  return {
    audits,
    line,
    read: figure(/(\d+) layer\(s\) read/),
    entries: figure(/\((\d+) entries/),
    bytes: figure(/entries, (\d+) bytes decompressed/),
    notOpened: /(\d+) not opened/.test(line) ? figure(/(\d+) not opened/) : 0
  };
}

describe('one budget per platform, summed over its layers', () => {
  const registry = new FakeRegistry();
  const saved = process.env['RUNNER_TOOL_CACHE'];
  let toolCache = '';
  beforeAll(() => registry.start());
  afterAll(async () => {
    await registry.stop();
    if (saved === undefined) delete process.env['RUNNER_TOOL_CACHE'];
    else process.env['RUNNER_TOOL_CACHE'] = saved;
  });
  beforeEach(() => {
    toolCache = mkdtempSync(path.join(tmpdir(), 'scan-budget-cache-'));
    process.env['RUNNER_TOOL_CACHE'] = toolCache;
    registry.blobReads.length = 0;
  });
  afterEach(() => rmSync(toolCache, { recursive: true, force: true }));

  test('20 layers of 1,000 entries under files=1000: at most 1,000 entries parsed, the other layers never opened', async () => {
    const layers = Array.from({ length: 20 }, (_, index) =>
      gzipSync(tar(Array.from({ length: 1000 }, (_, entry) => ({ name: `l${index}/f${entry}`, content: 'x' }))))
    );
    const run = await audited(registry.addImage('hostile/entries', { 'linux/amd64': layers }), [amd64], {
      maxFiles: 1000
    });
    expect(run.audits[0]).toMatchObject({ status: 'incomplete', result: { truncated: 'entry limit 1000 reached' } });
    // Before: every layer read whole, 20 layers and 20,000 entries.
    expect(run.entries).toBeLessThanOrEqual(1000);
    expect(run.read).toBeLessThanOrEqual(4);
    expect(registry.blobReads.length).toBeLessThanOrEqual(4);
    expect(run.notOpened).toBe(20 - run.read);
  });

  test('6 gzip bombs under size=4MiB: at most 4 MiB inflated in all', async () => {
    const bombs = Array.from({ length: 6 }, (_, index) =>
      gzipSync(tar([{ name: `bomb${index}`, content: Buffer.alloc(8 * MiB) }]), { level: 9 })
    );
    const run = await audited(registry.addImage('hostile/bombs', { 'linux/amd64': bombs }), [amd64], {
      maxBytes: 4 * MiB
    });
    expect(run.audits[0]).toMatchObject({
      status: 'incomplete',
      result: { truncated: 'size limit of 4194304 bytes reached' }
    });
    // Before: each layer got the whole 4 MiB, 24 MiB from 49 KB.
    expect(run.bytes).toBeLessThanOrEqual(4 * MiB);
    expect(run.read + run.notOpened).toBe(6);
    expect(run.notOpened).toBeGreaterThanOrEqual(2);
  });

  test('PAX path records past PATH_MAX: the scan stops at the first, and the audit says why', async () => {
    const long = 'a'.repeat(180_000);
    const entries = Array.from({ length: 200 }, (_, index) => [
      { name: `PaxHeaders/${index}`, type: 'x', content: paxRecord('path', `${long}/${index}`) },
      { name: `short${index}`, content: 'x' }
    ]).flat();
    const run = await audited(registry.addImage('hostile/pax', { 'linux/amd64': [gzipSync(tar(entries))] }));
    expect(run.audits[0]?.status).toBe('incomplete');
    expect(run.audits[0]?.message).toContain('a path or link name longer than 4096 bytes after 0 entries');
    expect(run.audits[0]?.message).toContain('the layer is damaged or was made to exhaust the audit');
    expect(run.audits[0]?.message).not.toContain('arch-audit-limits');
    // Before: 36 MB of path strings parsed and kept; now one decompressed chunk, and no entry.
    expect(run.entries).toBe(0);
    expect(run.bytes).toBeLessThanOrEqual(MiB);
  });

  test('a layer another platform still has room for is read whole for it', async () => {
    const big = layer(Object.fromEntries(Array.from({ length: 5 }, (_, index) => [`big/${index}`, elf(X86_64)])));
    const shared = layer({ 'opt/tool': elf(AARCH64), 'opt/x86': elf(X86_64) });
    const reference = registry.addImage('hostile/shared', { 'linux/amd64': [big, shared], 'linux/arm64': [shared] });
    const run = await audited(reference, [amd64, arm64], { maxFiles: 5 });
    // amd64 spent its five entries on its own layer, arm64 still has room: the shared layer is read for it.
    expect(run.audits[0]).toMatchObject({ platform: 'linux/amd64', status: 'incomplete' });
    expect(run.audits[1]).toMatchObject({
      platform: 'linux/arm64',
      status: 'fail',
      result: { scannedEntries: 2, mismatches: [{ path: '/opt/x86' }] }
    });
    expect(registry.reads(sha256(shared))).toBe(1);
  });

  test('a layer from the scan cache spends the budget too: the layers after it are not opened', async () => {
    const full = gzipSync(tar(Array.from({ length: 10 }, (_, index) => ({ name: `f${index}`, content: 'x' }))));
    const next = layer({ 'app/server': elf(X86_64) });
    await audited(registry.addImage('hostile/cached-first', { 'linux/amd64': [full] }));
    registry.blobReads.length = 0;
    const run = await audited(registry.addImage('hostile/cached', { 'linux/amd64': [full, next] }), [amd64], {
      maxFiles: 10
    });
    expect(registry.blobReads).toEqual([]);
    expect(run.notOpened).toBe(1);
    expect(run.audits[0]).toMatchObject({ status: 'incomplete', result: { truncated: 'entry limit 10 reached' } });
  });
});

describe('the budgets', () => {
  test('a platform budget hands out each entry once, and never goes below nothing', () => {
    const budget = new PlatformBudget({ maxFiles: 2, maxBytes: 100 });
    expect([budget.takeEntry(), budget.takeEntry(), budget.takeEntry()]).toEqual([true, true, false]);
    budget.spendBytes(150);
    expect([budget.entries(), budget.bytes(), budget.spent()]).toEqual([0, 0, true]);
  });

  test('a shared layer is read while any of its platforms has room, and charged to each that has', () => {
    const roomy = new PlatformBudget({ maxFiles: 3, maxBytes: 1000 });
    const tight = new PlatformBudget({ maxFiles: 1, maxBytes: 10 });
    const shared = new SharedAllowance([roomy, tight]);
    expect([shared.takeEntry(), shared.takeEntry()]).toEqual([true, true]);
    expect([roomy.entries(), tight.entries()]).toEqual([1, 0]);
    shared.spendBytes(20);
    expect([roomy.bytes(), tight.bytes(), shared.bytes()]).toEqual([980, 0, 980]);
    expect(shared.spent()).toBeUndefined();
    expect(shared.takeEntry()).toBe(true);
    expect([shared.takeEntry(), shared.spent()]).toEqual([false, 'entries']);
  });
});
