// fast-check arbitraries for the property tests of the parsers: text people type into the platforms,
// key=value and image reference inputs, right and wrong, weighted so that a good share is valid.
import fc from 'fast-check';

/** How many generated inputs each property tries. */
export const runs = { numRuns: 300 };

export const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 40 })
);
export const separator = fc.constantFrom(',', '\n', ', ', ' ,\n', '\r\n', ',,');

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
export const platformList = fc.oneof(
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
export const keyValueText = fc.oneof(
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
export const referenceText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(registry, fc.array(component, { minLength: 1, maxLength: 3 }), tagPart)
      .map(([host, path, tag]) => `${host}${path.join('/')}${tag}`)
  },
  { weight: 1, arbitrary: anyText }
);
