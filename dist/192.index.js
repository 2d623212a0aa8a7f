export const id = 192;
export const ids = [192];
export const modules = {

/***/ 9192:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   installBuildx: () => (/* binding */ installBuildx)
/* harmony export */ });
/* unused harmony exports DEFAULT_BUILDX_DOWNLOAD_URL, BUILDX_URL_ENV, GITHUB_RELEASES_API_URL, resolveBuildxVersion, buildxAssetName, parseChecksums, privateToolDir */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _seams_runner_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2305);
/* harmony import */ var _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5991);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7206);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3310);
/* harmony import */ var _model_download_url_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5937);
/* harmony import */ var _model_platforms_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3065);
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











const DEFAULT_BUILDX_DOWNLOAD_URL = 'https://github.com/docker/buildx/releases/download';
/** Documented override for mirrors / GHES; the `buildx-download-url` input wins over it. */
const BUILDX_URL_ENV = 'MAB_BUILDX_DOWNLOAD_URL';
const GITHUB_RELEASES_API_URL = 'https://api.github.com/repos/docker/buildx/releases?per_page=100';
const TOOL_NAME = 'docker-buildx';
const LIST_TIMEOUT_MS = 30_000;
const MAX_LISTED_VERSIONS = 15;
const semverOptions = { loose: true };
function cleanVersion(text) {
    return semver__WEBPACK_IMPORTED_MODULE_6__.clean(text.trim(), semverOptions);
}
function newestFirst(versions) {
    return [...new Set(versions)].sort((a, b) => semver__WEBPACK_IMPORTED_MODULE_6__.rcompare(a, b, semverOptions));
}
function describeAvailable(versions) {
    if (versions.length === 0)
        return 'no releases were listed';
    const shown = versions.slice(0, MAX_LISTED_VERSIONS).join(', ');
    const more = versions.length - MAX_LISTED_VERSIONS;
    return `available (newest first): ${shown}${more > 0 ? `, … and ${more} older` : ''}`;
}
/** Picks the release a `buildx-version` spec means. Prereleases only match when named exactly. */
function resolveBuildxVersion(spec, available) {
    const versions = newestFirst(available.map(cleanVersion).filter((v) => v !== null));
    const wanted = spec.trim();
    const exact = cleanVersion(wanted);
    let match;
    if (wanted === '' || wanted === 'latest')
        match = semver__WEBPACK_IMPORTED_MODULE_6__.maxSatisfying(versions, '*', semverOptions);
    else if (exact !== null)
        match = versions.includes(exact) ? exact : null;
    else if (semver__WEBPACK_IMPORTED_MODULE_6__.validRange(wanted, semverOptions) !== null)
        match = semver__WEBPACK_IMPORTED_MODULE_6__.maxSatisfying(versions, wanted, semverOptions);
    else
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`buildx-version '${spec}' is not 'latest', a version or a semver range; ${describeAvailable(versions)}`);
    if (match === null)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`No buildx release matches buildx-version '${spec}'; ${describeAvailable(versions)}`);
    return match;
}
function buildxAssetName(version, nodeArch = process.arch) {
    const arch = (0,_model_platforms_js__WEBPACK_IMPORTED_MODULE_10__/* .buildxAssetSuffix */ .M8)(nodeArch);
    if (arch === undefined) {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`buildx has no Linux release for this runner's architecture '${nodeArch}'`, `supported: ${_model_platforms_js__WEBPACK_IMPORTED_MODULE_10__/* .buildxNodeArchitectures */ .TK.join(', ')}`);
    }
    return `buildx-v${version}.linux-${arch}`;
}
/** Parses sha256sum output: "<sha256>  *<file>" (binary mode) or "<sha256>  <file>". */
function parseChecksums(text) {
    const sums = new Map();
    for (const line of text.split(/\r?\n/)) {
        const match = /^([0-9a-fA-F]{64})\s+\*?(\S.*?)\s*$/.exec(line.trim());
        if (match?.[1] !== undefined && match[2] !== undefined)
            sums.set(match[2], match[1].toLowerCase());
    }
    return sums;
}
function resolveBaseUrl(options, env) {
    const input = options.baseUrl?.trim();
    if (input)
        return (0,_model_download_url_js__WEBPACK_IMPORTED_MODULE_9__/* .parseDownloadUrl */ .n)('buildx-download-url', input);
    const fromEnv = env[BUILDX_URL_ENV]?.trim();
    // The env var gets the input's rule: plain http only on loopback.
    return fromEnv ? (0,_model_download_url_js__WEBPACK_IMPORTED_MODULE_9__/* .parseDownloadUrl */ .n)(BUILDX_URL_ENV, fromEnv) : DEFAULT_BUILDX_DOWNLOAD_URL;
}
function listUrlFor(baseUrl) {
    return baseUrl === DEFAULT_BUILDX_DOWNLOAD_URL ? GITHUB_RELEASES_API_URL : `${baseUrl}/releases.json`;
}
async function listReleases(listUrl, env) {
    const headers = { accept: 'application/json', 'user-agent': 'multiarch-build-push' };
    const token = env['GITHUB_TOKEN'];
    // The token only ever goes to GitHub's API, never to a mirror.
    if (token && new URL(listUrl).host === 'api.github.com')
        headers['authorization'] = `Bearer ${token}`;
    let body;
    try {
        const response = await fetch(listUrl, { headers, signal: AbortSignal.timeout(LIST_TIMEOUT_MS) });
        if (!response.ok) {
            const hint = response.status === 403 || response.status === 429
                ? 'GitHub rate-limits unauthenticated API calls; pin an exact buildx-version that is cached, set GITHUB_TOKEN, or use a mirror'
                : undefined;
            throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`Could not list buildx releases from ${listUrl}: HTTP ${response.status}`, hint);
        }
        body = await response.json();
    }
    catch (error) {
        if (error instanceof _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ)
            throw error;
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`Could not list buildx releases from ${listUrl}: ${(0,_model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(error)}`);
    }
    if (!Array.isArray(body))
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`The buildx release list at ${listUrl} is not a JSON array of {"tag_name": ...} objects`);
    const releases = [];
    for (const entry of body) {
        if (typeof entry !== 'object' || entry === null)
            continue;
        const { tag_name: tag, draft } = entry;
        if (typeof tag !== 'string' || draft === true)
            continue;
        const version = cleanVersion(tag);
        if (version !== null)
            releases.push({ version });
    }
    return releases;
}
async function sha256File(file) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
async function download(url, what, dest) {
    try {
        return await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__/* .downloadTool */ .bq(url, dest);
    }
    catch (error) {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`Could not download ${what} from ${url}: ${(0,_model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(error)}`);
    }
}
/**
 * RUNNER_TOOL_CACHE/docker-buildx when only this user can reach into it; undefined (no caching)
 * otherwise. Anything that another user could have written is never run.
 */
