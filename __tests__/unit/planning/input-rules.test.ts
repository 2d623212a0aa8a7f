// The rules across inputs (input-rules.ts), through parseInputs, which applies them for the mode asked for.
import { describe, expect, it } from '@jest/globals';
import { inputErrorOf } from '../../helpers/errors.js';
import { D1, inputsOf } from '../../helpers/plans.js';

const full = inputsOf;
const parse = inputsOf;
const pem = (kind: string, body = 'MIIBszCCAVmgAwIBAgIUQ2xpZW50S2V5Qm9keQ') =>
  `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----`;

describe('the bare-tag rule, once for both modes', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['build, push auto', { tags: 'latest' }, true],
    ['build, push true', { tags: 'latest', push: 'true' }, true],
    ['build, push false: nothing leaves the runner', { tags: 'latest', push: 'false' }, false],
    ['build with the image input', { tags: 'latest', image: 'ghcr.io/acme/app' }, false],
    [
      'merge, push false: a merge always tags',
      { tags: 'latest', mode: 'merge', sources: `r/app@${D1}`, push: 'false' },
      true
    ],
    ['merge with the image input', { tags: 'latest', mode: 'merge', sources: `r/app@${D1}`, image: 'r/app' }, false]
  ])('%s', (_why, values, refused) => {
    if (!refused) {
      expect(inputsOf(values).tags).toStrictEqual([{ kind: 'tag', text: 'latest' }]);
      return;
    }
    const error = inputErrorOf(() => inputsOf(values));
    expect(error.input).toBe('tags');
    expect(error.message).toContain('a bare tag needs the image input');
  });

  it('sources are parsed in merge mode only', () => {
    expect(inputsOf({ tags: 'r/app:1', sources: 'not a reference' }).sources).toStrictEqual([]);
    expect(inputErrorOf(() => inputsOf({ mode: 'merge', tags: 'r/app:1', sources: 'r/app' })).input).toBe('sources');
  });
});

describe('secret ids, and a push where buildx makes no image', () => {
  it('accepts outputs with push auto or false, and call with push auto', () => {
    expect(full({ outputs: 'type=local,dest=out' }).outputs).toEqual(['type=local,dest=out']);
    expect(full({ outputs: 'type=local,dest=out', push: 'false' }).push).toBe('false');
    expect(full({ call: 'check' }).call).toBe('check');
  });

  it.each<[string, Record<string, string>, string]>([
    ['push: true with outputs', { outputs: 'type=local,dest=out', push: 'true' }, 'push'],
    ['push: true with call: check', { call: 'check', push: 'true' }, 'push'],
    [
      'push-by-digest with outputs',
      { outputs: 'type=tar,dest=a.tar', 'push-by-digest': 'true', platforms: 'amd64', image: 'ghcr.io/a/b' },
      'push-by-digest'
    ],
    ['a secret id twice', { secrets: 'NPM=x', 'secret-envs': 'NPM=NPM_TOKEN' }, 'secret-envs'],
    ['a secret id in files and envs', { 'secret-files': 'K=./k', 'secret-envs': 'K=K' }, 'secret-envs']
  ])('refuses %s', (_what, values, input) => {
    expect(inputErrorOf(() => full(values)).input).toBe(input);
  });

  it('never echoes the value of a secret given twice', () => {
    const error = inputErrorOf(() => full({ secrets: 'NPM=npm-s3cret-value', 'secret-envs': 'NPM=NPM_TOKEN' }));
    expect(error.message).not.toContain('npm-s3cret-value');
  });
});

describe('remote TLS: the remote driver, cert and key together, not also in driver-opts', () => {
  const tls = {
    'remote-cacert': pem('CERTIFICATE'),
    'remote-cert': pem('CERTIFICATE'),
    'remote-key': pem('PRIVATE KEY', 'c2VjcmV0LWtleS1ib2R5')
  };

  it.each<[string, Record<string, string>, string, string]>([
    ['TLS without the remote driver', { driver: 'docker-container', ...tls }, 'driver', 'remote when remote-cacert'],
    [
      'a cert without its key',
      { driver: 'remote', endpoint: 'tcp://b:1', 'remote-cert': tls['remote-cert'] },
      'remote-key',
      'together'
    ],
    [
      'a key that is not PEM',
      {
        driver: 'remote',
        endpoint: 'tcp://b:1',
        'remote-cert': tls['remote-cert'],
        'remote-key': 'c2VjcmV0LWtleS1ib2R5'
      },
      'remote-key',
      'PEM'
    ],
    [
      'TLS given twice',
      {
        driver: 'remote',
        endpoint: 'tcp://b:1',
        'driver-opts': 'cacert=/etc/ca.pem',
        'remote-cacert': tls['remote-cacert']
      },
      'driver-opts',
      'no cacert='
    ],
    ['remote without an address', { driver: 'remote' }, 'endpoint', 'needs the address']
  ])('refuses %s', (_what, values, input, message) => {
    const error = inputErrorOf(() => parse(values));
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
    // Never echo key material.
    expect(error.message).not.toContain('c2VjcmV0LWtleS1ib2R5');
  });
});

describe('builder and buildkitd config: what the chosen builder cannot take', () => {
  it.each<[string, Record<string, string>, string]>([
    ['builder with nodes', { builder: 'b', nodes: '- endpoint: tcp://a:1' }, "Input 'nodes'"],
    ['builder with an endpoint', { builder: 'b', endpoint: 'tcp://a:1' }, "Input 'endpoint'"],
    ['builder with driver-opts', { builder: 'b', 'driver-opts': 'network=host' }, "Input 'driver-opts'"],
    [
      'builder with a buildkitd config',
      { builder: 'b', 'buildkitd-config-inline': 'debug = true' },
      "Input 'buildkitd-config-inline'"
    ],
    ['a builder name that is a flag', { builder: '--help' }, "Input 'builder'"],
    [
      'nodes with the docker driver',
      { driver: 'docker', nodes: '- endpoint: tcp://a:1' },
      'the docker driver has one node'
    ],
    [
      'both configs',
      { 'buildkitd-config': 'b.toml', 'buildkitd-config-inline': 'debug = true' },
      'one of buildkitd-config'
    ],
    ['a config for the docker driver', { driver: 'docker', 'buildkitd-config': 'b.toml' }, 'daemon.json'],
    [
      'a config for a remote buildkitd',
      { driver: 'remote', endpoint: 'tcp://b:1', 'buildkitd-config-inline': 'debug = true' },
      'its own config'
    ]
  ])('refuses %s', (_what, values, message) => {
    expect(() => parse(values)).toThrow(message);
  });
});

describe('flavor without any rule line in tags', () => {
  it('is refused, naming flavor; the default flavor is fine', () => {
    const error = inputErrorOf(() => full({ tags: 'ghcr.io/acme/app:1', flavor: 'latest=false' }));
    expect([error.input, error.value]).toEqual(['flavor', 'latest=false']);
    expect(error.detail).toContain('tags has none');
    expect(full({ tags: 'ghcr.io/acme/app:1', flavor: 'latest=auto\nprefix=' }).flavor.latest).toBe('auto');
    expect(
      full({ tags: 'type=ref,event=branch', image: 'ghcr.io/acme/app', flavor: 'latest=false' }).flavor.latest
    ).toBe('false');
  });
});
