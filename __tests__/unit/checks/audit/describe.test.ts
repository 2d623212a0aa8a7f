import { describeMismatch } from '../../../../src/checks/audit/describe.js';
import type { ElfInfo } from '../../../../src/model/checks.js';

describe('describeMismatch', () => {
  const x86: ElfInfo = { machine: 'x86-64', bits: 64, littleEndian: true, type: 'executable' };
  const arm: ElfInfo = { machine: 'arm', bits: 32, littleEndian: true, type: 'shared' };

  test('lists at most ten paths, then how many more', () => {
    const mismatches = Array.from({ length: 13 }, (_, i) => ({ path: `/bin/tool${i}`, info: x86 }));
    const message = describeMismatch({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 20,
      scannedBytes: 1,
      elfFiles: 13,
      mismatches
    });
    const listed = Array.from({ length: 10 }, (_, i) => `/bin/tool${i}`).join(', ');
    expect(message).toContain(`linux/arm64 image contains x86-64 executables: ${listed} and 3 more. Likely causes:`);
    expect(message).not.toContain('/bin/tool10');
  });

  test('several architectures are counted and named per path', () => {
    const message = describeMismatch({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 3,
      scannedBytes: 1,
      elfFiles: 3,
      mismatches: [
        { path: '/bin/busybox', info: x86 },
        { path: '/app/server', info: x86 },
        { path: '/usr/lib/libold.so', info: arm }
      ]
    });
    expect(message).toContain(
      'linux/arm64 image contains executables for other architectures (x86-64: 2, arm (32-bit): 1): /bin/busybox (x86-64), /app/server (x86-64), /usr/lib/libold.so (arm (32-bit))'
    );
  });

  test('two paths of one architecture, as in the usual failure', () => {
    const message = describeMismatch({
      platform: 'linux/arm64',
      scannedEntries: 1,
      scannedFiles: 2,
      scannedBytes: 1,
      elfFiles: 2,
      mismatches: [
        { path: '/bin/busybox', info: x86 },
        { path: '/app/server', info: x86 }
      ]
    });
    expect(
      message.startsWith('linux/arm64 image contains x86-64 executables: /bin/busybox, /app/server. Likely causes:')
    ).toBe(true);
  });

  test('a clean result says so', () => {
    expect(
      describeMismatch({
        platform: 'linux/arm/v7',
        scannedEntries: 5,
        scannedFiles: 5,
        scannedBytes: 9,
        elfFiles: 4,
        mismatches: []
      })
    ).toBe('linux/arm/v7 image has no executables for another architecture among 4 ELF files.');
  });
});
