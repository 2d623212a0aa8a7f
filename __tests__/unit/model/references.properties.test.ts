// Properties over generated image references: parseImageReference answers or throws InputError, and
// what it accepts survives a format → parse round trip.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatReference, parseImageReference } from '../../../src/model/references.js';
import { referenceText, runs } from '../../helpers/arbitraries.js';
import { acceptedOrInputError } from '../../helpers/errors.js';

describe('parseImageReference', () => {
  it('returns a reference or throws InputError, for any text', () => {
    fc.assert(
      fc.property(referenceText, fc.boolean(), (raw, requireTag) => {
        const reference = acceptedOrInputError(() => parseImageReference(raw, 'tags', requireTag));
        if (reference === undefined) return;
        expect(reference.repository).toBe(reference.repository.toLowerCase());
        if (requireTag) expect(reference.tag).toBeDefined();
      }),
      runs
    );
  });

  it('parses formatReference of an accepted reference back to an equal reference', () => {
    fc.assert(
      fc.property(referenceText, (raw) => {
        const reference = acceptedOrInputError(() => parseImageReference(raw));
        fc.pre(reference !== undefined);
        expect(parseImageReference(formatReference(reference))).toStrictEqual(reference);
      }),
      runs
    );
  });
});
