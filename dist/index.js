import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2988);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7206);
/* harmony import */ var _seams_exec_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4115);
/* harmony import */ var _seams_left_behind_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2671);
/* harmony import */ var _seams_saved_state_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9444);
// What both steps load: the post step never loads @actions/core (its start-up budget, post-runner.ts).





// The runner cancels a job with SIGINT, then SIGTERM: stop the build so it does not outlive the step.
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        const stopped = (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .stopAllCommands */ .mB)(signal);
        _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Received ${signal}: stopping ${stopped} running command(s).`);
        setTimeout(() => {
            (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .killAllCommands */ .W$)();
            process.exit(1);
        }, 10_000).unref();
    });
}
// Each step loads only its own code: the post step runs on every job and should start fast.
if ((0,_seams_saved_state_js__WEBPACK_IMPORTED_MODULE_4__/* .isPostStep */ .pq)()) {
    try {
        const { runPost } = await __nccwpck_require__.e(/* import() */ 677).then(__nccwpck_require__.bind(__nccwpck_require__, 2677));
        await runPost();
    }
    catch (error) {
        _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Cleanup failed: ${(0,_model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}`);
    }
}
else {
    const { setFailed } = await Promise.all(/* import() */[__nccwpck_require__.e(838), __nccwpck_require__.e(305)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2305));
    try {
        const { runMain } = await Promise.all(/* import() */[__nccwpck_require__.e(838), __nccwpck_require__.e(340), __nccwpck_require__.e(118)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8118));
        await runMain();
    }
    catch (error) {
        const cancelledBy = (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .cancellation */ .WN)();
        setFailed(cancelledBy ? `Cancelled by ${cancelledBy}: ${(0,_model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}` : (0,_model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error));
    }
    // What main started ahead and no longer waits for (a restore a failed build never used) must not hold the step open.
    (0,_seams_left_behind_js__WEBPACK_IMPORTED_MODULE_3__/* .endAfterGrace */ .QD)({
        stopCommands: () => {
            const running = (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .stopAllCommands */ .mB)('the end of main');
            (0,_seams_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .killAllCommands */ .W$)();
            return running;
        },
        info: _seams_post_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq,
        exit: () => process.exit()
    });
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7206:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   lZ: () => (/* binding */ ActionError)
/* harmony export */ });
/** A bad input value, caught before any command runs. */
class InputError extends Error {
    input;
    value;
    accepted;
    detail;
    constructor(input, value, accepted, detail) {
        const shown = value === '' ? '(empty)' : JSON.stringify(value);
        super(`Input '${input}' has an invalid value ${shown}${detail ? ` (${detail})` : ''}. Accepted: ${accepted}.`);
        this.input = input;
        this.value = value;
        this.accepted = accepted;
        this.detail = detail;
        this.name = 'InputError';
    }
}
/** A failure with advice for the user; the message is what the step prints. */
class ActionError extends Error {
    hint;
    constructor(message, hint) {
        super(hint ? `${message}\nHint: ${hint}` : message);
        this.hint = hint;
        this.name = 'ActionError';
    }
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 575:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ StateKey)
/* harmony export */ });
// What main leaves for the post step: the keys it saves under, and what post reads back.
/** Keys main saves for the post step (the runner hands them back as STATE_<key>). */
var StateKey;
(function (StateKey) {
    StateKey["IsPost"] = "isPost";
    StateKey["DockerConfig"] = "dockerConfig";
    StateKey["Builder"] = "builder";
    StateKey["Driver"] = "driver";
    StateKey["Cleanup"] = "cleanup";
    StateKey["SmokeContainers"] = "smokeContainers";
    StateKey["LocalImage"] = "localImage";
    StateKey["RestoreDockerConfig"] = "restoreDockerConfig";
})(StateKey || (StateKey = {}));


/***/ }),

/***/ 4115:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Qd: () => (/* binding */ CommandError),
  WN: () => (/* binding */ cancellation),
  pE: () => (/* binding */ getJobEnv),
  W$: () => (/* binding */ killAllCommands),
  w$: () => (/* binding */ lastLines),
  eF: () => (/* binding */ run),
  jn: () => (/* binding */ setJobEnv),
  mB: () => (/* binding */ stopAllCommands)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
