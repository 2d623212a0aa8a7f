export const id = 347;
export const ids = [347];
export const modules = {

/***/ 5347:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  installBuildx: () => (/* binding */ installBuildx)
});

// UNUSED EXPORTS: BUILDX_URL_ENV, DEFAULT_BUILDX_DOWNLOAD_URL, GITHUB_RELEASES_API_URL, buildxAssetName, parseChecksums, privateToolDir, resolveBuildxVersion

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/seams/runner.ts
var runner = __webpack_require__(2305);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(3838);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var lib_io = __webpack_require__(8701);
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __webpack_require__(6982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __webpack_require__(9896);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var node_modules_semver = __webpack_require__(2088);
// EXTERNAL MODULE: external "os"
var external_os_ = __webpack_require__(857);
// EXTERNAL MODULE: external "child_process"
var external_child_process_ = __webpack_require__(5317);
;// CONCATENATED MODULE: ./node_modules/@actions/tool-cache/lib/manifest.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





// Internal object for testability (allows mocking in ESM)
const _internal = {
    readLinuxVersionFile() {
        const lsbReleaseFile = '/etc/lsb-release';
        const osReleaseFile = '/etc/os-release';
        let contents = '';
        if (external_fs_.existsSync(lsbReleaseFile)) {
            contents = external_fs_.readFileSync(lsbReleaseFile).toString();
        }
        else if (external_fs_.existsSync(osReleaseFile)) {
            contents = external_fs_.readFileSync(osReleaseFile).toString();
        }
        return contents;
    }
};
function _findMatch(versionSpec, stable, candidates, archFilter) {
    return __awaiter(this, void 0, void 0, function* () {
        const platFilter = os.platform();
        let result;
        let match;
        let file;
        for (const candidate of candidates) {
            const version = candidate.version;
            debug(`check ${version} satisfies ${versionSpec}`);
            if (semver.satisfies(version, versionSpec) &&
                (!stable || candidate.stable === stable)) {
                file = candidate.files.find(item => {
                    debug(`${item.arch}===${archFilter} && ${item.platform}===${platFilter}`);
                    let chk = item.arch === archFilter && item.platform === platFilter;
                    if (chk && item.platform_version) {
                        const osVersion = _getOsVersion();
                        if (osVersion === item.platform_version) {
                            chk = true;
                        }
                        else {
                            chk = semver.satisfies(osVersion, item.platform_version);
                        }
                    }
                    return chk;
                });
                if (file) {
                    debug(`matched ${candidate.version}`);
                    match = candidate;
                    break;
                }
            }
        }
        if (match && file) {
            // clone since we're mutating the file list to be only the file that matches
            result = Object.assign({}, match);
            result.files = [file];
        }
        return result;
    });
}
function _getOsVersion() {
    // TODO: add windows and other linux, arm variants
    // right now filtering on version is only an ubuntu and macos scenario for tools we build for hosted (python)
    const plat = os.platform();
    let version = '';
    if (plat === 'darwin') {
        version = cp.execSync('sw_vers -productVersion').toString();
    }
    else if (plat === 'linux') {
        // lsb_release process not in some containers, readfile
        // Run cat /etc/lsb-release
        // DISTRIB_ID=Ubuntu
        // DISTRIB_RELEASE=18.04
        // DISTRIB_CODENAME=bionic
        // DISTRIB_DESCRIPTION="Ubuntu 18.04.4 LTS"
        const lsbContents = _internal.readLinuxVersionFile();
        if (lsbContents) {
            const lines = lsbContents.split('\n');
            for (const line of lines) {
                const parts = line.split('=');
                if (parts.length === 2 &&
                    (parts[0].trim() === 'VERSION_ID' ||
                        parts[0].trim() === 'DISTRIB_RELEASE')) {
                    version = parts[1].trim().replace(/^"/, '').replace(/"$/, '');
                    break;
                }
            }
        }
    }
    return version;
}
// Alias for backwards compatibility
function _readLinuxVersionFile() {
    return _internal.readLinuxVersionFile();
}
//# sourceMappingURL=manifest.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __webpack_require__(6928);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: external "stream"
var external_stream_ = __webpack_require__(2203);
// EXTERNAL MODULE: external "util"
var external_util_ = __webpack_require__(9023);
// EXTERNAL MODULE: external "assert"
var external_assert_ = __webpack_require__(2613);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 1 modules
var lib_exec = __webpack_require__(1955);
;// CONCATENATED MODULE: ./node_modules/@actions/tool-cache/lib/retry-helper.js
var retry_helper_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};

/**
 * Internal class for retries
 */
