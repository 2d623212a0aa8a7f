// readElfHeader and expectedMachine: what an ELF header says, and what a platform expects.
import { expectedMachine, readElfHeader } from '../../../../src/checks/audit/elf.js';
import { parsePlatform } from '../../../../src/model/platforms.js';
import type { ElfInfo } from '../../../../src/model/checks.js';
import { DYN, elf, EM, REL } from '../../../helpers/layers.js';

describe('readElfHeader', () => {
  test.each<[string, Buffer, ElfInfo | undefined]>([
    ['x86-64 executable', elf(EM.x86_64), { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' }],
    [
      'aarch64 PIE',
      elf(EM.aarch64, { type: DYN }),
      { machine: 'aarch64', bits: 64, littleEndian: true, type: 'shared' }
    ],
    ['arm 32-bit', elf(EM.arm, { bits: 32 }), { machine: 'arm', bits: 32, littleEndian: true, type: 'executable' }],
    [
      'i386 shared',
      elf(EM.i386, { bits: 32, type: DYN }),
      { machine: 'i386', bits: 32, littleEndian: true, type: 'shared' }
    ],
    ['riscv64', elf(EM.riscv), { machine: 'riscv64', bits: 64, littleEndian: true, type: 'executable' }],
    [
      's390x big-endian',
      elf(EM.s390, { le: false }),
      { machine: 's390x', bits: 64, littleEndian: false, type: 'executable' }
    ],
    ['ppc64 little-endian', elf(EM.ppc64), { machine: 'ppc64le', bits: 64, littleEndian: true, type: 'executable' }],
    [
      'ppc64 big-endian',
      elf(EM.ppc64, { le: false }),
      { machine: 'ppc64', bits: 64, littleEndian: false, type: 'executable' }
    ],
    [
      'loongarch64',
      elf(EM.loongarch, { type: DYN }),
      { machine: 'loongarch64', bits: 64, littleEndian: true, type: 'shared' }
    ],
    [
      'mips big-endian',
      elf(EM.mips, { le: false }),
      { machine: 'mips', bits: 64, littleEndian: false, type: 'executable' }
    ],
    [
      'relocatable object',
      elf(EM.x86_64, { type: REL }),
      { machine: 'x86-64', bits: 64, littleEndian: true, type: 'relocatable' }
    ],
    ['core dump', elf(EM.x86_64, { type: 4 }), { machine: 'x86-64', bits: 64, littleEndian: true, type: 'core' }],
    [
      'unknown machine and type',
      elf(9999, { type: 0xfe00 }),
      { machine: 'other', bits: 64, littleEndian: true, type: 'other' }
    ],
    [
      'exactly 20 bytes',
      elf(EM.aarch64).subarray(0, 20),
      { machine: 'aarch64', bits: 64, littleEndian: true, type: 'executable' }
    ],
    ['19 bytes', elf(EM.aarch64).subarray(0, 19), undefined],
    ['shell script', Buffer.from('#!/bin/sh\necho hello from a script\n'), undefined],
    ['bad class byte', Buffer.from(elf(EM.x86_64).fill(3, 4, 5)), undefined],
    ['bad data byte', Buffer.from(elf(EM.x86_64).fill(0, 5, 6)), undefined],
    ['empty', Buffer.alloc(0), undefined]
  ])('%s', (_name, buffer, expected) => {
    expect(readElfHeader(buffer)).toEqual(expected);
  });
});

describe('expectedMachine', () => {
  test.each<[string, ReturnType<typeof expectedMachine>]>([
    ['linux/amd64', { machine: 'x86-64', bits: 64, littleEndian: true }],
    ['linux/amd64/v3', { machine: 'x86-64', bits: 64, littleEndian: true }],
    ['linux/386', { machine: 'i386', bits: 32, littleEndian: true }],
    ['linux/arm64', { machine: 'aarch64', bits: 64, littleEndian: true }],
    ['linux/arm/v7', { machine: 'arm', bits: 32, littleEndian: true }],
    ['linux/arm/v6', { machine: 'arm', bits: 32, littleEndian: true }],
    ['linux/riscv64', { machine: 'riscv64', bits: 64, littleEndian: true }],
    ['linux/s390x', { machine: 's390x', bits: 64, littleEndian: false }],
    ['linux/ppc64le', { machine: 'ppc64le', bits: 64, littleEndian: true }],
    ['linux/loong64', { machine: 'loongarch64', bits: 64, littleEndian: true }],
    ['linux/mips64le', { machine: 'mips', bits: 64, littleEndian: true }],
    ['windows/amd64', undefined]
  ])('%s', (platform, expected) => {
    expect(expectedMachine(parsePlatform(platform))).toEqual(expected);
  });

  test('an architecture it has never heard of', () => {
    expect(expectedMachine({ os: 'linux', architecture: 'sparc64' })).toBeUndefined();
  });
});
