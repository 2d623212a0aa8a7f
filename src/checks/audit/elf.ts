// The ELF side of the audit: what a file's first bytes say it was built for, and whether that fits a platform.
import { architectureTable, elfTarget, type Platform } from '../../model/platforms.js';
import type { ElfInfo, ElfMachine } from '../../model/checks.js';

export type ExpectedElf = Pick<ElfInfo, 'machine' | 'bits' | 'littleEndian'>;

/** Bytes of a file read to decode its ELF header. */
export const ELF_HEAD_BYTES = 64;

const machineByCode = new Map<number, ElfMachine>();
for (const row of architectureTable)
  if (!machineByCode.has(row.elf.code)) machineByCode.set(row.elf.code, row.elf.machine);
// EM_MIPS_RS3_LE, which old MIPS toolchains wrote.
machineByCode.set(10, 'mips');
const EM_PPC64 = 21;

const elfTypes: Record<number, ElfInfo['type']> = { 1: 'relocatable', 2: 'executable', 3: 'shared', 4: 'core' };

/** Decodes the start of an ELF header; undefined when it is not ELF or shorter than 20 bytes. */
export function readElfHeader(header: Buffer): ElfInfo | undefined {
  if (header.length < 20 || header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46)
    return undefined;
  const bits = header[4] === 1 ? 32 : header[4] === 2 ? 64 : undefined;
  const littleEndian = header[5] === 1 ? true : header[5] === 2 ? false : undefined;
  if (bits === undefined || littleEndian === undefined) return undefined;
  const type = littleEndian ? header.readUInt16LE(16) : header.readUInt16BE(16);
  const code = littleEndian ? header.readUInt16LE(18) : header.readUInt16BE(18);
  // EM_PPC64 covers both byte orders; Docker's platforms tell them apart.
  const machine = code === EM_PPC64 && !littleEndian ? 'ppc64' : (machineByCode.get(code) ?? 'other');
  return { machine, bits, littleEndian, type: elfTypes[type] ?? 'other' };
}

/** The ELF machine a Linux platform's binaries are built for; undefined for other OSes and unknown architectures. */
export function expectedMachine(platform: Platform): ExpectedElf | undefined {
  const target = elfTarget(platform);
  return target ? { machine: target.machine, bits: target.bits, littleEndian: target.littleEndian } : undefined;
}

/** Executables and shared objects only: objects and core dumps never run. */
export function isMismatch(info: ElfInfo, expected: ExpectedElf): boolean {
  if (info.type !== 'executable' && info.type !== 'shared') return false;
  return (
    info.machine !== expected.machine || info.bits !== expected.bits || info.littleEndian !== expected.littleEndian
  );
}

/** "x86-64", or "arm (32-bit)" when the word size or byte order is what differs. */
export function machineLabel(info: ElfInfo, expected: ExpectedElf | undefined): string {
  const label = info.machine === 'other' ? 'unknown-architecture' : info.machine;
  const details: string[] = [];
  if (!expected || info.bits !== expected.bits) details.push(`${info.bits}-bit`);
  if (expected && info.machine === expected.machine && info.littleEndian !== expected.littleEndian) {
    details.push(info.littleEndian ? 'little-endian' : 'big-endian');
  }
  return details.length ? `${label} (${details.join(', ')})` : label;
}