;// CONCATENATED MODULE: external "node:string_decoder"
const external_node_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/seams/cli-plugin.ts
// `docker buildx …` starts the docker CLI, which starts the plugin once to read its metadata, then
// again to run the command: about 130 ms before buildx even begins, on every buildx command. The
// action starts the plugin itself, the way the CLI would (the docker CLI plugin spec: the same
// arguments, global options included, and DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND set), and takes it
// from the directories the CLI would search, in its order. Anything it cannot resolve as surely as the
// CLI would is left to the CLI, and so is a `docker` on PATH that is a wrapper script, not the CLI.



/** The docker CLI's plugin directories on Linux, after the config directory's own cli-plugins. */
const SYSTEM_PLUGIN_DIRS = [
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins'
];
/** Tells the plugin that a CLI started it: it then reads docker's global options and its own name first. */
const REEXEC_VARIABLE = 'DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND';
/** The plugin a docker command runs, for the shapes this action uses: `buildx …`, `--context <name> buildx …`. */
function pluginName(args) {
    const name = args[0] === '--context' ? args[2] : args[0];
    return name === 'buildx' ? name : undefined;
}
function isExecutableFile(file) {
    try {
        if (!(0,external_node_fs_.statSync)(file).isFile())
            return false;
        (0,external_node_fs_.accessSync)(file, external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
function startsWithElfMagic(file) {
    const head = Buffer.alloc(4);
    try {
        const fd = (0,external_node_fs_.openSync)(file, 'r');
        try {
            (0,external_node_fs_.readSync)(fd, head, 0, 4, 0);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    catch {
        return false;
    }
    return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}
/** Whether the first `docker` on PATH is the CLI's program (an ELF file named docker), not a script or launcher standing in for it. */
const dockerIsProgram = new Map();
function firstDockerIsProgram(searchPath) {
    const known = dockerIsProgram.get(searchPath);
    if (known !== undefined)
        return known;
    let answer = false;
    for (const dir of searchPath.split(external_node_path_.delimiter).filter(Boolean)) {
        const file = external_node_path_.join(dir, 'docker');
        if (!isExecutableFile(file))
            continue;
        // The CLI itself, not a launcher that runs another docker (snap's /snap/bin/docker is /usr/bin/snap).
        answer = external_node_path_.basename((0,external_node_fs_.realpathSync)(file)) === 'docker' && startsWithElfMagic(file);
        break;
    }
    dockerIsProgram.set(searchPath, answer);
    return answer;
}
/** Extra plugin directories in the config make the CLI's search order the CLI's business. */
function hasExtraPluginDirs(configDir) {
    try {
        return (0,external_node_fs_.readFileSync)(external_node_path_.join(configDir, 'config.json'), 'utf8').includes('cliPluginsExtraDirs');
    }
    catch {
        return false;
    }
}
/**
 * The plugin itself for a docker command that only runs a CLI plugin, or undefined to run docker.
 * `env` is the environment the command gets (DOCKER_CONFIG decides where the CLI looks first).
 */
function pluginCommand(command, args, env, systemDirs = SYSTEM_PLUGIN_DIRS) {
    const name = command === 'docker' ? pluginName(args) : undefined;
    if (!name || !firstDockerIsProgram(env['PATH'] ?? ''))
        return undefined;
    const configDir = env['DOCKER_CONFIG'] || external_node_path_.join(env['HOME'] || external_node_os_.homedir(), '.docker');
    if (hasExtraPluginDirs(configDir))
        return undefined;
    for (const dir of [external_node_path_.join(configDir, 'cli-plugins'), ...systemDirs]) {
        const file = external_node_path_.join(dir, `docker-${name}`);
        if (isExecutableFile(file))
            return { command: file, args, env: { [REEXEC_VARIABLE]: 'docker' } };
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/seams/log-stream.ts
var log_stream = __nccwpck_require__(1186);
;// CONCATENATED MODULE: ./src/seams/exec.ts
// Every command the action runs, spawned here rather than through @actions/exec: each needs what
// @actions/exec has no option for and cannot be wrapped around it, because it keeps the child to
// itself: a process group of its own (so a time limit or the runner's cancellation stops whatever the
// command started), the handle to stop it, a time limit, and stdout piped with backpressure (an
// exported image). Its output reaches the log only as untrusted text (log-stream.ts), never as commands.




class CommandError extends Error {
    command;
    result;
    constructor(command, result) {
        const tail = lastLines(result.stderr || result.stdout, 15);
        super(`'${command}' failed with exit code ${result.exitCode}${tail ? `:\n${tail}` : ''}`);
        this.command = command;
        this.result = result;
        this.name = 'CommandError';
    }
}
/** Enough for any output the action parses; a command that prints without end keeps only its last MiB. */
const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** After SIGTERM, how long a command's process group gets before SIGKILL. */
const KILL_GRACE_MS = 5000;
/**
 * After the command exits, how long its output pipes may stay open: a child it left running (a
 * background job, a daemon) holds them, and must not keep the step waiting.
 */
const PIPE_GRACE_MS = 1000;
/** However much such a child keeps writing, the pipes are given up this long after the command exited. */
const PIPE_MAX_WAIT_MS = 5000;
/** The last `limit` bytes of a stream, and how many came before them. */
class OutputTail {
    limit;
    chunks = [];
    kept = 0;
    dropped = 0;
    constructor(limit) {
        this.limit = limit;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.kept += chunk.length;
        while (this.kept > this.limit) {
            const first = this.chunks[0];
            const excess = this.kept - this.limit;
            const cut = Math.min(excess, first.length);
            if (cut === first.length)
                this.chunks.shift();
            else
                this.chunks[0] = first.subarray(cut);
            this.kept -= cut;
            this.dropped += cut;
        }
    }
    text() {
        const body = Buffer.concat(this.chunks).toString('utf8');
        return this.dropped > 0 ? `[${this.dropped} earlier bytes of output not kept]\n${body}` : body;
    }
}
/** Hands complete lines of one stream to a reader; nothing is kept when there is no reader. */
class LineSplitter {
    reader;
    partial = '';
    // A character split across two chunks is decoded whole.
    decoder = new external_node_string_decoder_namespaceObject.StringDecoder('utf8');
    constructor(reader) {
        this.reader = reader;
    }
    push(chunk) {
        if (!this.reader)
            return;
        const lines = (this.partial + this.decoder.write(chunk)).split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines)
            this.reader(line.replace(/\r$/, ''));
    }
    end() {
        if (!this.reader)
            return;
        const rest = this.partial + this.decoder.end();
        if (rest)
            this.reader(rest);
        this.partial = '';
    }
}
function lastLines(text, count) {
    return text.trimEnd().split('\n').slice(-count).join('\n');
}
// Variables every command of this job gets (the job-scoped DOCKER_CONFIG above all).
const jobEnv = {};
const liveChildren = new Set();
let cancelledBy;
/** The signal that cancelled the step, if one did: nothing new starts after it. */
function cancellation() {
    return cancelledBy;
}
function setJobEnv(name, value) {
    jobEnv[name] = value;
}
function getJobEnv() {
    return jobEnv;
}
/**
 * After the command exited: its pipes are given up once nothing came through them for a grace
 * period, and at the latest after PIPE_MAX_WAIT_MS. Each check runs after the reads already pending
 * (setImmediate), so an event loop that was busy for a while cannot cut the command's own output short.
 */
function watchPipes(child, abandon) {
    let heard = false;
    const onData = () => void (heard = true);
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const started = Date.now();
    let timer;
    const check = () => void setImmediate(() => {
        if (heard && Date.now() - started < PIPE_MAX_WAIT_MS) {
            heard = false;
            timer = setTimeout(check, PIPE_GRACE_MS);
            return;
        }
        child.stdout.destroy();
        child.stderr.destroy();
        abandon();
    });
    timer = setTimeout(check, PIPE_GRACE_MS);
    return () => clearTimeout(timer);
}
/** Keeps each stream's tail, hands its lines on, and streams it to the log when asked. */
function captureOutput(child, options) {
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const output = {
        stdout: new OutputTail(limit),
        stderr: new OutputTail(limit),
        lines: { stdout: new LineSplitter(options.onLine), stderr: new LineSplitter(options.onLine) }
    };
    if (options.stdoutTo) {
        child.stdout.pipe(options.stdoutTo);
        // A reader that gave up closes the pipe, so the command ends (EPIPE) instead of waiting on it.
        options.stdoutTo.on('error', () => child.stdout.destroy());
    }
    // The tool's output is untrusted (a RUN step prints what it likes): it must never command the runner.
    if (options.stream)
        output.log = (0,log_stream/* untrustedStream */.xI)();
    for (const name of options.stdoutTo ? ['stderr'] : ['stdout', 'stderr'])
        child[name].on('data', (chunk) => {
            output[name].push(chunk);
            output.lines[name].push(chunk);
            output.log?.write(chunk);
        });
    return output;
}
function resultOf(output, ending) {
    const result = {
        exitCode: ending.code ?? 128,
        stdout: output.stdout.text(),
        stderr: output.stderr.text()
    };
    if (ending.timeLimitMs !== undefined) {
        result.stderr += `\n(stopped after the ${ending.timeLimitMs} ms time limit)`;
        result.timedOut = true;
    }
    else if (ending.signal)
        result.stderr += `\n(stopped by ${ending.signal})`;
    if (ending.abandoned)
        result.stderr += '\n(output of processes it left running was not waited for)';
    return result;
}
/** Every command the action runs goes through here: the single seam tests replace. */
const run = (command, args, options = {}) => new Promise((resolve, reject) => {
    // A step cancelled between two commands must not start the next one (a build could push after post).
    if (cancelledBy) {
        reject(new Error(`Not starting '${command} ${args[0] ?? ''}': the step was cancelled by ${cancelledBy}`));
        return;
    }
    const env = { ...process.env, ...jobEnv, ...options.env };
    // `docker buildx …` starts buildx directly (cli-plugin.ts); messages still name the docker command.
    const plugin = pluginCommand(command, args, env);
    // Its own process group, so a time limit or a cancellation stops whatever it started too.
    const child = (0,external_node_child_process_.spawn)(plugin?.command ?? command, plugin?.args ?? args, {
        env: { ...env, ...plugin?.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true
    });
    liveChildren.add(child);
    const output = captureOutput(child, options);
    let timedOut = false;
    const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            stopChild(child);
        }, options.timeoutMs)
        : undefined;
    // A closed stdin keeps commands from waiting on a terminal that is not there.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => {
        liveChildren.delete(child);
        if (timer)
            clearTimeout(timer);
        output.log?.end();
        reject(new Error(`Could not start '${command}': ${error.message}`));
    });
    let settled = false;
    let stopWatching = () => undefined;
    const finish = (code, signal, abandoned) => {
        if (settled)
            return;
        settled = true;
        output.lines.stdout.end();
        output.lines.stderr.end();
        output.log?.end();
        liveChildren.delete(child);
        clearTimeout(timer);
        stopWatching();
        const result = resultOf(output, {
            code,
            signal,
            abandoned,
            timeLimitMs: timedOut ? options.timeoutMs : undefined
        });
        if (result.exitCode !== 0 && !options.allowFailure)
            reject(new CommandError([command, ...args].join(' '), result));
        else
            resolve(result);
    };
    // Once it exited, its output is waited for only a short while: a child it left may hold the pipes.
    // Piped stdout is data still on its way: only its end finishes the command.
    child.on('exit', (code, signal) => {
        if (!options.stdoutTo)
            stopWatching = watchPipes(child, () => finish(code, signal, true));
    });
    child.on('close', (code, signal) => finish(code, signal, false));
});
/** Signals the command's whole process group (it leads one), or the command alone if that fails. */
function signalGroup(child, signal) {
    try {
        if (child.pid === undefined)
            throw new Error('no pid');
        process.kill(-child.pid, signal);
    }
    catch {
        try {
            child.kill(signal);
        }
        catch {
            // gone already
        }
    }
}
function stopChild(child) {
    signalGroup(child, 'SIGTERM');
    // A build that ignores SIGTERM must not outlive the step.
    setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
}
/** Stops every running command and refuses new ones; used when the runner cancels the job. */
function stopAllCommands(signal) {
    cancelledBy = signal;
    for (const child of liveChildren)
        stopChild(child);
    return liveChildren.size;
}
/** The last resort before exiting: nothing this step started may outlive it. */
function killAllCommands() {
    for (const child of liveChildren)
        signalGroup(child, 'SIGKILL');
}


/***/ }),

/***/ 2671:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   QD: () => (/* binding */ endAfterGrace),
/* harmony export */   RB: () => (/* binding */ runAhead)
/* harmony export */ });
/* unused harmony exports stillRunning, leftBehindLine */
// Work main starts ahead of need and may never wait for: the audit's restore while the build runs, the
// stand-ins' tag read. When main ends without it (a failed build), Node would keep the step open until
// that work ends on its own, and a cache service that never answers holds it for many minutes
// (@actions/cache has no bound of its own on a request). Main's end gives such work a short grace,
// then stops what is left and ends the step with the exit code it already has.
/** What main waits for after its own end before it stops what is left. */
const GRACE_MS = 5_000;
const pending = new Map();
let nextId = 0;
/** Notes `work` as running under `what` until it settles; returns it unchanged. */
function runAhead(what, work) {
    const id = nextId++;
    pending.set(id, what);
    const done = () => {
        pending.delete(id);
    };
    work.then(done, done);
    return work;
}
/** What is still running, each named once. */
function stillRunning() {
    return [...new Set(pending.values())];
}
/** The line main leaves when it stops what is left. */
function leftBehindLine(work, commands, graceMs) {
    const parts = [...work, ...(commands > 0 ? [`${commands} command(s)`] : [])];
    const what = parts.length > 0 ? parts.join(', ') : 'work it no longer needed';
    return `Main is done; still running ${graceMs / 1000} s later, and stopped: ${what}.`;
}
/**
 * Called once main is done: if anything still holds the process after the grace, it is stopped and
 * the step ends. The timer does not hold the process: a step with nothing left ends at once.
 */
