// Properties over generated platform lists: parsePlatformList answers or throws InputError, and what
// it accepts survives a format → parse round trip.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatPlatform, parsePlatformList } from '../../../src/model/platforms.js';
import { platformList, runs } from '../../helpers/arbitraries.js';
import { acceptedOrInputError } from '../../helpers/errors.js';

describe('parsePlatformList', () => {
  it('returns platforms or throws InputError, for any text', () => {
    fc.assert(
      fc.property(platformList, (raw) => {
        const platforms = acceptedOrInputError(() => parsePlatformList(raw));
        if (platforms) expect(platforms.length).toBeGreaterThan(0);
      }),
      runs
    );
  });

  it('parses its own formatting of an accepted list back to the same list', () => {
    fc.assert(
      fc.property(platformList, (raw) => {
        const platforms = acceptedOrInputError(() => parsePlatformList(raw));
        if (platforms === undefined) return;
        expect(parsePlatformList(platforms.map(formatPlatform).join(','))).toStrictEqual(platforms);
      }),
      runs
    );
  });
});
