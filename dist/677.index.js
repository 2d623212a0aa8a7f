export const id = 677;
export const ids = [677];
export const modules = {

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
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6058);
/* harmony import */ var _build_builder_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3861);
/* harmony import */ var _registry_docker_config_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(26);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7206);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9150);
/* harmony import */ var _seams_state_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4210);








/** Each docker call of the post step may take this long: a hung daemon must not hold the job. */
const POST_COMMAND_TIMEOUT_MS = 20_000;
// Names come back from STATE_*: only names this action gives are passed to docker (no flags, no others).
const jobNamePattern = new RegExp(`^${_registry_docker_config_js__WEBPACK_IMPORTED_MODULE_4__/* .JOB_PREFIX */ .Pn}[A-Za-z0-9][A-Za-z0-9_.-]*$`);
/** Deletes the credentials: the whole config.json, or (cleanup: false) its logins only, keeping builder records. */
function removeCredentials(configDir, keepSettings) {
    // The remote driver's TLS client key is a credential too.
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,_build_builder_js__WEBPACK_IMPORTED_MODULE_3__/* .builderFilesDir */ .kG)(configDir), { recursive: true, force: true });
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
/** Smoke runs are --rm; only a step killed mid-run leaves one, so "no such container" is the usual answer. */
async function removeContainers(names) {
    const removed = await (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .run */ .eF)('docker', ['rm', '--force', ...names], {
        allowFailure: true,
        timeoutMs: POST_COMMAND_TIMEOUT_MS
    });
    const problems = removed.stderr.split('\n').filter((line) => line.trim() !== '' && !/no such container/i.test(line));
    return problems.map((line) => `docker rm: ${line.trim()}`);
}
/** The saved state, minus anything that is not this action's to remove (each refusal is a problem). */
function trustedState(state, problems) {
    const trusted = { ...state };
    if (state.dockerConfig && !(0,_registry_docker_config_js__WEBPACK_IMPORTED_MODULE_4__/* .isJobConfigDir */ .fD)(state.dockerConfig)) {
        // A second run finds the directory gone: that is not tampering, just nothing left to do.
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(state.dockerConfig))
            problems.push(`not touching ${state.dockerConfig}: not a job Docker config of this action under RUNNER_TEMP`);
        trusted.dockerConfig = '';
    }
    if (state.builder && !jobNamePattern.test(state.builder)) {
        problems.push(`not removing builder '${state.builder}': not a name this action gives`);
        trusted.builder = '';
    }
    trusted.smokeContainers = state.smokeContainers.filter((name) => jobNamePattern.test(name));
    return trusted;
}
/**
 * Undoes main. Credentials go first, before any docker call can hang; then the builder and
 * containers, each call with a time limit; then the directory. It never fails the job and is safe
 * to run twice or with no state (main never started).
 */
async function runPost(saved = (0,_seams_state_js__WEBPACK_IMPORTED_MODULE_7__/* .readSavedState */ .rh)()) {
    if (!saved.dockerConfig && !saved.builder && saved.smokeContainers.length === 0) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('Nothing to clean up: the main step created nothing.');
        return;
    }
    const problems = [];
    const attempt = async (what, action) => {
        try {
            problems.push(...((await action()) ?? []));
        }
        catch (error) {
            problems.push(`${what}: ${(0,_model_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error)}`);
        }
    };
    const state = trustedState(saved, problems);
    const configDir = state.dockerConfig;
    if (configDir) {
        (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .setJobEnv */ .jn)('DOCKER_CONFIG', configDir);
        await attempt('removing the credentials', () => removeCredentials(configDir, !state.cleanup));
    }
    // A docker-driver builder is only a context inside the job's config: deleting the directory removes it, no docker call needed.
    if (state.builder && state.driver !== 'docker') {
        if (state.cleanup)
            await attempt(`removing builder ${state.builder}`, () => (0,_build_builder_js__WEBPACK_IMPORTED_MODULE_3__/* .removeBuilder */ .iq)(state.builder, POST_COMMAND_TIMEOUT_MS));
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`cleanup: false, keeping builder ${state.builder}`);
    }
    if (state.smokeContainers.length > 0)
        await attempt('removing smoke-run containers', () => removeContainers(state.smokeContainers));
    if (configDir && state.cleanup)
        await attempt(`removing ${configDir}`, () => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(configDir, { recursive: true, force: true }));
    report(problems, configDir !== '', state.builder);
}
function report(problems, configExisted, builder) {
    for (const problem of problems)
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`Cleanup: ${problem}`);
    if (problems.length > 0)
        return;
    if (configExisted)
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`Cleaned up ${[builder && `builder ${builder}`, 'the job Docker config and its credentials'].filter(Boolean).join(' and ')}.`);
    else
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq('Already cleaned up: the job Docker config is gone.');
}


/***/ })

};
