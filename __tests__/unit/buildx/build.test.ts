import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { rejectionOf } from '../../helpers/errors.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { adviceFor, buildSecretValues, isTransientPushFailure, parseBuildMetadata, runBuild } =
  await import('../../../src/buildx/run-build.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { parseInputs } = await import('../../../src/planning/parse-inputs.js');
const { buildSpec } = await import('../../../src/planning/build-plan.js');
const { parsePlatformList } = await import('../../../src/model/platforms.js');

// Shaped like buildx's --metadata-file for a pushed multi-platform image.
const pushedIndex = {
  'buildx.build.ref': 'mab-42-build-x1/mab-42-build-x10/p2l0e6dzkq5yxj7tq2m1v3n8c',
  'containerimage.config.digest': 'sha256:5b7e2f7b1f1a0d1e5d5f8a7c3f6c4b9e2a1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b',
  'containerimage.descriptor': {
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    size: 856
  },
  'containerimage.digest': 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'image.name': 'ghcr.io/acme/app:1.0,ghcr.io/acme/app:latest'
};

describe('parseBuildMetadata', () => {
  it('reads the digest and the image id', () => {
    expect(parseBuildMetadata(JSON.stringify(pushedIndex))).toStrictEqual({
      digest: pushedIndex['containerimage.digest'],
      imageId: pushedIndex['containerimage.config.digest'],
      metadata: pushedIndex
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['no config digest: the id is the digest', { 'containerimage.digest': 'sha256:aa' }, 'sha256:aa', 'sha256:aa'],
    ['a build that pushed nothing', { 'buildx.build.ref': 'b/b0/x' }, '', ''],
    ['an empty file', {}, '', ''],
    ['fields of the wrong type', { 'containerimage.digest': 42, 'containerimage.config.digest': ['sha256:bb'] }, '', '']
  ])('%s', (_what, metadata, digest, imageId) => {
    expect(parseBuildMetadata(JSON.stringify(metadata))).toStrictEqual({ digest, imageId, metadata });
  });

  it('throws on text that is not JSON', () => {
    expect(() => parseBuildMetadata('not json')).toThrow(SyntaxError);
  });
});

describe('adviceFor', () => {
  it.each<[string, string | undefined]>([
    ['#12 0.153 exec /bin/sh: exec format error', 'a binary of the wrong architecture ran'],
    [
      'ERROR: failed to solve: node:20: no match for platform in manifest sha256:0b3f: not found',
      'a base image does not exist for one of the requested platforms'
    ],
    [
      'ERROR: failed to solve: alpine:3.20: no matching manifest for linux/s390x in the manifest list entries',
      'a base image does not exist'
    ],
    [
      'failed to create endpoint on network bridge: network bridge not found',
      'the daemon has no bridge network: set network: host'
    ],
    [
      'ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory',
      'check the file and context inputs'
    ],
    [
      'ERROR: failed to push ghcr.io/acme/app:1.0: unauthorized: authentication required',
      'the registry refused the push'
    ],
    ['denied: installation not allowed to Write organization package', 'the registry refused the push'],
    ["unknown flag: --call\nSee 'docker buildx build --help'.", 'the call input needs buildx 0.14 or later'],
    ['ERROR: invalid progress mode rawjson', 'this buildx has no --progress=rawjson'],
    // The first matching cause wins: the wrong architecture explains a later failure too.
    ['exec format error\nunauthorized', 'a binary of the wrong architecture ran'],
    ['ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2', undefined],
    ['', undefined]
  ])('%j', (output, advice) => {
    if (advice === undefined) expect(adviceFor(output)).toBeUndefined();
    else expect(adviceFor(output)?.slice(0, advice.length)).toBe(advice);
  });
});

describe('runBuild', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mab-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const builder = { name: 'b1', driver: 'docker-container' as const };
  const plan = (metadataFile: string) => ({
    platforms: parsePlatformList('amd64,arm64'),
    tags: ['ghcr.io/acme/app:1.0'],
    labels: [],
    annotations: [],
    push: true,
    metadataFile
  });

  beforeEach(() => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
  });

  it('runs one docker command, hands secrets over in the environment and reads the metadata', async () => {
    const metadataFile = path.join(dir, 'ok.json');
    // Stands in for buildx writing --metadata-file.
    execFixture.run.mockImplementation((_command, args) => {
      writeFileSync(args[args.indexOf('--metadata-file') + 1] ?? '', JSON.stringify(pushedIndex));
      return Promise.resolve(execFixture.ok());
    });
    const inputs = parseInputs(runnerReader({ secrets: 'NPM_TOKEN=npm-s3cret' }));

    const result = await runBuild(inputs, builder, plan(metadataFile));

    expect(result.digest).toBe(pushedIndex['containerimage.digest']);
    expect(execFixture.run).toHaveBeenCalledTimes(1);
    const [command, args, options] = execFixture.run.mock.calls[0] ?? [];
    expect(command).toBe('docker');
    expect(args).toContain('id=NPM_TOKEN,env=MAB_BUILD_SECRET_0');
    expect(args?.join(' ')).not.toContain('npm-s3cret');
    expect(options).toEqual({
      env: { MAB_BUILD_SECRET_0: 'npm-s3cret' },
      onLine: expect.any(Function) as unknown
    });
  });

  it('reads the progress buildx streams while the build runs, and times the command', async () => {
    execFixture.run.mockImplementation((_command, _args, options) => {
      for (const line of ['#7 [linux/arm64 2/3] RUN make deps', '#7 DONE 4.5s', '#8 [linux/amd64 2/3] RUN make deps'])
        options?.onLine?.(line);
      options?.onLine?.('#8 CACHED');
      return Promise.resolve(execFixture.ok());
    });
    const before = Date.now();
    const result = await runBuild(parseInputs(runnerReader({})), builder, plan(path.join(dir, 'never-written.json')));
    expect(result.run.progress.steps.map(({ platform, cached, seconds }) => ({ platform, cached, seconds }))).toEqual([
      { platform: 'linux/arm64', cached: false, seconds: 4.5 },
      { platform: 'linux/amd64', cached: true, seconds: undefined }
    ]);
    expect(result.run.startedAt).toBeGreaterThanOrEqual(before);
    expect(result.run.endedAt).toBeGreaterThanOrEqual(result.run.startedAt);
  });

  it('asks buildx for rawjson, logs it as plain progress and reads each step with its platform', async () => {
    const recorded = readFileSync(
      path.join('__fixtures__', 'buildx-progress', 'rawjson-same-step-two-platforms.txt'),
      'utf8'
    );
    execFixture.run.mockImplementation((_command, args, options) => {
      expect(args.slice(args.indexOf('--progress'), args.indexOf('--progress') + 2)).toEqual(['--progress', 'rawjson']);
      for (const line of recorded.split('\n')) options?.onLine?.(line);
      return Promise.resolve(execFixture.ok());
    });
    const result = await runBuild(parseInputs(runnerReader({})), builder, plan(path.join(dir, 'never-written.json')));
    const slow = result.run.progress.steps.filter((step) => step.command.startsWith('i=0; while'));
    expect(slow.map(({ platform, seconds }) => ({ platform, seconds }))).toEqual([
      { platform: 'linux/arm64', seconds: 0.8 },
      { platform: 'linux/amd64', seconds: 0.4 }
    ]);
    const logged = coreFixture.info.mock.calls.map(([line]) => line);
    expect(logged).toContain('#10 DONE 0.4s');
    expect(logged.some((line) => line.startsWith('{') || line.includes('"vertexes"'))).toBe(false);
  });

  it('returns empty results when buildx wrote no metadata', async () => {
    const result = await runBuild(parseInputs(runnerReader({})), builder, plan(path.join(dir, 'never-written.json')));
    expect({ digest: result.digest, imageId: result.imageId, metadata: result.metadata }).toStrictEqual({
      digest: '',
      imageId: '',
      metadata: {}
    });
  });

  it('turns a failed build into an ActionError with advice', async () => {
    // What the log showed explains the failure: buildx's text lines and the rendered progress, not the raw JSON.
    execFixture.run.mockImplementation((_command, _args, options) => {
      for (const line of ['#9 0.2 exec /bin/sh: exec format error', 'ERROR: failed to solve']) options?.onLine?.(line);
      return Promise.reject(
        new execFixture.CommandError('docker buildx build', {
          exitCode: 1,
          stdout: '',
          stderr: '{\n  "vertexes": []\n}\nERROR: failed to solve'
        })
      );
    });

    const error = await rejectionOf(
      ActionError,
      runBuild(parseInputs(runnerReader({})), builder, plan(path.join(dir, 'fail.json')))
    );

    expect(error.message).toBe(
      'docker buildx build failed (exit code 1):\n#9 0.2 exec /bin/sh: exec format error\nERROR: failed to solve\n' +
        'Hint: a binary of the wrong architecture ran, or its QEMU emulator is missing: copy per-platform binaries using TARGETARCH, and keep qemu: auto.'
    );
    expect(execFixture.run).toHaveBeenCalledTimes(1);
  });

  it('lets an error that is not a command failure through unchanged', async () => {
    const failure = new Error("Could not start 'docker': spawn docker ENOENT");
    execFixture.run.mockRejectedValue(failure);
    await expect(runBuild(parseInputs(runnerReader({})), builder, plan(path.join(dir, 'x.json')))).rejects.toBe(
      failure
    );
  });
});

describe('isTransientPushFailure', () => {
  const failure = (stderr: string) =>
    new execFixture.CommandError('docker buildx build', { exitCode: 1, stdout: '', stderr });
  it.each([
    [
      'a push answered 503',
      '#12 pushing layers\nERROR: failed to push 127.0.0.1:5001/a:1: unexpected status from PUT request: 503 Service Unavailable',
      true
    ],
    [
      'the docker driver second push hitting a 500',
      'ERROR: unexpected status from HEAD request to http://127.0.0.1:5001/v2/a/manifests/1: 500 Internal Server Error',
      true
    ],
    [
      'a RUN step that printed connection refused',
      '#9 curl: (7) connection refused\nERROR: process "/bin/sh -c curl x" did not complete successfully: exit code: 7',
      false
    ],
    [
      'a push refused for auth',
      'ERROR: failed to push 127.0.0.1:5001/a:1: unexpected status from PUT request: 401 Unauthorized',
      false
    ],
    [
      'a push rate-limited',
      'ERROR: failed to push ghcr.io/a:1: unexpected status from PUT request to https://ghcr.io/v2/a/blobs/uploads/x: 429 Too Many Requests',
      true
    ],
    [
      "Docker Hub's pull rate limit on a base image",
      'ERROR: failed to solve: docker.io/library/alpine:3: failed to resolve source metadata for docker.io/library/alpine:3: toomanyrequests: You have reached your pull rate limit.',
      true
    ],
    [
      'a rate-limited anonymous token for a pull',
      'ERROR: failed to solve: alpine:3: failed to authorize: failed to fetch anonymous token: unexpected status: 429 Too Many Requests',
      true
    ],
    [
      'a base image that does not exist',
      'ERROR: failed to solve: docker.io/library/nope:1: failed to resolve source metadata for docker.io/library/nope:1: not found',
      false
    ],
    ['no ERROR line at all', 'something went wrong: 503', false]
  ])('%s → %s', (_name, stderr, expected) => {
    expect(isTransientPushFailure(failure(stderr))).toBe(expected);
  });
  it('anything but a command failure is not retried', () => {
    expect(isTransientPushFailure(new Error('ERROR: failed to push: 503'))).toBe(false);
  });
});

describe('adviceFor the docker driver without the containerd image store', () => {
  it('points to docker-container or the containerd store', () => {
    expect(
      adviceFor('ERROR: Multi-platform build is not supported for the docker driver.\nSwitch to a different driver')
    ).toMatch(/driver: docker-container/);
  });
});

describe('buildSecretValues', () => {
  it('finds nothing to mask in plain inputs', () => {
    const plain = parseInputs(runnerReader({ 'build-args': 'VERSION=1', 'cache-from': 'type=registry,ref=r' }));
    expect(buildSecretValues(buildSpec(plain), [], {})).toEqual([]);
  });

  it('skips a secret file it cannot read (the input check reports it)', () => {
    const missing = parseInputs(runnerReader({ 'secret-files': 'CERT=/nonexistent/cert.pem' }));
    expect(buildSecretValues(buildSpec(missing), [], {})).toEqual([]);
  });
});
