// The scans shared between runners: each record is trusted only when bound to its layer digest and
// to this audit's rules; the merge keeps this run's scans first and stays under its bound.
import { describe, expect, test } from '@jest/globals';
import { SCANNER_VERSION, type LayerScan } from '../../../../src/checks/audit/layer-scan.js';
import {
  auditRules,
  bundleKey,
  keyPrefix,
  mergeBundle,
  readBundle,
  SHARED_FORMAT,
  shareDecision
} from '../../../../src/checks/audit/shared-scans.js';

const digest = (letter: string): string => `sha256:${letter.repeat(64)}`;
const scanOf = (count: number, elf = false): LayerScan => ({
  entries: Array.from({ length: count }, (_, index) => ({
    path: `/bin/tool${index}`,
    kind: 'file' as const,
    end: 512 * (index + 1),
    ...(elf ? { elf: { machine: 'aarch64', bits: 64 as const, littleEndian: true, type: 'executable' as const } } : {})
  })),
  scannedFiles: count,
  scannedBytes: 512 * count
});
const rules = auditRules('code-of-this-build');
const A = digest('a');
const B = digest('b');

describe('the rules a shared scan is bound to', () => {
  test('change with the action’s code, and keys share a prefix per rules', () => {
    expect(auditRules('code-of-this-build')).toBe(rules);
    expect(auditRules('code-of-another-build')).not.toBe(rules);
    expect(rules).toMatch(/^[0-9a-f]{64}$/);
    const key = bundleKey(rules, '{"x":1}');
    expect(key.startsWith(keyPrefix(rules))).toBe(true);
    expect(key).not.toBe(bundleKey(rules, '{"x":2}'));
    expect(key).not.toMatch(/,/);
    expect(key.length).toBeLessThan(512);
    expect(keyPrefix(auditRules('other'))).not.toBe(keyPrefix(rules));
    expect(SCANNER_VERSION).toBeGreaterThan(0);
  });
});

describe('reading a shared bundle', () => {
  const good = { digest: A, rules, scan: scanOf(2, true) };
  const bundle = (records: Record<string, unknown>, format = SHARED_FORMAT): string =>
    JSON.stringify({ format, rules, records });

  test.each([
    ['a record bound to its digest and these rules', { [A]: good }, 1, 0],
    [
      'a record of other rules (another build, a stale or forged entry)',
      { [A]: { ...good, rules: auditRules('old') } },
      0,
      1
    ],
    ['a record with no rules', { [A]: { digest: A, scan: good.scan } }, 0, 1],
    ['a record filed under another layer’s digest', { [B]: good }, 0, 1],
    ['a record whose digest is not a digest', { 'sha256:../../x': { ...good, digest: 'sha256:../../x' } }, 0, 1],
    ['a record whose scan is not a scan', { [A]: { ...good, scan: { entries: 'none' } } }, 0, 1],
    [
      'a record of a truncated scan',
      { [A]: { ...good, scan: { ...good.scan, truncated: 'entry limit 1 reached' } } },
      0,
      1
    ],
    ['a record that is not an object', { [A]: 'pass' }, 0, 1],
    ['one good and one forged', { [A]: good, [B]: { ...good, digest: B, rules: 'x' } }, 1, 1]
  ])('%s', (_name, records, trusted, ignored) => {
    const result = readBundle(bundle(records), rules);
    expect(result.scans.size).toBe(trusted);
    expect(result.ignored).toBe(ignored);
    if (trusted > 0) expect(result.scans.get(A)).toEqual(good.scan);
  });

  test.each([
    ['not JSON', 'pass'],
    ['no records', JSON.stringify({ format: SHARED_FORMAT, rules })],
    ['records as a list', JSON.stringify({ format: SHARED_FORMAT, rules, records: [good] })],
    ['null', 'null']
  ])('a bundle that is %s gives nothing and counts one refusal', (_name, text) => {
    expect(readBundle(text, rules)).toEqual({ scans: new Map(), ignored: 1 });
  });

  test('a bundle of another format is not read', () => {
    expect(readBundle(bundle({ [A]: good }, SHARED_FORMAT + 1), rules).scans.size).toBe(0);
  });

  test('what a merge writes reads back whole', () => {
    const used = new Map([[A, scanOf(3, true)]]);
    const text = JSON.stringify(mergeBundle(rules, used, new Map([[B, scanOf(1)]])));
    expect(readBundle(text, rules)).toEqual({
      scans: new Map([
        [A, scanOf(3, true)],
        [B, scanOf(1)]
      ]),
      ignored: 0
    });
    expect(readBundle(text, auditRules('another build')).scans.size).toBe(0);
  });
});

