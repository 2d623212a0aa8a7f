import { finalStageBase } from '../../../../src/checks/audit/final-base.js';

describe('finalStageBase', () => {
  it.each<[string, string, string, string | undefined]>([
    ['one stage', 'FROM alpine:3.20\nRUN true\n', '', 'alpine:3.20'],
    [
      'the last stage',
      'FROM golang:1.22 AS build\nRUN go build\nFROM debian:12-slim\nCOPY --from=build /x /x\n',
      '',
      'debian:12-slim'
    ],
    ['through stages', 'FROM python:3.12 AS base\nFROM base AS app\nFROM app\n', '', 'python:3.12'],
    ['by stage number', 'FROM busybox:1.36\nFROM 0\n', '', 'busybox:1.36'],
    ['a target', 'FROM alpine:3.20 AS small\nFROM debian:12 AS big\n', 'small', 'alpine:3.20'],
    ['global ARGs', 'ARG TAG=3.19\nFROM alpine:${TAG}\n', '', 'alpine:3.19'],
    ['the build platform', 'FROM --platform=$BUILDPLATFORM alpine:3.20\n', '', 'alpine:3.20'],
    ['scratch', 'FROM alpine:3.20 AS build\nFROM scratch\nCOPY --from=build /x /x\n', '', undefined],
    ['a per-target name', 'FROM app-${TARGETARCH}:1\n', '', undefined],
    ['an unknown target', 'FROM alpine:3.20\n', 'nope', undefined]
  ])('%s', (_name, dockerfile, target, expected) => {
    expect(finalStageBase(dockerfile, [], target)?.reference).toBe(expected);
  });

  it('uses build args for global ARGs', () => {
    expect(finalStageBase('ARG TAG=3.19\nFROM alpine:${TAG}\n', [{ key: 'TAG', value: '3.20' }])?.reference).toBe(
      'alpine:3.20'
    );
  });
});
