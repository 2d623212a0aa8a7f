// Every bad input must stop the action before it touches docker, the job's state or the disk.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { rejectionOf } from '../../helpers/errors.js';

// @actions/github reads the event once, at import: pin it to a plain push before main loads.
const savedEnv = { ...process.env };
process.env['GITHUB_EVENT_NAME'] = 'push';
process.env['GITHUB_REF'] = 'refs/heads/main';
delete process.env['GITHUB_EVENT_PATH'];

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { runMain, readInputs } = await import('../../../src/steps/main.js');
const { InputError } = await import('../../../src/model/errors.js');
const { formatPlatform, nativePlatform } = await import('../../../src/model/platforms.js');
const { NON_EMPTY_INPUT_DEFAULTS } = await import('../../../src/planning/empty-inputs.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-bad-inputs-'));
const context = path.join(root, 'app');
mkdirSync(context);
writeFileSync(path.join(context, 'Dockerfile'), 'FROM alpine:3.20\nRUN true\n');
const emptyContext = path.join(root, 'empty');
mkdirSync(emptyContext);
const missingContext = path.join(root, 'no-such-dir');

// A valid starting point, so each case fails only because of what it changes.
const base = { context, tags: 'ghcr.io/acme/app:1.0' };
const longTag = 'a'.repeat(129);
const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

interface Case {
  why: string;
  inputs: Record<string, string>;
  /** The input the error must name. */
  input: string;
  /** A distinctive part of the bad value the message must show. */
  shows: string;
}

