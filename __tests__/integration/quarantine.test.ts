// Quarantine, check, promote, against the real registry: the image goes in by digest, an image that
// fails a check never gets a requested tag (nor any other: skopeo lists only the user's tags), and
// the tags of an earlier good release stay where they were.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  fixtureContext,
  inspectIndex,
  registryInputs,
  runLocal,
  uniqueRepository
} from '../helpers/e2e.js';
import { listTags } from '../helpers/registries.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

// Every platform gets the amd64 busybox: the arm64 image carries an x86-64 binary. No RUN, so it builds anywhere.
const wrongArchDockerfile = 'FROM scratch\nCOPY busybox-amd64 /bin/busybox\nCOPY busybox-amd64 /app/server\n';
const platforms = 'linux/amd64,linux/arm64';

/** A release of `tag` at commit `sha`, as the runner describes a tag push. */
function releaseEvent(tag: string, sha: string): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(eventPath, JSON.stringify({ repository: { default_branch: 'main', name: 'app' } }));
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: `refs/tags/${tag}`,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: eventPath
  };
}

const sha = (digit: string): string => digit.repeat(40);
const digestAt = (reference: string): string | undefined => inspectIndex(reference)?.digest;
const errorLine = (run: Run): string =>
  run.main.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .join('\n');

/** The failure says what failed, which image was rejected (pullable by digest), and that no tag moved. */
function expectRejected(run: Run, what: RegExp): string {
  expect(run.main.code).toBe(1);
  const error = errorLine(run);
  expect(error).toContain('The image failed its checks, so no tag was changed');
  expect(error).toMatch(what);
  const rejected = run.outputs['digest'] ?? '';
  expect(rejected).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(error).toContain(`@${rejected}`);
  expect(run.outputs['tags']).toBe('');
  expect(run.post?.code).toBe(0);
  return rejected;
}

describe('a failed check moves no tag', () => {
  const repository = uniqueRepository('app');
  const context = fixtureContext(busyboxDockerfile);
  const goodTags = ['1.2.3', '1.2', '1', 'latest'];
  // What the repository lists after the good release, as skopeo sorts it: the user's tags, no other.
  const goodTagList = ['1', '1.2', '1.2.3', 'latest', 'sha-1111111'];
  let good: Run;
  let goodDigest = '';

  const release = (tag: string, digit: string, inputs: Record<string, string>): Promise<Run> =>
    runLocal({ image: repository, platforms, ...registryInputs(), ...inputs }, { env: releaseEvent(tag, sha(digit)) });

  beforeAll(async () => {
    good = await release('v1.2.3', '1', { context });
    goodDigest = good.outputs['digest'] ?? '';
  });

  /** latest, 1, 1.2 and 1.2.3 still serve the good release. */
  const expectGoodReleaseUntouched = (): void => {
    for (const tag of goodTags) expect(digestAt(`${repository}:${tag}`)).toBe(goodDigest);
  };

  it('a good release is promoted to every tag', () => {
    expect(good.main.code).toBe(0);
    expect(goodDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expectGoodReleaseUntouched();
    expect(good.outputs['tags']?.split('\n')).toEqual(
      [...goodTags, 'sha-1111111'].map((tag) => `${repository}:${tag}`)
    );
    expect(good.main.stdout).toMatch(/Promote: .*now at sha256:/);
    expect(listTags(repository)).toEqual(goodTagList);
  });

  it('an arm64 image carrying an x86-64 binary fails the audit and gets none of its tags', async () => {
    const bad = await release('v1.3.0', '2', { context: fixtureContext(wrongArchDockerfile) });
    const rejected = expectRejected(bad, /architecture audit: .*linux\/arm64/);
    for (const tag of ['1.3.0', '1.3', 'sha-2222222']) expect(digestAt(`${repository}:${tag}`)).toBeUndefined();
    expectGoodReleaseUntouched();
    // Still there to pull and inspect, by digest.
    expect(digestAt(`${repository}@${rejected}`)).toBe(rejected);
    expect(bad.outputs['held-back']).toContain(`${repository}:latest: the image failed its checks`);
    expect(bad.main.stdout).toMatch(/\nPromote: no tag moved: 1 check\(s\) failed\n/);
    // Pushed by digest only: the repository holds the good release's tags and nothing else.
    expect(listTags(repository)).toEqual(goodTagList);
  });

  it('a failing smoke run gets none of its tags', async () => {
    const bad = await release('v1.4.0', '3', { context, 'smoke-test': 'false' });
    expectRejected(bad, /smoke test on linux\/(amd64|arm64) exited 1/);
    for (const tag of ['1.4.0', '1.4', 'sha-3333333']) expect(digestAt(`${repository}:${tag}`)).toBeUndefined();
    expectGoodReleaseUntouched();
    expect(listTags(repository)).toEqual(goodTagList);
  });

  it('a merge whose index fails the audit moves none of the final tags', async () => {
    const legs = uniqueRepository('legs');
    const wrong = fixtureContext(wrongArchDockerfile);
    // The build jobs skip the audit; the merge is the last gate.
    const leg = (platform: string): Promise<Run> =>
      runLocal(
        {
          context: wrong,
          image: legs,
          platforms: platform,
          'push-by-digest': 'true',
          'arch-audit': 'off',
          ...registryInputs()
        },
        { env: releaseEvent('v2.0.0', sha('4')) }
      );
    const [amd, arm] = [await leg('linux/amd64'), await leg('linux/arm64')];
    expect([amd.main.code, arm.main.code]).toEqual([0, 0]);
    const merged = await runLocal(
      {
        mode: 'merge',
        sources: `${amd.outputs['image']}\n${arm.outputs['image']}`,
        tags: `${repository}:2.0.0,${repository}:latest`,
        platforms,
        ...registryInputs()
      },
      { env: releaseEvent('v2.0.0', sha('4')) }
    );
    expectRejected(merged, /architecture audit: .*linux\/arm64/);
    expect(digestAt(`${repository}:2.0.0`)).toBeUndefined();
    expectGoodReleaseUntouched();
    // Neither the legs nor the refused merge left a tag: no per-platform tag, no staging tag.
    expect(listTags(legs)).toEqual([]);
    expect(listTags(repository)).toEqual(goodTagList);
  });
});
