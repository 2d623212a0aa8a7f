export const id = 230;
export const ids = [230];
export const modules = {

/***/ 3861:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kG: () => (/* binding */ builderFilesDir),
  sY: () => (/* binding */ checkBuilderPlatforms),
  Ij: () => (/* binding */ createBuilder),
  iq: () => (/* binding */ removeBuilder),
  C8: () => (/* binding */ useExistingBuilder),
  Ul: () => (/* binding */ userDockerHost)
});

// UNUSED EXPORTS: BOOTSTRAP_TIMEOUT_MS, bootFailure, writeBuilderFiles

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(7206);
// EXTERNAL MODULE: ./src/seams/exec.ts + 1 modules
var exec = __webpack_require__(9150);
// EXTERNAL MODULE: ./src/model/platforms.ts
var model_platforms = __webpack_require__(3065);
// EXTERNAL MODULE: ./src/seams/state.ts
var state = __webpack_require__(4210);
// EXTERNAL MODULE: ./src/build/buildx-args.ts
var buildx_args = __webpack_require__(2638);
;// CONCATENATED MODULE: ./src/build/builder-args.ts
// Pure translation of the builder inputs into docker command lines, and of `buildx inspect` back. Table-tested.


/** The remote driver reads its TLS client files from driver options; buildx splits each option as CSV. */
function tlsDriverOpts(files) {
    return ['cacert', 'cert', 'key']
        .filter((key) => files[key] !== undefined)
        .map((key) => (0,buildx_args/* csvField */.XR)(`${key}=${files[key]}`));
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
        ...nodeFlags(spec),
        ...positional(spec.endpoint)
    ];
}
/** One more node of the job's builder; it takes the builder's driver and the job's buildkitd config. */
function appendNodeArgs(name, node, configFile) {
    return [
        'buildx',
        'create',
        '--append',
        '--name',
        name,
        ...(node.name ? ['--node', node.name] : []),
        ...nodeFlags({ ...node, configFile }),
        ...positional(node.endpoint)
    ];
}
function createContextArgs(name, dockerHost) {
    return [
        'context',
        'create',
        '--description',
        'multiarch-build-push job builder',
        '--docker',
        (0,buildx_args/* csvField */.XR)(`host=${dockerHost}`),
        '--',
        name
    ];
}
function inspectBuilderArgs(builder, bootstrap) {
    return [...(0,buildx_args/* buildxPrefix */.Bw)(builder), 'inspect', ...(bootstrap ? ['--bootstrap'] : []), ...(0,buildx_args/* builderFlag */.cg)(builder)];
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
;// CONCATENATED MODULE: ./src/build/existing-builder.ts
// A builder that exists before the job: found in the user's Docker config, used as it is, never removed.




// docker keeps a context's files under the SHA-256 of its name.
const contextDigest = (name) => (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex');
function contextDirs(configDir, name) {
    return ['meta', 'tls'].map((kind) => external_node_path_.join(configDir, 'contexts', kind, contextDigest(name)));
}
function hasContext(configDir, name) {
    return (0,external_node_fs_.existsSync)(external_node_path_.join(contextDirs(configDir, name)[0], 'meta.json'));
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
function adoptUserBuilder(name, userDir, jobDir) {
    const instance = external_node_path_.join(userDir, 'buildx', 'instances', name);
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
    throw new errors/* ActionError */.lZ(`Builder ${name} does not exist: there is no buildx builder or docker context of that name in ${userDir}.`, 'create it before this step (docker/setup-buildx-action, or docker buildx create --name ' +
        `${name}) with the same DOCKER_CONFIG, or leave builder empty and the action makes one for the job.`);
}

// EXTERNAL MODULE: ./src/model/post-state.ts
var post_state = __webpack_require__(575);
;// CONCATENATED MODULE: ./src/build/builder.ts










/** A hung node must not hold the job: pulling moby/buildkit or scheduling a pod fits well inside this. */
const BOOTSTRAP_TIMEOUT_MS = 180_000;
const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1';
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
/** Where the job keeps its builder's files (buildkitd.toml, TLS client files); removed with the job's directory. */
function builderFilesDir(jobConfigDir) {
    return external_node_path_.join(jobConfigDir, 'buildkit');
}
/** Masks every line too: the runner matches a masked value line by line in the log. */
function maskPem(pem) {
    core/* setSecret */.Pq(pem.trim());
    for (const line of pem.split('\n'))
        if (line.trim() && !line.startsWith('-----'))
            core/* setSecret */.Pq(line.trim());
}
/** Writes the buildkitd config and the remote TLS files, 0600 in the job's private directory. */
function writeBuilderFiles(jobConfigDir, settings) {
    const dir = builderFilesDir(jobConfigDir);
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
        return new errors/* ActionError */.lZ(`${message}\nThe runner could not pull the BuildKit image ${image ?? DEFAULT_BUILDKIT_IMAGE}.`, 'set driver-opts: image=<mirror>/moby/buildkit:buildx-stable-1 (a copy in a registry this runner reaches), ' +
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
        const problems = await removeBuilder(name);
        for (const problem of problems)
            core/* warning */.$e(`Removing builder ${name}: ${problem}`);
        // Gone already: the post step has nothing left to remove.
        if (problems.length === 0)
            (0,state/* saveState */.LZ)(post_state/* StateKey */.z.Builder, '');
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
        await orRemove(name, () => (0,exec/* run */.eF)('docker', appendNodeArgs(name, withTls, configFile)), (error) => bootFailure(name, settings, [label], error));
    }
    const inspected = await orRemove(name, () => (0,exec/* run */.eF)('docker', inspectBuilderArgs({ name, driver }, true), {
        stream: true,
        timeoutMs: BOOTSTRAP_TIMEOUT_MS
    }), (error) => bootFailure(name, settings, labels, error));
    return parseInspectNodes(inspected.stdout);
}
function logBuilder(builder) {
    for (const node of builder.nodes)
        core/* info */.pq(`Builder ${builder.name} node ${node.name} (${node.endpoint}): ${node.platforms.join(', ') || '(none reported)'}`);
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
    (0,state/* saveState */.LZ)(post_state/* StateKey */.z.Builder, name);
    (0,state/* saveState */.LZ)(post_state/* StateKey */.z.Driver, settings.driver);
    if (settings.driver === 'docker') {
        // buildx refuses a second docker-driver instance; a job-scoped context is the named builder.
        const host = !settings.endpoint
            ? userDockerHost(config.userDir)
            : settings.endpoint.includes('://')
                ? settings.endpoint
                : contextDockerHost(config.userDir, settings.endpoint);
        if (!host)
            throw new errors/* ActionError */.lZ(`endpoint ${settings.endpoint} is not a docker context in ${config.userDir}.`);
        await (0,exec/* run */.eF)('docker', createContextArgs(name, host));
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
async function dockerDriverBuilder(ref, wanted, runnable) {
    // The docker driver's daemon caches its emulator scan, so its list cannot add to what this step
    // already verified (native or emulated): skip that call when it covers every wanted platform.
    const covered = wanted.every((platform) => runnable.some((entry) => (0,model_platforms/* formatPlatform */.Bq)(entry) === (0,model_platforms/* formatPlatform */.Bq)(platform)));
    if (covered) {
        const platforms = wanted.map(model_platforms/* formatPlatform */.Bq);
        core/* info */.pq(`Builder ${ref.name} (docker): the daemon's BuildKit, with ${platforms.join(', ')} native or emulated`);
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
/**
 * Removes the job's builder and its BuildKit containers or pods. (A docker-driver builder is a
 * context inside the job's config and goes with it.) Returns what went wrong instead of throwing:
 * the post step only warns.
 */
async function removeBuilder(name, timeoutMs = 60_000) {
    const problems = [];
    const removed = await (0,exec/* run */.eF)('docker', ['buildx', 'rm', '--force', name], { allowFailure: true, timeoutMs });
    if (removed.exitCode === 0 || /not found|no builder/i.test(removed.stderr))
        return problems;
    // The builder's record may be gone with the config; remove its container and state volume by their names.
    const container = `buildx_buildkit_${name}0`;
    const forced = await (0,exec/* run */.eF)('docker', ['rm', '--force', '--volumes', container], { allowFailure: true, timeoutMs });
    await (0,exec/* run */.eF)('docker', ['volume', 'rm', '--force', `${container}_state`], { allowFailure: true, timeoutMs });
    if (forced.exitCode !== 0 && !/no such container/i.test(forced.stderr))
        problems.push(`docker rm ${container}: ${forced.stderr.trim()}`);
    return problems;
}


/***/ }),

/***/ 2638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bw: () => (/* binding */ buildxPrefix),
/* harmony export */   CH: () => (/* binding */ buildArgs),
/* harmony export */   WB: () => (/* binding */ buildEnv),
/* harmony export */   XR: () => (/* binding */ csvField),
/* harmony export */   cg: () => (/* binding */ builderFlag)
/* harmony export */ });
/* unused harmony exports secretEnvName, GIT_AUTH_ENV, isGitUrl, gitAuthSecretId, secretSpecs, buildArgsFromEnv */
/* harmony import */ var _model_platforms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3065);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8811);
/* harmony import */ var _model_build_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9217);



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
    const args = [...buildxPrefix(builder), 'build', ...builderFlag(builder)];
    const repeated = (flag, values) => {
        for (const value of values)
            args.push(flag, value);
    };
    const pairs = (values) => values.map(({ key, value }) => `${key}=${value}`);
    const cache = (0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .moveCacheCredentials */ .Sk)(inputs.cacheFrom, inputs.cacheTo);
    args.push('--platform', plan.platforms.map(_model_platforms_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPlatform */ .Bq).join(','));
    if (inputs.file)
        args.push('--file', inputs.file);
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
    repeated('--cache-from', cache.cacheFrom);
    repeated('--cache-to', cache.cacheTo);
    repeated('--no-cache-filter', inputs.noCacheFilters);
    args.push(...provenanceFlag(inputs, plan));
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
/** The user's outputs replace the action's own; otherwise an OCI layout on disk when the image is to be pushed. */
function outputSpecs(inputs, plan) {
    if (inputs.outputs.length > 0)
        return inputs.outputs;
    // Every driver exports a layout, and the docker driver cannot push by digest: the action pushes it.
    if (plan.layoutDir)
        return [['type=oci', 'tar=false', csvField(`dest=${plan.layoutDir}`)].join(',')];
    return [];
}
/**
 * buildx adds its default provenance (mode=min) to an image it pushes, but not always to an OCI
 * layout (a single platform gets none): the layout the action pushes asks for it by name.
 */
