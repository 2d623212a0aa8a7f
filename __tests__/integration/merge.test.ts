// mode: merge on the real daemon and registry: per-platform push-by-digest runs of the bundled
// action (the matrix jobs), then one merge run, each the way the runner runs it.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  docker,
  env,
  fixtureContext,
  inspectIndex,
  readerDockerConfig,
  registryInputs,
  runImage,
  runLocal,
  secretLeaks,
  everythingPrinted,
  snapshotHost,
  uniqueRepository
} from '../helpers/e2e.js';
import { listTags } from '../helpers/registries.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

const SHA = '0123456789abcdef0123456789abcdef01234567';

/** A push to main: the build jobs' per-platform tags and labels come from it. */
function pushEvent(job: string): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({ repository: { default_branch: 'main', name: 'app', html_url: 'https://github.com/acme/app' } })
  );
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_JOB: job
  };
}

/** One matrix leg: one platform, pushed by digest into `image`. */
function buildLeg(image: string, platform: string, context: string): Promise<Run> {
  return runLocal(
    { context, image, platforms: platform, 'push-by-digest': 'true', ...registryInputs() },
    { env: pushEvent('build') }
  );
}

function mergeRun(inputs: Record<string, string>): Promise<Run> {
  return runLocal({ mode: 'merge', ...registryInputs(), ...inputs }, { env: pushEvent('merge') });
}

/** Post ran, succeeded quietly and took the job's Docker config (and credentials) with it. */
function expectCleanPost(run: Run): void {
  expect(run.post?.code).toBe(0);
  expect(run.post?.stdout).not.toMatch(/::warning::/);
  expect(run.state['dockerConfig']).toContain(run.dir);
  expect(existsSync(run.state['dockerConfig'] as string)).toBe(false);
}

