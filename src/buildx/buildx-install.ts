/**
 * Installs a pinned docker buildx into the job's DOCKER_CONFIG/cli-plugins.
 *
 * Where things come from, for a base URL B (input `buildx-download-url`, else the env var
 * MAB_BUILDX_DOWNLOAD_URL, else GitHub's release downloads):
 *   binary     B/v<version>/buildx-v<version>.linux-<arch>
 *   checksums  B/v<version>/checksums.txt   ("<sha256>  *<file>" lines, as buildx publishes)
 *   versions   the GitHub API (https://api.github.com/repos/docker/buildx/releases?per_page=100)
 *              for the default base; B/releases.json for any other base (a mirror or GHES),
 *              in the same shape: a JSON array of objects with `tag_name`.
 * The version list is skipped when an exact version is already in the tool cache.
 * Binaries are cached with @actions/tool-cache (RUNNER_TOOL_CACHE), only after their checksum matched,
 * and only when RUNNER_TOOL_CACHE/docker-buildx is private to this user (never a shared /tmp). A
 * cached binary is hashed again, as copied into the job, before it runs.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '../seams/runner.js';
import * as tc from '@actions/tool-cache';
import * as semver from 'semver';
import { ActionError, errorMessage } from '../model/errors.js';
import { run } from '../seams/exec.js';
import { parseDownloadUrl } from '../model/download-url.js';
import { buildxAssetSuffix, buildxNodeArchitectures } from '../model/platforms.js';

export const DEFAULT_BUILDX_DOWNLOAD_URL = 'https://github.com/docker/buildx/releases/download';
/** Documented override for mirrors / GHES; the `buildx-download-url` input wins over it. */
export const BUILDX_URL_ENV = 'MAB_BUILDX_DOWNLOAD_URL';
export const GITHUB_RELEASES_API_URL = 'https://api.github.com/repos/docker/buildx/releases?per_page=100';

const TOOL_NAME = 'docker-buildx';
const LIST_TIMEOUT_MS = 30_000;
const MAX_LISTED_VERSIONS = 15;

export interface BuildxRelease {
  /** Without the leading v, e.g. '0.19.3'. */
  version: string;
}

export interface InstallResult {
  version: string;
  pluginPath: string;
  fromCache: boolean;
}

export interface InstallOptions {
  /** The `buildx-download-url` input; empty means unset. */
  baseUrl?: string;
  /** Where MAB_BUILDX_DOWNLOAD_URL and GITHUB_TOKEN are read. RUNNER_TOOL_CACHE/RUNNER_TEMP always come from process.env (tool-cache reads them there). */
  env?: NodeJS.ProcessEnv;
}

const semverOptions = { loose: true } as const;

function cleanVersion(text: string): string | null {
  return semver.clean(text.trim(), semverOptions);
}

function newestFirst(versions: readonly string[]): string[] {
  return [...new Set(versions)].sort((a, b) => semver.rcompare(a, b, semverOptions));
}

function describeAvailable(versions: readonly string[]): string {
  if (versions.length === 0) return 'no releases were listed';
  const shown = versions.slice(0, MAX_LISTED_VERSIONS).join(', ');
  const more = versions.length - MAX_LISTED_VERSIONS;
  return `available (newest first): ${shown}${more > 0 ? `, … and ${more} older` : ''}`;
}

/** Picks the release a `buildx-version` spec means. Prereleases only match when named exactly. */
export function resolveBuildxVersion(spec: string, available: string[]): string {
  const versions = newestFirst(available.map(cleanVersion).filter((v): v is string => v !== null));
  const wanted = spec.trim();
  const exact = cleanVersion(wanted);
  let match: string | null;
  if (wanted === '' || wanted === 'latest') match = semver.maxSatisfying(versions, '*', semverOptions);
  else if (exact !== null) match = versions.includes(exact) ? exact : null;
  else if (semver.validRange(wanted, semverOptions) !== null)
    match = semver.maxSatisfying(versions, wanted, semverOptions);
  else
    throw new ActionError(
      `buildx-version '${spec}' is not 'latest', a version or a semver range; ${describeAvailable(versions)}`
    );
  if (match === null)
    throw new ActionError(`No buildx release matches buildx-version '${spec}'; ${describeAvailable(versions)}`);
  return match;
}

export function buildxAssetName(version: string, nodeArch: string = process.arch): string {
  const arch = buildxAssetSuffix(nodeArch);
  if (arch === undefined) {
    throw new ActionError(
      `buildx has no Linux release for this runner's architecture '${nodeArch}'`,
      `supported: ${buildxNodeArchitectures.join(', ')}`
    );
  }
  return `buildx-v${version}.linux-${arch}`;
}

/** Parses sha256sum output: "<sha256>  *<file>" (binary mode) or "<sha256>  <file>". */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S.*?)\s*$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) sums.set(match[2], match[1].toLowerCase());
  }
  return sums;
}

