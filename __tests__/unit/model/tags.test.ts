import { isNewerOrEqual } from '../../../src/model/tags.js';

describe('isNewerOrEqual', () => {
  it.each<[string, string | undefined, boolean]>([
    ['1.2.3', undefined, true],
    ['1.2.3', '', true],
    ['1.2.3', 'main', true],
    ['main', undefined, true],
    ['main', 'nightly', true],
    ['1.2.3', '1.2.3', true],
    ['1.2.4', '1.2.3', true],
    ['1.3.0', '1.2.9', true],
    ['1.10.0', '1.9.0', true],
    ['2.0.0', '1.99.99', true],
    ['1.2.3', '1.2.4', false],
    ['1.9.0', '1.10.0', false],
    ['0.3.1', '1.0.0', false],
    ['2.0.0-rc.1', '2.0.0', false],
    ['2.0.0', '2.0.0-rc.1', true],
    ['2.0.0-rc.2', '2.0.0-rc.1', true],
    ['v1.3.0', '1.2.0', true],
    ['1.0.0', 'v1.0.0', true],
    ['1.2.3+build.2', '1.2.3+build.1', true],
    ['main', '1.2.3', false],
    ['pr-42', '0.0.1', false]
  ])('%j over %j -> %j', (candidate, carried, expected) => {
    expect(isNewerOrEqual(candidate, carried)).toBe(expected);
  });
});
