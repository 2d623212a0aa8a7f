export const id = 677;
export const ids = [677];
export const modules = {

/***/ 8079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ij: () => (/* binding */ createBuilder),
/* harmony export */   Ul: () => (/* binding */ userDockerHost),
/* harmony export */   iq: () => (/* binding */ removeBuilder),
/* harmony export */   sY: () => (/* binding */ checkBuilderPlatforms)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6058);
/* harmony import */ var _seams_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9360);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9150);
/* harmony import */ var _planning_platforms_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5765);
/* harmony import */ var _buildx_args_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2638);







/** The daemon the user's own docker CLI talks to, read from files so it costs no docker call. */
function userDockerHost(userConfigDir, env = process.env) {
    if (env['DOCKER_HOST'])
        return env['DOCKER_HOST'];
    let contextName = env['DOCKER_CONTEXT'] ?? '';
    if (!contextName) {
        try {
            const config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(userConfigDir, 'config.json'), 'utf8'));
            contextName = config.currentContext ?? '';
        }
        catch {
            contextName = '';
        }
    }
    if (contextName && contextName !== 'default') {
        const metaRoot = node_path__WEBPACK_IMPORTED_MODULE_1__.join(userConfigDir, 'contexts', 'meta');
        for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(metaRoot) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(metaRoot) : []) {
            try {
                const meta = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(metaRoot, entry, 'meta.json'), 'utf8'));
                if (meta.Name === contextName && meta.Endpoints?.docker?.Host)
                    return meta.Endpoints.docker.Host;
            }
            catch {
                // skip unreadable context entries
            }
        }
    }
    return 'unix:///var/run/docker.sock';
}
/**
 * Creates the job's builder. The caller saves its name for the post step first, so a failure
 * halfway through creation is still cleaned up.
 */
async function createBuilder(name, inputs, userConfigDir, wanted, runnable) {
    let ref;
    if (inputs.driver === 'docker') {
        // buildx refuses a second docker-driver instance; a job-scoped context is the named builder.
        const host = inputs.endpoint || userDockerHost(userConfigDir);
        await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .run */ .eF)('docker', (0,_buildx_args_js__WEBPACK_IMPORTED_MODULE_6__/* .createContextArgs */ .Lr)(name, host));
        ref = { name, driver: 'docker', dockerContext: name };
    }
    else {
        await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .run */ .eF)('docker', (0,_buildx_args_js__WEBPACK_IMPORTED_MODULE_6__/* .createBuilderArgs */ .R2)(name, inputs), { stream: true });
        ref = { name, driver: 'docker-container' };
    }
    // The docker driver's daemon caches its emulator scan, so its list cannot add to what this step
    // already verified (native or emulated): skip that call when it covers every wanted platform.
    if (inputs.driver === 'docker' &&
        wanted.every((platform) => runnable.some((entry) => (0,_planning_platforms_js__WEBPACK_IMPORTED_MODULE_5__/* .formatPlatform */ .Bq)(entry) === (0,_planning_platforms_js__WEBPACK_IMPORTED_MODULE_5__/* .formatPlatform */ .Bq)(platform)))) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`Builder ${name} (docker): the daemon's BuildKit, with ${wanted.map(_planning_platforms_js__WEBPACK_IMPORTED_MODULE_5__/* .formatPlatform */ .Bq).join(', ')} native or emulated`);
        return { ...ref, platforms: wanted.map(_planning_platforms_js__WEBPACK_IMPORTED_MODULE_5__/* .formatPlatform */ .Bq) };
    }
    // One inspect both boots a docker-container builder and reports the platforms it can build.
    const inspected = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .run */ .eF)('docker', (0,_buildx_args_js__WEBPACK_IMPORTED_MODULE_6__/* .inspectBuilderArgs */ .p5)(ref, inputs.driver === 'docker-container'), {
        stream: inputs.driver === 'docker-container'
    });
    const builder = { ...ref, platforms: (0,_buildx_args_js__WEBPACK_IMPORTED_MODULE_6__/* .parseInspectPlatforms */ .Iz)(inspected.stdout) };
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`Builder ${name} (${inputs.driver}) can build: ${builder.platforms.join(', ') || '(none reported)'}`);
    return builder;
}
/** Fails, listing what is missing, when the builder cannot build every wanted platform. */
function checkBuilderPlatforms(builder, wanted) {
    const missing = wanted.filter((platform) => !(0,_planning_platforms_js__WEBPACK_IMPORTED_MODULE_5__/* .builderSupports */ .aw)(builder.platforms, platform));
    if (missing.length === 0)
        return;
    throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`Builder ${builder.name} cannot build ${missing.map(_planning_platforms_js__WEBPACK_IMPORTED_MODULE_5__/* .formatPlatform */ .Bq).join(', ')}. It supports: ${builder.platforms.join(', ') || 'nothing reported'}.`, 'a foreign platform needs its QEMU emulator (keep qemu: auto) or a builder node of that architecture (driver-opts / endpoint).');
}
/**
 * Removes a docker-container builder and its BuildKit container. (A docker-driver builder is a
 * context inside the job's config and goes with it.) Returns what went wrong instead of throwing:
 * the post step only warns.
 */