const cases: Case[] = [
  { why: 'unknown architecture', inputs: { platforms: 'linux/bogus' }, input: 'platforms', shows: '"linux/bogus"' },
  { why: 'os without architecture', inputs: { platforms: 'linux/' }, input: 'platforms', shows: '"linux/"' },
  { why: 'variant arm64 does not have', inputs: { platforms: 'arm64/v7' }, input: 'platforms', shows: '"arm64/v7"' },
  {
    why: 'variant arm does not have',
    inputs: { platforms: 'linux/arm/v8' },
    input: 'platforms',
    shows: '"linux/arm/v8"'
  },
  {
    why: 'too many parts',
    inputs: { platforms: 'linux/amd64/v2/extra' },
    input: 'platforms',
    shows: '"linux/amd64/v2/extra"'
  },
  { why: 'only separators', inputs: { platforms: ',,,' }, input: 'platforms', shows: '",,,"' },
  {
    why: 'one bad entry among good ones',
    inputs: { platforms: 'linux/amd64,linux/sparc' },
    input: 'platforms',
    shows: 'linux/sparc'
  },
  {
    why: 'duplicates after normalising (arm64/v8)',
    inputs: { platforms: 'arm64,linux/arm64/v8' },
    input: 'platforms',
    shows: 'arm64,linux/arm64/v8'
  },
  {
    why: 'duplicates after normalising (alias)',
    inputs: { platforms: 'x86_64\nlinux/amd64' },
    input: 'platforms',
    shows: 'x86_64'
  },
  {
    why: 'duplicates after normalising (arm default variant)',
    inputs: { platforms: 'armhf,linux/arm' },
    input: 'platforms',
    shows: 'armhf,linux/arm'
  },
  {
    why: 'bad repository component, shown as written (capitals and all)',
    inputs: { tags: 'ghcr.io/Acme/-App:1.0' },
    input: 'tags',
    shows: '"ghcr.io/Acme/-App:1.0"'
  },
  {
    why: 'tag longer than 128 characters',
    inputs: { tags: `ghcr.io/acme/app:${longTag}` },
    input: 'tags',
    shows: longTag
  },
  {
    why: 'tag with a character tags cannot hold',
    inputs: { tags: 'ghcr.io/acme/app:v1+build' },
    input: 'tags',
    shows: 'v1+build'
  },
  {
    why: 'tag starting with a dash',
    inputs: { tags: 'ghcr.io/acme/app:-rc' },
    input: 'tags',
    shows: 'ghcr.io/acme/app:-rc'
  },
  {
    why: 'empty tag after the colon',
    inputs: { tags: 'ghcr.io/acme/app:' },
    input: 'tags',
    shows: '"ghcr.io/acme/app:"'
  },
  { why: 'digest instead of a tag', inputs: { tags: `ghcr.io/acme/app@${digest}` }, input: 'tags', shows: digest },
  { why: 'tag and digest', inputs: { tags: `ghcr.io/acme/app:1.0@${digest}` }, input: 'tags', shows: digest },
  { why: 'bare tag without the image input', inputs: { tags: 'latest' }, input: 'tags', shows: '"latest"' },
  {
    why: 'bare tag with characters tags cannot hold',
    inputs: { image: 'ghcr.io/acme/app', tags: 'v1+x' },
    input: 'tags',
    shows: '"v1+x"'
  },
  {
    why: 'push on with nothing to push to',
    inputs: { tags: '', push: 'true' },
    input: 'tags',
    shows: 'nothing to push to'
  },
  { why: 'push is not a boolean', inputs: { push: 'maybe' }, input: 'push', shows: '"maybe"' },
  { why: 'build-arg without =', inputs: { 'build-args': 'VERSION' }, input: 'build-args', shows: '"line 1"' },
  {
    why: 'build-arg name starting with a digit',
    inputs: { 'build-args': 'GOOD=1\n9LIVES=yes' },
    input: 'build-args',
    shows: '"line 2: 9LIVES=…"'
  },
  { why: 'label without a name', inputs: { labels: '=orphan' }, input: 'labels', shows: '"=orphan"' },
  {
    why: 'annotation without =',
    inputs: { annotations: 'org.opencontainers.image.title' },
    input: 'annotations',
    shows: 'org.opencontainers.image.title'
  },
  { why: 'context directory missing', inputs: { context: missingContext }, input: 'context', shows: missingContext },
  {
    why: 'context is a file',
    inputs: { context: path.join(context, 'Dockerfile') },
    input: 'context',
    shows: path.join(context, 'Dockerfile')
  },
  {
    why: 'no Dockerfile in the context',
    inputs: { context: emptyContext },
    input: 'file',
    shows: path.join(emptyContext, 'Dockerfile')
  },
  {
    why: 'file input points nowhere',
    inputs: { file: 'no/such/Dockerfile.release' },
    input: 'file',
    shows: '"no/such/Dockerfile.release"'
  },
  { why: 'password without username', inputs: { password: 'hunter2-secret' }, input: 'username', shows: '(empty)' },
  { why: 'username without password', inputs: { username: 'octocat' }, input: 'password', shows: '(empty)' },
  { why: 'unknown driver', inputs: { driver: 'podman' }, input: 'driver', shows: '"podman"' },
  {
    why: 'endpoint that would be a flag of buildx create',
    inputs: { driver: 'docker-container', endpoint: '--buildkitd-flags=--debug' },
    input: 'endpoint',
    shows: 'leading -'
  },
  {
    why: "endpoint that would add an option to the context's host=",
    inputs: { driver: 'docker', endpoint: 'tcp://h:2376,skip-tls-verify=true' },
    input: 'endpoint',
    shows: 'commas'
  },
  {
    why: 'nodes that are not a YAML list',
    inputs: { nodes: 'endpoint: tcp://a:1' },
    input: 'nodes',
    shows: 'not a list'
  },
  {
    why: 'buildkitd-config that does not exist',
    inputs: { 'buildkitd-config': 'no/such/buildkitd.toml' },
    input: 'buildkitd-config',
    shows: 'is not a file'
  },
  {
    why: 'driver-opts entry without =',
    inputs: { 'driver-opts': 'network=host\nprivileged' },
    input: 'driver-opts',
    shows: '"privileged"'
  },
  { why: 'unknown qemu value', inputs: { qemu: 'sometimes' }, input: 'qemu', shows: '"sometimes"' },
  {
    why: 'uppercase qemu-image',
    inputs: { 'qemu-image': 'Tonistiigi/binfmt:latest' },
    input: 'qemu-image',
    shows: 'Tonistiigi/binfmt'
  },
  { why: 'cache-to without type', inputs: { 'cache-to': 'mode=max' }, input: 'cache-to', shows: '"line 1: mode=…"' },
  {
    why: 'cache-to with an unknown type',
    inputs: { 'cache-to': 'type=redis,ref=cache' },
    input: 'cache-to',
    shows: 'type=redis'
  },
  {
    why: 'cache-to field without =',
    inputs: { 'cache-to': 'type=registry,ref' },
    input: 'cache-to',
    shows: '"line 1: type=registry,…"'
  },
  {
    why: 'cache-to as a bare reference',
    inputs: { 'cache-to': 'ghcr.io/acme/cache' },
    input: 'cache-to',
    shows: '"line 1: …"'
  },
  {
    why: 'cache-from with an unknown type',
    inputs: { 'cache-from': 'type=memcached' },
    input: 'cache-from',
    shows: 'type=memcached'
  },
  {
    why: 'cache-from bare reference that is not one',
    inputs: { 'cache-from': 'ghcr.io/Acme/cache' },
    input: 'cache-from',
    shows: 'ghcr.io/Acme/cache'
  },
  {
    why: 'buildx-version that is no version',
    inputs: { 'buildx-version': 'banana' },
    input: 'buildx-version',
    shows: '"banana"'
  },
  {
    why: 'buildx-download-url not http(s)',
    inputs: { 'buildx-download-url': 'ftp://x' },
    input: 'buildx-download-url',
    shows: '"ftp://x"'
  },
  {
    why: 'buildx-download-url not a URL',
    inputs: { 'buildx-download-url': 'releases.example.com' },
    input: 'buildx-download-url',
    shows: 'releases.example.com'
  },
  {
    why: 'push-by-digest is not a boolean',
    inputs: { 'push-by-digest': 'digest' },
    input: 'push-by-digest',
    shows: '"digest"'
  },
  {
    why: 'push-by-digest with two platforms',
    inputs: { 'push-by-digest': 'true', image: 'ghcr.io/acme/app' },
    input: 'platforms',
    shows: 'linux/amd64,linux/arm64'
  },
  {
    why: 'push-by-digest without the image input',
    inputs: { 'push-by-digest': 'true', platforms: 'linux/arm64' },
    input: 'image',
    shows: '(empty)'
  },
  {
    why: 'load of two platforms on docker-container',
    inputs: { load: 'true', driver: 'docker-container' },
    input: 'load',
    shows: 'docker-container driver cannot load 2 platforms'
  },
  { why: 'load is not a boolean', inputs: { load: 'sure' }, input: 'load', shows: '"sure"' },
  { why: 'unknown network', inputs: { network: 'bridge2' }, input: 'network', shows: '"bridge2"' },
  { why: 'unknown platform-check', inputs: { 'platform-check': 'maybe' }, input: 'platform-check', shows: '"maybe"' },
  { why: 'unknown arch-audit', inputs: { 'arch-audit': 'loud' }, input: 'arch-audit', shows: '"loud"' },
  { why: 'smoke-test-timeout zero', inputs: { 'smoke-test-timeout': '0' }, input: 'smoke-test-timeout', shows: '"0"' },
  {
    why: 'smoke-test-timeout not a number',
    inputs: { 'smoke-test-timeout': 'abc' },
    input: 'smoke-test-timeout',
    shows: '"abc"'
  },
  {
    why: 'smoke-test-timeout fractional',
    inputs: { 'smoke-test-timeout': '1.5' },
    input: 'smoke-test-timeout',
    shows: '"1.5"'
  },
  {
    why: 'registry-retry-after-max over an hour',
    inputs: { 'registry-retry-after-max': '3601' },
    input: 'registry-retry-after-max',
    shows: '"3601"'
  },
  {
    why: 'smoke-test-timeout above an hour',
    inputs: { 'smoke-test-timeout': '3601' },
    input: 'smoke-test-timeout',
    shows: '"3601"'
  },
  { why: 'verify is not a boolean', inputs: { verify: 'perhaps' }, input: 'verify', shows: '"perhaps"' },
  { why: 'no-cache is not a boolean', inputs: { 'no-cache': 'always' }, input: 'no-cache', shows: '"always"' },
  { why: 'pull is not a boolean', inputs: { pull: 'nah' }, input: 'pull', shows: '"nah"' },
  { why: 'cleanup is not a boolean', inputs: { cleanup: 'keep' }, input: 'cleanup', shows: '"keep"' },
  { why: 'image with a tag', inputs: { image: 'ghcr.io/a/b:1' }, input: 'image', shows: '"ghcr.io/a/b:1"' },
  { why: 'image that is not a reference', inputs: { image: 'ghcr.io/a/B!' }, input: 'image', shows: 'ghcr.io/a/B!' },
  { why: 'unknown mode', inputs: { mode: 'explode' }, input: 'mode', shows: '"explode"' },
  {
    why: 'login-scope neither step nor job',
    inputs: { 'login-scope': 'workflow' },
    input: 'login-scope',
    shows: '"workflow"'
  },
  {
    why: 'a build-arg placeholder the event cannot fill',
    inputs: { 'build-args': 'V={{major}}' },
    input: 'build-args',
    shows: '{{major}} needs a semver tag'
  },
  { why: 'mode merge without sources', inputs: { mode: 'merge' }, input: 'sources', shows: 'mode merge needs sources' },
  { why: 'registry with a space', inputs: { registry: 'bad host!' }, input: 'registry', shows: 'bad host!' },
  {
    why: 'registry with a scheme',
    inputs: { registry: 'https://ghcr.io' },
    input: 'registry',
    shows: 'https://ghcr.io'
  },
  // Set but empty, as ${{ matrix.platform }} with a misspelt key gives: the runner would have filled in the
  // default. Every input that refuses empty, as the code lists them.
  ...Object.keys(NON_EMPTY_INPUT_DEFAULTS).map((input) => ({
    why: 'set to an empty string',
    inputs: { [input]: '' },
    input,
    shows: '(empty)'
  }))
];

