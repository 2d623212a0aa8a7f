import { DEFAULT_FLAVOR, parseFlavor } from '../../../../src/planning/tag-rules/flavor.js';
import { inputErrorOf } from '../../../helpers/errors.js';

describe('parseFlavor', () => {
  it.each<[string, string]>([
    ['latest=sometimes', 'latest is auto, true or false'],
    ['onlatest=true', 'onlatest follows prefix= or suffix= on the same line'],
    ['prefix=x,onlatest=yes', 'onlatest is true or false'],
    ['colour=blue', "unknown key 'colour'"],
    ['prefix', "'prefix' is not key=value"],
    ['prefix={{version}}-', '{{version}} is not a global expression']
  ])('%j is an InputError: %s', (raw, detail) => {
    const error = inputErrorOf(() => parseFlavor(raw));
    expect(error.input).toBe('flavor');
    expect(error.detail).toBe(detail);
  });

  it('the default flavor, written out or left empty', () => {
    expect(parseFlavor('latest=auto\nprefix=')).toEqual(DEFAULT_FLAVOR);
    expect(parseFlavor('')).toEqual(DEFAULT_FLAVOR);
  });
});
