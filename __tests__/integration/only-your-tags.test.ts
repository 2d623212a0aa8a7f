// No tag but yours: the bundled action, run as the runner runs it, against the bearer-token
// registry (per-repository scopes, the user may push only under its own namespace, no tag
// deletes, like Docker Hub and GHCR). After a release, a failed check, a refused promotion and a
// merge of per-platform jobs, skopeo lists exactly the tags the user asked for, and for the
// failures none of the new ones.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { busyboxDockerfile, env, fixtureContext, inspectIndex, runLocal, uniqueRepository } from '../helpers/e2e.js';
import { listTags, readTokenLog } from '../helpers/registries.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

const SHA = '8f4b3c2a9e1d7f6b5c4a3e2d1f0a9b8c7d6e5f4a';
// Every platform gets the amd64 busybox: the arm64 image carries an x86-64 binary.
const wrongArchDockerfile = 'FROM scratch\nCOPY busybox-amd64 /bin/busybox\nCOPY busybox-amd64 /app/server\n';
// docker/metadata-action's README rules, as users copy them.
const metadataRules = [
  'type=ref,event=branch',
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=sha'
].join('\n');

/** The runner's view of a tag push. */
function tagPush(tag: string): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({ ref: `refs/tags/${tag}`, repository: { default_branch: 'main', name: 'app' } })
  );
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: `refs/tags/${tag}`,
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: eventPath
  };
}

const tokenInputs = (): Record<string, string> => ({
  registry: env.tokenRegistry,
  username: env.tokenUser,
  password: env.tokenPassword
});
/** A fresh repository under the token user's namespace (or another account's). */
const repositoryOf = (name: string, owner = env.tokenUser): string =>
  `${env.tokenRegistry}/${owner}/${uniqueRepository(name).split('/')[1]}-${name}`;
const errorLines = (run: Run): string =>
  run.main.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .join('\n');

function expectCleanedUp(run: Run): void {
  expect(run.post?.code).toBe(0);
  expect(run.post?.stdout).toContain('Cleaned up');
  const config = run.state['dockerConfig'] ?? '';
  expect(config).not.toBe('');
  expect(existsSync(config)).toBe(false);
}