async function removeBuilder(name) {
    const problems = [];
    const removed = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .run */ .eF)('docker', ['buildx', 'rm', '--force', name], { allowFailure: true });
    if (removed.exitCode === 0 || /not found|no builder/i.test(removed.stderr))
        return problems;
    // The builder's record may be gone with the config; remove its container and state volume by their names.
    const container = `buildx_buildkit_${name}0`;
    const forced = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .run */ .eF)('docker', ['rm', '--force', '--volumes', container], { allowFailure: true });
    await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .run */ .eF)('docker', ['volume', 'rm', '--force', `${container}_state`], { allowFailure: true });
    if (forced.exitCode !== 0 && !/no such container/i.test(forced.stderr))
        problems.push(`docker rm ${container}: ${forced.stderr.trim()}`);
    return problems;
}


/***/ }),

/***/ 2638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CH: () => (/* binding */ buildArgs),
/* harmony export */   Iz: () => (/* binding */ parseInspectPlatforms),
/* harmony export */   Lr: () => (/* binding */ createContextArgs),
/* harmony export */   R2: () => (/* binding */ createBuilderArgs),
/* harmony export */   ln: () => (/* binding */ secretEnvName),
/* harmony export */   p5: () => (/* binding */ inspectBuilderArgs)
/* harmony export */ });
/* unused harmony exports buildxPrefix, builderFlag, csvField */
/* harmony import */ var _planning_platforms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5765);

/** docker-container: a fresh BuildKit container for this job. Never --use: the user's current builder stays. */
function createBuilderArgs(name, inputs) {
    return [
        'buildx',
        'create',
        '--name',
        name,
        '--driver',
        'docker-container',
        ...inputs.driverOpts.flatMap((option) => ['--driver-opt', option]),
        ...(inputs.buildkitdFlags ? ['--buildkitd-flags', inputs.buildkitdFlags] : []),
        ...(inputs.endpoint ? [inputs.endpoint] : [])
    ];
}
function createContextArgs(name, dockerHost) {
    return [
        'context',
        'create',
        name,
        '--description',
        'multiarch-build-push job builder',
        '--docker',
        `host=${dockerHost}`
    ];
}
/**
 * The leading arguments that address the job's builder. The docker driver's builder is a context,
 * and buildx refuses --builder for it ("use docker --context=NAME buildx").
 */
function buildxPrefix(builder) {
    return builder.dockerContext ? ['--context', builder.dockerContext, 'buildx'] : ['buildx'];
}
function builderFlag(builder) {
    return builder.dockerContext ? [] : ['--builder', builder.name];
}
function inspectBuilderArgs(builder, bootstrap) {
    return [...buildxPrefix(builder), 'inspect', ...(bootstrap ? ['--bootstrap'] : []), ...builderFlag(builder)];
}
/** Reads the platforms a builder's nodes report from `buildx inspect` text output. */
function parseInspectPlatforms(output) {
    const platforms = new Set();
    for (const line of output.split('\n')) {
        const match = /^\s*Platforms:\s*(.*)$/.exec(line);
        if (!match?.[1])
            continue;
        for (const entry of match[1].split(',')) {
            const platform = entry.trim().replace(/\*$/, '');
            if (platform)
                platforms.add(platform);
        }
    }
    return [...platforms];
}
/** One CSV field for buildx's --output/--secret parser: quoted when it holds a comma or a quote. */
function csvField(field) {
    return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
/** Environment variable that carries the value of the n-th BuildKit secret, so no secret is on argv. */
function secretEnvName(index) {
    return `MAB_BUILD_SECRET_${index}`;
}
function buildArgs(inputs, builder, plan) {
    const args = [...buildxPrefix(builder), 'build', ...builderFlag(builder)];
    const repeated = (flag, values) => {
        for (const value of values)
            args.push(flag, value);
    };
    args.push('--platform', plan.platforms.map(_planning_platforms_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPlatform */ .Bq).join(','));
    if (inputs.file)
        args.push('--file', inputs.file);
    repeated('--tag', plan.tags);
    repeated('--build-arg', inputs.buildArgs.map(({ key, value }) => `${key}=${value}`));
    repeated('--label', plan.labels.map(({ key, value }) => `${key}=${value}`));
    repeated('--annotation', plan.annotations.map(({ key, value }) => `${key}=${value}`));
    repeated('--secret', inputs.secrets.map(({ key }, index) => `id=${key},env=${secretEnvName(index)}`));
    if (inputs.target)
        args.push('--target', inputs.target);
    if (inputs.network)
        args.push('--network', inputs.network);
    repeated('--cache-from', inputs.cacheFrom);
    repeated('--cache-to', inputs.cacheTo);
    if (inputs.provenance)
        args.push(`--provenance=${inputs.provenance}`);
    if (inputs.noCache)
        args.push('--no-cache');
    if (inputs.pull)
        args.push('--pull');
    args.push('--metadata-file', plan.metadataFile);
    // --push would make the docker driver push a second time through the daemon; one image exporter push is enough.
    if (plan.push && plan.digestRepository) {
        args.push('--output', [
            'type=image',
            csvField(`name=${plan.digestRepository}`),
            'push-by-digest=true',
            'name-canonical=true',
            'push=true'
        ].join(','));
    }
    else if (plan.push) {
        args.push('--output', ['type=image', csvField(`name=${plan.tags.join(',')}`), 'push=true'].join(','));
    }
    if (inputs.load)
        args.push('--load');
    args.push(inputs.context);
    return args;
}


/***/ }),