class RetryHelper {
    constructor(maxAttempts, minSeconds, maxSeconds) {
        if (maxAttempts < 1) {
            throw new Error('max attempts should be greater than or equal to 1');
        }
        this.maxAttempts = maxAttempts;
        this.minSeconds = Math.floor(minSeconds);
        this.maxSeconds = Math.floor(maxSeconds);
        if (this.minSeconds > this.maxSeconds) {
            throw new Error('min seconds should be less than or equal to max seconds');
        }
    }
    execute(action, isRetryable) {
        return retry_helper_awaiter(this, void 0, void 0, function* () {
            let attempt = 1;
            while (attempt < this.maxAttempts) {
                // Try
                try {
                    return yield action();
                }
                catch (err) {
                    if (isRetryable && !isRetryable(err)) {
                        throw err;
                    }
                    lib_core/* info */.pq(err.message);
                }
                // Sleep
                const seconds = this.getSleepAmount();
                lib_core/* info */.pq(`Waiting ${seconds} seconds before trying again`);
                yield this.sleep(seconds);
                attempt++;
            }
            // Last attempt
            return yield action();
        });
    }
    getSleepAmount() {
        return (Math.floor(Math.random() * (this.maxSeconds - this.minSeconds + 1)) +
            this.minSeconds);
    }
    sleep(seconds) {
        return retry_helper_awaiter(this, void 0, void 0, function* () {
            return new Promise(resolve => setTimeout(resolve, seconds * 1000));
        });
    }
}
//# sourceMappingURL=retry-helper.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js
var tool_cache_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};














class HTTPError extends Error {
    constructor(httpStatusCode) {
        super(`Unexpected HTTP response: ${httpStatusCode}`);
        this.httpStatusCode = httpStatusCode;
        Object.setPrototypeOf(this, new.target.prototype);
    }
}
const IS_WINDOWS = process.platform === 'win32';
const IS_MAC = process.platform === 'darwin';
const userAgent = 'actions/tool-cache';
/**
 * Download a tool from an url and stream it into a file
 *
 * @param url       url of tool to download
 * @param dest      path to download tool
 * @param auth      authorization header
 * @param headers   other headers
 * @returns         path to downloaded tool
 */
function downloadTool(url, dest, auth, headers) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        dest = dest || external_path_.join(_getTempDirectory(), external_crypto_.randomUUID());
        yield lib_io/* mkdirP */.U$(external_path_.dirname(dest));
        lib_core/* debug */.Yz(`Downloading ${url}`);
        lib_core/* debug */.Yz(`Destination ${dest}`);
        const maxAttempts = 3;
        const minSeconds = _getGlobal('TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS', 10);
        const maxSeconds = _getGlobal('TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS', 20);
        const retryHelper = new RetryHelper(maxAttempts, minSeconds, maxSeconds);
        return yield retryHelper.execute(() => tool_cache_awaiter(this, void 0, void 0, function* () {
            return yield downloadToolAttempt(url, dest || '', auth, headers);
        }), (err) => {
            if (err instanceof HTTPError && err.httpStatusCode) {
                // Don't retry anything less than 500, except 408 Request Timeout and 429 Too Many Requests
                if (err.httpStatusCode < 500 &&
                    err.httpStatusCode !== 408 &&
                    err.httpStatusCode !== 429) {
                    return false;
                }
            }
            // Otherwise retry
            return true;
        });
    });
}
function downloadToolAttempt(url, dest, auth, headers) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        if (external_fs_.existsSync(dest)) {
            throw new Error(`Destination file path ${dest} already exists`);
        }
        // Get the response headers
        const http = new lib/* HttpClient */.Qq(userAgent, [], {
            allowRetries: false
        });
        if (auth) {
            lib_core/* debug */.Yz('set auth');
            if (headers === undefined) {
                headers = {};
            }
            headers.authorization = auth;
        }
        const response = yield http.get(url, headers);
        if (response.message.statusCode !== 200) {
            const err = new HTTPError(response.message.statusCode);
            lib_core/* debug */.Yz(`Failed to download from "${url}". Code(${response.message.statusCode}) Message(${response.message.statusMessage})`);
            throw err;
        }
        // Download the response body
        const pipeline = external_util_.promisify(external_stream_.pipeline);
        const responseMessageFactory = _getGlobal('TEST_DOWNLOAD_TOOL_RESPONSE_MESSAGE_FACTORY', () => response.message);
        const readStream = responseMessageFactory();
        let succeeded = false;
        try {
            yield pipeline(readStream, external_fs_.createWriteStream(dest));
            lib_core/* debug */.Yz('download complete');
            succeeded = true;
            return dest;
        }
        finally {
            // Error, delete dest before retry
            if (!succeeded) {
                lib_core/* debug */.Yz('download failed');
                try {
                    yield lib_io/* rmRF */.Yz(dest);
                }
                catch (err) {
                    lib_core/* debug */.Yz(`Failed to delete '${dest}'. ${err.message}`);
                }
            }
        }
    });
}
/**
 * Extract a .7z file
 *
 * @param file     path to the .7z file
 * @param dest     destination directory. Optional.
 * @param _7zPath  path to 7zr.exe. Optional, for long path support. Most .7z archives do not have this
 * problem. If your .7z archive contains very long paths, you can pass the path to 7zr.exe which will
 * gracefully handle long paths. By default 7zdec.exe is used because it is a very small program and is
 * bundled with the tool lib. However it does not support long paths. 7zr.exe is the reduced command line
 * interface, it is smaller than the full command line interface, and it does support long paths. At the
 * time of this writing, it is freely available from the LZMA SDK that is available on the 7zip website.
 * Be sure to check the current license agreement. If 7zr.exe is bundled with your action, then the path
 * to 7zr.exe can be pass to this function.
 * @returns        path to the destination directory
 */
