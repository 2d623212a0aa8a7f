// auditPushedImage: each platform of a pushed image audited layer by layer, through the registry,
// with the scan cache, and the layers of the final stage's base image skipped; and the verdicts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { auditPushedImage, auditVerdicts, type ArchAuditOptions } from '../../../../src/checks/audit/arch-audit.js';
import { auditCacheDir, isLayerScan } from '../../../../src/checks/audit/scan-cache.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import { AARCH64, elf, FakeRegistry, layer, sessionReaders, sha256, X86_64 } from '../../../helpers/audit-registry.js';
import type { PlatformAudit } from '../../../../src/model/checks.js';

const osRelease = 'ID=demo\n';
// Shared by both platforms: a foreign helper only arm64 should be failed for.
const base = layer({ 'etc/os-release': osRelease, 'opt/x86/helper': elf(X86_64) });
const appAmd64 = layer({ 'app/server': elf(X86_64) });
const appArm64 = layer({ 'app/server': elf(AARCH64) });
const baseAmd64 = layer({ 'bin/sh': elf(X86_64) });
// A foreign helper in the base: the audit of what the Dockerfile added does not look at it.
const baseArm64 = layer({ 'bin/sh': elf(AARCH64), 'opt/x86/helper': elf(X86_64) });
const tarLength = (compressed: Buffer): number => gunzipSync(compressed).length;

