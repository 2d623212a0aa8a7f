// Every check on a build that pushes nothing: the whole job (main and post) on a pull_request event,
// docker driver, two platforms. The wrong-binary image fails as a release would, naming the platform
// and the file; the example passes with the audit and the smoke run per platform; no registry
// holds anything new, and the post step leaves no container and no image behind.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  fixtureContext,
  registryInputs,
  runLocal,
  snapshotHost,
  uniqueRepository
} from '../helpers/e2e.js';
import { listTags } from '../helpers/registries.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

const platforms = 'linux/amd64,linux/arm64';
// Every platform gets the amd64 busybox: the arm64 image carries an x86-64 binary.
const wrongArchDockerfile = 'FROM scratch\nCOPY busybox-amd64 /bin/busybox\nCOPY busybox-amd64 /app/server\n';

function pullRequestEvent(number: number): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({ number, pull_request: { number }, repository: { default_branch: 'main', name: 'app' } })
  );
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: `refs/pull/${number}/merge`,
    GITHUB_SHA: '7'.repeat(40),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: eventPath
  };
}

/** Images in the daemon whose name is a job-scoped one of this action (the smoke run's local image). */
function localCheckImages(): string[] {
  const listed = spawnSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], { encoding: 'utf8' });
  return listed.stdout.split('\n').filter((line) => /^mab-.*:checks$/.test(line));
}

const errorLine = (run: Run): string =>
  run.main.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .join('\n');

describe('a pull request runs every check that needs no registry, and pushes nothing', () => {
  const repository = uniqueRepository('pr-app');
  const pullRequest = (context: string): Promise<Run> =>
    runLocal(
      { context, image: repository, platforms, 'smoke-test': '/bin/busybox true', ...registryInputs() },
      { env: pullRequestEvent(7) }
    );

  it('the example passes with the audit and the smoke run per platform', async () => {
    const run = await pullRequest(fixtureContext(busyboxDockerfile));
    expect(run.main.code).toBe(0);
    expect(run.main.stdout).toContain('Push: skipped (push is off)');
    expect(run.main.stdout).toMatch(/Verified the local index sha256:[0-9a-f]{64}: linux\/amd64, linux\/arm64/);
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      expect(run.main.stdout).toContain(`Architecture audit ${platform}: pass`);
      expect(run.main.stdout).toContain(`Smoke test ${platform}: pass (exit 0)`);
    }
    expect(run.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs['image']).toBe('');
    expect(JSON.parse(run.outputs['smoke-test'] ?? '[]')).toHaveLength(2);
    expect(run.summary).toContain('checked on the runner, nothing was pushed');
    // Nothing new in the registry: the repository does not even exist.
    expect(listTags(repository)).toEqual([]);
    // The post step removed the local image; no container, builder or context of this job is left
    // (other jobs may be running on this daemon: only this job's names are looked for).
    expect(run.post?.code).toBe(0);
    expect(localCheckImages()).toEqual([]);
    const builder = run.state['builder'] ?? '';
    expect(builder).toMatch(/^mab-/);
    const host = snapshotHost();
    for (const names of [host.builders, host.contexts, host.containers]) expect(names).not.toContain(builder);
  });

  it('the wrong-binary image fails naming the platform and the file, and nothing is pushed', async () => {
    const run = await pullRequest(fixtureContext(wrongArchDockerfile));
    expect(run.main.code).toBe(1);
    const error = errorLine(run);
    expect(error).toContain('The image failed its checks (checked on the runner; nothing was pushed)');
    expect(error).toMatch(/architecture audit: .*linux\/arm64/);
    expect(error).toContain('/app/server');
    expect(listTags(repository)).toEqual([]);
    expect(run.post?.code).toBe(0);
    expect(localCheckImages()).toEqual([]);
  });
});