function extract7z(file, dest, _7zPath) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        ok(IS_WINDOWS, 'extract7z() not supported on current OS');
        ok(file, 'parameter "file" is required');
        dest = yield _createExtractFolder(dest);
        const originalCwd = process.cwd();
        process.chdir(dest);
        if (_7zPath) {
            try {
                const logLevel = core.isDebug() ? '-bb1' : '-bb0';
                const args = [
                    'x', // eXtract files with full paths
                    logLevel, // -bb[0-3] : set output log level
                    '-bd', // disable progress indicator
                    '-sccUTF-8', // set charset for for console input/output
                    file
                ];
                const options = {
                    silent: true
                };
                yield exec(`"${_7zPath}"`, args, options);
            }
            finally {
                process.chdir(originalCwd);
            }
        }
        else {
            const escapedScript = path
                .join(__dirname, '..', 'scripts', 'Invoke-7zdec.ps1')
                .replace(/'/g, "''")
                .replace(/"|\n|\r/g, ''); // double-up single quotes, remove double quotes and newlines
            const escapedFile = file.replace(/'/g, "''").replace(/"|\n|\r/g, '');
            const escapedTarget = dest.replace(/'/g, "''").replace(/"|\n|\r/g, '');
            const command = `& '${escapedScript}' -Source '${escapedFile}' -Target '${escapedTarget}'`;
            const args = [
                '-NoLogo',
                '-Sta',
                '-NoProfile',
                '-NonInteractive',
                '-ExecutionPolicy',
                'Unrestricted',
                '-Command',
                command
            ];
            const options = {
                silent: true
            };
            try {
                const powershellPath = yield io.which('powershell', true);
                yield exec(`"${powershellPath}"`, args, options);
            }
            finally {
                process.chdir(originalCwd);
            }
        }
        return dest;
    });
}
/**
 * Extract a compressed tar archive
 *
 * @param file     path to the tar
 * @param dest     destination directory. Optional.
 * @param flags    flags for the tar command to use for extraction. Defaults to 'xz' (extracting gzipped tars). Optional.
 * @returns        path to the destination directory
 */
function extractTar(file_1, dest_1) {
    return tool_cache_awaiter(this, arguments, void 0, function* (file, dest, flags = 'xz') {
        if (!file) {
            throw new Error("parameter 'file' is required");
        }
        // Create dest
        dest = yield _createExtractFolder(dest);
        // Determine whether GNU tar
        core.debug('Checking tar --version');
        let versionOutput = '';
        yield exec('tar --version', [], {
            ignoreReturnCode: true,
            silent: true,
            listeners: {
                stdout: (data) => (versionOutput += data.toString()),
                stderr: (data) => (versionOutput += data.toString())
            }
        });
        core.debug(versionOutput.trim());
        const isGnuTar = versionOutput.toUpperCase().includes('GNU TAR');
        // Initialize args
        let args;
        if (flags instanceof Array) {
            args = flags;
        }
        else {
            args = [flags];
        }
        if (core.isDebug() && !flags.includes('v')) {
            args.push('-v');
        }
        let destArg = dest;
        let fileArg = file;
        if (IS_WINDOWS && isGnuTar) {
            args.push('--force-local');
            destArg = dest.replace(/\\/g, '/');
            // Technically only the dest needs to have `/` but for aesthetic consistency
            // convert slashes in the file arg too.
            fileArg = file.replace(/\\/g, '/');
        }
        if (isGnuTar) {
            // Suppress warnings when using GNU tar to extract archives created by BSD tar
            args.push('--warning=no-unknown-keyword');
            args.push('--overwrite');
        }
        args.push('-C', destArg, '-f', fileArg);
        yield exec(`tar`, args);
        return dest;
    });
}
/**
 * Extract a xar compatible archive
 *
 * @param file     path to the archive
 * @param dest     destination directory. Optional.
 * @param flags    flags for the xar. Optional.
 * @returns        path to the destination directory
 */
function extractXar(file_1, dest_1) {
    return tool_cache_awaiter(this, arguments, void 0, function* (file, dest, flags = []) {
        ok(IS_MAC, 'extractXar() not supported on current OS');
        ok(file, 'parameter "file" is required');
        dest = yield _createExtractFolder(dest);
        let args;
        if (flags instanceof Array) {
            args = flags;
        }
        else {
            args = [flags];
        }
        args.push('-x', '-C', dest, '-f', file);
        if (core.isDebug()) {
            args.push('-v');
        }
        const xarPath = yield io.which('xar', true);
        yield exec(`"${xarPath}"`, _unique(args));
        return dest;
    });
}
/**
 * Extract a zip
 *
 * @param file     path to the zip
 * @param dest     destination directory. Optional.
 * @returns        path to the destination directory
 */
function extractZip(file, dest) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        if (!file) {
            throw new Error("parameter 'file' is required");
        }
        dest = yield _createExtractFolder(dest);
        if (IS_WINDOWS) {
            yield extractZipWin(file, dest);
        }
        else {
            yield extractZipNix(file, dest);
        }
        return dest;
    });
}
function extractZipWin(file, dest) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        // build the powershell command
        const escapedFile = file.replace(/'/g, "''").replace(/"|\n|\r/g, ''); // double-up single quotes, remove double quotes and newlines
        const escapedDest = dest.replace(/'/g, "''").replace(/"|\n|\r/g, '');
        const pwshPath = yield io.which('pwsh', false);
        //To match the file overwrite behavior on nix systems, we use the overwrite = true flag for ExtractToDirectory
        //and the -Force flag for Expand-Archive as a fallback
        if (pwshPath) {
            //attempt to use pwsh with ExtractToDirectory, if this fails attempt Expand-Archive
            const pwshCommand = [
                `$ErrorActionPreference = 'Stop' ;`,
                `try { Add-Type -AssemblyName System.IO.Compression.ZipFile } catch { } ;`,
                `try { [System.IO.Compression.ZipFile]::ExtractToDirectory('${escapedFile}', '${escapedDest}', $true) }`,
                `catch { if (($_.Exception.GetType().FullName -eq 'System.Management.Automation.MethodException') -or ($_.Exception.GetType().FullName -eq 'System.Management.Automation.RuntimeException') ){ Expand-Archive -LiteralPath '${escapedFile}' -DestinationPath '${escapedDest}' -Force } else { throw $_ } } ;`
            ].join(' ');
            const args = [
                '-NoLogo',
                '-NoProfile',
                '-NonInteractive',
                '-ExecutionPolicy',
                'Unrestricted',
                '-Command',
                pwshCommand
            ];
            core.debug(`Using pwsh at path: ${pwshPath}`);
            yield exec(`"${pwshPath}"`, args);
        }
        else {
            const powershellCommand = [
                `$ErrorActionPreference = 'Stop' ;`,
                `try { Add-Type -AssemblyName System.IO.Compression.FileSystem } catch { } ;`,
                `if ((Get-Command -Name Expand-Archive -Module Microsoft.PowerShell.Archive -ErrorAction Ignore)) { Expand-Archive -LiteralPath '${escapedFile}' -DestinationPath '${escapedDest}' -Force }`,
                `else {[System.IO.Compression.ZipFile]::ExtractToDirectory('${escapedFile}', '${escapedDest}', $true) }`
            ].join(' ');
            const args = [
                '-NoLogo',
                '-Sta',
                '-NoProfile',
                '-NonInteractive',
                '-ExecutionPolicy',
                'Unrestricted',
                '-Command',
                powershellCommand
            ];
            const powershellPath = yield io.which('powershell', true);
            core.debug(`Using powershell at path: ${powershellPath}`);
            yield exec(`"${powershellPath}"`, args);
        }
    });
}
function extractZipNix(file, dest) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        const unzipPath = yield io.which('unzip', true);
        const args = [file];
        if (!core.isDebug()) {
            args.unshift('-q');
        }
        args.unshift('-o'); //overwrite with -o, otherwise a prompt is shown which freezes the run
        yield exec(`"${unzipPath}"`, args, { cwd: dest });
    });
}
/**
 * Caches a directory and installs it into the tool cacheDir
 *
 * @param sourceDir    the directory to cache into tools
 * @param tool          tool name
 * @param version       version of the tool.  semver format
 * @param arch          architecture of the tool.  Optional.  Defaults to machine architecture
 */
