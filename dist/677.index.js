export const id = 677;
export const ids = [677];
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

/***/ 2677:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPost: () => (/* binding */ runPost)
/* harmony export */ });
/* unused harmony export POST_COMMAND_TIMEOUT_MS */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2988);
/* harmony import */ var _registry_docker_config_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(26);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7206);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4115);
/* harmony import */ var _seams_saved_state_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9444);
/* harmony import */ var _buildx_builder_removal_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5982);


// Not runner.js: the post step never loads @actions/core (its start-up budget, post-runner.ts).






/** Each docker call of the post step may take this long: a hung daemon must not hold the job. */
const POST_COMMAND_TIMEOUT_MS = 20_000;
// Names come back from STATE_*: only names this action gives are passed to docker (no flags, no others).
const jobNamePattern = new RegExp(`^${_registry_docker_config_js__WEBPACK_IMPORTED_MODULE_3__/* .JOB_PREFIX */ .Pn}[A-Za-z0-9][A-Za-z0-9_.-]*$`);
/** Deletes the credentials: the whole config.json, or (cleanup: false) its logins only, keeping builder records. */
function removeCredentials(configDir, keepSettings) {
    // The remote driver's TLS client key is a credential too.
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,_buildx_builder_removal_js__WEBPACK_IMPORTED_MODULE_7__/* .builderFilesDir */ .k)(configDir), { recursive: true, force: true });
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(configDir, 'config.json');
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
        return;
    if (!keepSettings) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(file, { force: true });
        return;
    }
    const config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
    delete config['auths'];
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}
/**
 * Gives later steps the DOCKER_CONFIG main started from (saved before it exported the job's). That
 * may be an earlier step's job config (two steps of this action with login-scope: job), never this one.
 */
function restoreUserConfig(userDir, jobDir) {
    // Read back from STATE_*: only an absolute path, and not the directory this step deletes.
    if (!node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(userDir) || /[\r\n]/.test(userDir) || node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(userDir) === node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(jobDir))
        return [`not pointing DOCKER_CONFIG at '${userDir}': not the Docker config main started from`];
    _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .exportVariable */ .dN('DOCKER_CONFIG', userDir);
    _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`DOCKER_CONFIG points back to ${userDir} for the steps after this one.`);
    return [];
}
/**
 * What the post step removes from the daemon, by name. Smoke runs are --rm and a second run finds
 * the image gone, so "no such …" is the usual answer, and means done.
 */
const dockerRemovals = {
    containers: { args: ['rm', '--force'], absent: /no such container/i },
    image: { args: ['image', 'rm', '--force'], absent: /no such image/i }
};
/** One `docker … rm --force` with a time limit; the lines of its stderr that are not "no such …" are problems. */
async function removeFromDocker(kind, names) {
    const { args, absent } = dockerRemovals[kind];
    const removed = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .run */ .eF)('docker', [...args, ...names], { allowFailure: true, timeoutMs: POST_COMMAND_TIMEOUT_MS });
    const problems = removed.stderr.split('\n').filter((line) => line.trim() !== '' && !absent.test(line));
    return problems.map((line) => `docker ${args.slice(0, -1).join(' ')}: ${line.trim()}`);
}
/** What the post step may act on besides the job config itself: nothing, until main's record says so. */
const nothingElse = (state, dockerConfig) => ({
    ...state,
    dockerConfig,
    builder: '',
    driver: '',
    smokeContainers: [],
    localImage: '',
    restoreDockerConfig: ''
});
/** The fields main records beside the job config, and how each is compared. */
const recordedFields = [
    'builder',
    'driver',
    'cleanup',
    'smokeContainers',
    'localImage',
    'restoreDockerConfig'
];
const same = (a, b) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '');
/**
 * The saved state, minus anything that is not this action's to touch (each refusal is a problem).
 * The runner's state can be planted by anything the step printed; main's record, in the job's
 * private directory, cannot. Each value is taken from the record, and a state that says otherwise
 * is reported, never followed.
 */
