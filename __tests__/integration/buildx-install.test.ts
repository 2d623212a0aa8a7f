import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { rejectionOf } from '../helpers/errors.js';
import { startReleaseServer, type ReleaseServer } from '../helpers/release-server.js';

const SYSTEM_BUILDX = '/usr/libexec/docker/cli-plugins/docker-buildx';
const GOOD = '0.13.1';
const BAD = '0.13.0';
const execFileAsync = promisify(execFile);
// jest.config's per-project testTimeout never reaches jest-circus (it reads only the global one), so set it here.
jest.setTimeout(120_000);

type Module = typeof import('../../src/buildx/buildx-install.js');
type ToolCache = typeof import('@actions/tool-cache');

let mod: Module;
let tc: ToolCache;
let server: ReleaseServer;
let root: string;
let toolCache: string;
let runnerTemp: string;
let systemSha: string;
let wrongSha: string;
const savedEnv = { RUNNER_TOOL_CACHE: process.env['RUNNER_TOOL_CACHE'], RUNNER_TEMP: process.env['RUNNER_TEMP'] };

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const asset = (version: string): string => mod.buildxAssetName(version);
const binaryPath = (version: string): string => `/v${version}/${asset(version)}`;
let configCount = 0;
const newConfigDir = (): string => {
  const dir = path.join(root, `job-docker-config-${++configCount}`);
  mkdirSync(path.join(dir, 'cli-plugins'), { recursive: true });
  return dir;
};

async function dockerWith(configDir: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('docker', args, { env: { ...process.env, DOCKER_CONFIG: configDir } });
  return stdout;
}

beforeAll(async () => {
  // A missing binary is a broken test environment, not a reason to skip.
  if (!existsSync(SYSTEM_BUILDX)) {
    throw new Error(
      `${SYSTEM_BUILDX} is missing: run scripts/setup-test-env.sh (it installs docker-buildx) before the integration tests`
    );
  }
  root = mkdtempSync(path.join(os.tmpdir(), 'mab-buildx-install-'));
  toolCache = path.join(root, 'tool-cache');
  runnerTemp = path.join(root, 'runner-temp');
  mkdirSync(toolCache);
  mkdirSync(runnerTemp);
  // Set before importing: some tool-cache versions read these at load time (v4 reads them per call).
  process.env['RUNNER_TOOL_CACHE'] = toolCache;
  process.env['RUNNER_TEMP'] = runnerTemp;
  mod = await import('../../src/buildx/buildx-install.js');
  tc = await import('@actions/tool-cache');

  systemSha = sha256(SYSTEM_BUILDX);
  wrongSha = createHash('sha256').update('not the buildx binary').digest('hex');
  const checksums = (version: string, hash: string): string =>
    `${'1'.repeat(64)} *buildx-v${version}.darwin-arm64\n${hash} *${asset(version)}\n${'2'.repeat(64)} *buildx-v${version}.linux-s390x\n`;
  server = await startReleaseServer({
    '/releases.json': {
      body: JSON.stringify([
        { tag_name: `v${GOOD}` },
        { tag_name: `v${BAD}` },
        { tag_name: 'v0.14.0-rc1', draft: true }
      ])
    },
    [binaryPath(GOOD)]: { file: SYSTEM_BUILDX },
    [`/v${GOOD}/checksums.txt`]: { body: checksums(GOOD, systemSha) },
    [binaryPath(BAD)]: { file: SYSTEM_BUILDX },
    [`/v${BAD}/checksums.txt`]: { body: checksums(BAD, wrongSha) }
  });
});

