// mode: merge through the main step, against a fake registry behind the exec seam: the merged index
// pushed by digest, the tags moved after it, and nothing written when a source is missing, refused
// or overlaps another.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { rejectionOf } from '../../helpers/errors.js';

// @actions/github reads the event once, at import: pin it to a plain push before merge loads.
const savedEnv = { ...process.env };
process.env['GITHUB_EVENT_NAME'] = 'push';
process.env['GITHUB_REF'] = 'refs/heads/main';
process.env['GITHUB_SHA'] = '0123456789abcdef0123456789abcdef01234567';
delete process.env['GITHUB_EVENT_PATH'];

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { runMain } = await import('../../../src/steps/main.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { OutputKey } = await import('../../../src/model/outcome.js');
const { StateKey } = await import('../../../src/model/post-state.js');
const { close, FakeRegistry, sha256 } = await import('../../helpers/fake-registry.js');
type FakeRegistry = InstanceType<typeof FakeRegistry>;
const { addImageManifest, addIndex, dockerManifestType, tagsIn } = await import('../../helpers/fake-images.js');

const digest = (hex: string): string => `sha256:${hex.repeat(64 / hex.length)}`;

describe('runMerge against a fake registry', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mab-merge-unit-'));
  let fake: FakeRegistry;
  let repo = '';
  let legs = '';
  let amd: ReturnType<typeof addIndex>;
  let arm: ReturnType<typeof addImageManifest>;

  beforeEach(async () => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
    execFixture.run.mockImplementation(async (_command, args, options) => {
      if (args[0] === 'login') return execFixture.storeLogin(args, options);
      throw new Error(`unexpected command docker ${args.join(' ')}`);
    });
    fake = await new FakeRegistry('basic', 'mab', 'pw').start();
    repo = `${fake.registry}/acme/app`;
    legs = `${fake.registry}/legs/app`;
    // What two per-platform jobs pushed, untagged: an index with provenance, and a single Docker manifest.
    amd = addIndex(fake, 'legs/app', [{ architecture: 'amd64' }], {
      annotations: { 'org.opencontainers.image.version': 'main' }
    });
    arm = addImageManifest(fake, 'legs/app', { architecture: 'arm', variant: 'v7', mediaType: dockerManifestType });
    fake.putManifest('legs/app', 'single-armv7', fake.manifests.get(`legs/app/${arm.digest}`)?.body as Buffer, {
      contentType: dockerManifestType
    });
    process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'temp-'));
    delete process.env['GITHUB_STEP_SUMMARY'];
  });

  afterEach(async () => {
    await close(fake.server);
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const runWith = (values: Record<string, string>): Promise<void> => {
    // The audit has its own tests (checks/audit/arch-audit.test.ts); here it would read layers that are not tar files.
    const raw = { mode: 'merge', username: 'mab', password: 'pw', 'arch-audit': 'off', ...values };
    coreFixture.setInputs(raw);
    return runMain();
  };
  const writes = (): string[] =>
    fake.requests
      .filter(({ method }) => method === 'PUT' || method === 'POST')
      .map(({ method, path: at }) => `${method} ${at}`);
  const tagWrites = (): string[] => writes().filter((line) => /^PUT \/v2\/.+\/manifests\/[^:]+$/.test(line));

  it('merges an index source and a single-manifest source, pushes the index by digest, then moves the tags', async () => {
    await runWith({
      sources: `${legs}@${amd.digest}\n${legs}:single-armv7`,
      tags: `${repo}:1.0,${repo}:stable`,
      platforms: 'amd64,armv7'
    });
    const served = coreFixture.outputs.get(OutputKey.Digest) as string;
    expect(served).toMatch(/^sha256:[0-9a-f]{64}$/);
    const index = JSON.parse(fake.manifests.get(`acme/app/stable`)?.body.toString() ?? '{}') as {
      manifests: { digest: string; platform: { os: string; architecture: string; variant?: string } }[];
      annotations: Record<string, string>;
    };
    expect(index.manifests.map(({ digest: entry }) => entry)).toStrictEqual([
      ...amd.images
        .map(({ digest: entry }) => entry)
        .sort((a, b) => (a === amd.images[0]?.digest ? -1 : b === amd.images[0]?.digest ? 1 : 0)),
      arm.digest
    ]);
    expect(index.manifests.at(-1)?.platform).toStrictEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(index.annotations).toStrictEqual({ 'org.opencontainers.image.version': 'main' });
    expect(sha256(fake.manifests.get('acme/app/1.0')?.body ?? '')).toBe(served);
    // Every blob mounted from the legs' repository; no data moved.
    for (const blob of [...amd.blobs, ...arm.blobs]) expect(fake.linked.has(`acme/app@${blob}`)).toBe(true);
    expect(
      writes()
        .filter((line) => line.startsWith('POST'))
        .every((line) => line.includes('&from=legs%2Fapp'))
    ).toBe(true);
    // The only tags ever written are the two asked for, and only after the index was there by digest.
    expect(tagWrites()).toStrictEqual(['PUT /v2/acme/app/manifests/1.0', 'PUT /v2/acme/app/manifests/stable']);
    expect(writes().indexOf(`PUT /v2/acme/app/manifests/${served}`)).toBeLessThan(
      writes().indexOf('PUT /v2/acme/app/manifests/1.0')
    );
    expect(tagsIn(fake, 'acme/app')).toStrictEqual(['1.0', 'stable']);
    expect(tagsIn(fake, 'legs/app')).toStrictEqual(['single-armv7']);
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe(`${repo}@${served}`);
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe('linux/amd64,linux/arm/v7');
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe(`${repo}:1.0\n${repo}:stable`);
    // A merge makes no builder, so it names none.
    expect(coreFixture.outputs.has(OutputKey.Builder)).toBe(false);
  });

  it('a merge into the sources’ own repository moves no blob at all', async () => {
    await runWith({ sources: `${legs}@${amd.digest}`, tags: `${legs}:1.0`, platforms: 'amd64' });
    expect(writes().filter((line) => line.startsWith('POST') || line.includes('/blobs/'))).toStrictEqual([]);
    expect(tagWrites()).toStrictEqual(['PUT /v2/legs/app/manifests/1.0']);
  });

  it('keeps its credentials in a job Docker config that the post step will find', async () => {
    await runWith({ sources: `${legs}@${amd.digest}`, tags: `${repo}:1.0`, platforms: 'amd64' });
    const dir = coreFixture.state.get(StateKey.DockerConfig) ?? '';
    expect(dir.startsWith(process.env['RUNNER_TEMP'] as string)).toBe(true);
    expect(existsSync(dir)).toBe(true);
    expect(execFixture.getJobEnv()['DOCKER_CONFIG']).toBe(dir);
    expect(execFixture.commandLines()[0]).toBe(`docker login ${fake.registry} --username mab --password-stdin`);
    expect(execFixture.runOptions()[0]?.input).toBe('pw');
  });

  it('a source the registry does not have fails naming it, and nothing is written', async () => {
    const missing = digest('3');
    const error = await rejectionOf(
      ActionError,
      runWith({ sources: `${legs}@${amd.digest}\n${legs}@${missing}`, tags: `${repo}:1.0` })
    );
    expect(error.message).toContain(`Source not found in the registry: ${legs}@${missing}`);
    expect(writes()).toStrictEqual([]);
  });

  it("a source the registry refuses to show fails naming it, with the registry's answer", async () => {
    fake.faults.set(`/v2/legs/app/manifests/${amd.digest}`, [403, 403, 403]);
    const error = await rejectionOf(ActionError, runWith({ sources: `${legs}@${amd.digest}`, tags: `${repo}:1.0` }));
    expect(error.message).toContain(
      `Could not read source ${legs}@${amd.digest}: Registry ${fake.registry} answered HTTP 403`
    );
    expect(writes()).toStrictEqual([]);
  });

  it('an overlap fails naming both sources and the platform, and nothing is written', async () => {
    const other = addIndex(fake, 'legs/app', [{ architecture: 'amd64', salt: 'again' }]);
    const error = await rejectionOf(
      ActionError,
      runWith({ sources: `${legs}@${amd.digest},${legs}@${other.digest}`, tags: `${repo}:1.0` })
    );
    expect(error.message).toContain(
      `linux/amd64 comes from two sources, ${legs}@${amd.digest} and ${legs}@${other.digest}`
    );
    expect(writes()).toStrictEqual([]);
  });

  it('push false checks the sources and writes nothing', async () => {
    await runWith({
      sources: `${legs}@${amd.digest}\n${legs}:single-armv7`,
      tags: `${repo}:1.0`,
      push: 'false',
      platforms: 'linux/amd64,linux/arm/v7'
    });
    expect(writes()).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe('');
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe('linux/amd64,linux/arm/v7');
    expect(coreFixture.info.mock.calls.map(([message]) => message)).toContain(
      'Merge: Sources checked (linux/amd64,linux/arm/v7); nothing pushed (push is off)'
    );
  });
});
