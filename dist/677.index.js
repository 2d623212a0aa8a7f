export const id = 677;
export const ids = [677];
export const modules = {

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
/* harmony import */ var _build_builder_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3861);
/* harmony import */ var _seams_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9360);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9150);
/* harmony import */ var _seams_state_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4210);







/** Drops stored credentials but keeps builder records, for cleanup: false. */
function forgetCredentials(configDir) {
    // The remote driver's TLS client key is a credential too.
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,_build_builder_js__WEBPACK_IMPORTED_MODULE_3__/* .builderFilesDir */ .kG)(configDir), { recursive: true, force: true });
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
    // Every other driver has something outside it (a BuildKit container, kubernetes pods, a remote's record).
    if (state.builder && state.driver !== 'docker') {
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