function resolveBaseUrl(options: InstallOptions, env: NodeJS.ProcessEnv): string {
  const input = options.baseUrl?.trim();
  if (input) return parseDownloadUrl('buildx-download-url', input);
  const fromEnv = env[BUILDX_URL_ENV]?.trim();
  // The env var gets the input's rule: plain http only on loopback.
  return fromEnv ? parseDownloadUrl(BUILDX_URL_ENV, fromEnv) : DEFAULT_BUILDX_DOWNLOAD_URL;
}

function listUrlFor(baseUrl: string): string {
  return baseUrl === DEFAULT_BUILDX_DOWNLOAD_URL ? GITHUB_RELEASES_API_URL : `${baseUrl}/releases.json`;
}

async function listReleases(listUrl: string, env: NodeJS.ProcessEnv): Promise<BuildxRelease[]> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'multiarch-build-push' };
  const token = env['GITHUB_TOKEN'];
  // The token only ever goes to GitHub's API, never to a mirror.
  if (token && new URL(listUrl).host === 'api.github.com') headers['authorization'] = `Bearer ${token}`;
  let body: unknown;
  try {
    const response = await fetch(listUrl, { headers, signal: AbortSignal.timeout(LIST_TIMEOUT_MS) });
    if (!response.ok) {
      const hint =
        response.status === 403 || response.status === 429
          ? 'GitHub rate-limits unauthenticated API calls; pin an exact buildx-version that is cached, set GITHUB_TOKEN, or use a mirror'
          : undefined;
      throw new ActionError(`Could not list buildx releases from ${listUrl}: HTTP ${response.status}`, hint);
    }
    body = await response.json();
  } catch (error) {
    if (error instanceof ActionError) throw error;
    throw new ActionError(`Could not list buildx releases from ${listUrl}: ${errorMessage(error)}`);
  }
  if (!Array.isArray(body))
    throw new ActionError(`The buildx release list at ${listUrl} is not a JSON array of {"tag_name": ...} objects`);
  const releases: BuildxRelease[] = [];
  for (const entry of body as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { tag_name: tag, draft } = entry as { tag_name?: unknown; draft?: unknown };
    if (typeof tag !== 'string' || draft === true) continue;
    const version = cleanVersion(tag);
    if (version !== null) releases.push({ version });
  }
  return releases;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function download(url: string, what: string, dest: string): Promise<string> {
  try {
    return await tc.downloadTool(url, dest);
  } catch (error) {
    throw new ActionError(`Could not download ${what} from ${url}: ${errorMessage(error)}`);
  }
}

/**
 * RUNNER_TOOL_CACHE/docker-buildx when only this user can reach into it; undefined (no caching)
 * otherwise. Anything that another user could have written is never run.
 */