function cacheDir(sourceDir, tool, version, arch) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        version = semver.clean(version) || version;
        arch = arch || os.arch();
        core.debug(`Caching tool ${tool} ${version} ${arch}`);
        core.debug(`source dir: ${sourceDir}`);
        if (!fs.statSync(sourceDir).isDirectory()) {
            throw new Error('sourceDir is not a directory');
        }
        // Create the tool dir
        const destPath = yield _createToolPath(tool, version, arch);
        // copy each child item. do not move. move can fail on Windows
        // due to anti-virus software having an open handle on a file.
        for (const itemName of fs.readdirSync(sourceDir)) {
            const s = path.join(sourceDir, itemName);
            yield io.cp(s, destPath, { recursive: true });
        }
        // write .complete
        _completeToolPath(tool, version, arch);
        return destPath;
    });
}
/**
 * Caches a downloaded file (GUID) and installs it
 * into the tool cache with a given targetName
 *
 * @param sourceFile    the file to cache into tools.  Typically a result of downloadTool which is a guid.
 * @param targetFile    the name of the file name in the tools directory
 * @param tool          tool name
 * @param version       version of the tool.  semver format
 * @param arch          architecture of the tool.  Optional.  Defaults to machine architecture
 */
function cacheFile(sourceFile, targetFile, tool, version, arch) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        version = node_modules_semver.clean(version) || version;
        arch = arch || external_os_.arch();
        lib_core/* debug */.Yz(`Caching tool ${tool} ${version} ${arch}`);
        lib_core/* debug */.Yz(`source file: ${sourceFile}`);
        if (!external_fs_.statSync(sourceFile).isFile()) {
            throw new Error('sourceFile is not a file');
        }
        // create the tool dir
        const destFolder = yield _createToolPath(tool, version, arch);
        // copy instead of move. move can fail on Windows due to
        // anti-virus software having an open handle on a file.
        const destPath = external_path_.join(destFolder, targetFile);
        lib_core/* debug */.Yz(`destination file ${destPath}`);
        yield lib_io.cp(sourceFile, destPath);
        // write .complete
        _completeToolPath(tool, version, arch);
        return destFolder;
    });
}
/**
 * Finds the path to a tool version in the local installed tool cache
 *
 * @param toolName      name of the tool
 * @param versionSpec   version of the tool
 * @param arch          optional arch.  defaults to arch of computer
 */
