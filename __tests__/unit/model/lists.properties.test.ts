// Properties over generated lists: splitList never throws, parseKeyValueLines answers or throws
// InputError, and what it accepts survives a format → parse round trip.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseKeyValueLines, splitList } from '../../../src/model/lists.js';
import { keyValueText, platformList, runs } from '../../helpers/arbitraries.js';
import { acceptedOrInputError } from '../../helpers/errors.js';

describe('splitList and parseKeyValueLines', () => {
  it('splitList never throws and yields trimmed, non-empty, separator-free entries', () => {
    fc.assert(
      fc.property(fc.oneof(platformList, keyValueText), (raw) => {
        for (const entry of splitList(raw)) {
          expect(entry).toBe(entry.trim());
          expect(entry).not.toBe('');
          expect(entry).not.toMatch(/[,\n]/);
          expect(entry.startsWith('#')).toBe(false);
        }
      }),
      runs
    );
  });

  it('parseKeyValueLines returns pairs or throws InputError, for any text', () => {
    fc.assert(
      fc.property(keyValueText, (raw) => {
        const pairs = acceptedOrInputError(() => parseKeyValueLines('build-args', raw));
        if (pairs) expect(new Set(pairs.map(({ key: name }) => name)).size).toBe(pairs.length);
      }),
      runs
    );
  });

  it('parses KEY=value lines of accepted pairs back to the same pairs', () => {
    fc.assert(
      fc.property(keyValueText, (raw) => {
        const pairs = acceptedOrInputError(() => parseKeyValueLines('build-args', raw));
        if (pairs === undefined) return;
        const serialised = pairs.map(({ key: name, value: text }) => `${name}=${text}`).join('\n');
        expect(parseKeyValueLines('build-args', serialised)).toStrictEqual(pairs);
      }),
      runs
    );
  });
});
