// A step of buildx's progress back to its Dockerfile line: buildx shows RUN with variables expanded
// and continuation lines joined.
import { describe, expect, it } from '@jest/globals';
import { instructionLines, lineOf } from '../../../src/buildx/dockerfile-lines.js';

const dockerfile = `FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETARCH
RUN apt-get update && \\
    apt-get install -y gcc
RUN GOARCH=$TARGETARCH go build -o /out/app-\${TARGETARCH} ./cmd/app
FROM alpine
COPY --from=build /out /out
RUN apk add ca-certificates
RUN apk add ca-certificates
`;

describe('lineOf', () => {
  const lines = instructionLines(dockerfile);
  it.each<[string, string, number | undefined]>([
    ['RUN', 'apt-get update &&     apt-get install -y gcc', 3],
    ['RUN', 'GOARCH=arm64 go build -o /out/app-arm64 ./cmd/app', 5],
    ['COPY', '--from=build /out /out', 7],
    ['RUN', 'apk add ca-certificates', 8],
    ['RUN', 'apk add something-else', undefined],
    ['COPY', 'apt-get update && apt-get install -y gcc', undefined]
  ])('%s %s → line %s', (instruction, command, line) => {
    expect(lineOf(lines, instruction, command)).toBe(line);
  });

  it('a Dockerfile it cannot read gives no lines', () => {
    expect(instructionLines('')).toEqual([]);
  });
});

describe('flags', () => {
  it('matches a RUN with its --mount flags and continuation lines', () => {
    const lines = instructionLines('FROM a\nRUN --mount=type=cache,target=/c make \\\n  all\n');
    expect(lineOf(lines, 'RUN', '--mount=type=cache,target=/c make   all')).toBe(2);
  });
});