const amd64 = parsePlatform('linux/amd64');
const arm64 = parsePlatform('linux/arm64');
const x86exec = { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' };

describe('auditPushedImage, layer by layer', () => {
  const registry = new FakeRegistry();
  const savedToolCache = process.env['RUNNER_TOOL_CACHE'];
  let toolCache = '';
  const options: ArchAuditOptions = { registryFor: sessionReaders(), ignore: [] };

  beforeAll(async () => {
    await registry.start();
  });
  afterAll(async () => {
    await registry.stop();
    if (savedToolCache === undefined) delete process.env['RUNNER_TOOL_CACHE'];
    else process.env['RUNNER_TOOL_CACHE'] = savedToolCache;
  });
  beforeEach(() => {
    toolCache = mkdtempSync(path.join(tmpdir(), 'arch-audit-cache-'));
    process.env['RUNNER_TOOL_CACHE'] = toolCache;
    registry.blobReads.length = 0;
  });
  afterEach(() => {
    rmSync(toolCache, { recursive: true, force: true });
  });

  const cacheDir = (): string => auditCacheDir() ?? '';
  const cacheFiles = (): string[] => readdirSync(cacheDir()).map((name) => path.join(cacheDir(), name));

  test('a layer shared by two platforms is read once, and composed per platform', async () => {
    const reference = registry.addImage('demo/shared', {
      'linux/amd64': [base, appAmd64],
      'linux/arm64': [base, appArm64]
    });
    const audits = await auditPushedImage(reference, [amd64, arm64], options);
    expect(registry.reads(sha256(base))).toBe(1);
    expect(registry.reads(sha256(appAmd64))).toBe(1);
    expect(registry.reads(sha256(appArm64))).toBe(1);
    expect(registry.blobReads).toHaveLength(3);
    expect(audits).toEqual([
      {
        platform: 'linux/amd64',
        status: 'pass',
        result: {
          platform: 'linux/amd64',
          scannedEntries: 3,
          scannedFiles: 3,
          scannedBytes: tarLength(base) + tarLength(appAmd64),
          elfFiles: 2,
          mismatches: []
        },
        message: 'linux/amd64 image has no executables for another architecture among 2 ELF files.',
        layers: { scanned: 2, skipped: 0 }
      },
      {
        platform: 'linux/arm64',
        status: 'fail',
        layers: { scanned: 2, skipped: 0 },
        result: {
          platform: 'linux/arm64',
          scannedEntries: 3,
          scannedFiles: 3,
          scannedBytes: tarLength(base) + tarLength(appArm64),
          elfFiles: 2,
          mismatches: [{ path: '/opt/x86/helper', info: x86exec }]
        },
        message: expect.stringMatching(
          /^linux\/arm64 image contains x86-64 executables: \/opt\/x86\/helper\. Likely causes/
        ) as unknown
      }
    ]);
    expect(cacheFiles()).toHaveLength(3);
  });

  test('cached layers are not read again, and give the same answer', async () => {
    const reference = registry.addImage('demo/cached', {
      'linux/amd64': [base, appAmd64],
      'linux/arm64': [base, appArm64]
    });
    const first = await auditPushedImage(reference, [amd64, arm64], options);
    registry.blobReads.length = 0;
    const second = await auditPushedImage(reference, [amd64, arm64], { ...options, ignore: ['/opt/x86/**'] });
    expect(registry.blobReads).toEqual([]);
    expect(second[0]).toEqual(first[0]);
    // The ignore globs apply when composing, so a cached scan serves other globs too.
    expect(second[1]).toMatchObject({
      platform: 'linux/arm64',
      status: 'pass',
      result: { scannedFiles: 3, elfFiles: 2, mismatches: [] }
    });
    // A rebuilt image sharing only its base layer reads only its new layer.
    const rebuilt = registry.addImage('demo/rebuilt', {
      'linux/amd64': [base, layer({ 'app/server': elf(X86_64), 'app/VERSION': '2\n' })]
    });
    const [audit] = await auditPushedImage(rebuilt, [amd64], options);
    expect(registry.reads(sha256(base))).toBe(0);
    expect(registry.blobReads).toHaveLength(1);
    expect(audit).toMatchObject({ status: 'pass', result: { scannedFiles: 4, elfFiles: 2 } });
  });

  test('a damaged cache file is ignored and replaced', async () => {
    const reference = registry.addImage('demo/damaged', { 'linux/amd64': [base, appAmd64] });
    const first = await auditPushedImage(reference, [amd64], options);
    const files = cacheFiles();
    expect(files).toHaveLength(2);
    const [truncatedJson, wrongShape] = files as [string, string];
    writeFileSync(truncatedJson, readFileSync(truncatedJson, 'utf8').slice(0, 20));
    writeFileSync(wrongShape, JSON.stringify({ entries: 'none', scannedFiles: 0, scannedBytes: 0 }));
    registry.blobReads.length = 0;
    expect(await auditPushedImage(reference, [amd64], options)).toEqual(first);
    expect(registry.blobReads).toHaveLength(2);
    const records = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as { scan: unknown; digest: string });
    expect(records.map((record) => isLayerScan(record.scan))).toEqual([true, true]);
  });

  test('the entry limit counts across a platform’s layers; a cut scan is incomplete, and not cached', async () => {
    const reference = registry.addImage('demo/limited', {
      'linux/amd64': [base, appAmd64],
      'linux/arm64': [base, appArm64]
    });
    // Whole scans first, from the cache then: the limited audit composes them under its bound.
    await auditPushedImage(reference, [amd64, arm64], options);
    expect(cacheFiles()).toHaveLength(3);
    registry.blobReads.length = 0;
    const [amd, arm] = await auditPushedImage(reference, [amd64, arm64], { ...options, maxFiles: 2 });
    expect(registry.blobReads).toEqual([]);
    // Nothing foreign in what was read, but not everything was read: not a pass.
    expect(amd).toMatchObject({
      platform: 'linux/amd64',
      status: 'incomplete',
      result: { scannedEntries: 2, elfFiles: 1, mismatches: [], truncated: 'entry limit 2 reached' }
    });
    expect(amd?.message).toMatch(
      /^linux\/amd64: the audit is incomplete: entry limit 2 reached after 2 entries .*arch-audit-limits/
    );
    // What was read is enough to fail arm64.
    expect(arm).toMatchObject({
      platform: 'linux/arm64',
      status: 'fail',
      result: { mismatches: [{ path: '/opt/x86/helper', info: x86exec }], truncated: 'entry limit 2 reached' }
    });
    expect(arm?.message).toContain('(scan stopped early: entry limit 2 reached)');

    // A scan a bound cut short is not kept: the next run reads the layer again.
    const lone = registry.addImage('demo/limited-lone', { 'linux/amd64': [base] });
    rmSync(cacheDir(), { recursive: true });
    registry.blobReads.length = 0;
    const tooSmall = { ...options, maxFiles: 1 };
    const [audit] = await auditPushedImage(lone, [amd64], tooSmall);
    expect(audit).toMatchObject({
      status: 'incomplete',
      result: { scannedEntries: 1, truncated: 'entry limit 1 reached' }
    });
    expect(cacheFiles()).toHaveLength(0);
    await auditPushedImage(lone, [amd64], tooSmall);
    expect(registry.blobReads).toEqual([sha256(base), sha256(base)]);
  });

  test('a layer that cannot be read makes only the platforms that have it incomplete', async () => {
    const garbage = Buffer.alloc(1024, 0x41);
    const reference = registry.addImage('demo/garbage', {
      'linux/amd64': [base, garbage],
      'linux/arm64': [base, appArm64]
    });
    const audits = await auditPushedImage(reference, [amd64, arm64], options);
    expect(audits[0]).toEqual({
      platform: 'linux/amd64',
      status: 'incomplete',
      layers: { scanned: 2, skipped: 0 },
      message: expect.stringMatching(
        `^linux/amd64: the audit is incomplete: layer 2 \\(${sha256(garbage)}\\) could not be read: not a readable tar archive`
      ) as unknown
    });
    expect(audits[1]).toMatchObject({
      platform: 'linux/arm64',
      status: 'fail',
      result: { scannedFiles: 3, elfFiles: 2 }
    });
    expect(registry.reads(sha256(base))).toBe(1);
    expect(cacheFiles()).toHaveLength(2);
  });
});

