import { describe, expect, it } from '@jest/globals';
import {
  buildArgs,
  builderFlag,
  buildxPrefix,
  csvField,
  secretEnvName,
  type BuilderRef,
  type BuildPlan
} from '../../../src/buildx/buildx-args.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { parsePlatformList } from '../../../src/model/platforms.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import type { Inputs } from '../../../src/model/inputs.js';

const parse = (values: Record<string, string>): Inputs => parseInputs(runnerReader(values));
const container: BuilderRef = { name: 'mab-42-build-x1', driver: 'docker-container' };
const dockerDriver: BuilderRef = { name: 'mab-42-build-x1', driver: 'docker', dockerContext: 'mab-42-build-x1' };

describe('addressing the builder', () => {
  it.each<[string, BuilderRef, string[], string[]]>([
    ['docker-container', container, ['buildx'], ['--builder', 'mab-42-build-x1']],
    // buildx refuses --builder for a docker-driver builder: the context selects it.
    ['docker', dockerDriver, ['--context', 'mab-42-build-x1', 'buildx'], []]
  ])('%s driver', (_driver, ref, prefix, flag) => {
    expect(buildxPrefix(ref)).toEqual(prefix);
    expect(builderFlag(ref)).toEqual(flag);
  });
});

describe('csvField', () => {
  it.each([
    ['name=ghcr.io/a/b:1', 'name=ghcr.io/a/b:1'],
    ['name=a:1,b:2', '"name=a:1,b:2"'],
    ['say "hi"', '"say ""hi"""'],
    ['', '']
  ])('%j → %s', (field, expected) => {
    expect(csvField(field)).toBe(expected);
  });
});