/***/ 7820:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FF: () => (/* binding */ parseKeyValueLines),
/* harmony export */   HU: () => (/* binding */ parseChoice),
/* harmony export */   Rh: () => (/* binding */ annotationKeyPattern),
/* harmony export */   ry: () => (/* binding */ splitList),
/* harmony export */   uz: () => (/* binding */ splitLines),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* harmony import */ var _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9360);

/** Splits a list input on newlines and commas; blank entries and surrounding spaces are dropped. */
function splitList(value) {
    // Comment lines go first, so a comma inside a comment does not make an entry.
    return splitLines(value)
        .flatMap((line) => line.split(','))
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '' && !entry.startsWith('#'));
}
/** Splits on newlines only, for entries that may contain commas themselves (cache specs, labels). */
function splitLines(value) {
    return value
        .split('\n')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '' && !entry.startsWith('#'));
}
const keyPattern = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
/** Annotation keys may name their level, as buildx takes them: index:, manifest[linux/arm64]:, ... */
const annotationKeyPattern = /^(?:(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[a-z0-9/._-]+(?:,[a-z0-9/._-]+)*\])?:)?[A-Za-z_][A-Za-z0-9_.\-/]*$/;
/** Parses NAME=value lines. Values may hold '=', commas and spaces; keys may not be empty. */
function parseKeyValueLines(input, raw, names = keyPattern) {
    const seen = new Map();
    for (const line of splitLines(raw)) {
        const separator = line.indexOf('=');
        const key = separator < 0 ? line : line.slice(0, separator).trim();
        if (separator < 0 || !names.test(key)) {
            // A malformed secrets line may be the secret itself: never echo it.
            const shown = input === 'secrets' ? '(hidden)' : line;
            throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, shown, 'one NAME=value per line, NAME made of letters, digits, _ . - /', separator < 0 ? "no '='" : 'bad name');
        }
        // A later line overrides an earlier one, as with repeated --build-arg flags.
        seen.set(key, { key, value: line.slice(separator + 1) });
    }
    return [...seen.values()];
}
const trueWords = new Set(['true', 'yes', '1', 'on']);
const falseWords = new Set(['false', 'no', '0', 'off']);
function parseBoolean(input, raw, fallback) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return fallback;
    if (trueWords.has(value))
        return true;
    if (falseWords.has(value))
        return false;
    throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, 'true or false');
}
function parseChoice(input, raw, choices, fallback) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return fallback;
    const match = choices.find((choice) => choice === value);
    if (!match)
        throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, choices.join(', '));
    return match;
}


/***/ }),

/***/ 5765:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   Nc: () => (/* binding */ nativePlatform),
/* harmony export */   PU: () => (/* binding */ runsNatively),
/* harmony export */   VX: () => (/* binding */ parsePlatformList),
/* harmony export */   aw: () => (/* binding */ builderSupports),
/* harmony export */   h4: () => (/* binding */ normalisePlatformText),
/* harmony export */   xA: () => (/* binding */ foreignQemuArchitectures)
/* harmony export */ });
/* unused harmony exports acceptedPlatforms, samePlatform */
/* harmony import */ var _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9360);
/* harmony import */ var _lists_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7820);


