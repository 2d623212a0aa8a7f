import { describe, expect, it } from '@jest/globals';
import { baseReplacement } from '../../../src/checks/preflight.js';

describe('baseReplacement', () => {
  const contexts = [
    { key: 'base', value: './rootfs' },
    { key: 'alpine:3.20', value: 'docker-image://ghcr.io/acme/alpine:3.20' },
    { key: 'node', value: 'docker-image://node:22-slim' },
    { key: 'builder', value: 'target:build' }
  ];
  it.each<[string, string | null | undefined]>([
    ['base', null],
    ['alpine:3.20', 'ghcr.io/acme/alpine:3.20'],
    ['docker.io/library/alpine:3.20', 'ghcr.io/acme/alpine:3.20'],
    ['alpine:3.19', undefined],
    ['node:latest', 'node:22-slim'],
    ['NODE', 'node:22-slim'],
    ['builder', null],
    ['debian', undefined]
  ])('%s → %j', (reference, expected) => {
    expect(baseReplacement(reference, contexts)).toBe(expected);
  });
});
