import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { auditCacheDir, auditPushedImage, type ArchAuditOptions } from '../../src/checks/audit/arch-audit.js';
import { isLayerScan } from '../../src/checks/audit/elf-audit.js';
import { parsePlatform } from '../../src/planning/platforms.js';

const sha256 = (content: Buffer | string): string => `sha256:${createHash('sha256').update(content).digest('hex')}`;

// --- layers: a minimal ustar writer and fake ELF headers --------------------------------------

function header(name: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(type, 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function layer(files: Record<string, Buffer | string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const bytes = Buffer.from(content);
    parts.push(header(name, bytes.length, '0'), bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

function elf(machine: number): Buffer {
  const buffer = Buffer.alloc(64);
  buffer.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  buffer.writeUInt16LE(2, 16);
  buffer.writeUInt16LE(machine, 18);
  return buffer;
}

const X86_64 = 62;
const AARCH64 = 183;
const osRelease = 'ID=demo\n';
// Shared by both platforms: a foreign helper only arm64 should be failed for.
const base = layer({ 'etc/os-release': osRelease, 'opt/x86/helper': elf(X86_64) });
const appAmd64 = layer({ 'app/server': elf(X86_64) });
const appArm64 = layer({ 'app/server': elf(AARCH64) });

// --- a registry serving manifests and blobs, counting blob reads ------------------------------

class FakeRegistry {
  readonly server: Server;
  port = 0;
  readonly blobReads: string[] = [];
  private readonly manifests = new Map<string, { body: Buffer; contentType: string }>();
  private readonly blobs = new Map<string, Buffer>();

  constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reads(digest: string): number {
    return this.blobReads.filter((read) => read === digest).length;
  }

  addBlob(content: Buffer): { mediaType: string; digest: string; size: number } {
    const digest = sha256(content);
    this.blobs.set(digest, content);
    return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: content.length };
  }

  addManifest(
    repository: string,
    reference: string,
    json: unknown,
    contentType: string
  ): { digest: string; size: number } {
    const body = Buffer.from(JSON.stringify(json));
    this.manifests.set(`${repository}/${reference}`, { body, contentType });
    this.manifests.set(`${repository}/${sha256(body)}`, { body, contentType });
    return { digest: sha256(body), size: body.length };
  }

  /** An index of image manifests, one per platform, each listing its layers; returns the tag's reference. */
  addImage(repository: string, images: Record<string, Buffer[]>): string {
    const config = this.addBlob(Buffer.from('{}'));
    const manifests = Object.entries(images).map(([platform, layers]) => {
      const image = this.addManifest(
        repository,
        `${platform}-image`,
        {
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { ...config, mediaType: 'application/vnd.oci.image.config.v1+json' },
          layers: layers.map((content) => this.addBlob(content))
        },
        'application/vnd.oci.image.manifest.v1+json'
      );
      const [os = '', architecture = ''] = platform.split('/');
      return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...image, platform: { os, architecture } };
    });
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
    this.addManifest(repository, '1', index, 'application/vnd.oci.image.index.v1+json');
    return `127.0.0.1:${this.port}/${repository}:1`;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
    if (!match) return void response.writeHead(404).end();
    const [, repository = '', kind, reference = ''] = match;
    if (kind === 'manifests') {
      const stored = this.manifests.get(`${repository}/${reference}`);
      if (!stored) return void response.writeHead(404).end();
      return void response
        .writeHead(200, { 'Content-Type': stored.contentType, 'Docker-Content-Digest': sha256(stored.body) })
        .end(stored.body);
    }
    this.blobReads.push(reference);
    const blob = this.blobs.get(reference);
    if (!blob) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(blob);
  }
}

// --------------------------------------------------------------------------------------------

const amd64 = parsePlatform('linux/amd64');
const arm64 = parsePlatform('linux/arm64');
const x86exec = { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' };

describe('auditPushedImage, layer by layer', () => {
  const registry = new FakeRegistry();
  const savedToolCache = process.env['RUNNER_TOOL_CACHE'];
  let toolCache = '';
  const options: ArchAuditOptions = { dockerConfigDir: path.join(tmpdir(), 'no-such-docker-config'), ignore: [] };

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

  const cacheFiles = (): string[] => readdirSync(auditCacheDir()).map((name) => path.join(auditCacheDir(), name));

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
          scannedFiles: 3,
          scannedBytes: osRelease.length + 128,
          elfFiles: 2,
          mismatches: []
        },
        message: 'linux/amd64 image has no executables for another architecture among 2 ELF files.'
      },
      {
        platform: 'linux/arm64',
        status: 'fail',
        result: {
          platform: 'linux/arm64',
          scannedFiles: 3,
          scannedBytes: osRelease.length + 128,
          elfFiles: 2,
          mismatches: [{ path: '/opt/x86/helper', info: x86exec }]
        },
        message: expect.stringMatching(
          /^linux\/arm64 image contains x86-64 executables: \/opt\/x86\/helper\. Likely causes/
        )
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
    expect(files.map((file) => isLayerScan(JSON.parse(readFileSync(file, 'utf8'))))).toEqual([true, true]);
  });

  test('the file limit counts across a platform’s layers, and a truncated scan is not cached', async () => {
    const reference = registry.addImage('demo/limited', {
      'linux/amd64': [base, appAmd64],
      'linux/arm64': [base, appArm64]
    });
    const limited = { ...options, maxFiles: 2 };
    const expected = (platform: string, status: string): unknown => ({
      platform,
      status,
      result: {
        platform,
        scannedFiles: 2,
        scannedBytes: osRelease.length + 64,
        elfFiles: 1,
        mismatches: status === 'fail' ? [{ path: '/opt/x86/helper', info: x86exec }] : [],
        truncated: 'file limit 2 reached'
      },
      message: expect.stringContaining('(scan stopped early: file limit 2 reached)') as unknown
    });
    expect(await auditPushedImage(reference, [amd64, arm64], limited)).toEqual([
      expected('linux/amd64', 'pass'),
      expected('linux/arm64', 'fail')
    ]);
    // Each layer fits the limit on its own, so every scan was whole and kept.
    expect(cacheFiles()).toHaveLength(3);

    const tooSmall = { ...options, maxFiles: 1 };
    rmSync(auditCacheDir(), { recursive: true });
    registry.blobReads.length = 0;
    const [audit] = await auditPushedImage(reference, [amd64], tooSmall);
    expect(audit?.result).toEqual({
      platform: 'linux/amd64',
      scannedFiles: 1,
      scannedBytes: osRelease.length,
      elfFiles: 0,
      mismatches: [],
      truncated: 'file limit 1 reached'
    });
    // The base layer's scan stopped at the limit: only the app layer was kept.
    expect(cacheFiles()).toHaveLength(1);
    registry.blobReads.length = 0;
    await auditPushedImage(reference, [amd64], tooSmall);
    expect(registry.blobReads).toEqual([sha256(base)]);
  });

  test('a layer that cannot be read skips only the platforms that have it', async () => {
    const garbage = Buffer.alloc(1024, 0x41);
    const reference = registry.addImage('demo/garbage', {
      'linux/amd64': [base, garbage],
      'linux/arm64': [base, appArm64]
    });
    const audits = await auditPushedImage(reference, [amd64, arm64], options);
    expect(audits[0]).toEqual({
      platform: 'linux/amd64',
      status: 'skipped',
      message: `linux/amd64: could not audit ${reference}: Layer 2 (${sha256(garbage)}): not a tar archive (bad header checksum at byte 0)`
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
