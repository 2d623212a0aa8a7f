// Properties over generated inputs: parsers either answer or throw InputError, and what they
// accept survives a format → parse round trip.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseKeyValueLines, splitList } from '../../../src/model/lists.js';
import { formatPlatform, parsePlatformList } from '../../../src/model/platforms.js';
import { formatReference, parseImageReference } from '../../../src/model/references.js';
import { acceptedOrInputError } from '../../helpers/errors.js';

const runs = { numRuns: 300 };

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 40 }));
const separator = fc.constantFrom(',', '\n', ', ', ' ,\n', '\r\n', ',,');

// Pieces people type, right and wrong, weighted so that a good share of generated lists is valid.
const osPart = fc.constantFrom('', '', 'linux/', 'windows/', 'Linux/', 'darwin/', '/');
const archPart = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'amd64',
      'arm64',
      'arm',
      '386',
      'riscv64',
      'ppc64le',
      's390x',
      'mips64le',
      'loong64',
      'x86_64',
      'x64',
      'aarch64',
      'armhf',
      'armv7',
      'armel',
      'i686',
      'ARM64',
      ' amd64 '
    )
  },
  { weight: 1, arbitrary: fc.constantFrom('bogus', '', 'v7', 'linux', '#arm64', 'arm 64', 'constructor', '__proto__') }
);
const variantPart = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('/v5', '/v6', '/v7', '/v8', '/v1', '/v2', '/v3', '/v9', '/', '/v7/x') }
);
const platformEntry = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'linux/amd64',
      'linux/arm64',
      'arm/v7',
      'arm64/v8',
      'armhf',
      'linux/arm/v6',
      'amd64/v3',
      'windows/amd64',
      '386',
      'riscv64'
    )
  },
  { weight: 6, arbitrary: fc.tuple(osPart, archPart, variantPart).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }
);
const platformList = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.array(platformEntry, { minLength: 1, maxLength: 3 }), separator)
      .map(([entries, sep]) => entries.join(sep))
  },
  { weight: 1, arbitrary: anyText }
);

const key = fc.oneof(
  fc.constantFrom(
    'A',
    'VERSION',
    '_x',
    'org.opencontainers.image.title',
    'a/b',
    'x-y',
    '1bad',
    '',
    'A B',
    '#c',
    'a+b',
    ' K '
  ),
  fc.string({ maxLength: 8 })
);
const value = fc.oneof(
  fc.constantFrom('', '1', 'x=y', 'a, b', ' lead', '#hash', '=', '"q"', 'trail '),
  fc.string({ maxLength: 12 })
);
const keyValueText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc.oneof(
          {
            weight: 5,
            arbitrary: fc.tuple(key, fc.constantFrom('=', ' = ', '', '=='), value).map((parts) => parts.join(''))
          },
          { weight: 1, arbitrary: fc.constantFrom('', '# note', '   ') }
        ),
        { maxLength: 5 }
      )
      .map((lines) => lines.join('\n'))
  },
  { weight: 1, arbitrary: anyText }
);

const registry = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      '',
      'ghcr.io/',
      'docker.io/',
      'index.docker.io/',
      'localhost/',
      'localhost:5000/',
      '[::1]:5000/',
      'Registry.Example.com:443/'
    )
  },
  { weight: 1, arbitrary: fc.constantFrom('my_host.com/', 'host:port/', 'a..b/', '-x.io/', 'ghcr.io:/') }
);
const component = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'acme',
      'app',
      'a-b',
      'a--b',
      'a__b',
      'a.b',
      'a_b',
      'x1',
      'library',
      'localhost',
      'foo.bar'
    )
  },
  { weight: 1, arbitrary: fc.constantFrom('A', '-x', 'x_', '', 'a...b', 'a___b', 'x y') }
);
const tagPart = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('', '', ':1.0', ':latest', ':V1_rc-2', `:${'a'.repeat(128)}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(':.x', ':-x', ':', `:${'a'.repeat(129)}`, `@sha256:${'a'.repeat(64)}`, ':1@sha256:ab')
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((tag) => `:${tag}`) }
);
const referenceText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(registry, fc.array(component, { minLength: 1, maxLength: 3 }), tagPart)
      .map(([host, path, tag]) => `${host}${path.join('/')}${tag}`)
  },
  { weight: 1, arbitrary: anyText }
);

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