function endAfterGrace({ graceMs = GRACE_MS, stopCommands, info, exit }) {
    const timer = setTimeout(() => {
        const work = stillRunning();
        info(leftBehindLine(work, stopCommands(), graceMs));
        exit();
    }, graceMs);
    timer.unref();
    return timer;
}


/***/ }),

/***/ 1186:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GP: () => (/* binding */ writeUntrusted),
/* harmony export */   KU: () => (/* binding */ inUntrustedRegion),
/* harmony export */   M9: () => (/* binding */ write),
/* harmony export */   QL: () => (/* binding */ resumeCommands),
/* harmony export */   gm: () => (/* binding */ openUntrustedStreams),
/* harmony export */   xI: () => (/* binding */ untrustedStream),
/* harmony export */   zP: () => (/* binding */ writeCommand)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
// The step's stdout, which the runner reads for workflow commands. Two kinds of text go there: the
// step's own commands and messages, and text from elsewhere (a tool's or an image's output, a
// registry's answer), which must never command the runner. Everything written to stdout passes here,
// so the one rule holds for all of it: untrusted text is shown inside `::stop-commands::<token>` …
// `::<token>::`, and each of the step's own commands first closes that region, on a line of its own.


/** Whether the last byte written ended a line: the runner reads `::command::` only at the start of one. */
let atLineStart = true;
/** The token of the open stop-commands region, if one is open. */
let stopToken;
/** Commands whose output is being streamed: the region stays open until the last one ends. */
let openStreams = 0;
/** Writes as it is (a chunk of a tool's output may end mid-line); every write to stdout goes through here. */
function write(chunk, options = {}) {
    if (chunk.length === 0)
        return;
    if (options.ownLine && !atLineStart)
        process.stdout.write(node_os__WEBPACK_IMPORTED_MODULE_1__.EOL);
    process.stdout.write(chunk);
    atLineStart = typeof chunk === 'string' ? chunk.endsWith('\n') : chunk[chunk.length - 1] === 0x0a;
}
function inUntrustedRegion() {
    return stopToken !== undefined;
}
function openUntrustedStreams() {
    return openStreams;
}
/** Ends the open stop-commands region, if there is one: what follows is read as commands again. */
function resumeCommands() {
    if (stopToken === undefined)
        return;
    const token = stopToken;
    stopToken = undefined;
    write(`::${token}::${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`, { ownLine: true });
}
/**
 * One of the step's own workflow commands, written by `issue` (@actions/core, which writes whole
 * lines straight to stdout): the open region is ended first and the command starts a line of its own,
 * so the runner reads it, a mask above all.
 */
