// The rules across inputs (input-rules.ts), through parseInputs, which applies them for the mode asked for.
import { describe, expect, it } from '@jest/globals';
import { inputErrorOf } from '../../helpers/errors.js';
import { D1, inputsOf } from '../../helpers/plans.js';

describe('the bare-tag rule, once for both modes', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['build, push auto', { tags: 'latest' }, true],
    ['build, push true', { tags: 'latest', push: 'true' }, true],
    ['build, push false: nothing leaves the runner', { tags: 'latest', push: 'false' }, false],
    ['build with the image input', { tags: 'latest', image: 'ghcr.io/acme/app' }, false],
    [
      'merge, push false: a merge always tags',
      { tags: 'latest', mode: 'merge', sources: `r/app@${D1}`, push: 'false' },
      true
    ],
    ['merge with the image input', { tags: 'latest', mode: 'merge', sources: `r/app@${D1}`, image: 'r/app' }, false]
  ])('%s', (_why, values, refused) => {
    if (!refused) {
      expect(inputsOf(values).tags).toStrictEqual([{ kind: 'tag', text: 'latest' }]);
      return;
    }
    const error = inputErrorOf(() => inputsOf(values));
    expect(error.input).toBe('tags');
    expect(error.message).toContain('a bare tag needs the image input');
  });

  it('sources are parsed in merge mode only', () => {
    expect(inputsOf({ tags: 'r/app:1', sources: 'not a reference' }).sources).toStrictEqual([]);
    expect(inputErrorOf(() => inputsOf({ mode: 'merge', tags: 'r/app:1', sources: 'r/app' })).input).toBe('sources');
  });
});
