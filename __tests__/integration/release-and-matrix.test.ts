// Release-tag pipelines and matrix jobs, run the way the runner runs them: tags from the git
// event, floating tags that only move forward, PR builds that push nothing, parallel jobs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  eventEnv,
  fixtureContext,
  inspectIndex,
  registryInputs,
  runLocal,
  snapshotHost,
  uniqueRepository
} from '../helpers/e2e.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('tags from release tags, and floating tags that only move forward', () => {
  const image = uniqueRepository('pytime');
  const context = fixtureContext(busyboxDockerfile);
  const release = (tag: string) =>
    runLocal(
      { context, image, platforms: 'linux/amd64,linux/arm64', ...registryInputs() },
      { env: eventEnv('push', `refs/tags/${tag}`) }
    );
  let first: Awaited<ReturnType<typeof release>>;

  beforeAll(async () => {
    first = await release('v1.2.3');
  });

  it('v1.2.3 pushes 1.2.3, 1.2, 1, latest and sha-<7>, all one index', () => {
    expect(first.main.code).toBe(0);
    expect(first.outputs['tags']?.split('\n')).toEqual(
      ['1.2.3', '1.2', '1', 'latest', 'sha-0123456'].map((tag) => `${image}:${tag}`)
    );
    for (const tag of ['1.2.3', '1.2', '1', 'latest', 'sha-0123456'])
      expect(inspectIndex(`${image}:${tag}`)?.digest).toBe(first.outputs['digest']);
    expect(first.outputs['version']).toBe('1.2.3');
    expect(first.outputs['image']).toBe(`${image}@${first.outputs['digest']}`);
  });

  it('labels and index annotations carry the OCI metadata', () => {
    const labels = first.outputs['labels']?.split('\n') ?? [];
    expect(labels).toEqual(
      expect.arrayContaining([
        'org.opencontainers.image.version=1.2.3',
        `org.opencontainers.image.revision=${SHA}`,
        'org.opencontainers.image.source=https://github.com/acme/pytime',
        'org.opencontainers.image.title=pytime'
      ])
    );
    const annotations = inspectIndex(`${image}:1.2.3`)?.annotations ?? {};
    expect(annotations['org.opencontainers.image.version']).toBe('1.2.3');
    expect(annotations['org.opencontainers.image.revision']).toBe(SHA);
  });

  it('a later v1.1.9 backport pushes 1.1.9 and 1.1 but leaves 1 and latest on 1.2.3', async () => {
    const backport = await release('v1.1.9');
    expect(backport.main.code).toBe(0);
    expect(inspectIndex(`${image}:1.1.9`)?.digest).toBe(backport.outputs['digest']);
    expect(inspectIndex(`${image}:1.1`)?.digest).toBe(backport.outputs['digest']);
    expect(inspectIndex(`${image}:1`)?.digest).toBe(first.outputs['digest']);
    expect(inspectIndex(`${image}:latest`)?.digest).toBe(first.outputs['digest']);
    expect(backport.outputs['tags']?.split('\n')).toEqual([`${image}:1.1.9`, `${image}:1.1`, `${image}:sha-0123456`]);
    expect(backport.main.stdout).toContain(`::warning::Leaving ${image}:latest on 1.2.3`);
    expect(backport.summary).toContain('Floating tags left alone');
    expect(backport.summary).toContain(`${image}:1 (stays on 1.2.3)`);
  });

  it('a pre-release moves nothing', async () => {
    const rc = await release('v2.0.0-rc.1');
    expect(rc.main.code).toBe(0);
    expect(rc.outputs['tags']?.split('\n')).toEqual([`${image}:2.0.0-rc.1`, `${image}:sha-0123456`]);
    expect(inspectIndex(`${image}:2.0.0-rc.1`)?.digest).toBe(rc.outputs['digest']);
    expect(inspectIndex(`${image}:latest`)?.digest).toBe(first.outputs['digest']);
    expect(inspectIndex(`${image}:2`)).toBeUndefined();
  });

  it('a pull request builds but pushes nothing', async () => {
    const pr = await runLocal(
      { context, image, platforms: 'linux/amd64,linux/arm64', ...registryInputs() },
      { env: eventEnv('pull_request', 'refs/pull/42/merge', { number: 42, pull_request: { number: 42 } }) }
    );
    expect(pr.main.code).toBe(0);
    expect(pr.main.stdout).toContain('Push: skipped (push is off)');
    expect(pr.outputs['tags']).toBe(`${image}:pr-42\n${image}:sha-0123456`);
    expect(inspectIndex(`${image}:pr-42`)).toBeUndefined();
    expect(pr.post?.code).toBe(0);
  });
});