function provenanceFlag(inputs, plan) {
    if (inputs.provenance)
        return [`--provenance=${inputs.provenance}`];
    return plan.layoutDir && inputs.outputs.length === 0 ? ['--provenance=mode=min'] : [];
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
    const looking = new Set((0,_model_build_js__WEBPACK_IMPORTED_MODULE_2__/* .secretLookingBuildArgs */ .r)(inputs));
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
        ...(0,_redact_js__WEBPACK_IMPORTED_MODULE_1__/* .moveCacheCredentials */ .Sk)(inputs.cacheFrom, inputs.cacheTo).env,
        ...Object.fromEntries(buildArgsFromEnv(inputs).map(({ key, value }) => [key, value])),
        ...Object.fromEntries(inputs.secrets.map(({ value }, index) => [secretEnvName(index), value])),
        ...(gitAuthSecretId(inputs, gitHost) ? { [GIT_AUTH_ENV]: inputs.githubToken } : {})
    };
}


/***/ }),

/***/ 8811:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jm: () => (/* binding */ maskableParts),
/* harmony export */   P_: () => (/* binding */ cacheSpecSecrets),
/* harmony export */   Sk: () => (/* binding */ moveCacheCredentials),
/* harmony export */   jh: () => (/* binding */ redactCommand)
/* harmony export */ });
/* unused harmony exports REDACTED, redactCacheSpec */
/* harmony import */ var _model_build_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9217);

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
/** The values of a cache spec's credential fields, for core.setSecret. */
function cacheSpecSecrets(spec) {
    return spec
        .split(',')
        .map(splitField)
        .filter((pair) => !!pair && credentialField.test(pair[0].trim()) && pair[1] !== '')
        .map(([, value]) => value);
}
const secretLikeBuildArg = (arg) => {
    const name = arg.slice(0, Math.max(arg.indexOf('='), 0));
    return name !== '' && (0,_model_build_js__WEBPACK_IMPORTED_MODULE_0__/* .secretLookingBuildArgs */ .r)({ buildArgs: [{ key: name, value: '' }] }).length > 0;
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
function specFields(spec) {
    if (spec.includes('"'))
        return undefined;
    const pairs = spec.split(',').map((field) => splitField(field.trim()));
    if (pairs.some((pair) => !pair))
        return undefined;
    return pairs.map(([key, value]) => ({ key, value }));
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
            return spec;
        return kept.map(({ key, value }) => `${key}=${value}`).join(',');
    };
    return { cacheFrom: cacheFrom.map(rewrite), cacheTo: cacheTo.map(rewrite), env };
}


