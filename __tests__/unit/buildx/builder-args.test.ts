// The buildx commands that make, grow and read a builder: pure, so every driver's command line is pinned here.
import { describe, expect, it } from '@jest/globals';
import {
  appendNodeArgs,
  createBuilderArgs,
  createContextArgs,
  DEFAULT_BUILDKIT_IMAGE,
  inspectBuilderArgs,
  parseInspectNodes,
  parseInspectPlatforms,
  tlsDriverOpts
} from '../../../src/buildx/builder-args.js';
import type { BuilderRef } from '../../../src/buildx/buildx-args.js';
import { parseBuilderInputs } from '../../../src/planning/builder-inputs.js';
import { parsePlatformList } from '../../../src/model/platforms.js';

const container: BuilderRef = { name: 'mab-42-build-x1', driver: 'docker-container' };
const dockerDriver: BuilderRef = { name: 'mab-42-build-x1', driver: 'docker', dockerContext: 'mab-42-build-x1' };
const plain = { driverOpts: [], buildkitdFlags: '', endpoint: '' };

describe('createBuilderArgs', () => {
  it('creates a docker-container builder and never switches the current one', () => {
    expect(createBuilderArgs('b1', { driver: 'docker-container', ...plain })).toEqual([
      'buildx',
      'create',
      '--name',
      'b1',
      '--driver',
      'docker-container',
      '--driver-opt',
      `image=${DEFAULT_BUILDKIT_IMAGE}`
    ]);
  });

  it('passes driver options, daemon flags, the config file, pinned platforms, and the endpoint after --', () => {
    expect(
      createBuilderArgs('b1', {
        driver: 'docker-container',
        driverOpts: ['image=moby/buildkit:v0.16.0', 'network=host'],
        buildkitdFlags: '--allow-insecure-entitlement network.host --debug',
        endpoint: 'tcp://buildkitd:1234',
        configFile: '/tmp/job/buildkit/buildkitd.toml',
        platforms: parsePlatformList('linux/amd64,linux/386')
      })
    ).toEqual([
      'buildx',
      'create',
      '--name',
      'b1',
      '--driver',
      'docker-container',
      '--driver-opt',
      'image=moby/buildkit:v0.16.0',
      '--driver-opt',
      'network=host',
      '--buildkitd-flags',
      '--allow-insecure-entitlement network.host --debug',
      '--buildkitd-config',
      '/tmp/job/buildkit/buildkitd.toml',
      '--platform',
      'linux/amd64,linux/386',
      '--',
      'tcp://buildkitd:1234'
    ]);
  });

  it('remote: the TLS client files are driver options, the address is positional after --', () => {
    const tls = tlsDriverOpts({
      cacert: '/t/job/buildkit/cacert.pem',
      cert: '/t/job/buildkit/cert.pem',
      key: '/t/job/buildkit/key.pem'
    });
    expect(
      createBuilderArgs('r1', {
        driver: 'remote',
        ...plain,
        driverOpts: ['servername=buildkitd', ...tls],
        endpoint: 'tcp://10.0.0.0:1234'
      })
    ).toEqual([
      'buildx',
      'create',
      '--name',
      'r1',
      '--driver',
      'remote',
      '--driver-opt',
      'servername=buildkitd',
      '--driver-opt',
      'cacert=/t/job/buildkit/cacert.pem',
      '--driver-opt',
      'cert=/t/job/buildkit/cert.pem',
      '--driver-opt',
      'key=/t/job/buildkit/key.pem',
      '--',
      'tcp://10.0.0.0:1234'
    ]);
  });

  it('kubernetes: driver-opts pass through as they are, with no endpoint', () => {
    const inputs = parseBuilderInputs(
      (name) =>
        ({
          driver: 'kubernetes',
          'driver-opts': 'namespace=buildkit\nreplicas=2\nnodeselector=kubernetes.io/arch=amd64'
        })[name] ?? ''
    );
    expect(createBuilderArgs('k1', { driver: 'kubernetes', ...plain, driverOpts: inputs.driverOpts })).toEqual([
      'buildx',
      'create',
      '--name',
      'k1',
      '--driver',
      'kubernetes',
      '--driver-opt',
      `image=${DEFAULT_BUILDKIT_IMAGE}`,
      '--driver-opt',
      'namespace=buildkit',
      '--driver-opt',
      'replicas=2',
      '--driver-opt',
      'nodeselector=kubernetes.io/arch=amd64'
    ]);
  });

  it('an endpoint that looks like a flag stays a positional argument', () => {
    expect(
      createBuilderArgs('b1', { driver: 'docker-container', ...plain, endpoint: '--config=/etc' }).slice(-2)
    ).toEqual(['--', '--config=/etc']);
  });
});