describe('buildArgs', () => {
  const plan = (overrides: Partial<BuildPlan> = {}): BuildPlan => ({
    platforms: parsePlatformList('linux/amd64,linux/arm64'),
    tags: ['ghcr.io/acme/app:1.0', 'ghcr.io/acme/app:latest'],
    labels: [],
    annotations: [],
    export: { kind: 'stream' },
    metadataFile: '/tmp/job/build-metadata.json',
    ...overrides
  });

  it('maps every build input to its flag, in a fixed order', () => {
    const inputs = parse({
      context: 'app',
      file: 'app/Dockerfile.release',
      'build-args': 'VERSION=1.0\nLIST=a,b c',
      secrets: 'NPM_TOKEN=npm-s3cret\nGH_TOKEN=ghp_t0ken',
      target: 'runtime',
      network: 'host',
      'cache-from': 'type=registry,ref=ghcr.io/acme/cache',
      'cache-to': 'type=registry,ref=ghcr.io/acme/cache,mode=max',
      provenance: 'mode=max',
      'no-cache': 'true',
      pull: 'true'
    });
    const args = buildArgs(
      inputs,
      container,
      plan({
        labels: [{ key: 'org.opencontainers.image.version', value: '1.0' }],
        annotations: [{ key: 'index:org.opencontainers.image.version', value: '1.0' }]
      })
    );
    expect(args).toEqual([
      'buildx',
      'build',
      '--builder',
      'mab-42-build-x1',
      '--progress',
      'rawjson',
      '--platform',
      'linux/amd64,linux/arm64',
      '--file',
      'app/Dockerfile.release',
      '--build-arg',
      'VERSION=1.0',
      '--build-arg',
      'LIST=a,b c',
      '--label',
      'org.opencontainers.image.version=1.0',
      '--annotation',
      'index:org.opencontainers.image.version=1.0',
      '--secret',
      'id=NPM_TOKEN,env=MAB_BUILD_SECRET_0',
      '--secret',
      'id=GH_TOKEN,env=MAB_BUILD_SECRET_1',
      '--target',
      'runtime',
      '--network',
      'host',
      '--cache-from',
      'type=registry,ref=ghcr.io/acme/cache',
      '--cache-to',
      'type=registry,ref=ghcr.io/acme/cache,mode=max',
      '--provenance=mode=max',
      '--no-cache',
      '--pull',
      '--metadata-file',
      '/tmp/job/build-metadata.json',
      '--output',
      'type=oci,dest=-',
      'app'
    ]);
  });

  it('never puts a secret value on the command line', () => {
    const args = buildArgs(parse({ secrets: 'NPM_TOKEN=npm-s3cret\nGH_TOKEN=ghp_t0ken' }), container, plan());
    expect(args.filter((arg) => arg.includes('npm-s3cret') || arg.includes('ghp_t0ken'))).toEqual([]);
    expect(secretEnvName(0)).toBe('MAB_BUILD_SECRET_0');
    expect(secretEnvName(7)).toBe('MAB_BUILD_SECRET_7');
  });

  it('a driver that pushes by digest: BuildKit pushes untagged into every repository, the names quoted as one field', () => {
    const repositories = ['ghcr.io/acme/app', 'docker.io/acme/app'];
    const args = buildArgs(parse({}), container, plan({ export: { kind: 'push-by-digest', repositories } }));
    expect(args.filter((_arg, index) => args[index - 1] === '--output')).toEqual([
      'type=image,push-by-digest=true,name-canonical=true,push=true,"name=ghcr.io/acme/app,docker.io/acme/app"'
    ]);
    // The export names the image itself: buildx's --tag would put the user's tags into it.
    expect(args).not.toContain('--tag');
  });

  it('the streamed export goes to stdout, with the job-scoped local image for the smoke run when asked', () => {
    const exported = { kind: 'stream' as const, localImage: 'mab-1-job-x:checks' };
    const args = buildArgs(parse({}), dockerDriver, plan({ export: exported }));
    expect(args.filter((_arg, index) => args[index - 1] === '--output')).toEqual([
      'type=oci,dest=-',
      'type=image,name=mab-1-job-x:checks'
    ]);
    expect(args.filter((arg) => /push/.test(arg))).toEqual([]);
  });

  it('builds without pushing: no --output, tags kept, --load when asked', () => {
    const args = buildArgs(
      parse({ load: 'true', platforms: 'amd64', context: '.' }),
      container,
      plan({ export: undefined, platforms: parsePlatformList('amd64'), tags: ['app:dev'] })
    );
    expect(args).toEqual([
      'buildx',
      'build',
      '--builder',
      'mab-42-build-x1',
      '--progress',
      'rawjson',
      '--platform',
      'linux/amd64',
      '--tag',
      'app:dev',
      '--metadata-file',
      '/tmp/job/build-metadata.json',
      '--load',
      '.'
    ]);
  });

  it('addresses a docker-driver builder through its context', () => {
    const args = buildArgs(parse({ driver: 'docker' }), dockerDriver, plan({ tags: ['ghcr.io/acme/app:1'] }));
    expect(args.slice(0, 4)).toEqual(['--context', 'mab-42-build-x1', 'buildx', 'build']);
    expect(args).not.toContain('--builder');
  });

  // The plan decides the provenance (planning/provenance.ts, tested in provenance.test.ts); the args pass it on, adding none.
  it.each<[string, Record<string, string>, Partial<BuildPlan>, string[]]>([
    [
      'the planned default reaches buildx as planned',
      { provenance: 'mode=max,builder-id=https://github.com/acme/app/actions/runs/1' },
      {},
      ['--provenance=mode=max,builder-id=https://github.com/acme/app/actions/runs/1']
    ],
    ['provenance as given wins', { provenance: 'mode=max' }, {}, ['--provenance=mode=max']],
    ['provenance false stays off', { provenance: 'false' }, {}, ['--provenance=false']],
    ['none planned: no flag, even for the layout the action pushes', {}, {}, []],
    ['nothing pushed: no flag', {}, { export: undefined }, []]
  ])('%s', (_why, values, overrides, expected) => {
    const args = buildArgs(parse(values), container, plan(overrides));
    expect(args.filter((arg) => arg.startsWith('--provenance'))).toEqual(expected);
  });

  it('the docker driver never asks buildx to push: a per-platform job streams the same export, and no tag is written', () => {
    const args = buildArgs(parse({}), dockerDriver, plan({ platforms: parsePlatformList('arm64'), tags: [] }));
    expect(args).not.toContain('--tag');
    expect(args.filter((arg) => /push|type=image|type=registry/.test(arg))).toEqual([]);
    expect(args.slice(args.indexOf('--output'), args.indexOf('--output') + 2)).toEqual(['--output', 'type=oci,dest=-']);
  });
});