/***/ }),

/***/ 9217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ secretLookingBuildArgs)
/* harmony export */ });
const secretLikeName = /TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|CREDENTIAL/i;
/** Build-args end up in the image's history and provenance; secrets belong in BuildKit secrets. */
function secretLookingBuildArgs(inputs) {
    return inputs.buildArgs.filter(({ key }) => secretLikeName.test(key)).map(({ key }) => key);
}


/***/ }),

/***/ 264:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   HZ: () => (/* binding */ goArchitectureOfQemu),
/* harmony export */   M8: () => (/* binding */ buildxAssetSuffix),
/* harmony export */   Nc: () => (/* binding */ nativePlatform),
/* harmony export */   PU: () => (/* binding */ runsNatively),
/* harmony export */   TK: () => (/* binding */ buildxNodeArchitectures),
/* harmony export */   VX: () => (/* binding */ parsePlatformList),
/* harmony export */   aw: () => (/* binding */ builderSupports),
/* harmony export */   h4: () => (/* binding */ normalisePlatformText),
/* harmony export */   k8: () => (/* binding */ architectureTable),
/* harmony export */   my: () => (/* binding */ samePlatform),
/* harmony export */   xA: () => (/* binding */ foreignQemuArchitectures)
/* harmony export */ });
/* unused harmony exports architectureRow, acceptedPlatforms */
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
/* harmony export */   fS: () => (/* binding */ jobScopedName)
/* harmony export */ });
/* unused harmony export jobTempDir */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9150);




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
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'config.json'), JSON.stringify(userSettings(userDir), null, 2), { mode: 0o600 });
    const userPlugin = node_path__WEBPACK_IMPORTED_MODULE_2__.join(userDir, 'cli-plugins', 'docker-buildx');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(userPlugin))
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync)(userPlugin, node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'cli-plugins', 'docker-buildx'));
    (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .setJobEnv */ .jn)('DOCKER_CONFIG', dir);
    return { dir, userDir };
}


/***/ })

};