describe('the default BuildKit image', () => {
  it('is a released BuildKit pinned by the digest of its index', () => {
    expect(DEFAULT_BUILDKIT_IMAGE).toMatch(/^moby\/buildkit:v\d+\.\d+\.\d+@sha256:[a-f0-9]{64}$/);
  });

  it.each<[string, 'docker-container' | 'kubernetes' | 'remote', string[], string[]]>([
    [
      'docker-container with no image',
      'docker-container',
      ['network=host'],
      [`image=${DEFAULT_BUILDKIT_IMAGE}`, 'network=host']
    ],
    ['kubernetes with no image', 'kubernetes', [], [`image=${DEFAULT_BUILDKIT_IMAGE}`]],
    [
      'the user’s image wins',
      'docker-container',
      ['image=mirror.example/buildkit:v0.16.0'],
      ['image=mirror.example/buildkit:v0.16.0']
    ],
    ['the user’s image wins on kubernetes', 'kubernetes', ['namespace=b', 'image=b:1'], ['namespace=b', 'image=b:1']],
    ['remote runs no image of ours', 'remote', ['servername=b'], ['servername=b']]
  ])('%s', (_what, driver, driverOpts, expected) => {
    const args = createBuilderArgs('b1', { driver, ...plain, driverOpts });
    expect(args.filter((_arg, index) => args[index - 1] === '--driver-opt')).toEqual(expected);
  });
});

describe('tlsDriverOpts', () => {
  it.each<[string, Parameters<typeof tlsDriverOpts>[0], string[]]>([
    ['none', {}, []],
    ['only a CA', { cacert: '/j/ca.pem' }, ['cacert=/j/ca.pem']],
    [
      'a path with a comma is one CSV field',
      { cert: '/a,b/cert.pem', key: '/k.pem' },
      ['"cert=/a,b/cert.pem"', 'key=/k.pem']
    ]
  ])('%s', (_what, files, expected) => {
    expect(tlsDriverOpts(files)).toEqual(expected);
  });
});

describe('appendNodeArgs', () => {
  const nodes = parseBuilderInputs(
    (name) =>
      ({
        nodes: `- name: arm
  endpoint: ssh://ci@arm64-host
  platforms: linux/arm64,linux/arm/v7
  driver-opts:
    - image=mirror.example/moby/buildkit:v0.16.0
    - network=host
  buildkitd-flags: --debug
- endpoint: tcp://docker-s390x:2376
`
      })[name] ?? ''
  ).nodes;

  it('a named node with pinned platforms, its own options and the job config', () => {
    expect(
      appendNodeArgs('b1', nodes[0]!, { driver: 'docker-container', configFile: '/j/buildkit/buildkitd.toml' })
    ).toEqual([
      'buildx',
      'create',
      '--append',
      '--name',
      'b1',
      '--node',
      'arm',
      '--driver-opt',
      'image=mirror.example/moby/buildkit:v0.16.0',
      '--driver-opt',
      'network=host',
      '--buildkitd-flags',
      '--debug',
      '--buildkitd-config',
      '/j/buildkit/buildkitd.toml',
      '--platform',
      'linux/arm64,linux/arm/v7',
      '--',
      'ssh://ci@arm64-host'
    ]);
  });

  it('an unnamed node: buildx names it', () => {
    expect(appendNodeArgs('b1', nodes[1]!, { driver: 'remote' })).toEqual([
      'buildx',
      'create',
      '--append',
      '--name',
      'b1',
      '--',
      'tcp://docker-s390x:2376'
    ]);
  });

  it('a kubernetes node is placed by its driver-opts, without an endpoint', () => {
    const [node] = parseBuilderInputs(
      (name) =>
        ({
          driver: 'kubernetes',
          nodes: '- name: arm\n  platforms: linux/arm64\n  driver-opts: [nodeselector=kubernetes.io/arch=arm64]'
        })[name] ?? ''
    ).nodes;
    expect(appendNodeArgs('k1', node!, { driver: 'kubernetes' })).toEqual([
      'buildx',
      'create',
      '--append',
      '--name',
      'k1',
      '--node',
      'arm',
      '--driver-opt',
      `image=${DEFAULT_BUILDKIT_IMAGE}`,
      '--driver-opt',
      'nodeselector=kubernetes.io/arch=arm64',
      '--platform',
      'linux/arm64'
    ]);
  });
});

describe('createContextArgs', () => {
  it('makes a job context pointing at the daemon, its name after --', () => {
    expect(createContextArgs('ctx1', 'unix:///var/run/docker.sock')).toEqual([
      'context',
      'create',
      '--description',
      'multiarch-build-push job builder',
      '--docker',
      'host=unix:///var/run/docker.sock',
      '--',
      'ctx1'
    ]);
  });

  it('quotes a host holding a comma, so it cannot add a docker endpoint option', () => {
    expect(createContextArgs('ctx1', 'tcp://h:2376,skip-tls-verify=true')[5]).toBe(
      '"host=tcp://h:2376,skip-tls-verify=true"'
    );
  });
});