let runnerTemp = '';

beforeEach(() => {
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  runnerTemp = mkdtempSync(path.join(root, 'runner-temp-'));
  process.env['RUNNER_TEMP'] = runnerTemp;
  process.env['GITHUB_EVENT_NAME'] = 'push';
  delete process.env['GITHUB_STEP_SUMMARY'];
});

afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function expectRefusedBeforeAnyWork({ inputs, input, shows }: Case): Promise<void> {
  coreFixture.setInputs({ ...base, ...inputs });

  const inputError = await rejectionOf(InputError, runMain());
  expect(inputError.input).toBe(input);
  expect(inputError.message).toContain(`Input '${input}'`);
  expect(inputError.message).toContain(shows);
  expect(inputError.message).toContain('Accepted: ');
  // No docker command, no resources recorded for the post step, nothing on disk, no outputs.
  expect(execFixture.run).toHaveBeenCalledTimes(0);
  const savedKeys = coreFixture.saveState.mock.calls.map(([key]) => key);
  for (const key of ['builder', 'dockerConfig', 'driver']) expect(savedKeys).not.toContain(key);
  expect(readdirSync(runnerTemp)).toEqual([]);
  expect(readdirSync(context)).toEqual(['Dockerfile']);
  expect(coreFixture.setOutput).toHaveBeenCalledTimes(0);
}

