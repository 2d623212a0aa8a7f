import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/model/errors.js';
import { parseSource } from '../../../src/planning/parse-source.js';
import { errorOf } from '../../helpers/errors.js';

const digest = (hex: string): string => `sha256:${hex.repeat(64 / hex.length)}`;
const D1 = digest('1');
const D2 = digest('2');

describe('parseSource', () => {
  it.each([
    [
      `ghcr.io/acme/app@${D1}`,
      {
        reference: `ghcr.io/acme/app@${D1}`,
        repository: 'ghcr.io/acme/app',
        image: { registry: 'ghcr.io', repository: 'acme/app' },
        digest: D1
      }
    ],
    [
      'ghcr.io/acme/app:main-linux-arm64',
      {
        reference: 'ghcr.io/acme/app:main-linux-arm64',
        repository: 'ghcr.io/acme/app',
        image: { registry: 'ghcr.io', repository: 'acme/app', tag: 'main-linux-arm64' }
      }
    ],
    [
      `  127.0.0.1:5001/x/app:1@${D2} `,
      {
        reference: `127.0.0.1:5001/x/app:1@${D2}`,
        repository: '127.0.0.1:5001/x/app',
        image: { registry: '127.0.0.1:5001', repository: 'x/app', tag: '1' },
        digest: D2
      }
    ],
    // Docker Hub spellings shrink to the short form docker prints.
    [
      `docker.io/library/alpine@${D1}`,
      {
        reference: `docker.io/library/alpine@${D1}`,
        repository: 'alpine',
        image: { registry: 'docker.io', repository: 'library/alpine' },
        digest: D1
      }
    ]
  ])('%s', (raw, expected) => {
    expect(parseSource(raw)).toStrictEqual(expected);
  });

  it.each([
    ['ghcr.io/acme/app', 'neither a digest nor a tag'],
    ['ghcr.io/acme/app@sha256:abc', "'sha256:abc' is not a sha256 digest"],
    [`ghcr.io/acme/app@${D1.toUpperCase()}`, 'is not a sha256 digest'],
    [`ghcr.io/Acme/app@${D1}`, 'repository names must be lowercase']
  ])('%s is refused: %s', (raw, detail) => {
    const error = errorOf(InputError, () => parseSource(raw));
    expect(error.input).toBe('sources');
    expect(error.message).toContain(detail);
  });
});
