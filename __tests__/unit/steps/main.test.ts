// The main step's orchestration through the exec seam: which commands run, in which order, with
// what, what it saves for the post step, and what reaches the registry (a fake one on 127.0.0.1):
// the image by digest, then the tags. Emulators and the checks that read the registry are switched
// off here, and the daemon check is injected, so no daemon is needed; the integration suites run the
// same code against the real tools.
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { infoBody, startFakeEngine, type FakeEngine } from '../../helpers/fake-engine.js';
import { rejectionOf } from '../../helpers/errors.js';

import { close, FakeRegistry } from '../../helpers/fake-registry.js';
import { addIndex, tagsIn } from '../../helpers/fake-images.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { packLayout, writeLayout } = await import('../../helpers/oci-layouts.js');
const { collectContent, layoutOrigin } = await import('../../../src/registry/image-content.js');
const { OciLayout } = await import('../../../src/registry/oci-layout.js');
const { pushByDigest } = await import('../../../src/registry/push.js');
const { createSession } = await import('../../../src/registry/session.js');
const { runMain: runMainWith } = await import('../../../src/steps/main.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { OutputKey } = await import('../../../src/model/outcome.js');
const { StateKey } = await import('../../../src/model/post-state.js');
const { formatPlatform, nativePlatform } = await import('../../../src/model/platforms.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-main-unit-'));
const context = mkdtempSync(path.join(root, 'context-'));
writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY app /app\n');
const native = formatPlatform(nativePlatform());
// What the fake build exports: set by dockerAnswers, read by the assertions.
let digest = '';
const password = 'pa55-word-not-on-argv';
// The registry the tags name, started for each test: it takes the push and the tags.
let fake: FakeRegistry;
let repository = '';

// The daemon check, injected: it records the host it was asked about instead of dialling it.
const checkDaemon = jest.fn((_host: string) => Promise.resolve());
const runMain = (): Promise<void> => runMainWith({ checkDaemon });

/**
 * One timeline of what the step did that an order can matter for: secrets masked, lines logged,
 * state saved and commands run, each as `kind:detail`.
 */
function recordEvents(): string[] {
  const events: string[] = [];
  // The job's docker context is a file, not a command: `context:made` follows the first event that finds it.
  const push = (event: string): void => {
    events.push(event);
    const jobConfig = coreFixture.state.get(StateKey.DockerConfig);
    if (jobConfig && !events.includes('context:made') && existsSync(path.join(jobConfig, 'contexts')))
      events.push('context:made');
  };
  coreFixture.setSecret.mockImplementation((value) => push(`mask:${value}`));
  coreFixture.info.mockImplementation((message) => push(`log:${message}`));
  coreFixture.warning.mockImplementation((message) => push(`log:${String(message)}`));
  coreFixture.saveState.mockImplementation((key, value) => {
    coreFixture.state.set(key, String(value));
    push(`state:${key}`);
  });
  const answer = execFixture.run.getMockImplementation();
  execFixture.run.mockImplementation(async (command, args, options) => {
    push(`run:${[command, ...args].join(' ')}`);
    return answer ? answer(command, args, options) : execFixture.ok();
  });
  return events;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const firstIndex = (events: string[], prefix: string): number => events.findIndex((event) => event.startsWith(prefix));

// Only what this file is about: a native build on the docker driver, no emulators, no registry reads by the checks.
const baseInputs = (): Record<string, string> => ({
  context,
  platforms: native,
  tags: `${repository}:1.0,${repository}:latest`,
  username: 'octocat',
  password,
  driver: 'docker',
  endpoint: 'tcp://127.0.0.1:2375',
  qemu: 'false',
  verify: 'false',
  'arch-audit': 'off'
});

/** What the registry was asked to write, in order: `PUT /v2/…/manifests/…`, blob uploads and mounts. */
const writes = (): string[] =>
  fake.requests
    .filter(({ method }) => method !== 'GET' && method !== 'HEAD')
    .map(({ method, path: at }) => `${method} ${at.split('?')[0] ?? ''}`);
const tagPuts = (): string[] => writes().filter((line) => /^PUT \/v2\/.+\/manifests\/[^:]+$/.test(line));

/** The --output values of a command line. */
const outputsOf = (args: readonly string[]): string[] => args.filter((_arg, index) => args[index - 1] === '--output');
// How many requests the registry had when "BuildKit" finished pushing by digest: what came after is the action's.
let buildkitRequests = 0;
// How many blobs "BuildKit" wrote into the layout it was told to export to (it skips those already there).
let blobsWritten = 0;

/** Like BuildKit into an OCI layout directory: writes only the blobs it lacks, then index.json. */
function exportInto(built: string, dest: string): number {
  let written = 0;
  mkdirSync(path.join(dest, 'blobs', 'sha256'), { recursive: true });
  for (const hex of readdirSync(path.join(built, 'blobs', 'sha256'))) {
    const target = path.join(dest, 'blobs', 'sha256', hex);
    if (existsSync(target)) continue;
    copyFileSync(path.join(built, 'blobs', 'sha256', hex), target);
    written++;
  }
  for (const file of ['index.json', 'oci-layout']) copyFileSync(path.join(built, file), path.join(dest, file));
  return written;
}

/**
 * What BuildKit does with the outputs the action gives: streams the image as an OCI tar on stdout,
 * or pushes it by digest (untagged) into the named repositories. Returns the image's digest.
 */
async function buildKitExports(args: readonly string[], stdoutTo?: NodeJS.WritableStream): Promise<string> {
  const dir = mkdtempSync(path.join(root, 'built-'));
  const written = writeLayout(dir, [nativePlatform()]);
  const outputs = outputsOf(args);
  if (outputs.includes('type=oci,dest=-') && stdoutTo) stdoutTo.end(await packLayout(dir));
  const dest = outputs.map((output) => /^type=oci,tar=false,dest=(.+)$/.exec(output)?.[1]).find(Boolean);
  if (dest) blobsWritten = exportInto(dir, dest);
  const byDigest = outputs.find((output) => output.includes('push-by-digest=true'));
  if (byDigest) {
    const names = /"?name=([^"]+)"?$/.exec(byDigest)?.[1]?.split(',') ?? [];
    const layout = OciLayout.open(dir);
    const content = await collectContent(layout.topManifest(), () => layoutOrigin(layout));
    const logins = [{ registry: fake.registry, username: 'octocat', password }];
    await pushByDigest(createSession({ logins }), content, names);
    buildkitRequests = fake.requests.length;
  }
  return written.digest;
}