const architectures = {
    amd64: { qemu: 'x86_64', variants: ['v1', 'v2', 'v3', 'v4'] },
    '386': { qemu: 'i386' },
    arm64: { qemu: 'aarch64', variants: ['v8'] },
    arm: { qemu: 'arm', defaultVariant: 'v7', variants: ['v5', 'v6', 'v7'] },
    riscv64: { qemu: 'riscv64' },
    ppc64le: { qemu: 'ppc64le' },
    s390x: { qemu: 's390x' },
    mips64le: { qemu: 'mips64el' },
    mips64: { qemu: 'mips64' },
    loong64: { qemu: 'loongarch64' }
};
// Spellings people use for the same thing, from uname, Debian and Go.
const aliases = {
    x86_64: 'amd64',
    x64: 'amd64',
    'x86-64': 'amd64',
    i386: '386',
    i686: '386',
    x86: '386',
    aarch64: 'arm64',
    armhf: 'arm/v7',
    armv7: 'arm/v7',
    armv7l: 'arm/v7',
    armel: 'arm/v6',
    armv6: 'arm/v6',
    armv6l: 'arm/v6',
    armv5: 'arm/v5',
    ppc64el: 'ppc64le',
    loongarch64: 'loong64'
};
const supportedOperatingSystems = new Set(['linux', 'windows']);
const acceptedPlatforms = 'os/arch[/variant] with os linux or windows and arch one of ' +
    Object.keys(architectures).join(', ') +
    ' (shorthands such as arm64, arm/v7, armv7, amd64 are accepted)';
function formatPlatform(platform) {
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
/** Parses one platform, normalising shorthands: arm64 → linux/arm64, armv7 → linux/arm/v7, arm64/v8 → linux/arm64. */
function parsePlatform(raw, input = 'platforms') {
    const text = raw.trim().toLowerCase();
    let parts = text.split('/');
    if (parts.length > 0 && !supportedOperatingSystems.has(parts[0] ?? ''))
        parts = ['linux', ...parts];
    const [os = '', rawArchitecture = '', ...rest] = parts;
    // Own properties only: 'constructor' or '__proto__' are not architectures.
    const aliased = Object.hasOwn(aliases, rawArchitecture) ? aliases[rawArchitecture] : undefined;
    let architecture = rawArchitecture;
    let variant = rest[0];
    if (aliased) {
        const [aliasArchitecture = '', aliasVariant] = aliased.split('/');
        architecture = aliasArchitecture;
        if (aliasVariant && variant && variant !== aliasVariant) {
            throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, `${rawArchitecture} already means ${aliased}`);
        }
        variant = variant ?? aliasVariant;
    }
    const info = Object.hasOwn(architectures, architecture) ? architectures[architecture] : undefined;
    if (!info || rest.length > 1 || text === '') {
        throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, 'unknown platform');
    }
    variant = variant ?? info.defaultVariant;
    if (variant !== undefined && !(info.variants ?? []).includes(variant)) {
        const variants = info.variants?.length ? `variants ${info.variants.join(', ')}` : 'no variant';
        throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, `${architecture} takes ${variants}`);
    }
    // arm64/v8 and amd64/v1 are the same thing as no variant; keep one spelling.
    if ((architecture === 'arm64' && variant === 'v8') || (architecture === 'amd64' && variant === 'v1'))
        variant = undefined;
    return variant ? { os, architecture, variant } : { os, architecture };
}
/** Parses a comma/newline list; duplicates that normalise to the same platform are refused, since they mean a typo. */
function parsePlatformList(raw, input = 'platforms') {
    const entries = (0,_lists_js__WEBPACK_IMPORTED_MODULE_1__/* .splitList */ .ry)(raw);
    if (entries.length === 0)
        throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, 'no platform given');
    const seen = new Map();
    const platforms = [];
    for (const entry of entries) {
        const platform = parsePlatform(entry, input);
        const key = formatPlatform(platform);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
            throw new _seams_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, 'each platform once', `'${earlier}' and '${entry}' are both ${key}`);
        }
        seen.set(key, entry);
        platforms.push(platform);
    }
    return platforms;
}
function samePlatform(a, b) {
    return formatPlatform(a) === formatPlatform(b);
}
/** The runner's own platform, from Node's process.arch. */
function nativePlatform(nodeArch = process.arch) {
    const byNodeArch = {
        x64: 'amd64',
        arm64: 'arm64',
        arm: 'arm/v7',
        ia32: '386',
        riscv64: 'riscv64',
        ppc64: 'ppc64le',
        s390x: 's390x',
        loong64: 'loong64'
    };
    return parsePlatform((Object.hasOwn(byNodeArch, nodeArch) ? byNodeArch[nodeArch] : undefined) ?? nodeArch);
}
/** Platforms the runner's CPU runs without an emulator: its own, and i386 on x86-64. */
function runsNatively(platform, native) {
    if (platform.os !== 'linux' || native.os !== 'linux')
        return platform.os === native.os && platform.architecture === native.architecture;
    if (platform.architecture === native.architecture)
        return true;
    return native.architecture === 'amd64' && platform.architecture === '386';
}
/** QEMU architectures (binfmt handler suffixes) needed to build the given platforms on this runner. */
function foreignQemuArchitectures(platforms, native) {
    const needed = new Set();
    for (const platform of platforms) {
        if (platform.os !== 'linux' || runsNatively(platform, native))
            continue;
        const info = Object.hasOwn(architectures, platform.architecture) ? architectures[platform.architecture] : undefined;
        if (info)
            needed.add(info.qemu);
    }
    return [...needed];
}
/** One spelling per platform (arm → arm/v7, arm64/v8 → arm64); one this action does not know stays as written, since registries may hold it. */
function normalisePlatformText(text) {
    try {
        return formatPlatform(parsePlatform(text));
    }
    catch {
        return text;
    }
}
/** Whether a platform a builder reports covers a requested one (linux/arm/v7 covers arm/v7; arm64 is arm64/v8). */
function builderSupports(builderPlatforms, wanted) {
    return builderPlatforms.some((entry) => {
        try {
            return samePlatform(parsePlatform(entry), wanted);
        }
        catch {
            return false;
        }
    });
}


