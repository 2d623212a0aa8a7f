export const id = 305;
export const ids = [305];
export const modules = {

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


/***/ })

};
