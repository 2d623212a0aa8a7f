// What a workflow that used docker's actions relies on, against the real daemon and registry:
// logins for later steps (login-scope: job, and the post step taking them back), image names with
// capitals lowercased, build-args filled from the event, and build-push-action's default provenance.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  docker,
  env,
  everythingPrinted,
  fixtureContext,
  readerDockerConfig,
  registryInputs,
  runImage,
  runLocal,
  secretLeaks,
  uniqueRepository
} from '../helpers/e2e.js';
import { listTags } from '../helpers/registries.js';

type Run = Awaited<ReturnType<typeof runLocal>>;
const SHA = '0123456789abcdef0123456789abcdef01234567';
const RUN_ID = '777';
const RUN_URL = `https://github.com/acme/pytime/actions/runs/${RUN_ID}/attempts/1`;

/** A push of tag v1.2.3 of acme/pytime, public or private, as the runner describes it. */
function tagPushEnv(isPrivate: boolean): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({ repository: { name: 'pytime', default_branch: 'main', private: isPrivate } })
  );
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'acme/pytime',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: RUN_ID,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_PATH: eventPath
  };
}

/** docker as a later step of the job runs it: with the job's variables, never the test's own config. */
function laterStep(args: string[], stepEnv: Record<string, string>): { code: number; output: string } {
  const result = spawnSync('docker', args, { env: stepEnv, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status ?? 128, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

interface SlsaProvenance {
  builder?: { id?: string };
  buildConfig?: unknown;
  metadata?: { completeness?: { parameters?: boolean } };
  invocation?: { parameters?: { args?: Record<string, string> } };
}

/** The SLSA provenance of a one-platform image, read from its attestation manifest in the registry. */
function provenanceOf(reference: string): SlsaProvenance {
  const result = docker(['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Provenance}}'], {
    config: readerDockerConfig()
  });
  if (result.code !== 0) throw new Error(`imagetools inspect ${reference} failed: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { SLSA?: SlsaProvenance };
  if (!parsed.SLSA) throw new Error(`${reference} has no provenance: ${result.stdout.slice(0, 300)}`);
  return parsed.SLSA;
}

/** A one-file filesystem tarball for `docker import`. */
function layerTar(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-layer-'));
  writeFileSync(path.join(dir, 'hello.txt'), `pushed by a later step ${Date.now()}\n`);
  const tar = path.join(dir, 'layer.tar');
  const result = spawnSync('tar', ['-C', dir, '-cf', tar, 'hello.txt'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar failed: ${result.stderr}`);
  return tar;
}

/** ARG VERSION ends up in /version; the image runs busybox. */
const versionDockerfile = `${busyboxDockerfile}ARG VERSION\nRUN echo "$VERSION" > /version\n`;

describe('image with capitals, templates in build-args and labels, on a public repository’s v1.2.3 tag', () => {
  // The issue's image line, 127.0.0.1:<port>/Acme/PyTime, made unique to this run.
  const suffix = `${process.pid}${Date.now().toString(36)}`;
  const given = `${env.registry}/Acme/PyTime-${suffix}`;
  const pushedTo = `${env.registry}/acme/pytime-${suffix}`;
  let run: Run;

  beforeAll(async () => {
    run = await runLocal(
      {
        ...registryInputs(),
        image: given,
        tags: 'V{{version}}\n{{version}}',
        platforms: 'linux/amd64',
        context: fixtureContext(versionDockerfile),
        'build-args': 'VERSION={{version}}',
        labels: 'org.example.series={{major}}.{{minor}}'
      },
      { env: tagPushEnv(false) }
    );
  });

  it('pushes to the lowercased repository, the tags keeping their case, and says so once', () => {
    expect(run.main.code).toBe(0);
    expect(listTags(pushedTo).sort()).toEqual(['1.2.3', 'V1.2.3']);
    expect(run.outputs['tags']).toBe(`${pushedTo}:V1.2.3\n${pushedTo}:1.2.3`);
    const said = run.main.stdout.split('\n').filter((line) => line.includes('lowercased'));
    expect(said).toEqual([
      `Image names lowercased (as docker/metadata-action does; tags keep their case): ${given} → ${pushedTo}`
    ]);
    expect(run.main.stdout).not.toContain('::warning::');
  });

  it('VERSION={{version}} put 1.2.3 into the image, and the label template was filled', () => {
    expect(runImage(`${pushedTo}:1.2.3`, 'linux/amd64', ['cat', '/version']).stdout.trim()).toBe('1.2.3');
    const config = docker(['buildx', 'imagetools', 'inspect', `${pushedTo}:1.2.3`, '--format', '{{json .Image}}'], {
      config: readerDockerConfig()
    });
    const labels = (JSON.parse(config.stdout) as { config?: { Labels?: Record<string, string> } }).config?.Labels;
    expect(labels?.['org.example.series']).toBe('1.2');
  });

  it('its provenance is mode=max (the build definition and parameters recorded), builder-id the run', () => {
    const provenance = provenanceOf(`${pushedTo}:1.2.3`);
    expect(provenance.builder?.id).toBe(RUN_URL);
    expect(provenance.buildConfig).toBeDefined();
    expect(provenance.metadata?.completeness?.parameters).toBe(true);
    expect(provenance.invocation?.parameters?.args?.['build-arg:VERSION']).toBe('1.2.3');
  });
});

describe('provenance on a private repository’s tag', () => {
  const reference = `${uniqueRepository('private-app')}:1.2.3`;
  let run: Run;

  beforeAll(async () => {
    run = await runLocal(
      {
        ...registryInputs(),
        tags: reference,
        platforms: 'linux/amd64',
        context: fixtureContext(versionDockerfile),
        'build-args': 'VERSION={{version}}'
      },
      { env: tagPushEnv(true) }
    );
  });

  it('is mode=min: no build definition, no parameters (the build args stay out), builder-id the run', () => {
    expect(run.main.code).toBe(0);
    const provenance = provenanceOf(reference);
    expect(provenance.builder?.id).toBe(RUN_URL);
    expect(provenance.buildConfig).toBeUndefined();
    expect(provenance.metadata?.completeness?.parameters).toBe(false);
    expect(provenance.invocation?.parameters?.args?.['build-arg:VERSION']).toBeUndefined();
  });
});

describe('login-scope: a later step of the job pushes and pulls with the step’s login', () => {
  const localTags: string[] = [];

  /** The image a later step pulls, and the repository it pushes a copy to. */
  async function runWithLaterStep(scope: 'job' | 'step') {
    const image = `${uniqueRepository(`scope-${scope}`)}:1`;
    const copy = `${uniqueRepository(`scope-${scope}-copy`)}:later`;
    // The runner user's own Docker config, with no login of its own.
    const userConfig = mkdtempSync(path.join(tmpdir(), 'mab-user-config-'));
    const seen: { env?: Record<string, string>; pull?: { code: number; output: string }; push?: { code: number } } = {};
    const run = await runLocal(
      {
        ...registryInputs(),
        ...(scope === 'job' ? { 'login-scope': 'job' } : {}),
        tags: image,
        platforms: 'linux/amd64',
        context: fixtureContext(busyboxDockerfile)
      },
      {
        env: { DOCKER_CONFIG: userConfig },
        afterMain: (stepEnv) => {
          seen.env = stepEnv;
          seen.pull = laterStep(['pull', '--platform', 'linux/amd64', image], stepEnv);
          if (seen.pull.code !== 0) return;
          // An image complete in the daemon's store (a pulled index lacks its attestation blobs), pushed by the later step.
          localTags.push(image, copy);
          const imported = laterStep(['import', layerTar(), copy], stepEnv);
          if (imported.code !== 0) throw new Error(`docker import failed: ${imported.output}`);
          seen.push = laterStep(['push', copy], stepEnv);
        }
      }
    );
    return { run, image, copy, userConfig, seen };
  }

  afterAll(() => {
    if (localTags.length > 0) docker(['image', 'rm', '--force', ...localTags]);
  });

  describe('job', () => {
    let result: Awaited<ReturnType<typeof runWithLaterStep>>;

    beforeAll(async () => {
      result = await runWithLaterStep('job');
    });

    it('exports DOCKER_CONFIG, the job’s config under RUNNER_TEMP, for the steps after it', () => {
      expect(result.run.main.code).toBe(0);
      const jobConfig = result.run.exported['DOCKER_CONFIG'] ?? '';
      expect(path.dirname(jobConfig)).toBe(result.run.dir);
      expect(path.basename(jobConfig)).toMatch(/^mab-.+-docker-config-/);
      expect(result.seen.env?.['DOCKER_CONFIG']).toBe(jobConfig);
    });

    it('the later step pulled the private image and pushed an image of its own, with no login of its own', () => {
      expect(result.seen.pull?.code).toBe(0);
      expect(result.seen.push?.code).toBe(0);
      expect(listTags(result.copy)).toEqual(['later']);
    });

    it('after the post step the login is gone: the job config is deleted and DOCKER_CONFIG points back', () => {
      expect(result.run.post?.code).toBe(0);
      const jobConfig = result.run.exported['DOCKER_CONFIG'] ?? '';
      expect(existsSync(jobConfig)).toBe(false);
      expect(readdirSync(result.run.dir).filter((name) => name.includes('docker-config'))).toEqual([]);
      expect(result.run.jobEnvAfterPost['DOCKER_CONFIG']).toBe(result.userConfig);
      // A step after the post step, with what the runner then gives it: the pull is refused.
      const after = laterStep(['pull', '--platform', 'linux/amd64', result.image], result.run.jobEnvAfterPost);
      expect(after.code).not.toBe(0);
      expect(after.output).toMatch(/unauthorized|no basic auth credentials|authentication required/i);
      // Even a step that kept the old DOCKER_CONFIG finds no login.
      const stale = laterStep(['pull', '--platform', 'linux/amd64', result.image], {
        ...result.run.jobEnvAfterPost,
        DOCKER_CONFIG: jobConfig
      });
      expect(stale.code).not.toBe(0);
      expect(readdirSync(result.userConfig)).toEqual([]);
    });

    it('the password never showed', () => {
      expect(secretLeaks(everythingPrinted(result.run), env.password)).toEqual([]);
    });
  });

  describe('step (the default)', () => {
    let result: Awaited<ReturnType<typeof runWithLaterStep>>;

    beforeAll(async () => {
      result = await runWithLaterStep('step');
    });

    it('exports nothing, and the later step fails as it did before login-scope existed', () => {
      expect(result.run.main.code).toBe(0);
      expect(result.run.exported).toEqual({});
      expect(result.seen.env?.['DOCKER_CONFIG']).toBe(result.userConfig);
      expect(result.seen.pull?.code).not.toBe(0);
      expect(result.seen.pull?.output).toMatch(/unauthorized|no basic auth credentials|authentication required/i);
      expect(result.run.post?.code).toBe(0);
    });
  });
});