describe('inspectBuilderArgs', () => {
  it.each<[BuilderRef, boolean, string[]]>([
    [container, true, ['buildx', 'inspect', '--bootstrap', '--builder', 'mab-42-build-x1']],
    [container, false, ['buildx', 'inspect', '--builder', 'mab-42-build-x1']],
    [dockerDriver, false, ['--context', 'mab-42-build-x1', 'buildx', 'inspect']]
  ])('inspect %j bootstrap %s', (ref, bootstrap, expected) => {
    expect(inspectBuilderArgs(ref, bootstrap)).toEqual(expected);
  });
});

describe('parseInspectPlatforms', () => {
  const containerBuilder = `Name:          mab-42-build-x1
Driver:        docker-container
Last Activity: 2024-11-27 17:20:31 +0000 UTC

Nodes:
Name:                  mab-42-build-x10
Endpoint:              unix:///var/run/docker.sock
Status:                running
BuildKit daemon flags: --allow-insecure-entitlement=network.host
BuildKit version:      v0.17.2
Platforms:             linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/amd64/v4, linux/386, linux/arm64, linux/riscv64, linux/arm/v7, linux/arm/v6
Labels:
 org.mobyproject.buildkit.worker.executor:         oci
 org.mobyproject.buildkit.worker.hostname:         2c1d5d8a0a3b
 org.mobyproject.buildkit.worker.network:          host
 org.mobyproject.buildkit.worker.oci.process-mode: sandbox
 org.mobyproject.buildkit.worker.snapshotter:      overlayfs
GC Policy rule#0:
 All:            false
 Filters:        type==source.local,type==exec.cachemount,type==source.git.checkout
 Keep Duration:  48h0m0s
 Keep Bytes:     488.3MiB
`;
  // Two nodes, the second an arm64 machine whose platforms were set by hand (marked *).
  const twoNodes = `Name:          multi
Driver:        remote

Nodes:
Name:      multi0
Endpoint:  tcp://amd64-host:1234
Status:    running
Platforms: linux/amd64*, linux/386

Name:      multi1
Endpoint:  tcp://arm64-host:1234
Status:    running
Platforms: linux/arm64*, linux/arm/v7, linux/amd64
`;
  const inactive = `Name:   fresh
Driver: docker-container

Nodes:
Name:      fresh0
Endpoint:  unix:///var/run/docker.sock
Status:    inactive
Platforms:
`;

  it.each<[string, string, string[]]>([
    [
      'a bootstrapped docker-container builder',
      containerBuilder,
      [
        'linux/amd64',
        'linux/amd64/v2',
        'linux/amd64/v3',
        'linux/amd64/v4',
        'linux/386',
        'linux/arm64',
        'linux/riscv64',
        'linux/arm/v7',
        'linux/arm/v6'
      ]
    ],
    ['two nodes, with * marks and a repeat', twoNodes, ['linux/amd64', 'linux/386', 'linux/arm64', 'linux/arm/v7']],
    ['a builder that has not started', inactive, []],
    ['a platform list without spaces', 'Platforms:  linux/amd64,linux/arm64  \n', ['linux/amd64', 'linux/arm64']],
    ['no output', '', []]
  ])('%s', (_what, output, expected) => {
    expect(parseInspectPlatforms(output)).toEqual(expected);
  });
});

describe('parseInspectNodes', () => {
  it('reads each node with its endpoint, status, platforms and pins', () => {
    const output = `Name:          multi
Driver:        docker-container

Nodes:
Name:      multi0
Endpoint:  unix:///var/run/docker.sock
Status:    running
BuildKit version: v0.13.1
Platforms: linux/amd64*, linux/386, linux/arm64

Name:      arm
Endpoint:  ssh://ci@arm64-host
Status:    error
Error:     Cannot connect to the Docker daemon at ssh://ci@arm64-host
Platforms: linux/arm64*
`;
    expect(parseInspectNodes(output)).toEqual([
      {
        name: 'multi0',
        endpoint: 'unix:///var/run/docker.sock',
        status: 'running',
        error: '',
        platforms: ['linux/amd64', 'linux/386', 'linux/arm64'],
        pinned: ['linux/amd64'],
        buildkit: 'v0.13.1'
      },
      {
        name: 'arm',
        endpoint: 'ssh://ci@arm64-host',
        status: 'error',
        error: 'Cannot connect to the Docker daemon at ssh://ci@arm64-host',
        platforms: ['linux/arm64'],
        pinned: ['linux/arm64']
      }
    ]);
  });
});
