// driver: auto, rule by rule: each row changes one fact from a daemon that can do everything.
import { describe, expect, it } from '@jest/globals';
import { chooseAutoDriver, hasContainerdStore, type AutoDriverFacts } from '../../../src/buildx/driver-auto.js';

const capable: AutoDriverFacts = {
  containerdStore: true,
  platformCount: 2,
  load: false,
  cacheToTypes: [],
  nodes: 0,
  endpoint: '',
  driverOpts: 0,
  buildkitdFlags: '',
  buildkitdConfig: false
};

describe('chooseAutoDriver', () => {
  it.each<[string, Partial<AutoDriverFacts>, 'docker' | 'docker-container', string]>([
    ['containerd store, two platforms', {}, 'docker', 'builds and pushes all platforms'],
    ['containerd store, one platform, loaded', { platformCount: 1, load: true }, 'docker', 'and loads it'],
    ['containerd store, two platforms, loaded', { load: true }, 'docker', 'and loads it'],
    [
      'inline, registry, local and gha caches',
      { cacheToTypes: ['inline', 'registry', 'local', 'gha'] },
      'docker',
      'containerd'
    ],
    ['classic image store', { containerdStore: false }, 'docker-container', 'classic image store'],
    ['classic store, one platform', { containerdStore: false, platformCount: 1 }, 'docker-container', 'classic'],
    ['an s3 cache export', { cacheToTypes: ['registry', 's3'] }, 'docker-container', 'cannot export a s3 cache'],
    ['an azblob cache export', { cacheToTypes: ['azblob'] }, 'docker-container', 'azblob'],
    ['nodes', { nodes: 1 }, 'docker-container', 'several nodes'],
    ['an endpoint', { endpoint: 'ssh://ci@arm64' }, 'docker-container', 'ssh://ci@arm64'],
    ['driver-opts', { driverOpts: 1 }, 'docker-container', 'driver-opts'],
    ['buildkitd-flags', { buildkitdFlags: '--debug' }, 'docker-container', 'buildkitd-flags'],
    ['a buildkitd config', { buildkitdConfig: true }, 'docker-container', 'buildkitd config']
  ])('%s → %s', (_what, change, driver, reason) => {
    const choice = chooseAutoDriver({ ...capable, ...change });
    expect(choice.driver).toBe(driver);
    expect(choice.reason).toContain(reason);
  });

  it.each<[string, Partial<AutoDriverFacts>]>([
    ['classic store', { containerdStore: false }],
    ['an s3 cache', { cacheToTypes: ['s3'] }],
    ['nodes', { nodes: 2 }]
  ])('loading two platforms cannot work without the docker driver: %s', (_what, change) => {
    expect(() => chooseAutoDriver({ ...capable, load: true, ...change })).toThrow('cannot load 2 platforms');
  });
});

describe('hasContainerdStore', () => {
  it.each<[string, boolean]>([
    ['[["driver-type","io.containerd.snapshotter.v1"]]', true],
    [
      '[["Backing Filesystem","extfs"],["Supports d_type","true"],["Using metacopy","false"],["Native Overlay Diff","true"],["userxattr","false"]]',
      false
    ],
    ['null', false],
    ['', false],
    ['not json', false]
  ])('%s → %s', (status, expected) => {
    expect(hasContainerdStore(status)).toBe(expected);
  });
});