function find(toolName, versionSpec, arch) {
    if (!toolName) {
        throw new Error('toolName parameter is required');
    }
    if (!versionSpec) {
        throw new Error('versionSpec parameter is required');
    }
    arch = arch || external_os_.arch();
    // attempt to resolve an explicit version
    if (!isExplicitVersion(versionSpec)) {
        const localVersions = findAllVersions(toolName, arch);
        const match = evaluateVersions(localVersions, versionSpec);
        versionSpec = match;
    }
    // check for the explicit version in the cache
    let toolPath = '';
    if (versionSpec) {
        versionSpec = node_modules_semver.clean(versionSpec) || '';
        const cachePath = external_path_.join(_getCacheDirectory(), toolName, versionSpec, arch);
        lib_core/* debug */.Yz(`checking cache: ${cachePath}`);
        if (external_fs_.existsSync(cachePath) && external_fs_.existsSync(`${cachePath}.complete`)) {
            lib_core/* debug */.Yz(`Found tool in cache ${toolName} ${versionSpec} ${arch}`);
            toolPath = cachePath;
        }
        else {
            lib_core/* debug */.Yz('not found');
        }
    }
    return toolPath;
}
/**
 * Finds the paths to all versions of a tool that are installed in the local tool cache
 *
 * @param toolName  name of the tool
 * @param arch      optional arch.  defaults to arch of computer
 */
