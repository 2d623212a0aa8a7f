// buildx flags of docker/build-push-action's build inputs, and where their secrets go.
import { describe, expect, it } from '@jest/globals';
import {
  buildArgs,
  buildArgsFromEnv,
  buildEnv,
  GIT_AUTH_ENV,
  gitAuthSecretId,
  isGitUrl,
  type BuilderRef,
  type BuildPlan
} from '../../../src/buildx/buildx-args.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { parsePlatformList } from '../../../src/model/platforms.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import type { Inputs } from '../../../src/model/inputs.js';

const parse = (values: Record<string, string>): Inputs => parseInputs(runnerReader(values));
const container: BuilderRef = { name: 'mab-42-build-x1', driver: 'docker-container' };

describe('buildArgs: build-push-action inputs', () => {
  const plan = (overrides: Partial<BuildPlan> = {}): BuildPlan => ({
    platforms: parsePlatformList('linux/amd64,linux/arm64'),
    tags: ['ghcr.io/acme/app:1.0'],
    labels: [],
    annotations: [],
    export: { kind: 'stream' },
    metadataFile: '/tmp/job/build-metadata.json',
    ...overrides
  });

  it('maps each input to its flag, in a fixed order', () => {
    const inputs = parse({
      'build-contexts': 'base=./rootfs\nalpine=docker-image://alpine:3.20',
      secrets: 'NPM=npm-s3cret',
      'secret-files': 'CERT=./certs/ca,1.pem',
      'secret-envs': 'KEY=SIGNING_KEY',
      ssh: 'default\ngithub=/keys/id_ed25519',
      'add-hosts': 'docker:10.180.0.1',
      'shm-size': '2g',
      ulimit: 'nofile=1024:2048',
      allow: 'network.host',
      'cache-from': 'type=registry,ref=ghcr.io/acme/cache',
      'no-cache-filters': 'deps,build',
      provenance: 'mode=max',
      sbom: 'true',
      attests: 'type=sbom,generator=image',
      call: 'build'
    });
    const args = buildArgs(inputs, container, plan());
    expect(args.slice(args.indexOf('--build-context'), args.indexOf('--metadata-file'))).toEqual([
      '--build-context',
      'base=./rootfs',
      '--build-context',
      'alpine=docker-image://alpine:3.20',
      '--secret',
      'id=NPM,env=MAB_BUILD_SECRET_0',
      '--secret',
      'id=CERT,"src=./certs/ca,1.pem"',
      '--secret',
      'id=KEY,env=SIGNING_KEY',
      '--ssh',
      'default',
      '--ssh',
      'github=/keys/id_ed25519',
      '--add-host',
      'docker:10.180.0.1',
      '--shm-size',
      '2g',
      '--ulimit',
      'nofile=1024:2048',
      '--allow',
      'network.host',
      '--cache-from',
      'type=registry,ref=ghcr.io/acme/cache',
      '--no-cache-filter',
      'deps',
      '--no-cache-filter',
      'build',
      '--provenance=mode=max',
      '--sbom=true',
      '--attest',
      'type=sbom,generator=image',
      '--call',
      'build'
    ]);
  });

  it('outputs replace the pushed image output; tags still name the image', () => {
    const args = buildArgs(
      parse({ outputs: 'type=local,dest=out\ntype=tar,dest=img.tar' }),
      container,
      plan({ export: undefined })
    );
    expect(args.slice(args.indexOf('--metadata-file') + 2)).toEqual([
      '--output',
      'type=local,dest=out',
      '--output',
      'type=tar,dest=img.tar',
      '.'
    ]);
    expect(args).toContain('--tag');
  });

  it('secret-looking build args take their value from the environment', () => {
    const inputs = parse({
      'build-args': 'NPM_TOKEN=npm_abc\nVERSION=1.0\nDOCKER_PASSWORD=kept-on-argv\nGH_TOKEN=taken',
      'secret-envs': 'GH=GH_TOKEN'
    });
    const args = buildArgs(inputs, container, plan());
    const buildArgValues = args.filter((_, index) => args[index - 1] === '--build-arg');
    // DOCKER_* is read by docker itself, and GH_TOKEN already names a secret-envs variable.
    expect(buildArgValues).toEqual(['NPM_TOKEN', 'VERSION=1.0', 'DOCKER_PASSWORD=kept-on-argv', 'GH_TOKEN=taken']);
    expect(buildArgsFromEnv(inputs)).toEqual([{ key: 'NPM_TOKEN', value: 'npm_abc' }]);
    expect(buildEnv(inputs)).toEqual({ NPM_TOKEN: 'npm_abc' });
  });

  it('moves cache credentials off the command line into the variables buildx reads', () => {
    const inputs = parse({
      'cache-from': 'type=gha,token=gha-t0k,scope=main',
      'cache-to': 'type=s3,region=r,bucket=b,access_key_id=AKIA,secret_access_key=s3-s3cret'
    });
    const args = buildArgs(inputs, container, plan()).join(' ');
    expect(args).toContain('--cache-from type=gha,scope=main --cache-to type=s3,region=r,bucket=b ');
    expect(args).not.toMatch(/gha-t0k|AKIA|s3-s3cret/);
    expect(buildEnv(inputs)).toEqual({
      ACTIONS_RUNTIME_TOKEN: 'gha-t0k',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 's3-s3cret',
      AWS_SESSION_TOKEN: ''
    });
  });
});