describe('merging what a run used with what it restored', () => {
  const C = digest('c');
  const D = digest('d');
  const truncated = { ...scanOf(1), truncated: 'entry limit 1 reached' };

  test.each([
    ['this run’s scans first, then the restored ones', [[A, 1]], [[B, 1]], 100, [A, B]],
    [
      'a layer in both is kept once, as this run saw it',
      [[A, 2]],
      [
        [A, 1],
        [B, 1]
      ],
      100,
      [A, B]
    ],
    [
      'past the bound, the oldest restored scans go',
      [[A, 4]],
      [
        [B, 4],
        [C, 4]
      ],
      9,
      [A, B]
    ],
    [
      'a scan too big to fit is left out, smaller ones after it still fit',
      [[A, 4]],
      [
        [B, 8],
        [C, 2]
      ],
      7,
      [A, C]
    ],
    [
      'a run’s own scans win over restored ones for the room',
      [
        [A, 5],
        [D, 5]
      ],
      [[B, 1]],
      10,
      [A, D]
    ]
  ])('%s', (_name, used, restored, bound, order) => {
    const map = (pairs: (string | number)[][]): Map<string, LayerScan> =>
      new Map(pairs.map(([key, count]) => [key as string, scanOf(count as number)]));
    const bundle = mergeBundle(rules, map(used), map(restored), bound);
    expect(Object.keys(bundle.records)).toEqual(order);
    for (const [key, record] of Object.entries(bundle.records)) {
      expect(record.digest).toBe(key);
      expect(record.rules).toBe(rules);
    }
    if (used.some(([key]) => key === A)) expect(bundle.records[A]?.scan).toEqual(map(used).get(A));
  });

  test('truncated scans and malformed digests are never shared', () => {
    const bundle = mergeBundle(
      rules,
      new Map([
        [A, truncated],
        ['sha256:nope', scanOf(1)],
        [B, scanOf(1)]
      ]),
      new Map()
    );
    expect(Object.keys(bundle.records)).toEqual([B]);
  });

  // scanOf(n) read 512 × n bytes.
  test.each([
    ['nothing used', [], [], 0, { added: 0, addedBytes: 0, share: false }],
    ['only what the restore had', [[A, scanOf(4)]], [A], 100, { added: 0, addedBytes: 0, share: false }],
    ['nothing restored: any complete scan', [[A, scanOf(1)]], [], 0, { added: 1, addedBytes: 512, share: true }],
    ['a truncated scan is never added', [[A, truncated]], [], 0, { added: 0, addedBytes: 0, share: false }],
    [
      'read more than the bundle holds',
      [
        [A, scanOf(1)],
        [B, scanOf(3)]
      ],
      [A],
      1536,
      { added: 1, addedBytes: 1536, share: true }
    ],
    [
      'read less than the bundle holds',
      [
        [A, scanOf(1)],
        [B, scanOf(3)]
      ],
      [A],
      1537,
      { added: 1, addedBytes: 1536, share: false }
    ],
    [
      'several new layers add up',
      [
        [B, scanOf(2)],
        [C, scanOf(2)]
      ],
      [A],
      2048,
      { added: 2, addedBytes: 2048, share: true }
    ]
  ] as const)('a run saves: %s', (_name, used, restored, restoredBytes, expected) => {
    const lookup = { has: (key: string) => (restored as readonly string[]).includes(key) };
    expect(shareDecision(new Map(used as unknown as [string, LayerScan][]), lookup, restoredBytes)).toEqual(expected);
  });
});