function findAllVersions(toolName, arch) {
    const versions = [];
    arch = arch || external_os_.arch();
    const toolPath = external_path_.join(_getCacheDirectory(), toolName);
    if (external_fs_.existsSync(toolPath)) {
        const children = external_fs_.readdirSync(toolPath);
        for (const child of children) {
            if (isExplicitVersion(child)) {
                const fullPath = external_path_.join(toolPath, child, arch || '');
                if (external_fs_.existsSync(fullPath) && external_fs_.existsSync(`${fullPath}.complete`)) {
                    versions.push(child);
                }
            }
        }
    }
    return versions;
}
function getManifestFromRepo(owner_1, repo_1, auth_1) {
    return tool_cache_awaiter(this, arguments, void 0, function* (owner, repo, auth, branch = 'master') {
        let releases = [];
        const treeUrl = `https://api.github.com/repos/${owner}/${repo}/git/trees/${branch}`;
        const http = new httpm.HttpClient('tool-cache');
        const headers = {};
        if (auth) {
            core.debug('set auth');
            headers.authorization = auth;
        }
        const response = yield http.getJson(treeUrl, headers);
        if (!response.result) {
            return releases;
        }
        let manifestUrl = '';
        for (const item of response.result.tree) {
            if (item.path === 'versions-manifest.json') {
                manifestUrl = item.url;
                break;
            }
        }
        headers['accept'] = 'application/vnd.github.VERSION.raw';
        let versionsRaw = yield (yield http.get(manifestUrl, headers)).readBody();
        if (versionsRaw) {
            // shouldn't be needed but protects against invalid json saved with BOM
            versionsRaw = versionsRaw.replace(/^\uFEFF/, '');
            try {
                releases = JSON.parse(versionsRaw);
            }
            catch (_a) {
                core.debug('Invalid json');
            }
        }
        return releases;
    });
}
function findFromManifest(versionSpec_1, stable_1, manifest_1) {
    return tool_cache_awaiter(this, arguments, void 0, function* (versionSpec, stable, manifest, archFilter = os.arch()) {
        // wrap the internal impl
        const match = yield mm._findMatch(versionSpec, stable, manifest, archFilter);
        return match;
    });
}
function _createExtractFolder(dest) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        if (!dest) {
            // create a temp dir
            dest = path.join(_getTempDirectory(), crypto.randomUUID());
        }
        yield io.mkdirP(dest);
        return dest;
    });
}
function _createToolPath(tool, version, arch) {
    return tool_cache_awaiter(this, void 0, void 0, function* () {
        const folderPath = external_path_.join(_getCacheDirectory(), tool, node_modules_semver.clean(version) || version, arch || '');
        lib_core/* debug */.Yz(`destination ${folderPath}`);
        const markerPath = `${folderPath}.complete`;
        yield lib_io/* rmRF */.Yz(folderPath);
        yield lib_io/* rmRF */.Yz(markerPath);
        yield lib_io/* mkdirP */.U$(folderPath);
        return folderPath;
    });
}
function _completeToolPath(tool, version, arch) {
    const folderPath = external_path_.join(_getCacheDirectory(), tool, node_modules_semver.clean(version) || version, arch || '');
    const markerPath = `${folderPath}.complete`;
    external_fs_.writeFileSync(markerPath, '');
    lib_core/* debug */.Yz('finished caching tool');
}
/**
 * Check if version string is explicit
 *
 * @param versionSpec      version string to check
 */
function isExplicitVersion(versionSpec) {
    const c = node_modules_semver.clean(versionSpec) || '';
    lib_core/* debug */.Yz(`isExplicit: ${c}`);
    const valid = node_modules_semver.valid(c) != null;
    lib_core/* debug */.Yz(`explicit? ${valid}`);
    return valid;
}
/**
 * Get the highest satisfiying semantic version in `versions` which satisfies `versionSpec`
 *
 * @param versions        array of versions to evaluate
 * @param versionSpec     semantic version spec to satisfy
 */
function evaluateVersions(versions, versionSpec) {
    let version = '';
    lib_core/* debug */.Yz(`evaluating ${versions.length} versions`);
    versions = versions.sort((a, b) => {
        if (node_modules_semver.gt(a, b)) {
            return 1;
        }
        return -1;
    });
    for (let i = versions.length - 1; i >= 0; i--) {
        const potential = versions[i];
        const satisfied = node_modules_semver.satisfies(potential, versionSpec);
        if (satisfied) {
            version = potential;
            break;
        }
    }
    if (version) {
        lib_core/* debug */.Yz(`matched: ${version}`);
    }
    else {
        lib_core/* debug */.Yz('match not found');
    }
    return version;
}
/**
 * Gets RUNNER_TOOL_CACHE
 */
function _getCacheDirectory() {
    const cacheDirectory = process.env['RUNNER_TOOL_CACHE'] || '';
    (0,external_assert_.ok)(cacheDirectory, 'Expected RUNNER_TOOL_CACHE to be defined');
    return cacheDirectory;
}
/**
 * Gets RUNNER_TEMP
 */
function _getTempDirectory() {
    const tempDirectory = process.env['RUNNER_TEMP'] || '';
    (0,external_assert_.ok)(tempDirectory, 'Expected RUNNER_TEMP to be defined');
    return tempDirectory;
}
/**
 * Gets a global variable
 */
function _getGlobal(key, defaultValue) {
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const value = global[key];
    /* eslint-enable @typescript-eslint/no-explicit-any */
    return value !== undefined ? value : defaultValue;
}
/**
 * Returns an array of unique values.
 * @param values Values to make unique.
 */
