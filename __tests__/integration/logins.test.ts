// Logins as users meet them: a fork's or Dependabot's pull request, whose secrets are empty (the
// build runs and is checked, nothing is pushed, the log says which login was left out; a push with
// the same inputs is refused; a private base image then fails the preflight, saying why), a
// registry-auth block copied from docker/login-action with its scope field, and ECR through a
// loopback fake of the ECR API whose tokens a registry of the test's own accepts.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  env,
  eventEnv,
  everythingPrinted,
  fixtureContext,
  inspectIndex,
  pullRequestEnv,
  pushTwoPlatformImage,
  readerDockerConfig,
  runLocal,
  secretLeaks,
  uniqueRepository
} from '../helpers/e2e.js';
import { actionExamples } from '../helpers/doc-examples.js';
import { awsEnv, startEcrApiFake, startEcrRegistry, type EcrApiFake, type EcrRegistry } from '../helpers/ecr-fake.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

/** A user Docker config of the run's own: no login of this machine reaches the step. */
const freshUserConfig = (): Record<string, string> => ({
  DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'mab-user-config-'))
});
const notice = (registry: string, secret: string): string =>
  `::notice::no login to ${registry}: the ${secret} is empty and nothing is pushed (pull request from a fork or Dependabot)`;

describe('a fork pull request: username set, passwords empty', () => {
  const image = uniqueRepository('fork-pr');
  const inputs = (): Record<string, string> => ({
    context: fixtureContext(busyboxDockerfile),
    image,
    platforms: 'linux/amd64,linux/arm64',
    registry: env.registry,
    username: env.user,
    password: '',
    // A second registry whose entry's password came out empty as well.
    'registry-auth': `- registry: ${env.registry2}\n  username: ${env.user2}\n  password: \n`
  });
  let pr: Run;

  beforeAll(async () => {
    pr = await runLocal(inputs(), { env: { ...pullRequestEnv(42), ...freshUserConfig() } });
  });

  it('builds every platform, logs in nowhere, and says which logins it left out', () => {
    expect(pr.main.stdout).not.toMatch(/::error::/);
    expect(pr.main.code).toBe(0);
    expect(pr.main.stdout).toContain(notice(env.registry, 'password'));
    expect(pr.main.stdout).toContain(notice(env.registry2, 'password of registry-auth entry 1'));
    expect(pr.main.stdout).not.toMatch(/Logged in to/);
    expect(pr.main.stdout).toMatch(/Built linux\/amd64,linux\/arm64 as sha256:[0-9a-f]{64}/);
    expect(pr.main.stdout).toContain('Push: skipped (push is off)');
  });

  it('pushes nothing: neither tag exists, and the post step succeeds', () => {
    expect(pr.outputs['tags']?.split('\n')).toEqual([`${image}:pr-42`, `${image}:sha-0123456`]);
    for (const reference of pr.outputs['tags']?.split('\n') ?? []) expect(inspectIndex(reference)).toBeUndefined();
    expect(pr.post?.code).toBe(0);
    expect(existsSync(pr.state['dockerConfig'] ?? '/nonexistent')).toBe(false);
  });

  it('on a push the same inputs are refused before anything runs, naming the input', async () => {
    const push = await runLocal(inputs(), { env: { ...eventEnv('push', 'refs/heads/main'), ...freshUserConfig() } });
    expect(push.main.code).not.toBe(0);
    expect(push.main.stdout).toContain(
      "::error::Input 'password' has an invalid value (empty) (username is set but password is empty)"
    );
    // Refused while planning: no job config was ever made, no build ran.
    expect(push.state['dockerConfig']).toBeUndefined();
    expect(push.main.stdout).not.toMatch(/Built |docker buildx build/);
  });
});

