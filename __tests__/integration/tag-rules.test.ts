// A tags block copied from docker/metadata-action's README (its bake example), run through the
// bundled action for a tag push: the registry ends up with exactly the tags metadata-action
// documents for refs/tags/v1.2.3, and no other (skopeo lists them), and the outputs have
// metadata-action's shapes.
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