function trustedState(state, problems) {
    if (state.dockerConfig && !(0,_registry_docker_config_js__WEBPACK_IMPORTED_MODULE_3__/* .isJobConfigDir */ .fD)(state.dockerConfig)) {
        // A second run finds the directory gone: that is not tampering, just nothing left to do.
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(state.dockerConfig))
            problems.push(`not touching ${state.dockerConfig}: not a job Docker config of this action under RUNNER_TEMP`);
        return nothingElse(state, '');
    }
    const recorded = state.dockerConfig ? (0,_seams_saved_state_js__WEBPACK_IMPORTED_MODULE_6__/* .readRecordedState */ .GF)(state.dockerConfig) : undefined;
    if (!recorded) {
        const named = [state.builder, ...state.smokeContainers, state.localImage, state.restoreDockerConfig].filter(Boolean);
        if (named.length > 0 && (!state.dockerConfig || (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(state.dockerConfig)))
            problems.push(`not acting on ${named.join(', ')}: main left no record of them in its job Docker config`);
        return nothingElse(state, state.dockerConfig);
    }
    const trusted = { ...state };
    for (const field of recordedFields) {
        if (!same(state[field], recorded[field]))
            problems.push(`the saved ${field} '${String(state[field] ?? '')}' is not what main recorded; using the record`);
        Object.assign(trusted, { [field]: recorded[field] });
    }
    if (trusted.builder && !jobNamePattern.test(trusted.builder)) {
        problems.push(`not removing builder '${trusted.builder}': not a name this action gives`);
        trusted.builder = '';
    }
    trusted.smokeContainers = trusted.smokeContainers.filter((name) => jobNamePattern.test(name));
    // Only the job-scoped name main gives (NAME:checks), never another image.
    const [localName = '', localTag, ...rest] = (trusted.localImage ?? '').split(':');
    if (trusted.localImage && !(jobNamePattern.test(localName) && localTag === 'checks' && rest.length === 0)) {
        problems.push(`not removing image '${trusted.localImage}': not a name this action gives`);
        trusted.localImage = '';
    }
    return trusted;
}
/**
 * Undoes main. Credentials go first, before any docker call can hang; then the builder and
 * containers, each call with a time limit; then the directory. It never fails the job and is safe
 * to run twice or with no state (main never started).
 */
async function runPost(saved = (0,_seams_saved_state_js__WEBPACK_IMPORTED_MODULE_6__/* .readSavedState */ .rh)()) {
    if (!saved.dockerConfig &&
        !saved.builder &&
        saved.smokeContainers.length === 0 &&
        !saved.localImage &&
        !saved.restoreDockerConfig) {
        _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('Nothing to clean up: the main step created nothing.');
        return;
    }
    const problems = [];
    const attempt = async (what, action) => {
        try {
            problems.push(...((await action()) ?? []));
        }
        catch (error) {
            problems.push(`${what}: ${(0,_model_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
        }
    };
    const state = trustedState(saved, problems);
    const configDir = state.dockerConfig;
    if (configDir) {
        (0,_registry_docker_config_js__WEBPACK_IMPORTED_MODULE_3__/* .useJobConfig */ .xm)(configDir);
        await attempt('removing the credentials', () => removeCredentials(configDir, !state.cleanup));
    }
    // login-scope: job: the post steps after this one (login-action's logout, setup-buildx's builder removal) read the user's config again.
    if (state.restoreDockerConfig)
        await attempt('pointing DOCKER_CONFIG back', () => restoreUserConfig(state.restoreDockerConfig ?? '', saved.dockerConfig));
    // A docker-driver builder is only a context inside the job's config: deleting the directory removes it, no docker call needed.
    if (state.builder && state.driver !== 'docker') {
        if (state.cleanup)
            await attempt(`removing builder ${state.builder}`, () => (0,_buildx_builder_removal_js__WEBPACK_IMPORTED_MODULE_7__/* .removeBuilder */ .i)(state.builder, POST_COMMAND_TIMEOUT_MS, { driver: state.driver, configDir }));
        else
            _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`cleanup: false, keeping builder ${state.builder}`);
    }
    if (state.smokeContainers.length > 0)
        await attempt('removing smoke-run containers', () => removeFromDocker('containers', state.smokeContainers));
    const localImage = state.localImage;
    if (localImage)
        await attempt(`removing image ${localImage}`, () => removeFromDocker('image', [localImage]));
    if (configDir && state.cleanup)
        await attempt(`removing ${configDir}`, () => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(configDir, { recursive: true, force: true }));
    report(problems, configDir !== '', state.builder);
}
function report(problems, configExisted, builder) {
    for (const problem of problems)
        _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`Cleanup: ${problem}`);
    if (problems.length > 0)
        return;
    if (configExisted)
        _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`Cleaned up ${[builder && `builder ${builder}`, 'the job Docker config and its credentials'].filter(Boolean).join(' and ')}.`);
    else
        _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('Already cleaned up: the job Docker config is gone.');
}


/***/ })

};