function writeCommand(issue) {
    resumeCommands();
    if (!atLineStart)
        write(node_os__WEBPACK_IMPORTED_MODULE_1__.EOL);
    issue();
    atLineStart = true;
}
/**
 * Text from elsewhere, shown as it is and never acted on. The token is new for each region and
 * random: the text cannot guess it to end the region itself.
 */
function writeUntrusted(chunk, options = {}) {
    if (stopToken === undefined) {
        stopToken = `mab-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
        write(`::stop-commands::${stopToken}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`, { ownLine: true });
    }
    write(chunk, options);
}
function untrustedStream() {
    openStreams++;
    let ended = false;
    return {
        write: (chunk) => writeUntrusted(chunk),
        end: () => {
            if (ended)
                return;
            ended = true;
            openStreams--;
            if (openStreams === 0)
                resumeCommands();
        }
    };
}


/***/ }),

/***/ 2988:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   Gu: () => (/* binding */ getState),
/* harmony export */   dN: () => (/* binding */ exportVariable),
/* harmony export */   pq: () => (/* binding */ info)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _log_stream_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1186);
// The runner's protocol as far as the post step needs it: its saved state, plain lines, warnings and
// a variable for later steps. Written here, not taken from @actions/core, because loading
// @actions/core loads its HTTP client (undici, for OIDC tokens) too: about 0.1 s of CPU, and the post
// step runs on every job within 0.25 s (scripts/bench-startup.mjs). runner.ts re-exports these, so
// main uses the same ones; lint keeps @actions/core out of the post step's imports.




/** Workflow command data, as @actions/core escapes it: the runner reads %, CR and LF escaped. */
const escapeData = (value) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}
/**
 * Sets a variable for this process and for every later step of the job (the post steps too), through
 * the runner's GITHUB_ENV file (name<<delimiter lines). false when the runner gave no such file: only
 * this process has it then (@actions/core would fall back to set-env, a command runners refuse).
 */
function exportVariable(name, value) {
    process.env[name] = value;
    const file = process.env['GITHUB_ENV'];
    if (!file)
        return false;
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`The value of ${name} contains the file command delimiter`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { encoding: 'utf8' });
    return true;
}
function warning(message) {
    const text = message instanceof Error ? message.toString() : message;
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .writeCommand */ .zP)(() => process.stdout.write(`::warning::${escapeData(text)}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`));
}
/**
 * What the runner takes for a workflow command: a line starting with `::` (leading blanks aside), or
 * `##[` anywhere in a line (the older syntax, still parsed: actions/runner's ActionCommand.TryParse).
 */
const commandLike = /^\s*::|##\[/m;
/**
 * A line of the log. Much of what is printed comes from elsewhere (an image's output, paths in its
 * layers, a registry's answers): a message that holds something the runner would run as a command
 * goes in untrusted, as streamed output does, so the runner shows it and runs nothing.
 */
function info(message) {
    if (!(0,_log_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .inUntrustedRegion */ .KU)() && !commandLike.test(message)) {
        (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .write */ .M9)(`${message}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { ownLine: true });
        return;
    }
    (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .writeUntrusted */ .GP)(`${message}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { ownLine: true });
    if ((0,_log_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .openUntrustedStreams */ .gm)() === 0)
        (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_3__/* .resumeCommands */ .QL)();
}


/***/ }),

/***/ 9444:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GF: () => (/* binding */ readRecordedState),
/* harmony export */   _k: () => (/* binding */ POST_RECORD_FILE),
/* harmony export */   pq: () => (/* binding */ isPostStep),
/* harmony export */   rh: () => (/* binding */ readSavedState)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _post_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2988);
/* harmony import */ var _model_post_state_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(575);
// The post step's side of its state: what main saved, read back from the runner (STATE_*) and from
// main's record in the job's own Docker config directory (state.ts writes both). Loaded by the post
// step, so it reads through post-runner.ts, without @actions/core.




