import { findBaseImages, type BaseImage } from '../../../src/checks/dockerfile-bases.js';

type Case = [name: string, dockerfile: string, buildArgs: { key: string; value: string }[], expected: BaseImage[]];

const cases: Case[] = [
  [
    'single FROM',
    'FROM alpine:3.20\nRUN true\n',
    [],
    [{ reference: 'alpine:3.20', buildPlatformOnly: false, line: 1 }]
  ],
  [
    'registry with port',
    'FROM 127.0.0.1:5001/base:1 AS base\n',
    [],
    [{ reference: '127.0.0.1:5001/base:1', stage: 'base', buildPlatformOnly: false, line: 1 }]
  ],
  [
    'multi-stage with $BUILDPLATFORM builder and stage reference',
    [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'RUN go build -o /out/app .',
      'FROM gcr.io/distroless/static:nonroot',
      'COPY --from=build /out/app /app'
    ].join('\n'),
    [],
    [
      { reference: 'golang:1.22', stage: 'build', buildPlatformOnly: true, line: 1 },
      { reference: 'gcr.io/distroless/static:nonroot', buildPlatformOnly: false, line: 3 }
    ]
  ],
  [
    '${BUILDPLATFORM} in braces',
    'FROM --platform=${BUILDPLATFORM} node:20 AS deps\n',
    [],
    [{ reference: 'node:20', stage: 'deps', buildPlatformOnly: true, line: 1 }]
  ],
  [
    '$BUILDOS/$BUILDARCH is the build platform too',
    'FROM --platform=$BUILDOS/$BUILDARCH rust:1 AS b\n',
    [],
    [{ reference: 'rust:1', stage: 'b', buildPlatformOnly: true, line: 1 }]
  ],
  [
    '$TARGETPLATFORM is a normal per-target stage',
    'FROM --platform=$TARGETPLATFORM alpine:3.19\n',
    [],
    [{ reference: 'alpine:3.19', buildPlatformOnly: false, line: 1 }]
  ],
  [
    'fixed platform is normalised',
    'FROM --platform=linux/amd64 ubuntu:24.04 AS tools\nFROM --platform=arm64 busybox\n',
    [],
    [
      { reference: 'ubuntu:24.04', stage: 'tools', buildPlatformOnly: false, fixedPlatform: 'linux/amd64', line: 1 },
      { reference: 'busybox', buildPlatformOnly: false, fixedPlatform: 'linux/arm64', line: 2 }
    ]
  ],
  [
    'fixed platform from a global ARG',
    'ARG TOOLS_PLATFORM=linux/arm/v7\nFROM --platform=$TOOLS_PLATFORM debian:12\n',
    [],
    [{ reference: 'debian:12', buildPlatformOnly: false, fixedPlatform: 'linux/arm/v7', line: 2 }]
  ],
  [
    'ARG defaults, ${X:-default} and a quoted default',
    [
      'ARG BASE=alpine',
      'ARG TAG="3.20"',
      'FROM ${BASE}:${TAG}',
      'FROM ${REGISTRY:-docker.io}/library/${BASE}:$TAG'
    ].join('\n'),
    [],
    [
      { reference: 'alpine:3.20', buildPlatformOnly: false, line: 3 },
      { reference: 'docker.io/library/alpine:3.20', buildPlatformOnly: false, line: 4 }
    ]
  ],
  [
    'build args override declared global ARGs',
    'ARG BASE=alpine\nARG TAG=3.20\nARG REGISTRY\nFROM ${REGISTRY:-docker.io}/${BASE}:${TAG}\n',
    [
      { key: 'TAG', value: '3.19' },
      { key: 'REGISTRY', value: 'localhost:5000' }
    ],
    [{ reference: 'localhost:5000/alpine:3.19', buildPlatformOnly: false, line: 4 }]
  ],
  [
    'a build arg for an undeclared ARG is not visible to FROM',
    'FROM alpine:${TAG:-3.18}\n',
    [{ key: 'TAG', value: '3.20' }],
    [{ reference: 'alpine:3.18', buildPlatformOnly: false, line: 1 }]
  ],
  [
    'ARG defaults may use earlier ARGs; several per line',
    'ARG VERSION=1.22 DISTRO=bookworm\nARG IMAGE=golang:${VERSION}-${DISTRO}\nFROM $IMAGE\n',
    [{ key: 'VERSION', value: '1.23' }],
    [{ reference: 'golang:1.23-bookworm', buildPlatformOnly: false, line: 3 }]
  ],
  [
    'ARGs after the first FROM do not apply to later FROMs',
    'FROM alpine AS a\nARG LATE=ubuntu\nFROM ${LATE:-debian}\n',
    [],
    [
      { reference: 'alpine', stage: 'a', buildPlatformOnly: false, line: 1 },
      { reference: 'debian', buildPlatformOnly: false, line: 3 }
    ]
  ],
  [
    'scratch is skipped',
    'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /app\n',
    [],
    [{ reference: 'golang:1.22', stage: 'build', buildPlatformOnly: false, line: 1 }]
  ],
  [
    'earlier stages by name (any case) and by index are skipped',
    'FROM alpine:3.20 AS Base\nFROM base AS dev\nFROM BASE\nFROM 0\nFROM 1 AS final\n',
    [],
    [{ reference: 'alpine:3.20', stage: 'Base', buildPlatformOnly: false, line: 1 }]
  ],
  [
    'a stage name chosen through an ARG is still a stage',
    'ARG FLAVOUR=slim\nFROM debian:12 AS slim\nFROM ${FLAVOUR}\n',
    [],
    [{ reference: 'debian:12', stage: 'slim', buildPlatformOnly: false, line: 2 }]
  ],
  [
    'a later stage name is not a reference to it',
    'FROM app\nFROM alpine AS app\n',
    [],
    [
      { reference: 'app', buildPlatformOnly: false, line: 1 },
      { reference: 'alpine', stage: 'app', buildPlatformOnly: false, line: 2 }
    ]
  ],
  [
    'unset variable leaves the image unresolved',
    'ARG REGISTRY\nFROM $REGISTRY/base:1\nFROM ${NOPE}\n',
    [],
    [
      { reference: '$REGISTRY/base:1', buildPlatformOnly: false, unresolved: true, line: 2 },
      { reference: '${NOPE}', buildPlatformOnly: false, unresolved: true, line: 3 }
    ]
  ],
  [
    'per-target variables in the image name are unresolved, also through an ARG',
    'ARG IMG=foo-${TARGETARCH}\nFROM ${TARGETARCH}/alpine\nFROM $IMG\n',
    [],
    [
      { reference: '${TARGETARCH}/alpine', buildPlatformOnly: false, unresolved: true, line: 2 },
      { reference: '$IMG', buildPlatformOnly: false, unresolved: true, line: 3 }
    ]
  ],
  [
    'unsupported expansion forms are unresolved',
    'ARG TAG=1\nFROM alpine:${TAG:?required}\n',
    [],
    [{ reference: 'alpine:${TAG:?required}', buildPlatformOnly: false, unresolved: true, line: 2 }]
  ],
  [
    '${X:+alt}, ${X-default} and single quotes',
    "ARG EMPTY=\nARG SET=x\nFROM alpine:${SET:+3.20}\nFROM busybox${EMPTY-:nope}\nFROM 'debian:12'\n",
    [],
    [
      { reference: 'alpine:3.20', buildPlatformOnly: false, line: 3 },
      { reference: 'busybox', buildPlatformOnly: false, line: 4 },
      { reference: 'debian:12', buildPlatformOnly: false, line: 5 }
    ]
  ],
  [
    'duplicates collapse, keeping the first; build-platform use is kept apart',
    'FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nFROM --platform=$BUILDPLATFORM alpine:3.20 AS c\n',
    [],
    [
      { reference: 'alpine:3.20', stage: 'a', buildPlatformOnly: false, line: 1 },
      { reference: 'alpine:3.20', stage: 'c', buildPlatformOnly: true, line: 3 }
    ]
  ],
  [
    'comments, blank lines and line continuations',
    [
      '# syntax=docker/dockerfile:1',
      '# FROM commented:out',
      'ARG BASE=python',
      '',
      'FROM \\',
      '  # a comment inside the continuation',
      '  ${BASE}:3.12-slim \\',
      '  AS runtime',
      'RUN echo FROM not-an-image'
    ].join('\n'),
    [],
    [{ reference: 'python:3.12-slim', stage: 'runtime', buildPlatformOnly: false, line: 5 }]
  ],
  [
    'lowercase keywords and a digest',
    'from alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef as pinned\n',
    [],
    [
      {
        reference: 'alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        stage: 'pinned',
        buildPlatformOnly: false,
        line: 1
      }
    ]
  ],
  [
    'escape directive changes the escape character',
    '# escape=`\nARG TAG=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:$TAG `\n  AS win\n',
    [],
    [{ reference: 'mcr.microsoft.com/windows/servercore:ltsc2022', stage: 'win', buildPlatformOnly: false, line: 3 }]
  ],
  ['no FROM at all', 'ARG X=1\n# nothing\n', [], []]
];

describe('findBaseImages', () => {
  test.each(cases)('%s', (_name, dockerfile, buildArgs, expected) => {
    expect(findBaseImages(dockerfile, buildArgs)).toEqual(expected);
  });

  test('a later build arg with the same key wins', () => {
    const bases = findBaseImages('ARG TAG=1\nFROM alpine:$TAG\n', [
      { key: 'TAG', value: '2' },
      { key: 'TAG', value: '3' }
    ]);
    expect(bases.map((base) => base.reference)).toEqual(['alpine:3']);
  });

  test('a build arg used verbatim is not expanded again', () => {
    const bases = findBaseImages('ARG A=x\nARG IMG\nFROM $IMG\n', [{ key: 'IMG', value: 'busybox:$A' }]);
    expect(bases).toEqual([{ reference: 'busybox:$A', buildPlatformOnly: false, line: 3 }]);
  });
});