describe('a release job against the bearer-token registry', () => {
  const app = repositoryOf('app');
  const mirror = repositoryOf('mirror');
  const context = fixtureContext(busyboxDockerfile);
  let release: Run;

  beforeAll(async () => {
    release = await runLocal(
      {
        context,
        image: `${app}\n${mirror}`,
        tags: metadataRules,
        platforms: 'linux/amd64,linux/arm64',
        'smoke-test': 'uname -m',
        ...tokenInputs()
      },
      { env: tagPush('v2.3.4') }
    );
  });

  it('logs in, builds, pushes by digest to both repositories, checks, then moves exactly the tags asked for', () => {
    expect(release.main.code).toBe(0);
    const digest = release.outputs['digest'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const repository of [app, mirror]) {
      expect(listTags(repository)).toEqual(['2.3', '2.3.4', 'latest', 'sha-8f4b3c2']);
      expect(inspectIndex(`${repository}:2.3.4`)?.digest).toBe(digest);
    }
    expect(release.main.stdout).toMatch(/\nPush: sha256:\S+ is in .* by digest/);
    expect(release.main.stdout).toMatch(/\nPromote: .* now at sha256:/);
    expectCleanedUp(release);
  });

  it('the second repository got the layers by a cross-repository mount, with one token for both scopes', () => {
    const [appName, mirrorName] = [app, mirror].map((name) => name.slice(env.tokenRegistry.length + 1));
    const both = readTokenLog().filter(
      (entry) =>
        (entry.scopes ?? []).includes(`repository:${mirrorName}:pull,push`) &&
        (entry.scopes ?? []).includes(`repository:${appName}:pull`)
    );
    expect(both.length).toBeGreaterThan(0);
    expect(release.main.stdout).toMatch(/Pushed by digest in \d+ ms: \d+ blob\(s\) uploaded .*, [1-9]\d* mounted/);
  });

  it('an image that fails its audit leaves no tag: none of its own, and no other', async () => {
    const bad = await runLocal(
      {
        context: fixtureContext(wrongArchDockerfile),
        image: app,
        tags: metadataRules,
        platforms: 'linux/amd64,linux/arm64',
        ...tokenInputs()
      },
      { env: tagPush('v2.4.0') }
    );
    expect(bad.main.code).toBe(1);
    expect(errorLines(bad)).toContain('The image failed its checks, so no tag was changed');
    const rejected = bad.outputs['digest'] ?? '';
    expect(errorLines(bad)).toContain(`${app}@${rejected} (pushed untagged, by digest)`);
    expect(listTags(app)).toEqual(['2.3', '2.3.4', 'latest', 'sha-8f4b3c2']);
    // Still there to pull and inspect, by digest.
    expect(inspectIndex(`${app}@${rejected}`)?.digest).toBe(rejected);
    expectCleanedUp(bad);
  });

  it('a repository the login may not push to is refused by name, and no tag moves anywhere', async () => {
    const foreign = repositoryOf('app', env.tokenUser2);
    const refused = await runLocal(
      {
        context,
        tags: `${app}:2.5.0\n${foreign}:2.5.0`,
        platforms: 'linux/amd64',
        ...tokenInputs()
      },
      { env: tagPush('v2.5.0') }
    );
    expect(refused.main.code).toBe(1);
    const error = errorLines(refused);
    expect(error).toContain(`could not be pushed by digest to ${foreign}`);
    expect(error).toContain('No tag was changed anywhere.');
    expect(listTags(app)).toEqual(['2.3', '2.3.4', 'latest', 'sha-8f4b3c2']);
    expect(listTags(foreign)).toEqual([]);
    expectCleanedUp(refused);
  });
});

describe('per-platform jobs and their merge against the bearer-token registry', () => {
  const run = (inputs: Record<string, string>, tag = 'v1.0.0'): Promise<Run> =>
    runLocal({ ...tokenInputs(), ...inputs }, { env: tagPush(tag) });
  /** Two per-platform jobs with push-by-digest on the docker driver, as the reusable workflow runs them. */
  const legs = async (repository: string, dockerfile: string): Promise<string[]> => {
    const context = fixtureContext(dockerfile);
    const images: string[] = [];
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const leg = await run({
        context,
        image: repository,
        platforms: platform,
        'push-by-digest': 'true',
        'arch-audit': 'off'
      });
      expect(leg.main.code).toBe(0);
      expect(leg.outputs['image']).toMatch(new RegExp(`^${repository}@sha256:[0-9a-f]{64}$`));
      images.push(leg.outputs['image'] ?? '');
    }
    return images;
  };

  it('the legs leave no tag, and the merge moves only 1.0.0', async () => {
    const repository = repositoryOf('app');
    const sources = await legs(repository, busyboxDockerfile);
    expect(listTags(repository)).toEqual([]);
    const merged = await run({ mode: 'merge', sources: sources.join('\n'), tags: `${repository}:1.0.0` });
    expect(merged.main.code).toBe(0);
    expect(listTags(repository)).toEqual(['1.0.0']);
    expect(inspectIndex(`${repository}:1.0.0`)?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expectCleanedUp(merged);
  });

  it('a merge the audit refuses leaves no tag at all, neither the legs’ nor its own', async () => {
    const repository = repositoryOf('bad');
    const sources = await legs(repository, wrongArchDockerfile);
    const merged = await run({ mode: 'merge', sources: sources.join('\n'), tags: `${repository}:1.0.0` });
    expect(merged.main.code).toBe(1);
    expect(errorLines(merged)).toMatch(/architecture audit: .*linux\/arm64/);
    expect(listTags(repository)).toEqual([]);
    expectCleanedUp(merged);
  });
});