describe('github-token for git contexts', () => {
  it.each<[string, Record<string, string>, string, string | undefined]>([
    [
      'a GitHub git context',
      { context: 'https://github.com/acme/app.git#main' },
      'github.com',
      'GIT_AUTH_TOKEN.github.com'
    ],
    [
      'a GitHub URL without .git',
      { context: 'https://github.com/acme/app#v1:docker' },
      'github.com',
      'GIT_AUTH_TOKEN.github.com'
    ],
    [
      'a git build context',
      { 'build-contexts': 'lib=https://github.com/acme/lib.git' },
      'github.com',
      'GIT_AUTH_TOKEN.github.com'
    ],
    [
      'GitHub Enterprise',
      { context: 'https://ghe.acme.dev/acme/app.git' },
      'ghe.acme.dev',
      'GIT_AUTH_TOKEN.ghe.acme.dev'
    ],
    // Keyed to the GitHub host, so BuildKit never sends it to another git server.
    ['another git host', { context: 'https://gitlab.com/acme/app.git' }, 'github.com', 'GIT_AUTH_TOKEN.github.com'],
    ['a local context', { context: '.' }, 'github.com', undefined],
    ['a tarball URL', { context: 'https://example.com/ctx.tar.gz' }, 'github.com', undefined],
    ['no token', { context: 'https://github.com/acme/app.git', 'github-token': '' }, 'github.com', undefined],
    [
      "the user's own GIT_AUTH_TOKEN",
      { context: 'https://github.com/acme/app.git', 'secret-envs': 'GIT_AUTH_TOKEN=MY_PAT' },
      'github.com',
      undefined
    ],
    [
      "the user's own host-scoped token",
      { context: 'https://github.com/acme/app.git', secrets: 'GIT_AUTH_TOKEN.github.com=pat' },
      'github.com',
      undefined
    ]
  ])('%s', (_what, values, host, expected) => {
    const inputs = parse({ 'github-token': 'ghs_t0ken', ...values });
    expect(gitAuthSecretId(inputs, host)).toBe(expected);
    const args = buildArgs(
      inputs,
      container,
      {
        platforms: parsePlatformList('amd64'),
        tags: [],
        labels: [],
        annotations: [],
        metadataFile: '/m.json'
      },
      host
    );
    expect(args.join(' ')).not.toContain('ghs_t0ken');
    if (expected) {
      expect(args).toContain(`id=${expected},env=${GIT_AUTH_ENV}`);
      expect(buildEnv(inputs, host)[GIT_AUTH_ENV]).toBe('ghs_t0ken');
    } else {
      expect(buildEnv(inputs, host)[GIT_AUTH_ENV]).toBeUndefined();
    }
  });

  it.each<[string, boolean]>([
    ['https://github.com/acme/app.git', true],
    ['https://github.com/acme/app', true],
    ['git@github.com:acme/app.git', true],
    ['ssh://git@host/acme/app.git', true],
    ['github.com/acme/app', true],
    ['https://example.com/x.git#main:sub', true],
    ['https://example.com/ctx.tar.gz', false],
    ['./app', false]
  ])('isGitUrl(%s) → %s', (value, expected) => {
    expect(isGitUrl(value)).toBe(expected);
  });
});