/** Answers like docker would: the build exports as told and writes its metadata file. */
function dockerAnswers(buildFails = false): void {
  execFixture.run.mockImplementation(async (_command, args, options) => {
    if (args[0] === 'login') return execFixture.storeLogin(args, options);
    if (args.includes('build')) {
      if (buildFails) {
        options?.stdoutTo?.end();
        return Promise.reject(
          new execFixture.CommandError('docker buildx build', {
            exitCode: 1,
            stdout: '',
            stderr: 'ERROR: failed to solve: exec format error'
          })
        );
      }
      digest = await buildKitExports(args, options?.stdoutTo);
      const file = args[args.indexOf('--metadata-file') + 1] as string;
      writeFileSync(file, JSON.stringify({ 'containerimage.digest': digest, 'containerimage.config.digest': digest }));
    }
    return execFixture.ok(args.includes('inspect') ? `Platforms: ${native}\n` : '');
  });
}

beforeEach(async () => {
  checkDaemon.mockClear();
  digest = '';
  fake = await new FakeRegistry('basic', 'octocat', password).start();
  repository = `${fake.registry}/acme/app`;
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  coreFixture.state.clear();
  coreFixture.outputs.clear();
  process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'temp-'));
  // Where kept layouts live: each test starts with none.
  process.env['XDG_CACHE_HOME'] = mkdtempSync(path.join(root, 'cache-'));
  process.env['GITHUB_EVENT_NAME'] = 'push';
  delete process.env['GITHUB_STEP_SUMMARY'];
});

