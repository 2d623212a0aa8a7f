// Layers for the audit's tests: a small ustar writer (with GNU base-256 sizes, long names, pax and
// link entries), fake ELF headers for every architecture the audit knows, and a sample layer.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { auditLayers } from '../../src/checks/audit/elf-audit.js';
import type { AuditLimits } from '../../src/checks/audit/layer-scan.js';
import { parsePlatform } from '../../src/model/platforms.js';
import type { AuditResult } from '../../src/model/checks.js';

// --- a tiny ustar writer -------------------------------------------------------------------

export interface Entry {
  name: string;
  type?: string;
  content?: Buffer | string;
  linkname?: string;
  prefix?: string;
  /** Write the size field in GNU base-256 instead of octal. */
  base256?: boolean;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: Entry, size: number): Buffer {
  const block = Buffer.alloc(512);
  block.write(entry.name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  if (entry.base256) {
    block[124] = 0x80;
    block.writeUIntBE(size, 130, 6);
  } else {
    block.write(octal(size, 12), 124, 'latin1');
  }
  block.write(octal(0, 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(entry.type ?? '0', 156, 'latin1');
  block.write(entry.linkname ?? '', 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  block.write(entry.prefix ?? '', 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

export function tar(entries: Entry[], trailer = 1024): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    parts.push(header(entry, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(trailer));
  return Buffer.concat(parts);
}

export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return `${length}${body}`;
}

// --- fake ELF headers -----------------------------------------------------------------------

export const EXEC = 2;
export const DYN = 3;
export const REL = 1;
export const EM = {
  x86_64: 62,
  aarch64: 183,
  arm: 40,
  i386: 3,
  riscv: 243,
  s390: 22,
  ppc64: 21,
  loongarch: 258,
  mips: 8
};

export function elf(
  machine: number,
  options: { bits?: 32 | 64; le?: boolean; type?: number; padTo?: number } = {}
): Buffer {
  const { bits = 64, le = true, type = EXEC, padTo = 64 } = options;
  const buffer = Buffer.alloc(Math.max(64, padTo));
  buffer.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, le ? 1 : 2, 1], 0);
  if (le) {
    buffer.writeUInt16LE(type, 16);
    buffer.writeUInt16LE(machine, 18);
  } else {
    buffer.writeUInt16BE(type, 16);
    buffer.writeUInt16BE(machine, 18);
  }
  return buffer;
}

export function stream(buffer: Buffer, chunkSize = 4096): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

/** A gzip layer of the given files, as a registry serves one. */
export function layer(files: Record<string, Buffer | string>): Buffer {
  return gzipSync(tar(Object.entries(files).map(([name, content]) => ({ name, content }))));
}

// --- auditing layers ----------------------------------------------------------------------------

export const noLimits: AuditLimits = { maxFiles: 100000, maxBytes: 1 << 30 };

/** auditLayers over the given tar archives, each streamed in 4 KiB chunks. */
export function audit(
  platform: string,
  layers: Buffer[],
  ignore: string[] = [],
  limits: AuditLimits = noLimits
): Promise<AuditResult> {
  return auditLayers(
    parsePlatform(platform),
    layers.map((layer) => stream(layer)),
    ignore,
    limits
  );
}

/** The paths of an audit's mismatches, in its order. */
export const paths = (result: AuditResult): string[] => result.mismatches.map((finding) => finding.path);

/** A correct arm64 base: a directory, busybox and the loader, a symlink and a text file. */
export const alpineArm64 = tar([
  { name: 'bin/', type: '5' },
  { name: 'bin/busybox', content: elf(EM.aarch64, { type: DYN, padTo: 900 }) },
  { name: 'bin/sh', type: '2', linkname: '/bin/busybox' },
  { name: 'lib/ld-musl-aarch64.so.1', content: elf(EM.aarch64, { type: DYN }) },
  { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' }
]);