describe('runMain refuses bad inputs before doing anything', () => {
  it('accepts the base inputs the cases start from', () => {
    coreFixture.setInputs(base);
    const inputs = readInputs();
    expect(inputs.context).toBe(context);
    expect(inputs.tags.map(({ text }) => text)).toEqual(['ghcr.io/acme/app:1.0']);
  });

  it.each(cases)('$why ($input)', expectRefusedBeforeAnyWork);

  // parsePlatform reads plain objects, so these throw a TypeError instead (see model/platforms.test.ts).
  it.each<Case>([
    {
      why: 'Object.prototype name as platform',
      inputs: { platforms: 'constructor' },
      input: 'platforms',
      shows: '"constructor"'
    },
    {
      why: 'Object.prototype name as architecture',
      inputs: { platforms: 'linux/__proto__' },
      input: 'platforms',
      shows: '"linux/__proto__"'
    }
  ])('$why ($input)', expectRefusedBeforeAnyWork);

  // Only the 'name/probe' form is checked today, so a Docker Hub namespace passes for a host and reaches `docker login`.
  it('refuses a registry that is not a host (registry)', () =>
    expectRefusedBeforeAnyWork({
      why: '',
      inputs: { registry: 'bad_host', username: 'octocat', password: 'pw' },
      input: 'registry',
      shows: '"bad_host"'
    }));

  it.each(['secret-files', 'ssh'])('refuses a %s path that is a symbolic link', (input) => {
    const link = path.join(root, `linked-${input}`);
    symlinkSync(path.join(context, 'Dockerfile'), link);
    return expectRefusedBeforeAnyWork({
      why: '',
      inputs: { [input]: `id1=${link}` },
      input,
      shows: `linked-${input}`
    });
  });

  // The error is printed before setSecret runs, so it must not echo what follows the name.
  it.each(['1TOKEN=s3cret-value', 'NPM_TOKEN: s3cret-value'])(
    'does not print the value of a malformed secrets line %j',
    async (line) => {
      coreFixture.setInputs({ ...base, secrets: line });
      const error = await rejectionOf(InputError, runMain());
      expect(error.message).toContain("Input 'secrets'");
      expect(error.message).not.toContain('s3cret-value');
    }
  );

  // cache-to/cache-from credentials and build args are masked only once parsed: an error before that shows no value.
  it.each<[string, string]>([
    ['cache-to', 'type=s3,region=eu-west-1,secret_access_key=s3cret-value,bogus'],
    ['cache-from', 'type=redis,ref=x,token=s3cret-value'],
    ['cache-to', 'mode=max,password=s3cret-value'],
    ['build-args', 'NPM_TOKEN: s3cret-value'],
    ['build-args', 'GOOD=1\n-TOKEN=s3cret-value']
  ])('does not print a value of a malformed %s line %j', async (input, line) => {
    coreFixture.setInputs({ ...base, [input]: line });
    const error = await rejectionOf(InputError, runMain());
    expect(error.message).toContain(`Input '${input}'`);
    expect(error.message).not.toContain('s3cret-value');
  });

  // The control: the same harness with good inputs does reach docker, state and RUNNER_TEMP.
  it('lets good inputs through to the builder and the build', async () => {
    const native = formatPlatform(nativePlatform());
    const userConfig = mkdtempSync(path.join(root, 'user-config-'));
    process.env['DOCKER_HOST'] = 'tcp://127.0.0.1:2375';
    process.env['DOCKER_CONFIG'] = userConfig;
    // Built and not pushed, nothing checked: the push and the checks on the runner have their own tests (steps/main.test.ts).
    coreFixture.setInputs({ ...base, platforms: native, push: 'false', 'arch-audit': 'off' });
    execFixture.run.mockImplementation(async (_command, args) =>
      execFixture.ok(args.includes('inspect') ? `Platforms: ${native}\n` : '')
    );

    await runMain();

    const commands = execFixture.commandLines().map((line) => line.split(' ').slice(0, 3).join(' '));
    expect(commands).toContain('docker buildx create');
    expect(commands).toContain('docker buildx build');
    expect(coreFixture.state.get('builder')).toMatch(/^mab-/);
    const saved = coreFixture.state.get('dockerConfig') ?? '';
    expect(path.dirname(saved)).toBe(runnerTemp);
    expect(path.basename(saved)).toMatch(new RegExp(`^${coreFixture.state.get('builder')}-docker-config-\\w{6}$`));
    expect(readdirSync(runnerTemp)).toHaveLength(1);
    expect(coreFixture.outputs.get('platforms')).toBe(native);
  });

  it('does not print the password when it is given without a username', async () => {
    coreFixture.setInputs({ ...base, password: 'hunter2-secret' });
    await expect(runMain()).rejects.toThrow("Input 'username'");
    await expect(runMain()).rejects.not.toThrow('hunter2-secret');
  });
});