/** Every manifest of an index, attestations included, as the registry serves it. */
function rawManifests(
  reference: string
): { platform?: { os: string; architecture: string }; annotations?: Record<string, string> }[] {
  const result = docker(['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Manifest}}'], {
    config: readerDockerConfig()
  });
  if (result.code !== 0) throw new Error(`imagetools inspect ${reference} failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { manifests?: [] }).manifests ?? [];
}

const digestReference = /^127\.0\.0\.1:\d+\/.+@sha256:[0-9a-f]{64}$/;

describe('two per-platform builds merged into one manifest list', () => {
  const image = uniqueRepository('app');
  const final = `${uniqueRepository('release')}:1.0.0`;
  const context = fixtureContext(busyboxDockerfile);
  let before: ReturnType<typeof snapshotHost>;
  let amd: Run;
  let arm: Run;
  let merged: Run;

  beforeAll(async () => {
    before = snapshotHost();
    [amd, arm] = await Promise.all([buildLeg(image, 'linux/amd64', context), buildLeg(image, 'linux/arm64', context)]);
    merged = await mergeRun({
      sources: `${amd.outputs['image']}\n${arm.outputs['image']}`,
      tags: final,
      platforms: 'linux/amd64,linux/arm64'
    });
  });

  it('each build job outputs its one platform pinned by digest', () => {
    for (const [run, platform] of [
      [amd, 'linux/amd64'],
      [arm, 'linux/arm64']
    ] as const) {
      expect(run.main.stdout).not.toMatch(/::error::/);
      expect(run.main.code).toBe(0);
      expect(run.outputs['image']).toMatch(digestReference);
      expect(run.outputs['image']).toBe(`${image}@${run.outputs['digest']}`);
      expect(inspectIndex(run.outputs['image'] as string)?.platforms).toEqual([platform]);
    }
    // Pushed by digest on the docker driver too: the legs' repository lists no tag at all.
    expect(listTags(image)).toEqual([]);
  });

  it('the merge succeeds without a builder or emulators', () => {
    expect(merged.main.stdout).not.toMatch(/::error::/);
    expect(merged.main.code).toBe(0);
    expect(merged.state['builder']).toBeUndefined();
    expect(merged.outputs['builder']).toBeUndefined();
    expect(merged.main.stdout).not.toMatch(/QEMU/);
  });

  it('pushes one index with exactly both platforms, at the digest it outputs', () => {
    const index = inspectIndex(final);
    expect(index?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(merged.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(index?.digest).toBe(merged.outputs['digest']);
    expect(merged.outputs['image']).toBe(`${final.replace(/:1\.0\.0$/, '')}@${merged.outputs['digest']}`);
    expect(merged.outputs['platforms']).toBe('linux/amd64,linux/arm64');
    expect(merged.outputs['tags']).toBe(final);
    expect(listTags(final)).toEqual(['1.0.0']);
  });

  it("carries the builds' attestations and the index annotations they agree on", () => {
    const attestations = rawManifests(final).filter(
      (entry) => entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
    );
    expect(attestations).toHaveLength(2);
    const annotations = inspectIndex(final)?.annotations ?? {};
    expect(annotations['org.opencontainers.image.version']).toBe('main');
    expect(annotations['org.opencontainers.image.revision']).toBe(SHA);
    // Each build stamps its own time; only when both legs started in the same millisecond do they agree.
    const created = [amd, arm].map(
      (run) => inspectIndex(run.outputs['image'] as string)?.annotations['org.opencontainers.image.created']
    );
    expect(created.every((value) => value !== undefined)).toBe(true);
    expect(annotations['org.opencontainers.image.created']).toBe(created[0] === created[1] ? created[0] : undefined);
  });

  it.each([
    ['linux/amd64', 'x86_64'],
    ['linux/arm64', 'aarch64']
  ])('the merged image runs on %s and reports %s', (platform, machine) => {
    const result = runImage(final, platform, ['-m'], '/bin/uname');
    expect(result.stderr).not.toMatch(/exec format error/);
    expect(result.stdout.trim()).toBe(machine);
  });

  it('writes a summary naming the tag, digest and sources', () => {
    expect(merged.summary).toContain(final);
    expect(merged.summary).toContain(merged.outputs['digest']);
    expect(merged.summary).toContain(`${amd.outputs['image']} (linux/amd64)`);
    expect(merged.summary).toContain(`${arm.outputs['image']} (linux/arm64)`);
  });

  it('every run cleans up and the password never shows', () => {
    for (const run of [amd, arm, merged]) {
      expectCleanPost(run);
      expect(secretLeaks(everythingPrinted(run), env.password)).toEqual([]);
    }
    expect(snapshotHost()).toEqual(before);
  });
});

describe('a merge that cannot be right fails before pushing anything', () => {
  const image = uniqueRepository('guarded');
  let amd: Run;
  let otherAmd: Run;

  beforeAll(async () => {
    [amd, otherAmd] = await Promise.all([
      buildLeg(image, 'linux/amd64', fixtureContext(busyboxDockerfile)),
      // Different content, so a second, distinct amd64 image.
      buildLeg(
        uniqueRepository('guarded-other'),
        'linux/amd64',
        fixtureContext(`${busyboxDockerfile}RUN echo other > /other\n`)
      )
    ]);
    expect([amd.main.code, otherAmd.main.code]).toEqual([0, 0]);
    expect(amd.outputs['image']).not.toBe(otherAmd.outputs['image']);
  });

  it('two sources with the same platform: names both and the platform', async () => {
    const target = `${uniqueRepository('overlap')}:1`;
    const run = await mergeRun({ sources: `${amd.outputs['image']},${otherAmd.outputs['image']}`, tags: target });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain('::error::Cannot merge the sources:');
    expect(run.main.stdout).toContain(
      `linux/amd64 comes from two sources, ${amd.outputs['image']} and ${otherAmd.outputs['image']}`
    );
    expect(run.main.stdout).not.toContain('imagetools create');
    expect(inspectIndex(target)).toBeUndefined();
    expectCleanPost(run);
  });

  it('a requested platform no source has: names it and what the sources cover', async () => {
    const target = `${uniqueRepository('missing')}:1`;
    const run = await mergeRun({
      sources: amd.outputs['image'] as string,
      tags: target,
      platforms: 'linux/amd64,linux/arm64'
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain('linux/arm64 is in platforms, but no source has it');
    expect(run.main.stdout).toContain(`${amd.outputs['image']} → linux/amd64`);
    expect(inspectIndex(target)).toBeUndefined();
    expectCleanPost(run);
  });

  it('a source that does not exist: names it', async () => {
    const target = `${uniqueRepository('absent')}:1`;
    const absent = `${image}@sha256:${'0'.repeat(64)}`;
    const run = await mergeRun({ sources: `${amd.outputs['image']}\n${absent}`, tags: target });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(`::error::Source not found in the registry: ${absent}`);
    expect(inspectIndex(target)).toBeUndefined();
    expectCleanPost(run);
  });
});