describe('the audit’s layer digests', () => {
  const registry = new FakeRegistry();
  beforeAll(() => registry.start());
  afterAll(() => registry.stop());

  test('a manifest naming a layer sha256:../../x leaves the platform incomplete, and no blob is asked for', async () => {
    const config = registry.addBlob(Buffer.from('{}'));
    const manifestType = 'application/vnd.oci.image.manifest.v1+json';
    const image = registry.addManifest(
      'demo/traversal',
      'amd64-image',
      {
        schemaVersion: 2,
        mediaType: manifestType,
        config: { ...config, mediaType: 'application/vnd.oci.image.config.v1+json' },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:../../x', size: 10 }]
      },
      manifestType
    );
    const indexType = 'application/vnd.oci.image.index.v1+json';
    const entry = { mediaType: manifestType, ...image, platform: { os: 'linux', architecture: 'amd64' } };
    registry.addManifest(
      'demo/traversal',
      '1',
      { schemaVersion: 2, mediaType: indexType, manifests: [entry] },
      indexType
    );
    const [audit] = await auditPushedImage(`127.0.0.1:${registry.port}/demo/traversal:1`, [amd64], {
      registryFor: sessionReaders(),
      ignore: []
    });
    expect(audit?.status).toBe('incomplete');
    expect(audit?.message).toContain(`manifest ${image.digest} names a layer: 'sha256:../../x' is not a digest`);
    expect(registry.blobReads).toEqual([]);
  });
});