function _unique(values) {
    return Array.from(new Set(values));
}
//# sourceMappingURL=tool-cache.js.map
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(7206);
// EXTERNAL MODULE: ./src/seams/exec.ts + 2 modules
var seams_exec = __webpack_require__(4115);
// EXTERNAL MODULE: ./src/model/download-url.ts
var download_url = __webpack_require__(5937);
// EXTERNAL MODULE: ./src/model/platforms.ts
var platforms = __webpack_require__(3065);
;// CONCATENATED MODULE: ./src/buildx/buildx-install.ts
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
    return node_modules_semver.clean(text.trim(), semverOptions);
}
function newestFirst(versions) {
    return [...new Set(versions)].sort((a, b) => node_modules_semver.rcompare(a, b, semverOptions));
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
        match = node_modules_semver.maxSatisfying(versions, '*', semverOptions);
    else if (exact !== null)
        match = versions.includes(exact) ? exact : null;
    else if (node_modules_semver.validRange(wanted, semverOptions) !== null)
        match = node_modules_semver.maxSatisfying(versions, wanted, semverOptions);
    else
        throw new errors/* ActionError */.lZ(`buildx-version '${spec}' is not 'latest', a version or a semver range; ${describeAvailable(versions)}`);
    if (match === null)
        throw new errors/* ActionError */.lZ(`No buildx release matches buildx-version '${spec}'; ${describeAvailable(versions)}`);
    return match;
}
function buildxAssetName(version, nodeArch = process.arch) {
    const arch = (0,platforms/* buildxAssetSuffix */.M8)(nodeArch);
    if (arch === undefined) {
        throw new errors/* ActionError */.lZ(`buildx has no Linux release for this runner's architecture '${nodeArch}'`, `supported: ${platforms/* buildxNodeArchitectures */.TK.join(', ')}`);
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
        return (0,download_url/* parseDownloadUrl */.n)('buildx-download-url', input);
    const fromEnv = env[BUILDX_URL_ENV]?.trim();
    // The env var gets the input's rule: plain http only on loopback.
    return fromEnv ? (0,download_url/* parseDownloadUrl */.n)(BUILDX_URL_ENV, fromEnv) : DEFAULT_BUILDX_DOWNLOAD_URL;
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
            throw new errors/* ActionError */.lZ(`Could not list buildx releases from ${listUrl}: HTTP ${response.status}`, hint);
        }
        body = await response.json();
    }
    catch (error) {
        if (error instanceof errors/* ActionError */.lZ)
            throw error;
        throw new errors/* ActionError */.lZ(`Could not list buildx releases from ${listUrl}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (!Array.isArray(body))
        throw new errors/* ActionError */.lZ(`The buildx release list at ${listUrl} is not a JSON array of {"tag_name": ...} objects`);
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
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
async function download(url, what, dest) {
    try {
        return await downloadTool(url, dest);
    }
    catch (error) {
        throw new errors/* ActionError */.lZ(`Could not download ${what} from ${url}: ${(0,errors/* errorMessage */.gJ)(error)}`);
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
    const dir = external_node_path_.join(root, TOOL_NAME);
    await (0,promises_.mkdir)(root, { recursive: true });
    await (0,promises_.mkdir)(dir, { mode: 0o700 }).catch(() => undefined);
    const stats = await (0,promises_.lstat)(dir);
    const ours = stats.isDirectory() && stats.uid === process.getuid?.();
    if (!ours) {
        runner/* info */.pq(`Not caching buildx: ${dir} is not a directory of this user's`);
        return undefined;
    }
    if ((stats.mode & 0o077) !== 0) {
        // Ours, but others could reach into it (an older layout): start it over, private.
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        await (0,promises_.mkdir)(dir, { mode: 0o700 });
    }
    return dir;
}
const checksumFile = (cacheDir) => external_node_path_.join(cacheDir, `${TOOL_NAME}.sha256`);
/** Downloads and verifies one version into `workDir`; caches it when a private cache is given. */
async function downloadVerified(baseUrl, version, workDir, cache) {
    const asset = buildxAssetName(version);
    const assetUrl = `${baseUrl}/v${version}/${asset}`;
    const checksumsUrl = `${baseUrl}/v${version}/checksums.txt`;
    const checksumsPath = external_node_path_.join(workDir, `.checksums-${(0,external_node_crypto_.randomUUID)()}`);
    let expected;
    try {
        await download(checksumsUrl, `buildx v${version} checksums`, checksumsPath);
        expected = parseChecksums(await (0,promises_.readFile)(checksumsPath, 'utf8')).get(asset);
    }
    finally {
        await (0,promises_.rm)(checksumsPath, { force: true });
    }
    // An asset the release does not vouch for is never installed.
    if (expected === undefined)
        throw new errors/* ActionError */.lZ(`buildx v${version}: ${checksumsUrl} has no entry for ${asset}`);
    const binaryPath = await download(assetUrl, `buildx v${version}`, external_node_path_.join(workDir, `.${TOOL_NAME}-${(0,external_node_crypto_.randomUUID)()}`));
    const actual = await sha256File(binaryPath);
    if (actual !== expected) {
        await (0,promises_.rm)(binaryPath, { force: true });
        throw new errors/* ActionError */.lZ(`buildx v${version} download failed its checksum: expected ${expected}, got ${actual} (${assetUrl})`, 'the download was corrupted or the mirror serves a different file; it was neither cached nor installed');
    }
    if (cache) {
        const cacheDir = await cacheFile(binaryPath, TOOL_NAME, TOOL_NAME, version);
        await (0,promises_.writeFile)(checksumFile(cacheDir), `${expected}\n`, { mode: 0o600 });
    }
    return binaryPath;
}
function cachedBinary(version, cache) {
    const dir = cache ? find(TOOL_NAME, version) : '';
    const binary = dir ? external_node_path_.join(dir, TOOL_NAME) : '';
    return binary && (0,external_node_fs_.existsSync)(binary) && (0,external_node_fs_.existsSync)(checksumFile(dir)) ? binary : undefined;
}
/**
 * Copies the cached binary into `workDir` and hashes the copy (what will run) against the checksum
 * recorded when it was verified. A mismatch drops the cache entry: undefined means download again.
 */