export async function privateToolDir(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const root = env['RUNNER_TOOL_CACHE'];
  if (!root) return undefined;
  const dir = path.join(root, TOOL_NAME);
  await mkdir(root, { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch(() => undefined);
  const stats = await lstat(dir);
  const ours = stats.isDirectory() && stats.uid === process.getuid?.();
  if (!ours) {
    core.info(`Not caching buildx: ${dir} is not a directory of this user's`);
    return undefined;
  }
  if ((stats.mode & 0o077) !== 0) {
    // Ours, but others could reach into it (an older layout): start it over, private.
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { mode: 0o700 });
  }
  return dir;
}

const checksumFile = (cacheDir: string): string => path.join(cacheDir, `${TOOL_NAME}.sha256`);

/** Downloads and verifies one version into `workDir`; caches it when a private cache is given. */
async function downloadVerified(baseUrl: string, version: string, workDir: string, cache: boolean): Promise<string> {
  const asset = buildxAssetName(version);
  const assetUrl = `${baseUrl}/v${version}/${asset}`;
  const checksumsUrl = `${baseUrl}/v${version}/checksums.txt`;
  const checksumsPath = path.join(workDir, `.checksums-${randomUUID()}`);
  let expected: string | undefined;
  try {
    await download(checksumsUrl, `buildx v${version} checksums`, checksumsPath);
    expected = parseChecksums(await readFile(checksumsPath, 'utf8')).get(asset);
  } finally {
    await rm(checksumsPath, { force: true });
  }
  // An asset the release does not vouch for is never installed.
  if (expected === undefined) throw new ActionError(`buildx v${version}: ${checksumsUrl} has no entry for ${asset}`);
  const binaryPath = await download(
    assetUrl,
    `buildx v${version}`,
    path.join(workDir, `.${TOOL_NAME}-${randomUUID()}`)
  );
  const actual = await sha256File(binaryPath);
  if (actual !== expected) {
    await rm(binaryPath, { force: true });
    throw new ActionError(
      `buildx v${version} download failed its checksum: expected ${expected}, got ${actual} (${assetUrl})`,
      'the download was corrupted or the mirror serves a different file; it was neither cached nor installed'
    );
  }
  if (cache) {
    const cacheDir = await tc.cacheFile(binaryPath, TOOL_NAME, TOOL_NAME, version);
    await writeFile(checksumFile(cacheDir), `${expected}\n`, { mode: 0o600 });
  }
  return binaryPath;
}

function cachedBinary(version: string, cache: boolean): string | undefined {
  const dir = cache ? tc.find(TOOL_NAME, version) : '';
  const binary = dir ? path.join(dir, TOOL_NAME) : '';
  return binary && existsSync(binary) && existsSync(checksumFile(dir)) ? binary : undefined;
}

/**
 * Copies the cached binary into `workDir` and hashes the copy (what will run) against the checksum
 * recorded when it was verified. A mismatch drops the cache entry: undefined means download again.
 */
async function copyVerifiedFromCache(binary: string, version: string, workDir: string): Promise<string | undefined> {
  const copy = path.join(workDir, `.${TOOL_NAME}-${randomUUID()}`);
  await copyFile(binary, copy);
  const recorded = (await readFile(checksumFile(path.dirname(binary)), 'utf8')).trim();
  if ((await sha256File(copy)) === recorded) return copy;
  await rm(copy, { force: true });
  core.warning(`The cached buildx v${version} no longer matches its checksum: removing it and downloading it again`);
  await rm(path.dirname(binary), { recursive: true, force: true });
  await rm(`${path.dirname(binary)}.complete`, { force: true });
  return undefined;
}

/** The version `spec` means; an exact version already cached needs no release list. */
async function resolveVersion(spec: string, baseUrl: string, env: NodeJS.ProcessEnv, cache: boolean): Promise<string> {
  const exact = cleanVersion(spec);
  if (exact !== null && cachedBinary(exact, cache) !== undefined) return exact;
  const releases = await listReleases(listUrlFor(baseUrl), env);
  return resolveBuildxVersion(
    spec,
    releases.map((release) => release.version)
  );
}

/** A verified binary of `version` inside `workDir`: from the private cache when it still matches, else downloaded. */
async function verifiedBinary(
  baseUrl: string,
  version: string,
  workDir: string,
  cache: boolean
): Promise<{ file: string; fromCache: boolean }> {
  const cached = cachedBinary(version, cache);
  const fromCache = cached === undefined ? undefined : await copyVerifiedFromCache(cached, version, workDir);
  if (fromCache !== undefined) {
    core.info(`Using buildx v${version} from the tool cache (checksum verified)`);
    return { file: fromCache, fromCache: true };
  }
  core.info(`Downloading buildx v${version} from ${baseUrl}`);
  return { file: await downloadVerified(baseUrl, version, workDir, cache), fromCache: false };
}

async function checkPluginLoads(version: string, pluginPath: string, jobDockerConfigDir: string): Promise<string> {
  const result = await run('docker', ['buildx', 'version'], {
    env: { DOCKER_CONFIG: jobDockerConfigDir },
    allowFailure: true
  });
  const reported = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(result.stdout)?.[1];
  if (result.exitCode === 0 && reported !== undefined && cleanVersion(reported) === version)
    return result.stdout.trim();
  // A plugin that does not load must not shadow the runner's own buildx for later steps.
  await rm(pluginPath, { force: true });
  const output = (result.stderr || result.stdout).trim();
  throw new ActionError(
    `buildx v${version} was installed at ${pluginPath} but 'docker buildx version' ${result.exitCode !== 0 ? `failed (exit ${result.exitCode})` : `reported '${output}'`}${result.exitCode !== 0 && output ? `: ${output}` : ''}`
  );
}

/** Installs the buildx that `spec` names into `<jobDockerConfigDir>/cli-plugins` and checks that docker loads it. */
export async function installBuildx(
  spec: string,
  jobDockerConfigDir: string,
  options: InstallOptions = {}
): Promise<InstallResult> {
  const env = options.env ?? process.env;
  const baseUrl = resolveBaseUrl(options, env);
  const cache = (await privateToolDir()) !== undefined;
  const version = await resolveVersion(spec, baseUrl, env, cache);
  const pluginDir = path.join(jobDockerConfigDir, 'cli-plugins');
  const pluginPath = path.join(pluginDir, TOOL_NAME);
  await mkdir(pluginDir, { recursive: true, mode: 0o700 });
  // Downloads and copies land in the job's private directory, then are renamed into place: the job
  // config may hold a symlink to the user's own plugin, and writing onto that path would overwrite
  // the file in ~/.docker through the link.
  const { file, fromCache } = await verifiedBinary(baseUrl, version, pluginDir, cache);
  try {
    await chmod(file, 0o755);
    await rename(file, pluginPath);
  } finally {
    await rm(file, { force: true });
  }
  const reported = await checkPluginLoads(version, pluginPath, jobDockerConfigDir);
  core.info(
    `buildx v${version} (${fromCache ? 'from the tool cache' : 'downloaded'}) installed at ${pluginPath}: ${reported}`
  );
  return { version, pluginPath, fromCache };
}
