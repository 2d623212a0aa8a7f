// The builder inputs: endpoints that cannot inject options, nodes in setup-buildx-action's format,
// TLS files for the remote driver; the combinations a builder cannot take are input-rules.test.ts's.
import { describe, expect, it } from '@jest/globals';
import { parseBuilderInputs, parseEndpoint } from '../../../src/planning/builder-inputs.js';
import { InputError } from '../../../src/model/errors.js';
import type { DriverChoice } from '../../../src/model/builder.js';

const parse = (values: Record<string, string>) => parseBuilderInputs((name) => values[name] ?? '');
const pem = (kind: string, body = 'MIIBszCCAVmgAwIBAgIUQ2xpZW50S2V5Qm9keQ') =>
  `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----`;

describe('parseEndpoint', () => {
  it.each<[DriverChoice, string]>([
    ['docker-container', 'unix:///var/run/docker.sock'],
    ['docker-container', 'tcp://docker-arm64.internal:2376'],
    ['docker-container', 'ssh://ci@arm64-host'],
    ['docker', 'npipe:////./pipe/docker_engine'],
    ['docker', 'my-context'],
    ['auto', 'arm64.builder+1'],
    ['remote', 'tcp://buildkitd:1234'],
    ['remote', 'unix:///run/buildkit/buildkitd.sock'],
    ['remote', 'docker-container://buildkitd'],
    ['remote', 'kube-pod://buildkitd-0?namespace=ci'],
    ['kubernetes', 'k8s-context']
  ])('%s accepts %s', (driver, endpoint) => {
    expect(parseEndpoint('endpoint', endpoint, driver)).toBe(endpoint);
  });

  it.each<[DriverChoice, string, string]>([
    // A leading dash would be a flag of buildx create.
    ['docker-container', '--config=/etc/passwd', 'leading -'],
    ['docker-container', '-D', 'leading -'],
    // A comma would add an option to docker context create's host= value.
    ['docker', 'tcp://h:2376,ca=/etc/shadow', 'commas'],
    ['docker', 'tcp://h:2376 --tls', 'spaces'],
    ['docker', 'tcp://h:2376"', 'quotes'],
    ['docker-container', 'http://docker:2375', 'unknown scheme http://'],
    ['docker-container', 'kube-pod://buildkitd', 'unknown scheme kube-pod://'],
    ['remote', 'buildkitd-context', 'needs an address'],
    ['remote', 'ftp://buildkitd', 'unknown scheme ftp://'],
    ['docker', 'tcp://', 'no address'],
    ['docker', 'ctx/../x', 'not a context name']
  ])('%s refuses %s', (driver, endpoint, why) => {
    expect(() => parseEndpoint('endpoint', endpoint, driver)).toThrow(InputError);
    expect(() => parseEndpoint('endpoint', endpoint, driver)).toThrow(why);
  });

  it('through parseBuilderInputs too, naming the input', () => {
    expect(() => parse({ endpoint: '--buildkitd-flags=--debug' })).toThrow("Input 'endpoint'");
  });
});

describe('nodes', () => {
  it("reads setup-buildx-action's append format", () => {
    const { nodes } = parse({
      driver: 'docker-container',
      nodes: `
- name: arm
  endpoint: ssh://ci@arm64-host
  platforms: linux/arm64, arm/v7
  driver-opts:
    - image=mirror.example/moby/buildkit:v0.16.0
  buildkitd-flags: --debug
- endpoint: tcp://s390x-host:2376
  platforms: [s390x]
  driver-opts: network=host
`
    });
    expect(nodes).toEqual([
      {
        name: 'arm',
        endpoint: 'ssh://ci@arm64-host',
        platforms: [
          { os: 'linux', architecture: 'arm64' },
          { os: 'linux', architecture: 'arm', variant: 'v7' }
        ],
        driverOpts: ['image=mirror.example/moby/buildkit:v0.16.0'],
        buildkitdFlags: '--debug'
      },
      {
        name: '',
        endpoint: 'tcp://s390x-host:2376',
        platforms: [{ os: 'linux', architecture: 's390x' }],
        driverOpts: ['network=host'],
        buildkitdFlags: ''
      }
    ]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['not YAML', { nodes: '- endpoint: [' }, 'not YAML'],
    ['not a list', { nodes: 'endpoint: tcp://a:1' }, 'not a list'],
    ['an entry that is a string', { nodes: '- tcp://a:1' }, 'not a mapping'],
    ['an unknown key', { nodes: '- endpoint: tcp://a:1\n  platform: arm64' }, 'unknown key platform'],
    ['no endpoint', { nodes: '- name: arm' }, 'no endpoint'],
    ['an endpoint that is a flag', { nodes: '- endpoint: --config=/x' }, 'leading -'],
    ['an endpoint with a comma', { nodes: '- endpoint: "tcp://a:1,ca=/x"' }, 'commas'],
    ['a bad platform', { nodes: '- endpoint: tcp://a:1\n  platforms: linux/sparc' }, 'unknown platform'],
    ['a driver-opt without =', { nodes: '- endpoint: tcp://a:1\n  driver-opts: [privileged]' }, 'key=value'],
    [
      'a name twice',
      { nodes: '- name: a\n  endpoint: tcp://a:1\n- name: a\n  endpoint: tcp://b:1' },
      'each node name once'
    ],
    ['a bad name', { nodes: '- name: -x\n  endpoint: tcp://a:1' }, 'node names']
  ])('refuses %s', (_what, values, message) => {
    expect(() => parse(values)).toThrow(message);
  });

  it('kubernetes nodes need no endpoint: driver-opts place them', () => {
    const { nodes } = parse({
      driver: 'kubernetes',
      nodes: '- name: arm\n  driver-opts: [nodeselector=kubernetes.io/arch=arm64]'
    });
    expect(nodes[0]).toMatchObject({
      name: 'arm',
      endpoint: '',
      driverOpts: ['nodeselector=kubernetes.io/arch=arm64']
    });
  });
});

describe('remote TLS', () => {
  const tls = {
    'remote-cacert': pem('CERTIFICATE'),
    'remote-cert': pem('CERTIFICATE'),
    'remote-key': pem('PRIVATE KEY', 'c2VjcmV0LWtleS1ib2R5')
  };

  it('takes PEM text for the remote driver', () => {
    const inputs = parse({ driver: 'remote', endpoint: 'tcp://buildkitd:1234', ...tls });
    expect(inputs.remoteTls.key).toBe(`${tls['remote-key']}\n`);
    expect(inputs.remoteTls.cacert.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
  });
});

describe('builder and buildkitd config', () => {
  it('an existing builder by name', () => {
    expect(parse({ builder: 'builder-3f2a' }).builder).toBe('builder-3f2a');
  });

  it('keeps the inline config as written', () => {
    const toml = '[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]\n';
    expect(parse({ 'buildkitd-config-inline': toml }).buildkitdConfigInline).toBe(toml);
  });
});
