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
 * Binaries are cached with @actions/tool-cache (RUNNER_TOOL_CACHE), only after their checksum matched.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import * as semver from 'semver';
import { ActionError, errorMessage } from '../seams/errors.js';
import { run } from '../seams/exec.js';
import { buildxAssetSuffix, buildxNodeArchitectures } from '../planning/platforms.js';

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
  const chosen = options.baseUrl?.trim() || env[BUILDX_URL_ENV]?.trim() || DEFAULT_BUILDX_DOWNLOAD_URL;
  return chosen.replace(/\/+$/, '');
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

async function download(url: string, what: string): Promise<string> {
  try {
    return await tc.downloadTool(url);
  } catch (error) {
    throw new ActionError(`Could not download ${what} from ${url}: ${errorMessage(error)}`);
  }
}

/** Downloads, verifies and caches one version; returns the cached binary's path. */
async function downloadAndCache(baseUrl: string, version: string): Promise<string> {
  const asset = buildxAssetName(version);
  const assetUrl = `${baseUrl}/v${version}/${asset}`;
  const checksumsUrl = `${baseUrl}/v${version}/checksums.txt`;
  const checksumsPath = await download(checksumsUrl, `buildx v${version} checksums`);
  let expected: string | undefined;
  try {
    expected = parseChecksums(await readFile(checksumsPath, 'utf8')).get(asset);
  } finally {
    await rm(checksumsPath, { force: true });
  }
  // An asset the release does not vouch for is never installed.
  if (expected === undefined) throw new ActionError(`buildx v${version}: ${checksumsUrl} has no entry for ${asset}`);
  const binaryPath = await download(assetUrl, `buildx v${version}`);
  try {
    const actual = await sha256File(binaryPath);
    if (actual !== expected) {
      throw new ActionError(
        `buildx v${version} download failed its checksum: expected ${expected}, got ${actual} (${assetUrl})`,
        'the download was corrupted or the mirror serves a different file; it was neither cached nor installed'
      );
    }
    const cacheDir = await tc.cacheFile(binaryPath, TOOL_NAME, TOOL_NAME, version);
    return path.join(cacheDir, TOOL_NAME);
  } finally {
    await rm(binaryPath, { force: true });
  }
}

function cachedBinary(version: string): string | undefined {
  const dir = tc.find(TOOL_NAME, version);
  const binary = dir ? path.join(dir, TOOL_NAME) : '';
  return binary && existsSync(binary) ? binary : undefined;
}

/** Installs the buildx that `spec` names into `<jobDockerConfigDir>/cli-plugins` and checks that docker loads it. */
export async function installBuildx(
  spec: string,
  jobDockerConfigDir: string,
  options: InstallOptions = {}
): Promise<InstallResult> {
  const env = options.env ?? process.env;
  const baseUrl = resolveBaseUrl(options, env);
  const exact = cleanVersion(spec);
  let version = exact ?? '';
  let binary = exact !== null ? cachedBinary(exact) : undefined;
  if (binary === undefined) {
    const releases = await listReleases(listUrlFor(baseUrl), env);
    version = resolveBuildxVersion(
      spec,
      releases.map((release) => release.version)
    );
    binary = cachedBinary(version);
  }
  const fromCache = binary !== undefined;
  if (binary === undefined) {
    core.info(`Downloading buildx v${version} from ${baseUrl}`);
    binary = await downloadAndCache(baseUrl, version);
  } else {
    core.info(`Using buildx v${version} from the tool cache`);
  }

  const pluginDir = path.join(jobDockerConfigDir, 'cli-plugins');
  const pluginPath = path.join(pluginDir, TOOL_NAME);
  await mkdir(pluginDir, { recursive: true, mode: 0o700 });
  // Copy then rename: the job config may hold a symlink to the user's own plugin, and
  // copying onto that path would overwrite the file in ~/.docker through the link.
  const staging = path.join(pluginDir, `.${TOOL_NAME}-${randomUUID()}`);
  try {
    await copyFile(binary, staging);
    await chmod(staging, 0o755);
    await rename(staging, pluginPath);
  } finally {
    await rm(staging, { force: true });
  }

  const result = await run('docker', ['buildx', 'version'], {
    env: { DOCKER_CONFIG: jobDockerConfigDir },
    allowFailure: true
  });
  const reported = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(result.stdout)?.[1];
  if (result.exitCode !== 0 || reported === undefined || cleanVersion(reported) !== version) {
    // A plugin that does not load must not shadow the runner's own buildx for later steps.
    await rm(pluginPath, { force: true });
    const output = (result.stderr || result.stdout).trim();
    throw new ActionError(
      `buildx v${version} was installed at ${pluginPath} but 'docker buildx version' ${result.exitCode !== 0 ? `failed (exit ${result.exitCode})` : `reported '${output}'`}${result.exitCode !== 0 && output ? `: ${output}` : ''}`
    );
  }
  core.info(
    `buildx v${version} (${fromCache ? 'from the tool cache' : 'downloaded'}) installed at ${pluginPath}: ${result.stdout.trim()}`
  );
  return { version, pluginPath, fromCache };
}