describe('matrix jobs on one runner', () => {
  it('three parallel jobs of one run push their own indexes and all clean up', async () => {
    const before = snapshotHost();
    const jobs = ['alpha', 'beta', 'gamma'].map((name, index) => ({
      reference: `${uniqueRepository(name)}:1`,
      context: fixtureContext(`${busyboxDockerfile}RUN echo ${name} > /job\n`),
      platforms: ['linux/amd64,linux/arm64', 'linux/arm64,linux/arm/v7', 'linux/amd64,linux/arm/v7'][index] as string
    }));
    const runs = await Promise.all(
      jobs.map((job) =>
        runLocal(
          { context: job.context, tags: job.reference, platforms: job.platforms, ...registryInputs() },
          { env: { GITHUB_RUN_ID: '777', GITHUB_JOB: 'build' } }
        )
      )
    );
    const builders = new Set(runs.map((run) => run.outputs['builder']));
    expect(builders.size).toBe(3);
    const configs = new Set(runs.map((run) => run.state['dockerConfig']));
    expect(configs.size).toBe(3);
    runs.forEach((run, index) => {
      const job = jobs[index] as (typeof jobs)[number];
      expect(run.main.stdout).not.toMatch(/::error::/);
      expect(run.main.code).toBe(0);
      expect(run.post?.code).toBe(0);
      expect(run.post?.stdout).not.toMatch(/::warning::/);
      const index_ = inspectIndex(job.reference);
      expect(index_?.digest).toBe(run.outputs['digest']);
      expect(index_?.platforms.join(',')).toBe(job.platforms.split(',').sort().join(','));
    });
    expect(snapshotHost()).toEqual(before);
  });
});

describe('a pinned buildx, installed by the action itself', () => {
  it('downloads, verifies and uses the pinned buildx through the bundled action, then hits the cache', async () => {
    const { createHash } = await import('node:crypto');
    const { readFileSync, existsSync } = await import('node:fs');
    const { startReleaseServer } = await import('../helpers/release-server.js');
    const systemBuildx = '/usr/libexec/docker/cli-plugins/docker-buildx';
    if (!existsSync(systemBuildx)) throw new Error(`${systemBuildx} is missing: run scripts/setup-test-env.sh`);
    const asset = 'buildx-v0.13.1.linux-amd64';
    const sha = createHash('sha256').update(readFileSync(systemBuildx)).digest('hex');
    const server = await startReleaseServer({
      '/releases.json': { body: JSON.stringify([{ tag_name: 'v0.13.1' }, { tag_name: 'v0.12.0' }]) },
      [`/v0.13.1/${asset}`]: { file: systemBuildx },
      '/v0.13.1/checksums.txt': { body: `${sha}  ${asset}\n` }
    });
    try {
      const toolCache = mkdtempSync(path.join(tmpdir(), 'mab-toolcache-'));
      const inputs = {
        context: fixtureContext(busyboxDockerfile),
        platforms: 'linux/amd64',
        push: 'false',
        'buildx-version': '^0.13',
        'buildx-download-url': server.url
      };
      const first = await runLocal(inputs, { env: { RUNNER_TOOL_CACHE: toolCache } });
      expect(first.main.stdout + first.main.stderr).not.toMatch(/::error::/);
      expect(first.main.code).toBe(0);
      expect(first.main.stdout).toMatch(/buildx v0\.13\.1 \(downloaded\) installed/);
      const second = await runLocal(inputs, { env: { RUNNER_TOOL_CACHE: toolCache } });
      expect(second.main.code).toBe(0);
      expect(second.main.stdout).toMatch(/buildx v0\.13\.1 \(from the tool cache\) installed/);
      expect(server.hits(`/v0.13.1/${asset}`)).toBe(1);
      expect(second.post?.code).toBe(0);
    } finally {
      await server.close();
    }
  });
});