describe('a fork pull request whose base image is private', () => {
  const base = `${uniqueRepository('private-base')}:1`;
  let pr: Run;

  beforeAll(async () => {
    const pushed = pushTwoPlatformImage(base, fixtureContext(busyboxDockerfile), readerDockerConfig());
    if (pushed.code !== 0) throw new Error(`pushing the base image failed: ${pushed.stderr}`);
    pr = await runLocal(
      {
        context: fixtureContext(`FROM ${base}\nRUN echo built > /built\n`),
        image: uniqueRepository('on-private-base'),
        platforms: 'linux/amd64,linux/arm64',
        username: env.user,
        password: ''
      },
      { env: { ...pullRequestEnv(7), ...freshUserConfig() } }
    );
  });

  it('fails the preflight naming the registry, the image and the empty secret', () => {
    expect(pr.main.code).not.toBe(0);
    expect(pr.main.stdout).toContain(notice(env.registry, 'password'));
    expect(pr.main.stdout).toContain(
      `::error::Platform check: the base image ${base} (Dockerfile line 1) could not be read from ${env.registry}: `
    );
    expect(pr.main.stdout).toMatch(/Its login was skipped: the password is empty \(GitHub gives no secrets to pull/);
    expect(pr.main.stdout).not.toMatch(/Built linux/);
    expect(pr.post?.code).toBe(0);
  });
});

describe("a registry-auth block copied from docker/login-action's README", () => {
  it("with login-action's scope: refused by name, saying what to do instead, before anything runs", async () => {
    const run = await runLocal(
      {
        context: fixtureContext(busyboxDockerfile),
        tags: `${uniqueRepository('scoped')}:1`,
        'registry-auth': [
          `- registry: ${env.registry}`,
          `  username: ${env.user}`,
          `  password: ${env.password}`,
          `  scope: 'myorg/myimage@push'`
        ].join('\n')
      },
      { env: freshUserConfig() }
    );
    expect(run.main.code).not.toBe(0);
    expect(run.main.stdout).toMatch(
      /::error::Input 'registry-auth' has an invalid value .*entry 1: has login-action's field 'scope', which this action does not take.*Remove the scope line/
    );
    expect(run.state['dockerConfig']).toBeUndefined();
    expect(secretLeaks(everythingPrinted(run), env.password)).toEqual([]);
  });
});

/** AWS's documented example keys, as configure-aws-credentials would export them. */
const keys = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The digest the registry serves for a tag, read with the registry's own login (user AWS). */
async function servedDigest(ecr: EcrRegistry, repository: string, tag: string): Promise<string | undefined> {
  const response = await ecr.request('HEAD', `/v2/${repository}/manifests/${tag}`, {
    Authorization: `Basic ${Buffer.from(`AWS:${ecr.password}`).toString('base64')}`,
    Accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json'
  });
  const digest = response.headers['docker-content-digest'];
  return response.status === 200 && typeof digest === 'string' ? digest : undefined;
}

describe('ECR through a loopback fake of the ECR API', () => {
  let ecr: EcrRegistry;
  let api: EcrApiFake;
  const ecrRun = (inputs: Record<string, string>, credentials: typeof keys | undefined): Promise<Run> =>
    runLocal(
      { context: fixtureContext(busyboxDockerfile), platforms: 'linux/amd64,linux/arm64', ...inputs },
      { env: { ...eventEnv('push', 'refs/heads/main'), ...freshUserConfig(), ...awsEnv(api, credentials) } }
    );

  beforeAll(async () => {
    ecr = await startEcrRegistry();
    api = await startEcrApiFake(ecr.password);
  });
  afterAll(async () => {
    await api.close();
    ecr.stop();
  });
  beforeEach(() => {
    api.calls.length = 0;
    api.mode = 'token';
  });

  it('registry-auth with the SDK credentials of configure-aws-credentials: logs in, pushes by digest and promotes', async () => {
    const run = await ecrRun(
      { tags: `${ecr.registry}/acme/app:1.0.0`, 'registry-auth': `- registry: ${ecr.registry}\n  ecr: true\n` },
      keys
    );
    expect(run.main.stdout).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(api.calls.map((call) => [call.target, call.accessKeyId])).toEqual([
      ['AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken', keys.id]
    ]);
    expect(run.main.stdout).toContain(`Logged in to ${ecr.registry} as AWS`);
    expect(await servedDigest(ecr, 'acme/app', '1.0.0')).toBe(run.outputs['digest']);
    // The token and the password in it were masked and never printed; the post step removed the login.
    const token = Buffer.from(`AWS:${ecr.password}`).toString('base64');
    expect(run.main.stdout).toContain(`::add-mask::${ecr.password}`);
    for (const secret of [ecr.password, token, keys.secret])
      expect(secretLeaks(everythingPrinted(run), secret)).toEqual([]);
    expect(run.post?.code).toBe(0);
    expect(existsSync(run.state['dockerConfig'] ?? '/nonexistent')).toBe(false);
  });

  it("registry/username/password as login-action's ECR example has them (access key as username): pushes", async () => {
    const run = await ecrRun(
      {
        tags: `${ecr.registry}/acme/keys:2.0.0`,
        registry: ecr.registry,
        username: keys.id,
        password: keys.secret,
        ecr: 'true'
      },
      undefined
    );
    expect(run.main.code).toBe(0);
    expect(api.calls.map((call) => call.accessKeyId)).toEqual([keys.id]);
    expect(await servedDigest(ecr, 'acme/keys', '2.0.0')).toBe(run.outputs['digest']);
  });

  it('a pull request without AWS credentials: the ECR login is left out with its notice, the build runs, nothing is pushed', async () => {
    const run = await runLocal(
      {
        context: fixtureContext(busyboxDockerfile),
        platforms: 'linux/amd64',
        tags: `${ecr.registry}/acme/fork:1`,
        'registry-auth': `- registry: ${ecr.registry}\n  ecr: true\n`
      },
      { env: { ...pullRequestEnv(9), ...freshUserConfig(), ...awsEnv(api, undefined) } }
    );
    expect(run.main.code).toBe(0);
    expect(run.main.stdout).toContain(
      `::notice::no login to ${ecr.registry}: no AWS credentials were found and nothing is pushed (pull request from a fork or Dependabot)`
    );
    expect(run.main.stdout).toMatch(/Built linux\/amd64/);
    expect(await servedDigest(ecr, 'acme/fork', '1')).toBeUndefined();
    expect(run.post?.code).toBe(0);
  });

  it.each([
    ['no AWS credentials', 'token', undefined, /ECR login to .* failed: no AWS credentials were found/],
    ['access denied', 'access-denied', keys, /ECR login to .* failed: AWS denied access/],
    ['an expired token', 'expired-token', keys, /ECR login to .* failed: the AWS credentials have expired/]
  ] as const)('%s: fails at the login, saying so, having pushed nothing', async (_case, mode, credentials, message) => {
    api.mode = mode;
    const run = await ecrRun(
      { tags: `${ecr.registry}/acme/refused:1`, 'registry-auth': `- registry: ${ecr.registry}\n  ecr: true\n` },
      credentials
    );
    expect(run.main.code).not.toBe(0);
    expect(run.main.stdout).toMatch(new RegExp(`::error::${message.source}`));
    expect(run.main.stdout).not.toMatch(/Built linux/);
    expect(await servedDigest(ecr, 'acme/refused', '1')).toBeUndefined();
    expect(run.post?.code).toBe(0);
  });
});

describe("docs/registries.md's ECR example (login-action's registry-auth block, ecr: auto) on an ECR host name", () => {
  // The host name /etc/hosts points at 127.0.0.1 (scripts/setup-test-env.sh): the action, the AWS SDK
  // and dockerd see an ECR registry by its name alone, as on GitHub's runners, and the API is the fake.
  const host = env.ecrHost;
  let ecr: EcrRegistry;
  let api: EcrApiFake;

  beforeAll(async () => {
    ecr = await startEcrRegistry(host);
    api = await startEcrApiFake(ecr.password);
  });
  afterAll(async () => {
    await api.close();
    ecr.stop();
  });

  it('logs in through the AWS SDK with no ecr line, pushes by digest, checks and promotes', async () => {
    const example = actionExamples(readFileSync('docs/registries.md', 'utf8')).find(
      ({ heading }) => heading === 'Amazon ECR'
    );
    expect(example?.inputs['registry-auth']).toBe(`- registry: ${host.name}\n`);
    const run = await runLocal(
      { ...example?.inputs, context: fixtureContext(busyboxDockerfile), platforms: 'linux/amd64,linux/arm64' },
      {
        env: {
          ...eventEnv('push', 'refs/heads/main'),
          ...freshUserConfig(),
          ...awsEnv(api, keys),
          // What a runner does for a registry behind a private CA; dockerd trusts it through certs.d.
          NODE_EXTRA_CA_CERTS: host.ca
        }
      }
    );
    expect(run.main.stdout).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(api.calls.map((call) => [call.target, call.accessKeyId])).toEqual([
      ['AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken', keys.id]
    ]);
    expect(run.main.stdout).toContain(`Logged in to ${host.name} as AWS`);
    const tags = (run.outputs['tags'] ?? '').split('\n').filter(Boolean);
    // metadata-action's defaults for a push to main: the branch, edge and the short commit.
    expect(tags).toEqual(['main', 'edge', 'sha-0123456'].map((tag) => `${host.name}/app:${tag}`));
    for (const tag of ['main', 'edge', 'sha-0123456'])
      expect(await servedDigest(ecr, 'app', tag)).toBe(run.outputs['digest']);
    expect(secretLeaks(everythingPrinted(run), ecr.password)).toEqual([]);
    expect(run.post?.code).toBe(0);
    expect(existsSync(run.state['dockerConfig'] ?? '/nonexistent')).toBe(false);
  });
});