/** The record's name inside the job's config directory. */
const POST_RECORD_FILE = 'post-state.json';
function parseState(get) {
    return {
        dockerConfig: get(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.DockerConfig),
        builder: get(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.Builder),
        driver: get(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.Driver),
        cleanup: get(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.Cleanup) !== 'false',
        smokeContainers: get(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.SmokeContainers).split(',').filter(Boolean),
        localImage: get(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.LocalImage),
        restoreDockerConfig: get(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.RestoreDockerConfig)
    };
}
/** What the runner handed back as STATE_*. */
function readSavedState() {
    return parseState((key) => (0,_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .getState */ .Gu)(key));
}
/** The record main keeps in the job config directory, as written; undefined when there is none or it is not an object. */
function readRecord(dir) {
    try {
        const record = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, POST_RECORD_FILE), 'utf8'));
        return record && typeof record === 'object' && !Array.isArray(record)
            ? record
            : undefined;
    }
    catch {
        return undefined;
    }
}
/** What main recorded in its job config directory; undefined when there is no readable record. */
function readRecordedState(dir) {
    const record = readRecord(dir);
    if (!record)
        return undefined;
    return parseState((key) => (typeof record[key] === 'string' ? record[key] : ''));
}
function isPostStep() {
    return (0,_post_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .getState */ .Gu)(_model_post_state_js__WEBPACK_IMPORTED_MODULE_3__/* .StateKey */ .z.IsPost) === 'true';
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 1553:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns/promises");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
