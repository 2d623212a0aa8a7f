import { describe, expect, it } from '@jest/globals';
import { secretLookingBuildArgs } from '../../../src/model/build.js';

describe('secretLookingBuildArgs', () => {
  it.each<[string, boolean]>([
    ['NPM_TOKEN', true],
    ['db_password', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['API_KEY', true],
    ['APIKEY', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['VERSION', false],
    ['TOKENIZER_MODEL', true],
    ['NODE_ENV', false]
  ])('%s → %s', (key, expected) => {
    expect(secretLookingBuildArgs({ buildArgs: [{ key, value: 'v' }] })).toEqual(expected ? [key] : []);
  });
});
