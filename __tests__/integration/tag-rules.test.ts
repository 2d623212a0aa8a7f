// A tags block copied from docker/metadata-action's README (its bake example), run through the
// bundled action for a tag push: the registry ends up with exactly the tags metadata-action
// documents for refs/tags/v1.2.3, and no other (skopeo lists them), and the outputs have
// metadata-action's shapes. Then a type=pep440 block (with the labels a fake GitHub API on
// 127.0.0.1 describes) and a pull request workflow with DOCKER_METADATA_PR_HEAD_SHA.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

const SHA = '90dd6032fac8bda1d5c6a7d2d5c5dbd9e0d1ea7b';

/** The runner's view of a push: GITHUB_* variables and the payload file. */
function pushEnv(ref: string): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({
      ref,
      base_ref: ref.startsWith('refs/tags/') ? 'refs/heads/master' : null,
      repository: { default_branch: 'master', name: 'app', html_url: 'https://github.com/octocat/app' },
      head_commit: { id: SHA, timestamp: '2020-01-10T00:30:00Z' }
    })
  );
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: ref,
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'octocat/app',
    GITHUB_EVENT_PATH: eventPath
  };
}

describe("metadata-action's rule lines, for a tag push", () => {
  const image = uniqueRepository('app');
  const context = fixtureContext(busyboxDockerfile);
  let run: Awaited<ReturnType<typeof runLocal>>;

  beforeAll(async () => {
    run = await runLocal(
      {
        context,
        image,
        platforms: 'linux/amd64',
        // As in metadata-action's README, "Bake definition" section.
        tags: [
          'type=ref,event=branch',
          'type=ref,event=pr',
          'type=semver,pattern={{version}}',
          'type=semver,pattern={{major}}.{{minor}}',
          'type=sha'
        ].join('\n'),
        ...registryInputs()
      },
      { env: pushEnv('refs/tags/v1.2.3') }
    );
  });

  it('pushes exactly 1.2.3, 1.2, sha-<7> and latest, all one image', async () => {
    expect(run.main.code).toBe(0);
    expect(listTags(image)).toEqual(['1.2', '1.2.3', 'latest', 'sha-90dd603']);
    for (const tag of ['1.2.3', '1.2', 'sha-90dd603', 'latest'])
      expect(inspectIndex(`${image}:${tag}`)?.digest).toBe(run.outputs['digest']);
  });

  it("gives metadata-action's version, tags order, json and tag-names", () => {
    expect(run.outputs['version']).toBe('1.2.3');
    expect(run.outputs['tags']?.split('\n')).toEqual(
      ['1.2.3', '1.2', 'sha-90dd603', 'latest'].map((tag) => `${image}:${tag}`)
    );
    expect(run.outputs['tag-names']).toBe('1.2.3\n1.2\nsha-90dd603\nlatest');
    const json = JSON.parse(run.outputs['json'] ?? '{}') as { tags: string[]; labels: Record<string, string> };
    expect(json.tags).toEqual(run.outputs['tags']?.split('\n'));
    expect(json.labels['org.opencontainers.image.version']).toBe('1.2.3');
    expect(json.labels['org.opencontainers.image.revision']).toBe(SHA);
    expect(run.post?.code).toBe(0);
  });

  it('a later push to the default branch moves its own tags, and leaves latest on the release', async () => {
    const branch = await runLocal(
      {
        context,
        image,
        platforms: 'linux/amd64',
        // metadata-action's README, "Latest tag": latest for the default branch.
        tags: 'type=ref,event=branch\ntype=raw,value=latest,enable={{is_default_branch}}',
        ...registryInputs()
      },
      { env: pushEnv('refs/heads/master') }
    );
    expect(branch.main.code).toBe(0);
    expect(branch.outputs['version']).toBe('master');
    expect(branch.outputs['tag-names']).toBe('master');
    expect(listTags(image)).toEqual(['1.2', '1.2.3', 'latest', 'master', 'sha-90dd603']);
    expect(inspectIndex(`${image}:latest`)?.digest).toBe(run.outputs['digest']);
    expect(branch.main.stdout).toContain(`::warning::Leaving ${image}:latest on 1.2.3`);
  });
});