async function copyVerifiedFromCache(binary, version, workDir) {
    const copy = external_node_path_.join(workDir, `.${TOOL_NAME}-${(0,external_node_crypto_.randomUUID)()}`);
    await (0,promises_.copyFile)(binary, copy);
    const recorded = (await (0,promises_.readFile)(checksumFile(external_node_path_.dirname(binary)), 'utf8')).trim();
    if ((await sha256File(copy)) === recorded)
        return copy;
    await (0,promises_.rm)(copy, { force: true });
    runner/* warning */.$e(`The cached buildx v${version} no longer matches its checksum: removing it and downloading it again`);
    await (0,promises_.rm)(external_node_path_.dirname(binary), { recursive: true, force: true });
    await (0,promises_.rm)(`${external_node_path_.dirname(binary)}.complete`, { force: true });
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
        runner/* info */.pq(`Using buildx v${version} from the tool cache (checksum verified)`);
        return { file: fromCache, fromCache: true };
    }
    runner/* info */.pq(`Downloading buildx v${version} from ${baseUrl}`);
    return { file: await downloadVerified(baseUrl, version, workDir, cache), fromCache: false };
}
async function checkPluginLoads(version, pluginPath, jobDockerConfigDir) {
    const result = await (0,seams_exec/* run */.eF)('docker', ['buildx', 'version'], {
        env: { DOCKER_CONFIG: jobDockerConfigDir },
        allowFailure: true
    });
    const reported = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(result.stdout)?.[1];
    if (result.exitCode === 0 && reported !== undefined && cleanVersion(reported) === version)
        return result.stdout.trim();
    // A plugin that does not load must not shadow the runner's own buildx for later steps.
    await (0,promises_.rm)(pluginPath, { force: true });
    const output = (result.stderr || result.stdout).trim();
    throw new errors/* ActionError */.lZ(`buildx v${version} was installed at ${pluginPath} but 'docker buildx version' ${result.exitCode !== 0 ? `failed (exit ${result.exitCode})` : `reported '${output}'`}${result.exitCode !== 0 && output ? `: ${output}` : ''}`);
}
/** Installs the buildx that `spec` names into `<jobDockerConfigDir>/cli-plugins` and checks that docker loads it. */
async function installBuildx(spec, jobDockerConfigDir, options = {}) {
    const env = options.env ?? process.env;
    const baseUrl = resolveBaseUrl(options, env);
    const cache = (await privateToolDir()) !== undefined;
    const version = await resolveVersion(spec, baseUrl, env, cache);
    const pluginDir = external_node_path_.join(jobDockerConfigDir, 'cli-plugins');
    const pluginPath = external_node_path_.join(pluginDir, TOOL_NAME);
    await (0,promises_.mkdir)(pluginDir, { recursive: true, mode: 0o700 });
    // Downloads and copies land in the job's private directory, then are renamed into place: the job
    // config may hold a symlink to the user's own plugin, and writing onto that path would overwrite
    // the file in ~/.docker through the link.
    const { file, fromCache } = await verifiedBinary(baseUrl, version, pluginDir, cache);
    try {
        await (0,promises_.chmod)(file, 0o755);
        await (0,promises_.rename)(file, pluginPath);
    }
    finally {
        await (0,promises_.rm)(file, { force: true });
    }
    const reported = await checkPluginLoads(version, pluginPath, jobDockerConfigDir);
    runner/* info */.pq(`buildx v${version} (${fromCache ? 'from the tool cache' : 'downloaded'}) installed at ${pluginPath}: ${reported}`);
    return { version, pluginPath, fromCache };
}


/***/ })

};
