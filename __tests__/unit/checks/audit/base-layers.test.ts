import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { auditPushedImage, auditVerdicts } from '../../../../src/checks/audit/arch-audit.js';
import { matchBase } from '../../../../src/checks/audit/base-layers.js';
import { finalStageBase } from '../../../../src/checks/audit/final-base.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import { AARCH64, elf, FakeRegistry, layer, sessionReaders, sha256, X86_64 } from '../../../helpers/audit-registry.js';
import type { PlatformAudit } from '../../../../src/model/checks.js';

const amd64 = parsePlatform('linux/amd64');
const arm64 = parsePlatform('linux/arm64');
const baseAmd64 = layer({ 'bin/sh': elf(X86_64) });
// A foreign helper in the base: the audit of what the Dockerfile added does not look at it.
const baseArm64 = layer({ 'bin/sh': elf(AARCH64), 'opt/x86/helper': elf(X86_64) });
const appAmd64 = layer({ 'app/server': elf(X86_64) });
const appArm64 = layer({ 'app/server': elf(AARCH64) });

describe('auditPushedImage with the final stage’s base image', () => {
  const registry = new FakeRegistry();
  const saved = process.env['RUNNER_TOOL_CACHE'];
  let toolCache = '';
  let base = '';
  const options = { registryFor: sessionReaders(), ignore: [] as string[] };

  beforeAll(async () => {
    await registry.start();
    base = registry.addImage('library/base', { 'linux/amd64': [baseAmd64], 'linux/arm64': [baseArm64] });
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
    const audits = await auditPushedImage(image, [amd64, arm64], { ...options, baseImage: base });
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
    const [amd, arm] = await auditPushedImage(image, [amd64, arm64], { ...options, baseImage: base });
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
    const [moved] = await auditPushedImage(image, [amd64], { ...options, baseImage: base });
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

describe('matchBase', () => {
  const base = new Map<string, string[]>([
    ['linux/amd64', ['a1', 'a2']],
    ['linux/arm64', ['r1']],
    ['linux/arm/v6', ['v6']]
  ]);
  it.each<[string, string[], ReturnType<typeof matchBase>]>([
    ['linux/amd64', ['a1', 'a2', 'app'], { kind: 'own', layers: 2 }],
    ['linux/arm64', ['r1', 'app'], { kind: 'own', layers: 1 }],
    ['linux/arm64', ['a1', 'a2', 'app'], { kind: 'foreign', basePlatform: 'linux/amd64', layers: 2 }],
    // Same ELF machine: an arm/v6 base under an arm/v7 image runs there.
    ['linux/arm/v7', ['v6', 'app'], { kind: 'own', layers: 1 }],
    ['linux/amd64/v3', ['a1', 'a2'], { kind: 'own', layers: 2 }],
    ['linux/amd64', ['a1', 'other'], { kind: 'none' }],
    ['linux/amd64', ['a1'], { kind: 'none' }],
    ['linux/riscv64', ['x', 'app'], { kind: 'none' }]
  ])('%s over %j', (platform, layers, expected) => {
    expect(matchBase(parsePlatform(platform), platform, layers, base)).toEqual(expected);
  });

  it('an empty base matches nothing', () => {
    expect(matchBase(amd64, 'linux/amd64', ['x'], new Map([['linux/amd64', []]]))).toEqual({ kind: 'none' });
  });
});

describe('finalStageBase', () => {
  it.each<[string, string, string, string | undefined]>([
    ['one stage', 'FROM alpine:3.20\nRUN true\n', '', 'alpine:3.20'],
    [
      'the last stage',
      'FROM golang:1.22 AS build\nRUN go build\nFROM debian:12-slim\nCOPY --from=build /x /x\n',
      '',
      'debian:12-slim'
    ],
    ['through stages', 'FROM python:3.12 AS base\nFROM base AS app\nFROM app\n', '', 'python:3.12'],
    ['by stage number', 'FROM busybox:1.36\nFROM 0\n', '', 'busybox:1.36'],
    ['a target', 'FROM alpine:3.20 AS small\nFROM debian:12 AS big\n', 'small', 'alpine:3.20'],
    ['global ARGs', 'ARG TAG=3.19\nFROM alpine:${TAG}\n', '', 'alpine:3.19'],
    ['the build platform', 'FROM --platform=$BUILDPLATFORM alpine:3.20\n', '', 'alpine:3.20'],
    ['scratch', 'FROM alpine:3.20 AS build\nFROM scratch\nCOPY --from=build /x /x\n', '', undefined],
    ['a per-target name', 'FROM app-${TARGETARCH}:1\n', '', undefined],
    ['an unknown target', 'FROM alpine:3.20\n', 'nope', undefined]
  ])('%s', (_name, dockerfile, target, expected) => {
    expect(finalStageBase(dockerfile, [], target)?.reference).toBe(expected);
  });

  it('uses build args for global ARGs', () => {
    expect(finalStageBase('ARG TAG=3.19\nFROM alpine:${TAG}\n', [{ key: 'TAG', value: '3.20' }])?.reference).toBe(
      'alpine:3.20'
    );
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
