// Which node builds each platform natively, and what is left for QEMU.
import { describe, expect, it } from '@jest/globals';
import type { InspectedNode } from '../../../src/buildx/builder-args.js';
import { nativePlatformsOf, routePlatforms } from '../../../src/buildx/node-platforms.js';
import { formatPlatform, parsePlatformList } from '../../../src/model/platforms.js';

const node = (name: string, platforms: string, pinned = ''): InspectedNode => ({
  name,
  endpoint: `tcp://${name}:1234`,
  status: 'running',
  error: '',
  platforms: platforms.split(',').filter(Boolean),
  pinned: pinned.split(',').filter(Boolean)
});

// An amd64 BuildKit with emulators lists its own platform first, then the emulated ones.
const amd64 = node('amd', 'linux/amd64,linux/amd64/v2,linux/386,linux/arm64,linux/arm/v7,linux/riscv64');
const arm64Pinned = node('arm', 'linux/arm64,linux/arm/v7', 'linux/arm64,linux/arm/v7');
const s390x = node('s390x', 'linux/s390x');

describe('nativePlatformsOf', () => {
  it.each<[string, InspectedNode, string[]]>([
    ['the first platform and its family', amd64, ['linux/amd64', 'linux/amd64/v2', 'linux/386']],
    ['the pinned platforms when there are any', arm64Pinned, ['linux/arm64', 'linux/arm/v7']],
    ['nothing for a node that has not reported', node('new', ''), []]
  ])('%s', (_what, entry, expected) => {
    expect(nativePlatformsOf(entry).map(formatPlatform)).toEqual(expected);
  });
});

describe('routePlatforms', () => {
  it.each<[string, InspectedNode[], string, (string | undefined)[], string[]]>([
    ['one amd64 node: arm64 needs QEMU', [amd64], 'linux/amd64,linux/arm64', ['amd', undefined], ['linux/arm64']],
    [
      'an arm64 node takes arm64 and arm/v7',
      [amd64, arm64Pinned],
      'linux/amd64,linux/arm64,linux/arm/v7',
      ['amd', 'arm', 'arm'],
      []
    ],
    [
      'riscv64 is served by no node',
      [amd64, arm64Pinned, s390x],
      'linux/riscv64,linux/s390x',
      [undefined, 's390x'],
      ['linux/riscv64']
    ],
    ['386 runs natively on the amd64 node', [arm64Pinned, amd64], 'linux/386', ['amd'], []],
    ['no nodes at all', [], 'linux/amd64', [undefined], ['linux/amd64']]
  ])('%s', (_what, nodes, wanted, routedTo, unserved) => {
    const routing = routePlatforms(parsePlatformList(wanted), nodes);
    expect(routing.routes.map((route) => route.node)).toEqual(routedTo);
    expect(routing.unserved.map(formatPlatform)).toEqual(unserved);
  });
});