describe('auditPushedImage with the final stage’s base image', () => {
  const registry = new FakeRegistry();
  const saved = process.env['RUNNER_TOOL_CACHE'];
  let toolCache = '';
  let baseImage = '';
  const options = { registryFor: sessionReaders(), ignore: [] as string[] };

  beforeAll(async () => {
    await registry.start();
    baseImage = registry.addImage('library/base', { 'linux/amd64': [baseAmd64], 'linux/arm64': [baseArm64] });
  });
  afterAll(async () => {
    await registry.stop();
    if (saved === undefined) delete process.env['RUNNER_TOOL_CACHE'];
    else process.env['RUNNER_TOOL_CACHE'] = saved;
  });
  beforeEach(() => {
    toolCache = mkdtempSync(path.join(tmpdir(), 'arch-audit-base-'));
    process.env['RUNNER_TOOL_CACHE'] = toolCache;
    registry.blobReads.length = 0;
  });
  afterEach(() => rmSync(toolCache, { recursive: true, force: true }));

  test('the base image’s layers for the same platform are skipped, not read', async () => {
    const image = registry.addImage('demo/on-base', {
      'linux/amd64': [baseAmd64, appAmd64],
      'linux/arm64': [baseArm64, appArm64]
    });
    const audits = await auditPushedImage(image, [amd64, arm64], { ...options, baseImage });
    expect(audits.map(({ platform, status, layers }) => ({ platform, status, layers }))).toEqual([
      { platform: 'linux/amd64', status: 'pass', layers: { scanned: 1, skipped: 1 } },
      { platform: 'linux/arm64', status: 'pass', layers: { scanned: 1, skipped: 1 } }
    ]);
    expect(registry.blobReads.sort()).toEqual([sha256(appAmd64), sha256(appArm64)].sort());
  });

  test('a base whose layers are another platform’s fails that platform without a scan', async () => {
    // FROM --platform=$BUILDPLATFORM base on an amd64 runner: every platform starts with amd64's layers.
    const image = registry.addImage('demo/build-platform-base', {
      'linux/amd64': [baseAmd64, appAmd64],
      'linux/arm64': [baseAmd64, appArm64]
    });
    const [amd, arm] = await auditPushedImage(image, [amd64, arm64], { ...options, baseImage });
    expect(amd).toMatchObject({ status: 'pass', layers: { scanned: 1, skipped: 1 } });
    expect(arm).toEqual({
      platform: 'linux/arm64',
      status: 'fail',
      message: expect.stringMatching(
        /^linux\/arm64 image is built on the linux\/amd64 image of its base .*library\/base:1: its first 1 layers .*FROM --platform=\$BUILDPLATFORM.*pinned to one platform/
      ) as unknown
    });
    expect(registry.blobReads).toEqual([sha256(appAmd64)]);
  });

  test('a base that does not match, or cannot be read, leaves the image scanned whole', async () => {
    const image = registry.addImage('demo/other-base', {
      'linux/amd64': [layer({ 'bin/sh': elf(X86_64), v: '2' }), appAmd64]
    });
    const [moved] = await auditPushedImage(image, [amd64], { ...options, baseImage });
    expect(moved).toMatchObject({ status: 'pass', layers: { scanned: 2, skipped: 0 } });
    const missing = `127.0.0.1:${registry.port}/library/none:1`;
    const [unread] = await auditPushedImage(image, [amd64], { ...options, baseImage: missing });
    expect(unread).toMatchObject({ status: 'pass', layers: { scanned: 2, skipped: 0 } });
  });

  test('a blob the registry will not serve leaves the platform incomplete, not skipped', async () => {
    const lost = layer({ 'app/lost': elf(X86_64) });
    const image = registry.addImage('demo/lost-blob', { 'linux/amd64': [baseAmd64, lost] });
    registry.dropBlob(sha256(lost));
    const [audit] = await auditPushedImage(image, [amd64], options);
    expect(audit?.status).toBe('incomplete');
    expect(audit?.message).toContain(`layer 2 (${sha256(lost)}) could not be read`);
    expect(audit?.message).toContain('HTTP 404');
  });

  test('a compression the runtime cannot read leaves the platform incomplete', async () => {
    // zstd's magic number, then bytes no zstd decoder accepts.
    const zstd = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), gzipSync('not zstd')]);
    const image = registry.addImage('demo/zstd', { 'linux/amd64': [zstd] });
    const [audit] = await auditPushedImage(image, [amd64], options);
    expect(audit?.status).toBe('incomplete');
    expect(audit?.message).toContain('could not be read');
  });
});

describe('auditVerdicts', () => {
  const audit = (status: PlatformAudit['status']): PlatformAudit => ({
    platform: 'linux/arm64',
    status,
    message: `m-${status}`
  });
  it.each<[PlatformAudit['status'], 'error' | 'warn', string[], string[], number]>([
    ['fail', 'error', ['m-fail'], [], 0],
    ['fail', 'warn', [], ['m-fail'], 0],
    ['incomplete', 'error', ['incomplete: m-incomplete'], [], 0],
    ['incomplete', 'warn', [], ['incomplete: m-incomplete'], 0],
    ['pass', 'error', [], [], 1],
    ['skipped', 'error', [], [], 1]
  ])('%s under %s', (status, level, failures, warnings, notes) => {
    const verdicts = auditVerdicts([audit(status)], level);
    expect(verdicts.failures).toEqual(failures);
    expect(verdicts.warnings).toEqual(warnings);
    expect(verdicts.notes).toHaveLength(notes);
  });
});