async function privateToolDir(env = process.env) {
    const root = env['RUNNER_TOOL_CACHE'];
    if (!root)
        return undefined;
    const dir = node_path__WEBPACK_IMPORTED_MODULE_3__.join(root, TOOL_NAME);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(root, { recursive: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir, { mode: 0o700 }).catch(() => undefined);
    const stats = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(dir);
    const ours = stats.isDirectory() && stats.uid === process.getuid?.();
    if (!ours) {
        _seams_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq(`Not caching buildx: ${dir} is not a directory of this user's`);
        return undefined;
    }
    if ((stats.mode & 0o077) !== 0) {
        // Ours, but others could reach into it (an older layout): start it over, private.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(dir, { recursive: true, force: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir, { mode: 0o700 });
    }
    return dir;
}
const checksumFile = (cacheDir) => node_path__WEBPACK_IMPORTED_MODULE_3__.join(cacheDir, `${TOOL_NAME}.sha256`);
/** Downloads and verifies one version into `workDir`; caches it when a private cache is given. */
async function downloadVerified(baseUrl, version, workDir, cache) {
    const asset = buildxAssetName(version);
    const assetUrl = `${baseUrl}/v${version}/${asset}`;
    const checksumsUrl = `${baseUrl}/v${version}/checksums.txt`;
    const checksumsPath = node_path__WEBPACK_IMPORTED_MODULE_3__.join(workDir, `.checksums-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`);
    let expected;
    try {
        await download(checksumsUrl, `buildx v${version} checksums`, checksumsPath);
        expected = parseChecksums(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(checksumsPath, 'utf8')).get(asset);
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(checksumsPath, { force: true });
    }
    // An asset the release does not vouch for is never installed.
    if (expected === undefined)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`buildx v${version}: ${checksumsUrl} has no entry for ${asset}`);
    const binaryPath = await download(assetUrl, `buildx v${version}`, node_path__WEBPACK_IMPORTED_MODULE_3__.join(workDir, `.${TOOL_NAME}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`));
    const actual = await sha256File(binaryPath);
    if (actual !== expected) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(binaryPath, { force: true });
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`buildx v${version} download failed its checksum: expected ${expected}, got ${actual} (${assetUrl})`, 'the download was corrupted or the mirror serves a different file; it was neither cached nor installed');
    }
    if (cache) {
        const cacheDir = await _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__/* .cacheFile */ .NJ(binaryPath, TOOL_NAME, TOOL_NAME, version);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(checksumFile(cacheDir), `${expected}\n`, { mode: 0o600 });
    }
    return binaryPath;
}
function cachedBinary(version, cache) {
    const dir = cache ? _actions_tool_cache__WEBPACK_IMPORTED_MODULE_5__/* .find */ .I6(TOOL_NAME, version) : '';
    const binary = dir ? node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, TOOL_NAME) : '';
    return binary && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(binary) && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(checksumFile(dir)) ? binary : undefined;
}
/**
 * Copies the cached binary into `workDir` and hashes the copy (what will run) against the checksum
 * recorded when it was verified. A mismatch drops the cache entry: undefined means download again.
 */