afterAll(async () => {
  await server?.close();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('installBuildx against a local release server', () => {
  it('downloads and verifies once, then installs from the tool cache; docker loads the job plugin', async () => {
    const first = newConfigDir();
    const installed = await mod.installBuildx(GOOD, first, { baseUrl: server.url, env: {} });
    expect(installed).toEqual({
      version: GOOD,
      pluginPath: path.join(first, 'cli-plugins', 'docker-buildx'),
      fromCache: false
    });
    expect(server.hits(binaryPath(GOOD))).toBe(1);
    expect(server.hits('/releases.json')).toBe(1);
    expect(sha256(installed.pluginPath)).toBe(systemSha);
    expect(statSync(installed.pluginPath).mode & 0o777).toBe(0o755);
    // Cached under RUNNER_TOOL_CACHE; the temp download and checksums file are gone.
    expect(tc.find('docker-buildx', GOOD)).toBe(path.join(toolCache, 'docker-buildx', GOOD, os.arch()));
    expect(readdirSync(runnerTemp)).toEqual([]);
    // Only this user can reach into the cache.
    expect(statSync(path.join(toolCache, 'docker-buildx')).mode & 0o777).toBe(0o700);

    const second = newConfigDir();
    const again = await mod.installBuildx(`v${GOOD}`, second, { baseUrl: server.url, env: {} });
    expect(again).toEqual({
      version: GOOD,
      pluginPath: path.join(second, 'cli-plugins', 'docker-buildx'),
      fromCache: true
    });
    expect(server.hits(binaryPath(GOOD))).toBe(1);
    // An exact version already cached needs no release list either.
    expect(server.hits('/releases.json')).toBe(1);

    expect(await dockerWith(second, ['buildx', 'version'])).toContain(`github.com/docker/buildx ${GOOD}`);
    // The runner's own buildx is also 0.13.1, so prove it is the job's copy docker picked.
    const plugins = JSON.parse(await dockerWith(second, ['info', '--format', '{{json .ClientInfo.Plugins}}'])) as {
      Name: string;
      Path: string;
    }[];
    expect(plugins.find((plugin) => plugin.Name === 'buildx')?.Path).toBe(again.pluginPath);
  });

  it('resolves a range and latest from the list, taking the mirror from the env var unless the input is set', async () => {
    const viaEnv = newConfigDir();
    const listBefore = server.hits('/releases.json');
    const ranged = await mod.installBuildx('^0.13', viaEnv, { env: { MAB_BUILDX_DOWNLOAD_URL: server.url } });
    expect(ranged).toMatchObject({ version: GOOD });
    expect(server.hits('/releases.json')).toBe(listBefore + 1);

    // The input wins: the env var points at a closed port and is never asked.
    const viaInput = newConfigDir();
    const latest = await mod.installBuildx('latest', viaInput, {
      baseUrl: `${server.url}/`,
      env: { MAB_BUILDX_DOWNLOAD_URL: 'http://127.0.0.1:9/nowhere' }
    });
    expect(latest).toMatchObject({ version: GOOD });
    expect(server.hits('/releases.json')).toBe(listBefore + 2);
    expect(sha256(latest.pluginPath)).toBe(systemSha);
  });

  it('refuses a download whose checksum does not match: nothing installed, nothing cached', async () => {
    const configDir = newConfigDir();
    const error = await rejectionOf(Error, mod.installBuildx(BAD, configDir, { baseUrl: server.url, env: {} }));
    expect(error.name).toBe('ActionError');
    expect(error.message.split('\n')[0]).toBe(
      `buildx v${BAD} download failed its checksum: expected ${wrongSha}, got ${systemSha} (${server.url}${binaryPath(BAD)})`
    );
    expect(server.hits(binaryPath(BAD))).toBe(1);
    expect(readdirSync(path.join(configDir, 'cli-plugins'))).toEqual([]);
    expect(tc.find('docker-buildx', BAD)).toBe('');
    expect(existsSync(path.join(toolCache, 'docker-buildx', BAD))).toBe(false);
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it.each(['0.99.0', '^0.50'])('refuses %s, which no release matches, listing the releases', async (spec) => {
    const configDir = newConfigDir();
    const error = await rejectionOf(Error, mod.installBuildx(spec, configDir, { baseUrl: server.url, env: {} }));
    expect(error.name).toBe('ActionError');
    expect(error.message).toBe(
      `No buildx release matches buildx-version '${spec}'; available (newest first): ${GOOD}, ${BAD}`
    );
    expect(server.hits('/v0.99.0/checksums.txt')).toBe(0);
    expect(readdirSync(path.join(configDir, 'cli-plugins'))).toEqual([]);
  });

  it("replaces a symlink to the user's plugin without writing through it", async () => {
    // createJobDockerConfig links the user's ~/.docker plugin into the job config; that file must survive.
    const userPlugin = path.join(root, 'fake-home', '.docker', 'cli-plugins', 'docker-buildx');
    mkdirSync(path.dirname(userPlugin), { recursive: true });
    writeFileSync(userPlugin, '#!/bin/sh\necho user plugin\n', { mode: 0o755 });
    const configDir = newConfigDir();
    const jobPlugin = path.join(configDir, 'cli-plugins', 'docker-buildx');
    symlinkSync(userPlugin, jobPlugin);

    const installed = await mod.installBuildx(GOOD, configDir, { baseUrl: server.url, env: {} });
    expect(installed.pluginPath).toBe(jobPlugin);
    expect(lstatSync(jobPlugin).isSymbolicLink()).toBe(false);
    expect(sha256(jobPlugin)).toBe(systemSha);
    expect(readFileSync(userPlugin, 'utf8')).toBe('#!/bin/sh\necho user plugin\n');
    expect(readdirSync(path.join(configDir, 'cli-plugins'))).toEqual(['docker-buildx']);
  });
});

describe('a buildx cache that cannot be planted', () => {
  const savedCache = process.env['RUNNER_TOOL_CACHE'];
  afterAll(() => {
    process.env['RUNNER_TOOL_CACHE'] = savedCache;
  });

  /** A stand-in for buildx that leaves a mark if it ever runs. */
  function impostor(): { file: string; ran: string } {
    const dir = mkdtempSync(path.join(root, 'impostor-'));
    const ran = path.join(dir, 'impostor-ran');
    const file = path.join(dir, 'impostor');
    writeFileSync(file, `#!/bin/sh\ntouch ${ran}\necho "github.com/docker/buildx v${GOOD} planted"\n`, { mode: 0o755 });
    return { file, ran };
  }

  /** Puts `binary` where tool-cache looks for buildx GOOD, with a checksum record that matches it. */
  function plant(cacheRoot: string, binary: string): string {
    const dir = path.join(cacheRoot, 'docker-buildx', GOOD, os.arch());
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'docker-buildx'), readFileSync(binary), { mode: 0o755 });
    writeFileSync(path.join(dir, 'docker-buildx.sha256'), `${sha256(binary)}\n`);
    writeFileSync(`${dir}.complete`, '');
    return dir;
  }

  it('re-checks a cached buildx before it runs: one swapped after caching is dropped and downloaded again', async () => {
    process.env['RUNNER_TOOL_CACHE'] = mkdtempSync(path.join(root, 'cache-swapped-'));
    await mod.installBuildx(GOOD, newConfigDir(), { baseUrl: server.url, env: {} });
    const cachedDir = tc.find('docker-buildx', GOOD);
    const { file, ran } = impostor();
    writeFileSync(path.join(cachedDir, 'docker-buildx'), readFileSync(file));
    const downloads = server.hits(binaryPath(GOOD));

    const installed = await mod.installBuildx(GOOD, newConfigDir(), { baseUrl: server.url, env: {} });
    expect(installed.fromCache).toBe(false);
    expect(server.hits(binaryPath(GOOD))).toBe(downloads + 1);
    expect(sha256(installed.pluginPath)).toBe(systemSha);
    expect(existsSync(ran)).toBe(false);
    // The cache holds the verified binary again.
    expect(sha256(path.join(tc.find('docker-buildx', GOOD), 'docker-buildx'))).toBe(systemSha);
  });

  it('never runs a buildx from a cache directory another user owns, and writes nothing there', async () => {
    const cacheRoot = mkdtempSync(path.join(root, 'cache-foreign-'));
    process.env['RUNNER_TOOL_CACHE'] = cacheRoot;
    const { file, ran } = impostor();
    const planted = plant(cacheRoot, file);
    chownSync(path.join(cacheRoot, 'docker-buildx'), 65534, 65534);
    const downloads = server.hits(binaryPath(GOOD));

    const installed = await mod.installBuildx(GOOD, newConfigDir(), { baseUrl: server.url, env: {} });
    expect(installed.fromCache).toBe(false);
    expect(server.hits(binaryPath(GOOD))).toBe(downloads + 1);
    expect(sha256(installed.pluginPath)).toBe(systemSha);
    expect(existsSync(ran)).toBe(false);
    expect(sha256(path.join(planted, 'docker-buildx'))).toBe(sha256(file));
  });

  it('starts over a cache directory of ours that others could write to', async () => {
    const cacheRoot = mkdtempSync(path.join(root, 'cache-open-'));
    process.env['RUNNER_TOOL_CACHE'] = cacheRoot;
    const { file, ran } = impostor();
    plant(cacheRoot, file);
    chmodSync(path.join(cacheRoot, 'docker-buildx'), 0o777);

    const installed = await mod.installBuildx(GOOD, newConfigDir(), { baseUrl: server.url, env: {} });
    expect(installed.fromCache).toBe(false);
    expect(existsSync(ran)).toBe(false);
    expect(statSync(path.join(cacheRoot, 'docker-buildx')).mode & 0o777).toBe(0o700);
    expect(sha256(path.join(tc.find('docker-buildx', GOOD), 'docker-buildx'))).toBe(systemSha);
  });

  it('with no RUNNER_TOOL_CACHE, installs without caching anywhere', async () => {
    delete process.env['RUNNER_TOOL_CACHE'];
    const downloads = server.hits(binaryPath(GOOD));
    const first = await mod.installBuildx(GOOD, newConfigDir(), { baseUrl: server.url, env: {} });
    const second = await mod.installBuildx(GOOD, newConfigDir(), { baseUrl: server.url, env: {} });
    expect([first.fromCache, second.fromCache]).toEqual([false, false]);
    expect(server.hits(binaryPath(GOOD))).toBe(downloads + 2);
  });

  it('refuses a mirror over plain http to another host, from the env var too', async () => {
    const error = await rejectionOf(
      Error,
      mod.installBuildx(GOOD, newConfigDir(), { env: { MAB_BUILDX_DOWNLOAD_URL: 'http://mirror.example.com/buildx' } })
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toContain("Input 'MAB_BUILDX_DOWNLOAD_URL'");
  });
});
