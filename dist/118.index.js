export const id = 118;
export const ids = [118,305];
export const modules = {

/***/ 5982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ removeBuilder),
/* harmony export */   k: () => (/* binding */ builderFilesDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4115);
// What the post step needs of a builder: where its files are, and how it goes. Kept apart from
// builder creation so the post step, which runs on every job, loads only this.



/** Where the job keeps its builder's files (buildkitd.toml, TLS client files); removed with the job's directory. */
function builderFilesDir(jobConfigDir) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.join(jobConfigDir, 'buildkit');
}
/** The nodes of a builder, from its buildx record in the job's config (no cluster or daemon asked). */
function recordedNodes(configDir, name) {
    if (!configDir)
        return [];
    try {
        const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(configDir, 'buildx', 'instances', name);
        const record = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
        return (record.Nodes ?? []).flatMap((node) => typeof node.Name === 'string' && node.Name !== ''
            ? [
                {
                    name: node.Name,
                    endpoint: typeof node.Endpoint === 'string' ? node.Endpoint : '',
                    namespace: typeof node.DriverOpts?.['namespace'] === 'string' ? node.DriverOpts['namespace'] : ''
                }
            ]
            : []);
    }
    catch {
        return [];
    }
}
const why = (removed, timeoutMs) => removed.timedOut
    ? `docker buildx rm did not finish within ${timeoutMs} ms`
    : `docker buildx rm failed: ${removed.stderr.trim().split('\n').slice(-2).join(' ') || `exit code ${removed.exitCode}`}`;
/**
 * What a kubernetes or remote builder leaves when buildx could not remove it, and how to remove it.
 * buildx names a node's deployment after the node ('_' made '-'), in the node's namespace= driver
 * option, else the kubeconfig's current namespace; the remote driver's removal only drops the record.
 */
function leftBehind(name, where, reason) {
    const nodes = recordedNodes(where.configDir, name);
    if (where.driver === 'remote') {
        const endpoints = nodes.map((node) => node.endpoint).filter(Boolean);
        return (`builder ${name} (remote) was not removed: ${reason}. The remote driver starts nothing of its own: its record goes with the job's Docker config, ` +
            `and the buildkitd at ${endpoints.join(', ') || 'its endpoint'} is yours and keeps running (with this job's build cache, and any build of it still under way until BuildKit drops the session).`);
    }
    const deployments = (nodes.length > 0 ? nodes : [{ name: `${name}0`, endpoint: '', namespace: '' }]).map((node) => ({
        deployment: node.name.replace(/_/g, '-'),
        namespace: node.namespace
    }));
    const listed = deployments
        .map(({ deployment, namespace }) => `${deployment} (namespace ${namespace || "of your kubeconfig's current context"})`)
        .join(', ');
    const commands = deployments
        .map(({ deployment, namespace }) => `kubectl delete deployment,statefulset ${deployment}${namespace ? ` --namespace ${namespace}` : ''} --ignore-not-found`)
        .join('; ');
    return (`builder ${name} (kubernetes) was not removed: ${reason}. Its BuildKit may still run in the cluster: ${listed}, ` +
        `with its pods (label app=<deployment>) and ConfigMaps (<deployment>-*). Remove them with: ${commands}`);
}
/**
 * Removes the job's builder and its BuildKit containers or pods. (A docker-driver builder is a
 * context inside the job's config and goes with it.) Returns what went wrong instead of throwing:
 * the post step only warns. Given where the builder is, a kubernetes or remote builder buildx could
 * not remove is named with what is left and how to remove it.
 */
async function removeBuilder(name, timeoutMs = 60_000, where) {
    const problems = [];
    const removed = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .eF)('docker', ['buildx', 'rm', '--force', name], { allowFailure: true, timeoutMs });
    if (removed.exitCode === 0 || /not found|no builder/i.test(removed.stderr))
        return problems;
    if (where && (where.driver === 'kubernetes' || where.driver === 'remote'))
        return [leftBehind(name, where, why(removed, timeoutMs))];
    // The builder's record may be gone with the config; remove its container and state volume by their names.
    const container = `buildx_buildkit_${name}0`;
    const forced = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .eF)('docker', ['rm', '--force', '--volumes', container], { allowFailure: true, timeoutMs });
    await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .eF)('docker', ['volume', 'rm', '--force', `${container}_state`], { allowFailure: true, timeoutMs });
    if (forced.exitCode !== 0 && !/no such container/i.test(forced.stderr))
        problems.push(`docker rm ${container}: ${forced.stderr.trim()}`);
    return problems;
}


/***/ }),

/***/ 5937:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ parseDownloadUrl)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7206);


/** Loopback only: a server on this machine, which no one on the network can stand in for. */
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost'))
        return true;
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 4)
        return host.startsWith('127.');
    return host === '::1';
}
const accepted = 'an https:// URL (http:// only for a server on loopback: localhost, 127.0.0.1, [::1])';
/**
 * A base URL to download a binary and its checksums from. Both come from the same place, so over
 * plain http anyone on the path could swap the pair: the checksum would protect nothing.
 */
function parseDownloadUrl(input, raw) {
    const value = raw.trim();
    if (value === '')
        return value;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, raw, accepted);
    }
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
        return value.replace(/\/+$/, '');
    const detail = url.protocol === 'http:'
        ? 'plain http to another host: the checksum comes from the same place, so it would protect nothing'
        : undefined;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, raw, accepted, detail);
}


/***/ }),

/***/ 7787:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ ecrLoginRules),
/* harmony export */   F: () => (/* binding */ ecrHost)
/* harmony export */ });
// Amazon ECR's registry hosts, as AWS names them: private registries
// <account>.dkr.ecr.<region>.amazonaws.com (and the dkr-ecr, .amazonaws.com.cn and FIPS spellings),
// and ECR Public, public.ecr.aws.
/** What planning knows of the ECR login kind (registry/login-kinds/ecr-login.ts makes the login). */
const ecrLoginRules = {
    // Without keys, the AWS SDK's own credential chain (OIDC through aws-actions/configure-aws-credentials).
    keyless: true,
    label: (registry) => `ECR at ${registry}`,
    secretNames: { username: 'for ECR: the AWS access key id', password: 'for ECR: the AWS secret access key' }
};
const ECR_PUBLIC_HOST = 'public.ecr.aws';
const ECR_PUBLIC_REGION = 'us-east-1';
const privateHost = /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws|amazonaws\.eu)$/;
/** The ECR host a registry name is, or undefined when it is not one. */
function ecrHost(registry) {
    const host = registry.toLowerCase();
    if (host === ECR_PUBLIC_HOST)
        return { public: true, region: ECR_PUBLIC_REGION };
    const match = privateHost.exec(host);
    if (!match)
        return undefined;
    return { public: false, accountId: match[1], region: match[2] };
}


/***/ }),

/***/ 264:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CQ: () => (/* binding */ splitShellWords),
/* harmony export */   FF: () => (/* binding */ parseKeyValueLines),
/* harmony export */   HU: () => (/* binding */ parseChoice),
/* harmony export */   Rh: () => (/* binding */ annotationKeyPattern),
/* harmony export */   ry: () => (/* binding */ splitList),
/* harmony export */   uz: () => (/* binding */ splitLines),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7206);

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
/** Splits words as a shell does for simple quoting: "double" (with \\ escapes), 'single', or bare. */
function splitShellWords(raw) {
    const words = [];
    for (const match of raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
        words.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '');
    return words;
}
const keyPattern = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
/** Annotation keys may name their level, as buildx takes them: index:, manifest[linux/arm64]:, ... */
const annotationKeyPattern = /^(?:(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[a-z0-9/._-]+(?:,[a-z0-9/._-]+)*\])?:)?[A-Za-z_][A-Za-z0-9_.\-/]*$/;
/** Parses NAME=value lines. Values may hold '=', commas and spaces; keys may not be empty. */
function parseKeyValueLines(input, raw, names = keyPattern) {
    const seen = new Map();
    for (const [index, line] of splitLines(raw).entries()) {
        const separator = line.indexOf('=');
        const key = separator < 0 ? line : line.slice(0, separator).trim();
        if (separator < 0 || !names.test(key)) {
            // A malformed secrets line may be the secret itself: never echo it. The same goes for a build
            // arg (an error comes before any value is masked): its name at most, never its value.
            const shown = input === 'secrets'
                ? '(hidden)'
                : input === 'build-args'
                    ? `line ${index + 1}${separator < 0 ? '' : `: ${key}=…`}`
                    : line;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, shown, 'one NAME=value per line, NAME made of letters, digits, _ . - /', separator < 0 ? "no '='" : 'bad name');
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
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, 'true or false');
}
function parseChoice(input, raw, choices, fallback) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return fallback;
    const match = choices.find((choice) => choice === value);
    if (!match)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, choices.join(', '));
    return match;
}


/***/ }),

/***/ 3065:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $O: () => (/* binding */ elfTarget),
/* harmony export */   $k: () => (/* binding */ splitPlatformText),
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   HZ: () => (/* binding */ goArchitectureOfQemu),
/* harmony export */   M8: () => (/* binding */ buildxAssetSuffix),
/* harmony export */   Nc: () => (/* binding */ nativePlatform),
/* harmony export */   PU: () => (/* binding */ runsNatively),
/* harmony export */   TK: () => (/* binding */ buildxNodeArchitectures),
/* harmony export */   VX: () => (/* binding */ parsePlatformList),
/* harmony export */   WN: () => (/* binding */ normalisePlatform),
/* harmony export */   aw: () => (/* binding */ builderSupports),
/* harmony export */   h4: () => (/* binding */ normalisePlatformText),
/* harmony export */   k8: () => (/* binding */ architectureTable),
/* harmony export */   my: () => (/* binding */ samePlatform),
/* harmony export */   xA: () => (/* binding */ foreignQemuArchitectures)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7206);
/* harmony import */ var _lists_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(264);


const elf = (code, machine, bits, littleEndian = true) => ({
    code,
    machine,
    bits,
    littleEndian
});
const x86_64 = elf(62, 'x86-64', 64);
const arm32 = elf(40, 'arm', 32);
/** The one table of architectures; everything per architecture elsewhere is derived from it. */
const architectureTable = [
    {
        arch: 'amd64',
        sameAs: 'v1',
        elf: x86_64,
        qemu: 'x86_64',
        uname: 'x86_64',
        debian: 'amd64',
        buildxAsset: 'amd64',
        node: 'x64',
        aliases: ['x64', 'x86-64']
    },
    { arch: 'amd64', variant: 'v2', elf: x86_64, qemu: 'x86_64', uname: 'x86_64' },
    { arch: 'amd64', variant: 'v3', elf: x86_64, qemu: 'x86_64', uname: 'x86_64' },
    { arch: 'amd64', variant: 'v4', elf: x86_64, qemu: 'x86_64', uname: 'x86_64' },
    { arch: '386', elf: elf(3, 'i386', 32), qemu: 'i386', uname: 'i686', debian: 'i386', node: 'ia32', aliases: ['x86'] },
    {
        arch: 'arm64',
        sameAs: 'v8',
        elf: elf(183, 'aarch64', 64),
        qemu: 'aarch64',
        uname: 'aarch64',
        debian: 'arm64',
        buildxAsset: 'arm64',
        node: 'arm64'
    },
    { arch: 'arm', variant: 'v5', elf: arm32, qemu: 'arm', uname: 'armv5tel', aliases: ['armv5'] },
    {
        arch: 'arm',
        variant: 'v6',
        elf: arm32,
        qemu: 'arm',
        uname: 'armv6l',
        debian: 'armel',
        buildxAsset: 'arm-v6',
        aliases: ['armv6']
    },
    {
        arch: 'arm',
        variant: 'v7',
        isDefault: true,
        elf: arm32,
        qemu: 'arm',
        uname: 'armv7l',
        debian: 'armhf',
        buildxAsset: 'arm-v7',
        node: 'arm',
        aliases: ['armv7']
    },
    {
        arch: 'riscv64',
        elf: elf(243, 'riscv64', 64),
        qemu: 'riscv64',
        uname: 'riscv64',
        debian: 'riscv64',
        buildxAsset: 'riscv64',
        node: 'riscv64'
    },
    // Node calls little-endian POWER ppc64.
    {
        arch: 'ppc64le',
        elf: elf(21, 'ppc64le', 64),
        qemu: 'ppc64le',
        uname: 'ppc64le',
        debian: 'ppc64el',
        buildxAsset: 'ppc64le',
        node: 'ppc64'
    },
    {
        arch: 's390x',
        elf: elf(22, 's390x', 64, false),
        qemu: 's390x',
        uname: 's390x',
        debian: 's390x',
        buildxAsset: 's390x',
        node: 's390x'
    },
    { arch: 'mips64le', elf: elf(8, 'mips', 64), qemu: 'mips64el', uname: 'mips64', debian: 'mips64el' },
    { arch: 'mips64', elf: elf(8, 'mips', 64, false), qemu: 'mips64', uname: 'mips64' },
    {
        arch: 'loong64',
        elf: elf(258, 'loongarch64', 64),
        qemu: 'loongarch64',
        uname: 'loongarch64',
        debian: 'loong64',
        node: 'loong64'
    }
];
/** The row an OCI platform's architecture and variant name; undefined for one this table lacks. */
function architectureRow(platform) {
    const rows = architectureTable.filter((row) => row.arch === platform.architecture);
    const wanted = platform.variant;
    return (rows.find((row) => row.variant === wanted || (wanted !== undefined && row.sameAs === wanted)) ??
        (wanted === undefined ? (rows.find((row) => row.isDefault) ?? rows[0]) : undefined));
}
const canonical = (row) => (row.variant ? `${row.arch}/${row.variant}` : row.arch);
const goArchitectures = new Set(architectureTable.map((row) => row.arch));
// Spellings people use for the same thing, from uname, Debian, QEMU and Go's neighbours; the first row wins.
const aliases = new Map();
for (const row of architectureTable) {
    for (const name of [row.uname, row.debian, row.qemu, ...(row.aliases ?? [])]) {
        if (name && !goArchitectures.has(name) && !aliases.has(name))
            aliases.set(name, canonical(row));
    }
}
const supportedOperatingSystems = new Set(['linux', 'windows']);
const acceptedPlatforms = 'os/arch[/variant] with os linux or windows and arch one of ' +
    [...goArchitectures].join(', ') +
    ' (shorthands such as arm64, arm/v7, armv7, amd64 are accepted)';
function formatPlatform(platform) {
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
/** The variants an architecture takes, as written in the error message. */
function variantsOf(architecture) {
    return architectureTable
        .filter((row) => row.arch === architecture)
        .flatMap((row) => [row.sameAs, row.variant])
        .filter((variant) => variant !== undefined);
}
/** Parses one platform, normalising shorthands: arm64 → linux/arm64, armv7 → linux/arm/v7, arm64/v8 → linux/arm64. */
function parsePlatform(raw, input = 'platforms') {
    const text = raw.trim().toLowerCase();
    let parts = text.split('/');
    if (parts.length > 0 && !supportedOperatingSystems.has(parts[0] ?? ''))
        parts = ['linux', ...parts];
    const [os = '', rawArchitecture = '', ...rest] = parts;
    const aliased = aliases.get(rawArchitecture);
    let architecture = rawArchitecture;
    let variant = rest[0];
    if (aliased) {
        const [aliasArchitecture = '', aliasVariant] = aliased.split('/');
        architecture = aliasArchitecture;
        if (aliasVariant && variant && variant !== aliasVariant) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, `${rawArchitecture} already means ${aliased}`);
        }
        variant = variant ?? aliasVariant;
    }
    if (!goArchitectures.has(architecture) || rest.length > 1 || text === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, 'unknown platform');
    }
    const row = architectureRow({ architecture, ...(variant === undefined ? {} : { variant }) });
    if (!row) {
        const variants = variantsOf(architecture);
        const takes = variants.length ? `variants ${variants.join(', ')}` : 'no variant';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, `${architecture} takes ${takes}`);
    }
    // arm64/v8 and amd64/v1 are the same thing as no variant; keep one spelling.
    return row.variant ? { os, architecture, variant: row.variant } : { os, architecture };
}
/** A platform a registry named, already normalised as text (normalisePlatformText), split into its parts unchecked. */
function splitPlatformText(text) {
    const [os = '', architecture = '', variant] = text.split('/');
    return variant ? { os, architecture, variant } : { os, architecture };
}
/** Parses a comma/newline list; duplicates that normalise to the same platform are refused, since they mean a typo. */
function parsePlatformList(raw, input = 'platforms') {
    const entries = (0,_lists_js__WEBPACK_IMPORTED_MODULE_1__/* .splitList */ .ry)(raw);
    if (entries.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, acceptedPlatforms, 'no platform given');
    const seen = new Map();
    const platforms = [];
    for (const entry of entries) {
        const platform = parsePlatform(entry, input);
        const key = formatPlatform(platform);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, raw, 'each platform once', `'${earlier}' and '${entry}' are both ${key}`);
        }
        seen.set(key, entry);
        platforms.push(platform);
    }
    return platforms;
}
/**
 * One spelling of a platform already split into its parts (arm → arm/v7, arm64/v8 → arm64), as
 * parsePlatform gives; one this table does not know stays as it is.
 */
function normalisePlatform(platform) {
    const row = supportedOperatingSystems.has(platform.os) ? architectureRow(platform) : undefined;
    if (!row)
        return platform;
    return row.variant
        ? { os: platform.os, architecture: row.arch, variant: row.variant }
        : { os: platform.os, architecture: row.arch };
}
function samePlatform(a, b) {
    return formatPlatform(a) === formatPlatform(b);
}
/** The runner's own platform, from Node's process.arch. */
function nativePlatform(nodeArch = process.arch) {
    const row = architectureTable.find((entry) => entry.node === nodeArch);
    return parsePlatform(row ? canonical(row) : nodeArch);
}
/** The suffix of buildx's release asset for a runner's process.arch; undefined when buildx publishes none. */
function buildxAssetSuffix(nodeArch) {
    return architectureTable.find((row) => row.node === nodeArch)?.buildxAsset;
}
/** process.arch values buildx publishes a Linux release for. */
const buildxNodeArchitectures = architectureTable
    .filter((row) => row.node !== undefined && row.buildxAsset !== undefined)
    .map((row) => row.node);
/** Go's name for a QEMU architecture (tonistiigi/binfmt's --install takes these). */
function goArchitectureOfQemu(qemu) {
    return architectureTable.find((row) => row.qemu === qemu)?.arch ?? qemu;
}
/** The ELF header a Linux platform's binaries carry; undefined for other OSes and unknown architectures. */
function elfTarget(platform) {
    return platform.os === 'linux' ? architectureRow(platform)?.elf : undefined;
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
        const row = architectureRow(platform);
        if (row)
            needed.add(row.qemu);
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

/***/ 26:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pn: () => (/* binding */ JOB_PREFIX),
/* harmony export */   WV: () => (/* binding */ createJobDockerConfig),
/* harmony export */   fD: () => (/* binding */ isJobConfigDir),
/* harmony export */   fS: () => (/* binding */ jobScopedName),
/* harmony export */   xm: () => (/* binding */ useJobConfig)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4115);




/** Every name this action gives a builder, a container or its job config starts with this. */
const JOB_PREFIX = 'mab-';
const CONFIG_SUFFIX = '-docker-config-';
// mkdtemp appends six characters; nothing else under RUNNER_TEMP is ever the post step's to delete.
const jobConfigPattern = /^mab-[A-Za-z0-9-]+-docker-config-[A-Za-z0-9]{6}$/;
/** A name unique to this job on this machine, even for parallel jobs of one run. */
function jobScopedName(env = process.env, random = Math.random()) {
    const run = (env['GITHUB_RUN_ID'] ?? 'local').replace(/[^A-Za-z0-9]/g, '');
    const job = (env['GITHUB_JOB'] ?? 'job')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 20);
    const unique = `${process.pid.toString(36)}${Math.floor(random * 36 ** 4)
        .toString(36)
        .padStart(4, '0')}`;
    return `${JOB_PREFIX}${run}-${job}-${unique}`;
}
function userConfigDir(env) {
    return env['DOCKER_CONFIG'] || node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_os__WEBPACK_IMPORTED_MODULE_1__.homedir(), '.docker');
}
/** Where job configs live: RUNNER_TEMP, which the runner empties after each job. */
function jobTempDir(env = process.env) {
    return node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(env['RUNNER_TEMP'] || node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir());
}
/**
 * Whether a path (read back from the post step's saved state) is a job config this action made:
 * a real directory of ours, directly under RUNNER_TEMP, with the action's prefix. A tampered
 * STATE_dockerConfig must never make the post step delete anything else.
 */
function isJobConfigDir(dir, env = process.env) {
    const resolved = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(dir);
    if (node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(resolved) !== jobTempDir(env) || !jobConfigPattern.test(node_path__WEBPACK_IMPORTED_MODULE_2__.basename(resolved)))
        return false;
    try {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(resolved);
        return stats.isDirectory() && (process.getuid === undefined || stats.uid === process.getuid());
    }
    catch {
        return false;
    }
}
/**
 * An `auths` entry holding no login, for a host that cannot exist (.invalid). Given a config with no
 * `auths`, no `credHelpers` and no `credsStore`, docker picks a credential store of its own (`pass`,
 * else `secretservice`, when its helper is on PATH: ContainsAuth and DetectDefaultStore in docker/cli),
 * and `docker login` would then write the password into the user's keychain, out of the post step's
 * reach. With this entry the job's config never lets docker choose: logins land in this file.
 */
const KEEP_LOGINS_HERE = 'logins-stay-in-this-file.multiarch-build-push.invalid';
/** The parts of the user's config that carry over: static logins, proxies and credential helpers. */
function userSettings(userDir) {
    const config = {};
    const userConfigFile = node_path__WEBPACK_IMPORTED_MODULE_2__.join(userDir, 'config.json');
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(userConfigFile))
        return config;
    try {
        const user = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(userConfigFile, 'utf8'));
        // A credsStore would make our login leave the job's directory, so it stays behind.
        for (const key of ['auths', 'proxies', 'credHelpers'])
            if (user[key] !== undefined)
                config[key] = user[key];
    }
    catch {
        // An unreadable user config is not our job's concern; start empty.
    }
    return config;
}
/**
 * Creates the job's own DOCKER_CONFIG under RUNNER_TEMP and points every command at it. `onCreated`
 * runs before anything is copied in: the place to save the directory for the post step.
 * Logins, contexts and builders then live and die with the job. Earlier logins of the user are
 * copied in (read-only use) so private base images still pull; buildx plugins the user installed
 * are linked so the same buildx runs.
 */
function createJobDockerConfig(name, env = process.env, onCreated = () => undefined) {
    // mkdtemp: an unguessable name, created here (mode 0700), never a directory someone left in place.
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(jobTempDir(env), `${name}${CONFIG_SUFFIX}`));
    // Called while it is still empty (to save it for the post step): whatever happens next, it is removed.
    onCreated(dir);
    const userDir = userConfigDir(env);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'cli-plugins'), { mode: 0o700 });
    const settings = userSettings(userDir);
    const auths = settings['auths'];
    settings['auths'] = { ...(auths && typeof auths === 'object' ? auths : {}), [KEEP_LOGINS_HERE]: {} };
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'config.json'), JSON.stringify(settings, null, 2), { mode: 0o600 });
    const userPlugin = node_path__WEBPACK_IMPORTED_MODULE_2__.join(userDir, 'cli-plugins', 'docker-buildx');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(userPlugin))
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync)(userPlugin, node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'cli-plugins', 'docker-buildx'));
    useJobConfig(dir);
    return { dir, userDir };
}
/**
 * Points every command the job runs at the job's config: docker's, and buildx's, which a user's
 * BUILDX_CONFIG would otherwise move out of it (buildx then keeps its builders there, not under
 * DOCKER_CONFIG): the job's builders are made, found and removed in the job's directory.
 */
function useJobConfig(dir) {
    (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .setJobEnv */ .jn)('DOCKER_CONFIG', dir);
    (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .setJobEnv */ .jn)('BUILDX_CONFIG', node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'buildx'));
}


/***/ }),

/***/ 1475:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ MissingLoginSecret)
/* harmony export */ });
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7206);
// What every login kind (one module each, beside this file) provides.

/**
 * A login that cannot be made because its secret is not there (no AWS credentials for ECR): a run
 * that writes to no registry goes on without it, as with an empty password.
 */
class MissingLoginSecret extends _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    missing;
    constructor(message, hint, 
    /** What was missing, as the log's notice says it: "no AWS credentials were found". */
    missing) {
        super(message, hint);
        this.missing = missing;
        this.name = 'MissingLoginSecret';
    }
}


/***/ }),

/***/ 2305:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* reexport safe */ _post_runner_js__WEBPACK_IMPORTED_MODULE_2__.$e),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   dN: () => (/* reexport safe */ _post_runner_js__WEBPACK_IMPORTED_MODULE_2__.dN),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   pq: () => (/* reexport safe */ _post_runner_js__WEBPACK_IMPORTED_MODULE_2__.pq),
/* harmony export */   setFailed: () => (/* binding */ setFailed),
/* harmony export */   uH: () => (/* binding */ setOutput)
/* harmony export */ });
/* unused harmony export error */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3838);
/* harmony import */ var _log_stream_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1186);
/* harmony import */ var _post_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2988);
// The runner's side of a step, spoken through @actions/core: inputs, outputs, saved state, masks,
// annotations and groups. Every command goes through log-stream.ts, which first ends any region of
// untrusted output that is open (where the runner reads no command, a mask included) and starts a
// line of its own. Plain lines, warnings, the state post reads and exported variables come from
// post-runner.ts, which the post step loads without @actions/core.



/** An input as the runner passes it (INPUT_<NAME>), trimmed unless asked not to (a separator may be a space). */
function getInput(name, options = {}) {
    return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name, options);
}
function setOutput(name, value) {
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value));
}
/** Saved for the post step, which reads it back as STATE_<name>. */
function saveState(name, value) {
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(name, value));
}
/** Masks a value in every later line of the log. */
function setSecret(secret) {
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret));
}
function debug(message) {
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(message));
}
function notice(message) {
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(message));
}
function error(message) {
    writeCommand(() => core.error(message));
}
/** Fails the step: an error annotation, and a non-zero exit code once the process ends. */
function setFailed(message) {
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(message));
}
/** Runs `fn` inside a collapsible group of the log (core.group's two commands, each written as ours). */
async function group(name, fn) {
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(name));
    try {
        return await fn();
    }
    finally {
        (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_1__/* .writeCommand */ .zP)(() => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4());
    }
}


/***/ }),

/***/ 8118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// UNUSED EXPORTS: readInputs

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(7206);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/model/lists.ts
var lists = __webpack_require__(264);
;// CONCATENATED MODULE: ./src/model/references.ts

const DOCKER_HUB = 'docker.io';
/** Every name Docker Hub answers to; docker itself files its login under https://index.docker.io/v1/. */
const DOCKER_HUB_HOSTS = new Set([
    DOCKER_HUB,
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com'
]);
/**
 * One name per registry, the one place registries are compared: a scheme and a path dropped (Docker
 * config keys may be URLs), lowercase, and docker.io for every Docker Hub alias.
 */
function canonicalRegistry(hostOrKey) {
    const host = (hostOrKey
        .trim()
        .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
        .split('/')[0] ?? '').toLowerCase();
    return DOCKER_HUB_HOSTS.has(host) ? DOCKER_HUB : host;
}
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const hostPattern = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const acceptedReference = '[registry[:port]/]repository[:tag] with a lowercase repository (a-z, 0-9, separators . _ __ -) and a tag of at most 128 characters [A-Za-z0-9_.-] not starting with . or -';
/**
 * The reference with its registry and repository lowercased, as docker/metadata-action does with
 * image names (`ghcr.io/${{ github.repository }}` may hold capitals); the tag keeps its case.
 */
function lowercaseName(reference) {
    const slash = reference.lastIndexOf('/');
    const colon = reference.lastIndexOf(':');
    const end = colon > slash ? colon : reference.length;
    return reference.slice(0, end).toLowerCase() + reference.slice(end);
}
/** A tag alone (`1.0`, `{{version}}`), not a reference: no registry, repository nor port in it. */
function isBareTag(entry) {
    return !entry.includes('/') && !entry.includes(':');
}
function isValidTag(tag) {
    return tagPattern.test(tag);
}
/** A first path component is a registry host when it has a dot or a port, or is localhost (Docker's rule). */
function looksLikeHost(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost';
}
function parseImageReference(raw, input = 'tags', requireTag = false) {
    const text = raw.trim();
    const fail = (detail) => {
        throw new errors/* InputError */.dz(input, raw, acceptedReference, detail);
    };
    if (text.includes('@'))
        fail('a digest cannot be a push target; give a tag');
    if (/\s/.test(text))
        fail('contains whitespace');
    const slash = text.indexOf('/');
    let registry = DOCKER_HUB;
    let remainder = text;
    if (slash > 0 && looksLikeHost(text.slice(0, slash))) {
        registry = text.slice(0, slash);
        remainder = text.slice(slash + 1);
        if (!hostPattern.test(registry))
            fail(`'${registry}' is not a registry host`);
    }
    const colon = remainder.lastIndexOf(':');
    let repository = remainder;
    let tag;
    if (colon >= 0) {
        repository = remainder.slice(0, colon);
        tag = remainder.slice(colon + 1);
        if (!isValidTag(tag))
            fail(`'${tag}' is not a valid tag`);
    }
    else if (requireTag) {
        fail('no tag');
    }
    if (repository === '')
        fail('no repository');
    if (repository !== repository.toLowerCase())
        fail('repository names must be lowercase');
    for (const component of repository.split('/')) {
        if (!pathComponent.test(component))
            fail(`'${component}' is not a valid repository path component`);
    }
    if (registry.length + repository.length + 1 > 255)
        fail('name longer than 255 characters');
    if (DOCKER_HUB_HOSTS.has(registry.toLowerCase()))
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !repository.includes('/'))
        repository = `library/${repository}`;
    return tag === undefined ? { registry, repository } : { registry, repository, tag };
}
/** The short form Docker prints: no docker.io/ nor library/ prefix. */
function formatRepository(reference) {
    if (reference.registry !== DOCKER_HUB)
        return `${reference.registry}/${reference.repository}`;
    // Shorten only where the short form reads back the same: library/x → x, but not library/a/b or a host-like first part.
    const short = reference.repository.replace(/^library\/(?=[^/]+$)/, '');
    return looksLikeHost(short.split('/')[0] ?? '') ? `${DOCKER_HUB}/${reference.repository}` : short;
}
function formatReference(reference) {
    return reference.tag === undefined ? formatRepository(reference) : `${formatRepository(reference)}:${reference.tag}`;
}
/** The registry to log in to: the registry input, else the first full reference's host, else Docker Hub. */
function resolveRegistry(registryInput, targets) {
    if (registryInput)
        return registryInput;
    return targets.find((target) => !isBareTag(target.text))?.registry ?? DOCKER_HUB;
}
/** The targets as text, for the edges: command lines, outputs, logs and the summary. */
function targetTexts(targets) {
    return targets.map(({ text }) => text);
}
/** Where a tag target is read or written in its registry. */
function remoteTargetOf(target) {
    return { registry: target.registry, repository: target.repository, reference: target.tag };
}

;// CONCATENATED MODULE: ./src/planning/build-inputs.ts
// build-push-action's build inputs, with its names and formats, checked before anything runs.




const secretIdPattern = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;
const envNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
function splitPair(line) {
    const separator = line.indexOf('=');
    if (separator <= 0)
        return undefined;
    return [line.slice(0, separator).trim(), line.slice(separator + 1).trim()];
}
/** key=value lines where the value is a file, an env name, a context: never a secret, so it may be echoed. */
function parsePairs(input, entries, accepted, valueOk) {
    const seen = new Map();
    for (const entry of entries) {
        const pair = splitPair(entry);
        if (!pair || !secretIdPattern.test(pair[0]) || !valueOk(pair[1]))
            throw new errors/* InputError */.dz(input, entry, accepted);
        seen.set(pair[0], { key: pair[0], value: pair[1] });
    }
    return [...seen.values()];
}
function parseSsh(raw) {
    const accepted = "'default', 'default=<agent socket>', or '<id>=<socket or key file>[,<key file>...]', one per line";
    return (0,lists/* splitLines */.uz)(raw).map((entry) => {
        if (entry === 'default')
            return entry;
        const pair = splitPair(entry);
        if (!pair || !/^[A-Za-z0-9_.-]+$/.test(pair[0]) || pair[1].split(',').some((path) => path.trim() === ''))
            throw new errors/* InputError */.dz('ssh', entry, accepted);
        return `${pair[0]}=${pair[1]}`;
    });
}
const namedContextSchemes = /^(?:docker-image|oci-layout|https?|git|ssh):\/\//;
function parseBuildContexts(raw) {
    const accepted = 'one name=value per line, the value a directory, docker-image://<image>, oci-layout://<dir>[:tag], target:<stage>, or a git/https URL';
    const contexts = parsePairs('build-contexts', (0,lists/* splitLines */.uz)(raw), accepted, (value) => value !== '');
    for (const { key, value } of contexts) {
        if (/\s/.test(key))
            throw new errors/* InputError */.dz('build-contexts', `${key}=${value}`, accepted, 'a name has no spaces');
        if (value.startsWith('docker-image://'))
            parseImageReference(value.slice('docker-image://'.length), 'build-contexts');
        else if (/^[a-z-]+:\/\//.test(value) && !namedContextSchemes.test(value))
            throw new errors/* InputError */.dz('build-contexts', `${key}=${value}`, accepted, 'unknown scheme');
    }
    return contexts;
}
/** CSV key=value fields with a type=; the exporters that push are refused (tags + push do that, guarded and verified). */
function parseOutputs(raw) {
    const accepted = 'type=local,dest=<dir>, type=tar,dest=<file>, type=oci|docker,dest=<file>, type=image (not pushed) or type=cacheonly, one per line';
    return (0,lists/* splitLines */.uz)(raw).map((entry) => {
        const fields = entry.split(',').map((field) => splitPair(field.trim()));
        if (fields.some((field) => field === undefined))
            throw new errors/* InputError */.dz('outputs', entry, accepted, 'key=value fields');
        const attrs = new Map(fields);
        const type = attrs.get('type');
        if (!type || !['local', 'tar', 'oci', 'docker', 'image', 'cacheonly'].includes(type))
            throw new errors/* InputError */.dz('outputs', entry, accepted, type ? `type '${type}'` : 'no type=');
        if (type === 'image' && /^(?:true|1)$/i.test(attrs.get('push') ?? ''))
            throw new errors/* InputError */.dz('outputs', entry, accepted, 'pushing outputs bypass the floating-tag guard and verification: use tags with push, or push-by-digest: true');
        return entry;
    });
}
const attestTypes = ['sbom', 'provenance'];
function parseAttests(raw) {
    const accepted = 'type=sbom or type=provenance, then ,key=value options (generator=..., mode=max); one per line';
    return (0,lists/* splitLines */.uz)(raw).map((entry) => {
        const type = entry
            .split(',')
            .map((field) => splitPair(field))
            .find((pair) => pair?.[0] === 'type')?.[1];
        if (!type || !attestTypes.includes(type))
            throw new errors/* InputError */.dz('attests', entry, accepted);
        return entry;
    });
}
/** build-push's sbom: a boolean, or the options of --attest type=sbom (generator=...). */
function parseSbom(raw) {
    const value = raw.trim();
    if (value === '')
        return value;
    if (/^[a-z_-]+=[^,]+(?:,[a-z_-]+=[^,]+)*$/i.test(value))
        return value;
    return String((0,lists/* parseBoolean */.yG)('sbom', value, false));
}
function parseAddHosts(raw) {
    const accepted = 'host:ip or host=ip (ip an IPv4/IPv6 address or host-gateway), comma or newline separated';
    return (0,lists/* splitList */.ry)(raw).map((entry) => {
        const match = /^([A-Za-z0-9][A-Za-z0-9.-]*)[:=](.+)$/.exec(entry);
        const address = match?.[2]?.replace(/^\[(.*)\]$/, '$1') ?? '';
        if (!match || (address !== 'host-gateway' && (0,external_node_net_.isIP)(address) === 0))
            throw new errors/* InputError */.dz('add-hosts', entry, accepted);
        return entry;
    });
}
function parseShmSize(raw) {
    const value = raw.trim();
    // The size units docker accepts: 64m, 2g, 2GiB, 1048576.
    if (value !== '' && !/^\d+(?:\.\d+)? ?[kmgtp]?i?b?$/i.test(value))
        throw new errors/* InputError */.dz('shm-size', value, 'a size such as 64m, 2g or 2GiB');
    return value;
}
const ulimitNames = [
    'core',
    'cpu',
    'data',
    'fsize',
    'locks',
    'memlock',
    'msgqueue',
    'nice',
    'nofile',
    'nproc',
    'rss',
    'rtprio',
    'rttime',
    'sigpending',
    'stack'
];
function parseUlimits(raw) {
    const accepted = `<name>=<soft>[:<hard>] with a name of ${ulimitNames.join(', ')}; -1 for unlimited; one per line`;
    return (0,lists/* splitLines */.uz)(raw).map((entry) => {
        const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(entry);
        if (!match || !ulimitNames.includes(match[1]))
            throw new errors/* InputError */.dz('ulimit', entry, accepted);
        return entry;
    });
}
function parseAllow(raw) {
    const accepted = 'network.host, security.insecure (the builder must allow them), comma or newline separated';
    return (0,lists/* splitList */.ry)(raw).map((entry) => {
        if (!['network.host', 'security.insecure'].includes(entry) && !/^(?:fs|fs\.read|fs\.write|device)=\S+$/.test(entry))
            throw new errors/* InputError */.dz('allow', entry, accepted);
        return entry;
    });
}
function parseNoCacheFilters(raw) {
    return (0,lists/* splitList */.ry)(raw).map((entry) => {
        if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(entry))
            throw new errors/* InputError */.dz('no-cache-filters', entry, 'build stage names, comma or newline separated');
        return entry;
    });
}
const callMethods = ['build', 'check', 'outline', 'targets', 'subrequests.describe'];
function parseCall(raw) {
    const value = raw.trim();
    if (value === '')
        return value;
    const [method, ...options] = value.split(',');
    if (!callMethods.includes(method) || options.some((option) => !/^[a-z]+=[^,=]+$/.test(option)))
        throw new errors/* InputError */.dz('call', value, `${callMethods.join(', ')}, optionally with ,key=value options`);
    return value;
}
/** Reads build-push-action's build inputs. Pure apart from `read`. */
function parseBuildInputs(read) {
    const secretEnvAccepted = 'id=ENV_NAME entries (the environment variable holding the value), comma or newline separated';
    return {
        secretFiles: parsePairs('secret-files', (0,lists/* splitLines */.uz)(read('secret-files')), 'one id=path per line, path a file holding the secret', (value) => value !== ''),
        secretEnvs: parsePairs('secret-envs', (0,lists/* splitList */.ry)(read('secret-envs')), secretEnvAccepted, (value) => envNamePattern.test(value)),
        ssh: parseSsh(read('ssh')),
        buildContexts: parseBuildContexts(read('build-contexts')),
        outputs: parseOutputs(read('outputs')),
        sbom: parseSbom(read('sbom')),
        attests: parseAttests(read('attests')),
        addHosts: parseAddHosts(read('add-hosts')),
        shmSize: parseShmSize(read('shm-size')),
        ulimit: parseUlimits(read('ulimit')),
        allow: parseAllow(read('allow')),
        noCacheFilters: parseNoCacheFilters(read('no-cache-filters')),
        call: parseCall(read('call')),
        // The runner fills in action.yml's ${{ github.token }}; a run outside it passes the expression unevaluated, which is no token.
        githubToken: read('github-token')
            .trim()
            .replace(/^\$\{\{.*\}\}$/, '')
    };
}
/** Whether buildx makes an image the action pushes: outputs replace it, and call: check builds nothing. */
function producesImage(inputs) {
    return inputs.outputs.length === 0 && (inputs.call === '' || inputs.call.startsWith('build'));
}

;// CONCATENATED MODULE: ./src/model/checks.ts
// What the checks report, per platform, and the levels and bounds they run under.
/** The audit's bounds when arch-audit-limits leaves one out. */
const defaultAuditBounds = { maxFiles: 50_000, maxBytes: 2 * 1024 ** 3, timeoutMs: 120_000 };
const defaultSmokeIsolation = {
    capAdd: [],
    noNewPrivileges: true,
    pidsLimit: 256,
    memory: '1g',
    readOnly: true,
    tmpfs: []
};

;// CONCATENATED MODULE: ./src/planning/smoke-flags.ts
// smoke-test-flags: docker run flags that loosen the smoke run's bounds, written as for docker run
// (`--cap-add NET_BIND_SERVICE --memory 2g --read-only=false`). Only flags that loosen a default
// are taken: the smoke run is a check of the image, not a way to mount or reach the runner. Pure.



const INPUT = 'smoke-test-flags';
const ACCEPTED = 'docker run flags that loosen the defaults: --cap-add CAP (ALL for Docker’s defaults), ' +
    '--security-opt no-new-privileges=false, --pids-limit N (0 for none), --memory SIZE (512m, 2g; 0 for none), ' +
    '--read-only=false, --tmpfs /path[:options]';
const booleanValue = (value) => value === '' || value === 'true' ? true : value === 'false' ? false : undefined;
/** Each flag: whether it takes a value, and how it changes the bounds (a message when the value is wrong). */
const flags = {
    '--cap-add': {
        takesValue: true,
        apply: (isolation, value) => {
            if (!/^(?:CAP_)?[A-Z_]+$/i.test(value))
                return 'a capability name such as NET_BIND_SERVICE, or ALL';
            isolation.capAdd.push(value.toUpperCase());
            return undefined;
        }
    },
    '--security-opt': {
        takesValue: true,
        apply: (isolation, value) => {
            const match = /^no-new-privileges(?:[=:](true|false))?$/.exec(value);
            if (!match)
                return 'only no-new-privileges=false (no other security option is the smoke run’s to change)';
            isolation.noNewPrivileges = match[1] !== 'false';
            return undefined;
        }
    },
    '--pids-limit': {
        takesValue: true,
        apply: (isolation, value) => {
            if (!/^(?:-1|\d+)$/.test(value))
                return 'a whole number of processes, 0 or -1 for none';
            isolation.pidsLimit = Math.max(0, Number(value));
            return undefined;
        }
    },
    '--memory': {
        takesValue: true,
        apply: (isolation, value) => {
            if (!/^\d+[bkmg]?$/i.test(value))
                return 'a size in docker’s format: 512m, 2g; 0 for none';
            isolation.memory = /^0+[bkmg]?$/i.test(value) ? '' : value.toLowerCase();
            return undefined;
        }
    },
    '--read-only': {
        takesValue: false,
        apply: (isolation, value) => {
            const readOnly = booleanValue(value);
            if (readOnly === undefined)
                return '--read-only=false or --read-only=true';
            isolation.readOnly = readOnly;
            return undefined;
        }
    },
    '--tmpfs': {
        takesValue: true,
        apply: (isolation, value) => {
            if (!/^\/[^\s:,]*(?::[a-z0-9=,]+)?$/i.test(value))
                return 'an absolute path, with mount options after a colon';
            isolation.tmpfs.push(value);
            return undefined;
        }
    }
};
const aliases = { '-m': '--memory' };
/** The smoke run's bounds: the defaults, loosened by each flag in turn. */
function parseSmokeFlags(raw) {
    const isolation = { ...defaultSmokeIsolation, capAdd: [], tmpfs: [] };
    const words = (0,lists/* splitShellWords */.CQ)(raw);
    for (let index = 0; index < words.length; index++) {
        const word = words[index];
        const equals = word.indexOf('=');
        const given = equals > 0 ? word.slice(0, equals) : word;
        const name = aliases[given] ?? given;
        const flag = flags[name];
        if (!flag)
            throw new errors/* InputError */.dz(INPUT, word, ACCEPTED, `${given} is not a flag the smoke run takes`);
        let value = equals > 0 ? word.slice(equals + 1) : '';
        if (equals < 0 && flag.takesValue) {
            value = words[++index] ?? '';
            if (value === '')
                throw new errors/* InputError */.dz(INPUT, word, ACCEPTED, `${given} needs a value`);
        }
        const problem = flag.apply(isolation, value);
        if (problem)
            throw new errors/* InputError */.dz(INPUT, `${given} ${value}`.trim(), ACCEPTED, `${name} takes ${problem}`);
    }
    return isolation;
}

;// CONCATENATED MODULE: ./src/planning/audit-limits.ts
// The arch-audit-limits input: how much of an image the architecture audit may read.



const accepted = 'comma or newline separated files=<entries>, size=<bytes, or with KiB, MiB, GiB, TiB>, time=<seconds, or with s, m>, e.g. files=200000,size=8GiB,time=300s';
const sizeUnits = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
const timeUnits = { '': 1000, s: 1000, m: 60_000 };
function amount(raw, entry, units, input) {
    const match = /^(\d+)\s*([a-z]*)$/i.exec(raw.trim());
    const unit = match?.[2]?.toLowerCase() ?? '';
    const scale = Object.hasOwn(units, unit) ? units[unit] : undefined;
    const value = match && scale !== undefined ? Number(match[1]) * scale : NaN;
    if (!Number.isSafeInteger(value) || value <= 0)
        throw new errors/* InputError */.dz(input, entry, accepted, `'${raw}' is not a positive amount`);
    return value;
}
/** Parses arch-audit-limits; anything left out keeps its default (50000 entries, 2 GiB, 120 s). */
function parseAuditLimits(raw, input = 'arch-audit-limits') {
    const bounds = { ...defaultAuditBounds };
    for (const entry of (0,lists/* splitList */.ry)(raw)) {
        const [key = '', value = ''] = entry.split('=', 2).map((part) => part.trim());
        if (key === 'files')
            bounds.maxFiles = amount(value, entry, { '': 1 }, input);
        else if (key === 'size')
            bounds.maxBytes = amount(value, entry, sizeUnits, input);
        else if (key === 'time')
            bounds.timeoutMs = amount(value, entry, timeUnits, input);
        else
            throw new errors/* InputError */.dz(input, entry, accepted, `unknown bound '${key}'`);
    }
    return bounds;
}

// EXTERNAL MODULE: ./src/model/download-url.ts
var download_url = __webpack_require__(5937);
;// CONCATENATED MODULE: ./src/model/retry.ts
// How long the action waits for a registry that asks it to come back later (Retry-After).
/** registry-retry-after-max's default, in seconds: the longest Retry-After honoured. */
const DEFAULT_RETRY_AFTER_MAX_SECONDS = 60;

;// CONCATENATED MODULE: ./src/planning/empty-inputs.ts


// Run with --privileged: pinned by digest, so whoever could move the tag cannot get root on the runner.
// The digest of the published index of tonistiigi/binfmt:qemu-v9.2.2 (qemu-v9.2.2-52), as pinned in
// public build files (elastic/apm-server's Makefile, the Microsoft mirror mcr.microsoft.com/mirror/
// docker/tonistiigi/binfmt:qemu-v9.2.2-52 and others); Docker Hub is not reachable from the test machines.
const DEFAULT_QEMU_IMAGE = 'tonistiigi/binfmt:qemu-v9.2.2@sha256:1b804311fe87047a4c96d38b4b3ef6f62fca8cd125265917a9e3dc3c996c39e6';
const DEFAULT_PLATFORMS = 'linux/amd64,linux/arm64';
/**
 * The inputs whose action.yml default is not empty, with that default. The runner fills defaults
 * in for inputs a workflow leaves out, so one of these that reads as empty was set to empty: a
 * workflow expression that came out empty, never a request for the default. (A default that is
 * itself an expression, such as github-token's, is the runner's to fill and is not listed.)
 */
const NON_EMPTY_INPUT_DEFAULTS = {
    mode: 'build',
    context: '.',
    platforms: DEFAULT_PLATFORMS,
    push: 'auto',
    'push-by-digest': 'false',
    load: 'false',
    'no-cache': 'false',
    cache: 'auto',
    pull: 'false',
    qemu: 'auto',
    'qemu-image': DEFAULT_QEMU_IMAGE,
    driver: 'auto',
    cleanup: 'true',
    ecr: 'auto',
    'login-scope': 'step',
    'platform-check': 'error',
    verify: 'true',
    'arch-audit': 'error',
    'arch-audit-cache': 'auto',
    'smoke-test-timeout': '60',
    'registry-retry-after-max': String(DEFAULT_RETRY_AFTER_MAX_SECONDS)
};
/** Refuses an input that is present but empty where empty means nothing (an empty platforms would build the defaults). */
function refuseEmptyInputs(read) {
    for (const [name, fallback] of Object.entries(NON_EMPTY_INPUT_DEFAULTS)) {
        if (read(name).trim() !== '')
            continue;
        throw new errors/* InputError */.dz(name, '', `a value, or leave '${name}' out of the step's with: for its default '${fallback}'`, 'set but empty: such a value usually comes from a workflow expression that came out empty, such as ${{ matrix.platform }} with a misspelt matrix key');
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/model/platforms.ts
var model_platforms = __webpack_require__(3065);
;// CONCATENATED MODULE: ./src/planning/builder-inputs.ts
// The builder inputs: which BuildKit builds, where, and with what configuration. Pure: table-tested.




const drivers = ['auto', 'docker-container', 'docker', 'remote', 'kubernetes'];
// docker's own rule for context names; a builder name follows it too.
const contextName = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/;
const nodeName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const dockerSchemes = ['unix', 'tcp', 'ssh', 'npipe'];
// BuildKit's client dials these, directly or through its connection helpers.
const remoteSchemes = [
    'tcp',
    'unix',
    'npipe',
    'ssh',
    'docker-container',
    'podman-container',
    'nerdctl-container',
    'kube-pod'
];
function acceptedEndpoints(driver) {
    if (driver === 'remote')
        return `a BuildKit address: ${remoteSchemes.map((scheme) => `${scheme}://`).join(', ')}`;
    return `a Docker endpoint (${dockerSchemes.map((scheme) => `${scheme}://`).join(', ')}) or a docker context name`;
}
/**
 * An endpoint is a positional argument of `buildx create` and the `host=` value of `docker context
 * create --docker`: a leading '-' would be read as a flag and a comma or quote as another option.
 */
function parseEndpoint(input, raw, driver) {
    const value = raw.trim();
    if (value === '')
        return value;
    const accepted = acceptedEndpoints(driver);
    if (/[\s,"']/.test(value) || value.startsWith('-'))
        throw new errors/* InputError */.dz(input, value, accepted, 'spaces, commas, quotes and a leading - are not allowed');
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
    if (scheme === undefined) {
        if (driver === 'remote')
            throw new errors/* InputError */.dz(input, value, accepted, 'the remote driver needs an address');
        if (!contextName.test(value))
            throw new errors/* InputError */.dz(input, value, accepted, 'not a context name');
        return value;
    }
    const schemes = driver === 'remote' ? remoteSchemes : dockerSchemes;
    if (!schemes.includes(scheme))
        throw new errors/* InputError */.dz(input, value, accepted, `unknown scheme ${scheme}://`);
    if (value.length === scheme.length + 3)
        throw new errors/* InputError */.dz(input, value, accepted, 'no address after the scheme');
    return value;
}
function parseDriverOpts(input, raw) {
    const options = typeof raw === 'string' ? (0,lists/* splitList */.ry)(raw) : raw.map((entry) => entry.trim()).filter(Boolean);
    for (const option of options) {
        if (!/^[A-Za-z0-9_.-]+=/.test(option))
            throw new errors/* InputError */.dz(input, option, 'key=value entries such as image=moby/buildkit:v0.16.0 or network=host');
    }
    return options;
}
const nodeKeys = ['name', 'endpoint', 'platforms', 'driver-opts', 'buildkitd-flags'];
const nodesAccepted = `a YAML list of nodes, each with endpoint and optionally ${nodeKeys.filter((key) => key !== 'endpoint').join(', ')}`;
function textField(entry, key, where) {
    const value = entry[key];
    if (value === undefined || value === null)
        return '';
    if (typeof value !== 'string' && typeof value !== 'number')
        throw new errors/* InputError */.dz('nodes', where, nodesAccepted, `${key} must be a string`);
    return String(value).trim();
}
function listField(entry, key, where) {
    const value = entry[key];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
        return value;
    if (Array.isArray(value))
        throw new errors/* InputError */.dz('nodes', where, nodesAccepted, `${key} must list strings`);
    return textField(entry, key, where);
}
function parseNode(entry, index, driver) {
    const where = `entry ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        throw new errors/* InputError */.dz('nodes', where, nodesAccepted, 'not a mapping');
    const fields = entry;
    const unknown = Object.keys(fields).filter((key) => !nodeKeys.includes(key));
    if (unknown.length > 0)
        throw new errors/* InputError */.dz('nodes', where, nodesAccepted, `unknown key ${unknown.join(', ')}`);
    const name = textField(fields, 'name', where);
    if (name !== '' && !nodeName.test(name))
        throw new errors/* InputError */.dz('nodes', name, 'node names of letters, digits, _ . -');
    const endpoint = parseEndpoint('nodes', textField(fields, 'endpoint', where), driver);
    // A kubernetes node is placed by its driver-opts (nodeselector=...), not by an address.
    if (endpoint === '' && driver !== 'kubernetes')
        throw new errors/* InputError */.dz('nodes', where, nodesAccepted, 'no endpoint');
    const platformsRaw = listField(fields, 'platforms', where);
    const platformsText = typeof platformsRaw === 'string' ? platformsRaw : platformsRaw.join(',');
    return {
        name,
        endpoint,
        platforms: platformsText === '' ? [] : (0,model_platforms/* parsePlatformList */.VX)(platformsText, 'nodes'),
        driverOpts: parseDriverOpts('nodes', listField(fields, 'driver-opts', where)),
        buildkitdFlags: textField(fields, 'buildkitd-flags', where)
    };
}
function parseNodes(raw, driver) {
    if (raw.trim() === '')
        return [];
    let parsed;
    try {
        parsed = (0,dist/* parse */.qg)(raw);
    }
    catch (error) {
        throw new errors/* InputError */.dz('nodes', raw, nodesAccepted, `not YAML: ${error.message.split('\n')[0]}`);
    }
    if (!Array.isArray(parsed))
        throw new errors/* InputError */.dz('nodes', raw, nodesAccepted, 'not a list');
    const nodes = parsed.map((entry, index) => parseNode(entry, index, driver));
    const names = nodes.map(({ name }) => name).filter(Boolean);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined)
        throw new errors/* InputError */.dz('nodes', twice, 'each node name once');
    return nodes;
}
function parsePem(input, raw) {
    const value = raw.trim();
    // Never echo the value: it is a secret, and a key pasted into the wrong input is one too.
    if (value !== '' && !/^-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----$/.test(value))
        throw new errors/* InputError */.dz(input, '(hidden)', 'PEM text (-----BEGIN ...-----), usually from a secret');
    return value === '' ? '' : `${value}\n`;
}
/** The remote driver's TLS material; which driver may take it is a rule across inputs (input-rules.ts). */
function parseRemoteTls(read) {
    return {
        cacert: parsePem('remote-cacert', read('remote-cacert')),
        cert: parsePem('remote-cert', read('remote-cert')),
        key: parsePem('remote-key', read('remote-key'))
    };
}
/** Parses the builder inputs, each on its own; throws InputError naming the first bad one. How they combine is input-rules.ts's. */
function parseBuilderInputs(read) {
    const driver = (0,lists/* parseChoice */.HU)('driver', read('driver'), drivers, 'auto');
    const builder = read('builder').trim();
    if (builder !== '' && !contextName.test(builder))
        throw new errors/* InputError */.dz('builder', builder, 'the name of an existing builder (docker buildx ls)');
    const driverOpts = parseDriverOpts('driver-opts', read('driver-opts'));
    const inputs = {
        driver,
        builder,
        nodes: parseNodes(read('nodes'), driver),
        driverOpts,
        buildkitdFlags: read('buildkitd-flags').trim(),
        endpoint: parseEndpoint('endpoint', read('endpoint'), driver),
        buildkitdConfig: read('buildkitd-config').trim(),
        buildkitdConfigInline: (0,lists/* splitLines */.uz)(read('buildkitd-config-inline')).length > 0 ? read('buildkitd-config-inline') : '',
        remoteTls: parseRemoteTls(read)
    };
    return inputs;
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/expressions.ts
// The `{{ … }}` expressions of metadata-action's rule attributes: a name, then quoted arguments and
// key='value' options, as in {{date 'YYYYMMDD' tz='Asia/Tokyo'}}. Only that subset of Handlebars is
// documented for tag rules, so that is all this reads. Pure.
/** A template the rule syntax cannot read, or an expression the attribute does not offer. */
class TemplateError extends Error {
    constructor(message) {
        super(message);
        this.name = 'TemplateError';
    }
}
const tokenPattern = /\s*(?:([A-Za-z_][\w-]*)=)?(?:'([^']*)'|"([^"]*)"|([^\s'"=]+))/y;
function parseExpression(body, text) {
    const expression = { name: '', args: [], paths: [], options: {}, text };
    tokenPattern.lastIndex = 0;
    let position = 0;
    while (body.slice(position).trim() !== '') {
        tokenPattern.lastIndex = position;
        const match = tokenPattern.exec(body);
        if (!match)
            throw new TemplateError(`cannot read ${text}`);
        position = tokenPattern.lastIndex;
        const [, key, single, double, bare] = match;
        const quoted = single ?? double;
        if (expression.name === '') {
            if (key !== undefined || bare === undefined)
                throw new TemplateError(`${text} must start with a name`);
            expression.name = bare;
        }
        else if (key !== undefined) {
            expression.options[key] = quoted ?? bare ?? '';
        }
        else if (quoted !== undefined) {
            expression.args.push(quoted);
        }
        else {
            expression.paths.push(bare ?? '');
        }
    }
    if (expression.name === '')
        throw new TemplateError('empty {{ }}');
    return expression;
}
/** Every expression in a template, in order. Throws TemplateError on unbalanced braces. */
function expressionsOf(template) {
    const expressions = [];
    renderTemplate(template, (expression) => {
        expressions.push(expression);
        return '';
    });
    return expressions;
}
/**
 * Replaces each {{ … }} by what `resolve` gives; unknown names are a TemplateError. As in
 * Handlebars, a backslash before {{ keeps that expression as written, without the backslash
 * (`\{{.Name}}` gives `{{.Name}}`).
 */
function renderTemplate(template, resolve) {
    let output = '';
    let position = 0;
    for (;;) {
        const open = template.indexOf('{{', position);
        const close = template.indexOf('}}', position);
        if (open < 0) {
            if (close >= 0)
                throw new TemplateError("unbalanced '}}'");
            return output + template.slice(position);
        }
        if (close >= 0 && close < open)
            throw new TemplateError("unbalanced '}}'");
        const end = template.indexOf('}}', open + 2);
        if (open > 0 && template[open - 1] === '\\') {
            // Escaped: kept as written up to its }} (or to the end), the backslash dropped.
            const stop = end < 0 ? template.length : end + 2;
            output += template.slice(position, open - 1) + template.slice(open, stop);
            position = stop;
            continue;
        }
        if (end < 0)
            throw new TemplateError("unbalanced '{{'");
        const text = template.slice(open, end + 2);
        const expression = parseExpression(template.slice(open + 2, end), text);
        const value = resolve(expression);
        if (value === undefined)
            throw new TemplateError(`unknown expression ${text}`);
        output += template.slice(position, open) + value;
        position = end + 2;
    }
}
/** Names a template uses that `offered` does not list. */
function unknownNames(template, offered) {
    return expressionsOf(template)
        .map(({ name }) => name)
        .filter((name) => !offered.includes(name));
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/parse.ts
// Reads metadata-action's rule lines (`type=semver,pattern={{version}}`) in the tags input, with
// the attributes, defaults and priorities metadata-action documents. Pure; bad lines are InputErrors.



const defaultPriority = {
    schedule: 1000,
    semver: 900,
    pep440: 900,
    match: 800,
    edge: 700,
    ref: 600,
    raw: 200,
    sha: 100
};
const common = ['enable', 'priority', 'prefix', 'suffix'];
const attributesOf = {
    schedule: ['pattern'],
    semver: ['pattern', 'value', 'match'],
    pep440: ['pattern', 'value', 'match'],
    match: ['pattern', 'group', 'value'],
    edge: ['branch'],
    ref: ['event'],
    raw: ['value'],
    sha: ['format']
};
/** Global expressions, offered in value, prefix, suffix and enable. */
const globalNames = [
    'branch',
    'tag',
    'sha',
    'base_ref',
    'is_default_branch',
    'is_not_default_branch',
    'date',
    'commit_date'
];
const scheduleNames = ['date', 'commit_date'];
const semverNames = ['raw', 'version', 'major', 'minor', 'patch'];
const parse_accepted = 'type=schedule|semver|pep440|match|edge|ref|raw|sha followed by ,key=value attributes as docker/metadata-action documents them ' +
    '(enable, priority, prefix, suffix; pattern, value, match, group, event=branch|tag|pr, branch, format=short|long), one rule per line';
const ruleField = /^\s*(?:type|enable|priority|prefix|suffix|pattern|value|match|group|event|branch|format)\s*=/i;
/** A rule line has key=value attributes; an image reference or a tag never contains '='. */
function isRuleLine(entry) {
    return entry.split(',').some((field) => ruleField.test(field));
}
/** Splits a CSV line; double quotes keep commas inside a field ("" is a quote). */
function splitFields(line) {
    const fields = [];
    let field = '';
    let quoted = false;
    for (let index = 0; index < line.length; index += 1) {
        const char = line[index];
        if (char === '"' && quoted && line[index + 1] === '"') {
            field += '"';
            index += 1;
        }
        else if (char === '"') {
            quoted = !quoted;
        }
        else if (char === ',' && !quoted) {
            fields.push(field.trim());
            field = '';
        }
        else {
            field += char;
        }
    }
    if (quoted)
        throw new TemplateError('unclosed double quote');
    fields.push(field.trim());
    return fields.filter((entry) => entry !== '');
}
/**
 * The tags input: rule lines stay whole (their fields are comma separated); other lines are split on
 * commas as before. Comment lines (#) and blanks are dropped.
 */
function splitTagEntries(raw) {
    return (0,lists/* splitLines */.uz)(raw).flatMap((line) => isRuleLine(line)
        ? [line]
        : line
            .split(',')
            .map((entry) => entry.trim())
            .filter((entry) => entry !== ''));
}
function readFields(line, fail) {
    let fields;
    try {
        fields = splitFields(line);
    }
    catch (error) {
        return fail(error.message);
    }
    let type = 'raw';
    const attrs = {};
    for (const field of fields) {
        const separator = field.indexOf('=');
        if (separator < 0) {
            attrs['value'] = field;
            continue;
        }
        const key = field.slice(0, separator).trim().toLowerCase();
        const value = field.slice(separator + 1).trim();
        if (key !== 'type') {
            attrs[key] = value;
        }
        else if (value in defaultPriority) {
            type = value;
        }
        else {
            fail(`unknown type '${value}'`);
        }
    }
    return { type, attrs };
}
/** The checks metadata-action makes on each type, and its defaults. */
function applyTypeDefaults(type, attrs, fail) {
    const need = (key) => {
        if (!(key in attrs))
            fail(`type=${type} needs ${key}=`);
    };
    const byDefault = (key, value) => {
        if (!(key in attrs))
            attrs[key] = value;
    };
    if (type === 'schedule')
        byDefault('pattern', 'nightly');
    if (type === 'semver' || type === 'pep440' || type === 'match') {
        need('pattern');
        byDefault('value', '');
    }
    if (type === 'semver' || type === 'pep440')
        byDefault('match', '');
    if (type === 'match')
        byDefault('group', '0');
    if (type === 'match' && !/^\d+$/.test(attrs['group'] ?? ''))
        fail('group is a capture group number');
    if (type === 'edge')
        byDefault('branch', '');
    if (type === 'ref') {
        need('event');
        if (!['branch', 'tag', 'pr'].includes(attrs['event'] ?? ''))
            fail('event is branch, tag or pr');
        if (attrs['event'] === 'pr')
            byDefault('prefix', 'pr-');
    }
    if (type === 'raw')
        need('value');
    if (type === 'sha') {
        byDefault('prefix', 'sha-');
        byDefault('format', 'short');
        if (!['short', 'long'].includes(attrs['format'] ?? ''))
            fail('format is short or long');
    }
    byDefault('enable', 'true');
}
function checkRegex(source, fail) {
    try {
        new RegExp(source);
    }
    catch (error) {
        fail(`not a regular expression: ${error.message}`);
    }
}
/** Expressions each attribute offers; an unknown one fails now rather than when the event comes. */
function checkTemplates(type, attrs, fail) {
    const offered = {
        value: globalNames,
        prefix: globalNames,
        suffix: globalNames,
        enable: globalNames,
        ...(type === 'schedule' ? { pattern: scheduleNames } : {}),
        ...(type === 'semver' || type === 'pep440' ? { pattern: semverNames } : {})
    };
    for (const [key, names] of Object.entries(offered)) {
        const template = attrs[key];
        if (template === undefined)
            continue;
        try {
            const unknown = unknownNames(template, names);
            if (unknown.length > 0)
                fail(`${key} offers {{${names.join('}}, {{')}}}, not {{${unknown[0]}}}`);
        }
        catch (error) {
            if (error instanceof TemplateError)
                fail(`${key}: ${error.message}`);
            throw error;
        }
    }
    const enable = attrs['enable'] ?? 'true';
    if (!enable.includes('{{') && !['true', 'false'].includes(enable))
        fail('enable is true, false or an expression');
    if (type === 'match')
        checkRegex(matchPatternSource(attrs['pattern'] ?? '').source, fail);
    if ((type === 'semver' || type === 'pep440') && attrs['match'])
        checkRegex(attrs['match'], fail);
}
/** type=match's pattern: /body/flags, or a bare regular expression. */
function matchPatternSource(pattern) {
    const literal = /^\/(.+)\/(.*)$/.exec(pattern);
    return literal ? { source: literal[1] ?? '', flags: literal[2] ?? '' } : { source: pattern, flags: '' };
}
function parseTagRule(line) {
    const fail = (detail) => {
        throw new errors/* InputError */.dz('tags', line, parse_accepted, detail);
    };
    const { type, attrs } = readFields(line, fail);
    for (const key of Object.keys(attrs)) {
        if (!common.includes(key) && !attributesOf[type].includes(key))
            fail(`type=${type} has no attribute '${key}'`);
    }
    applyTypeDefaults(type, attrs, fail);
    checkTemplates(type, attrs, fail);
    const priorityText = attrs['priority'];
    if (priorityText !== undefined && !/^-?\d+$/.test(priorityText))
        fail('priority is a whole number');
    const priority = priorityText === undefined ? defaultPriority[type] : Number(priorityText);
    return { type, attrs, priority, line };
}
/** Highest priority first; equal priorities keep the order they were written in. */
function sortRules(rules) {
    return [...rules].sort((a, b) => b.priority - a.priority);
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/flavor.ts
// The flavor input, in metadata-action's format: latest=auto|true|false, prefix= and suffix= (each
// optionally followed by onlatest=true|false on the same line). Pure.




const DEFAULT_FLAVOR = Object.freeze({
    latest: 'auto',
    prefix: '',
    prefixOnLatest: false,
    suffix: '',
    suffixOnLatest: false
});
const flavorAccepted = "lines of latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false], as docker/metadata-action's flavor";
function applyField(flavor, field, lastAffix, fail) {
    const { key, value } = field;
    switch (key) {
        case 'latest':
            if (value !== 'auto' && value !== 'true' && value !== 'false')
                fail('latest is auto, true or false');
            flavor.latest = value;
            return lastAffix;
        case 'prefix':
        case 'suffix':
            try {
                const unknown = unknownNames(value, globalNames);
                if (unknown.length > 0)
                    fail(`{{${unknown[0]}}} is not a global expression`);
            }
            catch (error) {
                if (error instanceof TemplateError)
                    fail(error.message);
                throw error;
            }
            flavor[key] = value;
            return key;
        case 'onlatest':
            if (value !== 'true' && value !== 'false')
                fail('onlatest is true or false');
            if (lastAffix === 'prefix')
                flavor.prefixOnLatest = value === 'true';
            else if (lastAffix === 'suffix')
                flavor.suffixOnLatest = value === 'true';
            else
                fail('onlatest follows prefix= or suffix= on the same line');
            return lastAffix;
        default:
            return fail(`unknown key '${key}'`);
    }
}
/**
 * Parses the flavor input. It shapes metadata-action rule lines only: a flavor without any rule line
 * in tags is refused by the rules across inputs (input-rules.ts).
 */
function parseFlavor(raw) {
    const flavor = { ...DEFAULT_FLAVOR };
    for (const line of (0,lists/* splitLines */.uz)(raw)) {
        const fail = (detail) => {
            throw new errors/* InputError */.dz('flavor', line, flavorAccepted, detail);
        };
        let fields = [];
        try {
            fields = splitFields(line);
        }
        catch (error) {
            fail(error.message);
        }
        let lastAffix = '';
        for (const field of fields) {
            const separator = field.indexOf('=');
            if (separator < 0)
                fail(`'${field}' is not key=value`);
            const key = field.slice(0, separator).trim().toLowerCase();
            lastAffix = applyField(flavor, { key, value: field.slice(separator + 1).trim() }, lastAffix, fail);
        }
    }
    return flavor;
}

;// CONCATENATED MODULE: ./src/planning/input-rules.ts
// Pure: the rules that tie inputs together, by mode. Each one is written once, here, and throws an
// InputError before any command runs; a parser refuses only what is wrong with its own input. Rules
// that need the git event (tag targets, logins) run from the planners, and are written here too.





/** The inputs that configure a builder the action creates; none of them goes with an existing builder. */
const builderConfigInputs = [
    'nodes',
    'endpoint',
    'driver-opts',
    'buildkitd-flags',
    'buildkitd-config',
    'buildkitd-config-inline'
];
/** A bare tag is only meaningful with the image input, except for a build that never pushes. */
function checkBareTags(inputs) {
    if (inputs.images.length > 0 || (inputs.mode === 'build' && inputs.push === 'false'))
        return;
    // Rule lines give bare tags too.
    const bare = inputs.tags.find((entry) => entry.kind === 'rule' || entry.kind === 'tag' || (entry.kind === 'template' && isBareTag(entry.text)));
    if (bare === undefined)
        return;
    throw new errors/* InputError */.dz('tags', bare.text, 'full references such as ghcr.io/acme/app:1.0, or bare tags together with the image input', bare.kind === 'rule'
        ? 'a rule line gives bare tags, which need the image input'
        : 'a bare tag needs the image input');
}
function checkPushByDigest(inputs, raw) {
    if (!inputs.pushByDigest)
        return;
    if (inputs.platforms.length !== 1)
        throw new errors/* InputError */.dz('platforms', raw.platforms, 'exactly one platform when push-by-digest is true (one matrix job per platform, then mode: merge)');
    if (inputs.images.length !== 1)
        throw new errors/* InputError */.dz('image', raw.image, 'exactly one repository (e.g. ghcr.io/acme/app) when push-by-digest is true');
}
function checkMergeSources(inputs) {
    if (inputs.mode !== 'merge' || inputs.sources.length > 0)
        return;
    throw new errors/* InputError */.dz('sources', '', 'the image references (repo@sha256:... or repo:tag) of the per-platform builds, one per line', 'mode merge needs sources');
}
/**
 * A password needs a username. A username without a password is the plan's to judge (planLogins):
 * a run that pushes nothing goes on without that login.
 */
function checkCredentials({ username, password }) {
    if (password !== '' && username === '')
        throw new errors/* InputError */.dz('username', '', 'a user name whenever password is set', 'password is set but username is empty');
}
function checkLoad({ load, platforms, driver }) {
    // auto decides at run time, and refuses then if only docker-container fits.
    if (!load || platforms.length <= 1 || driver === 'docker' || driver === 'auto')
        return;
    throw new errors/* InputError */.dz('load', 'true', "load with one platform, or driver 'docker' (its containerd image store takes multi-platform images)", `the ${driver} driver cannot load ${platforms.length} platforms into the daemon`);
}
/** flavor shapes metadata-action's rule lines only: a flavor without any rule line in tags would be silently ignored. */
function checkFlavor({ flavor, tags }, raw) {
    const isDefault = Object.keys(DEFAULT_FLAVOR).every((key) => flavor[key] === DEFAULT_FLAVOR[key]);
    if (isDefault || tags.some(({ kind }) => kind === 'rule'))
        return;
    throw new errors/* InputError */.dz('flavor', raw.flavor.trim(), flavorAccepted, 'flavor applies to metadata-action rule lines in tags (type=ref,event=branch, type=semver,pattern={{version}}, …); tags has none');
}
/** One id per secret across secrets, secret-files and secret-envs. */
function checkSecretIds(inputs) {
    const sources = new Map();
    const lists = [
        ['secrets', inputs.secrets],
        ['secret-files', inputs.secretFiles],
        ['secret-envs', inputs.secretEnvs]
    ];
    for (const [input, entries] of lists) {
        for (const { key } of entries) {
            const earlier = sources.get(key);
            if (earlier !== undefined)
                throw new errors/* InputError */.dz(input, key, 'each secret id once across secrets, secret-files and secret-envs', `also in ${earlier}`);
            sources.set(key, input);
        }
    }
}
/** No push where buildx exports no image: outputs replace it, and call: check builds nothing. */
function checkPushWithoutImage(inputs) {
    if (producesImage(inputs))
        return;
    const cause = inputs.outputs.length > 0 ? 'outputs replace the image the action pushes' : `call: ${inputs.call} builds no image`;
    if (inputs.push === 'true')
        throw new errors/* InputError */.dz('push', 'true', 'auto or false when outputs or call is set (the action pushes nothing then)', cause);
    if (inputs.pushByDigest)
        throw new errors/* InputError */.dz('push-by-digest', 'true', 'false when outputs or call is set', cause);
}
/** remote-cacert, remote-cert and remote-key: for the remote driver, cert and key together, not also in driver-opts. */
function checkRemoteTls({ driver, driverOpts, remoteTls }) {
    const given = Object.keys(remoteTls).filter((key) => remoteTls[key] !== '');
    if (given.length === 0)
        return;
    if (driver !== 'remote')
        throw new errors/* InputError */.dz('driver', driver, 'remote when remote-cacert, remote-cert or remote-key is set');
    if ((remoteTls.cert === '') !== (remoteTls.key === ''))
        throw new errors/* InputError */.dz(remoteTls.cert ? 'remote-key' : 'remote-cert', '', 'remote-cert and remote-key together');
    const clash = driverOpts.find((option) => given.some((key) => option.startsWith(`${key}=`)));
    if (clash !== undefined)
        throw new errors/* InputError */.dz('driver-opts', clash, 'no cacert=, cert= or key= when the remote-* inputs give them');
}
/** Refuses what the chosen builder cannot take, so nothing is silently ignored. */
function checkBuilder(inputs, raw) {
    const configured = builderConfigInputs.find((name) => raw.builderConfig[name] !== '');
    if (inputs.builder !== '' && configured !== undefined)
        throw new errors/* InputError */.dz(configured, raw.builderConfig[configured], `empty when builder is set (the existing builder ${inputs.builder} is used as it is)`);
    if (inputs.buildkitdConfig !== '' && inputs.buildkitdConfigInline !== '')
        throw new errors/* InputError */.dz('buildkitd-config-inline', '(set)', 'one of buildkitd-config and buildkitd-config-inline');
    const hasConfig = inputs.buildkitdConfig !== '' || inputs.buildkitdConfigInline !== '';
    if (hasConfig && (inputs.driver === 'docker' || inputs.driver === 'remote'))
        throw new errors/* InputError */.dz('driver', inputs.driver, 'auto, docker-container or kubernetes with a buildkitd config', inputs.driver === 'docker' ? "the daemon's BuildKit reads daemon.json" : 'a remote buildkitd reads its own config');
    if (inputs.nodes.length > 0 && inputs.driver === 'docker')
        throw new errors/* InputError */.dz('driver', 'docker', 'auto, docker-container, remote or kubernetes with nodes', 'the docker driver has one node');
    if (inputs.driver === 'remote' && inputs.endpoint === '')
        throw new errors/* InputError */.dz('endpoint', '', acceptedEndpoints('remote'), 'the remote driver needs the address of a buildkitd');
}
/** The rules across inputs, for the mode the inputs ask for. */
function checkInputRules(inputs, raw) {
    checkRemoteTls(inputs);
    checkBuilder(inputs, raw);
    checkFlavor(inputs, raw);
    checkSecretIds(inputs);
    checkPushWithoutImage(inputs);
    checkCredentials(inputs);
    checkLoad(inputs);
    checkBareTags(inputs);
    checkPushByDigest(inputs, raw);
    checkMergeSources(inputs);
}
/** A run that writes to a registry needs the password of the username/password login. */
const missingPassword = () => new errors/* InputError */.dz('password', '', 'a password or token whenever username is set', 'username is set but password is empty');
/** registry/username/password and registry-auth never log in to the same registry. */
function checkLoginClash(first, registryAuth) {
    const clash = registryAuth.findIndex((entry) => canonicalRegistry(entry.registry) === canonicalRegistry(first.registry));
    if (clash >= 0)
        throw new errors/* InputError */.dz('registry-auth', `<entry ${clash + 1}, registry ${first.registry}>`, 'each registry once, in registry-auth or in registry/username/password', `username/password already log in to ${first.registry}`);
}
/**
 * Once the event has filled the tags: a push needs somewhere to go. A build pushed by digest names
 * its repository through the image input; a merge always tags, push or not, so the plan is complete.
 */
function checkTagTargets(mode, targets, push, pushByDigest) {
    if (targets.length > 0)
        return;
    if (mode === 'merge')
        throw new errors/* InputError */.dz('tags', '', 'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input', 'nothing to tag the merged image with');
    if (push && !pushByDigest)
        throw new errors/* InputError */.dz('tags', '', 'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input, when push is on', 'nothing to push to');
}

;// CONCATENATED MODULE: ./src/planning/image-names.ts
// Pure: image names as docker/metadata-action takes them, lowercased (the registry and repository,
// never the tag), so `ghcr.io/${{ github.repository }}` works for an owner or repository with capitals.



/**
 * Parses `entry` with its name lowercased. Errors name what the user wrote; `rename` is set when
 * lowercasing changed the name.
 */
function parseLowercased(entry, input) {
    const text = lowercaseName(entry.trim());
    let reference;
    try {
        reference = parseImageReference(text, input);
    }
    catch (error) {
        if (!(error instanceof errors/* InputError */.dz) || text === entry.trim())
            throw error;
        throw new errors/* InputError */.dz(input, entry, error.accepted, error.detail);
    }
    return text === entry.trim() ? { text, reference } : { text, reference, rename: { from: entry.trim(), to: text } };
}
/** The one log line for every lowercased name; undefined when none changed. */
function describeLowercased(renames) {
    if (renames.length === 0)
        return undefined;
    const unique = [...new Map(renames.map((rename) => [`${rename.from}\n${rename.to}`, rename])).values()];
    return `Image names lowercased (as docker/metadata-action does; tags keep their case): ${unique
        .map(({ from, to }) => `${from} → ${to}`)
        .join(', ')}`;
}
const imageAccepted = 'repositories without a tag (e.g. ghcr.io/acme/app), comma or newline separated, or lines of name=<repository>,enable=true|false as docker/metadata-action takes them';
/**
 * The image input as metadata-action reads it: repositories separated by commas or newlines, or one
 * line per image with name= and enable= attributes. Disabled images are left out.
 */
function imageEntries(raw) {
    const lines = (0,lists/* splitLines */.uz)(raw);
    const fields = (line) => line.split(',').map((field) => field.trim());
    const attributed = lines.some((line) => fields(line).some((field) => field.includes('=')));
    if (!attributed)
        return (0,lists/* splitList */.ry)(raw);
    return lines.flatMap((line) => {
        let name = '';
        let enable = true;
        for (const field of fields(line).filter((entry) => entry !== '')) {
            const separator = field.indexOf('=');
            const key = separator < 0 ? 'name' : field.slice(0, separator).trim().toLowerCase();
            const value = separator < 0 ? field : field.slice(separator + 1).trim();
            if (key === 'name' && name !== '')
                throw new errors/* InputError */.dz('image', line, imageAccepted, 'one name per line');
            else if (key === 'name')
                name = value;
            else if (key === 'enable' && (value === 'true' || value === 'false'))
                enable = value === 'true';
            else if (key === 'enable')
                throw new errors/* InputError */.dz('image', line, imageAccepted, 'enable is true or false');
            else
                throw new errors/* InputError */.dz('image', line, imageAccepted, `unknown attribute '${key}'`);
        }
        if (name === '')
            throw new errors/* InputError */.dz('image', line, imageAccepted, 'no name');
        return enable ? [name] : [];
    });
}
/** The image input's repositories, lowercased as metadata-action does, and the names that changed. */
function parseImages(raw) {
    const lowercasedImages = [];
    const images = imageEntries(raw).map((entry) => {
        const { reference, rename } = parseLowercased(entry, 'image');
        if (reference.tag !== undefined)
            throw new errors/* InputError */.dz('image', entry, 'a repository without a tag, e.g. ghcr.io/acme/app', 'tags go in the tags input');
        if (rename)
            lowercasedImages.push(rename);
        return reference;
    });
    return { images, lowercasedImages };
}

;// CONCATENATED MODULE: ./src/planning/metadata-env.ts
// docker/metadata-action's environment variables, read once: DOCKER_METADATA_PR_HEAD_SHA,
// DOCKER_METADATA_SHORT_SHA_LENGTH and DOCKER_METADATA_ANNOTATIONS_LEVELS. Pure.

const levels = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'];
const levelPattern = /^(?:manifest|index|manifest-descriptor|index-descriptor)(?:\[[a-z0-9/._-]+(?:,[a-z0-9/._-]+)*\])?$/;
function parseMetadataEnv(env) {
    const result = {
        prHeadSha: /true/i.test(env['DOCKER_METADATA_PR_HEAD_SHA'] ?? ''),
        annotationLevels: []
    };
    const length = (env['DOCKER_METADATA_SHORT_SHA_LENGTH'] ?? '').trim();
    if (length !== '') {
        if (!/^\d+$/.test(length) || Number(length) < 1 || Number(length) > 64)
            throw new errors/* InputError */.dz('DOCKER_METADATA_SHORT_SHA_LENGTH', length, 'a whole number of hex digits, 1 to 64');
        result.shortShaLength = Number(length);
    }
    const annotationLevels = (env['DOCKER_METADATA_ANNOTATIONS_LEVELS'] ?? '')
        .split(',')
        .map((level) => level.trim())
        .filter((level) => level !== '');
    for (const level of annotationLevels) {
        if (!levelPattern.test(level))
            throw new errors/* InputError */.dz('DOCKER_METADATA_ANNOTATIONS_LEVELS', env['DOCKER_METADATA_ANNOTATIONS_LEVELS'] ?? '', `comma-separated levels: ${levels.join(', ')} (a platform list in [ ] allowed)`, `'${level}' is not a level`);
    }
    result.annotationLevels = [...new Set(annotationLevels)];
    return result;
}

;// CONCATENATED MODULE: ./src/planning/metadata-inputs.ts



/** A separator as written (a space is one); empty means a newline, metadata-action's default. */
const separator = (raw) => (raw === '' ? '\n' : raw);
function parseMetadataInputs(read, env) {
    const { annotationLevels, prHeadSha, shortShaLength } = parseMetadataEnv(env);
    return {
        ...parseImages(read('image')),
        annotationLevels,
        prHeadSha,
        ...(shortShaLength === undefined ? {} : { shortShaLength }),
        outputSeparators: {
            tags: separator(read('sep-tags')),
            labels: separator(read('sep-labels')),
            annotations: separator(read('sep-annotations'))
        },
        metadataContext: (0,lists/* parseChoice */.HU)('metadata-context', read('metadata-context').trim(), ['workflow', 'git'], 'workflow')
    };
}

// EXTERNAL MODULE: ./src/model/ecr.ts
var model_ecr = __webpack_require__(7787);
;// CONCATENATED MODULE: ./src/model/login.ts
// Logins: a username and password, the registry they are for, and the kind that makes them.

const passwordRules = { keyless: false, label: (registry, username) => `${username} at ${registry}` };
/** The kinds, by name: one line each. */
const loginKinds = new Map([
    ['password', passwordRules],
    ['ecr', model_ecr/* ecrLoginRules */.D]
]);
/** The rules of a kind (`password` when none is given); an unknown kind is a programming error. */
function loginKindRules(kind = 'password') {
    const rules = loginKinds.get(kind);
    if (!rules)
        throw new Error(`no login kind '${kind}' (known: ${[...loginKinds.keys()].join(', ')})`);
    return rules;
}
/** Adds a kind's rules (a test's fake kind; the action's own kinds are in the table above). */
function registerLoginKindRules(kind, rules) {
    loginKinds.set(kind, rules);
}

;// CONCATENATED MODULE: ./src/planning/registry-auth.ts
// The registry-auth input, in docker/login-action's format (docker/github-builder's registry-auths is
// handed to login-action as is, so it is the same): a YAML list of {registry, username, password,
// ecr}, registry defaulting to Docker Hub. Errors name the entry and the field, never a value (the
// YAML holds passwords, and the parser's own messages quote the source).





const registry_auth_INPUT = 'registry-auth';
const registry_auth_accepted = 'a YAML list of {registry, username, password, ecr} entries as docker/login-action takes them, e.g. "- registry: ghcr.io\\n  username: ${{ github.actor }}\\n  password: ${{ secrets.GITHUB_TOKEN }}" (registry defaults to docker.io, ecr to auto)';
const fields = new Set(['registry', 'username', 'password', 'ecr']);
/** login-action's fields this action does not take, and what to do instead. */
const unsupported = {
    scope: "has login-action's field 'scope', which this action does not take: every login here is for the whole registry and lives only in the job's Docker config, which the post step removes. Remove the scope line (use a token that may push only where it should), or log in with docker/login-action and scope before this step",
    logout: "has the field 'logout', which login-action takes as a step input, not in registry-auth; remove it: this action always removes its logins in the post step"
};
const ecrModes = ['auto', 'true', 'false'];
const registry_auth_hidden = (raw) => `<${raw.trim().split('\n').length} line(s) of YAML, not shown: they hold passwords>`;
/** A registry host as `docker login` takes it: ghcr.io, registry.example.com:5000, localhost:5000, docker.io. */
function isRegistryHost(value) {
    const parsed = parseImageReference(`${value}/probe`, registry_auth_INPUT);
    // Without a dot, port or localhost the first part would be a Docker Hub namespace, not a host.
    return parsed.registry === value || DOCKER_HUB_HOSTS.has(value);
}
/** login-action's meaning of ecr: true always, false never, auto for ECR's own hosts. */
function loginKind(registry, ecr) {
    return ecr === 'true' || (ecr === 'auto' && (0,model_ecr/* ecrHost */.F)(registry) !== undefined) ? 'ecr' : 'password';
}
/** The error of an entry that lacks its username or password where a login is needed. */
function missingInEntry(position, login, key) {
    const names = loginKindRules(login.kind).secretNames;
    const what = names ? ` (${names[key]})` : '';
    return new errors/* InputError */.dz(registry_auth_INPUT, `<entry ${position}, registry ${login.registry}>`, registry_auth_accepted, `entry ${position}: (registry ${login.registry}) has no ${key}${what}; an empty value usually means a secret or expression that is not set in this workflow`);
}
function entryLogin(entry, position, raw) {
    const where = `entry ${position}`;
    const fail = (detail) => {
        throw new errors/* InputError */.dz(registry_auth_INPUT, registry_auth_hidden(raw), registry_auth_accepted, `${where}: ${detail}`);
    };
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
        return fail('is not a mapping of registry, username, password');
    const record = entry;
    for (const key of Object.keys(record)) {
        const instead = unsupported[key];
        if (instead)
            fail(instead);
        if (!fields.has(key))
            fail(`has the unknown field '${key}'; an entry takes registry, username, password and ecr`);
    }
    const text = (key) => {
        const value = record[key];
        if (value === undefined || value === null)
            return undefined;
        if (key === 'ecr' && typeof value === 'boolean')
            return String(value);
        if (typeof value !== 'string')
            return fail(`${key} is a YAML ${typeof value}; quote it so it stays the exact text (leading zeros, 'yes', …)`);
        return value.trim() === '' ? undefined : value;
    };
    const registry = text('registry')?.trim() ?? DOCKER_HUB;
    let validHost;
    try {
        validHost = isRegistryHost(registry);
    }
    catch {
        validHost = false;
    }
    if (!validHost)
        fail(`registry '${registry}' is not a registry host such as ghcr.io or registry.example.com:5000`);
    const ecr = (text('ecr')?.trim().toLowerCase() ?? 'auto');
    if (!ecrModes.includes(ecr))
        fail(`ecr is '${ecr}'; it takes auto, true or false`);
    const kind = loginKind(registry, ecr);
    const username = text('username')?.trim() ?? '';
    const password = text('password') ?? '';
    const login = { registry, username, password, ...(kind !== 'password' ? { kind } : {}) };
    // An empty password is decided by the plan (a run that pushes nothing goes on without it); a
    // password without a username is a mistake whatever the event.
    if (password !== '' && username === '')
        throw missingInEntry(position, login, 'username');
    return login;
}
/** Parses registry-auth; an empty input is no logins. Throws InputError naming the entry at fault. */
function parseRegistryAuth(raw) {
    if (raw.trim() === '')
        return [];
    let document;
    try {
        document = (0,dist/* parse */.qg)(raw);
    }
    catch (error) {
        const { code, linePos } = error;
        const at = linePos?.[0] ? ` at line ${linePos[0].line}, column ${linePos[0].col}` : '';
        throw new errors/* InputError */.dz(registry_auth_INPUT, registry_auth_hidden(raw), registry_auth_accepted, `it is not valid YAML${at}${code ? ` (${code})` : ''}`);
    }
    if (!Array.isArray(document))
        throw new errors/* InputError */.dz(registry_auth_INPUT, registry_auth_hidden(raw), registry_auth_accepted, 'it is not a YAML list');
    const logins = document.map((entry, index) => entryLogin(entry, index + 1, raw));
    const seen = new Map();
    logins.forEach((login, index) => {
        const earlier = seen.get(canonicalRegistry(login.registry));
        if (earlier !== undefined)
            throw new errors/* InputError */.dz(registry_auth_INPUT, registry_auth_hidden(raw), registry_auth_accepted, `entries ${earlier} and ${index + 1} both log in to ${login.registry}; give each registry once`);
        seen.set(canonicalRegistry(login.registry), index + 1);
    });
    return logins;
}

;// CONCATENATED MODULE: ./src/planning/parse-source.ts
// Pure: the merge's sources input, one image reference per per-platform build job.


const acceptedSource = 'repo@sha256:<64 hex digits> (the image output of a push-by-digest job) or repo:tag, comma or newline separated';
const digestPattern = /^sha256:[a-f0-9]{64}$/;
function parseSource(raw) {
    const text = raw.trim();
    const at = text.indexOf('@');
    const name = at >= 0 ? text.slice(0, at) : text;
    const digest = at >= 0 ? text.slice(at + 1) : undefined;
    if (digest !== undefined && !digestPattern.test(digest))
        throw new errors/* InputError */.dz('sources', raw, acceptedSource, `'${digest}' is not a sha256 digest`);
    const parsed = parseImageReference(name, 'sources');
    if (digest === undefined && parsed.tag === undefined)
        throw new errors/* InputError */.dz('sources', raw, acceptedSource, 'neither a digest nor a tag');
    const repository = formatRepository(parsed);
    const source = { reference: text, repository, image: parsed };
    return digest === undefined ? source : { ...source, digest };
}

;// CONCATENATED MODULE: ./src/planning/tag-entries.ts
// Pure: the tags input, parsed once into typed entries (rule lines, bare tags, full references and
// templates); the tag plan (tag-plan.ts) fills the templates from the event and parses what they give.




function parseTagEntry(text) {
    if (isRuleLine(text))
        return { kind: 'rule', text, rule: parseTagRule(text) };
    // Templates are checked when they are filled from the event; bare tags apply to every image.
    if (text.includes('{{'))
        return { kind: 'template', text };
    if (isBareTag(text)) {
        // Not a valid tag: the reference parser says why, against the tags input.
        if (!isValidTag(text))
            parseImageReference(text, 'tags');
        return { kind: 'tag', text };
    }
    // A full reference's name is lowercased, as metadata-action does; its tag keeps its case.
    const { text: lowercased, reference, rename } = parseLowercased(text, 'tags');
    return rename
        ? { kind: 'reference', text: lowercased, reference, rename }
        : { kind: 'reference', text: lowercased, reference };
}
/** Entries already split (one per tag or rule line), parsed. */
function parseTagEntryList(entries) {
    return entries.map(parseTagEntry);
}
/** The tags input: rule lines whole, other lines split on commas, each entry parsed. */
function parseTagEntries(raw) {
    return parseTagEntryList(splitTagEntries(raw));
}
/** The tags input and metadata-action's flavor, which shapes its rule lines (and is refused without any: input-rules.ts). */
function parseTagInputs(read) {
    return { tags: parseTagEntries(read('tags')), flavor: parseFlavor(read('flavor')) };
}

;// CONCATENATED MODULE: ./src/model/cache.ts

/** Splits a cache entry: CSV key=value fields with a type=, or an image reference (no =) as shorthand for type=registry. */
function parseCacheEntry(text) {
    const quoted = text.includes('"');
    if (!text.includes('='))
        return { text, type: 'registry', shorthand: true, quoted };
    const fields = [];
    let complete = true;
    for (const field of text.split(',').map((part) => part.trim())) {
        const separator = field.indexOf('=');
        if (separator > 0)
            fields.push({ key: field.slice(0, separator), value: field.slice(separator + 1) });
        else
            complete = false;
    }
    const type = fields.find(({ key }) => key === 'type')?.value.trim() ?? '';
    return complete ? { text, type, shorthand: false, fields, quoted } : { text, type, shorthand: false, quoted };
}
const cacheModes = ['auto', 'gha', 'registry', 'off'];
/** The tag suffix of one platform: linux/arm/v7 → linux-arm-v7. */
function platformSlug(platform) {
    return (0,model_platforms/* formatPlatform */.Bq)(platform).replace(/\//g, '-');
}
/** The one tag per platform that cache: registry writes next to the image: buildcache-linux-arm64. */
function registryCacheTag(platform) {
    return `buildcache-${platformSlug(platform)}`;
}
/** A gha scope: GitHub's cache keys take no comma, and buildx reads the scope from a CSV field. */
function scopePart(text) {
    return text.replace(/[^A-Za-z0-9._/-]/g, '-');
}
/** The gha scope of one image, platform and branch: ghcr.io/acme/app-linux-arm64-main. */
function ghaScope(repository, platform, branch) {
    return [scopePart(repository || 'image'), platformSlug(platform), scopePart(branch || 'detached')].join('-');
}

;// CONCATENATED MODULE: ./src/model/event.ts
// The git event a run is for, as the planning code sees it: read from the runner's variables and
// payload once (steps/read-event.ts, made pure by planning/git-context.ts), then passed around as plain data.
const DEFAULT_SHORT_SHA_LENGTH = 7;
/**
 * Whether the run is for a pull request: an event of the pull_request family (pull_request,
 * pull_request_target, pull_request_review, ...) or a ref under refs/pull/. The one test of it:
 * tags (pr-N), cache scopes, the commit, and `push: auto` (which pushes nothing then) all ask here.
 */
function isPullRequest(event) {
    return event.eventName.startsWith('pull_request') || event.ref.startsWith('refs/pull/');
}
/**
 * The commit's first hex digits (7 unless DOCKER_METADATA_SHORT_SHA_LENGTH says otherwise), as tags
 * write it (sha-1a2b3c4); empty when the event has no usable SHA.
 */
function shortSha(sha, length = DEFAULT_SHORT_SHA_LENGTH) {
    const text = sha.trim().toLowerCase();
    return /^[0-9a-f]{7,}$/.test(text) ? text.slice(0, Math.max(length, 1)) : '';
}

;// CONCATENATED MODULE: ./src/planning/parse-inputs.ts





















const cacheTypes = ['registry', 'local', 'inline', 'gha', 's3', 'azblob'];
const networks = ['default', 'host', 'none'];
const platformChecks = ['error', 'trim', 'warn', 'off'];
/** Checks a cache-from/cache-to entry: CSV key=value pairs with a known type, or an image reference as shorthand for type=registry. */
/** A cache entry as an error shows it (before its credentials are masked): its keys and type, no other value. */
function cacheEntryShown(entry, index) {
    const fields = entry.split(',').map((field) => {
        const separator = field.indexOf('=');
        const key = field.slice(0, Math.max(separator, 0)).trim();
        return separator < 0 ? '…' : key === 'type' ? field.trim() : `${key}=…`;
    });
    return `line ${index + 1}: ${fields.join(',')}`;
}
function parseCacheEntries(input, raw, allowShorthand) {
    const accepted = `type=${cacheTypes.join('|')} followed by ,key=value pairs${allowShorthand ? ', or an image reference' : ''}; one per line`;
    return (0,lists/* splitLines */.uz)(raw).map((text, index) => {
        const shown = cacheEntryShown(text, index);
        const entry = parseCacheEntry(text);
        if (entry.shorthand) {
            if (!allowShorthand)
                throw new errors/* InputError */.dz(input, shown, accepted, 'no type=');
            parseImageReference(text, input);
            return entry;
        }
        if (!entry.fields)
            throw new errors/* InputError */.dz(input, shown, accepted, 'every field must be key=value');
        if (!entry.fields.some(({ key }) => key === 'type'))
            throw new errors/* InputError */.dz(input, shown, accepted, 'no type=');
        if (!cacheTypes.includes(entry.type))
            throw new errors/* InputError */.dz(input, shown, accepted, `unknown cache type '${entry.type}'`);
        return entry;
    });
}
function parseInteger(input, raw, range) {
    const { fallback, min, max } = range;
    const text = raw.trim();
    if (text === '')
        return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
        throw new errors/* InputError */.dz(input, raw, `a whole number from ${min} to ${max}`);
    return value;
}
function parseBuildxVersion(raw) {
    const value = raw.trim();
    if (value === '' || value === 'latest')
        return value;
    const accepted = "empty (the installed plugin), 'latest', an exact version such as 0.19.3 or v0.19.3, or a semver range such as ^0.19";
    if ((0,semver.valid)(value, { loose: true }) || (0,semver.validRange)(value, { loose: true }))
        return value;
    throw new errors/* InputError */.dz('buildx-version', raw, accepted);
}
function parseNetwork(network) {
    if (network !== '' && !networks.includes(network))
        throw new errors/* InputError */.dz('network', network, networks.join(', '));
    return network;
}
const qemuImageAccepted = 'an image reference, best pinned by digest: repo[:tag], repo@sha256:<64 hex> or repo:tag@sha256:<64 hex> (sha512:<128 hex> too)';
const pinnedDigest = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** The image that registers emulators (run --privileged): a reference, with or without a tag, optionally @digest. */
function parseQemuImage(raw) {
    const image = raw.trim() || DEFAULT_QEMU_IMAGE;
    const at = image.indexOf('@');
    const digest = at >= 0 ? image.slice(at + 1) : undefined;
    if (digest !== undefined && !pinnedDigest.test(digest))
        throw new errors/* InputError */.dz('qemu-image', raw, qemuImageAccepted, `'${digest}' is not a digest`);
    try {
        parseImageReference(at >= 0 ? image.slice(0, at) : image, 'qemu-image');
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz)
            throw new errors/* InputError */.dz('qemu-image', raw, qemuImageAccepted, error.detail);
        throw error;
    }
    return image;
}
function parseRegistry(registry) {
    if (registry === '')
        return registry;
    const accepted = 'a registry host such as ghcr.io, registry.example.com:5000 or docker.io';
    const parsed = parseImageReference(`${registry}/probe`, 'registry');
    // Without a dot, port or localhost the first part would be a Docker Hub namespace, not a host.
    if (parsed.registry !== registry &&
        !(parsed.registry === 'docker.io' && /^(?:index\.|registry-1\.)?docker\.io$/.test(registry)))
        throw new errors/* InputError */.dz('registry', registry, accepted);
    return registry;
}
/** step (the default) or job: whether later steps of the job see the logins. */
function parseLoginScope(raw) {
    return (0,lists/* parseChoice */.HU)('login-scope', raw, ['step', 'job'], 'step');
}
/** yes/no and on/off read as true/false, as docker's actions take them. */
function parsePush(raw) {
    const pushRaw = raw.toLowerCase();
    return (0,lists/* parseChoice */.HU)('push', pushRaw === 'yes' || pushRaw === 'on' ? 'true' : pushRaw === 'no' || pushRaw === 'off' ? 'false' : pushRaw, ['auto', 'true', 'false'], 'auto');
}
/** Only a merge reads its sources; a build ignores them, as it ignores nothing else it is given. */
function parseSources(mode, raw) {
    const entries = (0,lists/* splitList */.ry)(raw);
    return mode === 'merge' ? entries.map(parseSource) : [];
}
/** The inputs of the checks: preflight, verification, the audit and the smoke run. */
function parseCheckInputs(read) {
    return {
        platformCheck: (0,lists/* parseChoice */.HU)('platform-check', read('platform-check'), platformChecks, 'error'),
        verify: (0,lists/* parseBoolean */.yG)('verify', read('verify'), true),
        archAudit: (0,lists/* parseChoice */.HU)('arch-audit', read('arch-audit'), ['error', 'warn', 'off'], 'error'),
        archAuditIgnore: (0,lists/* splitList */.ry)(read('arch-audit-ignore')),
        archAuditLimits: parseAuditLimits(read('arch-audit-limits')),
        archAuditCache: (0,lists/* parseChoice */.HU)('arch-audit-cache', read('arch-audit-cache'), ['auto', 'false'], 'auto'),
        smokeTest: read('smoke-test').trim(),
        smokeTestTimeout: parseInteger('smoke-test-timeout', read('smoke-test-timeout'), {
            fallback: 60,
            min: 1,
            max: 3600
        }),
        registryRetryAfterMax: parseInteger('registry-retry-after-max', read('registry-retry-after-max'), {
            fallback: DEFAULT_RETRY_AFTER_MAX_SECONDS,
            min: 0,
            max: 3600
        }),
        smokeTestIsolation: parseSmokeFlags(read('smoke-test-flags'))
    };
}
/** The raw text the rules across inputs show where the parsed form no longer spells it the same. */
function rawInputsOf(read) {
    const text = (name) => read(name).trim();
    return {
        platforms: text('platforms') || DEFAULT_PLATFORMS,
        image: read('image'),
        flavor: read('flavor'),
        builderConfig: Object.fromEntries(builderConfigInputs.map((name) => [name, text(name)]))
    };
}
/** Reads and validates every input; throws InputError on the first bad one. Pure apart from `read`. */
function parseInputs(read, env = {}) {
    refuseEmptyInputs(read);
    const text = (name) => read(name).trim();
    const mode = (0,lists/* parseChoice */.HU)('mode', read('mode'), ['build', 'merge'], 'build');
    const context = text('context') || '.';
    const builderInputs = parseBuilderInputs(read);
    const platforms = (0,model_platforms/* parsePlatformList */.VX)(text('platforms') || DEFAULT_PLATFORMS);
    const load = (0,lists/* parseBoolean */.yG)('load', read('load'), false);
    const push = parsePush(text('push'));
    const username = text('username');
    const password = read('password');
    const network = parseNetwork(text('network'));
    const registry = parseRegistry(text('registry'));
    const qemuRaw = text('qemu').toLowerCase();
    const qemu = (0,lists/* parseChoice */.HU)('qemu', qemuRaw === 'true' ? 'auto' : qemuRaw, ['auto', 'false'], 'auto');
    const inputs = {
        mode,
        context,
        file: text('file'),
        platforms,
        ...parseTagInputs(read),
        ...parseMetadataInputs(read, env),
        push,
        pushByDigest: (0,lists/* parseBoolean */.yG)('push-by-digest', read('push-by-digest'), false),
        load,
        buildArgs: (0,lists/* parseKeyValueLines */.FF)('build-args', read('build-args')),
        labels: (0,lists/* parseKeyValueLines */.FF)('labels', read('labels')),
        annotations: (0,lists/* parseKeyValueLines */.FF)('annotations', read('annotations'), lists/* annotationKeyPattern */.Rh),
        secrets: (0,lists/* parseKeyValueLines */.FF)('secrets', read('secrets')),
        target: text('target'),
        network,
        cacheFrom: parseCacheEntries('cache-from', read('cache-from'), true),
        cacheTo: parseCacheEntries('cache-to', read('cache-to'), false),
        cache: (0,lists/* parseChoice */.HU)('cache', read('cache'), cacheModes, 'auto'),
        provenance: text('provenance'),
        noCache: (0,lists/* parseBoolean */.yG)('no-cache', read('no-cache'), false),
        pull: (0,lists/* parseBoolean */.yG)('pull', read('pull'), false),
        registry,
        username,
        password,
        ecr: (0,lists/* parseChoice */.HU)('ecr', read('ecr').toLowerCase(), ecrModes, 'auto'),
        registryAuth: parseRegistryAuth(read('registry-auth')),
        loginScope: parseLoginScope(read('login-scope')),
        qemu,
        qemuImage: parseQemuImage(text('qemu-image')),
        ...builderInputs,
        cleanup: (0,lists/* parseBoolean */.yG)('cleanup', read('cleanup'), true),
        buildxVersion: parseBuildxVersion(read('buildx-version')),
        buildxDownloadUrl: (0,download_url/* parseDownloadUrl */.n)('buildx-download-url', read('buildx-download-url')),
        ...parseCheckInputs(read),
        sources: parseSources(mode, read('sources')),
        ...parseBuildInputs(read)
    };
    checkInputRules(inputs, rawInputsOf(read));
    return inputs;
}
/** `push: auto` publishes except on pull requests, where the build is verified but nothing is pushed. */
function shouldPush(push, event) {
    if (push === 'auto')
        return !isPullRequest(event);
    return push === 'true';
}
/** Remote contexts (git URLs, tarball URLs) are not on disk; buildx fetches them. */
function isLocalContext(context) {
    return !/^(?:[a-z]+:\/\/|git@|github\.com\/)/i.test(context) && context !== '-';
}
/** The Dockerfile path buildx will read, relative to the working directory. */
function dockerfilePath(inputs) {
    return inputs.file || external_node_path_.join(inputs.context, 'Dockerfile');
}

;// CONCATENATED MODULE: ./src/steps/gather.ts
// The gathering step: the files a plan needs, read once, before planning. Planning takes what is
// read here as typed values; the checks and the build report use the same text, never the disk.



/** Reads the Dockerfile of a local context (its existence was checked with the inputs); {} when there is none to read. */
function gatherFiles(inputs) {
    if (inputs.mode !== 'build' || !isLocalContext(inputs.context))
        return {};
    try {
        return { dockerfile: (0,external_node_fs_.readFileSync)(external_node_path_.resolve(dockerfilePath(inputs)), 'utf8') };
    }
    catch {
        // Unreadable after all: the preflight names it; the audit and the build report go without it.
        return {};
    }
}

// EXTERNAL MODULE: ./src/seams/runner.ts
var runner = __webpack_require__(2305);
// EXTERNAL MODULE: ./src/seams/exec.ts + 2 modules
var exec = __webpack_require__(4115);
;// CONCATENATED MODULE: ./src/seams/retry-policy.ts




/** Bounded exponential backoff: 1 s, 2 s, 4 s, 8 s → a registry that stays down fails after about 15 s of waiting. */
const registryRetry = {
    attempts: 5,
    firstDelayMs: 1000,
    maxDelayMs: 8000,
    retryAfterMaxMs: DEFAULT_RETRY_AFTER_MAX_SECONDS * 1000
};
// Answers that say "try again later", as opposed to "you may not" (401/403), which never changes by waiting.
const transientPattern = /\b(50[0234]|429)\b|too many requests|toomanyrequests|rate.?limit|bad gateway|service unavailable|gateway time-?out|connection refused|connection reset|i\/o timeout|EOF\b|TLS handshake timeout|no such host|temporary failure/i;
const authPattern = /\b(401|403)\b|unauthorized|denied|authentication required|incorrect username or password/i;
const rateLimitPattern = /\b429\b|too many requests|toomanyrequests|rate.?limit/i;
function isTransientFailure(message) {
    return transientPattern.test(message) && !authPattern.test(message);
}
/** A registry (or any server) saying "too many requests" (HTTP 429), whatever else it says. */
function isRateLimit(message) {
    return rateLimitPattern.test(message);
}
/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (a date in the
 * past is 0). Undefined when absent or unreadable, so the backoff applies.
 */
function parseRetryAfter(header, now = Date.now()) {
    const text = header?.trim() ?? '';
    if (text === '')
        return undefined;
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    if (!/[a-z]/i.test(text))
        return undefined;
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
/** A failure the server answered with a time to come back (429, or 503 with Retry-After). */
class RetryLater extends Error {
    retryAfterMs;
    constructor(message, 
    /** What Retry-After asked for, in ms; undefined when the server named no time. */
    retryAfterMs) {
        super(message);
        this.retryAfterMs = retryAfterMs;
        this.name = 'RetryLater';
    }
}
/** The wait before each try after the first: doubling from firstDelayMs, capped at maxDelayMs. */
function backoffDelays(policy) {
    return Array.from({ length: policy.attempts - 1 }, (_, index) => Math.min(policy.firstDelayMs * 2 ** index, policy.maxDelayMs));
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${ms / 1000} s`;
const lastLine = (message) => message.split('\n').slice(-1)[0]?.trim();
/** The wait before the next try and the log line saying why; an Error when the server asks for too long a wait. */
function nextWait(what, error, backoff, policy) {
    const message = (0,errors/* errorMessage */.gJ)(error);
    const asked = error instanceof RetryLater ? error.retryAfterMs : undefined;
    const limited = isRateLimit(message)
        ? 'was rate-limited (HTTP 429 Too Many Requests)'
        : 'failed with a transient error';
    if (asked === undefined)
        return { ms: backoff, why: `${what} ${limited}` };
    const bound = policy.retryAfterMaxMs ?? registryRetry.retryAfterMaxMs ?? 0;
    if (asked > bound)
        return new Error(`${message}; it asked to wait ${seconds(asked)} (Retry-After), longer than registry-retry-after-max allows (${seconds(bound)}), so the action gave up`, { cause: error });
    return { ms: asked, why: `${what} ${limited}; the registry's Retry-After asks for ${seconds(asked)}` };
}
/**
 * Runs `action`, retrying only transient registry failures, and says in the log when it retries,
 * how long it waits and why. A server's Retry-After sets the wait (within the policy's bound);
 * otherwise the backoff does. `retryable` narrows what counts (a build retries only its registry
 * traffic, not its RUN steps' output).
 */
async function withRetry(what, action, policy = registryRetry, retryable = () => true) {
    const delays = backoffDelays(policy);
    for (let attempt = 0;; attempt++) {
        try {
            return await action();
        }
        catch (error) {
            const message = (0,errors/* errorMessage */.gJ)(error);
            const backoff = delays[attempt];
            // A RetryLater is transient by what it is (the server, or a check, said "later"), whatever its words.
            const transient = error instanceof RetryLater || isTransientFailure(message);
            if (backoff === undefined || (0,exec/* cancellation */.WN)() || !transient || !retryable(error))
                throw error;
            const wait = nextWait(what, error, backoff, policy);
            if (wait instanceof Error)
                throw wait;
            runner/* warning */.$e(`${wait.why}; retry ${attempt + 1} of ${delays.length} in ${seconds(wait.ms)}. (${lastLine(message)})`);
            await sleep(wait.ms);
        }
    }
}

;// CONCATENATED MODULE: ./src/model/build.ts
const secretLikeName = /TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|CREDENTIAL/i;
/** Build-args end up in the image's history and provenance; secrets belong in BuildKit secrets. */
function secretLookingBuildArgs(inputs) {
    return inputs.buildArgs.filter(({ key }) => secretLikeName.test(key)).map(({ key }) => key);
}

;// CONCATENATED MODULE: ./src/buildx/redact.ts

const REDACTED = '***';
/** Cache spec fields that carry credentials (s3, gha, azblob and the like). */
const credentialField = /secret|token|password|passwd|account_key|access_key|sas|sig|credential/i;
function splitField(field) {
    const separator = field.indexOf('=');
    return separator > 0 ? [field.slice(0, separator), field.slice(separator + 1)] : undefined;
}
/** A URL's password and its signature-like query parameters (an azblob SAS) hidden; anything else unchanged. */
function redactUrl(value) {
    if (!/^[a-z]+:\/\//i.test(value))
        return value;
    return value
        .replace(/^([a-z]+:\/\/[^/@:]*):[^/@]*@/i, `$1:${REDACTED}@`)
        .replace(/([?&](?:sig|signature|token|code|key)[^=&]*=)[^&]*/gi, `$1${REDACTED}`);
}
/** One cache spec with every credential value replaced. */
function redactCacheSpec(spec) {
    return spec
        .split(',')
        .map((field) => {
        const pair = splitField(field);
        if (!pair)
            return field;
        const key = pair[0].trim();
        if (credentialField.test(key))
            return `${pair[0]}=${REDACTED}`;
        return `${pair[0]}=${redactUrl(pair[1])}`;
    })
        .join(',');
}
/** The values of a cache entry's credential fields, for core.setSecret. */
function cacheSpecSecrets(entry) {
    return (entry.fields ?? [])
        .filter(({ key, value }) => credentialField.test(key) && value !== '')
        .map(({ value }) => value);
}
const secretLikeBuildArg = (arg) => {
    const name = arg.slice(0, Math.max(arg.indexOf('='), 0));
    return name !== '' && secretLookingBuildArgs({ buildArgs: [{ key: name, value: '' }] }).length > 0;
};
/**
 * The build command as it may be printed: values of secret-looking build args, credentials in
 * cache specs, and any known secret value replaced by ***. Pure.
 */
function redactCommand(args, secrets = []) {
    const known = secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
    return args.map((arg, index) => {
        const flag = args[index - 1];
        let shown = arg;
        if (flag === '--build-arg' && secretLikeBuildArg(arg))
            shown = `${arg.slice(0, arg.indexOf('='))}=${REDACTED}`;
        if (flag === '--cache-from' || flag === '--cache-to')
            shown = redactCacheSpec(arg);
        for (const secret of known)
            shown = shown.split(secret).join(REDACTED);
        return shown;
    });
}
/** A value to mask, and each of its lines when it has several: the runner masks line by line. */
function maskableParts(value) {
    if (value.trim() === '')
        return [];
    const lines = value
        .split(/\r?\n/)
        .map((line) => line.trim())
        // Short lines ("}", "-----") would mask ordinary log text and hide nothing secret.
        .filter((line) => line.length >= 8);
    return [...new Set([value, ...(lines.length > 1 ? lines : [])])];
}
// buildx fills a gha spec's token from ACTIONS_RUNTIME_TOKEN, and an s3 spec's keys from the AWS
// credential chain (AWS_* variables), when the spec does not carry them.
const movable = {
    gha: { token: 'ACTIONS_RUNTIME_TOKEN' },
    s3: {
        access_key_id: 'AWS_ACCESS_KEY_ID',
        secret_access_key: 'AWS_SECRET_ACCESS_KEY',
        session_token: 'AWS_SESSION_TOKEN'
    }
};
/** The fields a credential may move out of: none for quoted CSV or the shorthand, which pass as written. */
function specFields(entry) {
    return entry.quoted ? undefined : entry.fields;
}
/** The credentials of one cache type, when every spec of that type carries the same ones; else undefined. */
function sharedCredentials(specs, type) {
    const fields = movable[type] ?? {};
    const ofType = specs.filter((spec) => spec?.some(({ key, value }) => key === 'type' && value === type));
    if (ofType.length === 0 || ofType.some((spec) => spec === undefined))
        return undefined;
    const credentials = (spec) => JSON.stringify(Object.keys(fields).map((name) => spec.find(({ key }) => key === name)?.value ?? null));
    const first = credentials(ofType[0]);
    if (ofType.some((spec) => credentials(spec) !== first))
        return undefined;
    const values = JSON.parse(first);
    // s3 needs both keys in the environment; a lone field stays in the spec.
    if (type === 's3' && (values[0] === null || values[1] === null))
        return undefined;
    if (values.every((value) => value === null))
        return undefined;
    // Empty, not absent: a session token left in the runner's environment must not pair with the spec's keys.
    return Object.fromEntries(Object.values(fields).map((variable, index) => [variable, values[index] ?? '']));
}
/** Moves cache credentials from the specs (and so from argv) to the variables buildx reads instead. */
function moveCacheCredentials(cacheFrom, cacheTo) {
    const parsed = [...cacheFrom, ...cacheTo].map(specFields);
    const env = {};
    const strip = new Set();
    for (const type of Object.keys(movable)) {
        const shared = sharedCredentials(parsed, type);
        if (!shared)
            continue;
        Object.assign(env, shared);
        for (const name of Object.keys(movable[type] ?? {}))
            strip.add(`${type}:${name}`);
    }
    const rewrite = (spec) => {
        const fields = specFields(spec);
        const type = fields?.find(({ key }) => key === 'type')?.value ?? '';
        const kept = fields?.filter(({ key }) => !strip.has(`${type}:${key}`));
        if (!fields || !kept || kept.length === fields.length)
            return spec.text;
        return kept.map(({ key, value }) => `${key}=${value}`).join(',');
    };
    return { cacheFrom: cacheFrom.map(rewrite), cacheTo: cacheTo.map(rewrite), env };
}

;// CONCATENATED MODULE: ./src/buildx/buildx-args.ts



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
/** One CSV field for buildx's --output/--secret parser: quoted when it holds a comma or a quote. */
function csvField(field) {
    return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
/** Environment variable that carries the value of the n-th BuildKit secret, so no secret is on argv. */
function secretEnvName(index) {
    return `MAB_BUILD_SECRET_${index}`;
}
function buildArgs(inputs, builder, plan, gitHost = 'github.com') {
    // rawjson carries each step's inputs, which name its platform where plain progress does not; the
    // action renders it as plain progress for the log (build/raw-progress.ts).
    const args = [...buildxPrefix(builder), 'build', ...builderFlag(builder), '--progress', 'rawjson'];
    const repeated = (flag, values) => {
        for (const value of values)
            args.push(flag, value);
    };
    const pairs = (values) => values.map(({ key, value }) => `${key}=${value}`);
    const cache = moveCacheCredentials(inputs.cacheFrom, inputs.cacheTo);
    args.push('--platform', plan.platforms.map(model_platforms/* formatPlatform */.Bq).join(','));
    if (inputs.file)
        args.push('--file', inputs.file);
    // The action's own export names the image itself; buildx would write the tags into it.
    if (!plan.export)
        repeated('--tag', plan.tags);
    repeated('--build-arg', buildArgSpecs(inputs));
    repeated('--label', pairs(plan.labels));
    repeated('--annotation', pairs(plan.annotations));
    repeated('--build-context', pairs(inputs.buildContexts));
    repeated('--secret', secretSpecs(inputs, gitHost));
    repeated('--ssh', inputs.ssh);
    if (inputs.target)
        args.push('--target', inputs.target);
    if (inputs.network)
        args.push('--network', inputs.network);
    repeated('--add-host', inputs.addHosts);
    if (inputs.shmSize)
        args.push('--shm-size', inputs.shmSize);
    repeated('--ulimit', inputs.ulimit);
    repeated('--allow', inputs.allow);
    repeated('--cache-from', [...cache.cacheFrom, ...(plan.cache?.cacheFrom ?? [])]);
    repeated('--cache-to', [...cache.cacheTo, ...(plan.cache?.cacheTo ?? [])]);
    repeated('--no-cache-filter', inputs.noCacheFilters);
    // The plan decides it (planning/provenance.ts): the input, or build-push-action's default where the image is exported.
    if (inputs.provenance)
        args.push(`--provenance=${inputs.provenance}`);
    if (inputs.sbom)
        args.push(`--sbom=${inputs.sbom}`);
    repeated('--attest', inputs.attests);
    if (inputs.noCache)
        args.push('--no-cache');
    if (inputs.pull)
        args.push('--pull');
    if (inputs.call)
        args.push('--call', inputs.call);
    args.push('--metadata-file', plan.metadataFile);
    repeated('--output', outputSpecs(inputs, plan));
    if (inputs.load)
        args.push('--load');
    args.push(inputs.context);
    return args;
}
/** The user's outputs replace the action's own; otherwise the action's export, if any. */
function outputSpecs(inputs, plan) {
    if (inputs.outputs.length > 0)
        return inputs.outputs;
    const exported = plan.export;
    if (!exported)
        return [];
    if (exported.kind === 'push-by-digest')
        return [
            [
                'type=image',
                'push-by-digest=true',
                'name-canonical=true',
                'push=true',
                csvField(`name=${exported.repositories.join(',')}`)
            ].join(',')
        ];
    if (exported.kind === 'layout')
        return [['type=oci', 'tar=false', csvField(`dest=${exported.dir}`)].join(',')];
    const local = exported.localImage ? [['type=image', csvField(`name=${exported.localImage}`)].join(',')] : [];
    return ['type=oci,dest=-', ...local];
}
/** Environment variable that carries the GitHub token for git contexts. */
const GIT_AUTH_ENV = 'MAB_GIT_AUTH_TOKEN';
/** Remote git contexts, as BuildKit recognises them (a .git URL, git@, ssh://, or the GitHub host). */
function isGitUrl(value, gitHost = 'github.com') {
    if (/^(?:git@|git:\/\/|ssh:\/\/|github\.com\/)/.test(value))
        return true;
    const match = /^https?:\/\/([^/#?]+)([^#?]*)/.exec(value);
    return !!match && (match[1] === gitHost || /\.git$/.test(match[2] ?? ''));
}
/**
 * The secret id under which the github-token goes to git contexts, as build-push-action does it:
 * GIT_AUTH_TOKEN.<GitHub host>, so BuildKit sends it to that host only. None when no git context
 * is built, or when the user passes a GIT_AUTH_TOKEN secret of their own.
 */
function gitAuthSecretId(inputs, gitHost = 'github.com') {
    const id = `GIT_AUTH_TOKEN.${gitHost}`;
    if (!inputs.githubToken)
        return undefined;
    if (!isGitUrl(inputs.context, gitHost) && !inputs.buildContexts.some(({ value }) => isGitUrl(value, gitHost)))
        return undefined;
    const ids = [...inputs.secrets, ...inputs.secretFiles, ...inputs.secretEnvs].map(({ key }) => key);
    return ids.includes('GIT_AUTH_TOKEN') || ids.includes(id) ? undefined : id;
}
/** Every --secret value: ids and where buildx reads the value (a variable or a file), never the value itself. */
function secretSpecs(inputs, gitHost = 'github.com') {
    const gitAuth = gitAuthSecretId(inputs, gitHost);
    return [
        ...inputs.secrets.map(({ key }, index) => `id=${key},env=${secretEnvName(index)}`),
        ...inputs.secretFiles.map(({ key, value }) => `id=${key},${csvField(`src=${value}`)}`),
        ...inputs.secretEnvs.map(({ key, value }) => `id=${key},env=${value}`),
        ...(gitAuth ? [`id=${gitAuth},env=${GIT_AUTH_ENV}`] : [])
    ];
}
// Variables buildx or docker read themselves: a build arg of that name stays on the command line.
const variablesOfBuildx = /^(?:ACTIONS_|AWS_|BUILDX_|BUILDKIT_|DOCKER_|MAB_|SSH_)|^(?:PATH|HOME|TMPDIR)$/;
/** Secret-looking build args that go through the environment: buildx reads --build-arg NAME's value from $NAME. */
function buildArgsFromEnv(inputs) {
    const looking = new Set(secretLookingBuildArgs(inputs));
    const taken = new Set(inputs.secretEnvs.map(({ value }) => value));
    return inputs.buildArgs.filter(({ key }) => looking.has(key) && !variablesOfBuildx.test(key) && !taken.has(key) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key));
}
function buildArgSpecs(inputs) {
    const fromEnv = new Set(buildArgsFromEnv(inputs).map(({ key }) => key));
    return inputs.buildArgs.map(({ key, value }) => (fromEnv.has(key) ? key : `${key}=${value}`));
}
/** The variables the build command needs: secret values, the git token, and cache credentials moved off argv. */
function buildEnv(inputs, gitHost = 'github.com') {
    return {
        ...moveCacheCredentials(inputs.cacheFrom, inputs.cacheTo).env,
        ...Object.fromEntries(buildArgsFromEnv(inputs).map(({ key, value }) => [key, value])),
        ...Object.fromEntries(inputs.secrets.map(({ value }, index) => [secretEnvName(index), value])),
        ...(gitAuthSecretId(inputs, gitHost) ? { [GIT_AUTH_ENV]: inputs.githubToken } : {})
    };
}

;// CONCATENATED MODULE: ./src/buildx/progress.ts
// Reads buildx's plain progress as it streams by (the log the user sees anyway): each Dockerfile
// step's platform, whether it came from the cache, how long it ran, what the cache export wrote, and
// when the image's export into an OCI layout was done (before buildx exits: build-phases.ts).
// Pure and line by line: nothing here slows the build. Table-tested on real buildx output.

/** The image's top digest once the export is DONE: the index, else its one image manifest. */
function exportedTop({ list, manifests }) {
    return list ?? (manifests.length === 1 ? manifests[0] : undefined);
}
const platformToken = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?(?:->[a-z0-9/_]+)?$/;
const osNames = /^(?:linux|windows|darwin|freebsd)\//;
/** `linux/amd64->arm64` → where it runs and what it targets; `linux/arm64` → both the same. */
function platformsOf(token) {
    const [runsOn = '', target] = token.split('->');
    const platform = (0,model_platforms/* normalisePlatformText */.h4)(runsOn);
    if (!target)
        return { platform, target: platform };
    const os = runsOn.split('/')[0] ?? 'linux';
    return { platform, target: (0,model_platforms/* normalisePlatformText */.h4)(osNames.test(target) ? target : `${os}/${target}`) };
}
/** The platform token a vertex name starts with (`[linux/amd64->arm64 build 2/3] …` → `linux/amd64->arm64`), if any. */
function platformTokenOf(name) {
    // A step counter (`[2/4] …`) looks like a platform too: a platform starts with its OS's name.
    const first = /^\[([a-z][^\] ]*)[ \]]/.exec(name)?.[1];
    return first && platformToken.test(first) ? first : undefined;
}
/** Splits a vertex name: `[linux/arm64 build 3/5] RUN make` → platform, stage, instruction, command. */
function describeVertex(id, name) {
    const step = { id, name, command: name, cached: false, pulled: false };
    const match = /^\[([^\]]*)\] (.*)$/s.exec(name);
    if (!match)
        return step;
    const tokens = (match[1] ?? '').split(' ').filter(Boolean);
    const rest = match[2] ?? '';
    if (!/^\d+\/\d+$/.test(tokens.at(-1) ?? ''))
        return step;
    tokens.pop();
    if (tokens[0] && platformToken.test(tokens[0]))
        Object.assign(step, platformsOf(tokens.shift()));
    if (tokens.length > 0)
        step.stage = tokens.join(' ');
    const instruction = /^([A-Z]+)\b\s*(.*)$/s.exec(rest);
    if (instruction) {
        step.instruction = instruction[1];
        step.command = instruction[2] ?? '';
    }
    return step;
}
/** Feeds lines in the order buildx printed them; `progress` holds what they said so far. */
class ProgressReader {
    clock;
    onImageExported;
    progress = { steps: [], exports: [], imports: [] };
    byId = new Map();
    layersOf = new Map();
    /**
     * `onImageExported` hears the image's top digest once its export into an OCI layout is done: every
     * blob is in the layout then (buildx's store commits each whole), index.json is not yet.
     */
    constructor(clock = Date.now, onImageExported) {
        this.clock = clock;
        this.onImageExported = onImageExported;
    }
    /** Never throws: a line it does not understand is skipped. */
    line(text) {
        const match = /^#(\d+) (.*)$/.exec(text);
        if (!match)
            return;
        const id = Number(match[1]);
        const body = (match[2] ?? '').trimEnd();
        const known = this.byId.get(id);
        if (!known) {
            this.open(id, body);
            return;
        }
        if ('reference' in known)
            this.onImport(known, body);
        else if ('layers' in known)
            this.onExport(known, body);
        else if ('manifests' in known)
            this.onImageExport(known, body);
        else
            this.onStep(known, body);
    }
    open(id, name) {
        const imported = /^importing cache manifest from (.+)$/.exec(name);
        if (imported) {
            const entry = { id, reference: imported[1] ?? '' };
            this.progress.imports.push(entry);
            this.byId.set(id, entry);
        }
        else if (/^exporting cache\b/.test(name)) {
            const entry = { id, name, layers: 0 };
            this.progress.exports.push(entry);
            this.byId.set(id, entry);
            this.layersOf.set(id, new Set());
        }
        else if (name === 'exporting to oci image format') {
            this.byId.set(id, { id, manifests: [] });
        }
        else {
            const step = describeVertex(id, name);
            this.progress.steps.push(step);
            this.byId.set(id, step);
        }
    }
    onStep(step, body) {
        if (body === 'CACHED')
            step.cached = true;
        else if (/^ERROR\b/.test(body))
            step.error = body.replace(/^ERROR:?\s*/, '');
        else if (/^(?:extracting )?sha256:[0-9a-f]{64}\b/.test(body))
            step.pulled = true;
        else {
            const done = /^DONE (\d+(?:\.\d+)?)s$/.exec(body);
            if (!done)
                return;
            // A step loaded from a remote cache says DONE again once its layers are pulled; it stays from the cache.
            step.seconds = Number(done[1]);
            step.doneAt = this.clock();
        }
    }
    onExport(entry, body) {
        const layer = /^writing layer (sha256:[0-9a-f]{64})/.exec(body);
        const seen = this.layersOf.get(entry.id);
        if (layer?.[1] && seen) {
            seen.add(layer[1]);
            entry.layers = seen.size;
        }
        const manifest = /^writing cache (?:manifest|image manifest) (sha256:[0-9a-f]{64})/.exec(body);
        if (manifest?.[1])
            entry.manifest = manifest[1];
        if (/^ERROR\b/.test(body))
            entry.error = body.replace(/^ERROR:?\s*/, '');
    }
    onImageExport(entry, body) {
        const written = /^exporting (manifest list|manifest) (sha256:[0-9a-f]{64}) .*done$/.exec(body);
        if (written?.[1] === 'manifest list')
            entry.list = written[2];
        else if (written?.[2])
            entry.manifests.push(written[2]);
        const top = /^DONE \d/.test(body) ? exportedTop(entry) : undefined;
        if (top)
            this.onImageExported?.(top);
    }
    onImport(entry, body) {
        if (/^ERROR\b/.test(body))
            entry.error = body.replace(/^ERROR:?\s*/, '');
    }
}
/** A Dockerfile step other than FROM that came from the cache: local (CACHED) or pulled from a remote cache. */
function fromCache(step) {
    return step.cached || (step.pulled && step.instruction !== 'FROM');
}

;// CONCATENATED MODULE: ./src/buildx/raw-progress.ts
// buildx's rawjson progress (`--progress=rawjson`), rendered as the plain progress the user reads in
// the log, with one addition: a Dockerfile step whose text is the same for every platform, which
// BuildKit names without its platform (`[3/4] RUN make`), is named with the platform of the vertices
// it was built from (`[linux/arm64 3/4] RUN make`), found through the vertex inputs that rawjson
// carries and plain progress drops. What is rendered is what ProgressReader reads: one text, one parser.
// Pure and line by line: table-tested on recorded buildx 0.13 output.

const STEP_NAME = /^\[([^\]]*)\] (.*)$/s;
/** A platform found this many inputs away is not looked beyond: a Dockerfile stage is a chain of steps. */
const INPUT_DEPTH = 64;
const raw_progress_seconds = (from, to) => {
    const span = (Date.parse(to ?? '') - Date.parse(from ?? '')) / 1000;
    return Number.isFinite(span) && span > 0 ? span : 0;
};
/** Ended less than a millisecond after it started, neither from the cache nor failed. */
const momentary = (vertex) => !vertex.cached && !vertex.error && raw_progress_seconds(vertex.started, vertex.completed) < 0.001;
function bytes(value) {
    const units = ['B', 'kB', 'MB', 'GB'];
    let size = value;
    let unit = 0;
    while (size >= 1000 && unit < units.length - 1) {
        size /= 1000;
        unit++;
    }
    return `${unit === 0 ? size : size.toFixed(2)}${units[unit]}`;
}
function decodeBase64(data) {
    return data ? Buffer.from(data, 'base64').toString('utf8') : '';
}
const isSolveStatus = (value) => typeof value === 'object' &&
    value !== null &&
    ['vertexes', 'statuses', 'logs', 'warnings'].some((key) => Array.isArray(value[key]));
/**
 * Reads rawjson line by line (buildx prints each status as indented JSON, `{` and `}` on lines of
 * their own) and hands on plain progress lines. Text between the objects (buildx's own `ERROR:` lines,
 * the Dockerfile excerpt of a failure) is handed on as it is. Never throws.
 */
class RawProgressRenderer {
    emit;
    known = new Map();
    pending;
    last;
    printed = 0;
    constructor(emit) {
        this.emit = emit;
    }
    line(text) {
        if (this.pending) {
            this.pending.push(text);
            if (text === '}')
                this.object(this.pending);
            return;
        }
        if (text === '{')
            this.pending = [text];
        else
            this.emit(text);
    }
    /** The command ended: an object cut short is handed on as text, log lines without a break are ended. */
    end() {
        const cut = this.pending;
        this.pending = undefined;
        for (const text of cut ?? [])
            this.emit(text);
        for (const known of this.known.values()) {
            const { completed, started } = known.vertex;
            if (completed && known.shownEnd !== completed && Date.parse(completed) >= Date.parse(started ?? ''))
                this.showEnd(known);
            this.flushLogs(known);
        }
    }
    object(lines) {
        this.pending = undefined;
        let value;
        try {
            value = JSON.parse(lines.join('\n'));
        }
        catch {
            value = undefined;
        }
        if (!isSolveStatus(value)) {
            for (const text of lines)
                this.emit(text);
            return;
        }
        for (const vertex of value.vertexes ?? [])
            this.onVertex(vertex);
        for (const status of value.statuses ?? [])
            this.onStatus(status);
        for (const log of value.logs ?? [])
            this.onLog(log);
        for (const warning of value.warnings ?? [])
            this.onWarning(warning);
    }
    onVertex(update) {
        if (typeof update.digest !== 'string')
            return;
        let known = this.known.get(update.digest);
        if (!known) {
            known = { number: 0, vertex: { digest: update.digest }, partial: new Map() };
            this.known.set(update.digest, known);
        }
        Object.assign(known.vertex, update);
        const { vertex } = known;
        if (vertex.started && known.shownStart === undefined) {
            known.shownStart = vertex.started;
            this.header(known);
        }
        // A vertex BuildKit starts again says so in an instant first: that end is not printed until nothing follows it.
        if (vertex.completed && known.shownEnd !== vertex.completed && !momentary(vertex))
            this.showEnd(known);
    }
    showEnd(known) {
        known.shownEnd = known.vertex.completed;
        this.flushLogs(known);
        this.say(known, this.ending(known.vertex));
    }
    ending(vertex) {
        if (vertex.error)
            return /context canceled$/.test(vertex.error) ? 'CANCELED' : `ERROR: ${vertex.error}`;
        if (vertex.cached)
            return 'CACHED';
        return `DONE ${raw_progress_seconds(vertex.started, vertex.completed).toFixed(1)}s`;
    }
    /** A blank line between vertices, as plain progress has; then `#N name`. */
    header(known) {
        if (known.number === 0)
            known.number = ++this.printed;
        if (this.last !== undefined)
            this.emit('');
        this.last = known.number;
        this.emit(`#${known.number} ${this.nameOf(known.vertex)}`);
    }
    /** One line of a vertex; its name again first when another vertex spoke in between, as plain progress does. */
    say(known, text) {
        if (known.number === 0 || this.last !== known.number)
            this.header(known);
        this.emit(`#${known.number} ${text}`);
    }
    /** The vertex's name, with the platform put in when BuildKit left it out and its inputs say it. */
    nameOf(vertex) {
        const name = (vertex.name ?? vertex.digest).replace(/\n/g, ' ');
        const match = STEP_NAME.exec(name);
        if (!match || platformTokenOf(name) !== undefined || !/\d+\/\d+$/.test(match[1] ?? ''))
            return name;
        const platform = this.platformOfInputs(vertex);
        return platform ? `[${platform} ${match[1]}] ${match[2]}` : name;
    }
    /** The platform of the nearest vertex this one was built from that names one: first inputs first. */
    platformOfInputs(vertex) {
        const seen = new Set([vertex.digest]);
        let layer = [...(vertex.inputs ?? [])];
        for (let depth = 0; depth < INPUT_DEPTH && layer.length > 0; depth++) {
            const next = [];
            for (const digest of layer) {
                if (seen.has(digest))
                    continue;
                seen.add(digest);
                const input = this.known.get(digest)?.vertex;
                const token = input?.name ? platformTokenOf(input.name) : undefined;
                if (token)
                    return token;
                next.push(...(input?.inputs ?? []));
            }
            layer = next;
        }
        return undefined;
    }
    onStatus(status) {
        const known = this.known.get(status.vertex);
        if (!known || !status.completed || typeof status.id !== 'string')
            return;
        const amount = status.total && status.total > 0
            ? ` ${bytes(status.current ?? 0)} / ${bytes(status.total)}`
            : status.current
                ? ` ${bytes(status.current)}`
                : '';
        const took = raw_progress_seconds(status.started, status.completed);
        this.say(known, `${status.id}${amount}${took >= 0.05 ? ` ${took.toFixed(1)}s` : ''} done`);
    }
    onLog(log) {
        const known = this.known.get(log.vertex);
        if (!known)
            return;
        const stream = log.stream ?? 1;
        const text = (known.partial.get(stream) ?? '') + decodeBase64(log.data);
        const lines = text.split(/\r?\n/);
        known.partial.set(stream, lines.pop() ?? '');
        const at = raw_progress_seconds(known.vertex.started, log.timestamp).toFixed(3);
        for (const line of lines)
            this.say(known, `${at} ${line}`);
    }
    flushLogs(known) {
        for (const [stream, text] of known.partial) {
            if (text)
                this.say(known, `${raw_progress_seconds(known.vertex.started, known.vertex.completed).toFixed(3)} ${text}`);
            known.partial.delete(stream);
        }
    }
    onWarning(warning) {
        const known = this.known.get(warning.vertex);
        const text = decodeBase64(warning.short).trim();
        if (!text)
            return;
        if (known)
            this.say(known, `WARN: ${text}`);
        else
            this.emit(`WARNING: ${text}`);
    }
}

;// CONCATENATED MODULE: ./src/buildx/run-build.ts










/** The last lines the log showed of a command (a bounded number: a build may print without end). */
class LogTail {
    lines = [];
    push(line) {
        this.lines.push(line);
        if (this.lines.length > 400)
            this.lines.splice(0, this.lines.length - 200);
    }
    text() {
        return this.lines.join('\n');
    }
}
/** Reads what buildx wrote to --metadata-file. */
function parseBuildMetadata(text) {
    const metadata = JSON.parse(text);
    const digest = typeof metadata['containerimage.digest'] === 'string' ? metadata['containerimage.digest'] : '';
    const configDigest = metadata['containerimage.config.digest'];
    return { digest, imageId: typeof configDigest === 'string' ? configDigest : digest, metadata };
}
// Translations of the classic build failures into what to do about them.
const buildAdvice = [
    [
        /exec format error/i,
        'a binary of the wrong architecture ran, or its QEMU emulator is missing: copy per-platform binaries using TARGETARCH, and keep qemu: auto.'
    ],
    [
        /no match for platform in manifest|no matching manifest/i,
        'a base image does not exist for one of the requested platforms: pick a multi-arch base image or drop that platform.'
    ],
    [/network bridge not found/i, 'the daemon has no bridge network: set network: host (or none).'],
    [
        /multi-platform build is not supported for the docker driver/i,
        "this daemon's classic image store cannot hold several platforms: use driver: docker-container (driver: auto picks it on such a daemon), or turn on the containerd image store."
    ],
    [/failed to solve: failed to read dockerfile|Dockerfile: no such file/i, 'check the file and context inputs.'],
    [/unknown flag: --call/i, 'the call input needs buildx 0.14 or later: set buildx-version: latest.'],
    [
        /invalid progress mode rawjson/i,
        'this buildx has no --progress=rawjson, which the action reads the build from: set buildx-version: latest.'
    ],
    [
        /unauthorized|authentication required|denied/i,
        'the registry refused the push: check username/password and that the token may push to this repository.'
    ]
];
function adviceFor(output) {
    return buildAdvice.find(([pattern]) => pattern.test(output))?.[1];
}
/**
 * Only the final error decides, and only a registry's failure counts (a push, or a pull of a base
 * image or cache, a 429 rate limit included): a RUN step that printed "connection refused" before
 * failing is a build error, not a flaky registry.
 */
function isTransientPushFailure(error) {
    if (!(error instanceof exec/* CommandError */.Qd))
        return false;
    const finalError = error.result.stderr
        .split('\n')
        .filter((line) => /^ERROR:/.test(line.trim()))
        .pop() ?? '';
    return (/failed to push|unexpected status from|failed to do request|pushing .* with docker|failed to copy|failed to resolve source metadata|failed to fetch .*token/i.test(finalError) && isTransientFailure(finalError));
}
/** The host whose git repositories get the github-token (GitHub Enterprise sets GITHUB_SERVER_URL). */
function gitHost(env = process.env) {
    try {
        return new URL(env['GITHUB_SERVER_URL'] || 'https://github.com').host;
    }
    catch {
        return 'github.com';
    }
}
// Larger files are not text secrets worth masking line by line (and reading them would cost memory).
const MASKED_FILE_LIMIT = 1024 * 1024;
/** Every value the build may carry that is secret: the logins, the build's secrets, the step's variables and secret files. */
function buildSecretValues(inputs, logins, env = process.env) {
    const secretArgs = new Set(secretLookingBuildArgs(inputs));
    const files = inputs.secretFiles.flatMap(({ value }) => {
        try {
            return (0,external_node_fs_.statSync)(value).size <= MASKED_FILE_LIMIT ? [(0,external_node_fs_.readFileSync)(value, 'utf8')] : [];
        }
        catch {
            return [];
        }
    });
    return [
        ...logins.map(({ password }) => password),
        inputs.githubToken,
        ...inputs.secrets.map(({ value }) => value),
        ...inputs.secretEnvs.map(({ value }) => env[value] ?? ''),
        ...files,
        ...inputs.buildArgs.filter(({ key }) => secretArgs.has(key)).map(({ value }) => value),
        ...[...inputs.cacheFrom, ...inputs.cacheTo].flatMap(cacheSpecSecrets)
    ].flatMap(maskableParts);
}
/** Masks every secret value for the runner's log; called before any command runs. */
function maskBuildSecrets(inputs, logins, env = process.env) {
    const values = buildSecretValues(inputs, logins, env);
    for (const value of values)
        runner/* setSecret */.Pq(value);
    return values;
}
/** Runs the build. */
async function runBuild(inputs, builder, plan, { stdoutTo, onImageExported } = {}) {
    const host = gitHost();
    const env = buildEnv(inputs, host);
    const args = buildArgs(inputs, builder, plan, host);
    // The logins are masked already; the printed command is redacted of the build's own secrets.
    const printable = `docker ${redactCommand(args, buildSecretValues(inputs, [])).join(' ')}`;
    runner/* info */.pq(printable);
    // A failure's message names the command (and the retry warning may print it): the redacted one.
    // The progress is read as buildx streams it to the log; a retried build is read afresh.
    const watched = { progress: new ProgressReader().progress, startedAt: Date.now(), endedAt: 0 };
    // What the log showed of the last attempt: a failure is explained from it, not from the raw JSON.
    let shown = new LogTail();
    const runOnce = () => {
        const reader = new ProgressReader(Date.now, onImageExported);
        const tail = (shown = new LogTail());
        const renderer = new RawProgressRenderer((line) => {
            runner/* info */.pq(line);
            reader.line(line);
            tail.push(line);
        });
        Object.assign(watched, { progress: reader.progress, startedAt: Date.now() });
        const sink = stdoutTo ? { stdoutTo: stdoutTo() } : {};
        return ((0,exec/* run */.eF)('docker', args, { env, onLine: (line) => renderer.line(line), ...sink })
            // The command's end is the export's end, whatever the pipe did: its reader never waits past it.
            .finally(() => sink.stdoutTo?.end())
            .catch((error) => {
            throw error instanceof exec/* CommandError */.Qd ? new exec/* CommandError */.Qd(printable, error.result) : error;
        })
            .finally(() => {
            renderer.end();
            watched.endedAt = Date.now();
        }));
    };
    try {
        // Only a push that the registry answered with a transient error is worth building again; BuildKit's cache makes that cheap.
        await withRetry('Build and push', runOnce, registryRetry, isTransientPushFailure);
    }
    catch (error) {
        if (!(error instanceof exec/* CommandError */.Qd))
            throw error;
        throw new errors/* ActionError */.lZ(`docker buildx build failed (exit code ${error.result.exitCode}):\n${(0,exec/* lastLines */.w$)(shown.text(), 20)}`, adviceFor(`${shown.text()}\n${error.result.stdout}\n${error.result.stderr}`));
    }
    try {
        return { ...parseBuildMetadata((0,external_node_fs_.readFileSync)(plan.metadataFile, 'utf8')), run: watched };
    }
    catch {
        return { digest: '', imageId: '', metadata: {}, run: watched };
    }
}

;// CONCATENATED MODULE: ./src/planning/plan-job.ts






/** The registries of the names, each once, in order. */
function registriesOf(names) {
    return [...new Set(names.map(({ registry }) => registry))];
}
/** The repositories (registry/repository) of the names, each once, in order. */
function repositoriesOf(names) {
    return [...new Set(names.map(({ registry, repository }) => formatRepository({ registry, repository })))];
}
/**
 * The login of registry/username/password (the registry input, else the first tag's registry), if
 * any: with username, or for ECR (ecr: true, or ecr: auto and an ECR host in the registry input)
 * with the AWS SDK's own credentials when username and password are both empty.
 */
function inputLogin(inputs, targets) {
    const registry = resolveRegistry(inputs.registry, targets);
    const kind = loginKind(registry, inputs.ecr);
    // A kind that needs no keys logs in without username when it was asked for: ecr: true, or the registry input.
    const withoutKeys = loginKindRules(kind).keyless && (inputs.ecr === 'true' || inputs.registry !== '');
    if (!inputs.username && !withoutKeys)
        return undefined;
    return { registry, username: inputs.username, password: inputs.password, ...(kind !== 'password' ? { kind } : {}) };
}
/**
 * Every login of the job: registry/username/password first, then registry-auth's entries; the same
 * registry in both is refused. A login whose password is empty is refused when the run writes to a
 * registry, and left out when it writes nowhere (GitHub gives a fork's or Dependabot's pull request
 * no secrets, and such a run needs a login only for private base images).
 */
function planLogins(inputs, targets, writes = true) {
    const first = inputLogin(inputs, targets);
    if (first)
        checkLoginClash(first, inputs.registryAuth);
    const planned = { logins: [], skipped: [] };
    const consider = (login, secret, refuse) => {
        const noKeys = loginKindRules(login.kind).keyless && login.username === '' && login.password === '';
        if (login.password !== '' || noKeys)
            planned.logins.push(login);
        else if (writes)
            throw refuse();
        else
            planned.skipped.push({ registry: login.registry, secret });
    };
    if (first)
        consider(first, 'password', missingPassword);
    inputs.registryAuth.forEach((login, index) => consider(login, `password of registry-auth entry ${index + 1}`, () => missingInEntry(index + 1, login, login.username === '' ? 'username' : 'password')));
    return planned;
}
/** The job's set-up; `daemon` is undefined when the mode needs no Docker daemon. */
function planJob(inputs, targets, daemon, writes) {
    const { logins, skipped } = planLogins(inputs, targets, writes);
    const job = {
        cleanup: inputs.cleanup,
        logins,
        loginScope: inputs.loginScope,
        retryAfterMaxMs: inputs.registryRetryAfterMax * 1000
    };
    if (skipped.length > 0)
        job.skippedLogins = skipped;
    if (!writes)
        job.writesNothing = true;
    if (daemon !== undefined)
        job.daemon = daemon;
    if (inputs.buildxVersion)
        job.buildx = {
            version: inputs.buildxVersion,
            ...(inputs.buildxDownloadUrl ? { downloadUrl: inputs.buildxDownloadUrl } : {})
        };
    return job;
}
function planChecks(inputs) {
    const checks = {
        verify: inputs.verify,
        audit: inputs.archAudit,
        auditIgnore: inputs.archAuditIgnore,
        auditLimits: inputs.archAuditLimits,
        auditCache: inputs.archAuditCache
    };
    if (inputs.smokeTest)
        checks.smoke = {
            command: inputs.smokeTest,
            timeoutSeconds: inputs.smokeTestTimeout,
            isolation: inputs.smokeTestIsolation
        };
    return checks;
}
function describeChecks(plan) {
    const { verify, audit, smoke } = plan.checks;
    // Nothing pushed: a build is checked on the runner (platforms, audit, smoke run); a merge reads nothing.
    if (!plan.push && plan.mode === 'merge')
        return 'none (nothing is pushed)';
    const local = !plan.push && (audit !== 'off' || smoke);
    const names = [
        local ? 'local platforms' : verify && plan.push ? 'verify' : '',
        audit !== 'off' ? `arch-audit (${audit})` : '',
        smoke ? 'smoke test' : ''
    ];
    const listed = names.filter(Boolean).join(', ') || 'none';
    return plan.push ? listed : `${listed} (on the runner; nothing is pushed)`;
}
function describeLogins(plan) {
    const made = plan.job.logins.map(({ registry, username, kind }) => loginKindRules(kind).label(registry, username));
    const left = (plan.job.skippedLogins ?? []).map(({ registry }) => `none at ${registry} (its password is empty)`);
    const logins = [...made, ...left].join(', ') || 'none';
    return plan.job.loginScope === 'job'
        ? `${logins} (login-scope: job, later steps use the job's Docker config until the post step)`
        : logins;
}
/** The plan as a few lines for the log; never a secret. */
function describePlan(plan) {
    const target = plan.mode === 'build' && plan.digestTarget;
    const lines = [
        `Mode: ${plan.mode}; push: ${plan.push ? 'yes' : 'no'}; event: ${plan.event.eventName || '(none)'}`,
        `Platforms: ${plan.platforms.map(model_platforms/* formatPlatform */.Bq).join(', ')}`,
        `Tags: ${plan.tags.targets.map(({ text }) => text).join(', ') || '(none)'}${plan.tags.floating.length > 0 ? `; floating: ${plan.tags.floating.map(({ tag }) => tag).join(', ')}` : ''}`,
        ...(target ? [`Per-platform target: ${target.repository}, untagged`] : []),
        `Registries: ${plan.registries.join(', ') || '(none)'}; login: ${describeLogins(plan)}`,
        `Checks: ${describeChecks(plan)}`
    ];
    const lowercased = describeLowercased(plan.lowercased);
    if (lowercased)
        lines.splice(3, 0, lowercased);
    if (plan.mode === 'build') {
        const { builder } = plan;
        const where = `${builder.driver}${builder.endpoint ? ` at ${builder.endpoint}` : ''}`;
        const emulators = builder.emulators.enabled ? `auto (${builder.emulators.image})` : 'off';
        lines.push(`Builder: ${where}; emulators: ${emulators}; base-image check: ${plan.preflight.level}`);
    }
    else
        lines.push(`Sources: ${plan.sources.map(({ reference }) => reference).join(', ')}`);
    return lines;
}

;// CONCATENATED MODULE: ./src/planning/event-tags.ts
// Pure: what a git event is (a release, a tag, a branch, a pull request) and the tags it gives on
// its own, with the action's own rules (no tag rules given).


/** Docker tag rules: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}. Empty when nothing usable is left. */
function sanitizeTag(name) {
    return name
        .replace(/[^A-Za-z0-9_.-]/gu, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128);
}
function pullRequestNumber(event) {
    if (event.prNumber !== undefined)
        return event.prNumber;
    const match = /^refs\/pull\/(\d+)\//.exec(event.ref);
    return match?.[1] === undefined ? undefined : Number(match[1]);
}
/** The git tag this run is for: the release's own tag wins over the ref. */
function tagName(event) {
    if (event.eventName === 'release' && event.releaseTag)
        return event.releaseTag;
    return event.ref.startsWith('refs/tags/') ? event.ref.slice('refs/tags/'.length) : undefined;
}
function describeEvent(event) {
    const sha = shortSha(event.sha, event.shortShaLength);
    const shaVersion = sha ? `sha-${sha}` : '';
    if (isPullRequest(event)) {
        const number = pullRequestNumber(event);
        if (number !== undefined && Number.isSafeInteger(number) && number > 0)
            return { kind: 'pr', version: `pr-${number}`, shortSha: sha };
        // pull_request_target's ref is the base branch: never let it pass for a push of that branch.
        return { kind: 'other', version: shaVersion, shortSha: sha };
    }
    const tag = tagName(event);
    if (tag !== undefined) {
        const parsed = (0,semver.parse)(tag.trim(), { loose: true });
        if (parsed) {
            const prerelease = parsed.prerelease.length > 0;
            return {
                kind: prerelease ? 'prerelease' : 'release',
                version: parsed.version,
                semver: { major: parsed.major, minor: parsed.minor, patch: parsed.patch, prerelease },
                shortSha: sha
            };
        }
        return { kind: 'tag', version: sanitizeTag(tag) || shaVersion, shortSha: sha };
    }
    if (event.ref.startsWith('refs/heads/')) {
        const branch = event.ref.slice('refs/heads/'.length);
        return { kind: 'branch', version: sanitizeTag(branch) || shaVersion, branch, shortSha: sha };
    }
    return { kind: 'other', version: shaVersion, shortSha: sha };
}
/** Tags derived from the event alone, most specific first. */
function eventTags(event, info) {
    const tags = [];
    if (info.kind === 'release' && info.semver) {
        const { major, minor } = info.semver;
        tags.push(info.version, `${major}.${minor}`);
        // A bare 0 would float across breaking 0.x releases.
        if (major > 0)
            tags.push(`${major}`);
        tags.push('latest');
    }
    else if (info.kind === 'branch') {
        const name = sanitizeTag(info.branch ?? '');
        if (name)
            tags.push(name);
        if (event.defaultBranch !== undefined && info.branch === event.defaultBranch)
            tags.push('edge');
    }
    else if (info.kind !== 'other' && info.version) {
        tags.push(info.version);
    }
    if (info.shortSha)
        tags.push(`sha-${info.shortSha}`);
    return tags;
}
/** What the run is for, in words, for error messages. */
function runDescription(event, info) {
    switch (info.kind) {
        case 'release':
        case 'prerelease':
            return `${info.kind} ${tagName(event) ?? info.version}`;
        case 'tag':
            return `tag '${tagName(event) ?? info.version}', which is not semver`;
        case 'branch':
            return `branch '${info.branch ?? ''}'`;
        case 'pr':
            return `pull request ${info.version}`;
        case 'other':
            return `a ${event.eventName || 'run'} event on ${event.ref || 'no ref'}`;
    }
}

;// CONCATENATED MODULE: ./src/planning/oci-labels.ts
/**
 * metadata-action's labels: source, revision, version, created, title and url always, empty when the
 * event does not say (a run with no tag gives `version=`); description and licenses only when the
 * GitHub API gave them.
 */
function ociLabels(event, info) {
    const entries = [
        ['source', event.repositoryUrl],
        ['revision', event.sha],
        ['version', info.version],
        ['created', event.createdAt],
        ['title', event.repositoryName],
        ['url', event.repositoryUrl]
    ];
    if (event.description !== undefined)
        entries.push(['description', event.description]);
    if (event.licenses !== undefined)
        entries.push(['licenses', event.licenses]);
    return entries.map(([name, value]) => ({ key: `org.opencontainers.image.${name}`, value: value?.trim() ?? '' }));
}
/** User labels override generated ones in place; user-only keys follow in the user's order. */
function mergeLabels(generated, user) {
    const merged = new Map();
    for (const label of [...generated, ...user])
        merged.set(label.key, label.value);
    return [...merged].map(([key, value]) => ({ key, value }));
}
const levelPrefix = /^(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?:/;
/**
 * The annotations a build sets: the generated OCI keys (not the user's labels) at each of
 * `generatedAt`, and the user's annotations; with `userAt` (DOCKER_METADATA_ANNOTATIONS_LEVELS) a
 * user line without a level goes to each of those levels, as metadata-action writes them. The user's win:
 * a key the user sets, at whatever level, is not generated.
 */
function planAnnotations(generated, user, levels) {
    const atLevels = (entries, at) => at.flatMap((level) => entries.map(({ key, value }) => ({ key: `${level}:${key}`, value })));
    const userAtLevels = levels.userAt.length === 0
        ? user
        : user.flatMap((entry) => (levelPrefix.test(entry.key) ? [entry] : atLevels([entry], levels.userAt)));
    const userKeys = new Set(user.map(({ key }) => key.replace(levelPrefix, '')));
    const kept = generated.filter(({ key }) => !userKeys.has(key));
    return mergeLabels(atLevels(kept, levels.generatedAt), userAtLevels);
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/date-format.ts
// Renders a date with the moment.js format tokens metadata-action documents for {{date '…'}}, in a
// named IANA time zone (UTC by default). The zone arithmetic is Intl's; only the tokens are here.

const monthNames = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December'
];
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
function zonedParts(date, timeZone) {
    let format;
    try {
        format = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric'
        });
    }
    catch {
        throw new TemplateError(`unknown time zone '${timeZone}' (an IANA name such as UTC or Europe/Paris)`);
    }
    const parts = Object.fromEntries(format.formatToParts(date).map(({ type, value }) => [type, Number(value)]));
    const get = (type) => parts[type] ?? 0;
    const wallClock = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    const millisecond = date.getUTCMilliseconds();
    return {
        year: get('year'),
        month: get('month'),
        day: get('day'),
        hour: get('hour'),
        minute: get('minute'),
        second: get('second'),
        millisecond,
        weekday: new Date(wallClock).getUTCDay(),
        offset: Math.round((wallClock + millisecond - date.getTime()) / 60_000)
    };
}
const pad = (value, width = 2) => String(value).padStart(width, '0');
function ordinal(day) {
    const tens = day % 100;
    if (tens >= 11 && tens <= 13)
        return `${day}th`;
    return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}
function offsetText(minutes, separator) {
    const sign = minutes < 0 ? '-' : '+';
    const absolute = Math.abs(minutes);
    return `${sign}${pad(Math.floor(absolute / 60))}${separator}${pad(absolute % 60)}`;
}
const hour12 = (hour) => (hour % 12 === 0 ? 12 : hour % 12);
// Longest tokens first, so MMMM wins over MM and M.
const tokens = [
    ['YYYY', (p) => pad(p.year, 4)],
    ['YY', (p) => pad(p.year % 100)],
    ['MMMM', (p) => monthNames[p.month - 1] ?? ''],
    ['MMM', (p) => (monthNames[p.month - 1] ?? '').slice(0, 3)],
    ['MM', (p) => pad(p.month)],
    ['M', (p) => String(p.month)],
    ['Do', (p) => ordinal(p.day)],
    ['DD', (p) => pad(p.day)],
    ['D', (p) => String(p.day)],
    ['dddd', (p) => dayNames[p.weekday] ?? ''],
    ['ddd', (p) => (dayNames[p.weekday] ?? '').slice(0, 3)],
    ['dd', (p) => (dayNames[p.weekday] ?? '').slice(0, 2)],
    ['d', (p) => String(p.weekday)],
    ['HH', (p) => pad(p.hour)],
    ['H', (p) => String(p.hour)],
    ['hh', (p) => pad(hour12(p.hour))],
    ['h', (p) => String(hour12(p.hour))],
    ['mm', (p) => pad(p.minute)],
    ['m', (p) => String(p.minute)],
    ['ss', (p) => pad(p.second)],
    ['s', (p) => String(p.second)],
    ['SSS', (p) => pad(p.millisecond, 3)],
    ['SS', (p) => pad(Math.floor(p.millisecond / 10))],
    ['S', (p) => String(Math.floor(p.millisecond / 100))],
    ['A', (p) => (p.hour < 12 ? 'AM' : 'PM')],
    ['a', (p) => (p.hour < 12 ? 'am' : 'pm')],
    ['ZZ', (p) => offsetText(p.offset, '')],
    ['Z', (p) => offsetText(p.offset, ':')],
    ['X', (_p, date) => String(Math.floor(date.getTime() / 1000))],
    ['x', (_p, date) => String(date.getTime())]
];
/** moment's format(): tokens are replaced, [bracketed text] is kept as is, anything else passes through. */
function formatDate(date, format, timeZone = 'UTC') {
    const parts = zonedParts(date, timeZone);
    let output = '';
    let position = 0;
    while (position < format.length) {
        if (format[position] === '[') {
            const end = format.indexOf(']', position);
            if (end > position) {
                output += format.slice(position + 1, end);
                position = end + 1;
                continue;
            }
        }
        const token = tokens.find(([name]) => format.startsWith(name, position));
        if (token) {
            output += token[1](parts, date);
            position += token[0].length;
        }
        else {
            output += format[position];
            position += 1;
        }
    }
    return output;
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/context.ts
// What metadata-action's rules read from the event, and its global expressions. Pure.



function ruleContext(event) {
    let ref = event.ref;
    // pull_request_target runs on the base branch's ref; the rules want the pull request's.
    if (event.eventName === 'pull_request_target' && event.prNumber !== undefined)
        ref = `refs/pull/${event.prNumber}/merge`;
    if (event.eventName === 'release' && event.releaseTag && !ref.startsWith('refs/tags/'))
        ref = `refs/tags/${event.releaseTag}`;
    const now = new Date(event.createdAt);
    const committed = event.commitDate ? new Date(event.commitDate) : undefined;
    const context = {
        eventName: event.eventName,
        ref,
        sha: event.sha,
        now,
        commitDate: committed && !Number.isNaN(committed.getTime()) ? committed : now
    };
    if (event.defaultBranch)
        context.defaultBranch = event.defaultBranch;
    if (event.shortShaLength !== undefined)
        context.shortShaLength = event.shortShaLength;
    if (event.baseRef)
        context.baseRef = event.baseRef;
    return context;
}
const refName = (ref, kind) => ref.startsWith(`refs/${kind}/`) ? ref.slice(`refs/${kind}/`.length) : undefined;
/** metadata-action's rule: the default branch by name; events that only ever run on it count too. */
function isDefaultBranch(context) {
    const branch = context.ref.replace(/^refs\/heads\//, '');
    if (branch === '')
        return false;
    if (context.defaultBranch !== undefined && branch === context.defaultBranch)
        return true;
    return /create|discussion|issues|schedule/.test(context.eventName);
}
/** moment's format() without a format: ISO 8601 to the second, `Z` in UTC, else the offset. */
function defaultDateFormat(date, timeZone) {
    return formatDate(date, 'Z', timeZone) === '+00:00' ? 'YYYY-MM-DDTHH:mm:ss[Z]' : 'YYYY-MM-DDTHH:mm:ssZ';
}
/**
 * {{date 'format' tz='Zone'}} and {{commit_date …}}: one format, tz the only option. An unquoted
 * format ({{date YYYYMMDD}}) reaches metadata-action's helper as nothing, so it gives the default form.
 */
function renderDate(expression, date) {
    const { args, paths } = expression;
    if (args.length + paths.length !== 1)
        throw new TemplateError(`${expression.text} takes one quoted format, as in {{${expression.name} 'YYYYMMDD'}}`);
    for (const option of Object.keys(expression.options)) {
        if (option !== 'tz')
            throw new TemplateError(`${expression.text}: unknown option '${option}' (tz is the only one)`);
    }
    const timeZone = expression.options['tz'] ?? 'UTC';
    return formatDate(date, args[0] ?? defaultDateFormat(date, timeZone), timeZone);
}
function noArguments(expression) {
    if (expression.args.length + expression.paths.length > 0 || Object.keys(expression.options).length > 0)
        throw new TemplateError(`{{${expression.name}}} takes no arguments`);
}
/** The global expressions of value, prefix, suffix and enable attributes. */
function globalResolver(context) {
    return (expression) => {
        if (expression.name === 'date')
            return renderDate(expression, context.now);
        if (expression.name === 'commit_date')
            return renderDate(expression, context.commitDate);
        noArguments(expression);
        switch (expression.name) {
            case 'branch':
                return refName(context.ref, 'heads') ?? '';
            case 'tag':
                return refName(context.ref, 'tags') ?? '';
            case 'sha':
                return shortSha(context.sha, context.shortShaLength);
            case 'base_ref':
                return /^refs\/(tags|pull)\//.test(context.ref) ? (context.baseRef ?? '') : '';
            case 'is_default_branch':
                return String(isDefaultBranch(context));
            case 'is_not_default_branch':
                return String(!isDefaultBranch(context));
            default:
                return undefined;
        }
    };
}
/** Only the date expressions, for type=schedule's pattern. */
function scheduleResolver(context) {
    return (expression) => {
        if (expression.name === 'date')
            return renderDate(expression, context.now);
        if (expression.name === 'commit_date')
            return renderDate(expression, context.commitDate);
        return undefined;
    };
}

// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js + 4 modules
var pep440 = __webpack_require__(9687);
;// CONCATENATED MODULE: ./src/planning/tag-rules/pep440.ts
// type=pep440: Python's version scheme (1.2.3rc2, 1.0.dev4, 1.2.post1), read with @renovatebot/pep440,
// the values metadata-action's pattern gets for such a version. Pure.

/** The version's parts; undefined when `raw` is not a PEP 440 version. */
function readPep440(raw) {
    if (!(0,pep440/* valid */.rZ)(raw))
        return undefined;
    const explained = (0,pep440/* explain */.WE)(raw);
    const normal = (0,pep440/* clean */.uH)(raw);
    if (!explained || !normal)
        return undefined;
    return {
        special: explained.is_prerelease || explained.is_postrelease || explained.is_devrelease,
        values: {
            raw,
            version: normal,
            major: String((0,pep440/* major */.eR)(raw)),
            minor: String((0,pep440/* minor */.Ek)(raw)),
            patch: String((0,pep440/* patch */.F6)(raw))
        }
    };
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/evaluate.ts
// Runs metadata-action's rules against the event, as its README documents them: rules in priority
// order, the first tag produced is the version, `latest` is decided by that first rule (or the
// flavor), tags are sanitised. Pure: warnings are returned, not logged.







/** metadata-action's sanitising (runs of invalid characters become '-'), then Docker's start and length rules. */
function sanitizeRuleTag(tag) {
    return tag
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128);
}
const floatingShape = /^v?\d+(?:\.\d+)?$/;
class Evaluation {
    context;
    flavor;
    warnings = [];
    globals;
    constructor(context, flavor) {
        this.context = context;
        this.flavor = flavor;
        this.globals = globalResolver(context);
    }
    render(rule, template, resolver = this.globals) {
        try {
            return renderTemplate(template, resolver);
        }
        catch (error) {
            if (error instanceof TemplateError)
                throw new errors/* InputError */.dz('tags', rule.line, 'expressions docker/metadata-action documents', error.message);
            throw error;
        }
    }
    enabled(rule) {
        const value = this.render(rule, rule.attrs['enable'] ?? 'true');
        if (value !== 'true' && value !== 'false')
            throw new errors/* InputError */.dz('tags', rule.line, 'enable=true or enable=false', `enable gave '${value}'`);
        return value === 'true';
    }
    /** A rule's own prefix/suffix win, even when empty; otherwise the flavor's. */
    affixed(rule, core) {
        const prefix = rule.attrs['prefix'] ?? this.flavor.prefix;
        const suffix = rule.attrs['suffix'] ?? this.flavor.suffix;
        return `${this.render(rule, prefix)}${core}${this.render(rule, suffix)}`;
    }
    /** The git tag, or the rule's value=; undefined when the rule does not apply. */
    source(rule) {
        const value = rule.attrs['value'] ?? '';
        if (value !== '')
            return this.render(rule, value);
        return refName(this.context.ref, 'tags');
    }
    /** semver's and pep440's input: the git tag or value=, narrowed by match= (its first group), '/' made '-'. */
    versionText(rule) {
        let raw = this.source(rule);
        if (raw === undefined)
            return undefined;
        const match = rule.attrs['match'] ?? '';
        if (match !== '') {
            const found = new RegExp(match).exec(raw);
            if (found)
                raw = found[1] ?? found[0];
            else
                this.warnings.push(`${rule.line}: match ${match} does not match '${raw}'`);
        }
        return raw.replace(/\//g, '-');
    }
    semver(rule) {
        const raw = this.versionText(rule);
        if (raw === undefined)
            return undefined;
        const parsed = (0,semver.valid)(raw) ? (0,semver.parse)(raw, { loose: true }) : null;
        if (!parsed) {
            this.warnings.push(`${rule.line}: '${raw}' is not a valid semver version, so this rule gives no tag`);
            return undefined;
        }
        const pattern = rule.attrs['pattern'] ?? '';
        const resolver = semverResolver(parsed, raw);
        if (parsed.prerelease.length > 0) {
            // Pre-releases only ever get their full version (or {{raw}} when that is the whole pattern).
            return { core: this.render(rule, isRawPattern(pattern) ? pattern : '{{version}}', resolver), ...special };
        }
        return { core: this.render(rule, pattern, resolver), autoLatest: true, floats: isPartial(pattern) };
    }
    pep440(rule) {
        const raw = this.versionText(rule);
        if (raw === undefined)
            return undefined;
        const version = readPep440(raw);
        if (!version) {
            this.warnings.push(`${rule.line}: '${raw}' is not a PEP 440 version, so this rule gives no tag`);
            return undefined;
        }
        const pattern = rule.attrs['pattern'] ?? '';
        // Pre-, post- and dev-releases get their normalised version, or the tag as written for {{raw}}.
        if (version.special)
            return { core: isRawPattern(pattern) ? raw : version.values.version, ...special };
        const resolver = valuesResolver(version.values);
        return { core: this.render(rule, pattern, resolver), autoLatest: true, floats: isPartial(pattern) };
    }
    match(rule) {
        const raw = this.source(rule);
        if (raw === undefined)
            return undefined;
        const { source, flags } = matchPatternSource(rule.attrs['pattern'] ?? '');
        const found = new RegExp(source, flags).exec(raw);
        const group = found?.[Number(rule.attrs['group'] ?? '0')];
        if (group === undefined) {
            this.warnings.push(`${rule.line}: no group ${rule.attrs['group'] ?? '0'} where the pattern meets '${raw}'`);
            return undefined;
        }
        return { core: group, autoLatest: true, floats: floatingShape.test(group) };
    }
    produce(rule) {
        const { context } = this;
        switch (rule.type) {
            case 'schedule':
                if (!/schedule/.test(context.eventName))
                    return undefined;
                return optional(this.render(rule, rule.attrs['pattern'] ?? 'nightly', scheduleResolver(context)), false);
            case 'semver':
                return this.semver(rule);
            case 'pep440':
                return this.pep440(rule);
            case 'match':
                return this.match(rule);
            case 'ref':
                return this.reference(rule);
            case 'edge': {
                const branch = refName(context.ref, 'heads');
                const wanted = rule.attrs['branch'] || context.defaultBranch;
                return optional(branch !== undefined && branch === wanted ? 'edge' : undefined, false);
            }
            case 'raw': {
                const core = this.render(rule, rule.attrs['value'] ?? '');
                return { core, autoLatest: false, floats: core === 'latest' || floatingShape.test(core) };
            }
            case 'sha':
                if (!context.sha)
                    return undefined;
                return optional(rule.attrs['format'] === 'long' ? context.sha : shortSha(context.sha, context.shortShaLength), false);
        }
    }
    reference(rule) {
        const ref = this.context.ref;
        if (rule.attrs['event'] === 'branch')
            return optional(refName(ref, 'heads'), false);
        if (rule.attrs['event'] === 'tag')
            return optional(refName(ref, 'tags'), true);
        if (!ref.startsWith('refs/pull/'))
            return undefined;
        return optional(ref.slice('refs/pull/'.length).replace(/\/merge$/, ''), false);
    }
}
const optional = (core, autoLatest) => core === undefined ? undefined : { core, autoLatest, floats: core === 'latest' };
/** What a pre-release gives: no latest, never floating. */
const special = { autoLatest: false, floats: false };
/** A pattern that is {{raw}} alone keeps a pre-release's tag as written. */
const isRawPattern = (pattern) => /^\{\{\s*raw\s*\}\}$/.test(pattern);
/** {{major}} or {{major}}.{{minor}}: a tag that moves along a release line. */
const isPartial = (pattern) => expressionsOf(pattern).every(({ name }) => name === 'major' || name === 'minor');
function valuesResolver(values) {
    return ({ name, args, paths }) => semverNames.includes(name) && args.length + paths.length === 0 ? values[name] : undefined;
}
function semverResolver(version, raw) {
    return valuesResolver({
        raw,
        version: version.version,
        major: String(version.major),
        minor: String(version.minor),
        patch: String(version.patch)
    });
}
/** Tags from metadata-action rules for this event, highest priority first. */
function evaluateTagRules(rules, event, flavor) {
    const evaluation = new Evaluation(ruleContext(event), flavor);
    const tags = [];
    let latest;
    for (const rule of sortRules(rules)) {
        if (!evaluation.enabled(rule))
            continue;
        const produced = evaluation.produce(rule);
        if (!produced)
            continue;
        const tag = sanitizeRuleTag(evaluation.affixed(rule, produced.core));
        if (tag === '')
            continue;
        const known = tags.find((entry) => entry.tag === tag);
        if (known)
            known.floats ||= produced.floats;
        else
            tags.push({ tag, floats: produced.floats });
        latest ??= flavor.latest === 'auto' ? produced.autoLatest : flavor.latest === 'true';
    }
    const outcome = { tags, warnings: evaluation.warnings };
    if (tags[0])
        outcome.version = tags[0].tag;
    if (latest && tags.length > 0)
        outcome.latest = latestTag(flavor, evaluation, rules[0]);
    return outcome;
}
function latestTag(flavor, evaluation, anyRule) {
    const rule = anyRule ?? { type: 'raw', attrs: {}, priority: 0, line: 'flavor' };
    const prefix = flavor.prefixOnLatest ? evaluation.render(rule, flavor.prefix) : '';
    const suffix = flavor.suffixOnLatest ? evaluation.render(rule, flavor.suffix) : '';
    return sanitizeRuleTag(`${prefix}latest${suffix}`) || 'latest';
}

;// CONCATENATED MODULE: ./src/planning/tag-templates.ts
// Pure: the {{placeholders}} of tags and other inputs, filled from the event with the one template
// engine the tag rules use too (tag-rules/expressions.ts).





/** Placeholder values this event can provide; absent keys cannot be filled. */
function placeholderValues(info) {
    const values = new Map();
    if (info.version)
        values.set('version', info.version);
    if (info.semver) {
        values.set('major', `${info.semver.major}`);
        values.set('minor', `${info.semver.minor}`);
        values.set('patch', `${info.semver.patch}`);
    }
    if (info.shortSha)
        values.set('sha', info.shortSha);
    const branch = sanitizeTag(info.branch ?? '');
    if (branch)
        values.set('branch', branch);
    return values;
}
const knownPlaceholders = ['version', 'major', 'minor', 'patch', 'sha', 'branch'];
const needs = {
    branch: 'a branch ref',
    sha: 'a commit SHA',
    version: 'a tag, branch or commit',
    major: 'a semver tag such as v1.2.3',
    minor: 'a semver tag such as v1.2.3',
    patch: 'a semver tag such as v1.2.3'
};
/**
 * Fills every {{placeholder}} of `entry`. A placeholder the event cannot fill, an unknown one and
 * unbalanced braces are errors naming the input, the entry and what this event can fill.
 */
function fillTemplate(entry, context) {
    const { input, event, info, values, globals } = context;
    const offered = [...values.keys()].map((name) => `{{${name}}}`);
    if (globals)
        offered.push(...globalNames.filter((name) => !knownPlaceholders.includes(name)).map((name) => `{{${name}}}`));
    const accepted = () => offered.length === 0
        ? 'entries without placeholders; this event fills none'
        : `placeholders this event can fill: ${offered.join(', ')}${input === 'tags' ? '' : '; \\{{ for a literal {{'}`;
    const fail = (detail) => {
        throw new errors/* InputError */.dz(input, entry, accepted(), detail);
    };
    try {
        return renderTemplate(entry, (expression) => {
            const { name, text } = expression;
            const value = values.get(name);
            if (value !== undefined)
                return value;
            if (globals && globalNames.includes(name) && !knownPlaceholders.includes(name))
                return globals(expression);
            if (!knownPlaceholders.includes(name)) {
                // metadata-action's global expressions live in rule lines.
                const hint = globalNames.includes(name) ? `; in a rule line: type=raw,value=${entry}` : '';
                return fail(`unknown placeholder ${text}${hint}`);
            }
            return fail(`{{${name}}} needs ${needs[name] ?? 'another event'}; this run is for ${runDescription(event, info)}`);
        });
    }
    catch (error) {
        if (error instanceof TemplateError)
            return fail(error.message.replace(/^unbalanced .*$/, 'unbalanced {{ }}'));
        throw error;
    }
}
/**
 * Fills the placeholders in the values of key=value lines (build-args, labels, annotations) from the
 * event, as in tags, and metadata-action's global expressions (which it fills in labels and
 * annotations; here build-args take them too). {{version}} is the run's `version` (the event's, or
 * with rule lines the highest-priority tag: what metadata-action's version output gave). Errors
 * name `input` and the line.
 */
function fillValues(input, entries, event, version) {
    if (!entries.some(({ value }) => value.includes('{{')))
        return [...entries];
    const info = describeEvent(event);
    const values = placeholderValues(info);
    if (version)
        values.set('version', version);
    const context = {
        ...{ input, event, info, values },
        globals: globalResolver(ruleContext(event))
    };
    return entries.map(({ key, value }) => {
        if (!value.includes('{{'))
            return { key, value };
        try {
            return { key, value: fillTemplate(value, context) };
        }
        catch (error) {
            // The error names the whole line, as the user wrote it.
            if (error instanceof errors/* InputError */.dz)
                throw new errors/* InputError */.dz(input, `${key}=${value}`, error.accepted, error.detail);
            throw error;
        }
    });
}

;// CONCATENATED MODULE: ./src/planning/tag-plan.ts
// Pure: the references a run pushes, from the event, the image input and the tags input (plain
// tags, templates and metadata-action rule lines), with the floating ones marked. Table-tested.






const acceptedTag = 'a tag of at most 128 characters [A-Za-z0-9_.-] not starting with . or -';
/**
 * Parses a filled full reference with its name lowercased (as metadata-action does; the tag keeps
 * its case), reporting errors against what the user wrote.
 */
function parseFilledReference(entry, filled) {
    const text = lowercaseName(filled);
    try {
        return { text, reference: parseImageReference(text, 'tags') };
    }
    catch (error) {
        if (!(error instanceof errors/* InputError */.dz) || filled === entry)
            throw error;
        throw new errors/* InputError */.dz('tags', entry, error.accepted, `filled to '${filled}'${error.detail ? `: ${error.detail}` : ''}`);
    }
}
/** A full reference's target: Docker pushes an untagged reference as latest. */
function referenceTarget(text, reference) {
    return { ...reference, text, tag: reference.tag ?? 'latest' };
}
/** An image's target under a tag, written as Docker prints it. */
function imageTarget(image, tag) {
    const reference = { registry: image.registry, repository: image.repository, tag };
    return { ...reference, text: formatReference(reference) };
}
/**
 * A bare tag without an image, for a build that pushes nothing: buildx reads it as a reference on
 * Docker Hub (which is where its registry and repository come from); its tag is the entry itself.
 */
function bareTarget(tag) {
    return { ...parseImageReference(tag, 'tags'), text: tag, tag };
}
/** Collects targets in a stable order, remembering which ones float. */
class TargetList {
    targets = new Map();
    floating = new Set();
    add(target, floats) {
        if (!this.targets.has(target.text))
            this.targets.set(target.text, target);
        if (floats)
            this.floating.add(target.text);
    }
    plan(version, warnings = [], lowercased = []) {
        const ordered = [...this.targets.values()];
        return {
            targets: ordered,
            floating: ordered.filter(({ text }) => this.floating.has(text)),
            version,
            ...(warnings.length > 0 ? { warnings } : {}),
            ...(lowercased.length > 0 ? { lowercased } : {})
        };
    }
}
/** With tags empty: the event's own tags on every image. */
function eventPlan(event, info, images) {
    const list = new TargetList();
    const tags = eventTags(event, info);
    const floatingTags = new Set();
    if (info.kind === 'release' && info.semver) {
        floatingTags.add('latest').add(`${info.semver.major}.${info.semver.minor}`).add(`${info.semver.major}`);
    }
    for (const image of images) {
        for (const tag of tags)
            list.add(imageTarget(image, tag), floatingTags.has(tag));
    }
    return list.plan(info.version);
}
/** A template filled from the event, parsed as what it gave: a bare tag or a full reference. */
function fillEntry(entry, context, lowercased) {
    const filled = fillTemplate(entry, context);
    if (isBareTag(filled)) {
        if (!isValidTag(filled)) {
            throw new errors/* InputError */.dz('tags', entry, acceptedTag, filled === entry ? 'not a valid tag' : `filled to '${filled}', not a valid tag`);
        }
        return { kind: 'tag', text: filled };
    }
    const { text, reference } = parseFilledReference(entry, filled);
    if (text !== filled)
        lowercased.push({ from: filled, to: text });
    return { kind: 'reference', target: referenceTarget(text, reference) };
}
/** Today's plain entries: bare tags and full references, templates filled from the event. */
function plainEntries(event, info, entries) {
    const context = { input: 'tags', event, info, values: placeholderValues(info) };
    const result = { filled: [], lowercased: [] };
    for (const entry of entries) {
        if (entry.kind === 'rule')
            continue;
        if (entry.kind === 'tag')
            result.filled.push({ kind: 'tag', text: entry.text });
        else if (entry.kind === 'template')
            result.filled.push(fillEntry(entry.text, context, result.lowercased));
        else {
            if (entry.rename)
                result.lowercased.push(entry.rename);
            result.filled.push({ kind: 'reference', target: referenceTarget(entry.text, entry.reference) });
        }
    }
    return result;
}
/** metadata-action's order for each image: the version, the other rule tags, then latest. */
function ruleTagsOf(outcome) {
    return outcome.latest === undefined ? outcome.tags : [...outcome.tags, { tag: outcome.latest, floats: true }];
}
/**
 * The references to push. Empty `tagEntries`: the event's tags. Otherwise metadata-action rule lines
 * (each behaving as metadata-action documents it, shaped by `flavor`) and plain tags or templates,
 * the rules' tags first on each image.
 */
function planTags(event, images, tagEntries, flavor = DEFAULT_FLAVOR) {
    const info = describeEvent(event);
    if (tagEntries.length === 0)
        return eventPlan(event, info, images);
    const rules = tagEntries.flatMap((entry) => (entry.kind === 'rule' ? [entry.rule] : []));
    const outcome = rules.length > 0 ? evaluateTagRules(rules, event, flavor) : { tags: [], warnings: [] };
    const plain = plainEntries(event, info, tagEntries);
    // Explicit entries guard latest and the current release's X / X.Y, nothing else.
    const floats = (tag) => tag === 'latest' ||
        (info.semver !== undefined &&
            (tag === `${info.semver.major}` || tag === `${info.semver.major}.${info.semver.minor}`));
    const list = new TargetList();
    const ruleTags = ruleTagsOf(outcome);
    if (images.length === 0) {
        // Without images the entries pass through in their own order, unguarded.
        for (const { tag } of ruleTags)
            list.add(bareTarget(tag), false);
        for (const entry of plain.filled)
            list.add(entry.kind === 'tag' ? bareTarget(entry.text) : entry.target, false);
    }
    for (const image of images) {
        for (const { tag, floats: ruleFloats } of ruleTags)
            list.add(imageTarget(image, tag), ruleFloats);
        for (const entry of plain.filled)
            if (entry.kind === 'tag')
                list.add(imageTarget(image, entry.text), floats(entry.text));
    }
    if (images.length > 0) {
        for (const entry of plain.filled)
            if (entry.kind === 'reference')
                list.add(entry.target, floats(entry.target.tag));
    }
    // With rule lines the version is the highest-priority rule tag, and empty when no rule gave one (as metadata-action).
    const version = rules.length > 0 ? (outcome.version ?? '') : info.version;
    return list.plan(version, outcome.warnings, plain.lowercased);
}

;// CONCATENATED MODULE: ./src/planning/cache-plan.ts


/**
 * The branch whose gha scope a run writes and reads first: a pull request's head branch (its cache
 * entries are stored under the pull request's ref), else the pushed branch or tag.
 */
function cacheBranch(event) {
    if (isPullRequest(event)) {
        if (event.headRef)
            return event.headRef;
        const number = pullRequestNumber(event);
        return number !== undefined ? `pr-${number}` : 'pull-request';
    }
    const match = /^refs\/(?:heads|tags)\/(.+)$/.exec(event.ref);
    return match?.[1] ?? '';
}
/** Why the mode adds nothing to this build, or undefined when it does its part. */
function skipReason(inputs) {
    if (inputs.cache === 'off')
        return 'cache: off';
    if (inputs.cacheFrom.length > 0 || inputs.cacheTo.length > 0)
        return 'cache-from/cache-to are given: they are passed as given and the cache input adds nothing';
    if (inputs.noCache)
        return 'no-cache: true builds without any cache';
    return undefined;
}
/**
 * The cache's part of the plan. `repository` is where the image goes (the first one the tags name,
 * or the push-by-digest target); `push` whether anything leaves the runner, and so whether the run
 * may write the cache.
 */
function planCache(inputs, event, target) {
    const skip = skipReason(inputs);
    const plan = {
        mode: inputs.cache,
        write: target.push,
        repository: target.repository,
        branch: cacheBranch(event)
    };
    if (event.defaultBranch)
        plan.defaultBranch = event.defaultBranch;
    if (skip)
        plan.skip = skip;
    else if (inputs.cache === 'registry' && !target.repository)
        plan.skip = 'cache: registry keeps its tags next to the image, and this build names no image repository';
    return plan;
}

;// CONCATENATED MODULE: ./src/planning/provenance.ts
const fieldOf = (entry, key) => entry
    .split(',')
    .map((field) => field.trim())
    .find((field) => field.startsWith(`${key}=`))
    ?.slice(key.length + 1);
/**
 * The default for this event: mode=max only when the payload says the repository is public. A
 * payload that does not say (build-push-action takes that as public) gets min: max provenance
 * records build arguments and the whole build definition, which a private repository may not publish.
 * Private and pushed: mode=min, which is what build-push-action's mode=min,inline-only=true gives an
 * image pushed to a registry. inline-only=true would drop it from the OCI layout the action pushes
 * (BuildKit 0.13 exports a single platform without it, and then the image has no index).
 */
function defaultProvenance(event, pushed) {
    const mode = event.repositoryPrivate === false ? 'mode=max' : pushed ? 'mode=min' : 'mode=min,inline-only=true';
    return event.runUrl ? `${mode},builder-id=${event.runUrl}` : mode;
}
/**
 * What --provenance gets: the input as given (false turns it off); else the default when the image
 * is exported somewhere that keeps attestations: pushed (the OCI layout the action pushes), or the
 * user's outputs other than the docker image store (load, type=docker), as build-push-action does.
 * Empty (no flag, buildx's own default) when attests names a provenance of its own, for the docker
 * image store alone, and when nothing is exported (a pull request): there is nothing to attach one to.
 */
function planProvenance(inputs, event, push) {
    if (inputs.provenance)
        return inputs.provenance;
    if (inputs.attests.some((entry) => fieldOf(entry, 'type') === 'provenance'))
        return '';
    if (push)
        return defaultProvenance(event, true);
    const toDockerStore = inputs.load || inputs.outputs.some((entry) => fieldOf(entry, 'type') === 'docker');
    return inputs.outputs.length > 0 && !toDockerStore ? defaultProvenance(event, false) : '';
}

;// CONCATENATED MODULE: ./src/planning/build-plan.ts
// Pure: inputs and the git event in, the build's plan out. Table-tested in plan.test.ts.












/**
 * Tags, labels and index annotations for this build, the templates in labels and annotations filled
 * from the event. Generated OCI metadata only comes with the image input.
 */
/**
 * Whether BuildKit makes an index: several platforms, or an attestation beside the one image (a
 * provenance kept inline-only is not exported beside it). Without one, it refuses index annotations.
 */
function makesIndex(inputs, provenance) {
    const off = (value) => value === '' || /^(false|0|off)$/i.test(value);
    if (inputs.platforms.length > 1 || inputs.attests.length > 0 || !off(inputs.sbom))
        return true;
    return !off(provenance) && !/inline-only=true/.test(provenance);
}
function buildMetadata(inputs, event, provenance = inputs.provenance) {
    const plan = planTags(event, inputs.images, inputs.tags, inputs.flavor);
    const userLabels = fillValues('labels', inputs.labels, event, plan.version);
    const userAnnotations = fillValues('annotations', inputs.annotations, event, plan.version);
    if (inputs.images.length === 0)
        return { plan, labels: userLabels, annotations: userAnnotations };
    // The plan's version is the event's, or with rule lines the first tag, as metadata-action labels it.
    const generated = ociLabels(event, { ...describeEvent(event), version: plan.version });
    const labels = mergeLabels(generated, userLabels);
    // The same keys on the index by default, so registries show them for the whole multi-arch image.
    // One platform without an attestation has no index at all, and BuildKit refuses index annotations then.
    const hasIndex = makesIndex(inputs, provenance);
    const userAt = inputs.annotationLevels;
    const generatedAt = userAt.length > 0 ? userAt : hasIndex ? ['index'] : [];
    return { plan, labels, annotations: planAnnotations(generated, userAnnotations, { generatedAt, userAt }) };
}
/** Where a per-platform matrix job pushes its one platform, untagged, for a later merge. */
function perPlatformTarget(inputs) {
    return { repository: formatRepository(inputs.images[0]) };
}
function buildWarnings(inputs) {
    return secretLookingBuildArgs(inputs).map((key) => `build-arg ${key} looks like a secret. Build args are stored in the image metadata; pass it with the secrets input instead (mounted with RUN --mount=type=secret,id=${key}).`);
}
/** What buildx build is given besides the platforms, tags, labels and annotations. */
function buildSpec(inputs) {
    const { context, file, buildArgs, secrets, target, network, cacheFrom, cacheTo, provenance, noCache, pull, load } = inputs;
    const { secretFiles, secretEnvs, ssh, buildContexts, outputs, sbom, attests, addHosts, shmSize, ulimit } = inputs;
    const { allow, noCacheFilters, call, githubToken } = inputs;
    return {
        ...{ context, file, buildArgs, secrets, target, network, cacheFrom, cacheTo, provenance, noCache, pull, load },
        ...{ secretFiles, secretEnvs, ssh, buildContexts, outputs, sbom, attests, addHosts, shmSize, ulimit },
        ...{ allow, noCacheFilters, call, githubToken }
    };
}
/** The builder, and what driver: auto decides from. */
function builderPlan(inputs) {
    const { driver, builder, nodes, driverOpts, buildkitdFlags, endpoint, buildkitdConfig, buildkitdConfigInline } = inputs;
    return {
        ...{ driver, builder, nodes, driverOpts, buildkitdFlags, endpoint, buildkitdConfig, buildkitdConfigInline },
        remoteTls: inputs.remoteTls,
        load: inputs.load,
        cacheToTypes: inputs.cacheTo.map(({ type }) => type),
        emulators: { enabled: inputs.qemu === 'auto', image: inputs.qemuImage }
    };
}
/** The Dockerfile of a local context; undefined for a remote one (a git or https URL). */
function dockerfileSource(inputs, buildArgs, text) {
    if (!isLocalContext(inputs.context))
        return undefined;
    const { target, buildContexts } = inputs;
    return { path: dockerfilePath(inputs), ...(text === undefined ? {} : { text }), buildArgs, target, buildContexts };
}
/** The daemon to ping first: a unix:// endpoint of the docker drivers, else the user's own ('' ). */
function daemonOf(inputs) {
    return inputs.driver !== 'remote' && inputs.endpoint.startsWith('unix://') ? inputs.endpoint : '';
}
/** The build's plan: every decision that needs only the inputs, the event, the runner's own platform and the files gathered before. */
function planBuild(inputs, event, native, gathered = {}) {
    // outputs and call replace the image the action would push.
    const push = producesImage(inputs) && shouldPush(inputs.push, event);
    const provenance = planProvenance(inputs, event, push);
    const metadata = buildMetadata(inputs, event, provenance);
    checkTagTargets('build', metadata.plan.targets, push, inputs.pushByDigest);
    const digestTarget = inputs.pushByDigest ? perPlatformTarget(inputs) : undefined;
    const written = digestTarget ? inputs.images.slice(0, 1) : metadata.plan.targets;
    const buildArgs = fillValues('build-args', inputs.buildArgs, event, metadata.plan.version);
    const dockerfile = dockerfileSource(inputs, buildArgs, gathered.dockerfile);
    const builder = builderPlan(inputs);
    // A cache exported to a registry writes there even when the image is not pushed.
    const job = planJob(inputs, metadata.plan.targets, daemonOf(inputs), push || builder.cacheToTypes.includes('registry'));
    const plan = {
        mode: 'build',
        event,
        job,
        push,
        // A per-platform job pushes no user tag; its merge promotes.
        promote: push && !digestTarget,
        registries: registriesOf(written),
        repositories: repositoriesOf(written),
        tags: metadata.plan,
        labels: metadata.labels,
        annotations: metadata.annotations,
        outputSeparators: inputs.outputSeparators,
        platforms: inputs.platforms,
        checks: { ...planChecks(inputs), ...(dockerfile ? { finalStage: dockerfile } : {}) },
        warnings: buildWarnings(inputs),
        lowercased: [...inputs.lowercasedImages, ...(metadata.plan.lowercased ?? [])],
        native,
        preflight: {
            level: inputs.platformCheck,
            ...(dockerfile ? { dockerfile } : {}),
            ...(job.skippedLogins ? { skippedLogins: job.skippedLogins } : {})
        },
        builder,
        build: { ...buildSpec(inputs), buildArgs, provenance },
        cache: planCache(inputs, event, { repository: repositoriesOf(written)[0] ?? '', push })
    };
    if (digestTarget)
        plan.digestTarget = digestTarget;
    return plan;
}

;// CONCATENATED MODULE: ./src/steps/path-links.ts
// Symbolic links in the paths the inputs name. A pull request can commit a link in place of a file or
// directory the workflow names; buildx and BuildKit follow it to wherever it points on the runner
// (RUNNER_TEMP holds the job's Docker config and its logins). Checked before anything runs.



/** The workspace: GITHUB_WORKSPACE and the step's working directory, as given and with links resolved. */
function workspaceRoots(workspace, env, extra = []) {
    const roots = [env['GITHUB_WORKSPACE'] ?? '', workspace, ...extra].filter(Boolean).map((root) => external_node_path_.resolve(root));
    const real = roots.flatMap((root) => {
        try {
            return [(0,external_node_fs_.realpathSync)(root)];
        }
        catch {
            return [];
        }
    });
    return [...new Set([...roots, ...real])];
}
/** The directories a secret path is checked from: the workspace and RUNNER_TEMP, as given and with links resolved. */
function trustedRoots(workspace, env) {
    return workspaceRoots(workspace, env, [env['RUNNER_TEMP'] ?? '']);
}
const inside = (target, dir) => target === dir || target.startsWith(dir.endsWith(external_node_path_.sep) ? dir : `${dir}${external_node_path_.sep}`);
/**
 * The first symbolic link on the way to `target`: the target itself, or any directory between the
 * workspace (or RUNNER_TEMP) and it when it lies inside one. A pull request can commit a link in
 * place of a file the workflow names; BuildKit would follow it to a runner file.
 */
function symbolicLinkOnTheWay(target, roots) {
    const root = roots.find((dir) => target !== dir && inside(target, dir));
    let current = root ?? external_node_path_.dirname(target);
    for (const part of external_node_path_.relative(current, target).split(external_node_path_.sep).filter(Boolean)) {
        current = external_node_path_.join(current, part);
        try {
            if ((0,external_node_fs_.lstatSync)(current).isSymbolicLink())
                return current;
        }
        catch {
            return undefined; // what does not exist is the other checks' to report
        }
    }
    return undefined;
}
const linkRefused = (link, input) => `${link} is a symbolic link: ${input} does not follow links (a pull request could replace a file with a link to a runner file); give the file itself`;
/** secret-files and ssh: no link at all on the way to a file whose content goes into the build. */
function refuseLinks(input, entry, files, where) {
    for (const file of files) {
        const link = symbolicLinkOnTheWay(external_node_path_.resolve(where.workspace, file), where.roots);
        if (link)
            throw new errors/* InputError */.dz(input, entry, input === 'ssh'
                ? "'default', or id=<agent socket or key file> that exists and is not reached through a symbolic link"
                : 'id=path with a file that exists and is not reached through a symbolic link', linkRefused(link, input));
    }
}
const acceptedPaths = {
    context: 'a directory in the workspace, or reached through links that stay in it; or a git/https URL',
    'build-contexts': 'name=<directory in the workspace, or reached through links that stay in it> or an image/URL',
    file: 'a Dockerfile in the workspace, or reached through links that stay in it',
    'buildkitd-config': 'a buildkitd.toml in the workspace, or reached through links that stay in it'
};
/**
 * context, build-contexts, file and buildkitd-config: a link on the way is refused when the path
 * really leads outside the workspace (a link to RUNNER_TEMP would send the job's logins into the
 * build). Links inside the workspace (a monorepo's shared directory) are fine, and so is a path the
 * workflow names outside it with no link on the way: only a link can be slipped in by a pull request.
 */
function refuseLinkLeavingWorkspace(named, workspace, env) {
    const roots = workspaceRoots(workspace, env);
    const link = symbolicLinkOnTheWay(named.target, roots);
    if (!link)
        return;
    let real = '';
    try {
        real = (0,external_node_fs_.realpathSync)(named.target);
    }
    catch {
        // A link that leads nowhere (or in a loop) is refused too: nothing says where it would lead tomorrow.
    }
    if (real && roots.some((root) => inside(real, root)))
        return;
    throw new errors/* InputError */.dz(named.input, named.entry, acceptedPaths[named.input], `${link} is a symbolic link leading outside the workspace${real ? ` (to ${real})` : ''}: ${named.input} does not follow such links (a pull request could replace a directory or file with a link to a runner directory, whose files the build would read); give a path inside the workspace`);
}

;// CONCATENATED MODULE: ./src/steps/input-paths.ts
// Part of the gathering step: what the inputs point to on the runner (files, directories, variables,
// the agent socket) is there, and reached through no symbolic link a pull request could slip in.
// Checked once, after parsing and before planning, so no command runs on a bad path; planning itself
// reads no file.





/** Checks what the inputs point to on disk: the build inputs, buildkitd-config, the context and the Dockerfile. */
function checkInputPaths(inputs, workspace = process.cwd(), env = process.env) {
    if (inputs.mode === 'build')
        checkBuildInputSources(inputs, workspace, env);
    const config = inputs.buildkitdConfig && external_node_path_.resolve(workspace, inputs.buildkitdConfig);
    if (config)
        refuseLinkLeavingWorkspace({ input: 'buildkitd-config', entry: inputs.buildkitdConfig, target: config }, workspace, env);
    if (config && (!(0,external_node_fs_.existsSync)(config) || !(0,external_node_fs_.statSync)(config).isFile()))
        throw new errors/* InputError */.dz('buildkitd-config', inputs.buildkitdConfig, 'a buildkitd.toml that exists', `${config} is not a file`);
    if (inputs.mode !== 'build' || !isLocalContext(inputs.context))
        return;
    const contextPath = external_node_path_.resolve(workspace, inputs.context);
    refuseLinkLeavingWorkspace({ input: 'context', entry: inputs.context, target: contextPath }, workspace, env);
    if (!(0,external_node_fs_.existsSync)(contextPath) || !(0,external_node_fs_.statSync)(contextPath).isDirectory()) {
        throw new errors/* InputError */.dz('context', inputs.context, 'a directory that exists (relative to the workspace) or a git/https URL', `${contextPath} is not a directory`);
    }
    const file = external_node_path_.resolve(workspace, dockerfilePath(inputs));
    refuseLinkLeavingWorkspace({ input: 'file', entry: inputs.file || dockerfilePath(inputs), target: file }, workspace, env);
    if (!(0,external_node_fs_.existsSync)(file) || !(0,external_node_fs_.statSync)(file).isFile()) {
        throw new errors/* InputError */.dz('file', inputs.file, 'a Dockerfile that exists; the default is <context>/Dockerfile', `${file} does not exist`);
    }
}
/** Checks what the build inputs point to on the runner: files, variables, the agent socket, context directories. */
function checkBuildInputSources(inputs, workspace = process.cwd(), env = process.env) {
    const isFile = (file) => (0,external_node_fs_.existsSync)(file) && (0,external_node_fs_.statSync)(file).isFile();
    const where = { workspace, roots: trustedRoots(workspace, env) };
    for (const { key, value } of inputs.secretFiles) {
        refuseLinks('secret-files', `${key}=${value}`, [value], where);
        if (!isFile(external_node_path_.resolve(workspace, value)))
            throw new errors/* InputError */.dz('secret-files', `${key}=${value}`, 'id=path with a file that exists', `${value} is not a file`);
    }
    for (const { key, value } of inputs.secretEnvs) {
        // Said without the value: only whether the variable is set.
        if (env[value] === undefined)
            throw new errors/* InputError */.dz('secret-envs', `${key}=${value}`, "id=ENV_NAME naming a variable of the step (set it with the step's env:)", `${value} is not set`);
    }
    for (const entry of inputs.ssh) {
        if (entry === 'default' && !env['SSH_AUTH_SOCK'])
            throw new errors/* InputError */.dz('ssh', entry, "'default' with an ssh-agent running (SSH_AUTH_SOCK), or id=<key file>", 'SSH_AUTH_SOCK is not set');
        const paths = entry === 'default' ? [] : entry.slice(entry.indexOf('=') + 1).split(',');
        refuseLinks('ssh', entry, paths.map((item) => item.trim()), where);
        for (const file of paths.map((item) => item.trim())) {
            if (!(0,external_node_fs_.existsSync)(external_node_path_.resolve(workspace, file)))
                throw new errors/* InputError */.dz('ssh', entry, 'id=<agent socket or key file> that exists', `${file} does not exist`);
        }
    }
    checkBuildContexts(inputs.buildContexts, workspace, env);
}
/** Local build contexts: directories that exist, reached through no link that leads out of the workspace. */
function checkBuildContexts(contexts, workspace, env) {
    for (const { key, value } of contexts) {
        if (/^[a-z-]+:\/\//.test(value) || value.startsWith('target:') || /^git@/.test(value))
            continue;
        const directory = external_node_path_.resolve(workspace, value);
        refuseLinkLeavingWorkspace({ input: 'build-contexts', entry: `${key}=${value}`, target: directory }, workspace, env);
        if (!(0,external_node_fs_.existsSync)(directory) || !(0,external_node_fs_.statSync)(directory).isDirectory())
            throw new errors/* InputError */.dz('build-contexts', `${key}=${value}`, 'name=<directory that exists> or an image/URL', `${directory} is not a directory`);
    }
}

;// CONCATENATED MODULE: ./src/model/oci.ts
// OCI content as registries and layouts hold it: one set of descriptor and document types.
const mediaTypes = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
/** The two media types of a document that lists images: an OCI image index and a Docker manifest list. */
const indexMediaTypes = new Set([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);
const MiB = 1024 * 1024;
/** The most of an OCI document this action keeps in memory, wherever it reads one (registry, layout, tar). */
const documentLimits = {
    /** A manifest or index: the common limit of registries (distribution, GHCR, ECR). */
    manifest: 4 * MiB,
    /** An image config, read whole. */
    config: 4 * MiB
};

;// CONCATENATED MODULE: ./src/planning/merge-plan.ts
// Pure: the merge's plan from the inputs and the event, and the checks on what the sources hold.








// The merge's platforms are the registry's, normalised as text (registry/document.ts); model/platforms.ts splits them.
/** Checks that the sources add up to one image per platform, and to exactly the requested ones. */
function coverSources(sources, requested) {
    const owners = new Map();
    const problems = [];
    for (const source of sources) {
        if (source.platforms.length === 0)
            problems.push(`${source.reference} holds no image for any platform (only attestations)`);
        for (const platform of source.platforms) {
            const earlier = owners.get(platform);
            if (earlier === undefined)
                owners.set(platform, source.reference);
            else if (earlier === source.reference)
                problems.push(`${source.reference} holds ${platform} twice`);
            else
                problems.push(`${platform} comes from two sources, ${earlier} and ${source.reference}; each platform must come from exactly one`);
        }
    }
    const wanted = requested?.map(model_platforms/* formatPlatform */.Bq);
    if (wanted) {
        for (const platform of wanted)
            if (!owners.has(platform))
                problems.push(`${platform} is in platforms, but no source has it`);
        for (const [platform, owner] of owners)
            if (!wanted.includes(platform))
                problems.push(`${owner} has ${platform}, which platforms does not list`);
    }
    if (problems.length > 0) {
        const coverage = sources
            .map((source) => `${source.reference} → ${source.platforms.join(', ') || '(none)'}`)
            .join('\n  ');
        throw new errors/* ActionError */.lZ(`Cannot merge the sources:\n- ${problems.join('\n- ')}\nThe sources cover:\n  ${coverage}${wanted ? `\nplatforms asks for: ${wanted.join(', ')}` : ''}`, "pass each build job's image output once, one platform per job; check that every matrix job succeeded, and that platforms lists exactly the platforms of the matrix. Nothing was pushed.");
    }
    return {
        platforms: wanted ?? [...owners.keys()],
        sources: sources.map((source) => `${source.repository}@${source.digest}`)
    };
}
/** The annotation key at index level, or undefined for another level (manifest:, ...-descriptor:). */
function indexLevelKey(key) {
    if (key.startsWith('index:'))
        return key.slice('index:'.length);
    return /^[a-z-]+:/.test(key) ? undefined : key;
}
/**
 * The merged index's annotations: what every index source agrees on, then the user's annotations,
 * which win. An index is all a merge creates, so unprefixed ones go on it too.
 */
function indexAnnotations(sources, user) {
    const [first, ...rest] = sources.flatMap(({ annotations }) => (annotations ? [annotations] : []));
    const merged = {};
    for (const [key, value] of Object.entries(first ?? {}))
        if (rest.every((other) => other[key] === value))
            merged[key] = value;
    for (const { key, value } of user) {
        const level = indexLevelKey(key);
        if (level !== undefined)
            merged[level] = value;
    }
    return merged;
}
/**
 * The merged index: every source's entries in the order given, attestations included (so
 * provenance survives), with the annotations. A Docker manifest list when every entry is a Docker
 * manifest and there is nothing to annotate (it cannot carry annotations), an OCI index otherwise.
 */
function mergedIndex(sources, user) {
    const manifests = sources.flatMap(({ entries }) => entries);
    const annotations = indexAnnotations(sources, user);
    const annotated = Object.keys(annotations).length > 0;
    const mediaType = !annotated && manifests.every((entry) => entry.mediaType === mediaTypes.dockerManifest)
        ? mediaTypes.dockerManifestList
        : mediaTypes.ociIndex;
    return { mediaType, document: { schemaVersion: 2, mediaType, manifests, ...(annotated ? { annotations } : {}) } };
}
function mergeWarnings(inputs) {
    return inputs.annotations
        .filter(({ key }) => indexLevelKey(key) === undefined)
        .map(({ key }) => `annotation ${key} is left out of the merge: it only creates the index (set other levels on the build jobs).`);
}
/** The merged index is audited before its tags move; the smoke runs belong to the build jobs, which have a daemon. */
function mergeChecks(inputs) {
    const { verify, audit, auditIgnore, auditLimits, auditCache } = planChecks(inputs);
    return { verify, audit, auditIgnore, auditLimits, auditCache };
}
/** The merge's plan: the final tags (the same rules as a build), the sources, the login and the checks. */
function planMerge(inputs, event) {
    const tags = planTags(event, inputs.images, inputs.tags, inputs.flavor);
    const annotations = fillValues('annotations', inputs.annotations, event, tags.version);
    checkTagTargets('merge', tags.targets, true, false);
    const push = shouldPush(inputs.push, event);
    const plan = {
        mode: 'merge',
        event,
        // A merge reads and writes registries only: no daemon.
        job: planJob(inputs, tags.targets, undefined, push),
        push,
        promote: push,
        registries: registriesOf([...tags.targets, ...inputs.sources.map(({ image }) => image)]),
        repositories: repositoriesOf(tags.targets),
        tags,
        labels: [],
        annotations,
        outputSeparators: inputs.outputSeparators,
        platforms: inputs.platforms,
        checks: mergeChecks(inputs),
        warnings: mergeWarnings(inputs),
        lowercased: [...inputs.lowercasedImages, ...(tags.lowercased ?? [])],
        sources: inputs.sources
    };
    return plan;
}

;// CONCATENATED MODULE: ./src/planning/git-context.ts
// Pure: the event the tags and labels are made from, out of what the gathering step read
// (steps/read-event.ts: @actions/github's context, the checkout, the GitHub API).

/** The commit the run is for: with DOCKER_METADATA_PR_HEAD_SHA, a pull request's head commit, as metadata-action does. */
function commitOf(runner) {
    const head = runner.payload.pull_request?.head?.sha;
    return runner.prHeadSha && isPullRequest(runner) && head ? head : runner.sha;
}
/** The run's page, as build-push-action writes provenance's builder-id; undefined without a run id. */
function runUrlOf(runner) {
    if (!runner.runId || !runner.repository)
        return undefined;
    const attempt = runner.runAttempt ? `/attempts/${runner.runAttempt}` : '';
    return `${runner.serverUrl}/${runner.repository}/actions/runs/${runner.runId}${attempt}`;
}
/** When the commit was made, from the push payload; undefined when the payload does not say. */
function commitDateOf(payload, sha) {
    const fromCommits = payload.commits?.find((commit) => commit.id === sha)?.timestamp;
    if (fromCommits)
        return fromCommits;
    return payload.head_commit?.id === sha ? payload.head_commit.timestamp : undefined;
}
/** Pure: the event as the planning code sees it, from the runner's variables and payload. */
function gitEventFrom(runner, now) {
    const { payload } = runner;
    const sha = commitOf(runner);
    const repositoryUrl = payload.repository?.html_url ?? (runner.repository ? `${runner.serverUrl}/${runner.repository}` : undefined);
    const prNumber = payload.pull_request?.number ?? (isPullRequest(runner) ? payload.number : undefined);
    const event = {
        eventName: runner.eventName,
        ref: runner.ref,
        sha,
        createdAt: now.toISOString()
    };
    const optional = {
        defaultBranch: payload.repository?.default_branch,
        prNumber,
        releaseTag: payload.release?.tag_name,
        repositoryUrl,
        repositoryName: payload.repository?.name ?? runner.repository.split('/')[1],
        repositoryPrivate: typeof payload.repository?.private === 'boolean' ? payload.repository.private : undefined,
        runUrl: runUrlOf(runner),
        baseRef: payload.pull_request?.base?.ref ?? payload.base_ref?.replace(/^refs\/heads\//, ''),
        headRef: payload.pull_request?.head?.ref,
        schedule: payload.schedule,
        commitDate: commitDateOf(payload, sha),
        shortShaLength: runner.shortShaLength
    };
    for (const [key, value] of Object.entries(optional)) {
        if (value !== undefined && value !== '')
            Object.assign(event, { [key]: value });
    }
    return event;
}
/** The event with what the API said about the repository: its name, page, description and licence win. */
function withRepository(event, repository) {
    const known = {
        repositoryName: repository.name,
        repositoryUrl: repository.htmlUrl,
        description: repository.description,
        licenses: repository.license
    };
    return {
        ...event,
        ...Object.fromEntries(Object.entries(known).filter(([, value]) => value !== undefined && value !== null))
    };
}
/** metadata-action's context: git: the checkout's ref, commit and commit time replace the event's. */
function withCheckout(event, checkout) {
    const { commitDate: _eventCommitDate, prNumber: _prNumber, releaseTag: _releaseTag, ...rest } = event;
    return {
        ...rest,
        ref: checkout.ref,
        sha: checkout.sha,
        ...(checkout.commitDate ? { commitDate: checkout.commitDate } : {})
    };
}

;// CONCATENATED MODULE: ./src/seams/github-api.ts
/**
 * The workflow's event as @actions/github reads it (GITHUB_* variables, the payload file), read now:
 * the module's own `context` is read once, when it loads, and a process (a test) may run several
 * events. A payload that is not JSON fails here, named, rather than as a bare parse error.
 */
async function readEventContext() {
    try {
        const { context } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const EventContext = context.constructor;
        return new EventContext();
    }
    catch (error) {
        const file = process.env['GITHUB_EVENT_PATH'] ?? '';
        throw new Error(`The event payload ${file} (GITHUB_EVENT_PATH) could not be read: ${String(error)}`, {
            cause: error
        });
    }
}
/** GET /repos/{owner}/{repo}; throws what the API answered when it refuses. */
async function readRepository(request) {
    const [owner = '', repo = ''] = request.repository.split('/');
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(request.token, { baseUrl: request.apiUrl });
    const { data } = await octokit.rest.repos.get({ owner, repo });
    const info = { name: data.name, htmlUrl: data.html_url, description: data.description ?? '' };
    if (data.license?.spdx_id)
        info.license = data.license.spdx_id;
    return info;
}

;// CONCATENATED MODULE: ./src/seams/git.ts

/** The commit, its committer time and its decorations as full ref names (`HEAD -> refs/heads/main, tag: refs/tags/v1`). */
const showArgs = ['-c', 'log.showSignature=false', 'show', '-s', '--decorate=full', '--format=%H%n%cI%n%D', 'HEAD'];
/** What a detached HEAD's decorations say its ref is: a pull request ref, a remote or a local branch; '' when none. */
function branchRef(names) {
    for (const name of names) {
        const pull = /^refs\/remotes\/(pull\/\d+\/(?:head|merge))$/.exec(name);
        if (pull?.[1])
            return `refs/${pull[1]}`;
        // refs/remotes/<remote>/<branch>: the remote is one segment, the branch may have several.
        const remote = /^refs\/remotes\/[^/]+\/(.+)$/.exec(name);
        if (remote?.[1] && remote[1] !== 'HEAD')
            return `refs/heads/${remote[1]}`;
        if (/^refs\/heads\/.+$/.test(name))
            return name;
    }
    return '';
}
/**
 * The checkout's ref as metadata-action's git context reads it: the branch HEAD is on; on a detached
 * HEAD, a tag that points at it (the newest version when several do), else a pull request ref or a
 * remote or local branch that does.
 */
async function readCheckout(directory, runner = exec/* run */.eF) {
    const git = async (...args) => (await runner('git', ['-C', directory, ...args], { allowFailure: true })).stdout.trim();
    const [sha = '', commitDate = '', decorations = ''] = (await git(...showArgs)).split('\n');
    if (!/^[0-9a-f]{40,64}$/.test(sha))
        throw new Error(`metadata-context: git, but ${directory} is not a git checkout with a commit`);
    const checkout = (ref) => ({ ref, sha, ...(commitDate ? { commitDate } : {}) });
    const names = decorations.split(',').map((name) => name.trim());
    const attached = names.find((name) => name.startsWith('HEAD -> '));
    if (attached)
        return checkout(attached.slice('HEAD -> '.length));
    const tags = names.filter((name) => name.startsWith('tag: ')).map((name) => name.slice('tag: '.length));
    if (tags.length > 1) {
        const newest = (await git('tag', '--points-at', 'HEAD', '--sort', '-version:creatordate')).split('\n')[0];
        if (newest)
            return checkout(`refs/tags/${newest}`);
    }
    if (tags[0])
        return checkout(tags[0]);
    return checkout(branchRef(names));
}

;// CONCATENATED MODULE: ./src/steps/read-event.ts





/** owner/name; '' when neither GITHUB_REPOSITORY nor the payload names it. */
function repositoryOf(context) {
    try {
        return `${context.repo.owner}/${context.repo.repo}`;
    }
    catch {
        return '';
    }
}
/** The event as the planning reads it: @actions/github's context, and metadata-action's DOCKER_METADATA_* settings (parsed with the inputs). */
function eventFrom(context, { prHeadSha, shortShaLength }) {
    // Run numbers come as numbers, NaN when the runner did not set them.
    const known = (value) => (Number.isNaN(value) ? '' : String(value));
    const runner = {
        eventName: context.eventName ?? '',
        ref: context.ref ?? '',
        sha: context.sha ?? '',
        serverUrl: context.serverUrl || 'https://github.com',
        repository: repositoryOf(context),
        runId: known(context.runId),
        runAttempt: known(context.runAttempt),
        payload: context.payload,
        prHeadSha
    };
    return gitEventFrom(shortShaLength === undefined ? runner : { ...runner, shortShaLength }, new Date());
}
/** Generated labels exist only with the image input in build mode; only then is the API asked. */
async function withRepositoryLabels(event, inputs, context) {
    if (inputs.mode !== 'build' || inputs.images.length === 0)
        return event;
    const repository = repositoryOf(context);
    if (!inputs.githubToken || !repository) {
        runner/* info */.pq('Labels: description and licenses left out (no github-token to read the repository from the GitHub API).');
        return event;
    }
    try {
        const info = await readRepository({
            token: inputs.githubToken,
            repository,
            apiUrl: context.apiUrl || 'https://api.github.com'
        });
        return withRepository(event, info);
    }
    catch (error) {
        runner/* warning */.$e(`Labels: description and licenses left out: the GitHub API did not describe ${repository}: ${(0,errors/* errorMessage */.gJ)(error).split('\n')[0]}`);
        return event;
    }
}
async function readEvent(inputs) {
    const context = await readEventContext();
    let event = eventFrom(context, inputs);
    if (inputs.metadataContext === 'git')
        event = withCheckout(event, await readCheckout(process.cwd()));
    return withRepositoryLabels(event, inputs, context);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/buildx/driver-auto.ts
// driver: auto, decided from facts read before any builder exists. Pure: table-tested for every rule.

/** Cache exporters the daemon's own BuildKit has, with the containerd image store. */
const dockerDriverCacheTypes = ['inline', 'registry', 'local', 'gha'];
const container = (reason) => ({ driver: 'docker-container', reason });
/**
 * The daemon's own BuildKit when it can build and push every requested platform, which saves the
 * moby/buildkit pull (and its Docker Hub rate limit); otherwise a docker-container builder.
 */
function chooseAutoDriver(facts) {
    const choice = decide(facts);
    // Only the containerd store takes a multi-platform image into the daemon.
    if (choice.driver === 'docker-container' && facts.load && facts.platformCount > 1)
        throw new errors/* ActionError */.lZ(`driver: auto cannot load ${facts.platformCount} platforms into the daemon: it needs a docker-container builder because ${choice.reason}.`, 'load one platform, or drop load and pull the pushed image, or turn on the containerd image store and keep the docker driver.');
    return choice;
}
function decide(facts) {
    if (facts.nodes > 0)
        return container('nodes need a builder with several nodes');
    if (facts.endpoint)
        return container(`the endpoint ${facts.endpoint} was not inspected here`);
    if (facts.driverOpts > 0 || facts.buildkitdFlags || facts.buildkitdConfig)
        return container('driver-opts, buildkitd-flags and a buildkitd config configure a BuildKit container');
    if (!facts.containerdStore)
        return container("the daemon's classic image store cannot hold a multi-platform image or export a cache");
    const unsupported = facts.cacheToTypes.filter((type) => !dockerDriverCacheTypes.includes(type));
    if (unsupported.length > 0)
        return container(`the docker driver cannot export a ${unsupported.join(', ')} cache`);
    return {
        driver: 'docker',
        reason: `the daemon's containerd image store builds and pushes ${facts.platformCount > 1 ? 'all platforms' : 'the platform'}${facts.load ? ' and loads it' : ''}`
    };
}
/** Reads the containerd image store from `docker info --format '{{json .DriverStatus}}'`. */
function hasContainerdStore(driverStatusJson) {
    try {
        const status = JSON.parse(driverStatusJson);
        return (Array.isArray(status) &&
            status.some((pair) => Array.isArray(pair) && pair[0] === 'driver-type' && String(pair[1]).startsWith('io.containerd.snapshotter')));
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/buildx/daemon.ts




const INFO_LIMIT_BYTES = 4 * 1024 * 1024;
/** The Engine API's GET /info on a unix socket: what `docker info` says, without starting the CLI; undefined on any failure. */
function infoFromSocket(socketPath, timeoutMs = 5000) {
    return new Promise((resolve) => {
        const request = external_node_http_.get({ socketPath, path: '/info', timeout: timeoutMs }, (response) => {
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > INFO_LIMIT_BYTES)
                    request.destroy();
                else
                    chunks.push(chunk);
            });
            response.on('end', () => resolve(response.statusCode === 200 ? parseInfo(Buffer.concat(chunks)) : undefined));
            response.on('error', () => resolve(undefined));
        });
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(undefined));
        request.on('close', () => resolve(undefined));
    });
}
/** The two facts of /info's JSON; undefined when it is not what the Engine API sends. */
function parseInfo(body) {
    try {
        const info = JSON.parse(body.toString('utf8'));
        if (typeof info.ServerVersion !== 'string')
            return undefined;
        return { dockerEngine: info.ServerVersion, containerdStore: hasContainerdStore(JSON.stringify(info.DriverStatus)) };
    }
    catch {
        return undefined;
    }
}
/** The daemon's version and image store: from its socket when it has one here, else one `docker info`. */
async function readDaemonFacts({ context, host } = {}) {
    if (host?.startsWith('unix://')) {
        const facts = await infoFromSocket(host.slice('unix://'.length));
        if (facts)
            return facts;
    }
    const info = await (0,exec/* run */.eF)('docker', [...(context ? ['--context', context] : []), 'info', '--format', '{{.ServerVersion}}|{{json .DriverStatus}}'], { allowFailure: true });
    const [dockerEngine = '', status = ''] = info.exitCode === 0 ? info.stdout.trim().split('|') : [];
    return { dockerEngine, containerdStore: hasContainerdStore(status) };
}
/**
 * Pings the daemon's socket directly (a few milliseconds, no docker CLI start-up) so a stopped
 * daemon is reported first and plainly, not as the failure of some later command.
 */
async function checkDaemon(dockerHost, timeoutMs = 5000) {
    if (!dockerHost.startsWith('unix://'))
        return;
    const socketPath = dockerHost.slice('unix://'.length);
    const problem = await new Promise((resolve) => {
        const request = external_node_http_.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (response) => {
            response.resume();
            resolve(response.statusCode === 200 ? undefined : `it answered /_ping with HTTP ${response.statusCode}`);
        });
        request.on('timeout', () => {
            request.destroy();
            resolve(`no answer within ${timeoutMs / 1000} s`);
        });
        request.on('error', (error) => resolve(error.code === 'ENOENT' ? `${socketPath} does not exist` : `${error.code ?? error.message}`));
    });
    if (problem) {
        throw new errors/* ActionError */.lZ(`The Docker daemon is not running or not reachable at ${dockerHost}: ${problem}.`, 'start dockerd (or Docker on the runner) before this step, or point DOCKER_HOST / the endpoint input at a running daemon.');
    }
}

;// CONCATENATED MODULE: ./src/model/outcome.ts
var OutputKey;
(function (OutputKey) {
    OutputKey["Digest"] = "digest";
    OutputKey["ImageId"] = "imageid";
    OutputKey["Metadata"] = "metadata";
    OutputKey["Platforms"] = "platforms";
    OutputKey["Builder"] = "builder";
    OutputKey["Tags"] = "tags";
    OutputKey["HeldBack"] = "held-back";
    OutputKey["Labels"] = "labels";
    OutputKey["Version"] = "version";
    OutputKey["Image"] = "image";
    OutputKey["ArchAudit"] = "arch-audit";
    OutputKey["SmokeTest"] = "smoke-test";
    /** metadata-action's shapes, for steps written for it. */
    OutputKey["Json"] = "json";
    OutputKey["TagNames"] = "tag-names";
    OutputKey["Annotations"] = "annotations";
})(OutputKey || (OutputKey = {}));
/** The one place an outcome is made: from what the phases returned; `planned` are the plan's final tags. */
function outcomeOf(planned, made) {
    return {
        platforms: made.platforms ?? [],
        emulators: made.emulators ?? '',
        builder: made.builder ?? '',
        tags: made.guarded?.push ?? [...planned],
        floatingLeftAlone: made.guarded?.leftAlone ?? [],
        promoted: made.promotion?.promoted ?? [],
        notMoved: made.promotion?.notMoved ?? [],
        pushed: made.pushed ?? false,
        digest: made.image?.digest ?? '',
        imageId: made.image?.imageId ?? '',
        metadata: made.image?.metadata ?? {},
        repository: made.repository ?? '',
        checks: made.checks ?? { results: {}, failures: [] },
        sources: made.sources ?? [],
        ...(made.build ? { build: made.build } : {})
    };
}

// EXTERNAL MODULE: ./src/seams/saved-state.ts
var saved_state = __webpack_require__(9444);
// EXTERNAL MODULE: ./src/model/post-state.ts
var post_state = __webpack_require__(575);
;// CONCATENATED MODULE: ./src/seams/state.ts
// The post step's state: saved by main in one place, read back by post (saved-state.ts). Main saves
// it twice: to the runner (STATE_*), and as a record in the job's own Docker config directory (mode
// 0700 under RUNNER_TEMP, made by mkdtemp). The runner's state can be written by anything that prints
// to the step's stdout; the record only by this process. The post step acts on what the two agree on.





const stateKeys = {
    isPost: post_state/* StateKey */.z.IsPost,
    dockerConfig: post_state/* StateKey */.z.DockerConfig,
    cleanup: post_state/* StateKey */.z.Cleanup,
    builder: post_state/* StateKey */.z.Builder,
    driver: post_state/* StateKey */.z.Driver,
    smokeContainers: post_state/* StateKey */.z.SmokeContainers,
    localImage: post_state/* StateKey */.z.LocalImage,
    restoreDockerConfig: post_state/* StateKey */.z.RestoreDockerConfig
};
/**
 * Main's record so far and where it goes: the job's config directory, once main saved it; every later
 * piece of state is recorded there too. Kept here, not read back from the file on each save: the
 * directory is new to this run (mkdtemp) and only this process writes the record in it.
 */
let record;
/** Every piece of state main saves goes through here, in the order of the given keys; empty values too (a builder already removed). */
function savePostState(state) {
    const values = {};
    for (const [key, value] of Object.entries(state)) {
        if (value === undefined)
            continue;
        values[stateKeys[key]] = Array.isArray(value) ? value.join(',') : String(value);
        runner/* saveState */.LZ(stateKeys[key], values[stateKeys[key]]);
    }
    // A new directory starts a record of its own; the same one saved again keeps what it holds.
    if (state.dockerConfig && state.dockerConfig !== record?.dir)
        record = { dir: state.dockerConfig, values: {} };
    if (!record)
        return;
    Object.assign(record.values, values);
    (0,external_node_fs_.writeFileSync)(external_node_path_.join(record.dir, saved_state/* POST_RECORD_FILE */._k), JSON.stringify(record.values), { mode: 0o600 });
}

;// CONCATENATED MODULE: ./src/buildx/builder-args.ts
// Pure translation of the builder inputs into docker command lines, and of `buildx inspect` back. Table-tested.


/**
 * The BuildKit the docker-container and kubernetes drivers run when the user names none: a release,
 * pinned by the digest of its multi-arch index, so whoever could move a tag (buildx's default is
 * the mutable moby/buildkit:buildx-stable-1) cannot choose what runs, privileged, beside the job's
 * logins. v0.29.0's index digest, as pinned in public build scripts and workflows (driver-opts
 * lines for amd64 and arm64 runners in several unrelated repositories, and the digest
 * buildx-stable-1 carried while it pointed at v0.29.0); Docker Hub is not reachable from the test
 * machines, so the e2e workflow's docker-container job is where it is pulled.
 */
const DEFAULT_BUILDKIT_VERSION = 'v0.29.0';
const DEFAULT_BUILDKIT_IMAGE = `moby/buildkit:${DEFAULT_BUILDKIT_VERSION}@sha256:0039c1d47e8748b5afea56f4e85f14febaf34452bd99d9552d2daa82262b5cc5`;
const imageDrivers = ['docker-container', 'kubernetes'];
/** The driver options, with the pinned BuildKit image for a driver that runs one, unless the user chose an image. */
function withBuildkitImage(driver, driverOpts) {
    if (!imageDrivers.includes(driver) || driverOpts.some((option) => option.startsWith('image=')))
        return [...driverOpts];
    return [csvField(`image=${DEFAULT_BUILDKIT_IMAGE}`), ...driverOpts];
}
/** The remote driver reads its TLS client files from driver options; buildx splits each option as CSV. */
function tlsDriverOpts(files) {
    return ['cacert', 'cert', 'key']
        .filter((key) => files[key] !== undefined)
        .map((key) => csvField(`${key}=${files[key]}`));
}
function nodeFlags(options) {
    return [
        ...options.driverOpts.flatMap((option) => ['--driver-opt', option]),
        ...(options.buildkitdFlags ? ['--buildkitd-flags', options.buildkitdFlags] : []),
        ...(options.configFile ? ['--buildkitd-config', options.configFile] : []),
        ...(options.platforms?.length ? ['--platform', options.platforms.map(model_platforms/* formatPlatform */.Bq).join(',')] : [])
    ];
}
/** `--` ends the options: an endpoint can never become a flag of buildx create. */
const positional = (endpoint) => (endpoint ? ['--', endpoint] : []);
/** The job's builder and its first node. Never --use: the user's current builder stays. */
function createBuilderArgs(name, spec) {
    return [
        'buildx',
        'create',
        '--name',
        name,
        '--driver',
        spec.driver,
        ...nodeFlags({ ...spec, driverOpts: withBuildkitImage(spec.driver, spec.driverOpts) }),
        ...positional(spec.endpoint)
    ];
}
/** One more node of the job's builder; it takes the builder's driver (and its BuildKit image) and the job's buildkitd config. */
function appendNodeArgs(name, node, builder) {
    return [
        'buildx',
        'create',
        '--append',
        '--name',
        name,
        ...(node.name ? ['--node', node.name] : []),
        ...nodeFlags({
            ...node,
            driverOpts: withBuildkitImage(builder.driver, node.driverOpts),
            configFile: builder.configFile
        }),
        ...positional(node.endpoint)
    ];
}
/** What `docker context ls` says of the job's docker-driver builder. */
const JOB_CONTEXT_DESCRIPTION = 'multiarch-build-push job builder';
function createContextArgs(name, dockerHost) {
    return [
        'context',
        'create',
        '--description',
        JOB_CONTEXT_DESCRIPTION,
        '--docker',
        csvField(`host=${dockerHost}`),
        '--',
        name
    ];
}
function inspectBuilderArgs(builder, bootstrap) {
    return [...buildxPrefix(builder), 'inspect', ...(bootstrap ? ['--bootstrap'] : []), ...builderFlag(builder)];
}
function inspectField(line) {
    const match = /^\s*([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
    return match ? [match[1], match[2].trim()] : undefined;
}
/** Reads each node's name, endpoint, status and platforms from `buildx inspect` text output. */
function parseInspectNodes(output) {
    const nodes = [];
    let inNodes = false;
    for (const line of output.split('\n')) {
        if (/^Nodes:\s*$/.test(line))
            inNodes = true;
        const field = inspectField(line);
        if (!field || /^\s/.test(line))
            continue;
        const [key, value] = field;
        const fresh = (name) => ({
            name,
            endpoint: '',
            status: '',
            error: '',
            platforms: [],
            pinned: []
        });
        if (key === 'Name' && inNodes)
            nodes.push(fresh(value));
        // A bare platform list (no Nodes: section) is one unnamed node.
        if (key === 'Platforms' && nodes.length === 0)
            nodes.push(fresh(''));
        const node = nodes[nodes.length - 1];
        if (!node)
            continue;
        if (key === 'Endpoint')
            node.endpoint = value;
        if (key === 'Status')
            node.status = value;
        if (key === 'Error')
            node.error = value;
        if (/^Build[Kk]it(?: version)?$/.test(key))
            node.buildkit = value;
        if (key !== 'Platforms')
            continue;
        for (const entry of value.split(',').map((text) => text.trim())) {
            if (!entry)
                continue;
            node.platforms.push(entry.replace(/\*$/, ''));
            if (entry.endsWith('*'))
                node.pinned.push(entry.slice(0, -1));
        }
    }
    return nodes;
}
/** Every platform the builder's nodes report, once. */
function parseInspectPlatforms(output) {
    return [...new Set(parseInspectNodes(output).flatMap((node) => node.platforms))];
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/buildx/existing-builder.ts
// A builder that exists before the job: found in the user's Docker config, used as it is, never removed.




// docker keeps a context's files under the SHA-256 of its name.
const contextDigest = (name) => (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex');
function contextDirs(configDir, name) {
    return ['meta', 'tls'].map((kind) => external_node_path_.join(configDir, 'contexts', kind, contextDigest(name)));
}
/** Where docker keeps a context's metadata (its name and endpoint) in a config directory. */
function contextMetaFile(configDir, name) {
    return external_node_path_.join(contextDirs(configDir, name)[0], 'meta.json');
}
function hasContext(configDir, name) {
    return (0,external_node_fs_.existsSync)(contextMetaFile(configDir, name));
}
/** The Docker host a context in configDir points at, if that context exists. */
function contextDockerHost(configDir, name) {
    const metaRoot = external_node_path_.join(configDir, 'contexts', 'meta');
    for (const entry of (0,external_node_fs_.existsSync)(metaRoot) ? (0,external_node_fs_.readdirSync)(metaRoot) : []) {
        try {
            const meta = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(metaRoot, entry, 'meta.json'), 'utf8'));
            if (meta.Name === name && meta.Endpoints?.docker?.Host)
                return meta.Endpoints.docker.Host;
        }
        catch {
            // skip unreadable context entries
        }
    }
    return undefined;
}
/** Where the user's buildx keeps its builders and node id: $BUILDX_CONFIG when set, else beside their Docker config. */
function userBuildxDir(userDir, env = process.env) {
    return env['BUILDX_CONFIG'] || external_node_path_.join(userDir, 'buildx');
}
/** Copies a context (and its TLS files) into the job's config, which the job's commands read. */
function copyContext(userDir, jobDir, name) {
    const [fromDirs, toDirs] = [contextDirs(userDir, name), contextDirs(jobDir, name)];
    fromDirs.forEach((from, index) => {
        if ((0,external_node_fs_.existsSync)(from))
            (0,external_node_fs_.cpSync)(from, toDirs[index], { recursive: true });
    });
}
/**
 * The job runs docker with its own DOCKER_CONFIG, so a builder the user made (setup-buildx-action
 * writes to ~/.docker) is copied in: its buildx record, and the contexts its nodes name. The copy
 * goes with the job's directory; the builder itself and its BuildKit containers stay untouched.
 */
function adoptUserBuilder(name, userDir, jobDir, env = process.env) {
    const instance = external_node_path_.join(userBuildxDir(userDir, env), 'instances', name);
    if ((0,external_node_fs_.existsSync)(instance)) {
        const record = JSON.parse((0,external_node_fs_.readFileSync)(instance, 'utf8'));
        (0,external_node_fs_.mkdirSync)(external_node_path_.join(jobDir, 'buildx', 'instances'), { recursive: true, mode: 0o700 });
        (0,external_node_fs_.cpSync)(instance, external_node_path_.join(jobDir, 'buildx', 'instances', name));
        for (const node of record.Nodes ?? []) {
            const endpoint = node.Endpoint ?? '';
            if (endpoint && !endpoint.includes('://') && endpoint !== 'default')
                copyContext(userDir, jobDir, endpoint);
        }
        return { name, driver: (record.Driver ?? 'docker-container') };
    }
    // A docker context is a builder of the docker driver under the same name.
    if (name === 'default' || hasContext(userDir, name)) {
        if (name !== 'default')
            copyContext(userDir, jobDir, name);
        return { name, driver: 'docker', dockerContext: name };
    }
    throw new errors/* ActionError */.lZ(`Builder ${name} does not exist: there is no buildx builder of that name in ${userBuildxDir(userDir, env)} and no docker context of that name in ${userDir}.`, 'create it before this step (docker/setup-buildx-action, or docker buildx create --name ' +
        `${name}) with the same DOCKER_CONFIG, or leave builder empty and the action makes one for the job.`);
}

// EXTERNAL MODULE: ./src/buildx/builder-removal.ts
var builder_removal = __webpack_require__(5982);
;// CONCATENATED MODULE: ./src/buildx/builder-config.ts










/** A hung node must not hold the job: pulling moby/buildkit or scheduling a pod fits well inside this. */
const BOOTSTRAP_TIMEOUT_MS = 180_000;
/** The daemon the user's own docker CLI talks to, read from files so it costs no docker call. */
function userDockerHost(userConfigDir, env = process.env) {
    if (env['DOCKER_HOST'])
        return env['DOCKER_HOST'];
    let contextName = env['DOCKER_CONTEXT'] ?? '';
    if (!contextName) {
        try {
            const config = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(userConfigDir, 'config.json'), 'utf8'));
            contextName = config.currentContext ?? '';
        }
        catch {
            contextName = '';
        }
    }
    const host = contextName && contextName !== 'default' ? contextDockerHost(userConfigDir, contextName) : undefined;
    return host ?? 'unix:///var/run/docker.sock';
}
/** Masks every line too: the runner matches a masked value line by line in the log. */
function maskPem(pem) {
    runner/* setSecret */.Pq(pem.trim());
    for (const line of pem.split('\n'))
        if (line.trim() && !line.startsWith('-----'))
            runner/* setSecret */.Pq(line.trim());
}
/** Writes the buildkitd config and the remote TLS files, 0600 in the job's private directory. */
function writeBuilderFiles(jobConfigDir, settings) {
    const dir = (0,builder_removal/* builderFilesDir */.k)(jobConfigDir);
    const write = (name, content) => {
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
        const file = external_node_path_.join(dir, name);
        (0,external_node_fs_.writeFileSync)(file, content, { mode: 0o600 });
        return file;
    };
    const tls = {};
    for (const key of ['cacert', 'cert', 'key']) {
        const pem = settings.remoteTls[key];
        if (!pem)
            continue;
        maskPem(pem);
        tls[key] = write(`${key}.pem`, pem);
    }
    let configFile = settings.buildkitdConfig ? external_node_path_.resolve(settings.buildkitdConfig) : undefined;
    if (configFile && !(0,external_node_fs_.existsSync)(configFile))
        throw new errors/* ActionError */.lZ(`buildkitd-config ${configFile} does not exist.`, 'give a path in the workspace.');
    if (settings.buildkitdConfigInline)
        configFile = write('buildkitd.toml', settings.buildkitdConfigInline);
    return configFile ? { configFile, tls } : { tls };
}
/** The name buildx gives a node: its own, else the builder's name and its index. */
function nodeLabel(builder, node, index) {
    const name = node.name || `${builder}${index}`;
    return node.endpoint ? `${name} (${node.endpoint})` : name;
}
/** What to do about a builder that did not boot; the image hint when buildx could not pull BuildKit. */
function bootFailure(name, settings, labels, error) {
    const detail = error instanceof exec/* CommandError */.Qd ? error.result.stderr.trim().split('\n').slice(-4).join('\n') : (0,errors/* errorMessage */.gJ)(error);
    const culprit = labels.find((label) => detail.includes(`(${label.split(' ')[0]})`));
    const nodes = culprit ?? labels.join(', ');
    const which = culprit || labels.length === 1 ? 'node' : 'nodes';
    const message = `Builder ${name} could not start (${which} ${nodes}); it was removed. buildx said:\n${detail}`;
    const image = settings.driverOpts.find((option) => option.startsWith('image='))?.slice('image='.length);
    if (settings.driver === 'docker-container' && /pull|resolve reference|toomanyrequests|manifest unknown/i.test(detail))
        return new errors/* ActionError */.lZ(`${message}\nThe runner could not pull the BuildKit image ${image ?? DEFAULT_BUILDKIT_IMAGE}.`, `set driver-opts: image=<mirror>/moby/buildkit:${DEFAULT_BUILDKIT_VERSION} (a copy in a registry this runner reaches), ` +
            "or driver: docker (or auto), which uses the daemon's own BuildKit and pulls nothing; it builds every platform " +
            'when the daemon has the containerd image store and the emulators.');
    return new errors/* ActionError */.lZ(message, /timed out|time limit|deadline/i.test(detail)
        ? 'check that the endpoint is reachable from this runner and that BuildKit listens there.'
        : 'check the node endpoints and driver-opts; an unreachable node fails the build before anything is built.');
}
/** Runs a step of the builder's creation; on failure the half-made builder goes at once, before the error. */
async function orRemove(name, step, fail) {
    try {
        return await step();
    }
    catch (error) {
        const problems = await (0,builder_removal/* removeBuilder */.i)(name);
        for (const problem of problems)
            runner/* warning */.$e(`Removing builder ${name}: ${problem}`);
        // Gone already: the post step has nothing left to remove.
        if (problems.length === 0)
            savePostState({ builder: '' });
        throw fail(error);
    }
}
/** docker-container, remote or kubernetes: create the first node, append the others, boot them all. */
async function createNodeBuilder(name, settings, jobConfigDir, pinned) {
    const driver = settings.driver;
    const { configFile, tls } = writeBuilderFiles(jobConfigDir, settings);
    const labels = [nodeLabel(name, { name: '', endpoint: settings.endpoint }, 0)];
    const spec = {
        driver,
        driverOpts: [...settings.driverOpts, ...tlsDriverOpts(tls)],
        buildkitdFlags: settings.buildkitdFlags,
        endpoint: settings.endpoint,
        ...(configFile ? { configFile } : {}),
        platforms: pinned
    };
    await orRemove(name, () => (0,exec/* run */.eF)('docker', createBuilderArgs(name, spec)), (error) => bootFailure(name, settings, labels, error));
    for (const [index, node] of settings.nodes.entries()) {
        const label = nodeLabel(name, node, index + 1);
        labels.push(label);
        // A fleet of remote buildkitds usually shares one CA and client certificate.
        const ownTls = node.driverOpts.some((option) => /^(cacert|cert|key)=/.test(option));
        const withTls = driver === 'remote' && !ownTls ? { ...node, driverOpts: [...node.driverOpts, ...tlsDriverOpts(tls)] } : node;
        await orRemove(name, () => (0,exec/* run */.eF)('docker', appendNodeArgs(name, withTls, { driver, configFile })), (error) => bootFailure(name, settings, [label], error));
    }
    const inspected = await orRemove(name, () => (0,exec/* run */.eF)('docker', inspectBuilderArgs({ name, driver }, true), {
        stream: true,
        timeoutMs: BOOTSTRAP_TIMEOUT_MS
    }), (error) => bootFailure(name, settings, labels, error));
    return parseInspectNodes(inspected.stdout);
}
function logBuilder(builder) {
    for (const node of builder.nodes)
        runner/* info */.pq(`Builder ${builder.name} node ${node.name} (${node.endpoint}): ${node.platforms.join(', ') || '(none reported)'}`);
}
/** The builder input: an existing builder, booted if it sleeps, never created nor saved for removal. */
async function useExistingBuilder(name, userConfigDir, jobConfigDir) {
    const ref = adoptUserBuilder(name, userConfigDir, jobConfigDir);
    const inspected = await (0,exec/* run */.eF)('docker', inspectBuilderArgs(ref, true), { timeoutMs: BOOTSTRAP_TIMEOUT_MS }).catch((error) => {
        throw new errors/* ActionError */.lZ(`Builder ${name} (${ref.driver}) did not answer: ${(0,errors/* errorMessage */.gJ)(error)}`, `check it with docker buildx inspect --bootstrap ${name}; the action does not change or remove a builder it did not create.`);
    });
    const nodes = parseInspectNodes(inspected.stdout);
    const builder = { ...ref, nodes, platforms: [...new Set(nodes.flatMap((node) => node.platforms))], existing: true };
    logBuilder(builder);
    return builder;
}
/**
 * Creates the job's builder. Its name is saved for the post step before it exists, so a failure
 * halfway through creation is still cleaned up.
 */
async function createBuilder(request) {
    const { name, settings, config, wanted, runnable, native } = request;
    savePostState({ builder: name, driver: settings.driver });
    if (settings.driver === 'docker') {
        // buildx refuses a second docker-driver instance; a job-scoped context is the named builder.
        const host = !settings.endpoint
            ? userDockerHost(config.userDir)
            : settings.endpoint.includes('://')
                ? settings.endpoint
                : contextDockerHost(config.userDir, settings.endpoint);
        if (!host)
            throw new errors/* ActionError */.lZ(`endpoint ${settings.endpoint} is not a docker context in ${config.userDir}.`);
        await createJobContext(config.dir, name, host);
        const ref = { name, driver: 'docker', dockerContext: name };
        return dockerDriverBuilder(ref, wanted, runnable);
    }
    // With other nodes, the runner's own platforms are pinned to its node so buildx keeps them here.
    const pinned = settings.nodes.length > 0 ? wanted.filter((platform) => (0,model_platforms/* runsNatively */.PU)(platform, native)) : [];
    const nodes = await createNodeBuilder(name, settings, config.dir, pinned);
    const builder = {
        name,
        driver: settings.driver,
        nodes,
        platforms: [...new Set(nodes.flatMap((node) => node.platforms))],
        existing: false
    };
    logBuilder(builder);
    return builder;
}
// A host docker takes as it is written: a scheme it knows and no space, comma or quote.
const plainDockerHost = /^(unix|tcp|ssh|npipe|fd):\/\/[^\s,"]+$/;
/**
 * The docker-driver builder's context in the job's config, written as `docker context create` writes
 * it (docker's context store: contexts/meta/<sha256 of the name>/meta.json), which saves starting the
 * docker CLI. A host of any other shape goes through docker, which refuses it in its own words.
 */
async function createJobContext(configDir, name, host) {
    if (!plainDockerHost.test(host)) {
        await (0,exec/* run */.eF)('docker', createContextArgs(name, host));
        return;
    }
    const meta = {
        Name: name,
        Metadata: { Description: JOB_CONTEXT_DESCRIPTION },
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } }
    };
    const file = contextMetaFile(configDir, name);
    (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(file), { recursive: true, mode: 0o700 });
    // wx: a context of that name is never overwritten, as docker refuses to.
    (0,external_node_fs_.writeFileSync)(file, JSON.stringify(meta), { mode: 0o600, flag: 'wx' });
}
async function dockerDriverBuilder(ref, wanted, runnable) {
    // The docker driver's daemon caches its emulator scan, so its list cannot add to what this step
    // already verified (native or emulated): skip that call when it covers every wanted platform.
    const covered = wanted.every((platform) => runnable.some((entry) => (0,model_platforms/* formatPlatform */.Bq)(entry) === (0,model_platforms/* formatPlatform */.Bq)(platform)));
    if (covered) {
        const platforms = wanted.map(model_platforms/* formatPlatform */.Bq);
        runner/* info */.pq(`Builder ${ref.name} (docker): the daemon's BuildKit, with ${platforms.join(', ')} native or emulated`);
        const node = { name: ref.name, endpoint: ref.name, status: 'running', error: '', platforms, pinned: [] };
        return { ...ref, platforms, nodes: [node], existing: false };
    }
    const inspected = await (0,exec/* run */.eF)('docker', inspectBuilderArgs(ref, false));
    const nodes = parseInspectNodes(inspected.stdout);
    const builder = { ...ref, nodes, platforms: [...new Set(nodes.flatMap((node) => node.platforms))], existing: false };
    logBuilder(builder);
    return builder;
}
/** Fails, listing what is missing, when the builder cannot build every wanted platform. */
function checkBuilderPlatforms(builder, wanted, emulated = []) {
    const covers = (platform) => (0,model_platforms/* builderSupports */.aw)(builder.platforms, platform) ||
        emulated.some((entry) => (0,model_platforms/* formatPlatform */.Bq)(entry) === (0,model_platforms/* formatPlatform */.Bq)(platform));
    const missing = wanted.filter((platform) => !covers(platform));
    if (missing.length === 0)
        return;
    throw new errors/* ActionError */.lZ(`Builder ${builder.name} cannot build ${missing.map(model_platforms/* formatPlatform */.Bq).join(', ')}. It supports: ${builder.platforms.join(', ') || 'nothing reported'}.`, 'a foreign platform needs its QEMU emulator (keep qemu: auto) or a builder node of that architecture (nodes, or a builder that has one).');
}

;// CONCATENATED MODULE: ./src/buildx/cache-support.ts
// The cache input, turned into cache-from/cache-to specs once the builder exists: gha where the
// runner provides GitHub's cache service and the builder speaks it, registry tags next to the image,
// or none, saying why. The decisions are pure and table-tested; only the daemon and buildx reads run commands.






/** strconv.ParseBool's true values: what buildx accepts in ACTIONS_CACHE_SERVICE_V2. */
const trueValues = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
/** Reads the runner's environment as buildx and actions/toolkit do (token, v2 flag, service URLs). */
function ghaServiceOf(env) {
    if (!env['ACTIONS_RUNTIME_TOKEN'])
        return { missing: 'the step has no ACTIONS_RUNTIME_TOKEN (not a GitHub Actions runner)' };
    if (trueValues.has(env['ACTIONS_CACHE_SERVICE_V2'] ?? '')) {
        if (!env['ACTIONS_RESULTS_URL'])
            return { missing: 'ACTIONS_CACHE_SERVICE_V2 is set but ACTIONS_RESULTS_URL is not' };
        return { version: 2 };
    }
    if (!env['ACTIONS_CACHE_URL'] && !env['ACTIONS_RESULTS_URL'])
        return { missing: 'the step has neither ACTIONS_CACHE_URL nor ACTIONS_RESULTS_URL' };
    return { version: 1 };
}
/** A version, or undefined for none or one a distribution left unset (v0.0.0+unknown). */
function versionOf(text) {
    const version = (0,semver.coerce)(text.replace(/^v/, ''))?.version;
    return version && (0,semver.valid)(version) && version !== '0.0.0' ? version : undefined;
}
/** Whether the builder can use the gha cache of this service version. */
function ghaSupport(facts, version) {
    if (facts.driver === 'docker' && facts.containerdStore === false)
        return { ok: false, certain: true, why: 'the docker driver exports a cache only with the containerd image store' };
    if (version === 1)
        return { ok: true };
    const buildx = versionOf(facts.buildx);
    if (!buildx)
        return { ok: false, certain: false, why: `cannot tell the buildx version (${facts.buildx || 'none'})` };
    if (!(0,semver.gte)(buildx, '0.21.0'))
        return { ok: false, certain: true, why: `buildx ${buildx} predates cache service v2 (buildx 0.21 speaks it)` };
    if (facts.driver === 'docker') {
        const engine = versionOf(facts.dockerEngine ?? '');
        if (!engine)
            return { ok: false, certain: false, why: "cannot tell the daemon's BuildKit version" };
        if (!(0,semver.gte)(engine, '28.0.0'))
            return {
                ok: false,
                certain: true,
                why: `Docker ${engine}'s built-in BuildKit predates 0.20, the first to speak cache service v2`
            };
        return { ok: true };
    }
    const versions = facts.buildkit.map(versionOf);
    const old = versions.find((entry) => entry !== undefined && !(0,semver.gte)(entry, '0.20.0'));
    if (old)
        return { ok: false, certain: true, why: `BuildKit ${old} predates 0.20, the first to speak cache service v2` };
    if (versions.length === 0 || versions.includes(undefined))
        return { ok: false, certain: false, why: "cannot tell every node's BuildKit version" };
    return { ok: true };
}
const none = (line) => ({ cacheFrom: [], cacheTo: [], line });
const exportOptions = 'mode=max,ignore-error=true';
/**
 * One registry tag per platform next to the image: read them all; when pushing, export once to the
 * first platform's tag and put the same cache manifest under the others' (one --cache-to per tag
 * would upload every new layer once per tag: BuildKit runs the exporters side by side).
 */
function registrySpecs(plan, platforms) {
    const tags = platforms.map(registryCacheTag);
    const refs = tags.map((tag) => `${plan.repository}:${tag}`);
    const cacheFrom = refs.map((ref) => `type=registry,ref=${ref}`);
    const line = `cache: registry: reading ${refs.join(', ')}; `;
    if (!plan.write)
        return { cacheFrom, cacheTo: [], line: `${line}writing none (push is off)` };
    const [first, ...others] = tags;
    const then = others.length > 0 ? `, then the same cache manifest under ${others.join(', ')}` : '';
    return {
        cacheFrom,
        cacheTo: [`type=registry,ref=${plan.repository}:${first},${exportOptions}`],
        line: `${line}writing ${first} (mode=max)${then}`,
        writesRegistry: true,
        ...(others.length > 0 ? { alsoTag: { repository: plan.repository, tags: others } } : {})
    };
}
/**
 * One gha scope per image, platform and branch: read this branch's, then the default branch's;
 * write this branch's. Buildx reads the token and the service URLs from the runner's variables.
 */
function ghaSpecs(plan, platforms, service) {
    const branches = [
        plan.branch,
        ...(plan.defaultBranch && plan.defaultBranch !== plan.branch ? [plan.defaultBranch] : [])
    ];
    const cacheFrom = platforms.flatMap((platform) => branches.map((branch) => `type=gha,scope=${ghaScope(plan.repository, platform, branch)}`));
    const cacheTo = plan.write
        ? platforms.map((platform) => `type=gha,scope=${ghaScope(plan.repository, platform, plan.branch)},${exportOptions}`)
        : [];
    const scopes = platforms.map((platform) => ghaScope(plan.repository, platform, plan.branch));
    const fallback = branches.length > 1 ? `, then ${plan.defaultBranch}'s` : '';
    const writing = plan.write ? 'writing them (mode=max)' : 'writing none (push is off)';
    return {
        cacheFrom,
        cacheTo,
        line: `cache: gha (service v${service}): scopes ${scopes.join(', ')}; reading this branch's${fallback}; ${writing}`
    };
}
/** The daemon a docker-driver builder runs on: as driver: auto read it, else one `docker info` through its context. */
const cache_support_daemonOf = (builder, known) => known ? Promise.resolve(known) : readDaemonFacts(builder.dockerContext ? { context: builder.dockerContext } : {});
/** The builder facts the gha decision needs: at most two quick commands, run only when the runner has the service. */
/** `docker buildx version`'s version ('' when unreadable). */
async function readBuildxVersion() {
    const buildx = await (0,exec/* run */.eF)('docker', ['buildx', 'version'], { allowFailure: true });
    return buildx.exitCode === 0 ? (buildx.stdout.trim().split(/\s+/)[1] ?? '') : '';
}
/**
 * Which builder facts the cache decision will read, so that the job can start them while it logs in:
 * gha (or auto) with the runner's cache service reads the buildx version, and the daemon's on the
 * docker driver; registry reads the daemon's image store on the docker driver.
 */
function builderFactsRead(plan, env) {
    if (plan.skip)
        return { buildx: false, daemon: false };
    if (plan.mode === 'registry')
        return { buildx: false, daemon: true };
    const gha = !('missing' in ghaServiceOf(env));
    return { buildx: gha, daemon: gha };
}
async function cacheFacts(builder, daemon, buildx) {
    const facts = {
        driver: builder.driver,
        buildx: await (buildx ?? readBuildxVersion()),
        buildkit: builder.nodes.map((node) => node.buildkit ?? '')
    };
    return builder.driver === 'docker' ? { ...facts, ...(await cache_support_daemonOf(builder, daemon)) } : facts;
}
/** The cache specs of this build; cache: gha fails here, before the build, when it cannot work. */
async function resolveCache(request) {
    const { plan, platforms, builder, env } = request;
    if (plan.skip)
        return none(`cache: ${plan.mode}: nothing added (${plan.skip})`);
    if (plan.mode === 'registry') {
        // buildx refuses any cache export of the docker driver on the classic store, failing the build.
        const store = request.store ?? ((docker) => cache_support_daemonOf(docker, request.daemon));
        if (builder.driver === 'docker' && !(await store(builder)).containerdStore) {
            runner/* warning */.$e("cache: registry: the docker driver on this daemon's classic image store cannot export a cache; building without one (driver: auto or docker-container can)");
            return none('cache: registry: none, the docker driver exports a cache only with the containerd image store');
        }
        return registrySpecs(plan, platforms);
    }
    const service = ghaServiceOf(env);
    if ('missing' in service) {
        if (plan.mode === 'auto')
            return none(`cache: auto: none, the runner provides no cache service: ${service.missing}`);
        throw new errors/* ActionError */.lZ(`cache: gha needs GitHub's cache service, and ${service.missing}.`, 'use cache: registry (tags next to the image), or cache: auto, which builds without a cache where there is no service.');
    }
    const facts = request.facts ?? ((docker) => cacheFacts(docker, request.daemon, request.buildxVersion));
    const support = ghaSupport(await facts(builder), service.version);
    if (!support.ok) {
        if (plan.mode === 'auto')
            return none(`cache: auto: none, the builder cannot use the gha cache: ${support.why}`);
        const advice = 'set buildx-version: latest and use a builder with BuildKit 0.20 or later (driver: docker-container pulls the current moby/buildkit), or use cache: registry.';
        if (support.certain)
            throw new errors/* ActionError */.lZ(`cache: gha cannot work here: ${support.why}.`, advice);
        runner/* warning */.$e(`cache: gha: ${support.why}; trying it anyway`);
    }
    return ghaSpecs(plan, platforms, service.version);
}

;// CONCATENATED MODULE: ./src/buildx/node-platforms.ts
// Which node of a builder serves which platform natively, and what is left for QEMU. Pure: table-tested.

function parseOrSkip(text) {
    try {
        return [(0,model_platforms/* parsePlatform */.FL)(text)];
    }
    catch {
        return [];
    }
}
/**
 * The platforms a node runs without an emulator: the ones pinned to it with --platform, else the
 * family of the first one it reports (BuildKit lists its own platform first, emulated ones after).
 */
function nativePlatformsOf(node) {
    if (node.pinned.length > 0)
        return node.pinned.flatMap(parseOrSkip);
    const [first] = node.platforms.flatMap(parseOrSkip);
    if (!first)
        return [];
    return node.platforms.flatMap(parseOrSkip).filter((platform) => (0,model_platforms/* runsNatively */.PU)(platform, first));
}
/** Routes each wanted platform to the first node that serves it natively, as buildx prefers pinned nodes. */
function routePlatforms(wanted, nodes) {
    const natives = nodes.map((node) => ({ node: node.name, platforms: nativePlatformsOf(node) }));
    const routes = wanted.map((platform) => {
        const host = natives.find((entry) => entry.platforms.some((native) => (0,model_platforms/* samePlatform */.my)(native, platform) || (0,model_platforms/* runsNatively */.PU)(platform, native)));
        return host ? { platform: (0,model_platforms/* formatPlatform */.Bq)(platform), node: host.node } : { platform: (0,model_platforms/* formatPlatform */.Bq)(platform) };
    });
    return {
        routes,
        unserved: wanted.filter((_, index) => routes[index]?.node === undefined)
    };
}

;// CONCATENATED MODULE: ./src/buildx/qemu.ts






const systemBinfmtPaths = { mount: '/proc/sys/fs/binfmt_misc', confDir: '/usr/lib/binfmt.d' };
function isHandlerEnabled(paths, qemuArch) {
    const handler = external_node_path_.join(paths.mount, `qemu-${qemuArch}`);
    try {
        return (0,external_node_fs_.readFileSync)(handler, 'utf8').startsWith('enabled');
    }
    catch {
        return false;
    }
}
const isMounted = (paths) => (0,external_node_fs_.existsSync)(external_node_path_.join(paths.mount, 'register'));
const asRoot = () => process.getuid?.() === 0;
/** Runs a privileged command directly as root, else through passwordless sudo. */
async function runPrivileged(command, args, input) {
    const [program, programArgs] = asRoot() ? [command, args] : ['sudo', ['-n', command, ...args]];
    try {
        const result = await (0,exec/* run */.eF)(program, programArgs, { allowFailure: true, ...(input === undefined ? {} : { input }) });
        if (result.exitCode !== 0)
            runner/* debug */.Yz(`${program} ${programArgs.join(' ')}: ${result.stderr.trim()}`);
        return result.exitCode === 0;
    }
    catch (error) {
        // No sudo on the runner (most containers) is a refusal like any other.
        runner/* debug */.Yz(`${program} ${programArgs.join(' ')}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return false;
    }
}
async function mountBinfmt(paths) {
    if (isMounted(paths))
        return true;
    runner/* info */.pq(`binfmt_misc is not mounted; mounting it at ${paths.mount}`);
    return runPrivileged('mount', ['-t', 'binfmt_misc', 'binfmt_misc', paths.mount]);
}
/** The registration line qemu-user-static ships for an architecture, when its interpreter is installed. */
function hostRegistrationLine(paths, qemuArch) {
    const conf = external_node_path_.join(paths.confDir, `qemu-${qemuArch}.conf`);
    if (!(0,external_node_fs_.existsSync)(conf))
        return undefined;
    const line = (0,external_node_fs_.readFileSync)(conf, 'utf8')
        .split('\n')
        .find((entry) => entry.startsWith(':'));
    const interpreter = line?.split(':')[6];
    return line && interpreter && (0,external_node_fs_.existsSync)(interpreter) ? line : undefined;
}
async function registerFromHost(paths, qemuArch, line) {
    const register = external_node_path_.join(paths.mount, 'register');
    try {
        (0,external_node_fs_.writeFileSync)(register, line);
    }
    catch (error) {
        // EEXIST: a parallel job registered the same emulator first, which is just as good.
        const code = error.code;
        if (code === 'EEXIST')
            return;
        if (code === 'EACCES' || code === 'EPERM') {
            await runPrivileged('tee', [register], line);
            return;
        }
        runner/* debug */.Yz(`registering qemu-${qemuArch}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
async function registerWithImage(image, qemuArches) {
    const names = qemuArches.map(model_platforms/* goArchitectureOfQemu */.HZ).join(',');
    runner/* info */.pq(`Registering ${names} with ${image}`);
    await (0,exec/* run */.eF)('docker', ['run', '--rm', '--privileged', '--network', 'none', image, '--install', names], {
        stream: true
    });
}
function registrationFailure(missing, platforms, mounted) {
    const handlers = missing.map((arch) => `qemu-${arch}`).join(', ');
    const cause = mounted
        ? 'writing to binfmt_misc/register was refused (the step needs root or passwordless sudo, or a Docker daemon that may run privileged containers)'
        : 'binfmt_misc is not mounted and mounting it was refused';
    return new errors/* ActionError */.lZ(`Cannot register the QEMU emulators ${handlers} needed to build ${platforms.map(model_platforms/* formatPlatform */.Bq).join(', ')}: ${cause}.`, 'run the job as root or with passwordless sudo, or mount binfmt_misc and register the emulators beforehand ' +
        '(sudo mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; sudo apt-get install qemu-user-static), ' +
        "or build only the runner's own platform, or set qemu: false on a runner that has them already.");
}
/**
 * Makes sure every foreign platform has an enabled binfmt handler before the build starts, so a
 * missing emulator is a clear error here rather than `exec format error` halfway through a build.
 */
async function ensureEmulators(platforms, qemuImage, paths = systemBinfmtPaths, native = (0,model_platforms/* nativePlatform */.Nc)()) {
    const needed = (0,model_platforms/* foreignQemuArchitectures */.xA)(platforms, native);
    const report = { needed, alreadyRegistered: [], registered: [], method: 'none' };
    if (needed.length === 0)
        return report;
    const mounted = await mountBinfmt(paths);
    report.alreadyRegistered = needed.filter((arch) => isHandlerEnabled(paths, arch));
    let missing = needed.filter((arch) => !report.alreadyRegistered.includes(arch));
    if (missing.length === 0)
        return report;
    const hostLines = new Map(missing.map((arch) => [arch, hostRegistrationLine(paths, arch)]));
    if (mounted && [...hostLines.values()].every((line) => line !== undefined)) {
        report.method = 'host-qemu-user-static';
        for (const [arch, line] of hostLines)
            await registerFromHost(paths, arch, line);
    }
    else {
        report.method = 'qemu-image';
        try {
            await registerWithImage(qemuImage, missing);
        }
        catch (error) {
            runner/* warning */.$e(`Registering emulators with ${qemuImage} failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
            throw registrationFailure(missing, platforms, isMounted(paths));
        }
        // Without a host mount the handlers cannot be read here; the builder's platform list checks them next.
        if (!isMounted(paths)) {
            report.registered = missing;
            return report;
        }
    }
    missing = missing.filter((arch) => !isHandlerEnabled(paths, arch));
    report.registered = needed.filter((arch) => !report.alreadyRegistered.includes(arch) && !missing.includes(arch));
    if (missing.length > 0)
        throw registrationFailure(missing, platforms, isMounted(paths));
    return report;
}

;// CONCATENATED MODULE: ./src/buildx/builder-setup.ts
// The builder and the emulators it needs, in the order that makes each decision on facts.








/** Whether the driver is decided from the daemon's facts: driver: auto, and no existing builder bringing its own. */
function needsDaemonFacts(plan) {
    return plan.driver === 'auto' && !plan.builder;
}
/**
 * Starts reading the daemon's facts (at `host`: its socket, or one `docker info`) that driver: auto
 * decides from, so it runs while the job logs in; the driver is still decided in its own phase. A
 * failure to start docker shows when it is awaited.
 */
function startDaemonFacts(host) {
    const facts = readDaemonFacts(host ? { host } : {});
    facts.catch(() => undefined);
    return facts;
}
/** Starts `docker buildx version` for the cache decision, as startDaemonFacts does `docker info`. */
function startBuildxVersion() {
    const version = readBuildxVersion();
    version.catch(() => undefined);
    return version;
}
/** driver: auto decided from `docker info` (read already when `started` is given); any other driver as given. */
async function resolveDriver(plan, platforms, started) {
    if (plan.driver !== 'auto')
        return { driver: plan.driver };
    // An existing builder brings its own driver (read when it is adopted); there is nothing to decide.
    if (plan.builder)
        return { driver: 'docker-container' };
    const daemon = await (started ?? readDaemonFacts());
    const choice = chooseAutoDriver({
        containerdStore: daemon.containerdStore,
        platformCount: platforms.length,
        load: plan.load,
        cacheToTypes: plan.cacheToTypes,
        nodes: plan.nodes.length,
        endpoint: plan.endpoint,
        driverOpts: plan.driverOpts.length,
        buildkitdFlags: plan.buildkitdFlags,
        buildkitdConfig: plan.buildkitdConfig !== '' || plan.buildkitdConfigInline !== ''
    });
    runner/* info */.pq(`driver: auto chose ${choice.driver}: ${choice.reason}`);
    return { driver: choice.driver, daemon };
}
/** Nodes only on the runner's kernel use the emulators this step registers. */
const onThisRunner = (endpoint) => endpoint === '' || !endpoint.includes('://') || endpoint.startsWith('unix://');
/**
 * One node on the runner: emulators first, then the builder, whose BuildKit then lists them. Several
 * nodes, an existing builder, remote or kubernetes: the builder first, then QEMU for only the
 * platforms that no node serves natively.
 */
function builderFirst(plan, driver) {
    return plan.builder !== '' || plan.nodes.length > 0 || driver === 'remote' || driver === 'kubernetes';
}
/** The emulators a one-node builder on this runner needs, registered before it boots. */
async function emulatorsBeforeBuilder(emulators, platforms) {
    return emulators.enabled ? await ensureEmulators(platforms, emulators.image) : undefined;
}
/** The job's builder (or the user's), checked to build every platform; QEMU for what no node serves. */
async function setUpBuilder(request) {
    const { name, plan, driver, config, platforms, native, registered } = request;
    const settings = { ...plan, driver };
    const create = { name, settings, config, wanted: platforms, native };
    if (!builderFirst(plan, driver)) {
        // ensureEmulators throws unless every foreign platform's handler is verified.
        const runnable = registered ? platforms : platforms.filter((platform) => (0,model_platforms/* runsNatively */.PU)(platform, native));
        const builder = await createBuilder({ ...create, runnable });
        checkBuilderPlatforms(builder, platforms);
        return registered ? { builder, emulators: registered } : { builder };
    }
    const builder = plan.builder
        ? await useExistingBuilder(plan.builder, config.userDir, config.dir)
        : await createBuilder({ ...create, runnable: [] });
    const routing = routePlatforms(platforms, builder.nodes);
    for (const route of routing.routes)
        runner/* info */.pq(`${route.platform}: ${route.node ? `native on node ${route.node}` : 'no native node, needs QEMU'}`);
    const local = builder.nodes.some((node) => onThisRunner(node.endpoint));
    if (!plan.emulators.enabled) {
        checkBuilderPlatforms(builder, platforms);
        return { builder };
    }
    if (!local || routing.unserved.length === 0) {
        // Remote nodes emulate, or not, on their own machines: registering here would not reach them.
        checkBuilderPlatforms(builder, platforms);
        return { builder, emulators: { needed: [], alreadyRegistered: [], registered: [], method: 'none' } };
    }
    const emulators = await ensureEmulators(routing.unserved, plan.emulators.image, undefined, native);
    checkBuilderPlatforms(builder, platforms, routing.unserved);
    runner/* info */.pq(`QEMU only for ${routing.unserved.map(model_platforms/* formatPlatform */.Bq).join(', ')}`);
    return { builder, emulators };
}

;// CONCATENATED MODULE: ./src/registry/document.ts
// OCI content as the registry serves it: one set of descriptor and document types, digests
// checked with an algorithm this runtime has, and the one attestation filter.



/** The algorithms whose digests this client can check. */
const verifiableAlgorithms = ['sha256', 'sha512'];
/** Refuses a digest this client cannot check: an unverifiable digest must not pass as verified. */
function checkAlgorithm(digest, what) {
    const algorithm = digest.slice(0, digest.indexOf(':'));
    if (!verifiableAlgorithms.includes(algorithm))
        throw new Error(`${what}: the digest ${digest} uses the algorithm '${algorithm}', which this client cannot verify (it checks ${verifiableAlgorithms.join(', ')})`);
}
const digestForms = { sha256: /^sha256:[a-f0-9]{64}$/, sha512: /^sha512:[a-f0-9]{128}$/ };
/** Whether a text is a well-formed sha256 or sha512 digest (lowercase hex of the exact length). */
function isWellFormedDigest(digest) {
    const algorithm = digest.slice(0, Math.max(digest.indexOf(':'), 0));
    return digestForms[algorithm]?.test(digest) ?? false;
}
/** Refuses anything but a well-formed sha256 or sha512 digest: digests become URL and file path segments. */
function checkDigestForm(digest, what) {
    if (typeof digest !== 'string' || !isWellFormedDigest(digest))
        throw new Error(`${what}: '${String(digest)}' is not a digest (sha256:<64 hex> or sha512:<128 hex>)`);
}
/**
 * Every digest that enters from outside (a manifest's descriptors, a registry's header, a reference)
 * goes through this before it is used: an algorithm this client verifies, in its exact form, so
 * `sha256:../../x` can never become a request on another path of the registry.
 */
function checkDigest(digest, what) {
    if (typeof digest === 'string' && digest.includes(':'))
        checkAlgorithm(digest, what);
    checkDigestForm(digest, what);
}
const digestOf = (content, algorithm = 'sha256') => `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(content).digest('hex')}`;
/** Throws unless `content` has `digest`; `subject` starts the message ("Registry r served manifest m"). */
function verifyDigest(content, digest, subject) {
    checkDigest(digest, subject);
    const algorithm = digest.slice(0, digest.indexOf(':'));
    if (digestOf(content, algorithm) !== digest)
        throw new Error(`${subject} whose content does not match digest ${digest} (${digestOf(content)})`);
}
/** The JSON document in a manifest's bytes; `subject` starts the message when it is none. */
function parseDocument(bytes, subject) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch (error) {
        throw new Error(`${subject}: ${(0,errors/* errorMessage */.gJ)(error)}`, { cause: error });
    }
    if (!json || typeof json !== 'object' || Array.isArray(json))
        throw new Error(`${subject}: not a JSON object`);
    return json;
}
/** Attestation entries of an index (unknown/unknown, or annotated so) are not images. */
function isAttestation(entry) {
    return (entry.platform?.os === 'unknown' || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
}
/** A platform as the registry spelled it, normalised when it is one we know (arm → arm/v7). */
function normalisedPlatform(platform) {
    return (0,model_platforms/* normalisePlatformText */.h4)((0,model_platforms/* formatPlatform */.Bq)({
        os: platform.os ?? '',
        architecture: platform.architecture ?? '',
        ...(platform.variant ? { variant: platform.variant } : {})
    }));
}
/** An index's image entries by normalised platform, attestations left out; the first entry wins on duplicates. */
function document_imageEntries(manifests) {
    const entries = new Map();
    for (const entry of manifests ?? []) {
        const platform = entry?.platform;
        if (!platform?.os || !platform.architecture || typeof entry.digest !== 'string' || isAttestation(entry))
            continue;
        const key = normalisedPlatform(platform);
        if (!entries.has(key))
            entries.set(key, entry);
    }
    return entries;
}
/** Every platform an index lists, in order and with repeats, attestations left out. */
function indexPlatformList(manifests) {
    return (manifests ?? [])
        .filter((entry) => entry.platform && !isAttestation(entry))
        .map((entry) => normalisedPlatform(entry.platform));
}

;// CONCATENATED MODULE: ./src/registry/oci-reads.ts
// Reads from registries over HTTP through the job's registry session: no docker CLI start-up per
// read, which keeps preflight, floating-tag and verification reads to milliseconds.



/** registry, repository and the tag or digest to fetch, from repo@sha256:…, repo:tag or repo (latest). */
function splitReference(reference) {
    const at = reference.indexOf('@');
    const digest = at >= 0 ? reference.slice(at + 1).trim() : undefined;
    if (digest !== undefined && !isWellFormedDigest(digest)) {
        throw new Error(`'${digest}' in ${reference} is not a digest (sha256:<64 hex> or sha512:<128 hex>)`);
    }
    const parsed = parseImageReference(at >= 0 ? reference.slice(0, at) : reference, 'image');
    return { registry: parsed.registry, repository: parsed.repository, reference: digest ?? parsed.tag ?? 'latest' };
}
/** Whether a manifest lists images (an index, a manifest list), by its media type or, without one, by its entries. */
function isIndex(manifest) {
    return (indexMediaTypes.has(manifest.mediaType) || (manifest.mediaType === '' && Array.isArray(manifest.json?.manifests)));
}
/** Platforms an index holds, normalised, leaving out attestation entries (unknown/unknown). */
function indexPlatforms(index) {
    return indexPlatformList(index.manifests);
}
/** Reads an image config whole, refusing one larger than documentLimits.config. */
async function readSmallBlob(reader, repository, digest) {
    const chunks = [];
    let length = 0;
    const stream = await reader.getBlob(repository, digest);
    for await (const chunk of stream) {
        chunks.push(chunk);
        length += chunk.length;
        if (length > documentLimits.config) {
            stream.destroy?.();
            throw new Error(`image config ${digest} is larger than ${documentLimits.config} bytes`);
        }
    }
    return Buffer.concat(chunks);
}
async function readConfig(client, repository, manifest) {
    const digest = manifest.json.config?.digest;
    if (typeof digest !== 'string')
        throw new Error(`manifest ${manifest.digest} has no config`);
    return JSON.parse((await readSmallBlob(client, repository, digest)).toString('utf8'));
}
/** The platform a single image manifest is for, from its config. */
async function manifestPlatform(client, repository, manifest) {
    return normalisedPlatform(await readConfig(client, repository, manifest));
}
function asRemoteIndex(manifest) {
    return {
        digest: manifest.digest,
        mediaType: manifest.mediaType,
        manifests: isIndex(manifest) ? (manifest.json.manifests ?? []) : [],
        annotations: manifest.json.annotations ?? {},
        fetched: manifest
    };
}
/** A parsed target as it is, a reference given as text (a source, a Dockerfile's base) parsed here. */
function remoteTarget(reference) {
    return typeof reference === 'string' ? splitReference(reference) : reference;
}
/** Reads a reference's manifest (list) from the registry; undefined when the registry says it does not exist. */
async function inspectRemote(session, reference) {
    const target = remoteTarget(reference);
    const manifest = await session.registry(target.registry).getManifest(target.repository, target.reference);
    return manifest ? asRemoteIndex(manifest) : undefined;
}
/**
 * The labels of an image (of its first platform, for an index): what the registry says it carries.
 * Given the index already read, it starts from there instead of reading it again.
 */
async function inspectLabels(session, reference, index) {
    const target = remoteTarget(reference);
    const client = session.registry(target.registry);
    const firstImage = (entries) => [...document_imageEntries(entries).values()][0];
    // An index read earlier is used as it is; one without its bytes (built by hand) still has its entries.
    const top = index?.fetched ??
        (index && index.manifests.length > 0 ? undefined : await client.getManifest(target.repository, target.reference));
    const entries = top ? (isIndex(top) ? top.json.manifests : undefined) : index?.manifests;
    let manifest = top;
    if (entries) {
        const first = firstImage(entries);
        manifest = first ? await client.getManifest(target.repository, first.digest) : undefined;
    }
    return manifest ? ((await readConfig(client, target.repository, manifest)).config?.Labels ?? {}) : {};
}
/** The platforms a reference provides: the entries of an index, or the platform of a single image's config. */
async function remotePlatforms(session, reference) {
    const target = remoteTarget(reference);
    const client = session.registry(target.registry);
    const manifest = await client.getManifest(target.repository, target.reference);
    if (!manifest)
        return undefined;
    if (isIndex(manifest))
        return indexPlatforms({ manifests: manifest.json.manifests ?? [] });
    return [await manifestPlatform(client, target.repository, manifest)];
}

;// CONCATENATED MODULE: ./src/model/tags.ts
// The tags a run pushes, decided from the event and the tag inputs before anything runs.

/** May a floating tag that now points at `carried` move to `candidate`? Unknown carried versions never block. */
function isNewerOrEqual(candidate, carried) {
    const current = carried === undefined ? null : (0,semver.parse)(carried.trim(), { loose: true });
    if (current === null)
        return true;
    // A non-release cannot prove it is newer than a release.
    const next = (0,semver.parse)(candidate.trim(), { loose: true });
    return next !== null && next.compare(current) >= 0;
}

;// CONCATENATED MODULE: ./src/checks/floating-tags.ts




const VERSION_KEY = 'org.opencontainers.image.version';
/** The version a tag carries now: the index annotation, else the image label; undefined if the tag is new. */
async function carriedVersion(session, target) {
    const remote = await inspectRemote(session, remoteTargetOf(target));
    if (!remote)
        return undefined;
    return remote.annotations[VERSION_KEY] ?? (await inspectLabels(session, remoteTargetOf(target), remote))[VERSION_KEY];
}
/**
 * Floating tags (latest, X, X.Y) only move forward: a backport released after a newer release
 * leaves them where they are. Tags that do not exist yet are simply created.
 */
async function guardFloatingTags(session, plan) {
    if (plan.floating.length === 0)
        return { push: plan.targets, leftAlone: [] };
    const verdicts = await Promise.all(plan.floating.map(async (target) => ({ reference: target.text, carried: await carriedVersion(session, target) })));
    const leftAlone = verdicts
        .filter(({ carried }) => carried !== undefined && !isNewerOrEqual(plan.version, carried))
        .map(({ reference, carried }) => ({ reference, carried: carried }));
    for (const { reference, carried } of leftAlone) {
        runner/* warning */.$e(`Leaving ${reference} on ${carried}: this release (${plan.version}) is older, and floating tags only move forward.`);
    }
    const kept = new Set(leftAlone.map(({ reference }) => reference));
    return { push: plan.targets.filter(({ text }) => !kept.has(text)), leftAlone };
}
/** The job summary's line for floating tags that stayed where they were. */
function leftAloneRows(leftAlone) {
    if (leftAlone.length === 0)
        return [];
    return [
        {
            label: 'Floating tags left alone',
            value: leftAlone.map(({ reference, carried }) => `${reference} (stays on ${carried})`)
        }
    ];
}

// EXTERNAL MODULE: ./node_modules/dockerfile-ast/lib/main.js
var main = __webpack_require__(8390);
;// CONCATENATED MODULE: ./src/checks/dockerfile-bases.ts


// BuildKit defines these for FROM lines without any ARG; their values depend on the build.
const buildPlatformArgs = ['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'];
const targetPlatformArgs = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT'];
// NUL cannot occur in a Dockerfile value, so it marks "known only at build time" through any chain of ARGs.
const marker = (name) => `\0${name}\0`;
const unknownValue = '\0';
/** Shell-style word expansion as BuildKit does it for FROM and ARG: quotes, escapes, $X, ${X}, ${X:-d}, ${X-d}, ${X:+a}, ${X+a}. */
class WordExpander {
    text;
    lookup;
    escape;
    position = 0;
    unresolved = false;
    constructor(text, lookup, escape) {
        this.text = text;
        this.lookup = lookup;
        this.escape = escape;
    }
    expand(insideBraces) {
        let out = '';
        while (this.position < this.text.length) {
            const ch = this.text.charAt(this.position);
            if (insideBraces && ch === '}')
                return out;
            if (ch === this.escape) {
                out += this.text.charAt(this.position + 1);
                this.position += 2;
            }
            else if (ch === "'") {
                const end = this.text.indexOf("'", this.position + 1);
                const stop = end < 0 ? this.text.length : end;
                out += this.text.slice(this.position + 1, stop);
                this.position = stop + 1;
            }
            else if (ch === '"') {
                this.position++;
                out += this.doubleQuoted();
            }
            else if (ch === '$') {
                out += this.variable();
            }
            else {
                out += ch;
                this.position++;
            }
        }
        return out;
    }
    doubleQuoted() {
        let out = '';
        while (this.position < this.text.length) {
            const ch = this.text.charAt(this.position);
            if (ch === '"') {
                this.position++;
                return out;
            }
            if (ch === this.escape && ['"', '$', this.escape].includes(this.text.charAt(this.position + 1))) {
                out += this.text.charAt(this.position + 1);
                this.position += 2;
            }
            else if (ch === '$') {
                out += this.variable();
            }
            else {
                out += ch;
                this.position++;
            }
        }
        return out;
    }
    variable() {
        this.position++; // the $
        if (this.text.charAt(this.position) !== '{') {
            const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position))?.[0];
            if (!name)
                return '$';
            this.position += name.length;
            return this.plain(name);
        }
        this.position++;
        const name = /^[A-Za-z0-9_]*/.exec(this.text.slice(this.position))?.[0] ?? '';
        this.position += name.length;
        const operator = /^(:-|:\+|-|\+)/.exec(this.text.slice(this.position))?.[0];
        if (name !== '' && this.text.charAt(this.position) === '}') {
            this.position++;
            return this.plain(name);
        }
        if (name === '' || operator === undefined) {
            // ${X:?msg}, ${X#pattern} and friends: not worth emulating; callers get a warning instead.
            this.skipPastBrace();
            this.unresolved = true;
            return '';
        }
        this.position += operator.length;
        const outerUnresolved = this.unresolved;
        this.unresolved = false;
        const word = this.expand(true);
        const wordUnresolved = this.unresolved;
        this.unresolved = outerUnresolved;
        this.position++; // the }
        const value = this.lookup(name);
        const useWord = operator === ':-'
            ? value === undefined || value === ''
            : operator === '-'
                ? value === undefined
                : operator === ':+'
                    ? value !== undefined && value !== ''
                    : value !== undefined;
        if (useWord) {
            if (wordUnresolved)
                this.unresolved = true;
            return word;
        }
        return operator.endsWith('+') ? '' : (value ?? '');
    }
    plain(name) {
        const value = this.lookup(name);
        if (value === undefined)
            this.unresolved = true;
        return value ?? '';
    }
    skipPastBrace() {
        let depth = 1;
        while (this.position < this.text.length && depth > 0) {
            const ch = this.text.charAt(this.position++);
            if (ch === '{')
                depth++;
            else if (ch === '}')
                depth--;
        }
    }
}
function expandWord(text, lookup, escape) {
    const expander = new WordExpander(text, lookup, escape);
    const value = expander.expand(false);
    return { value, unresolved: expander.unresolved || value.includes('\0') };
}
/** Global ARGs (before the first FROM): build args win, else the expanded default. */
function resolveGlobalArgs(parsed, overrides, globals, lookup) {
    const escape = parsed.getEscapeCharacter();
    for (const arg of parsed.getInitialARGs()) {
        for (const property of arg.getProperties()) {
            const name = property.getName();
            const override = overrides.get(name);
            const raw = property.getUnescapedValue();
            if (override !== undefined) {
                globals.set(name, override);
            }
            else if (raw !== null) {
                const expanded = expandWord(raw, lookup, escape);
                globals.set(name, expanded.unresolved ? unknownValue : expanded.value);
            }
        }
    }
}
/** What a FROM's --platform flag pins: the build platform only, or one fixed platform. */
function fromPlatform(from, lookup, escape) {
    const platformFlag = from
        .getFlags()
        .find((flag) => flag.getName() === 'platform')
        ?.getValue();
    if (!platformFlag)
        return { buildPlatformOnly: false, fixedPlatform: undefined };
    const platform = expandWord(platformFlag, lookup, escape);
    const usesBuild = buildPlatformArgs.some((name) => platform.value.includes(marker(name)));
    const usesTarget = targetPlatformArgs.some((name) => platform.value.includes(marker(name)));
    if (usesBuild && !usesTarget)
        return { buildPlatformOnly: true, fixedPlatform: undefined };
    const fixed = !platform.unresolved && platform.value.trim() !== '';
    return { buildPlatformOnly: false, fixedPlatform: fixed ? (0,model_platforms/* normalisePlatformText */.h4)(platform.value.trim()) : undefined };
}
/**
 * The images a Dockerfile pulls, with global ARGs resolved the way BuildKit does:
 * defaults of ARGs before the first FROM, overridden by build args for ARGs declared there.
 */
function findBaseImages(dockerfile, buildArgs) {
    const parsed = main.DockerfileParser.parse(dockerfile);
    const escape = parsed.getEscapeCharacter();
    const overrides = new Map(buildArgs.map(({ key, value }) => [key, value]));
    const globals = new Map();
    const lookup = (name) => {
        const value = globals.get(name);
        if (value !== undefined)
            return value;
        return buildPlatformArgs.includes(name) || targetPlatformArgs.includes(name) ? marker(name) : undefined;
    };
    resolveGlobalArgs(parsed, overrides, globals, lookup);
    const stageNames = [];
    const seen = new Set();
    const bases = [];
    parsed.getFROMs().forEach((from, index) => {
        const stage = from.getBuildStage() ?? undefined;
        const raw = from.getArguments()[0]?.getValue();
        const earlierStages = [...stageNames];
        stageNames.push((stage ?? '').toLowerCase());
        if (!raw)
            return;
        const image = expandWord(raw, lookup, escape);
        if (!image.unresolved) {
            const name = image.value.toLowerCase();
            if (name === 'scratch' || earlierStages.includes(name))
                return;
            if (/^\d+$/.test(name) && Number(name) < index)
                return;
        }
        const { buildPlatformOnly, fixedPlatform } = fromPlatform(from, lookup, escape);
        const base = {
            reference: image.unresolved ? raw : image.value,
            buildPlatformOnly,
            line: from.getRange().start.line + 1
        };
        if (stage)
            base.stage = stage;
        if (fixedPlatform)
            base.fixedPlatform = fixedPlatform;
        if (image.unresolved)
            base.unresolved = true;
        const key = JSON.stringify([base.reference, buildPlatformOnly, fixedPlatform ?? '', base.unresolved ?? false]);
        if (seen.has(key))
            return;
        seen.add(key);
        bases.push(base);
    });
    return bases;
}

;// CONCATENATED MODULE: ./src/checks/preflight.ts






const armLevel = (variant) => Number((variant ?? 'v7').slice(1));
/** What preflight should read for a FROM that a build context may replace: the image it names, or nothing. */
function baseReplacement(reference, buildContexts) {
    const lower = reference.toLowerCase();
    const bare = lower.replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
    const names = new Set([lower, bare, bare.replace(/:latest$/, '')]);
    const context = buildContexts.find(({ key }) => names.has(key.toLowerCase()));
    if (!context)
        return undefined;
    return context.value.startsWith('docker-image://') ? context.value.slice('docker-image://'.length) : null;
}
/** Does an offered platform serve a wanted one? arm/v7 machines also run v6 and v5 images, as containerd's matcher allows. */
function platformServes(offered, wanted) {
    let offer;
    try {
        offer = (0,model_platforms/* parsePlatform */.FL)(offered);
    }
    catch {
        return false;
    }
    if (offer.os !== wanted.os || offer.architecture !== wanted.architecture)
        return false;
    if (wanted.architecture === 'arm')
        return armLevel(offer.variant) <= armLevel(wanted.variant);
    return (offer.variant ?? '') === (wanted.variant ?? '') || wanted.architecture === 'amd64';
}
/** Pure: which platforms each base image lacks. */
function coverage(base, needs, offers) {
    const missing = offers
        ? needs.filter((platform) => !offers.some((offered) => platformServes(offered, platform)))
        : [];
    return offers ? { base, needs, offers, missing } : { base, needs, missing };
}
function platformsNeeded(base, requested, native) {
    if (base.buildPlatformOnly)
        return [native];
    if (base.fixedPlatform) {
        try {
            return [(0,model_platforms/* parsePlatform */.FL)(base.fixedPlatform)];
        }
        catch {
            return [];
        }
    }
    return [...requested];
}
const NOT_FOUND = 'the registry has no such image';
/** The login left out for the registry of a base image, if it was. */
function skippedLoginFor(reference, skipped) {
    let registry;
    try {
        registry = canonicalRegistry(parseImageReference(reference, 'Dockerfile').registry);
    }
    catch {
        return undefined;
    }
    return skipped.find((login) => canonicalRegistry(login.registry) === registry);
}
/** A base image that could not be read because its registry's login was left out for want of its secret. */
function needsSkippedLogin(base, reference, login, why) {
    return new errors/* ActionError */.lZ(`Platform check: the base image ${reference} (Dockerfile line ${base.line}) could not be read from ${login.registry}: ${why}. ` +
        `Its login was skipped: the ${login.secret} is empty (GitHub gives no secrets to pull requests from forks or Dependabot).`, `give this run the secret behind the ${login.secret} (Dependabot's pull requests read Dependabot secrets), or use a base image that needs no login.`);
}
function describe(entry) {
    return `${entry.base.reference} (Dockerfile line ${entry.base.line}) has no ${entry.missing.map(model_platforms/* formatPlatform */.Bq).join(', ')}; it has ${entry.offers?.join(', ') || 'no platform'}`;
}
/**
 * Before any build: reads which platforms every external base image provides and compares them
 * with what the build needs. Returns the platforms to build (fewer only with platform-check: trim).
 */
async function checkBasePlatforms(session, preflight, platforms, native) {
    const source = preflight.dockerfile;
    if (preflight.level === 'off' || !source)
        return [...platforms];
    if (source.text === undefined)
        throw new errors/* ActionError */.lZ(`The base-image preflight could not read the Dockerfile ${source.path}.`);
    const bases = findBaseImages(source.text, source.buildArgs);
    if (bases.length === 0)
        return [...platforms];
    // One read per image, however many stages use it.
    const lookups = new Map();
    // The platforms the image offers, or why it could not be read.
    const lookup = (reference) => {
        let pending = lookups.get(reference);
        if (!pending) {
            pending = remotePlatforms(session, reference).then((offers) => offers ?? NOT_FOUND, (error) => (0,errors/* errorMessage */.gJ)(error).split('\n').slice(-1)[0] ?? 'it could not be read');
            lookups.set(reference, pending);
        }
        return pending;
    };
    const results = [];
    for (const base of bases) {
        if (base.unresolved) {
            runner/* warning */.$e(`Platform check: the base image '${base.reference}' (line ${base.line}) depends on a value known only at build time; it is not checked.`);
            continue;
        }
        // A build context may stand in for the image: read its docker-image:// instead, or nothing for a directory.
        const replacement = baseReplacement(base.reference, source.buildContexts);
        if (replacement === null)
            continue;
        const reference = replacement ?? base.reference;
        const offers = await lookup(reference);
        if (typeof offers === 'string') {
            const skipped = skippedLoginFor(reference, preflight.skippedLogins ?? []);
            if (skipped)
                throw needsSkippedLogin(base, reference, skipped, offers);
            runner/* warning */.$e(offers === NOT_FOUND
                ? `Platform check: ${base.reference} was not found or could not be read; it is not checked.`
                : `Platform check: could not read ${reference}, so it is not checked: ${offers}`);
            continue;
        }
        results.push(coverage(base, platformsNeeded(base, platforms, native), offers));
    }
    return verdict(preflight.level, platforms, results);
}
/** What the coverage means under the platform-check level: the platforms to build, or an error. */
function verdict(level, platforms, results) {
    const lacking = results.filter((entry) => entry.missing.length > 0);
    runner/* info */.pq(`Platform check: ${results.length} base image(s) read, ${lacking.length} lacking a platform.`);
    if (lacking.length === 0)
        return [...platforms];
    const details = lacking.map(describe);
    if (level === 'error') {
        throw new errors/* ActionError */.lZ(`Base images do not exist for every requested platform:\n- ${details.join('\n- ')}`, 'choose a multi-arch base image, drop those platforms, or set platform-check: trim to build only the platforms the base images serve.');
    }
    if (level === 'warn') {
        for (const detail of details)
            runner/* warning */.$e(`Platform check: ${detail}. The build will likely fail for those platforms.`);
        return [...platforms];
    }
    // trim: only per-target stages can rule a requested platform out.
    const unservable = new Set(lacking.flatMap((entry) => entry.missing.map(model_platforms/* formatPlatform */.Bq)));
    const kept = platforms.filter((platform) => !unservable.has((0,model_platforms/* formatPlatform */.Bq)(platform)));
    if (kept.length === 0)
        throw new errors/* ActionError */.lZ(`platform-check: trim left no platform to build:\n- ${details.join('\n- ')}`);
    runner/* warning */.$e(`Platform check: building ${kept.map(model_platforms/* formatPlatform */.Bq).join(', ')} only; dropped ${[...unservable].join(', ')} (${details.join('; ')}).`);
    return kept;
}

;// CONCATENATED MODULE: ./src/checks/image-check.ts
/** The statuses of a result's platforms, in order, for a checks line. */
const statuses = (result) => (result?.rows ?? []).map(({ status }) => status).join(', ');

;// CONCATENATED MODULE: ./src/checks/audit/image-manifests.ts


/** Image entries of an index by platform, without attestations; the first entry wins on duplicates. */
function indexEntries(index) {
    const entries = new Map();
    const manifests = Array.isArray(index.json.manifests) ? index.json.manifests : [];
    for (const [platform, { digest }] of document_imageEntries(manifests))
        entries.set(platform, { digest });
    return entries;
}
/** The manifest of each platform an image (index or single manifest) holds. */
async function platformEntries(reader, repository, top) {
    if (isIndex(top))
        return indexEntries(top);
    const digest = top.json.config?.digest;
    if (typeof digest !== 'string')
        throw new Error(`manifest ${top.digest} has no config`);
    const config = JSON.parse((await readSmallBlob(reader, repository, digest)).toString('utf8'));
    return new Map([[normalisedPlatform(config ?? {}), { manifest: top }]]);
}
/** An entry's manifest, read when it is not yet; undefined when the registry lacks it. */
async function entryManifest(reader, repository, entry) {
    return 'manifest' in entry ? entry.manifest : reader.getManifest(repository, entry.digest);
}
// Layers that live outside the registry (Windows base layers) cannot be fetched from it.
const isForeignLayer = (layer) => /foreign|nondistributable/.test(layer.mediaType ?? '');
/**
 * An image manifest's layer digests in order, or undefined when it is not an image manifest. A
 * digest that is not one (`sha256:../../x`) throws: it would become a request on another path.
 */
function layerDigests(manifest) {
    const layers = manifest.json.layers;
    if (!Array.isArray(layers))
        return undefined;
    const digests = layers.filter((layer) => !isForeignLayer(layer)).map((layer) => layer.digest);
    for (const digest of digests)
        checkDigest(digest, `manifest ${manifest.digest} names a layer`);
    return digests;
}

;// CONCATENATED MODULE: ./src/checks/audit/base-layers.ts
// The base image's part of each platform's layers: skipped when it is that platform's base, a
// failure on its own when it is another platform's (FROM --platform=$BUILDPLATFORM, or a pinned base).



const startsWith = (layers, prefix) => prefix !== undefined &&
    prefix.length > 0 &&
    prefix.length <= layers.length &&
    prefix.every((d, i) => layers[i] === d);
function sameMachine(a, b) {
    try {
        const target = (0,model_platforms/* elfTarget */.$O)((0,model_platforms/* parsePlatform */.FL)(a));
        const wanted = (0,model_platforms/* elfTarget */.$O)(b);
        return target !== undefined && JSON.stringify(target) === JSON.stringify(wanted);
    }
    catch {
        return false;
    }
}
/**
 * Pure: how an image's layers for `platform` start, given the base's layers per base platform.
 * A base platform with the same ELF machine (arm/v6 under arm/v7, amd64 under amd64/v3) counts as its own.
 */
function matchBase(platform, platformName, imageLayers, baseLayers) {
    let best = { kind: 'none' };
    const candidates = [...baseLayers].sort(([a], [b]) => Number(b === platformName) - Number(a === platformName));
    for (const [basePlatform, layers] of candidates) {
        if (!startsWith(imageLayers, layers))
            continue;
        const own = basePlatform === platformName || sameMachine(basePlatform, platform);
        if (own)
            return { kind: 'own', layers: layers.length };
        if (best.kind === 'none' || layers.length > best.layers)
            best = { kind: 'foreign', basePlatform, layers: layers.length };
    }
    return best;
}
/** The base image's layers per platform, read lazily and once. */
class BaseImage {
    reference;
    reader;
    entries;
    layers = new Map();
    target;
    constructor(reference, reader) {
        this.reference = reference;
        this.reader = reader;
        this.target = splitReference(reference);
    }
    /** How an image's layers for a platform start on this base; its other platforms are read only when needed. */
    async match(platform, name, imageLayers) {
        const entries = await this.platforms();
        if (!entries)
            return { kind: 'none' };
        const own = await this.platformLayers(name, entries);
        const ownMatch = matchBase(platform, name, imageLayers, new Map(own ? [[name, own]] : []));
        if (ownMatch.kind !== 'none')
            return ownMatch;
        const all = new Map();
        await Promise.all([...entries.keys()].map(async (other) => {
            const layers = await this.platformLayers(other, entries);
            if (layers)
                all.set(other, layers);
        }));
        return matchBase(platform, name, imageLayers, all);
    }
    /** Every layer of every platform of the base: none for a base the registry does not have. */
    async allLayers() {
        const entries = await this.platforms();
        if (!entries)
            return new Set();
        const layers = await Promise.all([...entries.keys()].map((name) => this.platformLayers(name, entries)));
        return new Set(layers.flatMap((list) => list ?? []));
    }
    platforms() {
        this.entries ??= (async () => {
            const top = await this.reader.getManifest(this.target.repository, this.target.reference);
            return top ? platformEntries(this.reader, this.target.repository, top) : undefined;
        })();
        return this.entries;
    }
    platformLayers(name, entries) {
        let pending = this.layers.get(name);
        const entry = entries.get(name);
        if (!pending && entry) {
            pending = entryManifest(this.reader, this.target.repository, entry).then((manifest) => manifest ? layerDigests(manifest) : undefined);
            this.layers.set(name, pending);
        }
        return pending ?? Promise.resolve(undefined);
    }
}

;// CONCATENATED MODULE: ./src/checks/audit/elf.ts
// The ELF side of the audit: what a file's first bytes say it was built for, and whether that fits a platform.

/** Bytes of a file read to decode its ELF header. */
const ELF_HEAD_BYTES = 64;
const machineByCode = new Map();
for (const row of model_platforms/* architectureTable */.k8)
    if (!machineByCode.has(row.elf.code))
        machineByCode.set(row.elf.code, row.elf.machine);
// EM_MIPS_RS3_LE, which old MIPS toolchains wrote.
machineByCode.set(10, 'mips');
const EM_PPC64 = 21;
const elfTypes = { 1: 'relocatable', 2: 'executable', 3: 'shared', 4: 'core' };
/** Decodes the start of an ELF header; undefined when it is not ELF or shorter than 20 bytes. */
function readElfHeader(header) {
    if (header.length < 20 || header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46)
        return undefined;
    const bits = header[4] === 1 ? 32 : header[4] === 2 ? 64 : undefined;
    const littleEndian = header[5] === 1 ? true : header[5] === 2 ? false : undefined;
    if (bits === undefined || littleEndian === undefined)
        return undefined;
    const type = littleEndian ? header.readUInt16LE(16) : header.readUInt16BE(16);
    const code = littleEndian ? header.readUInt16LE(18) : header.readUInt16BE(18);
    // EM_PPC64 covers both byte orders; Docker's platforms tell them apart.
    const machine = code === EM_PPC64 && !littleEndian ? 'ppc64' : (machineByCode.get(code) ?? 'other');
    return { machine, bits, littleEndian, type: elfTypes[type] ?? 'other' };
}
/** The ELF machine a Linux platform's binaries are built for; undefined for other OSes and unknown architectures. */
function expectedMachine(platform) {
    const target = (0,model_platforms/* elfTarget */.$O)(platform);
    return target ? { machine: target.machine, bits: target.bits, littleEndian: target.littleEndian } : undefined;
}
/** Executables and shared objects only: objects and core dumps never run. */
function isMismatch(info, expected) {
    if (info.type !== 'executable' && info.type !== 'shared')
        return false;
    return (info.machine !== expected.machine || info.bits !== expected.bits || info.littleEndian !== expected.littleEndian);
}
/** "x86-64", or "arm (32-bit)" when the word size or byte order is what differs. */
function machineLabel(info, expected) {
    const label = info.machine === 'other' ? 'unknown-architecture' : info.machine;
    const details = [];
    if (!expected || info.bits !== expected.bits)
        details.push(`${info.bits}-bit`);
    if (expected && info.machine === expected.machine && info.littleEndian !== expected.littleEndian) {
        details.push(info.littleEndian ? 'little-endian' : 'big-endian');
    }
    return details.length ? `${label} (${details.join(', ')})` : label;
}

;// CONCATENATED MODULE: ./src/checks/audit/describe.ts
// The words of a failed audit: what was found where, and the usual causes.


function listPaths(paths, limit = 10) {
    const shown = paths.slice(0, limit).join(', ');
    return paths.length > limit ? `${shown} and ${paths.length - limit} more` : shown;
}
function platformOf(name) {
    try {
        return (0,model_platforms/* parsePlatform */.FL)(name);
    }
    catch {
        const [os = '', architecture = ''] = name.split('/');
        return { os, architecture };
    }
}
/** One message for an audit: what was found where, and the usual causes. */
function describeMismatch(result) {
    const stopped = result.truncated ? ` (scan stopped early: ${result.truncated})` : '';
    if (result.mismatches.length === 0) {
        return `${result.platform} image has no executables for another architecture among ${result.elfFiles} ELF files${stopped}.`;
    }
    const expected = expectedMachine(platformOf(result.platform));
    const labels = new Map();
    for (const finding of result.mismatches) {
        const label = machineLabel(finding.info, expected);
        labels.set(label, [...(labels.get(label) ?? []), finding.path]);
    }
    const paths = result.mismatches.map((finding) => finding.path);
    const [onlyLabel] = labels.keys();
    const counts = [...labels.entries()].map(([label, found]) => `${label}: ${found.length}`).join(', ');
    const labelled = result.mismatches.map((finding) => `${finding.path} (${machineLabel(finding.info, expected)})`);
    const summary = labels.size === 1
        ? `${result.platform} image contains ${onlyLabel} executables: ${listPaths(paths)}`
        : `${result.platform} image contains executables for other architectures (${counts}): ${listPaths(labelled)}`;
    const hint = 'Likely causes: a prebuilt binary downloaded or copied for one architecture (choose it with the TARGETARCH build argument), ' +
        'or a base image pinned to one architecture (FROM --platform=linux/amd64, or a single-platform digest).';
    return `${summary}${stopped}. ${hint}`;
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/checks/audit/ignore.ts
// Paths whose foreign executables are expected, as globs (picomatch syntax, leading / optional).

/**
 * Places where foreign-architecture ELF files are expected: firmware blobs, cross sysroots,
 * Go's debug/elf test data, npm packages shipping prebuilt binaries for every platform.
 * Not applied by the audit itself; callers pass them along with the user's globs.
 */
const suggestedIgnoreGlobs = (/* unused pure expression or super */ null && ([
    '/lib/firmware/**',
    '/usr/lib/firmware/**',
    '/usr/share/qemu/**',
    '/usr/lib/gcc-cross/**',
    '/usr/*-linux-gnu*/**',
    '**/testdata/**',
    '**/node_modules/**/prebuilds/**',
    '**/lib/rustlib/**'
]));
function absoluteGlob(glob) {
    let pattern = glob.trim();
    if (!pattern.startsWith('/') && !pattern.startsWith('**'))
        pattern = `/${pattern}`;
    return pattern.length > 1 && pattern.endsWith('/') ? `${pattern}**` : pattern;
}
/** A matcher for absolute paths; a glob naming a directory also covers what is inside it. */
function ignoreMatcher(globs) {
    const patterns = globs.filter((glob) => glob.trim() !== '').map(absoluteGlob);
    if (patterns.length === 0)
        return () => false;
    const matches = picomatch_default()(patterns, { dot: true });
    return (path) => {
        const absolute = path.startsWith('/') ? path : `/${path}`;
        for (let current = absolute; current.length > 1; current = current.slice(0, current.lastIndexOf('/')) || '/') {
            if (matches(current))
                return true;
        }
        return false;
    };
}
/** Whether an absolute path matches one glob. */
function matchesGlob(path, glob) {
    return ignoreMatcher([glob])(path);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/checks/audit/layer-bytes.ts
// A layer blob as tar bytes: gzip (and zstd where this Node has it) undone, every decompressed byte
// counted against the size bound (the platform's budget, shared with its other layers), and the
// whole chain torn down at the deadline.


/** A bound cut the read short: the scan is incomplete, not broken. */
class LimitReached extends Error {
    reason;
    constructor(reason) {
        super(reason);
        this.reason = reason;
    }
}
const TIME_LIMIT = 'time limit reached';
const sizeLimit = (maxBytes) => `size limit of ${maxBytes} bytes reached`;
// Decompressed chunks of 256 KiB instead of zlib's 16 KiB: a sixteenth of the callbacks and buffers
// through the tar parser, which halved the audit of a 600 MB image here.
const CHUNK_BYTES = 256 * 1024;
// Decompressed bytes zlib may run ahead of the tar parser: with its default (one 16 KiB mark, less
// than one chunk) it waited for every chunk to be parsed before decompressing the next, so the
// parse and the gunzip took turns instead of overlapping. Four chunks per layer stay bounded.
const AHEAD_BYTES = 4 * CHUNK_BYTES;
const zlibOptions = { chunkSize: CHUNK_BYTES, readableHighWaterMark: AHEAD_BYTES };
function decompressorFor(start) {
    if (start[0] === 0x1f && start[1] === 0x8b)
        return () => external_node_zlib_.createGunzip(zlibOptions);
    if (start.length >= 4 && start.readUInt32LE(0) === 0xfd2fb528) {
        const zstd = external_node_zlib_.createZstdDecompress;
        if (!zstd)
            throw new Error('layer is zstd-compressed, which this Node.js cannot decompress');
        return () => zstd(zlibOptions);
    }
    return undefined;
}
const MAGIC_BYTES = 4;
/** The blob's first bytes (at least MAGIC_BYTES unless it is shorter), read without putting it into flowing mode. */
function readMagic(source) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let length = 0;
        const detach = () => {
            source.off('readable', onReadable).off('end', onEnd).off('error', onError).off('close', onClose);
        };
        const settle = () => {
            detach();
            // Usually one chunk (a megabyte from disk): taken as it is, not copied.
            resolve({ head: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
        };
        const onReadable = () => {
            let chunk;
            while (length < MAGIC_BYTES && (chunk = source.read()) !== null) {
                const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
                chunks.push(bytes);
                length += bytes.length;
            }
            if (length >= MAGIC_BYTES)
                settle();
        };
        const onEnd = () => settle();
        const onError = (error) => {
            detach();
            reject(error);
        };
        // Torn down without an error (the time bound, or the scan closed): nothing more will come.
        const onClose = () => onError(new Error('the layer stream closed before its first bytes'));
        source.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose);
    });
}
/**
 * Pipes the blob, decompressed when its first bytes say it is compressed, into `sink`: straight
 * stream to stream, with no generator or extra stream per chunk between zlib and the tar parser.
 */
async function decompressInto(blob, sink, done) {
    const source = blob instanceof external_node_stream_.Readable ? blob : external_node_stream_.Readable.from(blob);
    let magic;
    try {
        magic = await readMagic(source);
    }
    catch (error) {
        return done(error);
    }
    const decompressor = decompressorFor(magic.head)?.();
    // The first bytes go in ahead of the rest; pipe() takes a blob that has ended already too.
    const first = decompressor ?? sink;
    if (magic.head.length > 0 && !sink.destroyed)
        first.write(magic.head);
    if (decompressor)
        (0,external_node_stream_.pipeline)(source, decompressor, sink, done);
    else
        (0,external_node_stream_.pipeline)(source, sink, done);
}
/** Counts what passes, paying for it from the allowance, and fails once it has no room left. */
class ByteCounter extends external_node_stream_.Transform {
    allowance;
    bytes = 0;
    constructor(allowance) {
        super();
        this.allowance = allowance;
    }
    _transform(chunk, _encoding, done) {
        const room = this.allowance.bytes();
        const passed = Math.min(chunk.length, room);
        this.bytes += passed;
        this.allowance.spendBytes(passed);
        if (chunk.length <= room)
            return done(null, chunk);
        // What fits still goes through, so entries that end within the bound are read whole.
        if (room > 0)
            this.push(chunk.subarray(0, room));
        done(new LimitReached('size limit reached'));
    }
}
/** Opens a layer blob for reading under a byte allowance and an abort signal (the time bound). */
function openLayer(blob, allowance, signal) {
    const counter = new ByteCounter(allowance);
    const destroyBlob = (error) => {
        const destroy = blob.destroy;
        if (typeof destroy === 'function')
            destroy.call(blob, error);
    };
    // The blob is destroyed directly: a stalled read inside the decompressor or one entry ends with it.
    const onAbort = () => {
        const error = new LimitReached(TIME_LIMIT);
        counter.destroy(error);
        destroyBlob(error);
    };
    const detach = () => signal?.removeEventListener('abort', onAbort);
    decompressInto(blob, counter, (error) => {
        detach();
        // A source that failed before the pipeline was made fails the tar bytes the same way.
        if (error && !counter.destroyed)
            counter.destroy(error);
    }).catch((error) => counter.destroy(error));
    if (signal?.aborted)
        onAbort();
    else
        signal?.addEventListener('abort', onAbort, { once: true });
    return {
        tar: counter,
        bytes: () => counter.bytes,
        close: () => {
            signal?.removeEventListener('abort', onAbort);
            if (!counter.destroyed)
                counter.destroy();
            destroyBlob();
        }
    };
}

;// CONCATENATED MODULE: ./src/checks/audit/filesystem.ts
// A platform's final filesystem from its layer scans in order (whiteouts, opaque directories,
// hard links), and the executables in it built for another architecture.




/** The final filesystem, keeping only ELF files since nothing else is reported. */
class LayeredFiles {
    elf = new Map();
    directories = new Set();
    apply(changes) {
        for (const path of changes.removed)
            this.removeTree(path);
        for (const path of changes.opaque)
            this.removeBelow(path);
        for (const [path, info] of changes.entries) {
            if (changes.directories.has(path)) {
                this.elf.delete(path);
                continue;
            }
            // A file or link replaces a lower directory of the same name.
            this.removeTree(path);
            if (info) {
                this.elf.set(path, info);
                for (let parent = path; parent !== '/';) {
                    parent = parent.slice(0, parent.lastIndexOf('/')) || '/';
                    this.directories.add(parent);
                }
            }
        }
    }
    removeTree(path) {
        this.elf.delete(path);
        this.removeBelow(path);
    }
    removeBelow(path) {
        if (!this.directories.has(path))
            return;
        const prefix = path === '/' ? '/' : `${path}/`;
        for (const key of this.elf.keys())
            if (key.startsWith(prefix))
                this.elf.delete(key);
    }
}
function filesystem_record(changes, files, entry) {
    if (entry.kind === 'opaque') {
        changes.opaque.push(entry.path);
    }
    else if (entry.kind === 'whiteout') {
        changes.removed.push(entry.path);
    }
    else if (entry.kind === 'file') {
        // A fresh object per file: identity marks hard links, and one scan may be applied twice.
        changes.entries.set(entry.path, entry.elf ? { ...entry.elf } : null);
    }
    else if (entry.kind === 'hardlink') {
        const target = entry.linkTarget ?? '';
        const info = changes.entries.has(target) ? changes.entries.get(target) : files.elf.get(target);
        changes.entries.set(entry.path, info ?? null);
    }
    else {
        changes.entries.set(entry.path, null);
        if (entry.kind === 'dir')
            changes.directories.add(entry.path);
    }
}
/**
 * Applies scanned layers in order and lists the executables and shared objects built for another
 * architecture than `platform`. With limits, entries past maxFiles or maxBytes, counted across the
 * layers, are left out as unread.
 */
function composeAudit(platform, scans, ignoreGlobs, limits) {
    const expected = expectedMachine(platform);
    const name = (0,model_platforms/* formatPlatform */.Bq)(platform);
    if (!expected)
        throw new Error(`No ELF architecture is known for ${name}, so its files cannot be audited`);
    const ignored = ignoreMatcher(ignoreGlobs);
    const files = new LayeredFiles();
    const counted = { entries: 0, files: 0, bytes: 0 };
    let truncated;
    for (const scan of scans) {
        const changes = { removed: [], opaque: [], entries: new Map(), directories: new Set() };
        let readTo = 0;
        for (const entry of scan.entries) {
            if (limits && counted.entries >= limits.maxFiles)
                truncated = `entry limit ${limits.maxFiles} reached`;
            else if (limits && counted.bytes + entry.end > limits.maxBytes)
                truncated = sizeLimit(limits.maxBytes);
            if (truncated)
                break;
            counted.entries++;
            readTo = entry.end;
            if (entry.kind === 'file')
                counted.files++;
            filesystem_record(changes, files, entry);
        }
        // Whatever was read of a truncated layer still counts.
        files.apply(changes);
        counted.bytes += truncated ? readTo : scan.scannedBytes;
        if (!truncated && limits && counted.bytes > limits.maxBytes)
            truncated = sizeLimit(limits.maxBytes);
        truncated ??= scan.truncated;
        if (truncated)
            break;
    }
    const reported = new Set();
    const seen = new Set();
    const mismatches = [];
    for (const [path, info] of files.elf) {
        seen.add(info);
        if (reported.has(info) || !isMismatch(info, expected) || ignored(path))
            continue;
        reported.add(info);
        mismatches.push({ path, info: { ...info } });
    }
    const result = {
        platform: name,
        scannedEntries: counted.entries,
        scannedFiles: counted.files,
        scannedBytes: counted.bytes,
        elfFiles: seen.size,
        mismatches
    };
    if (truncated)
        result.truncated = truncated;
    return result;
}

// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./src/checks/audit/scan-budget.ts
// The audit's bounds as budgets: one per platform, spent by every layer of that platform as it is
// read, side by side or one after the other, from the registry or from the scan cache. So the bounds
// add up over a platform's layers instead of each layer getting them whole, and once a platform's
// budget is spent its remaining layers are not even opened.
class PlatformBudget {
    entriesLeft;
    bytesLeft;
    constructor(limits) {
        this.entriesLeft = limits.maxFiles;
        this.bytesLeft = limits.maxBytes;
    }
    entries() {
        return this.entriesLeft;
    }
    bytes() {
        return this.bytesLeft;
    }
    takeEntry() {
        if (this.entriesLeft <= 0)
            return false;
        this.entriesLeft--;
        return true;
    }
    spendBytes(count) {
        this.bytesLeft = Math.max(0, this.bytesLeft - count);
    }
    /** A scan that cost no read (from the cache) still counts: what the platform composes is what it pays for. */
    spendScan(scan) {
        this.entriesLeft = Math.max(0, this.entriesLeft - scan.entries.length);
        this.spendBytes(scan.scannedBytes);
    }
    spent() {
        return this.entriesLeft <= 0 || this.bytesLeft <= 0;
    }
}
/**
 * A layer several platforms have: read while any of them has room, each entry and byte charged to
 * every one of them that still has some. Each platform's own layers then never take more than its
 * budget, and the whole audit never more than one budget per platform.
 */
class SharedAllowance {
    budgets;
    constructor(budgets) {
        this.budgets = budgets;
    }
    entries() {
        return Math.max(0, ...this.budgets.map((budget) => budget.entries()));
    }
    bytes() {
        return Math.max(0, ...this.budgets.map((budget) => budget.bytes()));
    }
    takeEntry() {
        let taken = false;
        for (const budget of this.budgets)
            taken = budget.takeEntry() || taken;
        return taken;
    }
    spendBytes(count) {
        for (const budget of this.budgets)
            budget.spendBytes(count);
    }
    spendScan(scan) {
        for (const budget of this.budgets)
            budget.spendScan(scan);
    }
    /** Every platform that has this layer spent its budget: reading it would serve none of them. */
    spent() {
        if (this.bytes() <= 0)
            return 'bytes';
        return this.entries() <= 0 ? 'entries' : undefined;
    }
}

;// CONCATENATED MODULE: ./src/checks/audit/layer-scan.ts
// One layer read into a LayerScan: each tar entry's kind and, for regular files, the ELF header.
// tar-stream parses the archive (ustar, GNU and pax headers, base-256 sizes). Only what the
// platform's filesystem needs is kept: a path and kind per entry (any entry replaces what a lower
// layer had at its path), the ELF header of ELF files and the target of hard links; no sizes and
// no symlink targets, and no path or link name longer than Linux's PATH_MAX.





/** Bump when LayerScan changes shape or meaning, so cached scans of another scanner are not read. */
const SCANNER_VERSION = 3;
/** Linux's PATH_MAX: no layer can be unpacked with a longer path, so a longer one is not kept, and ends the scan. */
const MAX_PATH_BYTES = 4096;
const PATH_LIMIT = `a path or link name longer than ${MAX_PATH_BYTES} bytes`;
const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
const BLOCK = 512;
/** Absolute, without ./, // or a trailing slash. */
function normalisePath(name) {
    const segments = [];
    for (const segment of name.split('/')) {
        if (segment === '' || segment === '.')
            continue;
        if (segment === '..')
            segments.pop();
        else
            segments.push(segment);
    }
    return `/${segments.join('/')}`;
}
/**
 * Reads an entry's content through tar-stream's callbacks, keeping only the first ELF_HEAD_BYTES of
 * a regular file, and hands over the head once the content is read (so the archive moves on). No
 * async iterator per entry or per chunk: those promises cost more than the gunzip of small files.
 */
function readContent(stream, keepHead, done) {
    const chunks = [];
    let length = 0;
    stream.on('data', (data) => {
        if (!keepHead || length >= ELF_HEAD_BYTES)
            return;
        const chunk = data;
        chunks.push(chunk);
        length += chunk.length;
    });
    stream.on('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
}
/** One entry as the scan keeps it, from its header and, for a regular file, its first bytes. */
function describeEntry(header, head) {
    const size = header.size ?? 0;
    const end = (header.byteOffset ?? 0) + Math.ceil(size / BLOCK) * BLOCK;
    const path = normalisePath(header.name);
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    const parent = path.slice(0, slash) || '/';
    if (isRegular(header) && !base.startsWith(WHITEOUT)) {
        const elf = readElfHeader(head.subarray(0, ELF_HEAD_BYTES));
        return { path, kind: 'file', end, ...(elf ? { elf } : {}) };
    }
    if (base === OPAQUE)
        return { path: parent, kind: 'opaque', end };
    if (base.startsWith(WHITEOUT))
        return { path: normalisePath(`${parent}/${base.slice(WHITEOUT.length)}`), kind: 'whiteout', end };
    const link = header.linkname ?? '';
    if (header.type === 'link')
        return { path, kind: 'hardlink', end, linkTarget: normalisePath(link) };
    if (header.type === 'symlink')
        return { path, kind: 'symlink', end };
    return { path, kind: header.type === 'directory' ? 'dir' : 'other', end };
}
const isRegular = (header) => header.type === 'file' || header.type === 'contiguous-file';
/** A name past PATH_MAX: tar-stream has it in memory already (up to its own 4 MiB), but it goes no further. */
const overlong = (header) => Buffer.byteLength(header.name) > MAX_PATH_BYTES || Buffer.byteLength(header.linkname ?? '') > MAX_PATH_BYTES;
const tarProblem = (error) => new Error(`not a readable tar archive: ${(0,errors/* errorMessage */.gJ)(error)}`, { cause: error });
const entryLimit = (limits) => `entry limit ${limits.maxFiles} reached`;
/**
 * Reads entries into `entries` while the allowance has room for one more; resolves with why it
 * stopped early, if it did, and rejects with the archive's error.
 */
function readEntries(extract, allowance, limits, entries) {
    return new Promise((resolve, reject) => {
        const stop = (reason) => {
            resolve(reason);
            extract.destroy();
        };
        extract.on('entry', (header, stream, next) => {
            // As tar-stream's own iterator does: an entry torn down with the archive reports through the archive.
            stream.on('error', () => undefined);
            if (overlong(header))
                return stop(PATH_LIMIT);
            // Taken before the entry is read: layers read side by side share the platform's entries exactly.
            if (!allowance.takeEntry())
                return stop(entryLimit(limits));
            readContent(stream, isRegular(header), (head) => {
                entries.push(describeEntry(header, head));
                next();
            });
        });
        extract.on('error', reject);
        extract.on('finish', () => resolve(undefined));
        // Destroyed without an error: stopped above, or torn down with the layer.
        extract.on('close', () => resolve(undefined));
    });
}
/**
 * Reads one layer (tar, optionally gzip or zstd) under an allowance: by default the limits whole,
 * in an audit its platform's budget, which its other layers spend too (a layer several platforms
 * have is read while any of them has room). Entries past it are left out and the scan says why it
 * stopped.
 */
async function scanLayer(blob, limits, allowance = new PlatformBudget(limits)) {
    const layer = openLayer(blob, allowance, limits.signal);
    // Old tar writers leave out the ustar magic; Go's archive/tar reads their layers too.
    const extract = tar_stream.extract({ allowUnknownFormat: true });
    let stopped;
    let sourceError;
    layer.tar.on('error', (error) => {
        if (!(error instanceof LimitReached)) {
            sourceError = error;
            return extract.destroy(error);
        }
        // The counter knows only what this layer had left of the bound; the message names the bound.
        stopped ??= error.reason === TIME_LIMIT ? TIME_LIMIT : sizeLimit(limits.maxBytes);
        // Past the size bound, what came before it is still read whole; at the deadline nothing more is.
        if (error.reason === TIME_LIMIT)
            extract.destroy(error);
        else
            extract.end(undefined);
    });
    layer.tar.pipe(extract);
    const entries = [];
    let truncated;
    try {
        truncated = await readEntries(extract, allowance, limits, entries);
    }
    catch (error) {
        // Once a bound stopped the read, the archive ending early is that bound's doing.
        if (stopped === undefined)
            throw error === sourceError ? error : tarProblem(error);
    }
    finally {
        layer.close();
    }
    // An entry whose data runs past what the size bound let through was not read whole.
    if (stopped !== undefined)
        while ((entries.at(-1)?.end ?? 0) > layer.bytes())
            entries.pop();
    truncated ??= stopped;
    const scan = {
        entries,
        scannedFiles: entries.filter((entry) => entry.kind === 'file').length,
        scannedBytes: layer.bytes()
    };
    if (truncated)
        scan.truncated = truncated;
    return scan;
}

;// CONCATENATED MODULE: ./src/registry/pool.ts
/** Runs `work` over `items`, at most `width` at a time; results in the order of the items. */
async function inPool(items, width, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
    return results;
}
/**
 * At most `width` pieces of work at once, from wherever they come: the ones beyond wait their turn
 * in the order they asked. Unlike inPool, work joins as it is found (a blob once its manifest is
 * known to be missing), so nothing waits for a whole stage before the next starts.
 */
class Gate {
    width;
    active = 0;
    waiting = [];
    constructor(width) {
        this.width = width;
        if (!Number.isSafeInteger(width) || width < 1)
            throw new Error(`a gate's width must be 1 or more, not ${width}`);
    }
    async run(work) {
        if (this.active < this.width)
            this.active++;
        // The slot is handed over by the work that ends (see below): `active` stays as it is.
        else
            await new Promise((resolve) => this.waiting.push(resolve));
        try {
            return await work();
        }
        finally {
            const next = this.waiting.shift();
            if (next)
                next();
            else
                this.active--;
        }
    }
}

;// CONCATENATED MODULE: ./src/checks/audit/layer-scanner.ts
// Each distinct layer scanned once per audit, a few at a time, from the scan cache when it can be,
// under the budgets of the platforms that have it: a layer no platform has room for is not opened.






class LayerScanner {
    figures = { read: 0, cached: 0, skipped: 0, bytes: 0, entries: 0 };
    outcomes = new Map();
    reader;
    repository;
    limits;
    /** At most `concurrency` layers read at once. */
    gate;
    cache;
    budgets;
    constructor(source, options) {
        this.reader = source.reader;
        this.repository = source.repository;
        this.limits = options.limits;
        this.gate = new Gate(options.concurrency);
        this.cache = options.cache;
        this.budgets = options.budgets ?? new Map();
    }
    /** Never rejects, so a layer no platform gets to waiting for cannot fail the process. */
    scan(digest) {
        let outcome = this.outcomes.get(digest);
        if (!outcome) {
            outcome = this.read(digest).then((scan) => ({ scan }), (error) => ({ error }));
            this.outcomes.set(digest, outcome);
        }
        return outcome;
    }
    async read(digest) {
        // A digest is a path segment of the blob's URL and names its cache file: sha256:../../x is neither.
        checkDigest(digest, 'a layer of the image');
        const allowance = new SharedAllowance(this.budgets.get(digest) ?? [new PlatformBudget(this.limits)]);
        const cached = this.cache?.read(digest);
        if (cached) {
            this.figures.cached++;
            allowance.spendScan(cached);
            return cached;
        }
        return this.gate.run(async () => {
            // Past the deadline the scan would stop before its first entry: no need to open the blob.
            if (this.limits.signal?.aborted)
                return unread(TIME_LIMIT);
            // Nor once every platform that has the layer spent its budget on others.
            const spent = allowance.spent();
            if (spent) {
                this.figures.skipped++;
                return unread(spent === 'bytes' ? sizeLimit(this.limits.maxBytes) : entryLimit(this.limits));
            }
            const scan = await scanLayer(await this.reader.getBlob(this.repository, digest), this.limits, allowance);
            this.figures.read++;
            this.figures.bytes += scan.scannedBytes;
            this.figures.entries += scan.entries.length;
            // A truncated scan depends on the limits and the clock, so it says nothing about the next run.
            if (!scan.truncated)
                this.cache?.write(digest, scan);
            return scan;
        });
    }
}
const unread = (truncated) => ({ entries: [], scannedFiles: 0, scannedBytes: 0, truncated });
/** The scans a platform's audit reads, in layer order: up to the first truncated one or past the limits. */
async function platformScans(scanner, digests, limits) {
    // Waiting for all first means no scan is still running once the audit returns.
    const outcomes = await Promise.all(digests.map((digest) => scanner.scan(digest)));
    const scans = [];
    let entries = 0;
    let bytes = 0;
    for (const [index, outcome] of outcomes.entries()) {
        if ('error' in outcome) {
            const { error } = outcome;
            throw new LayerUnreadable(index + 1, digests[index] ?? '', error);
        }
        scans.push(outcome.scan);
        entries += outcome.scan.entries.length;
        bytes += outcome.scan.scannedBytes;
        // The limit is hit inside what was read: later layers, and their errors, would not be reached.
        if (outcome.scan.truncated || entries > limits.maxFiles || bytes > limits.maxBytes)
            break;
    }
    return scans;
}
/** A layer the registry would not serve whole, or that is not a (readable) tar archive. */
class LayerUnreadable extends Error {
    layer;
    digest;
    constructor(layer, digest, cause) {
        super(`layer ${layer} (${digest}) could not be read: ${(0,errors/* errorMessage */.gJ)(cause)}`, {
            cause
        });
        this.layer = layer;
        this.digest = digest;
    }
}

;// CONCATENATED MODULE: ./src/seams/private-dir.ts
// Directories kept between runs on the runner (the audit's scan cache, the kept OCI layout): only
// where no other user can plant or swap an entry.


/**
 * Where this action keeps `kind` (the kept OCI layouts, the audit's scan cache) between jobs on this
 * runner: `<base>/multiarch-build-push/<kind>`, or undefined when no base is known. The base, in order:
 * - XDG_CACHE_HOME: no runner sets it, so when it is set a person chose it, and it wins;
 * - RUNNER_TOOL_CACHE: the runner's own directory for what outlives a job (actions/tool-cache keeps
 *   tools there), which every runner sets; on a self-hosted runner it belongs to the runner's user, and
 *   it is the directory an ephemeral runner's set-up keeps between jobs, where the home often is not;
 * - HOME/.cache: outside a runner (a local run), the user's cache.
 * Callers still make it private with privateDir before using it.
 */
function privateCacheDir(kind, env = process.env) {
    const userCache = env['HOME'] ? external_node_path_.join(env['HOME'], '.cache') : '';
    const base = env['XDG_CACHE_HOME'] || env['RUNNER_TOOL_CACHE'] || userCache;
    return base ? external_node_path_.join(base, 'multiarch-build-push', kind) : undefined;
}
/** Why a directory cannot hold private files, or undefined when only this user can write to it. */
function unsafe(dir, uid, ownOnly) {
    let stat = (0,external_node_fs_.lstatSync)(dir);
    if (!stat.isDirectory())
        return `${dir} is not a directory`;
    if (ownOnly) {
        if (stat.uid !== uid)
            return `${dir} belongs to uid ${stat.uid}`;
        // An older version made it with the default mode.
        if ((stat.mode & 0o077) !== 0)
            (0,external_node_fs_.chmodSync)(dir, 0o700);
        stat = (0,external_node_fs_.lstatSync)(dir);
        return (stat.mode & 0o077) === 0 ? undefined : `${dir} is open to other users`;
    }
    // Another user may rename entries of a world-writable directory unless it is sticky.
    const openToAll = (stat.mode & 0o002) !== 0 && (stat.mode & 0o1000) === 0;
    return openToAll ? `${dir} is writable by every user` : undefined;
}
/**
 * Makes `dir` and its parent private to this user (mode 0700, owned by `uid`) below a base that no
 * other user can rename things in; returns why it cannot, or undefined when it is private.
 */
function privateDir(dir, uid) {
    const parent = external_node_path_.dirname(dir);
    const base = external_node_path_.dirname(parent);
    (0,external_node_fs_.mkdirSync)(base, { recursive: true });
    const baseProblem = unsafe(base, uid, false);
    if (baseProblem)
        return baseProblem;
    for (const own of [parent, dir]) {
        try {
            (0,external_node_fs_.mkdirSync)(own, { mode: 0o700 });
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
        const problem = unsafe(own, uid, true);
        if (problem)
            return problem;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/checks/audit/scan-cache.ts
// Layer scans kept between runs, by layer digest, only where no other user can plant one: a directory
// the runner's user owns with no access for anyone else, under the tool cache (or the user's cache).







/** Where layer scans would be kept; undefined when there is no private place to keep them. */
function auditCacheDir(env = process.env) {
    return privateCacheDir('arch-audit', env);
}
/** Whether this runner has kept no scan at all (a hosted runner, in every job): one directory entry read at most. */
function scanCacheEmpty(env = process.env) {
    const dir = auditCacheDir(env);
    if (!dir)
        return true;
    try {
        const entries = (0,external_node_fs_.opendirSync)(dir);
        try {
            return entries.readSync() === null;
        }
        finally {
            entries.closeSync();
        }
    }
    catch {
        return true;
    }
}
const fileFor = (dir, digest) => external_node_path_.join(dir, `${(0,external_node_crypto_.createHash)('sha256').update(digest).digest('hex')}.json`);
const entryKinds = new Set(['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other']);
const scan_cache_elfTypes = new Set(['executable', 'shared', 'relocatable', 'core', 'other']);
function isEntry(item) {
    const entry = item;
    if (typeof entry !== 'object' || entry === null)
        return false;
    const elf = entry.elf;
    const elfOk = elf === undefined ||
        (typeof elf === 'object' &&
            elf !== null &&
            typeof elf.machine === 'string' &&
            (elf.bits === 32 || elf.bits === 64) &&
            typeof elf.littleEndian === 'boolean' &&
            scan_cache_elfTypes.has(elf.type));
    return (typeof entry.path === 'string' &&
        entryKinds.has(entry.kind ?? '') &&
        Number.isSafeInteger(entry.end) &&
        (entry.size === undefined || Number.isSafeInteger(entry.size)) &&
        (entry.linkTarget === undefined || typeof entry.linkTarget === 'string') &&
        elfOk);
}
/** Whether parsed JSON is a LayerScan, so a damaged cache file is read as a miss, not as an empty layer. */
function isLayerScan(value) {
    const scan = value;
    if (typeof scan !== 'object' || scan === null || !Array.isArray(scan.entries))
        return false;
    if (!Number.isSafeInteger(scan.scannedFiles) || !Number.isSafeInteger(scan.scannedBytes))
        return false;
    if (scan.truncated !== undefined && typeof scan.truncated !== 'string')
        return false;
    return scan.entries.every(isEntry);
}
/**
 * The scan cache, or undefined (with the reason passed to `why`) when no private directory is
 * available: scans are then read from the registry every time.
 */
function openScanCache(env = process.env, why = () => undefined, uid = process.getuid?.() ?? -1) {
    const dir = auditCacheDir(env);
    let problem = dir ? undefined : 'neither RUNNER_TOOL_CACHE nor HOME is set';
    try {
        problem ??= privateDir(dir, uid);
    }
    catch (error) {
        problem = (0,errors/* errorMessage */.gJ)(error);
    }
    if (problem || !dir) {
        why(problem ?? '');
        return undefined;
    }
    return {
        dir,
        read(digest) {
            // Only a digest names a cache file (hashed, so nothing else could leave the directory anyway).
            if (!isWellFormedDigest(digest))
                return undefined;
            try {
                const record = JSON.parse((0,external_node_fs_.readFileSync)(fileFor(dir, digest), 'utf8'));
                // A record of another layer or another scanner says nothing about this one.
                if (record?.scanner !== SCANNER_VERSION || record.digest !== digest)
                    return undefined;
                return isLayerScan(record.scan) ? record.scan : undefined;
            }
            catch {
                return undefined;
            }
        },
        write(digest, scan) {
            if (!isWellFormedDigest(digest))
                return;
            const file = fileFor(dir, digest);
            const temporary = `${file}.${process.pid}.${(0,external_node_crypto_.randomUUID)()}`;
            const record = { scanner: SCANNER_VERSION, digest, scan };
            try {
                // Written whole then renamed, so a parallel job never reads half a file.
                (0,external_node_fs_.writeFileSync)(temporary, JSON.stringify(record), { mode: 0o600 });
                (0,external_node_fs_.renameSync)(temporary, file);
            }
            catch {
                // A cache that cannot be written only costs the next run a re-read.
                (0,external_node_fs_.rmSync)(temporary, { force: true });
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/checks/audit/shared-scans.ts
// Layer scans shared between runners (through the GitHub Actions cache): one JSON bundle per saved
// entry, each record bound to its layer digest and to the rules that made it. What is shared is what
// a layer holds (its entries and ELF headers), never a verdict: each run judges the scans again under
// its own platforms, ignore patterns and limits, so those cannot go stale. Only complete scans are
// shared (a truncated one depends on the limits and the clock). A record made by another scanner or
// another build of the action, or filed under a digest it does not name, is not read.




/** Bump when the bundle changes shape. */
const SHARED_FORMAT = 1;
/** Tar entries kept in one bundle, over all its layers: this run's layers first, then the newest others. */
const MAX_SHARED_ENTRIES = 300_000;
const sha256 = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
/**
 * The fingerprint of the rules a scan was made under: the bundle's format, the scanner's version
 * and the action's own code (a hash of the bundle that runs), so a scan made by any other build of
 * the action is never read, even one that forgot to bump SCANNER_VERSION.
 */
function auditRules(code) {
    return sha256(JSON.stringify({ format: SHARED_FORMAT, scanner: SCANNER_VERSION, code }));
}
/** Every entry of one fingerprint shares this prefix: a restore finds the newest of them. */
const keyPrefix = (rules) => `multiarch-build-push-audit-${rules.slice(0, 24)}-`;
/** Entries are immutable, so each bundle gets a key of its own: the prefix and its content's hash. */
const bundleKey = (rules, text) => `${keyPrefix(rules)}${sha256(text).slice(0, 24)}`;
/** Bound to the layer it is filed under and to these rules, or it says nothing about this layer (a cheap check). */
function bound(key, record, rules) {
    const value = record;
    if (typeof value !== 'object' || value === null)
        return false;
    if (value.digest !== key || !isWellFormedDigest(key) || value.rules !== rules)
        return false;
    const scan = value.scan;
    return typeof scan === 'object' && scan !== null && Array.isArray(scan.entries) && scan.truncated === undefined;
}
/**
 * A restored bundle. Every record is checked for its binding (its layer digest and these rules) as
 * the bundle is opened, which costs nothing per entry; a record's scan is checked entry by entry only
 * when the audit looks its layer up, so a bundle of many layers costs the audit only the ones it needs.
 */
class RestoredBundle {
    /** Records bound to their digest and to these rules, their scans not checked yet. */
    bound = new Map();
    looked = new Map();
    /** Records refused: not bound, or (once looked up) not a scan. A bundle that cannot be read counts one. */
    ignored = 0;
    /** Records whose scan was checked entry by entry. */
    checked = 0;
    constructor(text, rules) {
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            this.ignored = 1;
            return;
        }
        const records = parsed?.records;
        if (typeof records !== 'object' || records === null || Array.isArray(records)) {
            this.ignored = 1;
            return;
        }
        for (const [key, record] of Object.entries(records)) {
            if (parsed?.format === SHARED_FORMAT && bound(key, record, rules))
                this.bound.set(key, record);
            else
                this.ignored++;
        }
    }
    /** Records bound to this audit: what the bundle offers. */
    get size() {
        return this.bound.size;
    }
    get(digest) {
        if (this.looked.has(digest))
            return this.looked.get(digest);
        const record = this.bound.get(digest);
        let scan;
        if (record) {
            this.checked++;
            if (isLayerScan(record.scan))
                scan = record.scan;
            else
                this.ignored++;
        }
        this.looked.set(digest, scan);
        return scan;
    }
    has(digest) {
        return this.get(digest) !== undefined;
    }
    /**
     * What a save carries on from this bundle: the bound records, newest first as restored. Their
     * scans go on unchecked when this run did not need them, under the same digest and rules, so
     * whoever looks one up checks it as this run would have.
     */
    carried() {
        const records = new Map();
        for (const [digest, record] of this.bound) {
            const scan = this.looked.has(digest) ? this.looked.get(digest) : record.scan;
            if (scan)
                records.set(digest, scan);
        }
        return records;
    }
}
/** Reads a whole bundle: only records bound to their digest and to `rules` are kept; the rest are counted, never used. */
function readBundle(text, rules) {
    const bundle = new RestoredBundle(text, rules);
    const scans = new Map();
    for (const digest of bundle.carried().keys()) {
        const scan = bundle.get(digest);
        if (scan)
            scans.set(digest, scan);
    }
    return { scans, ignored: bundle.ignored };
}
/**
 * The bundle a run saves: the scans it audited (in the order it met them), then what it restored,
 * newest first, while the bundle stays under `maxEntries` tar entries. Truncated scans are left out.
 */
function mergeBundle(rules, used, restored, maxEntries = MAX_SHARED_ENTRIES) {
    const records = {};
    let entries = 0;
    for (const [digest, scan] of [...used, ...restored]) {
        if (digest in records || scan.truncated !== undefined || !isWellFormedDigest(digest))
            continue;
        if (entries + scan.entries.length > maxEntries)
            continue;
        entries += scan.entries.length;
        records[digest] = { digest, rules, scan };
    }
    return { format: SHARED_FORMAT, rules, records };
}
/**
 * A save rewrites the whole bundle (serialised, archived, compressed, uploaded), so a run saves only
 * when what it adds took more bytes to read than the restored bundle holds. A rebuild that changed
 * one small layer then saves nothing: later runs read that layer again, for less than the save costs.
 * With nothing restored, any complete scan is worth saving.
 */
function shareDecision(used, restored, restoredBytes) {
    let added = 0;
    let addedBytes = 0;
    for (const [digest, scan] of used) {
        if (scan.truncated !== undefined || restored.has(digest))
            continue;
        added++;
        addedBytes += scan.scannedBytes;
    }
    return { added, addedBytes, share: added > 0 && addedBytes >= restoredBytes };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/seams/left-behind.ts
var left_behind = __webpack_require__(2671);
;// CONCATENATED MODULE: ./src/checks/audit/shared-store.ts
// Where shared scans travel between runners: the GitHub Actions cache, through @actions/cache, loaded
// only when the runner has the cache service, so other runs do not pay its start-up cost. One
// restore before the audit, at most one save after it. The cache service failing never fails the
// audit: it warns, and the layers are read from the image as without it.







/** What the cache stores: this directory, as a tar @actions/cache makes and unpacks. */
const SHARED_PATH = '~/.cache/multiarch-build-push/audit-share';
const BUNDLE_FILE = 'scans.json';
/** A cache service that does not answer in this time is left behind: the audit goes on without it. */
const CACHE_WAIT_MS = 30_000;
/** Why the GitHub Actions cache cannot be used here, or undefined when it can. */
function cacheServiceMissing(env) {
    if (!env['ACTIONS_RESULTS_URL'] && !env['ACTIONS_CACHE_URL'])
        return 'the runner has no cache service (ACTIONS_RESULTS_URL and ACTIONS_CACHE_URL are not set)';
    if (!env['ACTIONS_RUNTIME_TOKEN'])
        return 'the runner gave this step no ACTIONS_RUNTIME_TOKEN';
    return undefined;
}
/** Written by `npm run build` beside the bundle (scripts/code-identity.mjs): the identity below, and each file's size. */
const IDENTITY_FILE = 'code-identity.json';
/**
 * The identity the build recorded, when the bundle beside it is still the one it was recorded for:
 * the same .js files with the same sizes (a rebuild that skipped the script, or an edited file,
 * almost always changes one; then the bundle is hashed). Reading it costs a few stat calls.
 */
function recordedIdentity(dir, bundle) {
    try {
        const record = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(dir, IDENTITY_FILE), 'utf8'));
        const sizes = record?.sizes ?? {};
        if (typeof record?.identity !== 'string' || !/^[0-9a-f]{64}$/.test(record.identity))
            return undefined;
        if (Object.keys(sizes).sort().join('\0') !== bundle.join('\0'))
            return undefined;
        return bundle.every((name) => (0,external_node_fs_.statSync)(external_node_path_.join(dir, name)).size === sizes[name]) ? record.identity : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The running build of the action, as a hash of its bundled code: a scan is bound to the code that
 * made it. The build records it (so it is not hashed again on every audit); without a record that
 * matches the bundle, the bundle is hashed as the build hashes it. Undefined when the bundle cannot
 * be read: then nothing is shared, rather than bound wrongly.
 */
function codeIdentity(entry = process.argv[1]) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    if (!entry)
        return undefined;
    const dir = external_node_path_.dirname(entry);
    try {
        const bundle = (0,external_node_fs_.readdirSync)(dir)
            .filter((file) => file.endsWith('.js'))
            .sort();
        if (bundle.length === 0)
            return undefined;
        const recorded = recordedIdentity(dir, bundle);
        if (recorded)
            return recorded;
        for (const name of bundle)
            hash
                .update(name)
                .update('\0')
                .update((0,external_node_fs_.readFileSync)(external_node_path_.join(dir, name)));
    }
    catch {
        return undefined;
    }
    return hash.digest('hex');
}
function localDir() {
    const dir = external_node_path_.join(external_node_os_.homedir(), SHARED_PATH.slice(2));
    const problem = privateDir(dir, process.getuid?.() ?? -1);
    if (problem)
        throw new Error(problem);
    return dir;
}
/** Empties the directory the cache unpacks into, so only what this restore brings is read. */
function emptied(dir) {
    for (const name of (0,external_node_fs_.readdirSync)(dir))
        (0,external_node_fs_.rmSync)(external_node_path_.join(dir, name), { recursive: true, force: true });
}
/**
 * Settles with `work`, or rejects after `ms`. The work itself is left to finish on its own, noted as
 * running: main's end stops it after a short grace rather than wait for it.
 */
async function within(work, ms, what) {
    void (0,left_behind/* runAhead */.RB)(what, work).catch(() => undefined);
    let timer;
    const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms);
        timer.unref();
    });
    try {
        return await Promise.race([work, late]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** The GitHub Actions cache as a SharedStore; @actions/cache is imported on first use. */
function actionsCacheStore(waitMs = CACHE_WAIT_MS) {
    const library = () => __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 1691));
    return {
        async restore(prefix) {
            const dir = localDir();
            emptied(dir);
            const { restoreCache } = await library();
            const key = await within(restoreCache([SHARED_PATH], prefix, [prefix]), waitMs, 'restoring the shared scans');
            if (!key)
                return undefined;
            try {
                return { key, text: (0,external_node_fs_.readFileSync)(external_node_path_.join(dir, BUNDLE_FILE), 'utf8') };
            }
            catch (error) {
                throw new Error(`the cache entry ${key} holds no readable ${BUNDLE_FILE}: ${(0,errors/* errorMessage */.gJ)(error)}`, {
                    cause: error
                });
            }
        },
        async save(key, text) {
            const dir = localDir();
            emptied(dir);
            (0,external_node_fs_.writeFileSync)(external_node_path_.join(dir, BUNDLE_FILE), text, { mode: 0o600 });
            const { saveCache } = await library();
            await within(saveCache([SHARED_PATH], key), waitMs, 'saving the shared scans');
        }
    };
}

;// CONCATENATED MODULE: ./src/checks/audit/audit-scans.ts
// Where the audit finds a layer's scan before it reads the layer: this runner's scan cache, then the
// scans earlier runs on any runner shared (restored once, before the audit, and only when this
// runner lacks a layer the audit needs), and what the audit reads is shared in turn (saved once,
// after it). Both caches only spare reads: the verdicts are the audit's.



/** The scans the audit used, by where they came from. */
class AuditScanCache {
    local;
    shared;
    /** Every scan this audit composed, in the order it met them: what it shares. */
    used = new Map();
    /** Layers whose scan came from the shared scans. */
    sharedHits = 0;
    /** This runner's scans, each read from disk once. */
    localScans = new Map();
    constructor(local, shared = new Map()) {
        this.local = local;
        this.shared = shared;
    }
    /** The layers among `digests` this runner's scan cache does not have: what only the shared scans could spare. */
    missing(digests) {
        return [...new Set(digests)].filter((digest) => !this.readLocal(digest));
    }
    /** The shared scans, once restored. */
    useShared(shared) {
        this.shared = shared;
    }
    readLocal(digest) {
        if (!this.localScans.has(digest))
            this.localScans.set(digest, this.local?.read(digest));
        return this.localScans.get(digest);
    }
    read(digest) {
        const local = this.readLocal(digest);
        const scan = local ?? this.shared.get(digest);
        if (!scan)
            return undefined;
        if (!local) {
            this.sharedHits++;
            // Kept on this runner too: a later run here needs no restore for it.
            this.local?.write(digest, scan);
        }
        this.used.set(digest, scan);
        return scan;
    }
    write(digest, scan) {
        this.local?.write(digest, scan);
        this.localScans.set(digest, scan);
        this.used.set(digest, scan);
    }
}
const cacheAdvice = 'the layers are read from the image';
/** Restores the shared scans; never rejects: a cache service that fails costs reads, not the audit. */
async function restoreSharedScans(options) {
    const env = options.env ?? process.env;
    if (!options.share)
        return undefined;
    const missing = cacheServiceMissing(env);
    if (missing) {
        options.info(`Architecture audit: no shared scans (${missing})`);
        return undefined;
    }
    const code = options.code ?? codeIdentity();
    if (code === undefined) {
        options.info(`Architecture audit: no shared scans (the action's bundle could not be read to bind them to it)`);
        return undefined;
    }
    const rules = auditRules(code);
    const store = options.store ?? actionsCacheStore();
    let restored;
    let failed = false;
    try {
        restored = await store.restore(keyPrefix(rules));
    }
    catch (error) {
        failed = true;
        options.warning(`Architecture audit: the shared scans could not be restored (${(0,errors/* errorMessage */.gJ)(error)}); ${cacheAdvice}`);
    }
    const scans = new RestoredBundle(restored?.text ?? '{"records":{}}', rules);
    const restoredBytes = restored?.text.length ?? 0;
    let unsaved = '';
    return {
        scans,
        describe: () => (restored
            ? `${scans.size} shared scan(s) restored from ${restored.key}${scans.ignored > 0 ? `, ${scans.ignored} not trusted (not bound to their layer digest or to this audit's rules)` : ''}`
            : 'no shared scans yet') + unsaved,
        async save(cache) {
            // A service that failed once is not asked again in this run: each failure costs the step time.
            if (failed)
                return;
            const decision = shareDecision(cache.used, scans, restoredBytes);
            if (!decision.share) {
                if (decision.added > 0)
                    unsaved = `; ${decision.added} new scan(s) not shared: ${decision.addedBytes} bytes to read again cost less than rewriting the ${restoredBytes}-byte bundle`;
                return;
            }
            const text = JSON.stringify(mergeBundle(rules, cache.used, scans.carried()));
            try {
                await store.save(bundleKey(rules, text), text);
            }
            catch (error) {
                options.warning(`Architecture audit: the scans could not be shared (${(0,errors/* errorMessage */.gJ)(error)})`);
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/checks/audit/arch-audit.ts
// Checks an image's layers, per platform, for executables built for another architecture: the base
// image's layers skipped, each other distinct layer streamed once into a scan (from the OCI layout
// buildx exported, or from the registry for a merge), or read from the scan cache; nothing is
// unpacked on disk, and the scans are composed per platform.















const { maxFiles: DEFAULT_MAX_FILES, maxBytes: DEFAULT_MAX_BYTES, timeoutMs: DEFAULT_TIMEOUT_MS } = defaultAuditBounds;
// Layers read from the registry at once, across all platforms.
const LAYER_CONCURRENCY = 4;
const boundAdvice = 'Raise the bound with arch-audit-limits (for example files=200000,size=8GiB,time=300s), ' +
    'or set arch-audit: warn to publish with a warning.';
const pathAdvice = 'No layer that Linux can unpack has such a name: the layer is damaged or was made to exhaust the audit. ' +
    'Set arch-audit: warn to publish with a warning.';
const unreadableCauses = 'a registry or storage host that does not serve the blob whole, a compression this Node.js cannot read, or a damaged archive';
function foreignBase(name, base, basePlatform, layers) {
    return {
        platform: name,
        status: 'fail',
        message: `${name} image is built on the ${basePlatform} image of its base ${base}: its first ${layers} layers are that platform's, not ${name}'s. ` +
            'This happens with a final stage FROM --platform=$BUILDPLATFORM, or a base pinned to one platform ' +
            '(FROM --platform=linux/amd64, or a single-platform digest); use the base for the target platform.'
    };
}
/** A platform's layers to scan, or its finished audit when there is nothing to scan. */
async function planPlatform(context, platform) {
    const wanted = (0,model_platforms/* normalisePlatform */.WN)(platform);
    const name = (0,model_platforms/* formatPlatform */.Bq)(wanted);
    if (!expectedMachine(wanted))
        return { platform: name, status: 'skipped', message: `${name}: no ELF architecture to check for this platform` };
    const found = context.available.get(name);
    if (!found) {
        const has = [...context.available.keys()].join(', ') || 'no image manifests';
        return {
            platform: name,
            status: 'fail',
            message: `no manifest for ${name} in ${context.reference} (it has ${has})\nHint: the image was not built for that platform`
        };
    }
    const manifest = await entryManifest(context.reader, context.repository, found);
    if (!manifest) {
        const digest = 'digest' in found ? found.digest : '';
        const text = `${context.reference} lists ${digest} for ${name}, but the registry does not have that manifest`;
        return { platform: name, status: 'fail', message: text };
    }
    const layers = layerDigests(manifest);
    if (!layers) {
        const kind = manifest.mediaType || 'no media type';
        const text = `${name}: manifest ${manifest.digest} (${kind}) is not an image manifest, so it was not audited`;
        return { platform: name, status: 'skipped', message: text };
    }
    const match = context.base ? await matchBaseOrNone(context.base, wanted, name, layers) : { kind: 'none' };
    if (match.kind === 'foreign')
        return foreignBase(name, context.base?.reference ?? '', match.basePlatform, match.layers);
    const skipped = match.kind === 'own' ? match.layers : 0;
    return { platform: wanted, name, scan: layers.slice(skipped), skipped };
}
async function matchBaseOrNone(base, platform, name, layers) {
    try {
        return await base.match(platform, name, layers);
    }
    catch (error) {
        runner/* info */.pq(`Architecture audit: could not read the base image ${base.reference}, so its layers are scanned: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return { kind: 'none' };
    }
}
function incomplete(name, reason, result) {
    return {
        platform: name,
        status: 'incomplete',
        ...(result ? { result } : {}),
        message: `${name}: the audit is incomplete: ${reason}`
    };
}
/** A planned platform's audit from its layers' scans. */
async function finish(plan, scanner, ignore, limits) {
    if (!('scan' in plan))
        return plan;
    const layers = { scanned: plan.scan.length, skipped: plan.skipped };
    let result;
    try {
        result = composeAudit(plan.platform, await platformScans(scanner, plan.scan, limits), ignore, limits);
    }
    catch (error) {
        const reason = `${(0,errors/* errorMessage */.gJ)(error).replace(/[.?!]$/, '')} (${unreadableCauses})`;
        return { ...incomplete(plan.name, reason), layers };
    }
    if (result.mismatches.length > 0)
        return { platform: plan.name, status: 'fail', result, message: describeMismatch(result), layers };
    if (result.truncated) {
        // No layer that can be unpacked has such a path: raising the bounds would not help.
        const advice = result.truncated === PATH_LIMIT ? pathAdvice : boundAdvice;
        const read = `${result.truncated} after ${result.scannedEntries} entries and ${result.scannedBytes} bytes, with no foreign executable among them. ${advice}`;
        return { ...incomplete(plan.name, read, result), layers };
    }
    return { platform: plan.name, status: 'pass', result, message: describeMismatch(result), layers };
}
/**
 * Audits each platform of a pushed image (repo@digest or repo:tag) for executables of another
 * architecture. A platform the image lacks fails; one whose scan a bound cut short, or whose layers
 * could not be read, is incomplete; one that cannot be checked (not Linux) is skipped. Throws when
 * the image itself cannot be read.
 */
async function auditPushedImage(reference, platforms, options) {
    const target = splitReference(reference);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const readerFor = options.registryFor;
    const reader = options.imageReader ?? readerFor(target.registry);
    const top = await reader.getManifest(target.repository, target.reference);
    if (!top)
        throw new Error(`${reference} was not found in registry ${target.registry}`);
    const base = options.baseImage ? baseImageOf(options.baseImage, readerFor) : undefined;
    const context = {
        reference,
        reader,
        repository: target.repository,
        available: await platformEntries(reader, target.repository, top),
        ...(base ? { base } : {})
    };
    const planned = await Promise.all(platforms.map((platform) => planPlatform(context, platform).catch((error) => incomplete((0,model_platforms/* formatPlatform */.Bq)(platform), (0,errors/* errorMessage */.gJ)(error)))));
    const limits = {
        maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
        maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
        signal: options.signal ?? AbortSignal.timeout(timeoutMs)
    };
    const local = openScanCache(process.env, (why) => runner/* info */.pq(`Architecture audit: no scan cache (${why})`));
    const cache = new AuditScanCache(local);
    const shared = await sharedScans(planned, cache, options);
    const scanner = new LayerScanner({ reader, repository: target.repository }, { limits, concurrency: LAYER_CONCURRENCY, budgets: platformBudgets(planned, limits), cache });
    // Requested up front, in platform then layer order, so shared layers are read once and early.
    for (const plan of planned)
        if ('scan' in plan)
            for (const digest of plan.scan)
                void scanner.scan(digest);
    const audits = await Promise.all(planned.map((plan) => finish(plan, scanner, options.ignore, limits)));
    if (shared !== 'not needed')
        await shared?.save(cache);
    logFigures(audits, scanner, cache, shared);
    return audits;
}
/**
 * The shared scans, restored only when this runner's scan cache lacks a layer the audit reads: one
 * request to the cache service (which may wait up to its time bound) spared on a runner that kept them.
 * A restore started before the audit is used as it is.
 */
async function sharedScans(planned, cache, { shareScans, sharing, restoring }) {
    if (!shareScans)
        return undefined;
    const wanted = planned.flatMap((plan) => ('scan' in plan ? plan.scan : []));
    if (!restoring && cache.missing(wanted).length === 0)
        return 'not needed';
    const shared = await (restoring ??
        restoreSharedScans({
            share: true,
            info: runner/* info */.pq,
            warning: runner/* warning */.$e,
            ...sharing
        }));
    if (shared)
        cache.useShared(shared.scans);
    return shared;
}
/** The audit's one line: what it read, and where the scans it did not read came from. */
function logFigures(audits, scanner, cache, shared) {
    const skipped = audits.reduce((sum, audit) => sum + (audit.layers?.skipped ?? 0), 0);
    const { read, cached, bytes, entries, skipped: unopened } = scanner.figures;
    const fromShared = shared === 'not needed'
        ? ", 0 from the shared cache (not restored: this runner's scan cache had every layer)"
        : shared
            ? `, ${cache.sharedHits} from the shared cache (${shared.describe()})`
            : '';
    runner/* info */.pq(`Architecture audit: ${read} layer(s) read (${entries} entries, ${bytes} bytes decompressed), ` +
        `${cached - cache.sharedHits} from the scan cache${fromShared}, ` +
        `${skipped} base image layer(s) skipped${unopened > 0 ? `, ${unopened} not opened (their platforms' bounds were spent)` : ''}`);
}
/** One budget per platform, and for each layer the budgets of the platforms that have it. */
function platformBudgets(planned, limits) {
    const byLayer = new Map();
    for (const plan of planned) {
        if (!('scan' in plan))
            continue;
        const budget = new PlatformBudget(limits);
        for (const digest of new Set(plan.scan))
            byLayer.set(digest, [...(byLayer.get(digest) ?? []), budget]);
    }
    return byLayer;
}
function baseImageOf(reference, readerFor) {
    try {
        return new BaseImage(reference, readerFor(splitReference(reference).registry));
    }
    catch (error) {
        runner/* info */.pq(`Architecture audit: the base image ${reference} is not a reference it can read: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}
/** What the step makes of the audits under arch-audit: error fails, warn warns, for failed and incomplete alike. */
function auditVerdicts(audits, level) {
    const verdicts = { failures: [], warnings: [], notes: [] };
    for (const audit of audits) {
        const counts = audit.result
            ? ` (${audit.result.elfFiles} ELF files in ${audit.result.scannedEntries} entries)`
            : '';
        const layers = audit.layers
            ? `; ${audit.layers.scanned} layer(s) scanned, ${audit.layers.skipped} base layer(s) skipped`
            : '';
        if (audit.status === 'fail' || audit.status === 'incomplete') {
            const text = audit.status === 'fail' ? audit.message : `incomplete: ${audit.message}`;
            (level === 'error' ? verdicts.failures : verdicts.warnings).push(text);
        }
        else
            verdicts.notes.push(`Architecture audit ${audit.platform}: ${audit.status}${counts}${layers}`);
    }
    return verdicts;
}

;// CONCATENATED MODULE: ./src/checks/audit/final-base.ts
// The image the built stage starts from: its layers begin with that image's, which the audit skips.


/** Index of the stage a FROM names (by AS name or number) among the earlier stages, or -1. */
function earlierStage(froms, index) {
    const raw = (froms[index]?.getArguments()[0]?.getValue() ?? '').toLowerCase();
    if (/^\d+$/.test(raw) && Number(raw) < index)
        return Number(raw);
    return froms.slice(0, index).findIndex((from) => (from.getBuildStage() ?? '').toLowerCase() === raw);
}
/**
 * Pure: the external image the built stage (`target`, else the last) rests on, following stages
 * built on earlier stages; undefined for scratch, an unknown target, or a name known only at build time.
 */
function finalStageBase(dockerfile, buildArgs, target = '') {
    const froms = main.DockerfileParser.parse(dockerfile).getFROMs();
    let index = target
        ? froms.findIndex((from) => (from.getBuildStage() ?? '').toLowerCase() === target.toLowerCase())
        : froms.length - 1;
    for (let earlier = index >= 0 ? earlierStage(froms, index) : -1; earlier >= 0; earlier = earlierStage(froms, index))
        index = earlier;
    const from = froms[index];
    const first = froms[0];
    if (!from || !first)
        return undefined;
    // The global ARGs before the first FROM, then that one FROM: what findBaseImages resolves it with.
    const lines = dockerfile.split('\n');
    const prelude = lines.slice(0, first.getRange().start.line);
    const instruction = lines.slice(from.getRange().start.line, from.getRange().end.line + 1);
    const bases = findBaseImages([...prelude, ...instruction].join('\n'), buildArgs);
    const [base] = bases;
    return bases.length === 1 && base && !base.unresolved ? base : undefined;
}
/** The audit's baseImage option for a build: empty for remote contexts or a Dockerfile it could not read or parse. */
function finalStageBaseOption(source) {
    if (source?.text === undefined)
        return {};
    try {
        const base = finalStageBase(source.text, source.buildArgs, source.target);
        return base ? { baseImage: base.reference } : {};
    }
    catch {
        return {};
    }
}

;// CONCATENATED MODULE: ./src/checks/audit/audit-check.ts
// arch-audit as a check of the built image: every executable of the image for the platform it claims.








/** The arch-audit output: per platform, what the audit found, without the findings themselves. */
function auditOutput(audit) {
    return JSON.stringify(audit.map(({ platform, status, message, result }) => ({
        platform,
        status,
        message,
        elfFiles: result?.elfFiles,
        truncated: result?.truncated
    })));
}
/** The summary's cell: the status, and for a failed or incomplete platform the first line of why. */
function auditCell({ status, message }) {
    return `${status}${status === 'fail' || status === 'incomplete' ? `: ${message.split('\n')[0]}` : ''}`;
}
/**
 * On a runner that has kept no scan (a hosted runner, in every job) the audit will want the scans
 * earlier runs shared, whatever the image: their restore starts while the build runs and the main
 * thread waits, not after it. Undefined when the audit is off or shares nothing, when the runner has
 * no cache service, or when its scan cache may have the layers already (the audit then restores only
 * if it lacks one). Never rejects. Called once buildx is running.
 */
function startScansRestore(plan, { env = process.env, sharing } = {}) {
    const { audit: level, auditCache } = plan.checks;
    if (level === 'off' || auditCache === 'false' || cacheServiceMissing(env) || !scanCacheEmpty(env))
        return undefined;
    // @actions/cache logs its own lines as it restores: they come amid the build's, after this one.
    runner/* info */.pq('Architecture audit: restoring the scans earlier runs shared, while the build runs');
    return restoreSharedScans({ share: true, env, info: runner/* info */.pq, warning: runner/* warning */.$e, ...sharing });
}
/** The audit of the image: from its layout on the runner when it was built here, else from the registry. */
async function audit({ plan, repository, digest, platforms, session, onRunner, scansRestore }) {
    const started = performance.now();
    try {
        // Nothing pushed: the image has no repository yet; the name is only for messages.
        const audits = await auditPushedImage(`${repository || 'local-build'}@${digest}`, platforms, {
            // The job's one registry session: its logins, and the tokens verification already holds.
            registryFor: (host) => session.registry(host),
            ...(onRunner ? { imageReader: onRunner } : {}),
            ignore: plan.checks.auditIgnore,
            ...plan.checks.auditLimits,
            shareScans: plan.checks.auditCache !== 'false',
            ...(scansRestore ? { restoring: scansRestore } : {}),
            // A merge has no Dockerfile here: its sources' base layers are scanned whole.
            ...finalStageBaseOption(plan.checks.finalStage)
        });
        const verdicts = auditVerdicts(audits, plan.checks.audit === 'error' ? 'error' : 'warn');
        return {
            failures: verdicts.failures.map((failure) => `architecture audit: ${failure}`),
            warnings: verdicts.warnings.map((warning) => `Architecture audit: ${warning}`),
            notes: verdicts.notes,
            rows: audits.map((entry) => ({ platform: entry.platform, status: entry.status, cells: [auditCell(entry)] })),
            output: auditOutput(audits)
        };
    }
    finally {
        // Its own figure: it runs beside the push and verification, so no phase's time is the audit's.
        runner/* debug */.Yz(`timing: Architecture audit ${Math.round(performance.now() - started)} ms`);
    }
}
/** arch-audit: no executable of another architecture in any platform's image. */
const auditCheck = {
    name: 'arch-audit',
    kind: 'reads',
    readsRunnerCopy: true,
    columns: ['Architecture audit'],
    output: OutputKey.ArchAudit,
    runs: ({ plan }) => plan.checks.audit !== 'off',
    describe: ({ plan }, result) => (plan.checks.audit === 'off' ? 'arch-audit off' : `arch-audit ${statuses(result)}`),
    run: audit
};

// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./src/registry/oci-tar.ts
// The image as buildx exports it on a pipe (--output type=oci,dest=-): an OCI layout as a tar.
// BuildKit writes its entries sorted by name, so the blobs come first, manifests, configs and
// layers mixed in digest order, and index.json last. Each blob is decided on as it passes, from
// its first bytes: a JSON document (manifest, config, attestation) is kept; a layer is kept only
// when `wanted` says so (a target repository lacks it, or it is not a base layer), otherwise it is
// read off the pipe and dropped, never written. What is kept is a partial OCI layout on disk.






/** The export ended before its index.json: the tar was cut short (the build that wrote it failed). */
class TruncatedExport extends Error {
}
/** A manifest, config or attestation is JSON of at most this size; a layer never starts with '{'. */
const DOCUMENT_LIMIT = Math.max(documentLimits.manifest, documentLimits.config);
const blobName = /^blobs\/sha256\/([a-f0-9]{64})$/;
const layoutFiles = new Set(['index.json', 'oci-layout']);
/** The entry's bytes as an iterator, so its first chunk can be looked at before deciding. */
function chunksOf(entry) {
    return entry[Symbol.asyncIterator]();
}
async function dropRest(chunks) {
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
        ;
}
/** Writes the first chunk and the rest to a file, with the pipe's backpressure. */
async function writeRest(file, first, chunks) {
    async function* all() {
        if (first)
            yield first;
        for (let next = await chunks.next(); !next.done; next = await chunks.next())
            yield next.value;
    }
    await (0,promises_.pipeline)(external_node_stream_.Readable.from(all()), (0,external_node_fs_.createWriteStream)(file));
}
async function receiveBlob(entry, digest, options, figures) {
    const size = entry.header.size ?? 0;
    const chunks = chunksOf(entry);
    const head = await chunks.next();
    const first = head.done ? undefined : head.value;
    const document = size <= DOCUMENT_LIMIT && first?.[0] === 0x7b;
    if (!document && !(await options.wanted(digest, size))) {
        await dropRest(chunks);
        figures.dropped.blobs += 1;
        figures.dropped.bytes += size;
        return;
    }
    await writeRest(external_node_path_.join(options.dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), first, chunks);
    figures.kept.blobs += 1;
    figures.kept.bytes += size;
}
/** A small file of the layout (index.json, oci-layout), read whole. */
async function receiveFile(entry, file) {
    if ((entry.header.size ?? 0) > DOCUMENT_LIMIT)
        throw new Error(`${entry.header.name} is larger than ${DOCUMENT_LIMIT} bytes`);
    const parts = [];
    for await (const chunk of entry)
        parts.push(chunk);
    (0,external_node_fs_.writeFileSync)(file, Buffer.concat(parts));
}
async function receiveAll(extract, options) {
    const figures = { dir: options.dir, kept: { blobs: 0, bytes: 0 }, dropped: { blobs: 0, bytes: 0 } };
    (0,external_node_fs_.mkdirSync)(external_node_path_.join(options.dir, 'blobs', 'sha256'), { recursive: true });
    let index = false;
    for await (const entry of extract) {
        const { name, type } = entry.header;
        const blob = type === 'file' ? blobName.exec(name) : null;
        if (blob)
            await receiveBlob(entry, `sha256:${blob[1] ?? ''}`, options, figures);
        else if (type === 'file' && layoutFiles.has(name)) {
            await receiveFile(entry, external_node_path_.join(options.dir, name));
            index ||= name === 'index.json';
            // Directories, and anything else the exporter may add, are nothing the push needs: no name reaches the disk.
        }
        else
            await dropRest(chunksOf(entry));
    }
    if (!index)
        throw new TruncatedExport("buildx's OCI export ended without its index.json");
    return figures;
}
/**
 * A sink for buildx's stdout, and what it received once the tar ended. A failure destroys the sink
 * with its error, so the writer of the pipe stops (EPIPE) rather than waiting on a reader that gave up.
 */
function receiveOciTar(options) {
    // A Node stream in front of tar-stream's (streamx) extractor: its 'error' is what the pipe's writer hears.
    const sink = new external_node_stream_.PassThrough({ highWaterMark: 1024 * 1024 });
    // Its error is the receipt's, reported there; the pipe's writer adds its own listener.
    sink.on('error', () => undefined);
    const extract = tar_stream.extract();
    sink.pipe(extract);
    const received = receiveAll(extract, options);
    received.catch((error) => {
        sink.unpipe();
        sink.destroy(error);
    });
    return { sink, received };
}

;// CONCATENATED MODULE: ./src/registry/image-content.ts


function layoutOrigin(layout) {
    return {
        name: `the OCI layout at ${layout.dir}`,
        readManifest: (digest) => layout.getManifest('', digest),
        openBlob: (digest) => layout.openLocalBlob(digest),
        isStandIn: (digest) => layout.isStandIn(digest)
    };
}
function repositoryOrigin(remote) {
    return {
        remote,
        name: `${remote.client.registry}/${remote.repository}`,
        readManifest: (digest) => remote.client.getManifest(remote.repository, digest),
        openBlob: (digest) => remote.client.getBlob(remote.repository, digest)
    };
}
// Layers that live outside the registry (Windows base layers) are never pushed.
const isForeign = (blob) => /foreign|nondistributable/.test(blob.mediaType ?? '') || (blob.urls?.length ?? 0) > 0;
/** The distributable blobs an image manifest names (its config and layers), each digest checked; none for an index. */
function blobsOf(manifest) {
    if (isIndex(manifest))
        return [];
    const blobs = [manifest.json.config, ...(manifest.json.layers ?? [])].filter((blob) => blob !== undefined && typeof blob.digest === 'string' && !isForeign(blob));
    for (const blob of blobs)
        checkDigest(blob.digest, `manifest ${manifest.digest} names a blob`);
    return blobs;
}
/** Every blob of the image once, with where it is read from. */
function contentBlobs(content) {
    const blobs = new Map();
    const sources = [
        ...content.manifests,
        ...(content.topOrigin ? [{ item: content.top, origin: content.topOrigin }] : [])
    ];
    for (const { item, origin } of sources)
        for (const blob of blobsOf(item))
            if (!blobs.has(blob.digest))
                blobs.set(blob.digest, { item: blob, origin });
    return [...blobs.values()];
}
/**
 * Reads every manifest an image consists of. `originOf` says where each entry of the top index
 * comes from (a merge's index names manifests of several sources), or, given no entry, where a
 * single top manifest's blobs are; what an entry names comes from the same place.
 */
async function collectContent(top, originOf) {
    const manifests = new Map();
    const walk = async (index, origin) => {
        // Side by side: an index of three platforms with attestations is seven reads.
        const children = await Promise.all((index.json.manifests ?? []).map(async (entry) => {
            checkDigest(entry.digest, `index ${index.digest} names a manifest`);
            const from = origin(entry);
            const child = await from.readManifest(entry.digest);
            if (!child)
                throw new Error(`${from.name} lacks manifest ${entry.digest}, which index ${index.digest} names`);
            return { child, from };
        }));
        for (const { child, from } of children) {
            if (isIndex(child))
                await walk(child, () => from);
            if (!manifests.has(child.digest))
                manifests.set(child.digest, { item: child, origin: from });
        }
    };
    if (!isIndex(top))
        return { top, topOrigin: originOf(undefined), manifests: [] };
    await walk(top, originOf);
    return { top, manifests: [...manifests.values()] };
}

;// CONCATENATED MODULE: ./src/registry/oci-layout.ts
// The image as buildx exported it: an OCI layout on the runner's disk (type=oci,tar=false). The
// checks that need no registry read it here, and the push reads its blobs from here. A layer whose
// file is a stand-in (registry/stand-ins.ts) is never read from disk: the checks get it from the
// registry that has it, checked against its digest, and the push never opens it.





/** The directory of the job's layout, under the job's own Docker config directory. */
const LAYOUT_DIR = 'image-layout';
const noStandIns = {
    isStandIn: () => false,
    fetch: (digest) => Promise.reject(new Error(`${digest} is no stand-in`))
};
class OciLayout {
    dir;
    top;
    standIns;
    manifests = new Map();
    constructor(dir, 
    /** What the layout's index.json points at: the image index (or the one image manifest). */
    top, standIns) {
        this.dir = dir;
        this.top = top;
        this.standIns = standIns;
    }
    /** Opens a layout buildx wrote; its index.json must name exactly one image. */
    static open(dir, standIns = noStandIns) {
        const indexFile = external_node_path_.join(dir, 'index.json');
        let entries;
        try {
            entries = parseDocument((0,external_node_fs_.readFileSync)(indexFile), `${indexFile}`).manifests ?? [];
        }
        catch (error) {
            throw new Error(`buildx wrote no readable OCI layout at ${dir}: ${(0,errors/* errorMessage */.gJ)(error)}`, { cause: error });
        }
        const [top] = entries;
        if (entries.length !== 1 || !top || typeof top.digest !== 'string')
            throw new Error(`the OCI layout at ${dir} names ${entries.length} images in index.json, expected one`);
        checkDigestForm(top.digest, `the OCI layout's index.json`);
        return new OciLayout(dir, top, standIns);
    }
    /**
     * Opens the image `digest` of a layout buildx is still writing: its export is done (every blob
     * is in), index.json may not be yet, and a kept layout's still names the last build's image.
     */
    static openImage(dir, digest, standIns = noStandIns) {
        checkDigestForm(digest, `the image buildx exported into ${dir}`);
        const layout = new OciLayout(dir, { digest }, standIns);
        const top = layout.topManifest();
        return new OciLayout(dir, { mediaType: top.mediaType, digest, size: top.size }, standIns);
    }
    /** The file of a blob; the digest's form is checked first, so it cannot name a path elsewhere. */
    blobPath(digest) {
        checkDigestForm(digest, `a blob of the OCI layout at ${this.dir}`);
        const [algorithm = '', hex = ''] = digest.split(':');
        return external_node_path_.join(this.dir, 'blobs', algorithm, hex);
    }
    /** Whether the layout holds the blob: a partial layout (a streamed export) keeps only some; a stand-in is none. */
    hasBlob(digest) {
        return !this.standIns.isStandIn(digest) && (0,external_node_fs_.existsSync)(this.blobPath(digest));
    }
    /** Whether the blob's file is a stand-in: its bytes are in the registry, not here. */
    isStandIn(digest) {
        return this.standIns.isStandIn(digest);
    }
    blobSize(digest) {
        return (0,external_node_fs_.statSync)(this.blobPath(digest)).size;
    }
    /** A manifest or index of the layout by digest, checked against it; undefined when the layout lacks it. */
    getManifest(_repository, digest) {
        return new Promise((resolve) => resolve(this.readManifest(digest)));
    }
    readManifest(digest) {
        const known = this.manifests.get(digest);
        if (known)
            return known;
        const file = this.blobPath(digest);
        let bytes;
        try {
            if ((0,external_node_fs_.statSync)(file).size > documentLimits.manifest)
                throw new Error(`manifest ${digest} is larger than ${documentLimits.manifest} bytes`);
            bytes = (0,external_node_fs_.readFileSync)(file);
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return undefined;
            throw error;
        }
        verifyDigest(bytes, digest, `The OCI layout's manifest ${digest}`);
        const json = parseDocument(bytes, `The OCI layout's manifest ${digest}`);
        const mediaType = json.mediaType ?? (digest === this.top.digest ? (this.top.mediaType ?? '') : '');
        const manifest = { digest, mediaType, bytes, json, size: bytes.length };
        this.manifests.set(digest, manifest);
        return manifest;
    }
    /** The top image of the layout. */
    topManifest() {
        const manifest = this.readManifest(this.top.digest);
        if (!manifest)
            throw new Error(`the OCI layout at ${this.dir} lacks its image ${this.top.digest}`);
        return manifest;
    }
    /**
     * A blob's bytes, for the checks: from disk, or a stand-in's from the registry that has it (checked
     * against its digest there).
     */
    getBlob(_repository, digest) {
        return this.standIns.isStandIn(digest) ? this.standIns.fetch(digest) : this.openLocalBlob(digest);
    }
    /**
     * A blob's bytes from disk, for the push. They are buildx's own output, so they are not hashed
     * here: the registry checks the digest of every blob pushed. A stand-in's empty file is refused.
     */
    openLocalBlob(digest) {
        if (this.standIns.isStandIn(digest))
            return Promise.reject(new Error(`blob ${digest} of the OCI layout at ${this.dir} is a stand-in, not its content`));
        return Promise.resolve((0,external_node_fs_.createReadStream)(this.blobPath(digest), { highWaterMark: 1024 * 1024 }));
    }
}

;// CONCATENATED MODULE: ./src/registry/http.ts
// HTTP plumbing of the registry client: where a registry's API lives, idle timeouts, network
// errors in words the retry policy knows, and response bodies read under a size cap.




/** Caps on what is kept in memory from a registry's answers besides its documents (model/oci.ts documentLimits). */
const responseLimits = {
    /** A token reply is a few KiB; cloud tokens stay far below this. */
    token: 1024 * 1024,
    /** Only read for the registry's error codes. */
    errorBody: 64 * 1024
};
function hostName(hostPort) {
    if (hostPort.startsWith('['))
        return hostPort.slice(1, hostPort.indexOf(']') > 0 ? hostPort.indexOf(']') : undefined);
    const colon = hostPort.lastIndexOf(':');
    return colon >= 0 ? hostPort.slice(0, colon) : hostPort;
}
/** localhost, 127.0.0.0/8 and ::1, given as a host name (URL.hostname) or host[:port]. */
function isLoopbackHost(host) {
    const name = (host.startsWith('[') || host.split(':').length === 2 ? hostName(host) : host)
        .replace(/^\[|\]$/g, '')
        .toLowerCase();
    return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
/** Where the API of a registry lives: https://host, http:// for loopback (as docker: plain HTTP to loopback only), Docker Hub's API host for docker.io. */
function registryBaseUrl(registry) {
    const host = DOCKER_HUB_HOSTS.has(registry.toLowerCase()) ? 'registry-1.docker.io' : registry;
    return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}
// Where a remote registry may not send the client: this machine (loopback, "any") and link-local
// addresses (cloud metadata services live at 169.254.169.254).
const localAddresses = new external_node_net_.BlockList();
localAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
localAddresses.addSubnet('169.254.0.0', 16, 'ipv4');
localAddresses.addAddress('0.0.0.0', 'ipv4');
localAddresses.addAddress('::1', 'ipv6');
localAddresses.addAddress('::', 'ipv6');
localAddresses.addSubnet('fe80::', 10, 'ipv6');
/** A loopback, unspecified or link-local address (IPv4-mapped ones too), or localhost by name. */
function isLocalAddress(host) {
    const name = host.replace(/^\[|\]$/g, '').toLowerCase();
    if (name === 'localhost' || name.endsWith('.localhost'))
        return true;
    const family = (0,external_node_net_.isIP)(name);
    if (family === 0)
        return false;
    return localAddresses.check(name, family === 4 ? 'ipv4' : 'ipv6');
}
/**
 * Why the client must not follow a registry from `from` to `to` (a redirect, an upload Location),
 * or undefined when it may: only http(s), never from https down to http, and never to this
 * machine or a link-local address unless the registry itself is on loopback.
 */
function targetRefusal(from, to, registryOnLoopback) {
    if (to.protocol !== 'https:' && to.protocol !== 'http:')
        return `${to.protocol} is not http or https`;
    if (from.protocol === 'https:' && to.protocol === 'http:')
        return 'it would go from https down to plain http';
    if (!registryOnLoopback && isLocalAddress(to.hostname))
        return `${to.hostname} is on this machine or link-local, and the registry is not on loopback`;
    return undefined;
}
// Wording isTransientFailure recognises, so network failures are retried like registry 5xx answers.
const networkPhrases = {
    ECONNRESET: 'connection reset',
    EPIPE: 'connection reset',
    UND_ERR_SOCKET: 'connection reset',
    ECONNREFUSED: 'connection refused',
    ETIMEDOUT: 'i/o timeout',
    UND_ERR_CONNECT_TIMEOUT: 'i/o timeout',
    UND_ERR_HEADERS_TIMEOUT: 'i/o timeout',
    UND_ERR_BODY_TIMEOUT: 'i/o timeout',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'temporary failure in name resolution'
};
function networkProblem(error) {
    const outer = error;
    const code = outer?.cause?.code ?? outer?.code;
    const detail = outer?.cause?.message ?? outer?.message ?? String(error);
    const phrase = code ? networkPhrases[code] : undefined;
    return phrase ? `${phrase} (${code}: ${detail})` : detail;
}
const defaultTimeBounds = {
    idleMs: 30_000,
    commitMs: 300_000,
    documentMs: 60_000,
    minProgressBytes: 64 * 1024
};
/** Aborts a request whose transfer stops making progress, or a document that takes too long. */
class Watchdog {
    bounds;
    controller = new AbortController();
    expired;
    phase = 'idle';
    moved = 0;
    ended = false;
    currentMs;
    timer;
    deadline;
    constructor(bounds) {
        this.bounds = bounds;
        this.currentMs = bounds.idleMs;
        this.timer = this.start(bounds.idleMs);
    }
    /** Whether the request was ended by this watchdog (rather than by the network). */
    get timedOut() {
        return this.expired !== undefined;
    }
    /** Bytes moved either way: the idle bound restarts once enough of them have. */
    progress(bytes) {
        this.moved += bytes;
        if (this.moved < this.bounds.minProgressBytes)
            return;
        this.arm('idle', this.bounds.idleMs);
    }
    /** The body is sent: now the registry commits it, which may take long. */
    sent() {
        this.arm('commit', this.bounds.commitMs);
    }
    /** The answer's headers are in: the body must keep coming. */
    answered() {
        this.arm('idle', this.bounds.idleMs);
    }
    /** A capped document: it arrives whole within the document bound, however it trickles. */
    limitTotal() {
        if (this.deadline || this.ended)
            return;
        this.deadline = setTimeout(() => this.expire('document'), this.bounds.documentMs);
        this.deadline.unref();
    }
    clear() {
        this.ended = true;
        clearTimeout(this.timer);
        clearTimeout(this.deadline);
    }
    /** What ended the request, for the message. */
    describe() {
        const { idleMs, commitMs, documentMs, minProgressBytes } = this.bounds;
        if (this.expired === 'commit')
            return `i/o timeout (no answer within ${commitMs / 1000} s after the body was sent)`;
        if (this.expired === 'document')
            return `too slow: not complete within ${documentMs / 1000} s (a registry sends a document at once)`;
        return `i/o timeout (less than ${minProgressBytes / 1024} KiB moved in ${idleMs / 1000} s)`;
    }
    start(ms) {
        const timer = setTimeout(() => this.expire(this.phase), ms);
        timer.unref();
        return timer;
    }
    arm(phase, ms) {
        if (this.ended)
            return;
        this.phase = phase;
        this.moved = 0;
        if (ms === this.currentMs)
            return void this.timer.refresh();
        clearTimeout(this.timer);
        this.currentMs = ms;
        this.timer = this.start(ms);
    }
    expire(why) {
        if (this.expired || this.ended)
            return;
        this.expired = why;
        this.controller.abort();
    }
}
/** A body over its cap: never worth a retry, the registry will send the same again. */
class ResponseTooLarge extends Error {
    constructor(what, limit, seen) {
        super(`${what} is larger than the ${limit} bytes this client accepts (${seen})`);
        this.name = 'ResponseTooLarge';
    }
}
/** Frees the connection of a response whose body is not wanted. */
async function discard(exchange) {
    exchange.timeout.clear();
    await exchange.response.body?.cancel().catch(() => undefined);
}
/**
 * The body, refused when Content-Length announces more than `limit` bytes or when more arrive
 * than that while streaming (a missing or lying Content-Length changes nothing).
 */
async function readCapped(exchange, limit, what) {
    const { response, timeout } = exchange;
    try {
        const declared = Number(response.headers.get('content-length') ?? '');
        if (Number.isFinite(declared) && declared > limit) {
            await discard(exchange);
            throw new ResponseTooLarge(what, limit, `Content-Length ${declared}`);
        }
        if (!response.body)
            return Buffer.alloc(0);
        timeout.limitTotal();
        const source = external_node_stream_.Readable.fromWeb(response.body);
        const chunks = [];
        let received = 0;
        for await (const chunk of source) {
            timeout.progress(chunk.length);
            received += chunk.length;
            if (received > limit) {
                source.destroy();
                throw new ResponseTooLarge(what, limit, `${received} bytes received so far`);
            }
            chunks.push(chunk);
        }
        return Buffer.concat(chunks);
    }
    finally {
        timeout.clear();
    }
}
/** The entries of a registry's JSON error body; none when it is not one. */
function registryErrorEntries(text) {
    const errors = JSON.parse(text).errors;
    return Array.isArray(errors) ? errors : [];
}
/** The entries as one line for a message: `CODE: message; CODE: message`. */
const formatRegistryErrors = (entries) => entries.map((entry) => [entry.code, entry.message].filter(Boolean).join(': ')).join('; ');
/** A registry answered with a refusal: the message, with the status and the error entries kept as sent. */
class RegistryRefusal extends Error {
    status;
    errors;
    constructor(message, status, errors) {
        super(message);
        this.status = status;
        this.errors = errors;
        this.name = 'RegistryRefusal';
    }
}
/** A failure waiting will not fix; returned from a retried action so withRetry never sees it. */
class PermanentFailure {
    error;
    constructor(error) {
        this.error = error;
    }
}
/** Answers worth another try: rate limits and a registry's passing failures. */
const retriedStatuses = new Set([429, 500, 502, 503, 504]);
/** The error to retry for an answer that says "later" (with its Retry-After), or undefined for any other. */
function retryLaterFor(response, message) {
    if (!retriedStatuses.has(response.status))
        return undefined;
    return new RetryLater(message, parseRetryAfter(response.headers.get('retry-after')));
}

;// CONCATENATED MODULE: ./src/registry/auth.ts
// The registry's auth handshake (Basic, or Bearer tokens per scope), answered only for the
// registry itself: a storage host a blob was redirected to never gets to pick where the
// credentials go, and a token realm must be https unless it and the registry are both on loopback.

function parseChallenge(header) {
    const trimmed = header.trim();
    const space = trimmed.indexOf(' ');
    const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
    const params = {};
    const pattern = /([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
    for (const match of (space < 0 ? '' : trimmed.slice(space + 1)).matchAll(pattern)) {
        const key = (match[1] ?? '').toLowerCase();
        params[key] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    }
    return { scheme, params };
}
/** repository:acme/app:pull,push → resource 'repository:acme/app', actions pull and push. */
function actionsByResource(scopes) {
    const byResource = new Map();
    for (const scope of scopes) {
        const colon = scope.lastIndexOf(':');
        if (colon <= 0)
            continue;
        const actions = byResource.get(scope.slice(0, colon)) ?? new Set();
        for (const action of scope.slice(colon + 1).split(','))
            if (action)
                actions.add(action);
        byResource.set(scope.slice(0, colon), actions);
    }
    return byResource;
}
/** Scopes merged per resource, so one token request asks for everything at once. */
function mergeScopes(scopes) {
    return [...actionsByResource(scopes)].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`);
}
function covers(granted, wanted) {
    const have = actionsByResource(granted);
    return [...actionsByResource(wanted)].every(([resource, actions]) => [...actions].every((action) => have.get(resource)?.has(action)));
}
/** One registry's Authorization headers: Basic once asked for, else a Bearer token per set of scopes. */
class Authorizer {
    basicAsked = false;
    tokens = [];
    /** The token service the registry's own challenge named: later scopes ask it up front. */
    tokenService;
    /** Token requests in flight by scopes, so requests side by side share one handshake. */
    pending = new Map();
    registry;
    origin;
    credentials;
    send;
    describe;
    constructor(registry, client) {
        this.registry = registry.name;
        this.origin = registry.origin;
        this.credentials = registry.credentials;
        this.send = client.send;
        this.describe = client.describe;
    }
    /**
     * What to send to `url` for these scopes: nothing at all to any origin but the registry's. Once
     * the registry has named its token service, a new scope gets its token before the request.
     */
    async headerFor(url, scopes, what) {
        if (new URL(url).origin !== this.origin)
            return undefined;
        if (this.basicAsked)
            return this.basic();
        const cached = this.tokens.find((token) => covers(token.scopes, scopes))?.header;
        if (cached || !this.tokenService || scopes.length === 0)
            return cached;
        const header = await this.token(mergeScopes(scopes), this.tokenService, what);
        return header instanceof PermanentFailure ? undefined : header;
    }
    /** Drops the tokens that were sent for these scopes (expired, or refused). */
    forget(scopes) {
        for (let index = this.tokens.length - 1; index >= 0; index--) {
            const token = this.tokens[index];
            if (token && covers(token.scopes, scopes))
                this.tokens.splice(index, 1);
        }
    }
    loginText() {
        return this.credentials ? `as ${this.credentials.username}` : 'without credentials (no login for it)';
    }
    /** The Authorization header a 401 asks for, or why none is given. */
    async answer(unauthorized) {
        const { challenge: header, answeredBy, scopes, action, what } = unauthorized;
        const refused = (detail) => new PermanentFailure(new Error(`Registry ${this.registry} answered HTTP 401 to ${action}: ${detail}`));
        const from = new URL(answeredBy).origin;
        if (from !== this.origin)
            return refused(`the 401 came from ${from}, not from the registry (${this.origin}); credentials are only sent to the registry and the token service it names`);
        const challenge = parseChallenge(header);
        if (challenge.scheme === 'basic') {
            if (!this.credentials)
                return refused('it requires a login and there is none for it');
            this.basicAsked = true;
            return this.basic();
        }
        const realm = challenge.params['realm'];
        if (challenge.scheme !== 'bearer' || !realm)
            return refused(`unsupported authentication challenge '${header}'`);
        let tokenUrl;
        try {
            tokenUrl = new URL(realm);
        }
        catch {
            return refused(`the token realm '${realm}' is not a URL`);
        }
        if (tokenUrl.protocol !== 'https:' && !this.plainHttpRealmAllowed(tokenUrl))
            return refused(`the token realm ${tokenUrl.origin} is not https; credentials are sent over plain http only to a token service on loopback of a registry on loopback`);
        const wanted = mergeScopes([...scopes, ...(challenge.params['scope'] ?? '').split(' ').filter(Boolean)]);
        const service = challenge.params['service'];
        this.tokenService = { realm: tokenUrl, ...(service ? { service } : {}) };
        return this.token(wanted, this.tokenService, what);
    }
    /** Plain http only when both ends are on this machine: a remote registry cannot send the login to a local port. */
    plainHttpRealmAllowed(realm) {
        return (realm.protocol === 'http:' && isLoopbackHost(realm.hostname) && isLoopbackHost(new URL(this.origin).hostname));
    }
    token(scopes, from, what) {
        const key = scopes.join(' ');
        let pending = this.pending.get(key);
        if (!pending) {
            const tokenUrl = new URL(from.realm);
            if (from.service)
                tokenUrl.searchParams.set('service', from.service);
            for (const scope of scopes)
                tokenUrl.searchParams.append('scope', scope);
            pending = this.fetchToken(tokenUrl, scopes, what).finally(() => this.pending.delete(key));
            this.pending.set(key, pending);
        }
        return pending;
    }
    basic() {
        if (!this.credentials)
            return undefined;
        return `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    }
    async fetchToken(tokenUrl, scopes, what) {
        const basic = this.basic();
        const tokenWhat = `reading a token for ${what} from ${tokenUrl.origin}${tokenUrl.pathname}`;
        const exchange = await this.send(tokenUrl.toString(), basic ? { Authorization: basic } : {}, tokenWhat);
        if (!exchange.response.ok) {
            const message = await this.describe(exchange, tokenWhat);
            const later = retryLaterFor(exchange.response, message);
            if (later)
                throw later;
            const login = this.credentials ? `the login of ${this.credentials.username} was refused` : 'no login for it';
            return new PermanentFailure(new Error(`${message}; ${login}`));
        }
        let token;
        try {
            const body = await readCapped(exchange, responseLimits.token, `the token reply from ${tokenUrl.origin}`);
            const parsed = JSON.parse(body.toString('utf8'));
            token = parsed.token ?? parsed.access_token;
        }
        catch (error) {
            await discard(exchange);
            if (error instanceof Error && error.name === 'ResponseTooLarge')
                return new PermanentFailure(error);
            token = undefined;
        }
        if (typeof token !== 'string' || token === '')
            return new PermanentFailure(new Error(`Registry ${this.registry} answered HTTP 401 to reading ${what}: the token service at ${tokenUrl.origin} answered without a token`));
        const header = `Bearer ${token}`;
        this.tokens.push({ scopes, header });
        return header;
    }
}

// EXTERNAL MODULE: external "node:dns/promises"
var external_node_dns_promises_ = __webpack_require__(1553);
;// CONCATENATED MODULE: ./src/registry/transport.ts
// One registry's requests on the wire: Node's fetch with redirects followed by hand (each hop
// checked, the login kept to the registry's own origin), the request body counted as progress,
// and a watchdog that ends a request once its transfer stops moving.



/** The client refused to go where a registry sent it: never retried, the registry will send the same. */
class TargetRefused extends Error {
    constructor(message) {
        super(message);
        this.name = 'TargetRefused';
    }
}
const MAX_REDIRECTS = 10;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const bodyHeaders = new Set(['content-type', 'content-length', 'content-encoding']);
const without = (headers, names) => Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase())));
class Transport {
    registry;
    origin;
    onLoopback;
    /** `onLoopback` is whether the registry counts as on this machine: by default, from its host. */
    constructor(registry, baseUrl, options = {}) {
        this.registry = registry;
        const base = new URL(baseUrl);
        this.origin = base.origin;
        this.onLoopback = options.onLoopback ?? isLoopbackHost(base.hostname);
        this.bounds = options.bounds ?? defaultTimeBounds;
    }
    bounds;
    /** Sends a request, following redirects after checking each; the exchange of the last hop. */
    async send(url, init, what) {
        let target = new URL(url);
        let method = init.method ?? 'GET';
        let { headers, body } = init;
        for (let hop = 0;; hop++) {
            const exchange = await this.once(target, { method, headers, body: body ? await body() : undefined }, what);
            const location = exchange.response.headers.get('location');
            if (!redirectStatuses.has(exchange.response.status) || !location)
                return exchange;
            await discard(exchange);
            if (hop >= MAX_REDIRECTS)
                throw new TargetRefused(`Registry ${this.registry} redirected ${what} more than ${MAX_REDIRECTS} times`);
            const next = new URL(location, target);
            await this.checkTarget(target, next, `redirected ${what}`);
            // As browsers and Go do: 303, and 301/302 after a POST, become a GET without the body.
            if (exchange.response.status === 303 || (exchange.response.status <= 302 && method === 'POST')) {
                method = method === 'HEAD' ? 'HEAD' : 'GET';
                body = undefined;
                headers = without(headers, bodyHeaders);
            }
            // The login goes to the registry's own origin only, never to storage it redirects to.
            if (next.origin !== this.origin)
                headers = without(headers, new Set(['authorization']));
            target = next;
        }
    }
    /**
     * Throws TargetRefused when the registry at `from` may not send the client to `to` (a redirect
     * or an upload Location): see targetRefusal; a name is resolved and checked the same way.
     */
    async checkTarget(from, to, what) {
        const refusal = targetRefusal(from, to, this.onLoopback) ?? (await this.resolvesLocally(to));
        if (refusal)
            throw new TargetRefused(`Registry ${this.registry} ${what} to ${to.protocol}//${to.host}${to.pathname}, which the action refuses: ${refusal}`);
    }
    /** A host name (not the registry's own) that resolves to this machine or a link-local address. */
    async resolvesLocally(to) {
        if (this.onLoopback || to.origin === this.origin || isLocalAddress(to.hostname))
            return undefined;
        const addresses = await (0,external_node_dns_promises_.lookup)(to.hostname, { all: true }).catch(() => []);
        const local = addresses.find(({ address }) => isLocalAddress(address));
        return local ? `${to.hostname} resolves to ${local.address}, on this machine or link-local` : undefined;
    }
    async once(target, init, what) {
        const timeout = new Watchdog(this.bounds);
        const { body, ...rest } = init;
        try {
            const payload = body === undefined ? undefined : this.counted(body, timeout);
            const response = await fetch(target, {
                ...rest,
                ...(payload !== undefined ? { body: payload, duplex: 'half' } : {}),
                redirect: 'manual',
                signal: timeout.controller.signal
            });
            timeout.answered();
            return { response, timeout, url: target.toString() };
        }
        catch (error) {
            timeout.clear();
            const problem = timeout.timedOut ? timeout.describe() : networkProblem(error);
            throw new Error(`Could not reach registry ${this.registry} for ${what}: ${problem}`, { cause: error });
        }
    }
    /** The body as fetch takes it; a stream counts as progress while it is read, then the commit wait starts. */
    counted(body, timeout) {
        if (Buffer.isBuffer(body)) {
            timeout.sent();
            return body;
        }
        const counter = new external_node_stream_.Transform({
            transform(chunk, _encoding, done) {
                timeout.progress(chunk.length);
                done(null, chunk);
            },
            flush(done) {
                timeout.sent();
                done();
            }
        });
        return external_node_stream_.Readable.toWeb((0,external_node_stream_.pipeline)(external_node_stream_.Readable.from(body), counter, () => undefined));
    }
}

;// CONCATENATED MODULE: ./src/registry/client.ts
// A small client for the OCI distribution API over Node's fetch: manifests and blobs, read and
// written, with the registry's own auth handshake, so no docker CLI is needed.









const manifestAccept = Object.values(mediaTypes).join(', ');
const isDigest = (reference) => reference.includes(':');
const pullScope = (repository) => `repository:${repository}:pull`;
const pushScope = (repository) => `repository:${repository}:pull,push`;
class RegistryClient {
    registry;
    baseUrl;
    transport;
    retryPolicy;
    authorizer;
    /** Manifests read by digest (immutable), so a second look costs no request. */
    byDigest = new Map();
    constructor(registry, credentials, options = {}) {
        this.registry = registry;
        this.baseUrl = registryBaseUrl(registry);
        const bounds = {
            ...defaultTimeBounds,
            ...(options.timeoutMs !== undefined ? { idleMs: options.timeoutMs } : {}),
            ...options.bounds
        };
        this.transport = new Transport(registry, this.baseUrl, {
            bounds,
            ...(options.registryOnLoopback !== undefined ? { onLoopback: options.registryOnLoopback } : {})
        });
        this.retryPolicy = options.retry ?? registryRetry;
        this.authorizer = new Authorizer({ name: registry, origin: new URL(this.baseUrl).origin, credentials }, {
            send: (url, headers, what) => this.transport.send(url, { headers }, what),
            describe: (exchange, action) => this.statusMessage(exchange, action)
        });
    }
    /** The manifest (or index) a tag or digest names; undefined when the registry does not have it. */
    async getManifest(repository, reference) {
        if (isDigest(reference))
            checkDigest(reference, `${this.registry}/${repository}@${reference}`);
        const cached = this.byDigest.get(`${repository}@${reference}`);
        if (cached)
            return cached;
        const what = `manifest ${this.display(repository, reference)}`;
        const outcome = await this.retried(`Reading ${what}`, async () => {
            const exchange = await this.open({
                url: `/v2/${repository}/manifests/${reference}`,
                headers: { Accept: manifestAccept },
                scopes: [pullScope(repository)],
                what
            });
            if (exchange instanceof PermanentFailure)
                return exchange;
            if (exchange.response.status === 404)
                return void (await discard(exchange));
            return { body: await this.read(exchange, documentLimits.manifest, what), headers: exchange.response.headers };
        });
        if (!outcome)
            return undefined;
        const { body, headers } = outcome;
        const served = headers.get('docker-content-digest')?.trim() || undefined;
        const claims = [...(isDigest(reference) ? [reference] : []), ...(served ? [served] : [])];
        for (const claim of claims)
            verifyDigest(body, claim, `Registry ${this.registry} served ${what}`);
        const json = parseDocument(body, `Registry ${this.registry} served ${what} that is not JSON`);
        const mediaType = json.mediaType ?? (headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
        const manifest = { digest: claims[0] ?? digestOf(body), mediaType, bytes: body, json, size: body.length };
        this.byDigest.set(`${repository}@${manifest.digest}`, manifest);
        return manifest;
    }
    /** A blob's bytes as they arrive, checked against the digest at the end; redirects (to storage) are followed. */
    async getBlob(repository, digest) {
        const what = `blob ${this.display(repository, digest)}`;
        checkDigest(digest, what);
        const exchange = await this.retried(`Reading ${what}`, async () => {
            const exchange = await this.open({
                url: `/v2/${repository}/blobs/${digest}`,
                scopes: [pullScope(repository)],
                what
            });
            if (exchange instanceof PermanentFailure || exchange.response.status !== 404)
                return exchange;
            await discard(exchange);
            return new PermanentFailure(new Error(`Registry ${this.registry} has no ${what} (HTTP 404)`));
        });
        return this.checkedStream(exchange, digest, what);
    }
    /**
     * One request with the auth handshake and the retry policy: the exchange of an accepted answer
     * (2xx and 404 unless `spec.accept` says otherwise), else the registry's message as an error.
     */
    async request(spec) {
        if (!spec.once)
            return this.retried(`${capitalised(spec.verb ?? 'reading')} ${spec.what}`, () => this.open(spec));
        const outcome = await this.open(spec);
        if (outcome instanceof PermanentFailure)
            throw outcome.error;
        return outcome;
    }
    /**
     * Whether the registry takes this client's login: GET /v2/ through the auth handshake, retried
     * like any request. False when it refuses it (or cannot be asked).
     */
    async acceptsLogin() {
        try {
            const exchange = await this.request({ url: '/v2/', scopes: [], what: 'the API root (a login check)' });
            await discard(exchange);
            return exchange.response.ok;
        }
        catch {
            return false;
        }
    }
    /** Throws when an upload Location (or any URL the registry named) leads where the client must not go. */
    async checkLocation(location, what) {
        await this.transport.checkTarget(new URL(this.baseUrl), location, what);
    }
    /** The body of an accepted answer, refused beyond `limit` bytes. */
    read(exchange, limit, what) {
        return readCapped(exchange, limit, what).catch((error) => {
            if (error instanceof Error && error.name === 'ResponseTooLarge')
                throw new Error(`Registry ${this.registry} sent ${error.message}`);
            const problem = exchange.timeout.timedOut ? exchange.timeout.describe() : networkProblem(error);
            throw new Error(`Registry ${this.registry} broke off sending ${what}: ${problem}`, { cause: error });
        });
    }
    display(repository, reference) {
        return `${this.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
    }
    /** Retried per the policy; a failure that outlasted every try says so. */
    async retried(what, action) {
        let outcome;
        try {
            outcome = await withRetry(what, action, this.retryPolicy);
        }
        catch (error) {
            const message = (0,errors/* errorMessage */.gJ)(error);
            if (!isTransientFailure(message) || /gave up/.test(message))
                throw error;
            throw new Error(`${message} (gave up after ${this.retryPolicy.attempts} tries)`, { cause: error });
        }
        if (outcome instanceof PermanentFailure)
            throw outcome.error;
        return outcome;
    }
    /** One try, answering an auth challenge once. Throws what is worth retrying, returns what is not. */
    async open(spec) {
        try {
            return await this.openOnce(spec);
        }
        catch (error) {
            if (error instanceof TargetRefused)
                return new PermanentFailure(error);
            throw error;
        }
    }
    async openOnce(spec) {
        const url = new URL(spec.url, this.baseUrl).toString();
        const action = `${spec.verb ?? 'reading'} ${spec.what}`;
        const attempt = async (authorization) => {
            const headers = { ...spec.headers, ...(authorization ? { Authorization: authorization } : {}) };
            return this.transport.send(url, { method: spec.method ?? 'GET', headers, ...(spec.body ? { body: spec.body } : {}) }, spec.what);
        };
        let exchange = await attempt(await this.authorizer.headerFor(url, spec.scopes, spec.what));
        if (exchange.response.status === 401) {
            const challenge = exchange.response.headers.get('www-authenticate') ?? '';
            await discard(exchange);
            this.authorizer.forget(spec.scopes);
            const answeredBy = exchange.url;
            const authorization = await this.authorizer.answer({
                challenge,
                answeredBy,
                scopes: spec.scopes,
                action,
                what: spec.what
            });
            if (authorization instanceof PermanentFailure)
                return authorization;
            exchange = await attempt(authorization);
        }
        const { response } = exchange;
        if (spec.accept ? spec.accept(response.status) : response.ok || response.status === 404)
            return exchange;
        const { message, errors } = await this.answerOf(exchange, action);
        const later = retryLaterFor(response, message);
        if (later)
            throw later;
        if (response.status === 401 || response.status === 403) {
            this.authorizer.forget(spec.scopes);
            const refused = `${message}; access was refused ${this.authorizer.loginText()}`;
            return new PermanentFailure(new RegistryRefusal(refused, response.status, errors));
        }
        return new PermanentFailure(new RegistryRefusal(message, response.status, errors));
    }
    /** "Registry r answered HTTP 404 Not Found to reading …", with the registry's own error codes. */
    async statusMessage(exchange, action) {
        return (await this.answerOf(exchange, action)).message;
    }
    /** A refusing answer: its message, and its error entries as the registry sent them. */
    async answerOf(exchange, action) {
        const { response } = exchange;
        let errors = [];
        try {
            errors = registryErrorEntries((await readCapped(exchange, responseLimits.errorBody, 'an error body')).toString('utf8'));
        }
        catch {
            // A body that is not the registry's JSON error, or too long to be one, adds nothing.
            await discard(exchange);
        }
        const detail = formatRegistryErrors(errors);
        const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
        const retryAfter = response.headers.get('retry-after')?.trim();
        const later = retryAfter ? `; Retry-After: ${retryAfter}` : '';
        const message = `Registry ${this.registry} answered ${status} to ${action}${detail ? ` (${detail})` : ''}${later}`;
        return { message, errors };
    }
    checkedStream(exchange, digest, what) {
        const { response, timeout } = exchange;
        const output = new external_node_stream_.PassThrough();
        if (!response.body) {
            timeout.clear();
            output.destroy(new Error(`Registry ${this.registry} sent no body for ${what}`));
            return output;
        }
        const source = external_node_stream_.Readable.fromWeb(response.body);
        const [algorithm = ''] = digest.split(':');
        const hash = (0,external_node_crypto_.createHash)(algorithm);
        let received = 0;
        source.on('data', (chunk) => {
            timeout.progress(chunk.length);
            received += chunk.length;
            hash.update(chunk);
        });
        source.on('error', (error) => {
            const problem = timeout.timedOut ? timeout.describe() : networkProblem(error);
            output.destroy(new Error(`Registry ${this.registry} broke off sending ${what} after ${received} bytes: ${problem}`, {
                cause: error
            }));
        });
        source.on('end', () => {
            timeout.clear();
            const actual = `${algorithm}:${hash.digest('hex')}`;
            if (actual !== digest)
                output.destroy(new Error(`Registry ${this.registry} served ${what} whose content has digest ${actual}`));
            else
                output.end();
        });
        // The consumer may stop early (audit limits): release the connection then.
        output.on('close', () => {
            timeout.clear();
            if (!source.destroyed)
                source.destroy();
        });
        source.pipe(output, { end: false });
        return output;
    }
}
const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);
/**
 * Node loads and compiles its fetch implementation on first use (25–50 ms of the main thread here).
 * Called just before `docker login` starts, that cost overlaps the login instead of delaying the
 * first registry read after it (the base images, the stand-ins).
 */
function warmUpHttpClient() {
    void fetch('data:,')
        .then((response) => response.arrayBuffer())
        .catch(() => undefined);
}

;// CONCATENATED MODULE: ./src/registry/blob-transfer.ts
// Moving one blob or one manifest into a repository without a docker CLI: a HEAD first, then a
// cross-repository mount within one registry (no data moves) or an upload streamed from where the
// blob is (the job's OCI layout, or another registry); manifests go in byte for byte, so their
// digests stay the same.






const mountAnswers = (status) => status === 201 || status === 202;
const headAnswers = (status) => status === 200 || status === 404;
/** Whether a repository already has a blob (HEAD). Asks for the push scope: the token then serves the upload too. */
async function hasBlob(target, digest) {
    const exchange = await target.client.request({
        method: 'HEAD',
        url: `/v2/${target.repository}/blobs/${digest}`,
        scopes: [pushScope(target.repository)],
        verb: 'checking',
        what: `blob ${target.client.display(target.repository, digest)}`,
        accept: headAnswers
    });
    await discard(exchange);
    return exchange.response.status === 200;
}
/** Whether a repository already has a manifest by digest (HEAD): then it has every blob the manifest names. */
async function hasManifest(target, manifest) {
    checkDigest(manifest.digest, `a manifest for ${target.client.registry}/${target.repository}`);
    const exchange = await target.client.request({
        method: 'HEAD',
        url: `/v2/${target.repository}/manifests/${manifest.digest}`,
        headers: { Accept: manifest.mediaType },
        scopes: [pushScope(target.repository)],
        verb: 'checking',
        what: `manifest ${target.client.display(target.repository, manifest.digest)}`,
        accept: headAnswers
    });
    await discard(exchange);
    return exchange.response.status === 200;
}
/** An upload that broke off in a way worth another try: the whole transfer restarts, in a new session. */
class UploadBroken extends RetryLater {
}
/**
 * Streams the blob from its origin into an upload session, in one try: a session whose request
 * failed is never used again. Resolves to the bytes sent.
 */
async function upload(origin, target, blob, location) {
    let sent = 0;
    const url = new URL(location);
    url.searchParams.set('digest', blob.digest);
    const exchange = await target.client
        .request({
        once: true,
        method: 'PUT',
        url: url.toString(),
        headers: {
            'Content-Type': 'application/octet-stream',
            ...(blob.size !== undefined ? { 'Content-Length': String(blob.size) } : {})
        },
        body: async () => {
            sent = 0;
            const counter = new external_node_stream_.Transform({
                transform(chunk, _encoding, done) {
                    sent += chunk.length;
                    done(null, chunk);
                }
            });
            return (0,external_node_stream_.pipeline)(await origin.openBlob(blob.digest), counter, () => undefined);
        },
        scopes: [pushScope(target.repository)],
        verb: 'uploading',
        what: `blob ${target.client.display(target.repository, blob.digest)}`,
        accept: (status) => status === 201
    })
        .catch((error) => {
        const message = (0,errors/* errorMessage */.gJ)(error);
        if (!isTransientFailure(message))
            throw error;
        throw new UploadBroken(message, error instanceof RetryLater ? error.retryAfterMs : undefined);
    });
    await discard(exchange);
    return sent;
}
/** Starts an upload session, asking to mount the blob from `mountFrom` (same registry) when given. */
async function startUpload(target, blob, mountFrom) {
    const query = mountFrom ? `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(mountFrom)}` : '';
    const exchange = await target.client.request({
        method: 'POST',
        url: `/v2/${target.repository}/blobs/uploads/${query}`,
        // One token for both: push on the target and pull on the source, as a mount needs.
        scopes: [pushScope(target.repository), ...(mountFrom ? [pullScope(mountFrom)] : [])],
        verb: mountFrom ? 'mounting' : 'starting an upload of',
        what: `blob ${blob.digest} into ${target.client.registry}/${target.repository}`,
        accept: mountAnswers
    });
    await discard(exchange);
    if (exchange.response.status === 201)
        return { mounted: true };
    const location = exchange.response.headers.get('location');
    if (!location)
        throw new Error(`Registry ${target.client.registry} started an upload into ${target.repository} without a Location`);
    const url = new URL(location, exchange.url);
    await target.client.checkLocation(url, `named an upload of ${blob.digest} into ${target.repository} at`);
    return { location: url };
}
async function transferOnce(origin, target, blob, { mountFrom, uploads }) {
    if (await hasBlob(target, blob.digest))
        return { outcome: 'present', bytes: 0 };
    // Its file on the runner is empty: nothing may be read, sent or mounted for it.
    if (origin.isStandIn?.(blob.digest))
        throw new Error(`blob ${blob.digest} was not written on the runner (every target repository had it when the build started), ` +
            `but ${target.client.registry}/${target.repository} no longer has it; running the step again writes and pushes it`);
    const started = await startUpload(target, blob, mountFrom);
    if ('mounted' in started)
        return { outcome: 'mounted', bytes: 0 };
    const send = () => upload(origin, target, blob, started.location);
    return { outcome: 'uploaded', bytes: await (uploads ? uploads.run(send) : send()) };
}
/**
 * Makes a blob available in the target repository: nothing to do when the repository has it, else
 * mounted from `options.mountFrom` within the registry (which may decline and ask for the data), else
 * uploaded from its origin. An upload that breaks off starts over: a HEAD (the registry may have
 * committed it after all), then a new session. Resolves to what happened and the bytes sent.
 */
async function transferBlob(origin, target, blob, options = {}) {
    checkDigest(blob.digest, `a blob for ${target.client.registry}/${target.repository}`);
    return withRetry(`Uploading blob ${target.client.display(target.repository, blob.digest)} (it starts over with a HEAD and a new upload session)`, () => transferOnce(origin, target, blob, options), target.client.retryPolicy, (error) => error instanceof UploadBroken);
}
/** The registry's error codes of a refused request, for the message. */
async function errorCodes(target, exchange) {
    try {
        const body = await target.client.read(exchange, responseLimits.errorBody, 'an error body');
        return formatRegistryErrors(registryErrorEntries(body.toString('utf8')));
    }
    catch {
        return '';
    }
}
/** A registry refused to store a manifest under its digest alone: said plainly, never worked around with a tag. */
class DigestPushRefused extends Error {
}
/**
 * Puts a manifest's bytes under a tag or its digest; resolves to the digest the registry reports.
 * A registry that refuses a manifest by digest (but not for want of rights) is named as such.
 */
async function putManifest(target, reference, manifest) {
    const byDigest = reference === manifest.digest;
    // A tag has no ':'; anything with one is a digest, and must be one.
    if (reference.includes(':'))
        checkDigest(reference, `a manifest for ${target.client.registry}/${target.repository}`);
    const display = target.client.display(target.repository, reference);
    const exchange = await target.client.request({
        method: 'PUT',
        url: `/v2/${target.repository}/manifests/${reference}`,
        headers: { 'Content-Type': manifest.mediaType },
        body: () => manifest.bytes,
        scopes: [pushScope(target.repository)],
        verb: 'writing',
        what: `manifest ${display}`,
        // A refusal by digest is a 4xx that is not about the login or the request rate.
        accept: (status) => status === 201 || (byDigest && status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status))
    });
    if (exchange.response.status !== 201) {
        const codes = await errorCodes(target, exchange);
        throw new DigestPushRefused(`Registry ${target.client.registry} refused to store manifest ${manifest.digest} in ${target.repository} by its digest ` +
            `(HTTP ${exchange.response.status}${codes ? `: ${codes}` : ''}). This action pushes every image untagged, by digest, ` +
            'so that no tag exists before the checks pass; it does not fall back to a temporary tag.');
    }
    await discard(exchange);
    return exchange.response.headers.get('docker-content-digest')?.trim() || manifest.digest;
}

;// CONCATENATED MODULE: ./src/registry/registry-layers.ts






const TAGS_PER_REPOSITORY = 3;
const CACHE_REFS = 4;
const LAYER_LIMIT = 1000;
const HEAD_CONCURRENCY = 8;
/** A layer a registry serves (not a foreign one that lives elsewhere), as an image manifest or a cache index names it. */
function isDistributableLayer(entry) {
    const type = entry.mediaType ?? '';
    return (/^application\/vnd\.(oci\.image\.layer\.|docker\.image\.rootfs\.diff\.)/.test(type) &&
        !/foreign|nondistributable/.test(type) &&
        (entry.urls?.length ?? 0) === 0 &&
        typeof entry.digest === 'string' &&
        entry.digest.startsWith('sha256:') &&
        isWellFormedDigest(entry.digest));
}
/** The refs of the registry caches among `--cache-from` entries (the shorthand is an image reference). */
function registryCacheRefs(entries) {
    const refs = entries.flatMap((entry) => {
        if (entry.type !== 'registry' || entry.quoted)
            return [];
        if (entry.shorthand)
            return [entry.text.trim()];
        const ref = entry.fields?.find(({ key }) => key === 'ref')?.value.trim();
        return ref ? [ref] : [];
    });
    return [...new Set(refs)];
}
/** The layers a manifest names: an image's, or those a cache index lists among its entries. */
const layersOf = (manifest) => (isIndex(manifest) ? (manifest.json.manifests ?? []) : (manifest.json.layers ?? [])).filter(isDistributableLayer);
/** The layers of the image behind a reference: of an index, only the images of the platforms built. */
async function imageLayers(top, at, wanted) {
    if (!isIndex(top))
        return layersOf(top);
    const entries = [...document_imageEntries(top.json.manifests)].filter(([platform]) => wanted.has(platform));
    const images = await Promise.all(entries.map(([, entry]) => at.client.getManifest(at.repository, entry.digest)));
    return images.flatMap((image) => (image ? layersOf(image) : []));
}
/**
 * Per target repository, the first of its tags that exists: the layers of the image there. A
 * repository that cannot be read gives no layers and a note saying why.
 */
async function readTagLayers(session, sources) {
    const notes = [];
    const wanted = new Set(sources.platforms.map((platform) => (0,model_platforms/* normalisePlatformText */.h4)((0,model_platforms/* formatPlatform */.Bq)(platform))));
    const byRepository = new Map();
    const add = ({ registry, repository, tag }, limit) => {
        const key = `${registry}/${repository}`;
        const entry = byRepository.get(key) ?? { at: { client: session.registry(registry), repository }, tags: [] };
        if (entry.tags.length < limit && !entry.tags.includes(tag))
            entry.tags.push(tag);
        byRepository.set(key, entry);
    };
    for (const target of sources.tags)
        add(target, TAGS_PER_REPOSITORY);
    // Only for repositories the user's tags name: one more tag each, tried last.
    for (const target of sources.fallbackTags ?? [])
        if (byRepository.has(`${target.registry}/${target.repository}`))
            add(target, TAGS_PER_REPOSITORY + 1);
    const found = await Promise.all([...byRepository].map(async ([key, { at, tags }]) => {
        try {
            for (const tag of tags) {
                const top = await at.client.getManifest(at.repository, tag);
                if (!top)
                    continue;
                const layers = await imageLayers(top, at, wanted);
                notes.push(`${key}:${tag} ${layers.length}`);
                return layers;
            }
            notes.push(`${key}: none of ${tags.join(', ')} exists yet`);
        }
        catch (error) {
            notes.push(`${key}: not read (${(0,errors/* errorMessage */.gJ)(error)})`);
        }
        return [];
    }));
    return { layers: found.flat(), notes };
}
/** The layers of the registry cache manifests the build reads. */
async function cacheLayers(session, refs, notes) {
    const found = await Promise.all(refs.slice(0, CACHE_REFS).map(async ({ registry, repository, reference }) => {
        const ref = `${registry}/${repository}:${reference}`;
        try {
            const manifest = await session.registry(registry).getManifest(repository, reference);
            const layers = manifest ? layersOf(manifest) : [];
            notes.push(manifest ? `cache ${ref} ${layers.length}` : `cache ${ref}: none yet`);
            return layers;
        }
        catch (error) {
            notes.push(`cache ${ref}: not read (${(0,errors/* errorMessage */.gJ)(error)})`);
            return [];
        }
    }));
    return found.flat();
}
/** Whether every target repository has the blob (a HEAD each); a HEAD that fails counts as no. */
async function everywhere(targets, digest) {
    for (const target of targets)
        if (!(await hasBlob(target, digest).catch(() => false)))
            return false;
    return true;
}
/** The layers the sources name that the layout lacks and every target repository has. */
async function layersEveryRepositoryHas(session, sources) {
    // No repository to confirm a layer in, nor to read it back from (a pull request with no tags): none is had "everywhere".
    if (sources.repositories.length === 0)
        return { digests: [], named: 0, small: 0, notes: ['no target repository'] };
    const cacheNotes = [];
    const [tagged, fromCache] = await Promise.all([
        sources.tagLayers ?? readTagLayers(session, sources),
        cacheLayers(session, sources.cacheRefs, cacheNotes)
    ]);
    const fromTags = tagged.layers;
    const notes = [...tagged.notes, ...cacheNotes];
    const sizes = new Map([...fromTags, ...fromCache].map(({ digest, size }) => [digest, size]));
    const absent = [...sizes.keys()].filter((digest) => !sources.present(digest));
    const big = (digest) => (sizes.get(digest) ?? 0) >= sources.minimumBytes;
    const candidates = absent.filter(big).slice(0, LAYER_LIMIT);
    const targets = sources.repositories.map(({ registry, repository }) => ({
        client: session.registry(registry),
        repository
    }));
    const confirmed = await inPool(candidates, HEAD_CONCURRENCY, (digest) => everywhere(targets, digest));
    const digests = candidates.filter((_, index) => confirmed[index]);
    return { digests, named: sizes.size, small: absent.filter((digest) => !big(digest)).length, notes };
}

;// CONCATENATED MODULE: ./src/registry/stand-ins.ts
// Stand-ins: before a release's build into an OCI layout, an empty file in the layout's blobs for
// each layer that every target repository already has and the layout lacks. buildx's local content
// store takes a blob whose file exists as there, so BuildKit neither sends nor writes that layer: on
// a fresh runner the export writes only what the registry lacks (docs/performance.md, fresh runner).
// Which files are stand-ins is kept in the job's private directory (written before any is made) and
// in memory; the push never opens one (blob-transfer.ts), the checks read its layer from the
// registry (oci-layout.ts), and the stand-ins are removed when the step ends. An empty file is
// never a layer's content, so one left by a step that was killed is found and removed by the next
// job that holds the layout (sweepStandIns).



/**
 * The smallest layer worth a stand-in: a smaller one costs the export a moment to write and the
 * checks a read from disk, where a stand-in costs a HEAD before the build and, for the audit, a read
 * back from the registry (on the cached example, 3 MB in 8 layers, stand-ins made the step slower).
 */
const STAND_IN_MIN_BYTES = 1024 * 1024;
/** The one digest whose content is empty: its file is the real thing, never a stand-in. */
const EMPTY_BLOB_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const blobsDir = (layoutDir) => external_node_path_.join(layoutDir, 'blobs', 'sha256');
const hexOf = (digest) => digest.slice('sha256:'.length);
/** The size of a file, or undefined when there is none. */
function sizeOf(file) {
    try {
        return (0,external_node_fs_.statSync)(file).size;
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Creates an empty file only where none is; false when one was there already. */
function createEmpty(file) {
    try {
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(file, 'wx', 0o600));
        return true;
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        throw error;
    }
}
/** Whether a layout has a file for a blob (sha256 only; anything else counts as absent). */
const blobPresent = (layoutDir) => (digest) => digest.startsWith('sha256:') &&
    isWellFormedDigest(digest) &&
    sizeOf(external_node_path_.join(blobsDir(layoutDir), hexOf(digest))) !== undefined;
/** The stand-ins of one layout, as placed by this job. */
class StandIns {
    layoutDir;
    recordFile;
    digests;
    constructor(layoutDir, 
    /** The job's record of them (its private directory). */
    recordFile, digests) {
        this.layoutDir = layoutDir;
        this.recordFile = recordFile;
        this.digests = digests;
    }
    /**
     * Places a stand-in for each layer (sha256 digests, every target repository has them) that the
     * layout lacks. The record names every one before the first file is made, so none is ever
     * unrecorded; a blob the layout has already is left as it is.
     */
    static place(layoutDir, layers, recordFile) {
        const dir = blobsDir(layoutDir);
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
        const absent = [...new Set(layers)].filter((digest) => {
            checkDigestForm(digest, 'a layer to stand in for');
            return (digest.startsWith('sha256:') &&
                hexOf(digest) !== EMPTY_BLOB_HEX &&
                sizeOf(external_node_path_.join(dir, hexOf(digest))) === undefined);
        });
        (0,external_node_fs_.writeFileSync)(recordFile, JSON.stringify({ layout: layoutDir, standIns: absent }), { mode: 0o600 });
        const placed = [];
        try {
            for (const digest of absent)
                if (createEmpty(external_node_path_.join(dir, hexOf(digest))))
                    placed.push(digest);
        }
        catch (error) {
            // An empty file nobody knows for a stand-in would be taken for the layer: none stays.
            for (const digest of placed)
                (0,external_node_fs_.rmSync)(external_node_path_.join(dir, hexOf(digest)), { force: true });
            throw error;
        }
        return new StandIns(layoutDir, recordFile, new Set(placed));
    }
    /** Whether the layout's file for this blob is a stand-in. */
    has(digest) {
        return this.digests.has(digest);
    }
    get size() {
        return this.digests.size;
    }
    /** Removes every stand-in (a file that is no longer empty was written by BuildKit and stays), and the record. */
    remove() {
        let removed = 0;
        for (const digest of this.digests) {
            const file = external_node_path_.join(blobsDir(this.layoutDir), hexOf(digest));
            if (sizeOf(file) !== 0)
                continue;
            (0,external_node_fs_.rmSync)(file, { force: true });
            removed++;
        }
        (0,external_node_fs_.rmSync)(this.recordFile, { force: true });
        return removed;
    }
}
/** Removes every empty blob file of a layout (stand-ins a killed step left behind); returns how many. */
function sweepStandIns(layoutDir) {
    const dir = blobsDir(layoutDir);
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(dir);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return 0;
        throw error;
    }
    let removed = 0;
    for (const hex of names) {
        if (hex === EMPTY_BLOB_HEX || sizeOf(external_node_path_.join(dir, hex)) !== 0)
            continue;
        (0,external_node_fs_.rmSync)(external_node_path_.join(dir, hex), { force: true });
        removed++;
    }
    return removed;
}

;// CONCATENATED MODULE: ./src/steps/image-export.ts
// How the built image leaves BuildKit, and what the build phase makes of it. The cost follows what
// changed: a layer a target repository already has is never written on the runner nor sent again.
// - Drivers that push by digest (docker-container, remote, kubernetes): BuildKit pushes the image
//   untagged, asking the registry what it has first; the action then reads it from there.
// - The docker driver (it cannot push by digest) releasing: an OCI layout kept on the runner from the
//   image's last release (registry/kept-layout.ts), into which BuildKit writes only the blobs it lacks;
//   the push then sends only what the repositories lack. Before the build, an empty stand-in goes
//   there for each layer every target repository has and the layout lacks (a fresh runner's layout
//   is empty), so BuildKit writes none of those either: the push never opens a stand-in, the checks
//   read its layer from the registry, and it is gone when the step ends (registry/stand-ins.ts).
// - Nothing pushed (a pull request): the image's kept layout too, so that only what changed is
//   written. When none can be had, or a smoke run on the docker driver needs the image in the
//   daemon too (under a job-scoped name the post step removes), an OCI tar on buildx's stdout, read
//   as it comes, keeping only the layers that are not the base image's, for the audit.













/** The image's name in the daemon for the smoke run of a build that pushes nothing (removed by the post step). */
const localImageName = (jobName) => `${jobName}:checks`;
/** Whether any check reads the image. */
const checksWanted = (plan) => plan.checks.audit !== 'off' || !!plan.checks.smoke;
/** BuildKit's own builders push by digest; the docker driver (buildx 0.13 here) refuses to. */
const pushesByDigest = (driver) => driver !== 'docker';
/** How the image leaves BuildKit; undefined when the user's outputs decide, or nothing reads the image. */
function chooseExport(plan, builder, job) {
    if (plan.build.outputs.length > 0)
        return undefined;
    // A release on the docker driver: into the image's kept layout, where BuildKit writes only what changed.
    if (plan.push)
        return pushesByDigest(builder.driver)
            ? { kind: 'push-by-digest', repositories: plan.repositories }
            : { kind: 'layout', dir: job.layout.get().dir };
    if (!checksWanted(plan))
        return undefined;
    // Only the docker driver's image store can run what it built without a second copy. Beside a
    // layout, BuildKit 0.13's image exporter names in index.json an index it never writes there, so
    // the smoke run's image comes with the stream.
    if (plan.checks.smoke && builder.driver === 'docker')
        return { kind: 'stream', localImage: localImageName(job.name) };
    // Into the image's kept layout, BuildKit writes only what changed since its last build there; a
    // throwaway layout would take every blob, where the stream keeps only the layers the checks read.
    const layout = job.layout.get();
    return layout.kept ? { kind: 'layout', dir: layout.dir } : { kind: 'stream' };
}
/** The layers of the final stage's base image (all its platforms): what a build that pushes nothing never keeps. */
async function baseLayers(plan, session) {
    const { baseImage } = finalStageBaseOption(plan.checks.finalStage);
    if (!baseImage)
        return new Set();
    try {
        return await new BaseImage(baseImage, session.registry(splitReference(baseImage).registry)).allLayers();
    }
    catch (error) {
        runner/* info */.pq(`Could not read the base image ${baseImage}, so its layers are kept too: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return new Set();
    }
}
/**
 * The reader of buildx's stdout for a streamed export (a build that pushes nothing): made anew for
 * each try of the build. A layer is kept only when it is not the base image's.
 */
async function streamReceiver(plan, job) {
    const base = await baseLayers(plan, job.session);
    let current;
    const wanted = (digest) => Promise.resolve(!base.has(digest));
    return {
        sink: () => {
            const receiver = receiveOciTar({ dir: job.layout.get().dir, wanted });
            current = receiver.received;
            // Read (and reported) by received(); a build that failed first has its own error.
            current.catch(() => undefined);
            return receiver.sink;
        },
        received: () => current ?? Promise.reject(new Error('the build never started its export'))
    };
}
/** The registry caches the build reads (the user's cache-from, then the cache input's), parsed; one that is no reference is left out. */
function cacheRefsOf(plan, cacheFrom) {
    return registryCacheRefs([...plan.build.cacheFrom, ...cacheFrom.map(parseCacheEntry)]).flatMap((ref) => {
        try {
            return [splitReference(ref)];
        }
        catch {
            return [];
        }
    });
}
/** Where the job keeps the record of its stand-ins: its own private directory. */
const standInRecord = (job) => external_node_path_.join(job.config.dir, 'stand-ins.json');
/** The target repositories, and the tags the image they hold now is read from. */
function tagSources(plan) {
    const repositories = [...new Set(plan.repositories)].map(splitReference);
    return {
        repositories,
        tags: plan.tags.targets,
        // A pull request's tags (pr-12) were never pushed: the image the default branch published stands for them.
        fallbackTags: repositories.map(({ registry, repository }) => ({ registry, repository, tag: 'latest' })),
        platforms: plan.platforms
    };
}
/**
 * A release's read of the image behind the user's tags, for the stand-ins, started before the base
 * images, emulators and builder so that its round trips overlap theirs. Undefined when no stand-in
 * can follow (--load, a driver that pushes by digest) and for a build that pushes nothing (the
 * user's outputs among them: its export waits for the builder to be chosen, often a stream, which
 * reads no tag). Never rejects: a read that fails gives no layers and says why.
 */
function startTagRead(plan, job) {
    if (!plan.push || plan.build.load)
        return undefined;
    // driver: auto, or the user's builder, is known only after the Builder phase: then the read may go unused.
    const { driver, builder } = plan.builder;
    if (builder === '' && driver !== 'auto' && pushesByDigest(driver))
        return undefined;
    const read = readTagLayers(job.session, tagSources(plan)).catch((error) => ({
        layers: [],
        notes: [`tags not read (${(0,errors/* errorMessage */.gJ)(error)})`]
    }));
    return (0,left_behind/* runAhead */.RB)('reading the image behind the tags', read);
}
/**
 * For a build into a layout (a release, or a pull request's for its checks): a stand-in for each
 * layer every target repository has (behind the user's tags, else their `latest`, or in the registry
 * cache the build reads) and the layout lacks. None when the image also goes into the daemon
 * (--load), which must never meet one. `tagRead` is startTagRead's, when it was started. Never
 * rejects; returns the line that says what it did.
 * It may run while BuildKit builds: buildx's content store looks for a blob only when the export
 * writes it, a stand-in is made only where no file is, and a blob BuildKit wrote first is left as it
 * is. Either way the layer is one every target repository has, so the image is the same.
 */
async function placeStandIns(plan, job, { cacheFrom, tagRead }) {
    if (plan.build.load)
        return undefined;
    const started = performance.now();
    try {
        const found = await layersEveryRepositoryHas(job.session, {
            ...tagSources(plan),
            ...(tagRead ? { tagLayers: tagRead } : {}),
            cacheRefs: cacheRefsOf(plan, cacheFrom),
            present: blobPresent(job.layout.get().dir),
            minimumBytes: STAND_IN_MIN_BYTES
        });
        const placed = job.layout.placeStandIns(found.digests, standInRecord(job));
        return (`Stand-ins: ${placed.size} layer(s) that every target repository has are not written by the export ` +
            `(${found.named} named: ${found.notes.join('; ') || 'no tag or registry cache to read'}; ${found.small} under ${STAND_IN_MIN_BYTES / 1024 / 1024} MiB left to the export; ${Math.round(performance.now() - started)} ms)`);
    }
    catch (error) {
        // Without stand-ins the export writes those layers itself: slower, never wrong.
        return `Stand-ins: none (${(0,errors/* errorMessage */.gJ)(error)}); the export writes every layer the layout lacks`;
    }
}
/** A stand-in's layer for the checks: from the first target repository (every one had it), checked against its digest. */
function standInSource(plan, job, layout) {
    const standIns = layout.standIns;
    if (!standIns || standIns.size === 0)
        return undefined;
    const { registry, repository } = splitReference(plan.repositories[0] ?? '');
    const client = job.session.registry(registry);
    return { isStandIn: (digest) => standIns.has(digest), fetch: (digest) => client.getBlob(repository, digest) };
}
/**
 * The image in the layout buildx wrote: its content, read by the push and the audit from disk (a
 * stand-in's layer from the registry). `digest`: that image, before buildx wrote index.json.
 */
async function openLayoutImage(plan, job, digest) {
    const { dir } = job.layout.get();
    const standIns = standInSource(plan, job, job.layout);
    const layout = digest ? OciLayout.openImage(dir, digest, standIns) : OciLayout.open(dir, standIns);
    return { content: await collectContent(layout.topManifest(), () => layoutOrigin(layout)), layout };
}
/** The image BuildKit pushed by digest, read back from the first repository. */
async function openPushedImage(plan, job, digest) {
    const first = plan.repositories[0] ?? '';
    const { registry, repository } = splitReference(first);
    const client = job.session.registry(registry);
    const top = await client.getManifest(repository, digest);
    if (!top)
        throw new Error(`BuildKit reported pushing ${first}@${digest}, but the registry does not have it`);
    return { content: await collectContent(top, () => repositoryOrigin({ client, repository })) };
}

;// CONCATENATED MODULE: ./src/steps/phase.ts
// A phase of a run: its own log group, and one plain line outside the groups saying what it did, so
// the log reads as a list of what happened. A phase returns what it made: what later phases need,
// and its part of the outcome (`made`), which the run keeps even when a later phase fails.


/**
 * A phase that failed after it made something the outputs report (the tags it moved before a
 * registry refused one): its error, and what it made.
 */
class PartlyDone extends Error {
    failure;
    made;
    constructor(failure, made) {
        super((0,errors/* errorMessage */.gJ)(failure));
        this.failure = failure;
        this.made = made;
    }
}
/** Runs one phase in its group, then logs its line; returns what it made. */
async function phase(name, work) {
    const started = performance.now();
    const done = await runner/* group */.Os(name, work);
    runner/* debug */.Yz(`timing: ${name} ${Math.round(performance.now() - started)} ms`);
    runner/* info */.pq(`${name}: ${done.line}`);
    return done;
}
/** Runs the phases of one run in the order the caller awaits them, and keeps their parts of the outcome. */
class PhaseRun {
    /** What the phases made so far; the outcome is assembled from it (model/outcome.ts). */
    made = {};
    async phase(name, work) {
        try {
            const done = await phase(name, work);
            Object.assign(this.made, done.made);
            return done;
        }
        catch (error) {
            if (!(error instanceof PartlyDone))
                throw error;
            Object.assign(this.made, error.made);
            throw error.failure;
        }
    }
    /** A phase with nothing to do: one line that says why. */
    skip(name, why) {
        runner/* info */.pq(`${name}: skipped (${why})`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/buildx/dockerfile-lines.ts
// Which Dockerfile line a step of buildx's progress is: its RUN text, as buildx shows it with the
// variables expanded, matched against the Dockerfile's own text. Pure; table-tested.

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const squeeze = (text) => text.replace(/\s+/g, ' ').trim();
/** The instruction's text as a pattern: whitespace runs as one space, every $VAR or ${VAR…} as anything. */
function patternOf(text) {
    const parts = squeeze(text).split(/(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/);
    const source = parts.map((part, index) => (index % 2 === 1 ? '.*?' : escapeRegExp(part))).join('');
    return new RegExp(`^${source}$`, 's');
}
/** Every RUN, COPY and ADD of a Dockerfile, with its line; [] when the text does not parse. */
function instructionLines(dockerfile) {
    try {
        return main.DockerfileParser.parse(dockerfile)
            .getInstructions()
            .filter((instruction) => /^(?:RUN|COPY|ADD)$/i.test(instruction.getKeyword()))
            .map((instruction) => ({
            line: instruction.getRange().start.line + 1,
            keyword: instruction.getKeyword().toUpperCase(),
            // The whole text after the keyword, flags (--mount, --from) included, as buildx shows it.
            pattern: patternOf(instruction
                .getTextContent()
                .replace(/\\\r?\n/g, ' ')
                .replace(/^\s*\S+\s*/, ''))
        }));
    }
    catch {
        return [];
    }
}
/** The line of the first instruction whose text buildx's step shows; undefined when none matches. */
function lineOf(lines, instruction, command) {
    const shown = squeeze(command);
    return lines.find((entry) => entry.keyword === instruction && entry.pattern.test(shown))?.line;
}

;// CONCATENATED MODULE: ./src/buildx/emulation-report.ts


/**
 * How many times slower QEMU ran a shell loop than the runner ran it natively, measured on this
 * project's test machine (docs/performance.md, "The cost of emulation"). Other platforms: the arm64 figure.
 */
const measuredSlowdown = { 'linux/arm64': 6, 'linux/arm/v7': 7.6 };
const slowdownOf = (platform) => measuredSlowdown[platform] ?? measuredSlowdown['linux/arm64'] ?? 6;
/** Emulated RUN steps above this share of the build's wall time get the advice. */
const ADVICE_SHARE = 0.5;
const SLOWEST = 3;
const COMMAND_CHARS = 60;
/** The text with every secret value replaced by ***, longest first (a value may contain another). */
function hideSecrets(text, secrets) {
    return [...secrets]
        .filter((secret) => secret.length > 0)
        .sort((a, b) => b.length - a.length)
        .reduce((result, secret) => result.split(secret).join('***'), text);
}
function shorten(text, limit = COMMAND_CHARS) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length <= limit ? line : `${line.slice(0, limit - 1)}…`;
}
const secondsText = (seconds) => `${seconds.toFixed(1)} s`;
/** Where a step runs and whom it builds for; one platform's build prints no platform at all. */
function placed(step, platforms) {
    const only = platforms.length === 1 ? platforms[0] : undefined;
    return { runsOn: step.platform ?? only, buildsFor: step.target ?? only };
}
/** The share of [startedAt, endedAt] during which at least one of the steps ran. */
function shareOfWall(steps, startedAt, endedAt) {
    const wall = endedAt - startedAt;
    if (wall <= 0)
        return 0;
    const spans = steps
        .filter((step) => step.doneAt !== undefined && step.seconds !== undefined)
        .map((step) => [
        Math.max(startedAt, step.doneAt - step.seconds * 1000),
        step.doneAt
    ])
        .sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let reach = startedAt;
    for (const [from = 0, to = 0] of spans) {
        const start = Math.max(from, reach);
        if (to > start)
            covered += to - start;
        reach = Math.max(reach, to);
    }
    return Math.min(1, covered / wall);
}
function platformReport(request, platform, ran) {
    const steps = request.progress.steps.filter((step) => step.instruction !== undefined &&
        step.instruction !== 'FROM' &&
        placed(step, request.platforms).buildsFor === platform);
    const mine = ran.filter((step) => placed(step, request.platforms).runsOn === platform);
    const wall = request.endedAt - request.startedAt;
    const slowest = [...mine]
        .sort((a, b) => (b.seconds ?? 0) - (a.seconds ?? 0))
        .slice(0, SLOWEST)
        .map((step) => {
        const line = lineOf(request.dockerfile, 'RUN', step.command);
        const command = shorten(hideSecrets(`RUN ${step.command}`, request.secrets));
        const seconds = step.seconds ?? 0;
        const entry = { command, seconds, share: wall > 0 ? Math.min(1, (seconds * 1000) / wall) : 0 };
        return line === undefined ? entry : { line, ...entry };
    });
    return {
        platform,
        steps: steps.length,
        fromCache: steps.filter(fromCache).length,
        emulated: request.emulated.includes(platform),
        emulatedSeconds: mine.reduce((sum, step) => sum + (step.seconds ?? 0), 0),
        slowest
    };
}
/** `line 3: RUN make 60.0 s, 60% of the build`: where, what, how long, and how much of the build that was. */
const describeStep = (step) => `${step.line !== undefined ? `line ${step.line}: ` : ''}${step.command} ${secondsText(step.seconds)}, ${Math.round(step.share * 100)}% of the build`;
/** The two ways out, each with the gain the measured slowdown promises for these steps. */
function advice(request, emulated, share) {
    const wall = (request.endedAt - request.startedAt) / 1000;
    const total = emulated.reduce((sum, entry) => sum + entry.emulatedSeconds, 0);
    const native = emulated.reduce((sum, entry) => sum + entry.emulatedSeconds / slowdownOf(entry.platform), 0);
    const slowdowns = emulated.map((entry) => `${slowdownOf(entry.platform)}× for ${entry.platform}`).join(', ');
    const longest = Math.max(...emulated.map((entry) => entry.emulatedSeconds / slowdownOf(entry.platform)));
    const slowest = Math.max(...emulated.map((entry) => entry.emulatedSeconds));
    return [
        `RUN steps under QEMU took ${Math.round(share * 100)}% of this build (${secondsText(total)} of RUN time in a ${secondsText(wall)} build). QEMU runs a shell loop slower than native by ${slowdowns} (measured on our test machine).`,
        `Cross-compile: run these steps in a stage FROM --platform=$BUILDPLATFORM that builds for $TARGETARCH, and copy the result into the final stage. Expected: about ${secondsText(native)} instead of ${secondsText(total)}.`,
        `Or build each platform on a runner of its own architecture with the reusable workflow, one line: uses: ${request.workflow} (with image and platforms). Expected: each platform's RUN steps at native speed, in parallel: about ${secondsText(longest)} for the slowest instead of ${secondsText(slowest)}, plus about a minute for the extra jobs and the merge.`
    ];
}
function emulationPart(request, platforms, ran) {
    const emulated = platforms.filter((entry) => entry.emulatedSeconds > 0);
    if (emulated.length === 0)
        return undefined;
    const share = shareOfWall(ran, request.startedAt, request.endedAt);
    const wall = (request.endedAt - request.startedAt) / 1000;
    const parts = emulated.map((entry) => `${entry.platform} ${secondsText(entry.emulatedSeconds)} in RUN steps under QEMU (slowest: ${entry.slowest.slice(0, 1).map(describeStep).join('')})`);
    const line = `Emulation: ${parts.join('; ')}; ${Math.round(share * 100)}% of the build's ${secondsText(wall)}`;
    return { line, share, advice: share >= ADVICE_SHARE ? advice(request, emulated, share) : [] };
}
function exportLines(progress) {
    return progress.exports.map((entry) => entry.error
        ? `cache export failed (the build went on): ${shorten(entry.error, 200)}`
        : `cache exported: ${entry.layers} layer(s)${entry.manifest ? `, manifest ${entry.manifest.slice(0, 19)}…` : ''}`);
}
function buildReport(request) {
    const ran = request.progress.steps.filter((step) => {
        const runsOn = placed(step, request.platforms).runsOn;
        return step.instruction === 'RUN' && !fromCache(step) && runsOn !== undefined && request.emulated.includes(runsOn);
    });
    const platforms = request.platforms.map((platform) => platformReport(request, platform, ran));
    const report = {
        wallSeconds: (request.endedAt - request.startedAt) / 1000,
        platforms,
        cacheLine: request.cacheLine,
        cacheExports: exportLines(request.progress)
    };
    const emulation = emulationPart(request, platforms, ran);
    if (emulation)
        report.emulation = emulation;
    return report;
}

;// CONCATENATED MODULE: ./src/registry/tag-refusals.ts
// What a registry's refusal to move a tag means, said plainly where the registry's own words are
// terse. ECR answers a tag PUT into a repository with immutable tags with HTTP 400 and the error
// entry {code: "TAG_INVALID", message: "The image tag '1' already exists in the 'app' repository and
// cannot be overwritten because the repository is immutable."} ("… because the tag is immutable."
// under per-tag rules). Only that entry is read: never the whole text, which names the repository
// (a repository may be called "immutable") and carries other answers (401, 403) too.


/** ECR's sentence; tags and repository names cannot hold a quote, so each quoted part is one name. */
const ecrImmutableTag = /^The image tag '[^']*' already exists in the '[^']*' repository and cannot be overwritten because the (?:repository|tag) is immutable\.?$/;
const refusedAsImmutable = (error) => error instanceof RegistryRefusal &&
    error.errors.some((entry) => entry.code === 'TAG_INVALID' && ecrImmutableTag.test(entry.message ?? ''));
/** Why a tag did not move: the registry's words, with what they mean and what to do when it said the tag is immutable. */
function explainTagRefusal(error) {
    const reason = (0,errors/* errorMessage */.gJ)(error);
    if (!refusedAsImmutable(error))
        return reason;
    return (`the repository's tags are immutable (ECR: image tag mutability IMMUTABLE), and this tag already exists, ` +
        `so it cannot be moved to the new image; use tags that are new for each release (a version, sha-<commit>), ` +
        `leave out floating tags such as latest for that repository, or make its tags mutable (${reason})`);
}

;// CONCATENATED MODULE: ./src/registry/promote.ts
// Promotion: once the image is in every target repository by digest and has passed its checks,
// each final tag is one manifest PUT of the same bytes, all sent at once. The digest users pull
// under a tag is therefore the one that was checked.



/**
 * Puts the image's top manifest under every tag, side by side, so the tags move as one burst.
 * Never throws for a refused tag: the caller learns exactly which tags moved and which did not.
 */
async function moveTags(session, image, targets) {
    const settled = await Promise.allSettled(targets.map(async (tagTarget) => {
        const target = remoteTargetOf(tagTarget);
        const stored = await putManifest({ client: session.registry(target.registry), repository: target.repository }, target.reference, image);
        if (stored !== image.digest)
            throw new Error(`the registry stored it as ${stored}, not ${image.digest}: it rewrote the manifest`);
    }));
    const moves = { moved: [], failed: [] };
    settled.forEach((outcome, index) => {
        const target = targets[index];
        if (outcome.status === 'fulfilled')
            moves.moved.push(target);
        else
            moves.failed.push({
                reference: target.text,
                reason: explainTagRefusal(outcome.reason)
            });
    });
    return moves;
}

;// CONCATENATED MODULE: ./src/registry/cache-tags.ts
// cache: registry writes one cache export per build and then puts that same cache manifest under
// the tag of each other platform the build made: one upload of every layer, one tag per platform.


/**
 * Puts the cache manifest `digest` of `repository` (registry/path) under each of `tags`. Reads it by
 * digest, so a cache another job wrote to the first tag meanwhile is never copied.
 */
async function tagCacheManifest(session, repository, digest, tags) {
    const { registry, repository: path } = splitReference(repository);
    const manifest = await session.registry(registry).getManifest(path, digest);
    if (!manifest)
        throw new Error(`${repository}@${digest} is not in the registry`);
    return moveTags(session, manifest, tags.map((tag) => ({ registry, repository: path, tag, text: `${repository}:${tag}` })));
}

;// CONCATENATED MODULE: ./src/steps/build-insight.ts










/** The cache input's specs for these platforms; logs the one line that says what they are. */
async function cacheSpecsFor(plan, builder, platforms, started) {
    const daemon = await started.daemon;
    const specs = await resolveCache({
        plan: plan.cache,
        platforms,
        builder,
        env: process.env,
        ...(daemon ? { daemon } : {}),
        ...(started.buildxVersion ? { buildxVersion: started.buildxVersion } : {})
    });
    runner/* info */.pq(specs.line);
    return specs;
}
/**
 * cache: registry exported once, to the first platform's tag: the same cache manifest goes under the
 * other platforms' tags. A cache that could not be tagged is a warning, never a failed build.
 */
async function tagCacheCopies(session, specs, run) {
    if (!specs.alsoTag)
        return [];
    const { repository, tags } = specs.alsoTag;
    const exported = run.progress.exports.find((entry) => entry.manifest && !entry.error);
    if (!exported?.manifest) {
        runner/* warning */.$e(`cache: the cache export wrote no manifest, so ${tags.join(', ')} were not written`);
        return [`not written: ${tags.join(', ')} (no cache manifest was exported)`];
    }
    try {
        const { moved, failed } = await tagCacheManifest(session, repository, exported.manifest, tags);
        for (const { reference, reason } of failed)
            runner/* warning */.$e(`cache: ${reference} was not written: ${reason}`);
        return moved.length > 0 ? [`same cache manifest also under ${moved.map(({ tag }) => tag).join(', ')}`] : [];
    }
    catch (error) {
        runner/* warning */.$e(`cache: ${tags.join(', ')} were not written: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return [`not written: ${tags.join(', ')}`];
    }
}
/** Platforms whose RUN steps run under QEMU: not the runner's own, and served natively by no node. */
function emulatedPlatforms(plan, builder, platforms) {
    if (builderFirst(plan.builder, builder.driver))
        return routePlatforms(platforms, builder.nodes).unserved;
    return platforms.filter((platform) => !(0,model_platforms/* runsNatively */.PU)(platform, plan.native));
}
/** The reusable workflow's one-line `uses:`, named after the repository this action runs from. */
function workflowUses(env = process.env) {
    const repository = env['GITHUB_ACTION_REPOSITORY'] || 'acme/multiarch-build-push';
    const major = /^v\d+/.exec(env['GITHUB_ACTION_REF'] ?? '')?.[0] ?? 'v1';
    return `${repository}/.github/workflows/build.yml@${major}`;
}
function dockerfileText(plan) {
    return plan.preflight.dockerfile?.text ?? '';
}
/** Reads the build's progress back; logs one cache line and, when RUN steps ran under QEMU, one emulation line. */
function reportBuild(plan, context, run) {
    const report = buildReport({
        progress: run.progress,
        platforms: context.platforms.map(model_platforms/* formatPlatform */.Bq),
        emulated: emulatedPlatforms(plan, context.builder, context.platforms).map(model_platforms/* formatPlatform */.Bq),
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        dockerfile: instructionLines(dockerfileText(plan)),
        cacheLine: context.cacheLine,
        workflow: workflowUses(),
        secrets: buildSecretValues(plan.build, [])
    });
    report.cacheExports.push(...context.tagged);
    const counts = report.platforms.map((entry) => `${entry.platform} ${entry.fromCache} of ${entry.steps}`);
    runner/* info */.pq(`Cache: steps from the cache: ${counts.join(', ')}${report.cacheExports.map((line) => `; ${line}`).join('')}`);
    if (report.emulation)
        runner/* info */.pq(report.emulation.line);
    return report;
}

;// CONCATENATED MODULE: ./src/registry/push.ts
// The image goes to every target repository untagged, by digest: blobs (HEAD first, mounted within
// a registry, uploaded otherwise), child manifests, then the top manifest. Nothing here writes a
// tag, so a repository that refuses a push fails the step before any tag anywhere has moved.





/** Some target repositories refused the image: which, and why. No tag was written anywhere. */
class PushRefused extends Error {
    refusals;
    constructor(refusals) {
        super(`The image could not be pushed by digest to ${refusals.map(({ repository }) => repository).join(', ')}:\n` +
            refusals.map(({ repository, reason }) => `- ${repository}: ${reason}`).join('\n'));
        this.refusals = refusals;
        this.name = 'PushRefused';
    }
}
// Manifest HEADs and PUTs at once; blobs in hand at once (a HEAD, a mount or an upload each); of
// those, uploads of data at once.
const MANIFEST_CONCURRENCY = 8;
const BLOB_CONCURRENCY = 16;
const UPLOAD_CONCURRENCY = 4;
const sameRepository = (a, b) => a !== undefined && a.client === b.client && a.repository === b.repository;
/** Where a blob can be mounted from within the target's registry: its own origin there, else a repository filled before. */
function mountSource(origin, target, filled) {
    if (origin.remote?.client === target.client)
        return origin.remote.repository;
    return filled?.client === target.client ? filled.repository : undefined;
}
/**
 * One repository being filled: each manifest's way in runs on its own (a HEAD; when missing, its
 * blobs, then its PUT), so no stage waits for the slowest of the one before. A blob named by several
 * manifests is transferred once, for whichever asks first.
 */
class RepositoryFill {
    target;
    filled;
    manifestGate = new Gate(MANIFEST_CONCURRENCY);
    blobGate = new Gate(BLOB_CONCURRENCY);
    uploads = new Gate(UPLOAD_CONCURRENCY);
    transfers = new Map();
    constructor(target, filled) {
        this.target = target;
        this.filled = filled;
    }
    /** Whether the repository has the manifest, so every blob it names (a HEAD). */
    has(manifest) {
        return this.manifestGate.run(() => hasManifest(this.target, manifest));
    }
    /** Writes a manifest by its digest; the registry must store it under that digest. */
    async put(manifest) {
        const digest = await this.manifestGate.run(() => putManifest(this.target, manifest.digest, manifest));
        if (digest !== manifest.digest)
            throw new Error(`the registry stored ${manifest.digest} as ${digest}: it rewrote the manifest`);
    }
    /** Every blob a manifest names in the repository; none are asked for when its origin is the repository itself. */
    async blobsOf({ item, origin }) {
        if (sameRepository(origin.remote, this.target))
            return;
        await settleAll(blobsOf(item).map((blob) => this.blob(blob, origin)));
    }
    /** What became of each blob, once every transfer is over. */
    outcomes() {
        return Promise.all(this.transfers.values());
    }
    blob(blob, origin) {
        let transfer = this.transfers.get(blob.digest);
        if (!transfer) {
            const options = { mountFrom: mountSource(origin, this.target, this.filled), uploads: this.uploads };
            transfer = this.blobGate.run(() => transferBlob(origin, this.target, blob, options));
            this.transfers.set(blob.digest, transfer);
        }
        return transfer;
    }
}
/** Waits for every piece of work, then throws the first failure: nothing is left running behind a refusal. */
async function settleAll(work) {
    const settled = await Promise.allSettled(work);
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed)
        throw failed.reason;
    return settled.map((outcome) => outcome.value);
}
/**
 * The child manifests into the repository: image manifests side by side, each right after its
 * blobs; then the indexes the repository lacks, in order (an index may only name what is there).
 * Resolves to how many were written.
 */
async function fillManifests(fill, content, target) {
    // A repository that is a manifest's own origin has it already.
    const candidates = content.manifests.filter(({ origin }) => !sameRepository(origin.remote, target));
    const image = async (entry) => {
        if (await fill.has(entry.item))
            return false;
        await fill.blobsOf(entry);
        await fill.put(entry.item);
        return true;
    };
    const indexes = candidates.filter(({ item }) => isIndex(item));
    const indexMissing = indexes.map(async ({ item }) => !(await fill.has(item)));
    const [written, missing] = await Promise.all([
        settleAll(candidates.filter(({ item }) => !isIndex(item)).map(image)),
        settleAll(indexMissing)
    ]);
    const missingIndexes = indexes.filter((_, index) => missing[index]);
    for (const { item } of missingIndexes)
        await fill.put(item);
    return written.filter(Boolean).length + missingIndexes.length;
}
/** Pushes the whole image into one repository, by digest; `filled` is a repository of the same registry that has it all. */
async function fillRepository(content, target, filled) {
    const fill = new RepositoryFill(target, filled);
    const [manifests] = await settleAll([
        fillManifests(fill, content, target),
        // A single image's own blobs (its top has no children).
        content.topOrigin
            ? fill.blobsOf({ item: content.top, origin: content.topOrigin }).then(() => 0)
            : Promise.resolve(0)
    ]);
    const outcomes = await fill.outcomes();
    // Always written, even when present: this PUT is what proves the right to push here.
    const digest = await putManifest(target, content.top.digest, content.top);
    if (digest !== content.top.digest)
        throw new Error(`the registry stored the image as ${digest}, not ${content.top.digest}: it rewrote the manifest`);
    const count = (outcome) => outcomes.filter((entry) => entry.outcome === outcome).length;
    return {
        repository: `${target.client.registry}/${target.repository}`,
        uploaded: count('uploaded'),
        mounted: count('mounted'),
        present: count('present'),
        bytes: outcomes.reduce((sum, entry) => sum + entry.bytes, 0),
        manifests: (manifests ?? 0) + 1
    };
}
/** Target repositories (registry/repository) grouped by registry client, in the order given. */
function byRegistry(session, repositories) {
    const groups = new Map();
    for (const name of new Set(repositories)) {
        const { registry, repository } = splitReference(name);
        const client = session.registry(registry);
        const group = groups.get(client.registry) ?? [];
        if (!group.some((entry) => entry.client === client && entry.repository === repository))
            group.push({ client, repository });
        groups.set(client.registry, group);
    }
    return [...groups.values()];
}
/**
 * Pushes the image by digest into every repository: per registry, the first repository gets the
 * data, the others mount it from there; registries side by side. Every refusal is collected and
 * thrown together as PushRefused, so the error names each repository that refused.
 */
async function pushByDigest(session, content, repositories) {
    const refusals = [];
    const groups = byRegistry(session, repositories);
    const pushed = new Map();
    const attempt = async (target, filled) => {
        try {
            pushed.set(target, await fillRepository(content, target, filled));
            return true;
        }
        catch (error) {
            const reason = (0,errors/* errorMessage */.gJ)(error);
            refusals.push({ repository: `${target.client.registry}/${target.repository}`, reason });
            return false;
        }
    };
    await Promise.all(groups.map(async ([first, ...others]) => {
        if (!first)
            return;
        const filled = (await attempt(first)) ? first : undefined;
        await Promise.all(others.map((target) => attempt(target, filled)));
    }));
    if (refusals.length > 0)
        throw new PushRefused(refusals);
    return groups.flat().flatMap((target) => pushed.get(target) ?? []);
}

;// CONCATENATED MODULE: ./src/steps/push-at-export.ts


/**
 * Whether the push starts at the export: a release into the layout, unless the build also exports a
 * cache to a registry. BuildKit writes that after the image, and in the image's repository it holds
 * the same layers: pushed at the same time, each would be uploaded twice.
 */
function pushesAtExport(plan, exported, cache) {
    // The user's cache-to: a registry's, or one whose type cannot be told.
    const userWritesRegistry = plan.build.cacheTo.some(({ type }) => type === 'registry' || type === '');
    return plan.push && exported?.kind === 'layout' && !cache.writesRegistry && !userWritesRegistry;
}
class PushAtExport {
    plan;
    job;
    early;
    settle = () => undefined;
    /** Until the stand-ins are placed, a stand-in's empty file is not known as one: the push must not start. */
    placed = new Promise((resolve) => {
        this.settle = resolve;
    });
    constructor(plan, job) {
        this.plan = plan;
        this.job = job;
    }
    /** Called once the stand-ins' placement beside buildx has started (undefined: none are placed). */
    besideBuild(standIns) {
        this.settle(standIns);
    }
    /** The export into the layout is done and named its image (a build tried again starts another push). */
    exported = (digest) => {
        const begun = performance.now();
        const pushing = this.push(digest);
        // Read by take(), or by nobody when the build fails: no unhandled rejection meanwhile.
        pushing.catch(() => undefined);
        this.early = { digest, begun, pushing };
    };
    async push(digest) {
        const standIns = await this.placed;
        await standIns;
        const image = await openLayoutImage(this.plan, this.job, digest).catch(() => undefined);
        return image && pushByDigest(this.job.session, image.content, this.plan.repositories);
    }
    /** The push started for `digest`, the image buildx built; undefined when none was (or it was for another image). */
    take(digest) {
        return this.early?.digest === digest ? this.early : undefined;
    }
}

;// CONCATENATED MODULE: ./src/steps/build-phases.ts
// The build's phases: base images, emulators, builder, build (pushed by digest by BuildKit, or
// streamed to the action: image-export.ts). Each takes what the ones before it made and returns its
// own; the release phases (push by digest, checks, promote) follow (release.ts).

















/** Logs what the emulator step found and did; returns the same as one line for the job summary. */
function describeEmulators(report) {
    const names = (arches) => arches.map((arch) => `qemu-${arch}`).join(', ');
    const lines = [];
    if (report.needed.length === 0)
        lines.push('every requested platform runs natively here');
    if (report.alreadyRegistered.length > 0)
        lines.push(`already registered ${names(report.alreadyRegistered)}`);
    if (report.registered.length > 0)
        lines.push(`registered ${names(report.registered)} (${report.method})`);
    for (const line of lines)
        runner/* info */.pq(`QEMU: ${line}`);
    return lines.join('; ');
}
/** Runs the build with the export's reader on buildx's stdout; a reader that failed first names its own error. */
async function buildWith(plan, builder, buildPlan, { receiver, atExport }) {
    try {
        return await runBuild(plan.build, builder, buildPlan, {
            ...(receiver ? { stdoutTo: receiver.sink } : {}),
            ...(atExport ? { onImageExported: atExport.exported } : {})
        });
    }
    catch (error) {
        const readError = receiver
            ? await receiver.received().then(() => undefined, (failure) => failure)
            : undefined;
        // The tar ending early is the build's failure, said by the build; anything else stopped the build.
        if (readError && !(readError instanceof TruncatedExport))
            throw new errors/* ActionError */.lZ(`Reading the image buildx exported failed: ${(0,errors/* errorMessage */.gJ)(readError)}`);
        throw error;
    }
}
/** The image as the release needs it, and the log line: pushed by BuildKit, in the kept layout, or streamed to a partial layout. */
async function takeImage(plan, job, built, { exported, receiver }) {
    const { platformList, digest } = built;
    if (exported.kind === 'push-by-digest') {
        const image = await openPushedImage(plan, job, digest);
        const line = `Built ${platformList} as ${digest}; BuildKit pushed it by digest, untagged, into ${plan.repositories.join(', ')}`;
        return { line, image: { ...image, pushedBy: 'buildkit' } };
    }
    if (exported.kind === 'layout' || !receiver) {
        const image = await openLayoutImage(plan, job);
        const where = job.layout.get().kept
            ? "the image's kept layout (only what changed was written)"
            : "the job's layout";
        return { line: `Built ${platformList} as ${image.content.top.digest}, exported to ${where}`, image };
    }
    const received = await receiver.received();
    // The partial layout the stream left: only the layers that are not the base image's.
    const image = await openLayoutImage(plan, job);
    const line = `Built ${platformList} as ${image.content.top.digest}, streamed: ${received.kept.blobs} blob(s) kept on the runner (${received.kept.bytes} bytes), ` +
        `${received.dropped.blobs} layer(s) neither written nor sent (${received.dropped.bytes} bytes; the base image's)`;
    if (exported.kind === 'stream' && exported.localImage)
        image.localImage = exported.localImage;
    return { line, image };
}
/** The cache's specs, with the daemon as driver: auto read it, or as the job started reading it (the docker driver at the user's own daemon). */
function cacheSpecs(plan, job, { builder, platforms, driver }) {
    const daemon = driver.daemon ?? (builder.driver === 'docker' ? job.daemonFacts : undefined);
    return cacheSpecsFor(plan, builder, platforms, { daemon, buildxVersion: job.buildxVersion });
}
/**
 * What the build needs first, each reading the registry, side by side: the floating-tag guard (a
 * release), the stream's reader (the base image's layers) and the cache's specs.
 */
async function beforeBuild(plan, job, ready, exported) {
    const [guarded, receiver, cache] = await Promise.all([
        plan.promote ? guardFloatingTags(job.session, plan.tags) : undefined,
        exported?.kind === 'stream' ? streamReceiver(plan, job) : undefined,
        cacheSpecs(plan, job, ready)
    ]);
    return { ...(guarded ? { guarded } : {}), receiver, cache };
}
/** The build's result once the stand-ins placed beside it are in too, their line logged after buildx's, whatever the build did. */
async function alongside(building, standIns) {
    try {
        return await building;
    }
    finally {
        const line = await standIns;
        if (line)
            runner/* info */.pq(line);
    }
}
/** Builds; what it made goes into `made` as it comes, so a failure after the build still reports the digest. */
async function buildInto(plan, job, ready, made) {
    const { builder, platforms } = ready;
    const exported = chooseExport(plan, builder, job);
    // Saved before it exists: a step killed mid-build leaves it to the post step.
    if (exported?.kind === 'stream' && exported.localImage)
        savePostState({ localImage: exported.localImage });
    const { guarded, receiver, cache } = await beforeBuild(plan, job, ready, exported);
    if (guarded)
        made.guarded = guarded;
    const buildPlan = {
        platforms,
        tags: targetTexts(plan.tags.targets),
        labels: plan.labels,
        annotations: plan.annotations,
        ...(exported ? { export: exported } : {}),
        metadataFile: external_node_path_.join(job.config.dir, 'build-metadata.json'),
        cache
    };
    // A release into the layout is pushed by digest once the export is done, before buildx exits,
    // unless a cache export follows the image's.
    const atExport = pushesAtExport(plan, exported, cache) ? new PushAtExport(plan, job) : undefined;
    const building = buildWith(plan, builder, buildPlan, { receiver, atExport });
    // buildx is running by now (the exec seam starts it before its first await): the stand-ins go in
    // while it starts (they read the registry caches the build reads), and the restore overlaps the build.
    const standIns = exported?.kind === 'layout'
        ? placeStandIns(plan, job, { cacheFrom: cache.cacheFrom, tagRead: ready.tagRead })
        : undefined;
    atExport?.besideBuild(standIns);
    const scansRestore = exported ? startScansRestore(plan) : undefined;
    const { run: watched, ...result } = await alongside(building, standIns);
    made.image = result;
    made.repository = plan.repositories[0] ?? '';
    const tagged = await tagCacheCopies(job.session, cache, watched);
    made.build = reportBuild(plan, { builder, platforms, cacheLine: cache.line, tagged }, watched);
    const platformList = platforms.map(model_platforms/* formatPlatform */.Bq).join(',');
    if (!exported) {
        const why = isPullRequest(plan.event) ? ' for pull requests' : '';
        return { line: `Built ${platformList}; nothing pushed (push is off${why})` };
    }
    const { line, image } = await takeImage(plan, job, { platformList, digest: result.digest }, { exported, receiver });
    const digest = image.content.top.digest;
    made.image = { ...result, digest, imageId: result.imageId || digest };
    const tags = made.guarded?.push ?? plan.tags.targets;
    const pushing = atExport?.take(digest);
    const release = {
        plan,
        job,
        image,
        platforms,
        digest,
        repository: made.repository,
        tags,
        ...(pushing ? { pushing } : {})
    };
    return { line, release: scansRestore ? { ...release, scansRestore } : release };
}
/** The build phase: the floating-tag guard (a release), the build, and the image for the release phases. */
async function build(plan, job, ready) {
    const made = {};
    try {
        return { ...(await buildInto(plan, job, ready, made)), made };
    }
    catch (error) {
        throw new PartlyDone(error, made);
    }
}
/** Base images: before emulators and builder, so a trimmed platform needs neither. */
async function baseImages(plan, job) {
    const platforms = await checkBasePlatforms(job.session, plan.preflight, plan.platforms, plan.native);
    const names = platforms.map(model_platforms/* formatPlatform */.Bq);
    const line = `platform-check ${plan.preflight.level}: building ${names.join(', ')}`;
    return { line, made: { platforms: names }, platforms };
}
/** Emulators, unless the builder registers them (nodes elsewhere, or the user's builder). */
async function emulators(plan, job, platforms) {
    const off = 'off (qemu: false)';
    if (!plan.builder.emulators.enabled)
        return { line: off, made: { emulators: off } };
    const driver = await resolveDriver(plan.builder, platforms, job.daemonFacts);
    // Nodes elsewhere, or the user's builder: the builder phase registers only what no node runs natively.
    if (builderFirst(plan.builder, driver.driver))
        return { line: 'after the builder, for platforms no node serves natively', driver };
    const registered = await emulatorsBeforeBuilder(plan.builder.emulators, platforms);
    const line = registered ? describeEmulators(registered) : off;
    return { line, made: { emulators: line }, driver, ...(registered ? { registered } : {}) };
}
/** The job's builder, with the emulators it registers itself when none were before it. */
async function builderPhase(plan, job, { platforms, driver: resolved, registered }) {
    const driver = resolved ?? (await resolveDriver(plan.builder, platforms, job.daemonFacts));
    const setup = await setUpBuilder({
        name: job.name,
        plan: plan.builder,
        driver: driver.driver,
        config: job.config,
        platforms,
        native: plan.native,
        ...(registered ? { registered } : {})
    });
    const { builder } = setup;
    const made = { builder: builder.name };
    if (setup.emulators && !registered)
        made.emulators = describeEmulators(setup.emulators);
    const line = `${builder.name} (${builder.driver}) builds ${platforms.map(model_platforms/* formatPlatform */.Bq).join(', ')}`;
    return { line, made, builder, platforms, driver };
}
/** The build's phases, in order, each given what the ones before it made; returns the image for the release phases. */
async function buildPhases(run, plan, job) {
    // The stand-ins need it just before the build: read while the base images, emulators and builder get ready.
    const tagRead = startTagRead(plan, job);
    const { platforms } = await run.phase('Base images', () => baseImages(plan, job));
    const emulated = await run.phase('Emulators', () => emulators(plan, job, platforms));
    const ready = await run.phase('Builder', () => builderPhase(plan, job, { ...emulated, platforms }));
    const { release } = await run.phase('Build', () => build(plan, job, { ...ready, tagRead }));
    return release;
}

;// CONCATENATED MODULE: ./src/buildx/node-identity.ts
// buildx names the build context's upload `<context folder>:<node id>`, the node id being the random
// `.buildNodeID` in its config directory. BuildKit keeps the last upload under that name and then
// sends only the files that changed. The job's own Docker config would give buildx a new id in every
// job, so every build would upload its whole context again (150 MB and a second on the big bench
// image). The job takes the runner's id instead, as docker's own actions, which keep ~/.docker, do.





const NODE_ID_FILE = '.buildNodeID';
// What buildx writes: 8 random bytes in hex. Anything else is left to buildx.
const nodeIdPattern = /^[0-9a-f]{16}$/;
function readNodeId(file) {
    try {
        const id = (0,external_node_fs_.readFileSync)(file, 'utf8');
        return nodeIdPattern.test(id) ? id : undefined;
    }
    catch {
        return undefined;
    }
}
/** The id the user's own buildx builds with: in $BUILDX_CONFIG, else in their Docker config's buildx. */
function userNodeId(userDir, env) {
    return readNodeId(external_node_path_.join(userBuildxDir(userDir, env), NODE_ID_FILE));
}
/** This action's own id, kept between jobs in its private cache directory; made on first use. */
function keptNodeId(env, uid) {
    const dir = privateCacheDir('buildx-node', env);
    if (!dir || privateDir(dir, uid))
        return undefined;
    const file = external_node_path_.join(dir, NODE_ID_FILE);
    const kept = readNodeId(file);
    if (kept)
        return kept;
    try {
        // 'wx': of two jobs making it at once, one writes and both then read the same id.
        (0,external_node_fs_.writeFileSync)(file, (0,external_node_crypto_.randomBytes)(8).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    catch (error) {
        if (error.code !== 'EEXIST')
            return undefined;
    }
    return readNodeId(file);
}
/**
 * Gives the job's buildx the runner's node id: the user's own when they have one, else one this
 * action keeps. Returns where it came from, or undefined when buildx is left to make a new one.
 */
function shareNodeIdentity({ jobConfigDir, userDir, env = process.env, uid = process.getuid?.() ?? -1 }) {
    try {
        const user = userNodeId(userDir, env);
        const id = user ?? keptNodeId(env, uid);
        if (!id)
            return undefined;
        const buildxDir = external_node_path_.join(jobConfigDir, 'buildx');
        (0,external_node_fs_.mkdirSync)(buildxDir, { recursive: true, mode: 0o700 });
        (0,external_node_fs_.writeFileSync)(external_node_path_.join(buildxDir, NODE_ID_FILE), id, { mode: 0o600, flag: 'wx' });
        return user ? 'user' : 'kept';
    }
    catch {
        // Only an incremental upload is lost: buildx makes its own id.
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/registry/docker-config.ts
var docker_config = __webpack_require__(26);
// EXTERNAL MODULE: ./src/registry/login-kinds/handler.ts
var handler = __webpack_require__(1475);
;// CONCATENATED MODULE: ./src/registry/login-kinds/password.ts
const passwordLogin = {
    credentials: ({ username, password }) => Promise.resolve({ username, password }),
    describe: (_login, { username }) => `as ${username}`
};

;// CONCATENATED MODULE: ./src/registry/login-kinds/kind.ts

const loaders = new Map([
    ['password', () => Promise.resolve(passwordLogin)],
    ['ecr', async () => (await Promise.all(/* import() */[__webpack_require__.e(549), __webpack_require__.e(557)]).then(__webpack_require__.bind(__webpack_require__, 6557))).ecrLogin]
]);
/** Adds a kind, loaded on first use (a test's fake kind; the action's own kinds are in the table above). */
function registerLoginKind(kind, load) {
    loaders.set(kind, load);
}
/** The handler of a kind (`password` when none is given). */
function loginKindHandler(kind = 'password') {
    const load = loaders.get(kind);
    if (!load)
        return Promise.reject(new Error(`no login kind '${kind}' (known: ${[...loaders.keys()].join(', ')})`));
    return load();
}

;// CONCATENATED MODULE: ./src/registry/registry-login.ts










/**
 * A credential helper the user configured for this registry would take our login out of the
 * job's directory (into a keychain or pass store, where it outlives the job): every helper entry
 * that names this registry, under any of its spellings, is dropped from the job's copy.
 */
function keepLoginInJobConfig(dockerConfigDir, server) {
    const file = external_node_path_.join(dockerConfigDir, 'config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return;
    const config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    const helpers = config.credHelpers ?? {};
    const aliases = Object.keys(helpers).filter((key) => canonicalRegistry(key) === canonicalRegistry(server));
    if (aliases.length === 0)
        return;
    for (const key of aliases)
        delete helpers[key];
    (0,external_node_fs_.writeFileSync)(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}
/**
 * Where docker put the login for `server`: undefined when the job's config.json holds it, else where
 * it went instead (a credential helper, a store docker chose, or nowhere to be seen).
 */
function loginOutsideJobConfig(dockerConfigDir, server) {
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(dockerConfigDir, 'config.json'), 'utf8'));
    }
    catch (error) {
        return `the job's config.json could not be read (${(0,errors/* errorMessage */.gJ)(error)})`;
    }
    const wanted = canonicalRegistry(server);
    const held = Object.entries(config.auths ?? {}).some(([key, entry]) => canonicalRegistry(key) === wanted &&
        ((typeof entry?.auth === 'string' && entry.auth !== '') ||
            (typeof entry?.identitytoken === 'string' && entry.identitytoken !== '')));
    if (held)
        return undefined;
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => canonicalRegistry(key) === wanted)?.[1];
    const store = typeof helper === 'string' && helper ? helper : config.credsStore;
    return typeof store === 'string' && store
        ? `docker stored it with docker-credential-${store}, outside the job's config`
        : "docker did not write it to the job's config";
}
/** A login that went elsewhere is taken back (docker logout reaches the same store) and the step fails. */
async function takeBack(server, problem) {
    const loggedOut = await (0,exec/* run */.eF)('docker', ['logout', server], { allowFailure: true, timeoutMs: 20_000 });
    const undone = loggedOut.exitCode === 0
        ? 'it was logged out again'
        : `docker logout failed too (${(0,exec/* lastLines */.w$)(loggedOut.stderr, 2)}): remove it from that store by hand`;
    throw new errors/* ActionError */.lZ(`Login to ${server} did not stay in the job's Docker config: ${problem}; ${undone}.`, "the action keeps every login in the job's own Docker config, where the post step removes it; " +
        'a credsStore or credHelpers entry for this registry must not reach it.');
}
/**
 * dockerd pings the registry before it logs in; a ping answered 5xx or cut off leaves it without
 * the registry's challenge, so it asks without credentials and reports a 401. When the registry
 * takes the login asked directly, that 401 was the failed ping: worth another try, said as such.
 */
async function refusedAfterFailedPing(server, inputs, error) {
    const refused = error instanceof exec/* CommandError */.Qd && /failed with status: 401/.test(error.result.stderr);
    if (refused && (await new RegistryClient(server, inputs).acceptsLogin()))
        throw new RetryLater(`docker login got a 401 from ${server}, which takes these credentials when asked directly: the daemon's ping of the registry failed`, undefined);
    throw error;
}
/**
 * What to check after a failed login: the credentials when the registry refused them, else the way
 * to it. A 401 counts only as a status: the address in the message may hold the digits (port 40179).
 */
function loginAdvice(server, detail) {
    return /unauthorized|denied|incorrect|(?:status|HTTP)[: ]+401\b/i.test(detail)
        ? 'check the username and password (or token) and that the token may push to this registry.'
        : `check that ${server} is reachable from the runner.`;
}
/**
 * Logs in to the job's DOCKER_CONFIG; the password only ever travels through stdin. `whileRunning`
 * is called once `docker login` runs, for work that can overlap it.
 */
async function loginToRegistry(registry, inputs, whileRunning = () => undefined) {
    runner/* setSecret */.Pq(inputs.password);
    const server = registry;
    const jobConfig = (0,exec/* getJobEnv */.pE)()['DOCKER_CONFIG'];
    if (jobConfig)
        keepLoginInJobConfig(jobConfig, server);
    try {
        // withRetry makes its first try, and the exec seam starts docker, before either awaits.
        const loggingIn = withRetry(`Login to ${server}`, () => (0,exec/* run */.eF)('docker', ['login', server, '--username', inputs.username, '--password-stdin'], {
            input: inputs.password
        }).catch((error) => refusedAfterFailedPing(server, inputs, error)));
        whileRunning();
        await loggingIn;
    }
    catch (error) {
        const detail = error instanceof exec/* CommandError */.Qd ? (0,exec/* lastLines */.w$)(error.result.stderr, 3) : String(error);
        throw new errors/* ActionError */.lZ(`Login to ${server} failed as user '${inputs.username}': ${detail}`, loginAdvice(server, detail));
    }
    // Checked, not assumed: a login that reached a keychain would outlive the job.
    const elsewhere = jobConfig ? loginOutsideJobConfig(jobConfig, server) : undefined;
    if (elsewhere)
        await takeBack(server, elsewhere);
    runner/* info */.pq(`Logged in to ${server} as ${inputs.username} (credentials kept in the job's Docker config only)`);
}
/**
 * Logs in to each registry in turn, every given password masked before the first login starts.
 * Each login's kind (registry/login-kinds/) turns it into what `docker login` takes: the password
 * as given, or a token from AWS for ECR. Returns the logins as docker got them.
 */
async function loginToRegistries(logins, options = {}) {
    for (const { password } of logins)
        if (password)
            runner/* setSecret */.Pq(password);
    let overlap = options.whileLoggingIn;
    const runOverlapOnce = () => {
        const work = overlap;
        overlap = undefined;
        work?.();
    };
    const made = [];
    for (const login of logins) {
        const kind = await loginKindHandler(login.kind);
        let credentials;
        try {
            credentials = await kind.credentials(login);
        }
        catch (error) {
            if (!(error instanceof handler/* MissingLoginSecret */.e) || !options.onMissingSecret)
                throw error;
            options.onMissingSecret(login, error.missing);
            continue;
        }
        await loginToRegistry(login.registry, credentials, runOverlapOnce);
        made.push({ registry: login.registry, ...credentials, how: kind.describe(login, credentials) });
    }
    runOverlapOnce();
    return made;
}

;// CONCATENATED MODULE: ./src/registry/kept-layout.ts
// The docker driver sends every blob of its OCI export to the client, but into a layout that already
// holds a blob BuildKit writes nothing. So the layout of an image's last release is kept on the
// runner (private to its user, one per image, one job at a time) and pruned to that release: the
// next release writes only what changed, where a fresh layout would be a full copy every time.
// On a fresh runner the layout is empty: stand-ins (stand-ins.ts) for the layers every target
// repository has keep BuildKit from writing those; they are gone when the layout is released, and
// a job that takes the layout over removes any that a killed step left, before using it.








/** The folder of kept layouts: where the daemon's build cache would outlive the job too. */
function keptLayoutRoot(env = process.env) {
    return privateCacheDir('oci-layouts', env);
}
/** The job's own layout, removed when the step is done. */
function throwawayLayout(dir, why) {
    return {
        dir,
        kept: false,
        ...(why ? { why } : {}),
        release: () => {
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
            return Promise.resolve(undefined);
        }
    };
}
const isAlive = (pid) => {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
};
/** Takes the lock file (this process's pid); a lock whose process is gone is taken over. */
function lock(file) {
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            const fd = (0,external_node_fs_.openSync)(file, 'wx', 0o600);
            (0,external_node_fs_.writeSync)(fd, String(process.pid));
            (0,external_node_fs_.closeSync)(fd);
            return true;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
            const owner = Number((0,external_node_fs_.readFileSync)(file, 'utf8'));
            if (Number.isSafeInteger(owner) && owner > 0 && isAlive(owner))
                return false;
            (0,external_node_fs_.rmSync)(file, { force: true });
        }
    }
    return false;
}
/** Removes every blob the layout's image does not name (earlier releases' layers, unfinished writes), and every stand-in. */
async function pruneLayout(dir) {
    (0,external_node_fs_.rmSync)(external_node_path_.join(dir, 'ingest'), { recursive: true, force: true });
    sweepStandIns(dir);
    const layout = OciLayout.open(dir);
    const content = await collectContent(layout.topManifest(), () => layoutOrigin(layout));
    const named = new Set([
        layout.top.digest,
        ...content.manifests.map(({ item }) => item.digest),
        ...contentBlobs(content).map(({ item }) => item.digest)
    ]);
    const blobs = external_node_path_.join(dir, 'blobs', 'sha256');
    let removed = 0;
    for (const hex of (0,external_node_fs_.readdirSync)(blobs)) {
        if (named.has(`sha256:${hex}`))
            continue;
        (0,external_node_fs_.unlinkSync)(external_node_path_.join(blobs, hex));
        removed++;
    }
    return removed;
}
/**
 * The export's layout, had when an export first needs it: a release whose builder pushes by digest
 * never asks, so it never locks the image's kept layout (another job's release on the docker driver
 * may have it meanwhile) and never makes a directory.
 */
class LayoutOnDemand {
    hold;
    held;
    placed;
    constructor(hold) {
        this.hold = hold;
    }
    /** The layout; the first call holds it (a kept layout's lock is taken then), later ones get the same. */
    get() {
        this.held ??= this.hold();
        return this.held;
    }
    /** Places stand-ins for these layers (every target repository has them) in the held layout, recorded in `recordFile`. */
    placeStandIns(layers, recordFile) {
        this.placed ??= StandIns.place(this.get().dir, layers, recordFile);
        return this.placed;
    }
    /** The stand-ins placed in the layout, if any. */
    get standIns() {
        return this.placed;
    }
    /** Removes the stand-ins, then releases what was held (see ExportLayout.release); nothing when no export needed it. */
    async release() {
        if (!this.held)
            return undefined;
        let removed;
        try {
            removed = this.placed ? `${this.placed.remove()} stand-in(s) removed` : undefined;
        }
        catch (error) {
            // A layout whose stand-ins cannot be removed is no use to anyone: it goes whole.
            (0,external_node_fs_.rmSync)(this.held.dir, { recursive: true, force: true });
            removed = `the layout removed, as its stand-ins could not be: ${(0,errors/* errorMessage */.gJ)(error)}`;
        }
        const released = await this.held.release();
        return [released, removed].filter(Boolean).join('; ') || undefined;
    }
}
/** The kept layout for this image, or the job's own when none is private or another job holds it. */
function holdKeptLayout({ key, fallbackDir, env = process.env, uid = process.getuid?.() ?? -1 }) {
    const root = keptLayoutRoot(env);
    if (!root)
        return throwawayLayout(fallbackDir, 'neither XDG_CACHE_HOME, HOME nor RUNNER_TOOL_CACHE is set');
    const dir = external_node_path_.join(root, (0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 16));
    const lockFile = `${dir}.lock`;
    try {
        const problem = privateDir(dir, uid);
        if (problem)
            return throwawayLayout(fallbackDir, problem);
        if (!lock(lockFile))
            return throwawayLayout(fallbackDir, 'another job on this runner is releasing this image');
    }
    catch (error) {
        return throwawayLayout(fallbackDir, (0,errors/* errorMessage */.gJ)(error));
    }
    try {
        // A step that was killed may have left stand-ins: never taken for the layers they stand for.
        sweepStandIns(dir);
    }
    catch (error) {
        (0,external_node_fs_.rmSync)(lockFile, { force: true });
        return throwawayLayout(fallbackDir, (0,errors/* errorMessage */.gJ)(error));
    }
    return {
        dir,
        kept: true,
        release: async () => {
            try {
                const removed = await pruneLayout(dir);
                return `kept layout ${dir}: ${removed} blob(s) of earlier releases removed`;
            }
            catch (error) {
                // A layout that cannot be read back is no use to the next release either.
                (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
                return `kept layout ${dir} removed: ${(0,errors/* errorMessage */.gJ)(error)}`;
            }
            finally {
                (0,external_node_fs_.rmSync)(lockFile, { force: true });
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/registry/credentials.ts
// Logins per registry: given explicitly (the action's inputs), or read from a Docker config
// directory that `docker login` (this job's, or an earlier step's) wrote to.



function decodeAuth(entry) {
    if (!entry || typeof entry !== 'object')
        return undefined;
    const { auth, username, password } = entry;
    if (typeof auth === 'string' && auth !== '') {
        const decoded = Buffer.from(auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
    }
    if (typeof username === 'string' && username !== '' && typeof password === 'string')
        return { username, password };
    return undefined;
}
/** The login `docker login` stored for a registry in <dir>/config.json; undefined when there is none. */
function credentialsFor(registry, dockerConfigDir) {
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(dockerConfigDir, 'config.json'), 'utf8'));
    }
    catch {
        return undefined;
    }
    const auths = config?.auths;
    if (!auths || typeof auths !== 'object')
        return undefined;
    const wanted = canonicalRegistry(registry);
    for (const [key, entry] of Object.entries(auths)) {
        if (canonicalRegistry(key) !== wanted)
            continue;
        const credentials = decodeAuth(entry);
        if (credentials)
            return credentials;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/registry/session.ts



class RegistrySession {
    options;
    clients = new Map();
    logins = new Map();
    constructor(options = {}) {
        this.options = options;
        for (const { registry, username, password } of options.logins ?? [])
            this.logins.set(canonicalRegistry(registry), { username, password });
    }
    /** The client of one registry (host[:port], docker.io for Docker Hub), made on first use. */
    registry(registry) {
        const key = canonicalRegistry(registry);
        let client = this.clients.get(key);
        if (!client) {
            client = new RegistryClient(registry, this.credentials(key), {
                ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
                ...(this.options.retry ? { retry: this.options.retry } : {})
            });
            this.clients.set(key, client);
        }
        return client;
    }
    /** Whether the session has a login for a registry (explicit or from the config directory). */
    hasLogin(registry) {
        return this.credentials(canonicalRegistry(registry)) !== undefined;
    }
    credentials(key) {
        const explicit = this.logins.get(key);
        if (explicit)
            return explicit;
        return this.options.dockerConfigDir ? credentialsFor(key, this.options.dockerConfigDir) : undefined;
    }
}
function createSession(options = {}) {
    return new RegistrySession(options);
}

;// CONCATENATED MODULE: ./src/steps/job.ts















/**
 * A build exports into the image's kept layout (a release on the docker driver; a build that pushes
 * nothing, for its checks), so that BuildKit writes only what changed since the last build of that
 * image on this runner; a merge, or a build with the user's outputs, gets the job's own directory.
 */
function exportLayout(plan, fallbackDir) {
    if (plan.mode !== 'build' || plan.build.outputs.length > 0)
        return new LayoutOnDemand(() => throwawayLayout(fallbackDir));
    const key = JSON.stringify({ repositories: plan.repositories, platforms: plan.platforms.map(model_platforms/* formatPlatform */.Bq) });
    return new LayoutOnDemand(() => {
        const layout = holdKeptLayout({ key, fallbackDir });
        if (layout.why)
            runner/* info */.pq(`No kept OCI layout (${layout.why}): the export is written whole.`);
        return layout;
    });
}
/**
 * The builder facts later phases will read, to start while the job logs in: driver: auto's daemon,
 * and the cache decision's (on the docker driver at the user's own daemon, the one the job's
 * context names; an endpoint or an existing builder is read where it is).
 */
function builderFactsWanted(plan) {
    if (plan.mode !== 'build')
        return { daemon: false, buildx: false };
    const cache = builderFactsRead(plan.cache, process.env);
    const ownDaemon = plan.builder.driver === 'docker' && !plan.builder.endpoint && !plan.builder.builder;
    return { daemon: needsDaemonFacts(plan.builder) || (cache.daemon && ownDaemon), buildx: cache.buildx };
}
/** Gives the job's buildx the runner's node id, so the context upload sends only what changed. */
function nodeIdentityLine({ dir, userDir }) {
    const source = shareNodeIdentity({ jobConfigDir: dir, userDir });
    if (source === 'user')
        return "buildx node id: the runner's own (a context upload sends only what changed)";
    if (source === 'kept')
        return 'buildx node id: the one this action keeps on the runner (a context upload sends only what changed)';
    return 'buildx node id: a new one (the whole context is uploaded)';
}
/** The one line (a notice) a login left out for want of its secret gets; returned for the phase's line too. */
function skippedLoginLine({ registry, secret }, missing = `the ${secret} is empty`) {
    const line = `no login to ${registry}: ${missing} and nothing is pushed (pull request from a fork or Dependabot)`;
    runner/* notice */.lm(line);
    return line;
}
/**
 * login-scope: job: every later step of the job (the post steps too) gets DOCKER_CONFIG, the job's
 * config with the logins, until the post step removes them and points DOCKER_CONFIG back at the
 * user's own config. Returns the line for the log.
 */
function shareWithLaterSteps(config) {
    // Saved before the export: whatever happens next, the post step gives later steps the user's config back.
    savePostState({ restoreDockerConfig: config.userDir });
    if (!runner/* exportVariable */.dN('DOCKER_CONFIG', config.dir)) {
        runner/* warning */.$e("login-scope: job needs the runner's GITHUB_ENV file, which this step was not given: later steps do not see the logins.");
        return 'login-scope: job, but later steps do not see the logins (no GITHUB_ENV)';
    }
    return `later steps of the job use this config (DOCKER_CONFIG, login-scope: job) until the post step`;
}
/**
 * What every mode does first: the job's own Docker config (saved at once, so the post step removes
 * it whatever happens next), the daemon check when the mode needs a daemon, the pinned buildx,
 * and the registry login. Returns the job and a line for the log.
 */
async function prepareJob(plan, checkDaemon) {
    const { job: wanted } = plan;
    const name = (0,docker_config/* jobScopedName */.fS)();
    const config = (0,docker_config/* createJobDockerConfig */.WV)(name, process.env, (dir) => savePostState({ dockerConfig: dir, cleanup: wanted.cleanup }));
    const done = [`job Docker config ${config.dir}`];
    if (plan.mode === 'build')
        done.push(nodeIdentityLine(config));
    // The daemon the user's docker talks to, asked on its socket (docker info elsewhere); a stopped daemon is still named by the ping.
    const facts = builderFactsWanted(plan);
    const daemonFacts = facts.daemon ? startDaemonFacts(userDockerHost(config.userDir)) : undefined;
    if (wanted.daemon !== undefined) {
        const host = wanted.daemon || userDockerHost(config.userDir);
        await checkDaemon(host);
        done.push(`daemon at ${host} answers`);
    }
    if (wanted.buildx) {
        const { installBuildx } = await __webpack_require__.e(/* import() */ 347).then(__webpack_require__.bind(__webpack_require__, 5347));
        const { version, downloadUrl } = wanted.buildx;
        await installBuildx(version, config.dir, downloadUrl ? { baseUrl: downloadUrl } : {});
        done.push(`buildx ${version} installed`);
    }
    let buildxVersion;
    // While docker logs in (started first, as the login is what the next phase waits for): buildx
    // says its version for the cache decision, and Node's fetch, which every mode needs next, compiles.
    const made = await loginToRegistries(wanted.logins, {
        whileLoggingIn: () => {
            if (facts.buildx)
                buildxVersion = startBuildxVersion();
            warmUpHttpClient();
        },
        ...(wanted.writesNothing
            ? { onMissingSecret: ({ registry }, missing) => done.push(skippedLoginLine({ registry, secret: '' }, missing)) }
            : {})
    });
    for (const { registry, how } of made)
        done.push(`logged in to ${registry} ${how}`);
    for (const skipped of wanted.skippedLogins ?? [])
        done.push(skippedLoginLine(skipped));
    if (wanted.logins.length === 0 && !wanted.skippedLogins?.length)
        done.push('no login (username and registry-auth are empty)');
    if (wanted.loginScope === 'job')
        done.push(shareWithLaterSteps(config));
    // Logins the runner had before (copied into the job's config) still serve the registries not logged in to here.
    const session = createSession({
        logins: made,
        dockerConfigDir: config.dir,
        retry: { ...registryRetry, retryAfterMaxMs: wanted.retryAfterMaxMs }
    });
    const layout = exportLayout(plan, external_node_path_.join(config.dir, LAYOUT_DIR));
    const started = { ...(daemonFacts ? { daemonFacts } : {}), ...(buildxVersion ? { buildxVersion } : {}) };
    return { job: { name, config, session, layout, ...started }, line: done.join('; ') };
}

;// CONCATENATED MODULE: ./src/model/sources.ts
/** Where a source is read: by its digest when pinned, else by its tag. */
function sourceTarget(source, digest = source.digest) {
    const { registry, repository, tag } = source.image;
    return { registry, repository, reference: digest ?? tag ?? 'latest' };
}

;// CONCATENATED MODULE: ./src/steps/merge.ts
/**
 * mode: merge — joins the per-platform images of matrix jobs into one manifest list.
 *
 * The workflow (see .github/workflows/examples/matrix-merge.yml):
 * - Build jobs: a matrix over {platform, runner}, each running the action with
 *   `platforms: ${{ matrix.platform }}`, `image: ghcr.io/acme/app` and `push-by-digest: true`.
 *   Each job pushes its image untagged, by digest, on every driver; its `image` output is
 *   `repo@sha256:...`, which it publishes as a job output under a per-platform key (matrix legs
 *   that share an output name overwrite each other).
 * - Merge job: `mode: merge`, `sources:` the image outputs (comma or newline separated), the final
 *   `tags:` (full references, or `image:` with bare tags or none for the event-derived ones, the
 *   same rules as a build), and `platforms:` (what the merged index must hold). It needs no
 *   builder, no QEMU and no daemon: only the registry.
 *
 * What the merge phases do (the executor runs them after the login):
 * 1. Reads every source from the registry, in parallel. An index contributes its entries
 *    (attestations too, so provenance survives; they never count as platforms); a single image
 *    manifest contributes itself, with the platform its config declares.
 * 2. Guards, all reported together and before anything is pushed: a source that does not exist;
 *    a platform that two sources both provide; a requested platform no source has, or a source
 *    platform that was not requested: the merge covers exactly the platforms input.
 * 3. Writes the merged index itself (annotations every index source agrees on, plus the user's
 *    index-level ones), then the release phases: the index and what it names go into every
 *    target repository by digest, it is verified and audited there, and only then do the tags move.
 */












/** Reads a source from the registry; undefined when the registry does not have it. */
async function inspectSource(session, source) {
    let remote;
    try {
        remote = await inspectRemote(session, sourceTarget(source));
    }
    catch (error) {
        const detail = error instanceof exec/* CommandError */.Qd ? (0,exec/* lastLines */.w$)(error.result.stderr, 3) : (0,errors/* errorMessage */.gJ)(error);
        throw new errors/* ActionError */.lZ(`Could not read source ${source.reference}: ${detail}`, 'check the login (username, password, registry) and that the token may read this repository.');
    }
    if (!remote)
        return undefined;
    const digest = source.digest ?? remote.digest;
    const holdsIndex = remote.manifests.length > 0 || isIndex({ mediaType: remote.mediaType, json: remote.fetched?.json });
    // Pinned, so a tag that moves meanwhile cannot change what is merged (the session has it by digest already).
    const platforms = holdsIndex
        ? indexPlatforms(remote)
        : ((await remotePlatforms(session, sourceTarget(source, digest))) ?? []);
    const entries = holdsIndex
        ? remote.manifests
        : platforms.map((platform) => ({
            mediaType: remote.mediaType,
            digest,
            size: remote.fetched?.size ?? 0,
            platform: (0,model_platforms/* splitPlatformText */.$k)(platform)
        }));
    return { ...source, digest, platforms, entries, annotations: holdsIndex ? remote.annotations : undefined };
}
/** Reads every source, in parallel, and checks that they add up to exactly the requested platforms. */
async function readSources(plan, job) {
    const inspected = await Promise.all(plan.sources.map(async (source) => ({ source, found: await inspectSource(job.session, source) })));
    const missing = inspected.filter(({ found }) => !found).map(({ source }) => source.reference);
    if (missing.length > 0) {
        throw new errors/* ActionError */.lZ(`Source${missing.length > 1 ? 's' : ''} not found in the registry: ${missing.join(', ')}`, 'pass the image output of each build job (repo@sha256:...), and check that the job pushed it (push-by-digest: true, push not off) to the registry this step reads.');
    }
    const sources = inspected.flatMap(({ found }) => (found ? [found] : []));
    const { platforms } = coverSources(sources, plan.platforms);
    for (const source of sources)
        runner/* info */.pq(`Source ${source.reference}: ${source.platforms.join(', ')}`);
    const line = `${sources.length} source(s) cover ${platforms.join(',')}`;
    return { line, made: { sources, platforms }, sources, platforms };
}
/** The merged index as the registry will hold it, and its content: each entry read from its source's repository. */
async function mergedImage(plan, job, sources) {
    const { mediaType, document } = mergedIndex(sources, plan.annotations);
    const bytes = Buffer.from(JSON.stringify(document));
    const top = { digest: digestOf(bytes), mediaType, bytes, json: document, size: bytes.length };
    const origins = new Map();
    for (const source of sources) {
        const { registry, repository } = source.image;
        const origin = repositoryOrigin({ client: job.session.registry(registry), repository });
        for (const entry of source.entries)
            origins.set(entry.digest, origin);
    }
    const originOf = (entry) => {
        const origin = entry && origins.get(entry.digest);
        if (!origin)
            throw new Error(`the merged index names ${entry?.digest ?? 'nothing'}, which no source has`);
        return origin;
    };
    return { content: await collectContent(top, originOf) };
}
/** Writes the merged index (pushed by digest next); the final tags, floating ones only forward, move after the checks. */
async function merge(plan, job, { sources, platforms }) {
    const platformList = platforms.join(',');
    const guarded = plan.push ? await guardFloatingTags(job.session, plan.tags) : undefined;
    const repository = plan.repositories[0] ?? '';
    const made = { repository, ...(guarded ? { guarded } : {}) };
    const tags = guarded?.push ?? plan.tags.targets;
    if (!plan.push || tags.length === 0) {
        const why = plan.push
            ? 'every tag was held back'
            : `push is off${isPullRequest(plan.event) ? ' for pull requests' : ''}`;
        return { line: `Sources checked (${platformList}); nothing pushed (${why})`, made };
    }
    const image = await mergedImage(plan, job, sources).catch((error) => {
        throw new PartlyDone(error, made);
    });
    const digest = image.content.top.digest;
    return {
        line: `Merged ${sources.length} source(s) into one index (${platformList}) as ${digest}; no tag moves before the checks pass`,
        made: { ...made, image: { digest, imageId: digest } },
        release: { plan, job, image, platforms: platforms.map(model_platforms/* splitPlatformText */.$k), digest, repository, tags }
    };
}
/** The merge's phases, in order: the sources, then the merged index; returns the image for the release phases. */
async function mergePhases(run, plan, job) {
    const read = await run.phase('Sources', () => readSources(plan, job));
    const { release } = await run.phase('Merge', () => merge(plan, job, read));
    return release;
}

;// CONCATENATED MODULE: ./src/checks/verify.ts






// indexPlatforms already normalises; an unknown platform the registry holds is compared as written.
const sortedPlatforms = (platforms) => platforms.map(model_platforms/* normalisePlatformText */.h4).sort();
/**
 * The one platform comparison of both verifications: the platforms an image holds, with repeats
 * (an index listing a platform twice is not the image asked for), against those asked for.
 */
function platformDifference(held, expected) {
    const served = sortedPlatforms(held);
    const wanted = sortedPlatforms(expected.map(model_platforms/* formatPlatform */.Bq));
    if (served.join(',') === wanted.join(','))
        return undefined;
    const repeated = [...new Set(served.filter((platform, at) => served.indexOf(platform) !== at))];
    const twice = repeated.length > 0 ? ` (listed more than once: ${repeated.join(', ')})` : '';
    return `platforms ${served.join(', ') || '(none)'}, expected ${wanted.join(', ')}${twice}`;
}
/** Compares what the registry serves with what was pushed; returns every difference found. */
function compareReadBack(readBack, expectedPlatforms, expectedDigest) {
    const problems = [];
    for (const { reference, index } of readBack) {
        if (!index) {
            problems.push(`${reference}: the registry does not have it`);
            continue;
        }
        const difference = platformDifference(indexPlatforms(index), expectedPlatforms);
        if (difference)
            problems.push(`${reference}: ${difference}`);
        if (expectedDigest && index.digest !== expectedDigest)
            problems.push(`${reference}: digest ${index.digest}, expected ${expectedDigest} (the digest output)`);
    }
    const digests = new Set(readBack.flatMap(({ index }) => (index ? [index.digest] : [])));
    if (digests.size > 1)
        problems.push(`the tags point to ${digests.size} different digests: ${readBack.map(({ reference, index }) => `${reference} → ${index?.digest ?? 'missing'}`).join(', ')}`);
    return problems;
}
/** Reads every pushed tag back from the registry and fails on any difference from what was meant to be pushed. */
async function verifyPushedTags(session, tags, expectedPlatforms, expectedDigest) {
    const readBack = await Promise.all(tags.map(async (tag) => typeof tag === 'string'
        ? { reference: tag, index: await inspectRemote(session, tag) }
        : { reference: tag.text, index: await inspectRemote(session, remoteTargetOf(tag)) }));
    const problems = compareReadBack(readBack, expectedPlatforms, expectedDigest);
    if (problems.length > 0) {
        throw new errors/* ActionError */.lZ(`Post-push verification failed:\n- ${problems.join('\n- ')}`, 'another job may have pushed the same tag at the same time, or the registry rewrote the manifest; set verify: false only if this is expected.');
    }
    runner/* info */.pq(`Verified ${tags.length} tag(s) in the registry: ${expectedPlatforms.map(model_platforms/* formatPlatform */.Bq).join(', ')} at ${expectedDigest}`);
}
/**
 * A build that pushed nothing: the index it made must hold exactly the platforms asked for, as a
 * release's read-back would find. Read from the image on the runner; no registry is asked.
 */
async function verifyLocalIndex(reader, top, expectedPlatforms) {
    // An index's platforms as listed, repeats kept; a single manifest's from its config.
    const held = isIndex(top)
        ? indexPlatforms({ manifests: top.json.manifests ?? [] })
        : [...(await platformEntries(reader, '', top)).keys()];
    const difference = platformDifference(held, expectedPlatforms);
    if (difference)
        throw new errors/* ActionError */.lZ(`Verification of the local index failed:\n- ${top.digest}: ${difference}`, 'a platform the build was asked for is missing from what it made, or one was added: check the platforms input and the Dockerfile.');
    runner/* info */.pq(`Verified the local index ${top.digest}: ${sortedPlatforms(expectedPlatforms.map(model_platforms/* formatPlatform */.Bq)).join(', ')} (nothing was pushed)`);
}
/**
 * Reads the image back by its digest from every repository it was pushed to: what the registries
 * serve must be what was built. Before a promotion a difference is a failed check like any other.
 */
async function verifyPushed({ plan, session, platforms, digest }) {
    const pinned = plan.repositories.map((repository) => `${repository}@${digest}`);
    try {
        await verifyPushedTags(session, pinned, platforms, digest);
        return { failures: [] };
    }
    catch (error) {
        if (!plan.promote)
            throw error;
        return { failures: [`verification: ${(0,errors/* errorMessage */.gJ)(error)}`] };
    }
}
/** A build that pushed nothing: its index, read on the runner, holds exactly the platforms asked for. */
async function verifyOnRunner({ onRunner, top, platforms }) {
    if (!onRunner)
        return { failures: [] };
    try {
        await verifyLocalIndex(onRunner, top, platforms);
        return { failures: [] };
    }
    catch (error) {
        return { failures: [`verification: ${(0,errors/* errorMessage */.gJ)(error)}`] };
    }
}
/** verify: the pushed image read back from every repository, or the local index when nothing was pushed. */
const verifyCheck = {
    name: 'verify',
    kind: 'reads',
    runs: ({ pushed, plan }) => !pushed || plan.checks.verify,
    describe: ({ pushed, plan }) => !pushed
        ? 'nothing pushed: platforms verified on the runner'
        : plan.checks.verify
            ? `verified by digest in ${plan.repositories.join(', ')}`
            : 'verify off',
    run: (subject) => (subject.pushed ? verifyPushed(subject) : verifyOnRunner(subject))
};

;// CONCATENATED MODULE: ./src/checks/smoke.ts








// The classic runtime messages, and what they mean for a multi-arch image.
const runtimeAdvice = [
    [
        /exec format error/i,
        'exec format error: the image holds a binary for another architecture, or the QEMU emulator for this platform is missing.'
    ],
    [/no matching manifest|no match for platform/i, 'no matching manifest: the image was not built for this platform.'],
    [
        /stopped after the \d+ ms time limit/,
        'the command did not finish within smoke-test-timeout; it may wait for input or a network that --network none does not give.'
    ]
];
function smokeAdvice(output) {
    return runtimeAdvice.find(([pattern]) => pattern.test(output))?.[1];
}
/** Splits the smoke-test input like a shell would for simple quoting; `true` alone runs the image's default command. */
function smokeArguments(raw) {
    return raw.trim() === 'true' ? [] : (0,lists/* splitShellWords */.CQ)(raw);
}
/** Where a read-only root still lets the image write: a small /tmp, gone with the container. */
const SMOKE_TMP = '/tmp:rw,nosuid,nodev,size=64m';
/**
 * The bounds of a smoke run, as docker run flags: no capabilities, no privilege gain, a bounded
 * number of processes and amount of memory, and a read-only root with a small /tmp (the disk).
 */
function isolationFlags(isolation = defaultSmokeIsolation) {
    const { capAdd, noNewPrivileges, pidsLimit, memory, readOnly, tmpfs } = isolation;
    return [
        '--cap-drop',
        'ALL',
        ...capAdd.flatMap((capability) => ['--cap-add', capability]),
        ...(noNewPrivileges ? ['--security-opt', 'no-new-privileges'] : []),
        ...(pidsLimit > 0 ? ['--pids-limit', String(pidsLimit)] : []),
        ...(memory ? ['--memory', memory] : []),
        ...(readOnly ? ['--read-only', '--tmpfs', SMOKE_TMP] : []),
        ...tmpfs.flatMap((mount) => ['--tmpfs', mount])
    ];
}
function smokeRunArgs(reference, platform, containerName, command) {
    const { args } = command;
    return [
        'run',
        '--rm',
        // The image comes from the registry by digest; its pull progress is not the command's output.
        '--quiet',
        '--network',
        'none',
        ...isolationFlags(command.isolation),
        '--platform',
        (0,model_platforms/* formatPlatform */.Bq)(platform),
        '--name',
        containerName,
        reference,
        ...args
    ];
}
/** The container of each platform's run, named so the post step can remove one a killed step left. */
function smokeContainerName(jobName, index) {
    return `${jobName}-smoke-${index}`;
}
function smokeContainerNames(jobName, count) {
    return Array.from({ length: count }, (_unused, index) => smokeContainerName(jobName, index));
}
/** Runs the pushed image once per platform, under emulation for foreign ones, each within the time limit. */
async function smokeTest(reference, platforms, smoke) {
    const { timeoutSeconds, jobName } = smoke;
    const args = smokeArguments(smoke.command);
    const results = [];
    for (const [index, platform] of platforms.entries()) {
        const containerName = smokeContainerName(jobName, index);
        const result = await (0,exec/* run */.eF)('docker', smokeRunArgs(reference, platform, containerName, { args, isolation: smoke.isolation }), {
            allowFailure: true,
            timeoutMs: timeoutSeconds * 1000
        });
        // A timed-out CLI leaves its container running; it must not outlive the step.
        if (result.stderr.includes('time limit'))
            await (0,exec/* run */.eF)('docker', ['rm', '--force', containerName], { allowFailure: true });
        const output = (0,exec/* lastLines */.w$)(`${result.stdout}${result.stderr}`, 5);
        const entry = {
            platform: (0,model_platforms/* formatPlatform */.Bq)(platform),
            status: result.exitCode === 0 ? 'pass' : 'fail',
            exitCode: result.exitCode,
            output
        };
        const advice = entry.status === 'fail' ? smokeAdvice(output) : undefined;
        if (advice)
            entry.advice = advice;
        runner/* info */.pq(`Smoke test ${entry.platform}: ${entry.status} (exit ${entry.exitCode})${output ? `\n${output}` : ''}`);
        results.push(entry);
    }
    return results;
}
/** The image run once per platform: the pushed one by digest, or the one the build kept in the daemon. */
async function runSmoke({ plan, pushed, repository, digest, localImage, platforms, jobName }) {
    const smoke = plan.checks.smoke;
    // Nothing pushed: the image the build stored in the daemon under a job-scoped name, if it could.
    const reference = pushed ? `${repository}@${digest}` : localImage;
    if (!smoke)
        return { failures: [] };
    if (!reference) {
        runner/* info */.pq('Smoke test: skipped: nothing was pushed, and only the docker driver keeps the image it built in the daemon to run');
        return { failures: [] };
    }
    // Named and saved up front: a step killed mid-run leaves them to the post step.
    savePostState({ smokeContainers: smokeContainerNames(jobName, platforms.length) });
    const results = await smokeTest(reference, platforms, { ...smoke, jobName });
    return {
        failures: results
            .filter(({ status }) => status === 'fail')
            .map(({ platform, exitCode, advice }) => `smoke test on ${platform} exited ${exitCode}${advice ? `: ${advice}` : ''}`),
        // What the image printed is shown as code, never as markup.
        rows: results.map((entry) => ({
            platform: entry.platform,
            status: entry.status,
            cells: [entry.status, String(entry.exitCode), entry.advice ?? { code: entry.output }]
        })),
        output: JSON.stringify(results)
    };
}
/** smoke-test: the image runs its command on every platform, under emulation for foreign ones. */
const smokeCheck = {
    name: 'smoke-test',
    kind: 'runs-image',
    columns: ['Smoke test', 'Exit code', 'Last output'],
    output: OutputKey.SmokeTest,
    runs: ({ plan }) => plan.checks.smoke !== undefined,
    describe: ({ plan }, result) => (plan.checks.smoke ? `smoke test ${statuses(result)}` : 'smoke test off'),
    run: runSmoke
};

;// CONCATENATED MODULE: ./src/checks/registered.ts
// Every check of the built image, one line each, in the order the checks line and the summary name
// them. A new check: its module (implementing ImageCheck) and one line here.



const imageChecks = [verifyCheck, auditCheck, smokeCheck];

;// CONCATENATED MODULE: ./src/steps/check-phase.ts
// The checks phase, for either mode: every registered check of the image (checks/registered.ts),
// the reading ones side by side, then those that run the image, one at a time.



/** What the checks read: the release's image, pushed or on the runner. */
function checkSubject({ plan, job, image, platforms, digest, repository, scansRestore }, pushed) {
    const onRunner = image.layout;
    return {
        plan,
        session: job.session,
        jobName: job.name,
        platforms,
        digest,
        repository,
        pushed,
        top: image.content.top,
        ...(onRunner ? { onRunner } : {}),
        ...(image.localImage ? { localImage: image.localImage } : {}),
        ...(scansRestore ? { scansRestore } : {})
    };
}
/**
 * Starts the checks that read only the image on disk while it is being pushed: they need no
 * registry. The checks phase collects them; if the push fails first, nobody waits for them.
 */
function startRunnerChecks(release) {
    const started = new Map();
    if (!release.image.layout)
        return started;
    const subject = checkSubject(release, false);
    for (const check of imageChecks.filter((entry) => entry.readsRunnerCopy && entry.runs(subject))) {
        const running = check.run(subject);
        running.catch(() => undefined);
        started.set(check, running);
    }
    return started;
}
/** Adds a check's result to the report: its failures, and what it has to say. */
function check_phase_record(report, check, result) {
    report.results[check.name] = result;
    report.failures.push(...result.failures);
    for (const warning of result.warnings ?? [])
        runner/* warning */.$e(warning);
    for (const note of result.notes ?? [])
        runner/* info */.pq(note);
}
/**
 * The reading checks side by side (each result recorded in the registry's order, whatever finished
 * first), then the ones that run the image, in turn. Throws the first check that could not finish,
 * once the others of its kind did; the report keeps what finished.
 */
async function runAll(subject, started, report) {
    const wanted = imageChecks.filter((check) => check.runs(subject));
    const reading = wanted.filter((check) => check.kind === 'reads');
    const settled = await Promise.allSettled(reading.map((check) => started.get(check) ?? check.run(subject)));
    let failure;
    for (const [index, check] of reading.entries()) {
        const outcome = settled[index];
        if (outcome?.status === 'fulfilled')
            check_phase_record(report, check, outcome.value);
        else
            failure ??= { error: outcome?.reason };
    }
    if (failure)
        throw failure.error;
    for (const check of wanted.filter((entry) => entry.kind === 'runs-image'))
        check_phase_record(report, check, await check.run(subject));
}
/** The phase's line: each check's part, and how many failed. */
function summarise(subject, report) {
    const parts = imageChecks.map((check) => check.describe(subject, report.results[check.name]));
    const { failures } = report;
    return `${parts.join('; ')}${failures.length > 0 ? `; ${failures.length} failed` : ''}`;
}
/**
 * Reads the image back, audits it, runs it when asked: the checks that catch multi-arch mistakes
 * before users do. Failures are collected, so the outputs and the summary still say what happened
 * before the step fails.
 */
async function runChecks(release, { pushed, started }) {
    const { plan } = release;
    const subject = checkSubject(release, pushed);
    const report = { results: {}, failures: [] };
    try {
        await runAll(subject, started ?? new Map(), report);
    }
    catch (error) {
        // A check that could not finish is no pass: before a promotion (or with nothing pushed) it fails like a failure.
        if (plan.push && !plan.promote)
            throw error;
        report.failures.push(`the checks could not finish: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return { line: summarise(subject, report), made: { checks: report } };
}

;// CONCATENATED MODULE: ./src/steps/release.ts
// Push by digest, check, promote: the phases both modes end with. The image goes to every target
// repository untagged, is checked there (and on disk), and the final tags move to it in one burst
// only when every check passed. No other tag is ever written.









/** The push phase: the image into every repository by digest; the checks that read it on disk start meanwhile. */
async function pushImage(release) {
    const { plan, image, digest } = release;
    const repositories = plan.repositories;
    const what = plan.promote ? 'untagged; no tag moves before the checks pass' : 'untagged';
    // BuildKit pushed it by digest itself, into these repositories: nothing is left to send.
    if (image.pushedBy === 'buildkit')
        return {
            line: `${digest} is in ${repositories.join(', ')} by digest, pushed by BuildKit (${what})`,
            made: { pushed: true },
            started: startRunnerChecks(release)
        };
    const pushing = pushOf(release);
    // Handled below, after the wait: a push refused at once is no unhandled rejection meanwhile.
    pushing.catch(() => undefined);
    // Once the push's first requests are on their way: the checks' reading and parsing takes the thread.
    const started = await new Promise((resolve) => setImmediate(() => resolve(startRunnerChecks(release))));
    try {
        const { pushed, begun, atExport } = await pushing;
        const sum = (key) => pushed.reduce((total, entry) => total + entry[key], 0);
        const when = atExport ? ' (started once the export was done, before buildx exited)' : '';
        runner/* info */.pq(`Pushed by digest in ${Math.round(performance.now() - begun)} ms: ${sum('uploaded')} blob(s) uploaded (${sum('bytes')} bytes), ` +
            `${sum('mounted')} mounted, ${sum('present')} already there, into ${pushed.map(({ repository }) => repository).join(', ')}${when}`);
    }
    catch (error) {
        if (!(error instanceof PushRefused))
            throw error;
        throw new errors/* ActionError */.lZ(`${error.message}\nNo tag was changed anywhere.`, pushAdvice(error.message));
    }
    return { line: `${digest} is in ${repositories.join(', ')} by digest (${what})`, made: { pushed: true }, started };
}
/** The push by digest: the one started at the export when it could read the image, else one now; and when it began. */
async function pushOf({ plan, job, image, pushing }) {
    const early = await pushing?.pushing;
    if (early && pushing)
        return { pushed: early, begun: pushing.begun, atExport: true };
    const begun = performance.now();
    return { pushed: await pushByDigest(job.session, image.content, plan.repositories), begun, atExport: false };
}
/** What to do about a push that failed: a rate limit and a flaky registry are not a login that may not push. */
function pushAdvice(message) {
    if (isRateLimit(message))
        return 'the registry rate-limited the push (HTTP 429) through every retry: run again later, log in (anonymous limits are lower), or raise registry-retry-after-max.';
    if (isTransientFailure(message))
        return 'the registry kept failing (5xx, resets or timeouts) through every retry: run the step again; the blobs already pushed stay there.';
    return 'check that the login may push to every repository the tags name (a token scoped to one repository or namespace cannot push to another).';
}
/** Moves every final tag at once; a tag a registry still refuses is listed with those that moved. */
async function promote({ plan, job, image, platforms, digest, tags }) {
    const started = performance.now();
    const { moved, failed } = await moveTags(job.session, image.content.top, tags);
    const notMoved = failed.map(({ reference, reason }) => ({
        reference,
        reason: `the registry refused it: ${reason}`
    }));
    const made = { promotion: { promoted: moved, notMoved } };
    runner/* info */.pq(`Moved ${moved.length} of ${tags.length} tag(s) in ${Math.round(performance.now() - started)} ms.`);
    if (failed.length > 0)
        throw new PartlyDone(new errors/* ActionError */.lZ([
            `Promotion stopped part-way: ${moved.length} of ${tags.length} tag(s) now point at ${digest}.`,
            `Moved: ${targetTexts(moved).join(', ') || '(none)'}`,
            `Not moved:`,
            ...failed.map(({ reference, reason }) => `- ${reference}: ${reason}`)
        ].join('\n'), 'the image was in every repository before the first tag moved, so running the step again moves the rest to the same digest.'), made);
    if (plan.checks.verify)
        await verifyPushedTags(job.session, moved, platforms, digest).catch((error) => {
            throw new PartlyDone(new errors/* ActionError */.lZ(`The release is out: ${targetTexts(moved).join(', ')} now point at ${digest}. What failed after it: ${(0,errors/* errorMessage */.gJ)(error)}`), made);
        });
    return { line: `${targetTexts(moved).join(', ') || 'no tag'} now at ${digest}`, made };
}
/** The promotion phase: every check passed, so the final tags move; otherwise none does. */
function promotePhase(release, failures) {
    if (failures.length === 0)
        return promote(release);
    const notMoved = release.tags.map(({ text }) => ({ reference: text, reason: 'the image failed its checks' }));
    return Promise.resolve({
        line: `no tag moved: ${failures.length} check(s) failed`,
        made: { promotion: { promoted: [], notMoved } }
    });
}
/**
 * Push, Checks and Promote, for the image the mode's phases made (none when there is nothing to
 * push). A build that pushes nothing is checked on the runner, from what it built.
 */
async function releasePhases(run, plan, release) {
    const pushed = plan.push && release
        ? await run.phase('Push', () => pushImage(release))
        : run.skip('Push', plan.push ? 'no image to push' : 'push is off');
    const checked = release && (pushed || !plan.push) ? release : undefined;
    const checks = checked
        ? await run.phase('Checks', () => runChecks(checked, { pushed: pushed !== undefined, started: pushed?.started }))
        : run.skip('Checks', plan.mode === 'build' && !plan.push ? 'no check reads the image' : 'nothing was pushed');
    if (plan.promote && pushed && checks && release)
        await run.phase('Promote', () => promotePhase(release, checks.made.checks.failures));
    else
        run.skip('Promote', 'no tag to move');
}
/** The step's error when a check failed: what failed, the rejected image, and that no tag moved. */
function checkFailure(plan, outcome) {
    const failures = `- ${outcome.checks.failures.join('\n- ')}`;
    if (!outcome.pushed)
        return `The image failed its checks (checked on the runner; nothing was pushed):\n${failures}`;
    if (!plan.promote)
        return `The pushed image failed its checks:\n${failures}`;
    return [
        `The image failed its checks, so no tag was changed:`,
        failures,
        `Rejected image: ${outcome.repository}@${outcome.digest} (pushed untagged, by digest); pull it by digest to inspect it.`,
        `Tags held back: ${outcome.notMoved.map(({ reference }) => reference).join(', ') || '(none)'}`
    ].join('\n');
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
;// CONCATENATED MODULE: ./src/seams/summary.ts
// The job summary, written through @actions/core's summary: a heading and tables. @actions/core puts
// cells into the HTML as they are; every cell is escaped here first, and never holds a raw line break:
// its text comes from registries, image layers and the output of the image itself, and must not be
// able to close the table and write a summary of its own.



const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text safe inside an HTML block of GitHub's markdown: escaped, and on one line. */
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (character) => entities[character] ?? character).replace(/\r?\n/g, '<br>');
}
function cellHtml(cell) {
    if (typeof cell === 'string')
        return escapeHtml(cell);
    if ('code' in cell)
        return `<code>${escapeHtml(cell.code)}</code>`;
    return cell.map(escapeHtml).join('<br>');
}
/** A table as @actions/core writes it, from escaped cells; the first row is the header. */
function tableRows(rows) {
    return rows.map((cells, index) => cells.map((cell) => ({ data: cellHtml(cell), header: index === 0 })));
}
/**
 * Writes the job summary: the title and a two-column table, then the extra tables. A runner without
 * GITHUB_STEP_SUMMARY (local runs) just skips it; a summary that cannot be written is a warning.
 */
async function writeSummary(title, rows, extra = []) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
    const summary = core/* summary */.z
        .addHeading(escapeHtml(title), 3)
        .addTable(tableRows([['Field', 'Value'], ...rows.map(({ label, value }) => [label, value])]));
    for (const { heading, table } of extra)
        summary.addHeading(escapeHtml(heading), 4).addTable(tableRows(table));
    try {
        await summary.write();
    }
    catch (error) {
        summary.emptyBuffer();
        (0,runner/* warning */.$e)(`Could not write the job summary: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/metadata-outputs.ts

const NEWLINE_SEPARATORS = Object.freeze({
    tags: '\n',
    labels: '\n',
    annotations: '\n'
});
const metadata_outputs_levelPrefix = /^(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?:/;
/** buildx puts an annotation without a level on the manifests; metadata-action always writes the level. */
function withLevel({ key, value }) {
    const level = metadata_outputs_levelPrefix.exec(key)?.[0] ?? 'manifest:';
    return { level, key: key.startsWith(level) ? key.slice(level.length) : key, value };
}
/** Level by level (in the order they first come), keys sorted within a level, as metadata-action lists them. */
function annotationLines(annotations) {
    const leveled = annotations.map(withLevel);
    const levels = [...new Set(leveled.map(({ level }) => level))];
    return levels.flatMap((level) => leveled
        .filter((entry) => entry.level === level)
        .sort((a, b) => a.key.localeCompare(b.key))
        .map(({ key, value }) => `${level}${key}=${value}`));
}
/**
 * Pure: the outputs metadata-action users read, from the references (what was pushed, or the plan's
 * references), the labels and the annotations the build used.
 */
function metadataOutputs(metadata, separators = NEWLINE_SEPARATORS) {
    const annotations = annotationLines(metadata.annotations);
    const labels = [...metadata.labels].sort((a, b) => a.key.localeCompare(b.key));
    const tagNames = [...new Set(metadata.references.map(({ tag }) => tag))];
    const references = targetTexts(metadata.references);
    return {
        tags: references.join(separators.tags),
        labels: labels.map(({ key, value }) => `${key}=${value}`).join(separators.labels),
        json: JSON.stringify({
            tags: references,
            'tag-names': tagNames,
            labels: Object.fromEntries(labels.map(({ key, value }) => [key, value])),
            annotations
        }),
        tagNames: tagNames.join(separators.tags),
        annotations: annotations.join(separators.annotations)
    };
}

;// CONCATENATED MODULE: ./src/steps/write-outputs.ts
// The one place that writes what a run leaves behind: the state for the post step, the step's
// outputs and the job summary, with the same rules for both modes.








/** The tags that now point at the image: the promoted ones when the image was quarantined first. */
function finalTags(plan, outcome) {
    return plan.promote ? outcome.promoted : outcome.tags;
}
/** metadata-action's tags, labels, json, tag-names and annotations, from what was pushed (or planned, when nothing was). */
function metadataActionOutputs(plan, outcome) {
    const pushed = finalTags(plan, outcome);
    const shaped = metadataOutputs({
        references: pushed.length > 0 ? pushed : plan.tags.targets,
        labels: plan.labels,
        annotations: plan.annotations
    }, plan.outputSeparators);
    return [
        [OutputKey.Tags, targetTexts(pushed).join(plan.outputSeparators?.tags ?? '\n')],
        [OutputKey.Labels, shaped.labels],
        [OutputKey.Json, shaped.json],
        [OutputKey.TagNames, shaped.tagNames],
        [OutputKey.Annotations, shaped.annotations]
    ];
}
/** Every final tag that did not move, with the reason: the floating-tag guard or a failed check. */
function notMovedLines(outcome) {
    return [
        ...outcome.floatingLeftAlone.map(({ reference, carried }) => `${reference}: stays on ${carried}, a newer release`),
        ...outcome.notMoved.map(({ reference, reason }) => `${reference}: ${reason}`)
    ];
}
/** Each registered check's output: the JSON of its result, `[]` when it did not run. */
function checkOutputs(outcome) {
    return imageChecks.flatMap(({ name, output }) => output ? [[output, outcome.checks.results[name]?.output ?? '[]']] : []);
}
// A run that fails halfway still says what it got to: the builder and platforms, the digest it built,
// and which tags moved and which did not (a promotion that stopped part-way).
const knownEarly = new Set([
    OutputKey.Builder,
    OutputKey.Platforms,
    OutputKey.Digest,
    OutputKey.ImageId,
    OutputKey.Image,
    OutputKey.Tags,
    OutputKey.HeldBack
]);
// Only a run that made a builder names one: a merge never does.
const onlyWhenSet = new Set([OutputKey.Builder]);
/** The step's outputs; after a failure only those a phase that finished has set. */
function writeOutputs(plan, outcome, complete = true) {
    const image = outcome.pushed && outcome.repository && outcome.digest ? `${outcome.repository}@${outcome.digest}` : '';
    const outputs = [
        [OutputKey.Builder, outcome.builder],
        [OutputKey.Platforms, outcome.platforms.join(',')],
        [OutputKey.Version, plan.tags.version],
        [OutputKey.Digest, outcome.digest],
        [OutputKey.ImageId, outcome.imageId],
        [OutputKey.Metadata, JSON.stringify(outcome.metadata)],
        [OutputKey.HeldBack, notMovedLines(outcome).join('\n')],
        [OutputKey.Image, image],
        ...checkOutputs(outcome),
        ...metadataActionOutputs(plan, outcome)
    ];
    for (const [key, value] of outputs) {
        const wanted = complete ? value !== '' || !onlyWhenSet.has(key) : knownEarly.has(key) && value !== '';
        if (wanted)
            runner/* setOutput */.uH(key, value);
    }
}
/** Per platform, the columns of every registered check that has some; 'off' under a check that did not run. */
function perPlatformTable(outcome) {
    const tabled = imageChecks.filter(({ columns }) => columns && columns.length > 0);
    const rows = outcome.platforms.map((platform) => [
        platform,
        ...tabled.flatMap(({ name, columns = [] }) => {
            const row = outcome.checks.results[name]?.rows?.find((entry) => entry.platform === platform);
            return row ? row.cells : columns.map((_column, index) => (index === 0 ? 'off' : ''));
        })
    ]);
    return [['Platform', ...tabled.flatMap(({ columns = [] }) => columns)], ...rows];
}
/** Per platform: steps from the cache, what went into the cache export, and (only when any ran) RUN time under QEMU. */
function buildTable(report) {
    const exported = report.cacheExports.length > 0 && report.cacheExports.every((line) => !/failed|not written/.test(line));
    const emulation = report.emulation !== undefined;
    const header = [
        'Platform',
        'Steps from the cache',
        'Cache export',
        ...(emulation ? ['RUN time under QEMU', 'Slowest emulated steps'] : [])
    ];
    const rows = report.platforms.map((entry) => [
        entry.platform,
        `${entry.fromCache} of ${entry.steps}`,
        exported ? `${entry.steps - entry.fromCache} new step(s)` : 'none',
        ...(emulation
            ? [entry.emulated ? `${entry.emulatedSeconds.toFixed(1)} s` : 'native', entry.slowest.map(describeStep)]
            : [])
    ]);
    return [header, ...rows];
}
function buildRows(report) {
    const rows = [{ label: 'Cache', value: [report.cacheLine, ...report.cacheExports] }];
    if (report.emulation)
        rows.push({ label: 'Emulation', value: [report.emulation.line, ...report.emulation.advice] });
    return rows;
}
function summaryRows(plan, outcome) {
    const byDigest = plan.mode === 'build' && plan.digestTarget !== undefined;
    const rows = [
        { label: 'Image', value: outcome.repository || '(not tagged)' },
        plan.promote
            ? { label: 'Promoted tags', value: outcome.promoted.length > 0 ? targetTexts(outcome.promoted) : '(none)' }
            : {
                label: outcome.pushed ? 'Pushed tags' : 'Tags (not pushed)',
                value: outcome.tags.length > 0 ? targetTexts(outcome.tags) : byDigest ? '(by digest)' : '(none)'
            },
        ...leftAloneRows(outcome.floatingLeftAlone),
        ...(outcome.notMoved.length > 0
            ? [
                {
                    label: 'Tags held back',
                    value: outcome.notMoved.map(({ reference, reason }) => `${reference} (${reason})`)
                }
            ]
            : []),
        {
            label: outcome.pushed || !outcome.digest ? 'Digest' : 'Digest (local, not pushed)',
            value: outcome.digest || '(none)'
        },
        { label: 'Platforms', value: outcome.platforms.join(',') },
        { label: 'Version', value: plan.tags.version }
    ];
    if (outcome.emulators)
        rows.push({ label: 'QEMU emulators', value: outcome.emulators });
    if (outcome.build)
        rows.push(...buildRows(outcome.build));
    if (outcome.sources.length > 0) {
        const sources = outcome.sources.map((source) => `${source.repository}@${source.digest} (${source.platforms.join(', ')})`);
        rows.push({ label: 'Sources', value: sources });
    }
    return rows;
}
function writeJobSummary(plan, outcome) {
    const checked = Object.values(outcome.checks.results).some(({ rows }) => (rows?.length ?? 0) > 0);
    return writeSummary(plan.mode === 'merge' ? 'Multi-arch image (merged)' : 'Multi-arch image', summaryRows(plan, outcome), [
        ...(checked
            ? [
                {
                    heading: outcome.pushed ? 'Per platform' : 'Per platform: checked on the runner, nothing was pushed',
                    table: perPlatformTable(outcome)
                }
            ]
            : []),
        ...(outcome.build ? [{ heading: 'Build per platform', table: buildTable(outcome.build) }] : [])
    ]);
}

;// CONCATENATED MODULE: ./src/steps/execute.ts
// The one executor: carries out any plan's phases in order, each inside its own log group, with
// one plain line per phase outside the groups, so the log reads as a list of what happened. Each
// phase is given what the ones before it made; the outcome is assembled from what they returned.










const realSeams = { checkDaemon: (host) => checkDaemon(host) };
/** Runs the plan: login, then the mode's phases; then the outputs, the summary and the verdict of the checks. */
async function execute(plan, seams = realSeams) {
    const run = new PhaseRun();
    let job;
    try {
        job = (await run.phase('Login', () => prepareJob(plan, seams.checkDaemon))).job;
        const release = plan.mode === 'build' ? await buildPhases(run, plan, job) : await mergePhases(run, plan, job);
        await releasePhases(run, plan, release);
    }
    catch (error) {
        // A run that fails halfway still says what it got to.
        writeOutputs(plan, outcomeOf(plan.tags.targets, run.made), false);
        throw error;
    }
    finally {
        // The exported image served its purpose once pushed and checked: keep only what the next release reuses.
        const kept = await job?.layout
            .release()
            .catch((error) => `kept layout not released: ${(0,errors/* errorMessage */.gJ)(error)}`);
        if (kept)
            runner/* info */.pq(kept);
    }
    const outcome = outcomeOf(plan.tags.targets, run.made);
    writeOutputs(plan, outcome);
    await writeJobSummary(plan, outcome);
    if (outcome.checks.failures.length > 0)
        throw new errors/* ActionError */.lZ(checkFailure(plan, outcome));
}

;// CONCATENATED MODULE: ./src/steps/main.ts
// The main step: read the inputs, plan, execute. Build and merge are two plans the same executor runs.













function readInputs() {
    // metadata-action's separators are taken as written: a space is a separator.
    const inputs = parseInputs((name) => runner/* getInput */.V4(name, { trimWhitespace: !name.startsWith('sep-') }), process.env);
    checkInputPaths(inputs);
    return inputs;
}
/** Reads, checks and plans; masks every secret before the first line is logged. */
async function readPlan() {
    const inputs = readInputs();
    maskBuildSecrets(buildSpec(inputs), [inputs, ...inputs.registryAuth]);
    // Templates, the image input and the default provenance (public or private repository) read the payload.
    const event = await readEvent(inputs);
    const plan = inputs.mode === 'merge'
        ? planMerge(inputs, event)
        : planBuild(inputs, event, (0,model_platforms/* nativePlatform */.Nc)(), gatherFiles(inputs));
    // Build args filled from the event are other values than the ones masked above.
    if (plan.mode === 'build' && inputs.buildArgs.some(({ value }) => value.includes('{{')))
        maskBuildSecrets(plan.build, []);
    for (const warning of plan.warnings)
        runner/* warning */.$e(warning);
    for (const warning of plan.tags.warnings ?? [])
        runner/* warning */.$e(`tags: ${warning}`);
    for (const line of describePlan(plan))
        runner/* info */.pq(line);
    return plan;
}
async function runMain(seams = realSeams) {
    // First of all: from here on the runner's second call of this bundle is the post step.
    savePostState({ isPost: true });
    const { plan } = await phase('Inputs and plan', async () => {
        const read = await readPlan();
        const line = `${read.mode}, ${read.push ? 'push' : 'no push'}, ${read.tags.targets.length} tag(s), ${read.platforms.length} platform(s)`;
        return { plan: read, line };
    });
    await execute(plan, seams);
}


/***/ })

};