async function copyVerifiedFromCache(binary, version, workDir) {
    const copy = node_path__WEBPACK_IMPORTED_MODULE_3__.join(workDir, `.${TOOL_NAME}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.copyFile)(binary, copy);
    const recorded = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(checksumFile(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(binary)), 'utf8')).trim();
    if ((await sha256File(copy)) === recorded)
        return copy;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(copy, { force: true });
    _seams_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .warning */ .$e(`The cached buildx v${version} no longer matches its checksum: removing it and downloading it again`);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(binary), { recursive: true, force: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(`${node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(binary)}.complete`, { force: true });
    return undefined;
}
/** The version `spec` means; an exact version already cached needs no release list. */
async function resolveVersion(spec, baseUrl, env, cache) {
    const exact = cleanVersion(spec);
    if (exact !== null && cachedBinary(exact, cache) !== undefined)
        return exact;
    const releases = await listReleases(listUrlFor(baseUrl), env);
    return resolveBuildxVersion(spec, releases.map((release) => release.version));
}
/** A verified binary of `version` inside `workDir`: from the private cache when it still matches, else downloaded. */
async function verifiedBinary(baseUrl, version, workDir, cache) {
    const cached = cachedBinary(version, cache);
    const fromCache = cached === undefined ? undefined : await copyVerifiedFromCache(cached, version, workDir);
    if (fromCache !== undefined) {
        _seams_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq(`Using buildx v${version} from the tool cache (checksum verified)`);
        return { file: fromCache, fromCache: true };
    }
    _seams_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq(`Downloading buildx v${version} from ${baseUrl}`);
    return { file: await downloadVerified(baseUrl, version, workDir, cache), fromCache: false };
}
async function checkPluginLoads(version, pluginPath, jobDockerConfigDir) {
    const result = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_8__/* .run */ .eF)('docker', ['buildx', 'version'], {
        env: { DOCKER_CONFIG: jobDockerConfigDir },
        allowFailure: true
    });
    const reported = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(result.stdout)?.[1];
    if (result.exitCode === 0 && reported !== undefined && cleanVersion(reported) === version)
        return result.stdout.trim();
    // A plugin that does not load must not shadow the runner's own buildx for later steps.
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(pluginPath, { force: true });
    const output = (result.stderr || result.stdout).trim();
    throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ(`buildx v${version} was installed at ${pluginPath} but 'docker buildx version' ${result.exitCode !== 0 ? `failed (exit ${result.exitCode})` : `reported '${output}'`}${result.exitCode !== 0 && output ? `: ${output}` : ''}`);
}
/** Installs the buildx that `spec` names into `<jobDockerConfigDir>/cli-plugins` and checks that docker loads it. */
async function installBuildx(spec, jobDockerConfigDir, options = {}) {
    const env = options.env ?? process.env;
    const baseUrl = resolveBaseUrl(options, env);
    const cache = (await privateToolDir()) !== undefined;
    const version = await resolveVersion(spec, baseUrl, env, cache);
    const pluginDir = node_path__WEBPACK_IMPORTED_MODULE_3__.join(jobDockerConfigDir, 'cli-plugins');
    const pluginPath = node_path__WEBPACK_IMPORTED_MODULE_3__.join(pluginDir, TOOL_NAME);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(pluginDir, { recursive: true, mode: 0o700 });
    // Downloads and copies land in the job's private directory, then are renamed into place: the job
    // config may hold a symlink to the user's own plugin, and writing onto that path would overwrite
    // the file in ~/.docker through the link.
    const { file, fromCache } = await verifiedBinary(baseUrl, version, pluginDir, cache);
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(file, 0o755);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(file, pluginPath);
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(file, { force: true });
    }
    const reported = await checkPluginLoads(version, pluginPath, jobDockerConfigDir);
    _seams_runner_js__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq(`buildx v${version} (${fromCache ? 'from the tool cache' : 'downloaded'}) installed at ${pluginPath}: ${reported}`);
    return { version, pluginPath, fromCache };
}


/***/ })

};