/** A GitHub API on 127.0.0.1 that describes one repository, and the requests it got. */
async function fakeGitHubApi(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''} ${request.headers.authorization ?? ''}`);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        name: 'pyclock',
        html_url: 'https://github.com/octocat/pyclock',
        description: 'A clock, in Python',
        license: { key: 'mit', spdx_id: 'MIT' }
      })
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

describe('a type=pep440 tags block, with the labels the GitHub API gives', () => {
  const image = uniqueRepository('pyclock');
  const context = fixtureContext(busyboxDockerfile);
  const tags = ['type=pep440,pattern={{version}}', 'type=pep440,pattern={{major}}.{{minor}}'].join('\n');
  let api: Awaited<ReturnType<typeof fakeGitHubApi>>;
  let release: Awaited<ReturnType<typeof runLocal>>;

  beforeAll(async () => {
    api = await fakeGitHubApi();
    release = await runLocal(
      {
        context,
        image,
        platforms: 'linux/amd64',
        tags,
        'sep-tags': ' ',
        'github-token': 'ghs_fake_token',
        ...registryInputs()
      },
      { env: { ...pushEnv('refs/tags/1.2.3'), GITHUB_API_URL: api.url } }
    );
  });
  afterAll(() => api.close());

  it('a release 1.2.3 pushes 1.2.3, 1.2 and latest, one image', () => {
    expect(release.main.code).toBe(0);
    expect(listTags(image)).toEqual(['1.2', '1.2.3', 'latest']);
    for (const tag of ['1.2.3', '1.2', 'latest'])
      expect(inspectIndex(`${image}:${tag}`)?.digest).toBe(release.outputs['digest']);
    expect(release.outputs['version']).toBe('1.2.3');
    // sep-tags as metadata-action's: a space.
    expect(release.outputs['tags']).toBe(['1.2.3', '1.2', 'latest'].map((tag) => `${image}:${tag}`).join(' '));
    expect(release.outputs['tag-names']).toBe('1.2.3 1.2 latest');
  });

  it('labels and index annotations carry the description and licence the API gave', () => {
    expect(api.requests).toEqual(['GET /repos/octocat/app token ghs_fake_token']);
    const json = JSON.parse(release.outputs['json'] ?? '{}') as { labels: Record<string, string> };
    expect(json.labels).toMatchObject({
      'org.opencontainers.image.description': 'A clock, in Python',
      'org.opencontainers.image.licenses': 'MIT',
      'org.opencontainers.image.title': 'pyclock',
      'org.opencontainers.image.version': '1.2.3'
    });
    expect(inspectIndex(`${image}:1.2.3`)?.annotations).toMatchObject({
      'org.opencontainers.image.description': 'A clock, in Python',
      'org.opencontainers.image.licenses': 'MIT'
    });
  });

  it('a pre-release 1.3.0rc1 pushes only itself; 1.2 and latest stay', async () => {
    const candidate = await runLocal(
      { context, image, platforms: 'linux/amd64', tags, ...registryInputs() },
      { env: pushEnv('refs/tags/1.3.0rc1') }
    );
    expect(candidate.main.code).toBe(0);
    expect(listTags(image)).toEqual(['1.2', '1.2.3', '1.3.0rc1', 'latest']);
    expect(inspectIndex(`${image}:latest`)?.digest).toBe(release.outputs['digest']);
    // No token here: the labels go without description and licenses, and the log says so once.
    expect(candidate.outputs['labels']).not.toContain('org.opencontainers.image.licenses');
    expect(candidate.main.stdout).toContain('Labels: description and licenses left out (no github-token');
  });
});

describe('a pull request workflow with DOCKER_METADATA_PR_HEAD_SHA', () => {
  const HEAD = '3370e228f2209994d57af4427fe64e71bb79ac96';
  const image = uniqueRepository('prapp');
  let run: Awaited<ReturnType<typeof runLocal>>;

  beforeAll(async () => {
    const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
    writeFileSync(
      eventPath,
      JSON.stringify({
        number: 15,
        pull_request: { number: 15, base: { ref: 'master' }, head: { ref: 'feature', sha: HEAD } },
        repository: { default_branch: 'master', name: 'app', html_url: 'https://github.com/octocat/app' }
      })
    );
    run = await runLocal(
      {
        context: fixtureContext(busyboxDockerfile),
        image,
        platforms: 'linux/amd64',
        tags: 'type=ref,event=pr\ntype=sha',
        // Pull requests push nothing unless told to; this workflow publishes them.
        push: 'true',
        ...registryInputs()
      },
      {
        env: {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_REF: 'refs/pull/15/merge',
          // The merge commit GitHub made; the head commit is what the tags and labels name.
          GITHUB_SHA: SHA,
          GITHUB_REPOSITORY: 'octocat/app',
          GITHUB_EVENT_PATH: eventPath,
          DOCKER_METADATA_PR_HEAD_SHA: 'true'
        }
      }
    );
  });

  it('tags pr-15 and the head commit, and labels the head commit as the revision', () => {
    expect(run.main.code).toBe(0);
    expect(listTags(image)).toEqual(['pr-15', 'sha-3370e22']);
    expect(run.outputs['version']).toBe('pr-15');
    expect(inspectIndex(`${image}:pr-15`)?.annotations['org.opencontainers.image.revision']).toBe(HEAD);
    expect(run.outputs['labels']).toContain(`org.opencontainers.image.revision=${HEAD}`);
    expect(run.post?.code).toBe(0);
  });
});
