import { matchBase } from '../../../../src/checks/audit/base-layers.js';
import { parsePlatform } from '../../../../src/model/platforms.js';

const amd64 = parsePlatform('linux/amd64');

describe('matchBase', () => {
  const base = new Map<string, string[]>([
    ['linux/amd64', ['a1', 'a2']],
    ['linux/arm64', ['r1']],
    ['linux/arm/v6', ['v6']]
  ]);
  it.each<[string, string[], ReturnType<typeof matchBase>]>([
    ['linux/amd64', ['a1', 'a2', 'app'], { kind: 'own', layers: 2 }],
    ['linux/arm64', ['r1', 'app'], { kind: 'own', layers: 1 }],
    ['linux/arm64', ['a1', 'a2', 'app'], { kind: 'foreign', basePlatform: 'linux/amd64', layers: 2 }],
    // Same ELF machine: an arm/v6 base under an arm/v7 image runs there.
    ['linux/arm/v7', ['v6', 'app'], { kind: 'own', layers: 1 }],
    ['linux/amd64/v3', ['a1', 'a2'], { kind: 'own', layers: 2 }],
    ['linux/amd64', ['a1', 'other'], { kind: 'none' }],
    ['linux/amd64', ['a1'], { kind: 'none' }],
    ['linux/riscv64', ['x', 'app'], { kind: 'none' }]
  ])('%s over %j', (platform, layers, expected) => {
    expect(matchBase(parsePlatform(platform), platform, layers, base)).toEqual(expected);
  });

  it('an empty base matches nothing', () => {
    expect(matchBase(amd64, 'linux/amd64', ['x'], new Map([['linux/amd64', []]]))).toEqual({ kind: 'none' });
  });
});
