import { describe, expect, it } from '@jest/globals';
import { parseBuildInputs, producesImage } from '../../../src/planning/build-inputs.js';
import type { BuildInputs } from '../../../src/model/build.js';
import { inputErrorOf } from '../../helpers/errors.js';

const parse = (values: Record<string, string>): BuildInputs => parseBuildInputs((name) => values[name] ?? '');

describe('parseBuildInputs', () => {
  it('reads nothing into empty values', () => {
    expect(parse({})).toStrictEqual({
      secretFiles: [],
      secretEnvs: [],
      ssh: [],
      buildContexts: [],
      outputs: [],
      sbom: '',
      attests: [],
      addHosts: [],
      shmSize: '',
      ulimit: [],
      allow: [],
      noCacheFilters: [],
      call: '',
      githubToken: ''
    });
  });

  it.each<[string, Record<string, string>, Partial<BuildInputs>]>([
    [
      'secret-files: one id=path a line, commas stay in paths',
      { 'secret-files': 'MY_CERT=./certs/ca.pem\n# a comment\nKEY=/tmp/a,b.key' },
      {
        secretFiles: [
          { key: 'MY_CERT', value: './certs/ca.pem' },
          { key: 'KEY', value: '/tmp/a,b.key' }
        ]
      }
    ],
    [
      'secret-envs: commas or newlines, as build-push takes them',
      { 'secret-envs': 'NPM=NPM_TOKEN, GIT_AUTH_TOKEN.github.com=GH\nSIGNING=SIGNING_KEY' },
      {
        secretEnvs: [
          { key: 'NPM', value: 'NPM_TOKEN' },
          { key: 'GIT_AUTH_TOKEN.github.com', value: 'GH' },
          { key: 'SIGNING', value: 'SIGNING_KEY' }
        ]
      }
    ],
    [
      'ssh: default, an agent socket, keys',
      { ssh: 'default\ndefault=/run/agent.sock\ngithub=/home/u/.ssh/id_ed25519,/home/u/.ssh/id_rsa' },
      { ssh: ['default', 'default=/run/agent.sock', 'github=/home/u/.ssh/id_ed25519,/home/u/.ssh/id_rsa'] }
    ],
    [
      'build-contexts: directories, images, stages, URLs',
      {
        'build-contexts':
          'base=./rootfs\nalpine=docker-image://alpine:3.20\nbuilder=target:build\nsrc=https://github.com/acme/lib.git#v1\nlayout=oci-layout://./out:1.0'
      },
      {
        buildContexts: [
          { key: 'base', value: './rootfs' },
          { key: 'alpine', value: 'docker-image://alpine:3.20' },
          { key: 'builder', value: 'target:build' },
          { key: 'src', value: 'https://github.com/acme/lib.git#v1' },
          { key: 'layout', value: 'oci-layout://./out:1.0' }
        ]
      }
    ],
    [
      'outputs: CSV lines kept whole',
      { outputs: 'type=local,dest=out\ntype=tar,dest=img.tar\ntype=image,name=app:dev' },
      { outputs: ['type=local,dest=out', 'type=tar,dest=img.tar', 'type=image,name=app:dev'] }
    ],
    ['sbom: a boolean', { sbom: 'yes' }, { sbom: 'true' }],
    [
      'sbom: generator options',
      { sbom: 'generator=docker/buildkit-syft-scanner' },
      { sbom: 'generator=docker/buildkit-syft-scanner' }
    ],
    [
      'attests: one a line',
      { attests: 'type=sbom,generator=image\ntype=provenance,mode=max' },
      { attests: ['type=sbom,generator=image', 'type=provenance,mode=max'] }
    ],
    [
      'add-hosts: IPv4, IPv6, host-gateway, = or :',
      { 'add-hosts': 'docker:10.180.0.1, v6:[::1]\ngw=host-gateway' },
      { addHosts: ['docker:10.180.0.1', 'v6:[::1]', 'gw=host-gateway'] }
    ],
    ['shm-size', { 'shm-size': '2g' }, { shmSize: '2g' }],
    ['ulimit', { ulimit: 'nofile=1024:2048\ncore=-1' }, { ulimit: ['nofile=1024:2048', 'core=-1'] }],
    ['allow', { allow: 'network.host,security.insecure' }, { allow: ['network.host', 'security.insecure'] }],
    ['no-cache-filters', { 'no-cache-filters': 'deps, build\ntest' }, { noCacheFilters: ['deps', 'build', 'test'] }],
    ['call: check with an option', { call: 'check,error=true' }, { call: 'check,error=true' }],
    ['github-token', { 'github-token': ' ghs_abc ' }, { githubToken: 'ghs_abc' }]
  ])('%s', (_what, values, expected) => {
    expect(parse(values)).toMatchObject(expected);
  });

  it.each<[string, string, string]>([
    ['secret-files', 'MY_CERT', "no '='"],
    ['secret-files', 'MY_CERT=', 'no path'],
    ['secret-files', 'has space=./x', 'bad id'],
    ['secret-envs', 'NPM=npm-token-value', 'not a variable name'],
    ['ssh', 'default=', 'no socket'],
    ['ssh', 'github', 'neither default nor id=path'],
    ['build-contexts', 'base', "no '='"],
    ['build-contexts', 'alpine=docker-image://Alpine', 'bad image'],
    ['build-contexts', 'x=ftp://host/a', 'unknown scheme'],
    ['outputs', 'dest=out', 'no type'],
    ['outputs', 'type=s3,bucket=b', 'unknown exporter'],
    ['outputs', 'type=registry,name=ghcr.io/a/b', 'pushes'],
    ['outputs', 'type=image,name=ghcr.io/a/b,push=true', 'pushes'],
    ['sbom', 'maybe', 'not a boolean'],
    ['attests', 'type=slsa', 'unknown type'],
    ['add-hosts', 'docker:not-an-ip', 'not an address'],
    ['add-hosts', 'docker', 'no address'],
    ['shm-size', '2 gallons', 'not a size'],
    ['ulimit', 'files=10', 'unknown name'],
    ['ulimit', 'nofile=lots', 'not a number'],
    ['allow', 'network.none', 'unknown entitlement'],
    ['no-cache-filters', 'a stage', 'spaces'],
    ['call', 'lint', 'unknown method']
  ])('%s: %j is refused (%s)', (input, value, _why) => {
    const error = inputErrorOf(() => parse({ [input]: value }));
    expect(error.input).toBe(input);
    expect(error.message).toContain('Accepted:');
  });

  it('names the variable, never a value, when secret-envs is malformed', () => {
    const error = inputErrorOf(() => parse({ 'secret-envs': 'TOKEN=ghp_looks-like-a-token' }));
    // The value here is the whole entry as written: an env name was expected, so it is not a secret's value.
    expect(error.message).toContain('ENV_NAME');
  });
});

describe('producesImage', () => {
  it.each<[Pick<BuildInputs, 'outputs' | 'call'>, boolean]>([
    [{ outputs: [], call: '' }, true],
    [{ outputs: [], call: 'build' }, true],
    [{ outputs: ['type=local,dest=out'], call: '' }, false],
    [{ outputs: [], call: 'check' }, false],
    [{ outputs: [], call: 'outline' }, false]
  ])('producesImage(%j) → %s', (inputs, expected) => {
    expect(producesImage(inputs)).toBe(expected);
  });
});

describe('github-token default', () => {
  it("reads action.yml's ${{ github.token }} left unevaluated (a run outside the runner) as no token", () => {
    expect(parse({ 'github-token': '${{ github.token }}' }).githubToken).toBe('');
    expect(parse({ 'github-token': 'ghs_${{x}}' }).githubToken).toBe('ghs_${{x}}');
  });
});