/***/ }),

/***/ 2677:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPost: () => (/* binding */ runPost)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6058);
/* harmony import */ var _build_builder_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8079);
/* harmony import */ var _seams_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9360);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9150);
/* harmony import */ var _seams_state_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4210);







/** Drops stored credentials but keeps builder records, for cleanup: false. */
function forgetCredentials(configDir) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(configDir, 'config.json');
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
        return;
    const config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
    delete config['auths'];
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}
/** Smoke runs are --rm; only a step killed mid-run leaves one, so "no such container" is the usual answer. */
async function removeContainers(names) {
    const removed = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .run */ .eF)('docker', ['rm', '--force', ...names], { allowFailure: true });
    const problems = removed.stderr.split('\n').filter((line) => line.trim() !== '' && !/no such container/i.test(line));
    return problems.map((line) => `docker rm: ${line.trim()}`);
}
/**
 * Undoes main: the builder, then the job's Docker config with its credentials. It never fails the
 * job and is safe to run twice or with no state (main never started).
 */
async function runPost(state = (0,_seams_state_js__WEBPACK_IMPORTED_MODULE_6__/* .readSavedState */ .rh)()) {
    if (!state.dockerConfig && !state.builder && state.smokeContainers.length === 0) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('Nothing to clean up: the main step created nothing.');
        return;
    }
    const problems = [];
    const attempt = async (what, action) => {
        try {
            problems.push(...((await action()) ?? []));
        }
        catch (error) {
            problems.push(`${what}: ${(0,_seams_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
        }
    };
    if (state.dockerConfig)
        (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .setJobEnv */ .jn)('DOCKER_CONFIG', state.dockerConfig);
    // A second run finds the directory gone: say so rather than claim a cleanup.
    const configExisted = state.dockerConfig !== '' && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(state.dockerConfig);
    // A docker-driver builder is only a context inside the job's config: deleting the directory removes it, no docker call needed.
    if (state.builder && state.driver === 'docker-container') {
        if (state.cleanup)
            await attempt(`removing builder ${state.builder}`, () => (0,_build_builder_js__WEBPACK_IMPORTED_MODULE_3__/* .removeBuilder */ .iq)(state.builder));
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`cleanup: false, keeping builder ${state.builder}`);
    }
    if (state.smokeContainers.length > 0)
        await attempt('removing smoke-run containers', () => removeContainers(state.smokeContainers));
    if (state.dockerConfig) {
        await attempt(`removing ${state.dockerConfig}`, () => {
            if (state.cleanup)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(state.dockerConfig, { recursive: true, force: true });
            else
                forgetCredentials(state.dockerConfig);
        });
    }
    for (const problem of problems)
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`Cleanup: ${problem}`);
    if (problems.length > 0)
        return;
    if (configExisted)
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`Cleaned up ${[state.builder && `builder ${state.builder}`, 'the job Docker config and its credentials'].filter(Boolean).join(' and ')}.`);
    else
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('Already cleaned up: the job Docker config is gone.');
}


/***/ })

};