afterEach(() => close(fake.server));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runMain', () => {
  it('logs in, makes the job builder, exports into the kept layout, pushes it by digest, then moves every tag', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    await runMain();
    const builder = coreFixture.outputs.get(OutputKey.Builder) as string;
    expect(builder).toMatch(/^mab-/);
    const lines = execFixture.commandLines();
    expect(lines[0]).toBe(`docker login ${fake.registry} --username octocat --password-stdin`);
    // The builder is a context in the job's config, written as docker writes it: no docker call.
    const jobConfig = coreFixture.state.get(StateKey.DockerConfig) ?? '';
    const contextMeta = path.join(jobConfig, 'contexts', 'meta', sha256(builder), 'meta.json');
    expect(JSON.parse(readFileSync(contextMeta, 'utf8'))).toEqual({
      Name: builder,
      Metadata: { Description: 'multiarch-build-push job builder' },
      Endpoints: { docker: { Host: 'tcp://127.0.0.1:2375', SkipTLSVerify: false } }
    });
    // buildx writes no tag anywhere: it exports the image into the image's kept layout on the runner.
    expect(lines[1]).toMatch(
      new RegExp(`^docker --context ${builder} buildx build --progress rawjson --platform ${native} `)
    );
    const layout = path.join(jobConfig, 'image-layout');
    const kept = path.join(process.env['XDG_CACHE_HOME'] ?? '', 'multiarch-build-push', 'oci-layouts');
    expect(lines[1]).toMatch(new RegExp(`--output type=oci,tar=false,dest=${kept}/[0-9a-f]{16} `));
    expect(lines[1]).not.toMatch(/push=|--push|type=image|--tag/);
    expect(execFixture.runOptions()[1]?.stdoutTo).toBeUndefined();
    expect(lines[1]?.endsWith(` ${context}`)).toBe(true);
    // No buildx inspect: the only platform is the runner's own.
    expect(lines).toHaveLength(2);
    // The daemon of the user's own docker CLI, pinged once before anything needs it.
    expect(checkDaemon.mock.calls).toEqual([['unix:///var/run/docker.sock']]);
    // The layout's image, by digest, into the tags' repository; then both tags, on the same bytes.
    const byDigest = fake.manifests.get(`acme/app/${digest}`)?.body;
    expect(byDigest).toBeDefined();
    expect(fake.manifests.get('acme/app/1.0')?.body).toEqual(byDigest);
    expect(fake.manifests.get('acme/app/latest')?.body).toEqual(byDigest);
    expect(tagPuts()).toStrictEqual(['PUT /v2/acme/app/manifests/1.0', 'PUT /v2/acme/app/manifests/latest']);
    expect(writes().indexOf(`PUT /v2/acme/app/manifests/${digest}`)).toBeLessThan(
      writes().indexOf('PUT /v2/acme/app/manifests/1.0')
    );
    // The job's own layout was never made; the kept one stays for the next release, unlocked.
    expect(existsSync(layout)).toBe(false);
    expect(readdirSync(kept).filter((name) => name.endsWith('.lock'))).toStrictEqual([]);
  });

  it('a driver that pushes by digest: BuildKit pushes, and the action neither writes nor sends a layer', async () => {
    coreFixture.setInputs({ ...baseInputs(), driver: 'docker-container', endpoint: '' });
    dockerAnswers();
    await runMain();
    const build = execFixture.commandLines().find((line) => line.includes(' build ')) ?? '';
    expect(build).toContain(
      `--output type=image,push-by-digest=true,name-canonical=true,push=true,name=${repository} `
    );
    expect(build).not.toMatch(/type=oci|--tag/);
    expect(execFixture.runOptions().some((options) => options?.stdoutTo)).toBe(false);
    // After BuildKit's push the action reads manifests and writes tags only: no blob is sent, read, or even asked about.
    const after = fake.requests
      .slice(buildkitRequests)
      .map(({ method, path: at }) => `${method} ${at.split('?')[0] ?? ''}`);
    expect(after.filter((line) => line.includes('/blobs/'))).toStrictEqual([]);
    // Nor is the image pushed again: the only writes are the tags.
    expect(after.filter((line) => !line.startsWith('GET') && !line.startsWith('HEAD'))).toStrictEqual([
      'PUT /v2/acme/app/manifests/1.0',
      'PUT /v2/acme/app/manifests/latest'
    ]);
    expect(fake.manifests.has(`acme/app/${digest}`)).toBe(true);
    expect(tagsIn(fake, 'acme/app')).toStrictEqual(['1.0', 'latest']);
    // Nothing of the image was written on the runner.
    expect(existsSync(path.join(coreFixture.state.get(StateKey.DockerConfig) ?? '', 'image-layout'))).toBe(false);
  });

  it('the docker driver: a layer every target repository has is neither written on the runner nor sent again', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    await runMain();
    const uploads = (): string[] =>
      writes().filter((line) => line.startsWith('POST') && line.includes('/blobs/uploads'));
    expect(uploads()).toHaveLength(2);
    expect(blobsWritten).toBe(4);
    const keptRoot = path.join(process.env['XDG_CACHE_HOME'] ?? '', 'multiarch-build-push', 'oci-layouts');
    const [keptDir = ''] = readdirSync(keptRoot).map((name) => path.join(keptRoot, name));
    // A blob of an earlier release, and an unfinished write: pruned once this release is out.
    const stale = path.join(keptDir, 'blobs', 'sha256', 'a'.repeat(64));
    writeFileSync(stale, 'an earlier release');
    mkdirSync(path.join(keptDir, 'ingest'));
    fake.requests.length = 0;
    coreFixture.info.mockClear();
    await runMain();
    // The same layout again: the export wrote nothing, the push read and sent nothing.
    expect(blobsWritten).toBe(0);
    expect(uploads()).toStrictEqual([]);
    expect(fake.requests.filter(({ method, path: at }) => method === 'GET' && at.includes('/blobs/'))).toStrictEqual(
      []
    );
    const lines = coreFixture.info.mock.calls.map(([line]) => String(line));
    expect(lines.find((line) => line.includes('exported to'))).toContain("the image's kept layout");
    expect(lines.find((line) => line.startsWith('kept layout'))).toContain('1 blob(s) of earlier releases removed');
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(path.join(keptDir, 'ingest'))).toBe(false);
    expect(readdirSync(path.join(keptDir, 'blobs', 'sha256'))).toHaveLength(4);
  });

  it('the docker driver: buildx starts while the tags are still read for the stand-ins, whose line follows the build', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    await runMain();
    // A fresh runner (no kept layout): the image is behind the tags, read for the stand-ins before the export.
    process.env['XDG_CACHE_HOME'] = mkdtempSync(path.join(root, 'cache-'));
    let buildStarted = (): void => undefined;
    const started = new Promise<boolean>((resolve) => (buildStarted = () => resolve(true)));
    const answer = execFixture.run.getMockImplementation();
    execFixture.run.mockImplementation(async (command, args, options) => {
      if (args.includes('build')) buildStarted();
      return answer ? answer(command, args, options) : execFixture.ok();
    });
    let heldUntilTheBuild: boolean | undefined;
    fake.beforeAnswer = async (method, at) => {
      if (method !== 'GET' || !at.endsWith('/manifests/1.0')) return;
      // The read of the tag waits for buildx; in an order that waits for the read first, it gives up after 2 s.
      let timer: NodeJS.Timeout | undefined;
      const givenUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2000)));
      heldUntilTheBuild ??= await Promise.race([started, givenUp]);
      clearTimeout(timer);
    };
    const events = recordEvents();
    await runMain();
    expect(heldUntilTheBuild).toBe(true);
    const standIns = firstIndex(events, 'log:Stand-ins:');
    expect(standIns).toBeGreaterThan(
      events.findIndex((event) => event.startsWith('run:') && event.includes(' build '))
    );
    expect(events[standIns]).toContain(`${repository}:1.0`);
  });

  describe('a release into the layout is pushed by digest once the export is done', () => {
    /** buildx's rawjson for an export into a layout that named `top` and is done, as the progress shows it. */
    const exportDone = (top: string): string[] => {
      const vertex = { digest: 'sha256:' + 'e'.repeat(64), name: 'exporting to oci image format' };
      // An export of no time at all would be a vertex BuildKit starts again (raw-progress.ts): this one took 0.1 s.
      const [started, at] = [new Date(Date.now() - 100).toISOString(), new Date().toISOString()];
      const list = { id: `exporting manifest list ${top}`, vertex: vertex.digest, started, completed: at };
      return [
        { vertexes: [{ ...vertex, started }] },
        { statuses: [list] },
        { vertexes: [{ ...vertex, started, completed: at }] }
      ].flatMap((status) => JSON.stringify(status, null, 2).split('\n'));
    };

    /**
     * The build: BuildKit's export, then its progress naming `named` (the image, when absent), then
     * buildx's exit (or its failure), held until the registry has the image named by digest, or
     * given up after 2 s. Returns whether it was held, and what the registry was asked to write by then.
     */
    function exportThenExit({ named, fails = false }: { named?: (dest: string) => string; fails?: boolean } = {}) {
      const atExit = { held: undefined as boolean | undefined, writes: [] as string[] };
      const answer = execFixture.run.getMockImplementation();
      execFixture.run.mockImplementation(async (command, args, options) => {
        const result = await (answer ? answer(command, args, options) : execFixture.ok());
        if (!args.includes('build')) return result;
        const dest =
          outputsOf(args)
            .map((output) => /dest=(.+)$/.exec(output)?.[1])
            .find(Boolean) ?? '';
        const top = named ? named(dest) : digest;
        for (const line of exportDone(top)) options?.onLine?.(line);
        const deadline = Date.now() + 2000;
        while (!writes().includes(`PUT /v2/acme/app/manifests/${top}`) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 5));
        atExit.held = Date.now() < deadline;
        atExit.writes = writes();
        if (fails)
          throw new execFixture.CommandError('docker buildx build', {
            exitCode: 1,
            stdout: '',
            stderr: 'ERROR: failed to solve: lost the session'
          });
        return result;
      });
      return atExit;
    }

    it('into every repository, untagged, before buildx exits; the tags move once the checks passed', async () => {
      coreFixture.setInputs(baseInputs());
      dockerAnswers();
      const atExit = exportThenExit();
      await runMain();
      // In an order that pushes once buildx exited, the build gives up holding after 2 s.
      expect(atExit.held).toBe(true);
      expect(atExit.writes).toContain(`PUT /v2/acme/app/manifests/${digest}`);
      expect(atExit.writes.filter((line) => /\/manifests\/[^:]+$/.test(line))).toEqual([]);
      expect(tagsIn(fake, 'acme/app')).toEqual(['1.0', 'latest']);
      const line = coreFixture.info.mock.calls
        .map(([message]) => message)
        .find((message) => message.startsWith('Pushed by digest'));
      expect(line).toContain('started once the export was done, before buildx exited');
    });

    it('a build that fails after the export fails the step with its error, its image untagged', async () => {
      coreFixture.setInputs(baseInputs());
      dockerAnswers();
      const atExit = exportThenExit({ fails: true });
      const error = await rejectionOf(ActionError, runMain());
      expect(error.message).toContain('docker buildx build failed (exit code 1)');
      expect(atExit.writes).toContain(`PUT /v2/acme/app/manifests/${digest}`);
      expect(tagPuts()).toEqual([]);
      expect(tagsIn(fake, 'acme/app')).toEqual([]);
    });

    it('an export named before the layout holds the image: it is pushed once buildx exits', async () => {
      coreFixture.setInputs(baseInputs());
      dockerAnswers();
      // The image the fake build writes (writeLayout is deterministic), named before it is written.
      const top = writeLayout(mkdtempSync(path.join(root, 'named-')), [nativePlatform()]).digest;
      const answer = execFixture.run.getMockImplementation();
      execFixture.run.mockImplementation(async (command, args, options) => {
        if (args.includes('build')) for (const line of exportDone(top)) options?.onLine?.(line);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return answer ? answer(command, args, options) : execFixture.ok();
      });
      await runMain();
      expect(digest).toBe(top);
      expect(writes()).toContain(`PUT /v2/acme/app/manifests/${digest}`);
      expect(tagsIn(fake, 'acme/app')).toEqual(['1.0', 'latest']);
      const line = coreFixture.info.mock.calls
        .map(([message]) => message)
        .find((message) => message.startsWith('Pushed by digest'));
      expect(line).not.toContain('started once the export was done');
    });

    it('an export that named another image: the image buildx built is pushed after it exits, and tagged', async () => {
      coreFixture.setInputs(baseInputs());
      dockerAnswers();
      // Another image in the same layout (its index.json still names the built one).
      const another = (dest: string): string => {
        const index = readFileSync(path.join(dest, 'index.json'));
        const other = writeLayout(dest, [{ architecture: 's390x', layers: ['other'] }]);
        writeFileSync(path.join(dest, 'index.json'), index);
        return other.digest;
      };
      const atExit = exportThenExit({ named: another });
      await runMain();
      expect(atExit.writes).not.toContain(`PUT /v2/acme/app/manifests/${digest}`);
      expect(writes()).toContain(`PUT /v2/acme/app/manifests/${digest}`);
      expect(coreFixture.outputs.get(OutputKey.Digest)).toBe(digest);
      expect(tagsIn(fake, 'acme/app')).toEqual(['1.0', 'latest']);
    });
  });

  it('a repository that refuses the push fails the step before any tag moves, naming it', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    fake.denyWrites.add('acme/app');
    const error = await rejectionOf(ActionError, runMain());
    expect(error.message).toContain(`could not be pushed by digest to ${repository}`);
    expect(error.message).toContain(`Registry ${fake.registry} answered HTTP 403`);
    expect(error.message).toContain('No tag was changed anywhere.');
    expect(tagPuts()).toStrictEqual([]);
    expect(tagsIn(fake, 'acme/app')).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBeUndefined();
  });

  it('a registry that keeps rate-limiting the push fails before any tag moves, as a rate limit, not a login', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    fake.retryAfter = '0';
    fake.uploadFaults.push(...Array<429>(40).fill(429));
    const error = await rejectionOf(ActionError, runMain());
    expect(error.message).toContain('answered HTTP 429');
    expect(error.message).toContain('No tag was changed anywhere.');
    expect(error.message).toContain('the registry rate-limited the push (HTTP 429) through every retry');
    expect(error.message).not.toContain('check that the login may push');
    expect(tagsIn(fake, 'acme/app')).toStrictEqual([]);
  });

  it('a tag a registry refuses during the burst is listed with those that moved, in the error and the outputs', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    // The registry refuses the one tag (403 is never retried), and takes everything else; the first
    // 403 may go to the read of the tag before the build (what the registry has, for the stand-ins).
    fake.faults.set('/v2/acme/app/manifests/latest', [403, 403]);
    const error = await rejectionOf(Error, runMain());
    const message = error.message;
    const refusal = `Registry ${fake.registry} answered HTTP 403`;
    expect(message).toContain(`Promotion stopped part-way: 1 of 2 tag(s) now point at ${digest}.`);
    expect(message).toContain(`Moved: ${repository}:1.0`);
    expect(message).toContain(`- ${repository}:latest: ${refusal}`);
    expect(tagsIn(fake, 'acme/app')).toStrictEqual(['1.0']);
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe(`${repository}:1.0`);
    expect(coreFixture.outputs.get(OutputKey.HeldBack)).toContain(
      `${repository}:latest: the registry refused it: ${refusal}`
    );
  });

  it('a check that cannot finish holds the tags back like a failed one', async () => {
    coreFixture.setInputs({ ...baseInputs(), 'smoke-test': 'app --version' });
    dockerAnswers();
    const answer = execFixture.run.getMockImplementation() as NonNullable<
      ReturnType<typeof execFixture.run.getMockImplementation>
    >;
    execFixture.run.mockImplementation(async (command, args, options) =>
      args[0] === 'run'
        ? Promise.reject(new Error("Could not start 'docker': spawn docker EAGAIN"))
        : answer(command, args, options)
    );
    const error = await rejectionOf(Error, runMain());
    expect(error.message).toContain('The image failed its checks, so no tag was changed');
    expect(error.message).toContain("the checks could not finish: Could not start 'docker'");
    // The image is in the registry by digest; no tag was written.
    expect(fake.manifests.has(`acme/app/${digest}`)).toBe(true);
    expect(tagPuts()).toStrictEqual([]);
  });

  it('a failed check moves no tag, and the error names what failed and the rejected digest', async () => {
    coreFixture.setInputs({ ...baseInputs(), 'smoke-test': 'app --version' });
    dockerAnswers();
    const answer = execFixture.run.getMockImplementation();
    execFixture.run.mockImplementation(async (command, args, options) =>
      args[0] === 'run'
        ? {
            exitCode: 1,
            stdout: '',
            stderr: 'exec /app: exec format error'
          }
        : (answer as NonNullable<typeof answer>)(command, args, options)
    );
    const error = await rejectionOf(ActionError, runMain());
    const message = error.message;
    expect(message).toContain('The image failed its checks, so no tag was changed');
    expect(message).toContain(`smoke test on ${native} exited 1`);
    expect(message).toContain(`Rejected image: ${repository}@${digest} (pushed untagged, by digest)`);
    expect(fake.manifests.has(`acme/app/${digest}`)).toBe(true);
    expect(tagPuts()).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe('');
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe(digest);
    expect(coreFixture.outputs.get(OutputKey.HeldBack)).toBe(
      `${repository}:1.0: the image failed its checks\n${repository}:latest: the image failed its checks`
    );
  });

  it('gives the password to docker login on stdin only, and masks it first', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    const events = recordEvents();
    await runMain();
    expect(execFixture.commandLines().some((line) => line.includes(password))).toBe(false);
    expect(execFixture.runOptions()[0]?.input).toBe(password);
    // Masked before the first line is logged and before the first command, the login among them.
    const masked = events.indexOf(`mask:${password}`);
    expect(masked).toBeGreaterThanOrEqual(0);
    expect(firstIndex(events, 'log:')).toBeGreaterThan(masked);
    expect(firstIndex(events, 'run:docker login')).toBeGreaterThan(masked);
  });

  /** Runs main with DOCKER_HOST at a fake Engine API whose GET /info says 26.1.5 on the containerd store. */
  async function withFakeEngine(env: Record<string, string>, test: (engine: FakeEngine) => Promise<void>) {
    const engine = await startFakeEngine({ status: 200, body: infoBody('26.1.5', true) });
    Object.assign(process.env, { ...env, DOCKER_HOST: engine.host });
    try {
      await test(engine);
    } finally {
      for (const name of [...Object.keys(env), 'DOCKER_HOST']) delete process.env[name];
      await engine.close();
    }
  }

  it("driver: auto: the daemon's facts are read once, on its socket, and the driver is decided from them after the login", async () => {
    await withFakeEngine({}, async (engine) => {
      coreFixture.setInputs({ ...baseInputs(), driver: 'auto', endpoint: '' });
      dockerAnswers();
      const events = recordEvents();
      await runMain();
      const commands = events.filter((event) => event.startsWith('run:'));
      expect(engine.requests).toStrictEqual(['/info']);
      expect(commands.filter((event) => event.startsWith('run:docker info'))).toStrictEqual([]);
      expect(firstIndex(events, 'log:driver: auto chose docker')).toBeGreaterThan(firstIndex(events, 'log:Login: '));
      expect(commands.at(-1)).toMatch(/^run:docker --context mab-\S+ buildx build /);
    });
  });

  it('the cache decision on the docker driver: buildx version runs while docker logs in, the daemon is read on its socket, once each', async () => {
    const runner = { ACTIONS_RUNTIME_TOKEN: 'runtime-token', ACTIONS_CACHE_URL: 'https://cache.example/' };
    await withFakeEngine(runner, async (engine) => {
      coreFixture.setInputs({ ...baseInputs(), endpoint: '', cache: 'auto' });
      dockerAnswers();
      const answer = execFixture.run.getMockImplementation();
      execFixture.run.mockImplementation(async (command, args, options) =>
        args.join(' ') === 'buildx version'
          ? execFixture.ok('github.com/docker/buildx v0.13.1 788433953\n')
          : (answer as NonNullable<typeof answer>)(command, args, options)
      );
      const events = recordEvents();
      await runMain();
      const commands = events.filter((event) => event.startsWith('run:'));
      expect(engine.requests).toStrictEqual(['/info']);
      expect(commands.filter((event) => event.startsWith('run:docker info'))).toStrictEqual([]);
      expect(commands.filter((event) => event.startsWith('run:docker buildx version'))).toHaveLength(1);
      // Started once docker login runs (the login is what the next phase waits for), before it is done.
      expect(firstIndex(events, 'run:docker buildx version')).toBeGreaterThan(firstIndex(events, 'run:docker login'));
      expect(firstIndex(events, 'run:docker buildx version')).toBeLessThan(firstIndex(events, 'log:Logged in to'));
      expect(firstIndex(events, 'log:cache: gha (service v1)')).toBeGreaterThan(firstIndex(events, 'log:Login: '));
    });
  });

  it('saves what the post step needs before it creates anything', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    const events = recordEvents();
    await runMain();
    const saved = events.filter((event) => event.startsWith('state:'));
    expect(saved.slice(0, 5)).toEqual(
      [StateKey.IsPost, StateKey.DockerConfig, StateKey.Cleanup, StateKey.Builder, StateKey.Driver].map(
        (key) => `state:${key}`
      )
    );
    expect(coreFixture.state.get(StateKey.DockerConfig)).toContain(process.env['RUNNER_TEMP']);
    // The job's config before the first command that may write credentials into it; the builder before it exists.
    expect(events.indexOf(`state:${StateKey.DockerConfig}`)).toBeLessThan(firstIndex(events, 'run:'));
    // The builder's context did not exist yet when its name and driver were saved; it did by the build.
    const created = events.indexOf('context:made');
    expect(created).toBeGreaterThan(0);
    expect(events.indexOf(`state:${StateKey.Builder}`)).toBeLessThan(created);
    expect(events.indexOf(`state:${StateKey.Driver}`)).toBeLessThan(created);
    expect(created).toBeLessThan(firstIndex(events, 'run:docker --context'));
  });

  it('login-scope: job gives later steps the job config once logged in, the user’s config saved first for the post step', async () => {
    const userDir = mkdtempSync(path.join(root, 'user-config-'));
    process.env['DOCKER_CONFIG'] = userDir;
    try {
      coreFixture.setInputs({ ...baseInputs(), 'login-scope': 'job' });
      dockerAnswers();
      const events = recordEvents();
      coreFixture.exportVariable.mockImplementation((name, value) => {
        events.push(`export:${name}=${value}`);
        return true;
      });
      await runMain();
      const jobDir = coreFixture.state.get(StateKey.DockerConfig) ?? '';
      expect(path.dirname(jobDir)).toBe(process.env['RUNNER_TEMP']);
      expect(events.filter((event) => event.startsWith('export:'))).toEqual([`export:DOCKER_CONFIG=${jobDir}`]);
      expect(coreFixture.state.get(StateKey.RestoreDockerConfig)).toBe(userDir);
      expect(events.indexOf(`state:${StateKey.RestoreDockerConfig}`)).toBeLessThan(firstIndex(events, 'export:'));
      expect(firstIndex(events, 'run:docker login')).toBeLessThan(firstIndex(events, 'export:'));
    } finally {
      delete process.env['DOCKER_CONFIG'];
    }
  });

  it('login-scope: step (the default) gives later steps nothing', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    await runMain();
    expect(coreFixture.exportVariable).not.toHaveBeenCalled();
    expect(coreFixture.state.has(StateKey.RestoreDockerConfig)).toBe(false);
  });

  it('on the docker-container driver, saves the builder before buildx create', async () => {
    coreFixture.setInputs({ ...baseInputs(), driver: 'docker-container', endpoint: '' });
    dockerAnswers();
    const events = recordEvents();
    await runMain();
    const created = firstIndex(events, 'run:docker buildx create');
    expect(created).toBeGreaterThan(0);
    expect(events.indexOf(`state:${StateKey.Builder}`)).toBeLessThan(created);
    expect(events.indexOf(`state:${StateKey.Driver}`)).toBeLessThan(created);
  });

  it('sets the outputs from the build metadata', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    await runMain();
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe(digest);
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe(`${repository}@${digest}`);
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe(`${repository}:1.0\n${repository}:latest`);
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe(native);
  });

  it('joins the tags, tag-names and labels outputs with sep-tags and sep-labels, a space kept as written', async () => {
    coreFixture.setInputs({ ...baseInputs(), 'sep-tags': ' ', 'sep-labels': ',', labels: 'b=2\na=1' });
    dockerAnswers();
    await runMain();
    expect(coreFixture.outputs.get(OutputKey.Tags)).toBe(`${repository}:1.0 ${repository}:latest`);
    expect(coreFixture.outputs.get(OutputKey.TagNames)).toBe('1.0 latest');
    // Sorted by key, as metadata-action's labels output.
    expect(coreFixture.outputs.get(OutputKey.Labels)).toBe('a=1,b=2');
  });

  it('on a pull request with push auto, builds but pushes nothing', async () => {
    process.env['GITHUB_EVENT_NAME'] = 'pull_request';
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    await runMain();
    const build = execFixture.commandLines().find((line) => line.includes(' build '));
    expect(build).toBeDefined();
    expect(build).not.toContain('--output');
    expect(fake.requests).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe('');
  });

  it('on a pull request, checks what it built on the runner: platforms, smoke run of the local image; pushes nothing', async () => {
    process.env['GITHUB_EVENT_NAME'] = 'pull_request';
    coreFixture.setInputs({ ...baseInputs(), 'smoke-test': 'app --version' });
    dockerAnswers();
    const events = recordEvents();
    await runMain();
    const build = execFixture.commandLines().find((line) => line.includes(' build ')) ?? '';
    const local = coreFixture.state.get(StateKey.LocalImage) ?? '';
    expect(local).toMatch(/^mab-.*:checks$/);
    expect(build).toContain(`--output type=oci,dest=- --output type=image,name=${local} `);
    expect(build).not.toMatch(/push|--tag/);
    // Saved for the post step before the build makes it; the smoke run uses it, not a registry.
    expect(events.indexOf(`state:${StateKey.LocalImage}`)).toBeLessThan(firstIndex(events, 'run:docker --context'));
    const smoke = execFixture.commandLines().find((line) => line.startsWith('docker run ')) ?? '';
    expect(smoke).toContain(`--platform ${native} --name `);
    expect(smoke).toContain(` ${local} app --version`);
    expect(fake.requests).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe(digest);
    expect(coreFixture.outputs.get(OutputKey.Image)).toBe('');
    expect(JSON.parse(coreFixture.outputs.get(OutputKey.SmokeTest) ?? '[]')).toMatchObject([{ status: 'pass' }]);
    expect(events).toContain(`log:Verified the local index ${digest}: ${native} (nothing was pushed)`);
  });

  it('on a pull request, a failed smoke run fails the step as on a release, and nothing is pushed', async () => {
    process.env['GITHUB_EVENT_NAME'] = 'pull_request';
    coreFixture.setInputs({ ...baseInputs(), 'smoke-test': 'app --version' });
    dockerAnswers();
    const answer = execFixture.run.getMockImplementation();
    execFixture.run.mockImplementation(async (command, args, options) =>
      args[0] === 'run'
        ? { exitCode: 1, stdout: '', stderr: 'exec /app: exec format error' }
        : (answer as NonNullable<typeof answer>)(command, args, options)
    );
    const error = await rejectionOf(ActionError, runMain());
    expect(error.message).toContain(`smoke test on ${native} exited 1`);
    expect(fake.requests).toStrictEqual([]);
  });

  it.each([
    ['the stream cut short (no index.json): the build says why', '', 'docker buildx build failed (exit code 1)'],
    [
      'a stream that is not a tar: the reading says why',
      'not a tar '.repeat(100),
      'Reading the image buildx exported failed: '
    ]
  ])('a streamed build that fails, %s', async (_name, streamed, message) => {
    process.env['GITHUB_EVENT_NAME'] = 'pull_request';
    coreFixture.setInputs({ ...baseInputs(), 'smoke-test': 'app --version' });
    dockerAnswers(true);
    const answer = execFixture.run.getMockImplementation() as NonNullable<
      ReturnType<typeof execFixture.run.getMockImplementation>
    >;
    execFixture.run.mockImplementation(async (command, args, options) => {
      if (args.includes('build') && options?.stdoutTo) options.stdoutTo.write(streamed);
      return answer(command, args, options);
    });
    const error = await rejectionOf(ActionError, runMain());
    expect(error.message).toContain(message);
    expect(execFixture.runOptions().some((options) => options?.stdoutTo)).toBe(true);
  });

  it('a build whose export cannot be read still says what it got to: the builder, the platforms and the digest', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers();
    const answer = execFixture.run.getMockImplementation() as NonNullable<
      ReturnType<typeof execFixture.run.getMockImplementation>
    >;
    execFixture.run.mockImplementation(async (command, args, options) => {
      const result = await answer(command, args, options);
      // BuildKit said it exported, but the layout has no index: the image cannot be read.
      const dest = outputsOf(args)
        .map((output) => /^type=oci,tar=false,dest=(.+)$/.exec(output)?.[1])
        .find(Boolean);
      if (dest) rmSync(path.join(dest, 'index.json'));
      return result;
    });
    await expect(runMain()).rejects.toThrow();
    expect(digest).toMatch(/^sha256:/);
    expect(coreFixture.outputs.get(OutputKey.Digest)).toBe(digest);
    expect(coreFixture.outputs.get(OutputKey.Builder)).toMatch(/^mab-/);
    expect(coreFixture.outputs.get(OutputKey.Platforms)).toBe(native);
    // Nothing was pushed, and no tag moved: neither is said.
    expect(coreFixture.outputs.has(OutputKey.Image)).toBe(false);
    expect(coreFixture.outputs.has(OutputKey.Tags)).toBe(false);
    expect(fake.requests.filter(({ method }) => method === 'PUT')).toStrictEqual([]);
  });

  it('a build that fails after the floating-tag guard still names the tag it left alone', async () => {
    addIndex(fake, 'acme/app', [{ architecture: 'amd64' }], {
      tag: 'latest',
      annotations: { 'org.opencontainers.image.version': '9.9.9' }
    });
    // A release tag: its floating tags (1, 1.0, latest) only move forward.
    const ref = process.env['GITHUB_REF'];
    process.env['GITHUB_REF'] = 'refs/tags/v1.0.0';
    try {
      coreFixture.setInputs({ ...baseInputs(), tags: '', image: repository });
      dockerAnswers(true);
      await rejectionOf(ActionError, runMain());
    } finally {
      if (ref === undefined) delete process.env['GITHUB_REF'];
      else process.env['GITHUB_REF'] = ref;
    }
    expect(coreFixture.outputs.get(OutputKey.HeldBack)).toBe(`${repository}:latest: stays on 9.9.9, a newer release`);
    expect(coreFixture.outputs.has(OutputKey.Digest)).toBe(false);
  });

  it('a failing build is an error with advice, and the builder is already in the saved state', async () => {
    coreFixture.setInputs(baseInputs());
    dockerAnswers(true);
    const error = await rejectionOf(ActionError, runMain());
    expect(error.message).toContain('docker buildx build failed (exit code 1)');
    expect(error.message).toContain('Hint: a binary of the wrong architecture ran');
    expect(coreFixture.state.get(StateKey.Builder)).toMatch(/^mab-/);
  });
});
