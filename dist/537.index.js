export const id = 537;
export const ids = [537];
export const modules = {

/***/ 9537:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// UNUSED EXPORTS: readInputs

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/seams/errors.ts
var errors = __webpack_require__(9360);
// EXTERNAL MODULE: ./src/seams/exec.ts + 1 modules
var exec = __webpack_require__(9150);
;// CONCATENATED MODULE: ./src/seams/retry.ts


/** Bounded exponential backoff: 1 s, 2 s, 4 s, 8 s → a registry that stays down fails after about 15 s of waiting. */
const registryRetry = { attempts: 5, firstDelayMs: 1000, maxDelayMs: 8000 };
// Answers that say "try again later", as opposed to "you may not" (401/403), which never changes by waiting.
const transientPattern = /\b(50[0234])\b|bad gateway|service unavailable|gateway time-?out|connection refused|connection reset|i\/o timeout|EOF\b|TLS handshake timeout|no such host|temporary failure/i;
const authPattern = /\b(401|403)\b|unauthorized|denied|authentication required|incorrect username or password/i;
function isTransientFailure(message) {
    return transientPattern.test(message) && !authPattern.test(message);
}
function backoffDelays(policy) {
    return Array.from({ length: policy.attempts - 1 }, (_, index) => Math.min(policy.firstDelayMs * 2 ** index, policy.maxDelayMs));
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Runs `action`, retrying only transient registry failures, and says in the log when it retries.
 * `retryable` narrows what counts (a build retries only its push, not its RUN steps' output).
 */
async function withRetry(what, action, policy = registryRetry, retryable = () => true) {
    const delays = backoffDelays(policy);
    for (let attempt = 0;; attempt++) {
        try {
            return await action();
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            const delay = delays[attempt];
            if (delay === undefined || (0,exec/* cancellation */.WN)() || !isTransientFailure(message) || !retryable(error))
                throw error;
            core/* warning */.$e(`${what} failed with a transient error; retry ${attempt + 1} of ${delays.length} in ${delay / 1000} s. (${message.split('\n').slice(-1)[0]?.trim()})`);
            await sleep(delay);
        }
    }
}

// EXTERNAL MODULE: ./src/build/buildx-args.ts
var buildx_args = __webpack_require__(2638);
// EXTERNAL MODULE: ./src/build/redact.ts
var redact = __webpack_require__(8811);
// EXTERNAL MODULE: ./src/planning/build-inputs.ts
var build_inputs = __webpack_require__(9887);
;// CONCATENATED MODULE: ./src/build/build.ts








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
        "this daemon's classic image store cannot hold several platforms: use driver: docker-container (the default), or turn on the containerd image store."
    ],
    [/failed to solve: failed to read dockerfile|Dockerfile: no such file/i, 'check the file and context inputs.'],
    [/unknown flag: --call/i, 'the call input needs buildx 0.14 or later: set buildx-version: latest.'],
    [
        /unauthorized|authentication required|denied/i,
        'the registry refused the push: check username/password and that the token may push to this repository.'
    ]
];
function adviceFor(output) {
    return buildAdvice.find(([pattern]) => pattern.test(output))?.[1];
}
/**
 * Only the final error decides, and only a push failure counts: a RUN step that printed
 * "connection refused" before failing is a build error, not a flaky registry.
 */
function isTransientPushFailure(error) {
    if (!(error instanceof exec/* CommandError */.Qd))
        return false;
    const finalError = error.result.stderr
        .split('\n')
        .filter((line) => /^ERROR:/.test(line.trim()))
        .pop() ?? '';
    return (/failed to push|unexpected status from|failed to do request|pushing .* with docker|failed to copy/i.test(finalError) && isTransientFailure(finalError));
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
/** Every value the build may carry that is secret, from the inputs, the step's variables and secret files. */
function buildSecretValues(inputs, env = process.env) {
    const secretArgs = new Set((0,build_inputs/* secretLookingBuildArgs */.rE)(inputs));
    const files = inputs.secretFiles.flatMap(({ value }) => {
        try {
            return (0,external_node_fs_.statSync)(value).size <= MASKED_FILE_LIMIT ? [(0,external_node_fs_.readFileSync)(value, 'utf8')] : [];
        }
        catch {
            return [];
        }
    });
    return [
        inputs.password,
        inputs.githubToken,
        ...inputs.secrets.map(({ value }) => value),
        ...inputs.secretEnvs.map(({ value }) => env[value] ?? ''),
        ...files,
        ...inputs.buildArgs.filter(({ key }) => secretArgs.has(key)).map(({ value }) => value),
        ...[...inputs.cacheFrom, ...inputs.cacheTo].flatMap(redact/* cacheSpecSecrets */.P_)
    ].flatMap(redact/* maskableParts */.Jm);
}
/** Masks every secret value for the runner's log; called before any command runs. */
function maskBuildSecrets(inputs, env = process.env) {
    const values = buildSecretValues(inputs, env);
    for (const value of values)
        core/* setSecret */.Pq(value);
    return values;
}
async function runBuild(inputs, builder, plan) {
    const host = gitHost();
    const env = (0,buildx_args/* buildEnv */.WB)(inputs, host);
    const args = (0,buildx_args/* buildArgs */.CH)(inputs, builder, plan, host);
    const printable = `docker ${(0,redact/* redactCommand */.jh)(args, buildSecretValues(inputs)).join(' ')}`;
    core/* info */.pq(printable);
    // A failure's message names the command (and the retry warning may print it): the redacted one.
    const runOnce = () => (0,exec/* run */.eF)('docker', args, { stream: true, env }).catch((error) => {
        throw error instanceof exec/* CommandError */.Qd ? new exec/* CommandError */.Qd(printable, error.result) : error;
    });
    try {
        // Only a push that the registry answered with a transient error is worth building again; BuildKit's cache makes that cheap.
        await withRetry('Build and push', runOnce, registryRetry, isTransientPushFailure);
    }
    catch (error) {
        if (!(error instanceof exec/* CommandError */.Qd))
            throw error;
        const output = `${error.result.stdout}\n${error.result.stderr}`;
        throw new errors/* ActionError */.lZ(`docker buildx build failed (exit code ${error.result.exitCode}):\n${(0,exec/* lastLines */.w$)(error.result.stderr, 20)}`, adviceFor(output));
    }
    try {
        return parseBuildMetadata((0,external_node_fs_.readFileSync)(plan.metadataFile, 'utf8'));
    }
    catch {
        return { digest: '', imageId: '', metadata: {} };
    }
}

// EXTERNAL MODULE: ./src/planning/lists.ts
var lists = __webpack_require__(7820);
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
    const expression = { name: '', args: [], options: {}, text };
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
            throw new TemplateError(`${text}: arguments are quoted, as in {{date 'YYYYMMDD'}}`);
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
/** Replaces each {{ … }} by what `resolve` gives; unknown names are a TemplateError. */
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
const accepted = 'type=schedule|semver|match|edge|ref|raw|sha followed by ,key=value attributes as docker/metadata-action documents them ' +
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
            fail(value === 'pep440'
                ? 'type=pep440 is not supported here; type=semver or type=match cover most tags'
                : `unknown type '${value}'`);
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
    if (type === 'semver' || type === 'match') {
        need('pattern');
        byDefault('value', '');
    }
    if (type === 'semver')
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
        ...(type === 'semver' ? { pattern: semverNames } : {})
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
    if (type === 'semver' && attrs['match'])
        checkRegex(attrs['match'], fail);
}
/** type=match's pattern: /body/flags, or a bare regular expression. */
function matchPatternSource(pattern) {
    const literal = /^\/(.+)\/(.*)$/.exec(pattern);
    return literal ? { source: literal[1] ?? '', flags: literal[2] ?? '' } : { source: pattern, flags: '' };
}
function parseTagRule(line) {
    const fail = (detail) => {
        throw new errors/* InputError */.dz('tags', line, accepted, detail);
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

;// CONCATENATED MODULE: ./src/planning/input-rules.ts
// Pure: the rules that tie inputs together, by mode. Each one is written once, here, and throws an
// InputError before any command runs. Rules that need the git event run from the planners.


/** A tags entry without a registry or repository: it needs the image input to become a reference. */
function isBareTag(entry) {
    return !entry.includes('/') && !entry.includes(':');
}
/** A bare tag is only meaningful with the image input, except for a build that never pushes. */
function checkBareTags(inputs) {
    if (inputs.images.length > 0 || (inputs.mode === 'build' && inputs.push === 'false'))
        return;
    // Rule lines give bare tags too.
    const bare = inputs.tags.find((tag) => isRuleLine(tag) || isBareTag(tag));
    if (bare === undefined)
        return;
    throw new errors/* InputError */.dz('tags', bare, 'full references such as ghcr.io/acme/app:1.0, or bare tags together with the image input', isRuleLine(bare) ? 'a rule line gives bare tags, which need the image input' : 'a bare tag needs the image input');
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
/** The rules across inputs, for the mode the inputs ask for. */
function checkInputRules(inputs, raw) {
    checkBareTags(inputs);
    checkPushByDigest(inputs, raw);
    checkMergeSources(inputs);
}
/**
 * Once the event has filled the tags: a push needs somewhere to go. A build pushed by digest names
 * its repository through the image input; a merge always tags, push or not, so the plan is complete.
 */
function checkTagTargets(mode, references, push, pushByDigest) {
    if (references.length > 0)
        return;
    if (mode === 'merge')
        throw new errors/* InputError */.dz('tags', '', 'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input', 'nothing to tag the merged image with');
    if (push && !pushByDigest)
        throw new errors/* InputError */.dz('tags', '', 'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input, when push is on', 'nothing to push to');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
// EXTERNAL MODULE: ./src/planning/platforms.ts
var planning_platforms = __webpack_require__(5765);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
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
        platforms: platformsText === '' ? [] : (0,planning_platforms/* parsePlatformList */.VX)(platformsText, 'nodes'),
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
function parseRemoteTls(read, driver, driverOpts) {
    const tls = {
        cacert: parsePem('remote-cacert', read('remote-cacert')),
        cert: parsePem('remote-cert', read('remote-cert')),
        key: parsePem('remote-key', read('remote-key'))
    };
    const given = Object.keys(tls).filter((key) => tls[key] !== '');
    if (given.length === 0)
        return tls;
    if (driver !== 'remote')
        throw new errors/* InputError */.dz('driver', driver, 'remote when remote-cacert, remote-cert or remote-key is set');
    if ((tls.cert === '') !== (tls.key === ''))
        throw new errors/* InputError */.dz(tls.cert ? 'remote-key' : 'remote-cert', '', 'remote-cert and remote-key together');
    const clash = driverOpts.find((option) => given.some((key) => option.startsWith(`${key}=`)));
    if (clash !== undefined)
        throw new errors/* InputError */.dz('driver-opts', clash, 'no cacert=, cert= or key= when the remote-* inputs give them');
    return tls;
}
/** Refuses what the chosen builder cannot take, so nothing is silently ignored. */
function checkCombinations(inputs, read) {
    const configured = ['nodes', 'endpoint', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline'].filter((name) => read(name).trim() !== '');
    if (inputs.builder !== '' && configured.length > 0)
        throw new errors/* InputError */.dz(configured[0], read(configured[0]).trim(), `empty when builder is set (the existing builder ${inputs.builder} is used as it is)`);
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
/** Parses the builder inputs; throws InputError naming the first bad one. */
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
        remoteTls: parseRemoteTls(read, driver, driverOpts)
    };
    checkCombinations(inputs, read);
    return inputs;
}

// EXTERNAL MODULE: ./src/planning/references.ts
var planning_references = __webpack_require__(6511);
;// CONCATENATED MODULE: ./src/planning/sources.ts
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
    const parsed = (0,planning_references/* parseImageReference */.o_)(name, 'sources');
    if (digest === undefined && parsed.tag === undefined)
        throw new errors/* InputError */.dz('sources', raw, acceptedSource, 'neither a digest nor a tag');
    const repository = (0,planning_references/* formatRepository */.Sh)(parsed);
    return digest === undefined ? { reference: text, repository } : { reference: text, repository, digest };
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
const flavor_accepted = "lines of latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false], as docker/metadata-action's flavor";
function applyField(flavor, key, value, lastAffix, fail) {
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
 * Parses the flavor input. It shapes metadata-action rule lines only, so a flavor without any rule
 * line in tags is an error rather than silently ignored.
 */
function parseFlavor(raw, tagsHaveRules) {
    const flavor = { ...DEFAULT_FLAVOR };
    for (const line of (0,lists/* splitLines */.uz)(raw)) {
        const fail = (detail) => {
            throw new errors/* InputError */.dz('flavor', line, flavor_accepted, detail);
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
            lastAffix = applyField(flavor, key, field.slice(separator + 1).trim(), lastAffix, fail);
        }
    }
    const isDefault = Object.keys(DEFAULT_FLAVOR).every((key) => flavor[key] === DEFAULT_FLAVOR[key]);
    if (!isDefault && !tagsHaveRules) {
        throw new errors/* InputError */.dz('flavor', raw.trim(), flavor_accepted, 'flavor applies to metadata-action rule lines in tags (type=ref,event=branch, type=semver,pattern={{version}}, …); tags has none');
    }
    return flavor;
}

;// CONCATENATED MODULE: ./src/planning/inputs.ts













const DEFAULT_QEMU_IMAGE = 'tonistiigi/binfmt:qemu-v9.2.2';
const DEFAULT_PLATFORMS = 'linux/amd64,linux/arm64';
const cacheTypes = ['registry', 'local', 'inline', 'gha', 's3', 'azblob'];
const networks = ['default', 'host', 'none'];
/** Checks a cache-from/cache-to entry: CSV key=value pairs with a known type, or an image reference as shorthand for type=registry. */
function parseCacheEntries(input, raw, allowShorthand) {
    const accepted = `type=${cacheTypes.join('|')} followed by ,key=value pairs${allowShorthand ? ', or an image reference' : ''}; one per line`;
    return (0,lists/* splitLines */.uz)(raw).map((entry) => {
        if (!entry.includes('=')) {
            if (!allowShorthand)
                throw new errors/* InputError */.dz(input, entry, accepted, 'no type=');
            (0,planning_references/* parseImageReference */.o_)(entry, input);
            return entry;
        }
        const fields = entry.split(',').map((field) => field.trim());
        const pairs = fields.map((field) => field.split('='));
        if (pairs.some((pair) => pair.length < 2 || pair[0] === ''))
            throw new errors/* InputError */.dz(input, entry, accepted, 'every field must be key=value');
        const type = pairs.find((pair) => pair[0] === 'type')?.[1];
        if (type === undefined)
            throw new errors/* InputError */.dz(input, entry, accepted, 'no type=');
        if (!cacheTypes.includes(type))
            throw new errors/* InputError */.dz(input, entry, accepted, `unknown cache type '${type}'`);
        return entry;
    });
}
function parseInteger(input, raw, fallback, min, max) {
    const text = raw.trim();
    if (text === '')
        return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
        throw new errors/* InputError */.dz(input, raw, `a whole number from ${min} to ${max}`);
    return value;
}
function parseTagEntries(raw) {
    const entries = splitTagEntries(raw);
    for (const entry of entries) {
        if (isRuleLine(entry)) {
            parseTagRule(entry);
            continue;
        }
        // Templates are checked when they are filled from the event; bare tags apply to every image.
        if (entry.includes('{{'))
            continue;
        if (!entry.includes('/') && !entry.includes(':')) {
            if (!(0,planning_references/* isValidTag */.r_)(entry))
                (0,planning_references/* parseImageReference */.o_)(entry, 'tags');
            continue;
        }
        (0,planning_references/* parseImageReference */.o_)(entry, 'tags');
    }
    return entries;
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
function parseUrl(input, raw) {
    const value = raw.trim();
    if (value === '')
        return value;
    try {
        const url = new URL(value);
        if (url.protocol === 'http:' || url.protocol === 'https:')
            return value.replace(/\/+$/, '');
    }
    catch {
        // fall through to the error
    }
    throw new errors/* InputError */.dz(input, raw, 'an http:// or https:// URL');
}
/** Only a merge reads its sources; a build ignores them, as it ignores nothing else it is given. */
function parseSources(mode, raw) {
    const entries = (0,lists/* splitList */.ry)(raw);
    return mode === 'merge' ? entries.map(parseSource) : [];
}
/** Reads and validates every input; throws InputError on the first bad one. Pure apart from `read`. */
function parseInputs(read) {
    const text = (name) => read(name).trim();
    const mode = (0,lists/* parseChoice */.HU)('mode', read('mode'), ['build', 'merge'], 'build');
    const context = text('context') || '.';
    const builderInputs = parseBuilderInputs(read);
    const driver = builderInputs.driver;
    const platforms = (0,planning_platforms/* parsePlatformList */.VX)(text('platforms') || DEFAULT_PLATFORMS);
    const load = (0,lists/* parseBoolean */.yG)('load', read('load'), false);
    const pushRaw = text('push').toLowerCase();
    const push = (0,lists/* parseChoice */.HU)('push', pushRaw === 'yes' || pushRaw === 'on' ? 'true' : pushRaw === 'no' || pushRaw === 'off' ? 'false' : pushRaw, ['auto', 'true', 'false'], 'auto');
    const username = text('username');
    const password = read('password');
    if (password !== '' && username === '')
        throw new errors/* InputError */.dz('username', '', 'a user name whenever password is set', 'password is set but username is empty');
    if (username !== '' && password === '')
        throw new errors/* InputError */.dz('password', '', 'a password or token whenever username is set', 'username is set but password is empty');
    const network = text('network');
    if (network !== '' && !networks.includes(network))
        throw new errors/* InputError */.dz('network', network, networks.join(', '));
    const registry = text('registry');
    if (registry !== '') {
        const accepted = 'a registry host such as ghcr.io, registry.example.com:5000 or docker.io';
        const parsed = (0,planning_references/* parseImageReference */.o_)(`${registry}/probe`, 'registry');
        // Without a dot, port or localhost the first part would be a Docker Hub namespace, not a host.
        if (parsed.registry !== registry &&
            !(parsed.registry === 'docker.io' && /^(?:index\.|registry-1\.)?docker\.io$/.test(registry)))
            throw new errors/* InputError */.dz('registry', registry, accepted);
    }
    if (load && platforms.length > 1 && driver !== 'docker' && driver !== 'auto') {
        throw new errors/* InputError */.dz('load', 'true', "load with one platform, or driver 'docker' (its containerd image store takes multi-platform images)", `the ${driver} driver cannot load ${platforms.length} platforms into the daemon`);
    }
    const qemuRaw = text('qemu').toLowerCase();
    const qemu = (0,lists/* parseChoice */.HU)('qemu', qemuRaw === 'true' ? 'auto' : qemuRaw, ['auto', 'false'], 'auto');
    const qemuImage = text('qemu-image') || DEFAULT_QEMU_IMAGE;
    (0,planning_references/* parseImageReference */.o_)(qemuImage, 'qemu-image');
    const inputs = {
        mode,
        context,
        file: text('file'),
        platforms,
        tags: parseTagEntries(read('tags')),
        flavor: parseFlavor(read('flavor'), splitTagEntries(read('tags')).some(isRuleLine)),
        images: (0,lists/* splitList */.ry)(read('image')).map((entry) => {
            const reference = (0,planning_references/* parseImageReference */.o_)(entry, 'image');
            if (reference.tag !== undefined)
                throw new errors/* InputError */.dz('image', entry, 'a repository without a tag, e.g. ghcr.io/acme/app', 'tags go in the tags input');
            return reference;
        }),
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
        provenance: text('provenance'),
        noCache: (0,lists/* parseBoolean */.yG)('no-cache', read('no-cache'), false),
        pull: (0,lists/* parseBoolean */.yG)('pull', read('pull'), false),
        registry,
        username,
        password,
        qemu,
        qemuImage,
        ...builderInputs,
        cleanup: (0,lists/* parseBoolean */.yG)('cleanup', read('cleanup'), true),
        buildxVersion: parseBuildxVersion(read('buildx-version')),
        buildxDownloadUrl: parseUrl('buildx-download-url', read('buildx-download-url')),
        platformCheck: (0,lists/* parseChoice */.HU)('platform-check', read('platform-check'), ['error', 'trim', 'warn', 'off'], 'error'),
        verify: (0,lists/* parseBoolean */.yG)('verify', read('verify'), true),
        archAudit: (0,lists/* parseChoice */.HU)('arch-audit', read('arch-audit'), ['error', 'warn', 'off'], 'error'),
        archAuditIgnore: (0,lists/* splitList */.ry)(read('arch-audit-ignore')),
        smokeTest: text('smoke-test'),
        smokeTestTimeout: parseInteger('smoke-test-timeout', read('smoke-test-timeout'), 60, 1, 3600),
        sources: parseSources(mode, read('sources')),
        ...(0,build_inputs/* parseBuildInputs */.pI)(read)
    };
    (0,build_inputs/* checkBuildInputCombinations */.H0)(inputs);
    for (const option of inputs.driverOpts) {
        if (!/^[A-Za-z0-9_.-]+=/.test(option))
            throw new errors/* InputError */.dz('driver-opts', option, 'key=value entries such as image=moby/buildkit:v0.16.0 or network=host');
    }
    checkInputRules(inputs, { platforms: text('platforms') || DEFAULT_PLATFORMS, image: read('image') });
    return inputs;
}
/** `push: auto` publishes except on pull requests, where the build is verified but nothing is pushed. */
function shouldPush(push, eventName) {
    if (push === 'auto')
        return !eventName.startsWith('pull_request');
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
/** Checks what the inputs point to on disk. Kept apart from parseInputs so parsing stays pure. */
function checkInputPaths(inputs, workspace = process.cwd()) {
    if (inputs.mode === 'build')
        (0,build_inputs/* checkBuildInputSources */.hP)(inputs, workspace);
    const config = inputs.buildkitdConfig && external_node_path_.resolve(workspace, inputs.buildkitdConfig);
    if (config && (!(0,external_node_fs_.existsSync)(config) || !(0,external_node_fs_.statSync)(config).isFile()))
        throw new errors/* InputError */.dz('buildkitd-config', inputs.buildkitdConfig, 'a buildkitd.toml that exists', `${config} is not a file`);
    if (inputs.mode !== 'build' || !isLocalContext(inputs.context))
        return;
    const contextPath = external_node_path_.resolve(workspace, inputs.context);
    if (!(0,external_node_fs_.existsSync)(contextPath) || !(0,external_node_fs_.statSync)(contextPath).isDirectory()) {
        throw new errors/* InputError */.dz('context', inputs.context, 'a directory that exists (relative to the workspace) or a git/https URL', `${contextPath} is not a directory`);
    }
    const file = external_node_path_.resolve(workspace, dockerfilePath(inputs));
    if (!(0,external_node_fs_.existsSync)(file) || !(0,external_node_fs_.statSync)(file).isFile()) {
        throw new errors/* InputError */.dz('file', inputs.file, 'a Dockerfile that exists; the default is <context>/Dockerfile', `${file} does not exist`);
    }
}

;// CONCATENATED MODULE: ./src/registry/login.ts







/** The registry to log in to: the input, else the first tag's host, else Docker Hub. */
function resolveRegistry(registryInput, tags) {
    if (registryInput)
        return registryInput;
    const first = tags.find((tag) => tag.includes('/') || tag.includes(':'));
    return first ? (0,planning_references/* parseImageReference */.o_)(first).registry : planning_references/* DOCKER_HUB */.Xb;
}
/**
 * A credential helper the user configured for this registry would take our login out of the
 * job's directory (and keep it after the job): this registry's login stays in the file.
 */
function keepLoginInJobConfig(dockerConfigDir, server) {
    const file = external_node_path_.join(dockerConfigDir, 'config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return;
    const config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    if (!config.credHelpers?.[server])
        return;
    delete config.credHelpers[server];
    (0,external_node_fs_.writeFileSync)(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}
/** Logs in to the job's DOCKER_CONFIG; the password only ever travels through stdin. */
async function loginToRegistry(registry, inputs) {
    core/* setSecret */.Pq(inputs.password);
    const server = (0,planning_references/* loginServer */.xe)(registry);
    const jobConfig = (0,exec/* getJobEnv */.pE)()['DOCKER_CONFIG'];
    if (jobConfig)
        keepLoginInJobConfig(jobConfig, server);
    try {
        await withRetry(`Login to ${server}`, () => (0,exec/* run */.eF)('docker', ['login', server, '--username', inputs.username, '--password-stdin'], { input: inputs.password }));
    }
    catch (error) {
        const detail = error instanceof exec/* CommandError */.Qd ? (0,exec/* lastLines */.w$)(error.result.stderr, 3) : String(error);
        throw new errors/* ActionError */.lZ(`Login to ${server} failed as user '${inputs.username}': ${detail}`, /unauthorized|denied|incorrect|401/i.test(detail)
            ? 'check the username and password (or token) and that the token may push to this registry.'
            : `check that ${server} is reachable from the runner.`);
    }
    core/* info */.pq(`Logged in to ${server} as ${inputs.username} (credentials kept in the job's Docker config only)`);
}

;// CONCATENATED MODULE: ./src/planning/plan.ts



function planLogin(inputs, references) {
    if (!inputs.username)
        return undefined;
    const registry = resolveRegistry(inputs.registry, references);
    return { registry, server: (0,planning_references/* loginServer */.xe)(registry), username: inputs.username };
}
function registriesOf(references) {
    return [...new Set(references.map((reference) => (0,planning_references/* parseImageReference */.o_)(reference.replace(/@.*$/, '')).registry))];
}
/** The repository of the first reference, as the outputs and the summary name the image. */
function firstRepository(references) {
    const first = references[0];
    return first ? (0,planning_references/* formatRepository */.Sh)((0,planning_references/* parseImageReference */.o_)(first.replace(/@.*$/, ''))) : '';
}
function planChecks(inputs) {
    const checks = { verify: inputs.verify, audit: inputs.archAudit, auditIgnore: inputs.archAuditIgnore };
    if (inputs.smokeTest)
        checks.smoke = { command: inputs.smokeTest, timeoutSeconds: inputs.smokeTestTimeout };
    return checks;
}
function secretsOf(inputs) {
    return [inputs.password, ...inputs.secrets.map(({ value }) => value)].filter((value) => value !== '');
}
function describeChecks(plan) {
    if (!plan.push)
        return 'none (nothing is pushed)';
    const { verify, audit, smoke } = plan.checks;
    const names = [verify ? 'verify' : '', audit !== 'off' ? `arch-audit (${audit})` : '', smoke ? 'smoke test' : ''];
    return names.filter(Boolean).join(', ') || 'none';
}
/** The plan as a few lines for the log; never a secret. */
function describePlan(plan) {
    const target = plan.mode === 'build' && plan.digestTarget;
    const lines = [
        `Mode: ${plan.mode}; push: ${plan.push ? 'yes' : 'no'}; event: ${plan.event.eventName || '(none)'}`,
        `Platforms: ${plan.platforms.map(planning_platforms/* formatPlatform */.Bq).join(', ')}`,
        `Tags: ${plan.tags.references.join(', ') || '(none)'}${plan.tags.floating.length > 0 ? `; floating: ${plan.tags.floating.map(({ tag }) => tag).join(', ')}` : ''}`,
        ...(target ? [`Per-platform target: ${target.digestRepository ?? target.tags.join(', ')}`] : []),
        `Registries: ${plan.registries.join(', ') || '(none)'}; login: ${plan.login ? `${plan.login.username} at ${plan.login.server}` : 'none'}`,
        `Checks: ${describeChecks(plan)}`
    ];
    if (plan.mode === 'build') {
        const builder = `${plan.builder.driver}${plan.builder.endpoint ? ` at ${plan.builder.endpoint}` : ''}`;
        lines.push(`Builder: ${builder}; emulators: ${plan.emulators.enabled ? `auto (${plan.emulators.image})` : 'off'}`);
    }
    else
        lines.push(`Sources: ${plan.sources.map(({ reference }) => reference).join(', ')}`);
    return lines;
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


const SHORT_SHA_LENGTH = 7;
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
    if (event.baseRef)
        context.baseRef = event.baseRef;
    return context;
}
const refName = (ref, kind) => ref.startsWith(`refs/${kind}/`) ? ref.slice(`refs/${kind}/`.length) : undefined;
function shortSha(sha) {
    return sha.slice(0, SHORT_SHA_LENGTH);
}
/** metadata-action's rule: the default branch by name; events that only ever run on it count too. */
function isDefaultBranch(context) {
    const branch = context.ref.replace(/^refs\/heads\//, '');
    if (branch === '')
        return false;
    if (context.defaultBranch !== undefined && branch === context.defaultBranch)
        return true;
    return /create|discussion|issues|schedule/.test(context.eventName);
}
/** {{date 'format' tz='Zone'}} and {{commit_date …}}: a format is required, tz is the only option. */
function renderDate(expression, date) {
    const format = expression.args[0];
    if (format === undefined || expression.args.length > 1)
        throw new TemplateError(`${expression.text} takes one quoted format, as in {{${expression.name} 'YYYYMMDD'}}`);
    for (const option of Object.keys(expression.options)) {
        if (option !== 'tz')
            throw new TemplateError(`${expression.text}: unknown option '${option}' (tz is the only one)`);
    }
    return formatDate(date, format, expression.options['tz'] ?? 'UTC');
}
function noArguments(expression) {
    if (expression.args.length > 0 || Object.keys(expression.options).length > 0)
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
                return shortSha(context.sha);
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
    semver(rule) {
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
        raw = raw.replace(/\//g, '-');
        const parsed = (0,semver.valid)(raw) ? (0,semver.parse)(raw, { loose: true }) : null;
        if (!parsed) {
            this.warnings.push(`${rule.line}: '${raw}' is not a valid semver version, so this rule gives no tag`);
            return undefined;
        }
        const pattern = rule.attrs['pattern'] ?? '';
        const resolver = semverResolver(parsed, raw);
        if (parsed.prerelease.length > 0) {
            // Pre-releases only ever get their full version (or {{raw}} when that is the whole pattern).
            const onlyRaw = /^\{\{\s*raw\s*\}\}$/.test(pattern);
            return { core: this.render(rule, onlyRaw ? pattern : '{{version}}', resolver), autoLatest: false, floats: false };
        }
        const partial = expressionsOf(pattern).every(({ name }) => name === 'major' || name === 'minor');
        return { core: this.render(rule, pattern, resolver), autoLatest: true, floats: partial };
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
                return optional(rule.attrs['format'] === 'long' ? context.sha : shortSha(context.sha), false);
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
function semverResolver(version, raw) {
    const values = {
        raw,
        version: version.version,
        major: String(version.major),
        minor: String(version.minor),
        patch: String(version.patch)
    };
    return ({ name, args }) => (semverNames.includes(name) && args.length === 0 ? values[name] : undefined);
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

;// CONCATENATED MODULE: ./src/planning/release-tags.ts
// Pure: turns a git event into image tags and OCI labels. No I/O here: table-tested.






const pullRequestEvents = new Set(['pull_request', 'pull_request_target']);
const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;
const acceptedTag = 'a tag of at most 128 characters [A-Za-z0-9_.-] not starting with . or -';
/** Docker tag rules: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}. Empty when nothing usable is left. */
function sanitizeTag(name) {
    return name
        .replace(/[^A-Za-z0-9_.-]/gu, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128);
}
function shortShaOf(sha) {
    const text = sha.trim().toLowerCase();
    return /^[0-9a-f]{7,}$/.test(text) ? text.slice(0, 7) : '';
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
function isPullRequest(event) {
    return pullRequestEvents.has(event.eventName) || event.ref.startsWith('refs/pull/');
}
function describeEvent(event) {
    const shortSha = shortShaOf(event.sha);
    const shaVersion = shortSha ? `sha-${shortSha}` : '';
    if (isPullRequest(event)) {
        const number = pullRequestNumber(event);
        if (number !== undefined && Number.isSafeInteger(number) && number > 0)
            return { kind: 'pr', version: `pr-${number}`, shortSha };
        // pull_request_target's ref is the base branch: never let it pass for a push of that branch.
        return { kind: 'other', version: shaVersion, shortSha };
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
                shortSha
            };
        }
        return { kind: 'tag', version: sanitizeTag(tag) || shaVersion, shortSha };
    }
    if (event.ref.startsWith('refs/heads/')) {
        const branch = event.ref.slice('refs/heads/'.length);
        return { kind: 'branch', version: sanitizeTag(branch) || shaVersion, branch, shortSha };
    }
    return { kind: 'other', version: shaVersion, shortSha };
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
function fillEntry(entry, event, info, values) {
    const accepted = () => values.size === 0
        ? 'entries without placeholders; this event fills none'
        : `placeholders this event can fill: ${[...values.keys()].map((name) => `{{${name}}}`).join(', ')}`;
    const filled = entry.replace(placeholderPattern, (whole, name) => {
        const value = values.get(name);
        if (value !== undefined)
            return value;
        if (!knownPlaceholders.includes(name)) {
            // metadata-action's global expressions live in rule lines.
            const hint = globalNames.includes(name.split(/\s/)[0] ?? '') ? `; in a rule line: type=raw,value=${entry}` : '';
            throw new errors/* InputError */.dz('tags', entry, accepted(), `unknown placeholder ${whole}${hint}`);
        }
        const needs = name === 'branch'
            ? 'a branch ref'
            : name === 'sha'
                ? 'a commit SHA'
                : name === 'version'
                    ? 'a tag, branch or commit'
                    : 'a semver tag such as v1.2.3';
        throw new errors/* InputError */.dz('tags', entry, accepted(), `{{${name}}} needs ${needs}; this run is for ${runDescription(event, info)}`);
    });
    if (filled.includes('{{') || filled.includes('}}'))
        throw new errors/* InputError */.dz('tags', entry, accepted(), 'unbalanced {{ }}');
    return filled;
}
function isBare(entry) {
    return !entry.includes('/') && !entry.includes(':');
}
/** Parses a filled full reference, reporting errors against what the user wrote. */
function parseFilledReference(entry, filled) {
    try {
        return (0,planning_references/* parseImageReference */.o_)(filled, 'tags');
    }
    catch (error) {
        if (!(error instanceof errors/* InputError */.dz) || filled === entry)
            throw error;
        throw new errors/* InputError */.dz('tags', entry, error.accepted, `filled to '${filled}'${error.detail ? `: ${error.detail}` : ''}`);
    }
}
/** Collects references in a stable order, remembering which ones float. */
class ReferenceList {
    references = new Set();
    floating = new Map();
    add(reference, tag, floats) {
        this.references.add(reference);
        if (floats)
            this.floating.set(reference, tag);
    }
    plan(version, warnings = []) {
        const ordered = [...this.references];
        return {
            references: ordered,
            floating: ordered
                .filter((reference) => this.floating.has(reference))
                .map((reference) => ({ reference, tag: this.floating.get(reference) ?? '' })),
            version,
            ...(warnings.length > 0 ? { warnings } : {})
        };
    }
}
/** With tags empty: the event's own tags on every image. */
function eventPlan(event, info, images) {
    const list = new ReferenceList();
    const tags = eventTags(event, info);
    const floatingTags = new Set();
    if (info.kind === 'release' && info.semver) {
        floatingTags.add('latest').add(`${info.semver.major}.${info.semver.minor}`).add(`${info.semver.major}`);
    }
    for (const image of images) {
        for (const tag of tags)
            list.add((0,planning_references/* formatReference */.FH)({ ...image, tag }), tag, floatingTags.has(tag));
    }
    return list.plan(info.version);
}
/** Today's plain entries: bare tags and full references, templates filled from the event. */
function plainEntries(event, info, entries) {
    const values = placeholderValues(info);
    const result = { bareTags: [], fullReferences: [], filled: [] };
    for (const entry of entries) {
        const filled = fillEntry(entry, event, info, values);
        if (isBare(filled)) {
            if (!(0,planning_references/* isValidTag */.r_)(filled)) {
                throw new errors/* InputError */.dz('tags', entry, acceptedTag, filled === entry ? 'not a valid tag' : `filled to '${filled}', not a valid tag`);
            }
            result.bareTags.push(filled);
        }
        else {
            // Docker pushes an untagged reference as latest.
            result.fullReferences.push({ reference: filled, tag: parseFilledReference(entry, filled).tag ?? 'latest' });
        }
        result.filled.push(filled);
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
    const rules = tagEntries.filter(isRuleLine).map(parseTagRule);
    const outcome = rules.length > 0 ? evaluateTagRules(rules, event, flavor) : { tags: [], warnings: [] };
    const plain = plainEntries(event, info, tagEntries.filter((entry) => !isRuleLine(entry)));
    // Explicit entries guard latest and the current release's X / X.Y, nothing else.
    const floats = (tag) => tag === 'latest' ||
        (info.semver !== undefined &&
            (tag === `${info.semver.major}` || tag === `${info.semver.major}.${info.semver.minor}`));
    const list = new ReferenceList();
    const ruleTags = ruleTagsOf(outcome);
    if (images.length === 0) {
        // Without images the entries pass through in their own order, unguarded.
        for (const { tag } of ruleTags)
            list.add(tag, tag, false);
        for (const filled of plain.filled)
            list.add(filled, filled, false);
    }
    for (const image of images) {
        for (const { tag, floats: ruleFloats } of ruleTags)
            list.add((0,planning_references/* formatReference */.FH)({ ...image, tag }), tag, ruleFloats);
        for (const tag of plain.bareTags)
            list.add((0,planning_references/* formatReference */.FH)({ ...image, tag }), tag, floats(tag));
    }
    if (images.length > 0) {
        for (const { reference, tag } of plain.fullReferences)
            list.add(reference, tag, floats(tag));
    }
    return list.plan(outcome.version ?? info.version, outcome.warnings);
}
/** May a floating tag that now points at `carried` move to `candidate`? Unknown carried versions never block. */
function isNewerOrEqual(candidate, carried) {
    const current = carried === undefined ? null : (0,semver.parse)(carried.trim(), { loose: true });
    if (current === null)
        return true;
    // A non-release cannot prove it is newer than a release.
    const next = (0,semver.parse)(candidate.trim(), { loose: true });
    return next !== null && next.compare(current) >= 0;
}
function ociLabels(event, info) {
    const entries = [
        ['source', event.repositoryUrl],
        ['revision', event.sha],
        ['version', info.version],
        ['created', event.createdAt],
        ['title', event.repositoryName],
        ['url', event.repositoryUrl]
    ];
    return entries
        .map(([name, value]) => ({ key: `org.opencontainers.image.${name}`, value: value?.trim() ?? '' }))
        .filter((label) => label.value !== '');
}
/** User labels override generated ones in place; user-only keys follow in the user's order. */
function mergeLabels(generated, user) {
    const merged = new Map();
    for (const label of [...generated, ...user])
        merged.set(label.key, label.value);
    return [...merged].map(([key, value]) => ({ key, value }));
}

;// CONCATENATED MODULE: ./src/planning/build-plan.ts
// Pure: inputs and the git event in, the build's plan out. Table-tested in plan.test.ts.







/** Tags, labels and index annotations for this build. Generated OCI metadata only comes with the image input. */
function buildMetadata(inputs, event) {
    const plan = planTags(event, inputs.images, inputs.tags, inputs.flavor);
    if (inputs.images.length === 0)
        return { plan, labels: inputs.labels, annotations: inputs.annotations };
    // The plan's version is the event's, or with rule lines the first tag, as metadata-action labels it.
    const generated = ociLabels(event, { ...describeEvent(event), version: plan.version });
    const labels = mergeLabels(generated, inputs.labels);
    // The same keys on the index, so registries show them for the whole multi-arch image. One
    // platform without provenance has no index at all, and BuildKit refuses index annotations then.
    const hasIndex = inputs.platforms.length > 1 || !/^(false|0|off)$/i.test(inputs.provenance);
    if (!hasIndex)
        return { plan, labels, annotations: inputs.annotations };
    const indexAnnotations = labels
        .filter(({ key }) => key.startsWith('org.opencontainers.image.'))
        .map(({ key, value }) => ({ key: `index:${key}`, value }));
    return { plan, labels, annotations: mergeLabels(indexAnnotations, inputs.annotations) };
}
/** Where a per-platform matrix job pushes its one platform for a later merge. */
function perPlatformTarget(inputs, version) {
    const repository = (0,planning_references/* formatRepository */.Sh)(inputs.images[0]);
    // Every BuildKit but the daemon's own pushes by digest (driver auto picks docker-container here).
    if (inputs.driver !== 'docker')
        return { repository, digestRepository: repository, tags: [] };
    const platform = (0,planning_platforms/* formatPlatform */.Bq)(inputs.platforms[0]).replace(/\//g, '-');
    return { repository, tags: [`${repository}:${sanitizeTag(`${version}-${platform}`)}`] };
}
function buildWarnings(inputs) {
    return (0,build_inputs/* secretLookingBuildArgs */.rE)(inputs).map((key) => `build-arg ${key} looks like a secret. Build args are stored in the image metadata; pass it with the secrets input instead (mounted with RUN --mount=type=secret,id=${key}).`);
}
/** The build's plan: every decision that needs only the inputs, the event and the runner's own platform. */
function planBuild(inputs, event, native) {
    // outputs and call replace the image the action would push.
    const push = (0,build_inputs/* producesImage */.VE)(inputs) && shouldPush(inputs.push, event.eventName);
    const metadata = buildMetadata(inputs, event);
    checkTagTargets('build', metadata.plan.references, push, inputs.pushByDigest);
    const digestTarget = inputs.pushByDigest ? perPlatformTarget(inputs, metadata.plan.version) : undefined;
    const written = digestTarget ? [...digestTarget.tags, digestTarget.repository] : metadata.plan.references;
    const plan = {
        mode: 'build',
        inputs,
        event,
        push,
        registries: registriesOf(written),
        tags: metadata.plan,
        labels: metadata.labels,
        annotations: metadata.annotations,
        platforms: inputs.platforms,
        checks: planChecks(inputs),
        secrets: secretsOf(inputs),
        warnings: buildWarnings(inputs),
        native,
        builder: { driver: inputs.driver, endpoint: inputs.endpoint, checkDaemon: true },
        emulators: { enabled: inputs.qemu === 'auto', image: inputs.qemuImage }
    };
    const login = planLogin(inputs, metadata.plan.references);
    if (login)
        plan.login = login;
    if (digestTarget)
        plan.digestTarget = digestTarget;
    return plan;
}
/** The repository the outputs name: the per-platform target's, else the first tag's. */
function outputRepository(plan, tags) {
    return plan.digestTarget?.repository ?? firstRepository(tags);
}

;// CONCATENATED MODULE: ./src/planning/merge-plan.ts
// Pure: the merge's plan from the inputs and the event, and the checks on what the sources hold.






function toPlatform(text) {
    const [os = '', architecture = '', variant] = text.split('/');
    return variant ? { os, architecture, variant } : { os, architecture };
}
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
    const wanted = requested?.map(planning_platforms/* formatPlatform */.Bq);
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
 * `--annotation` values for the merged index: what every index source agrees on, then the user's
 * annotations, which win. An index is all a merge creates, so unprefixed ones go on it too.
 */
function indexAnnotations(sources, user) {
    const [first, ...rest] = sources.flatMap(({ annotations }) => (annotations ? [annotations] : []));
    const merged = new Map();
    for (const [key, value] of Object.entries(first ?? {}))
        if (rest.every((other) => other[key] === value))
            merged.set(key, value);
    for (const { key, value } of user) {
        const level = indexLevelKey(key);
        if (level !== undefined)
            merged.set(level, value);
    }
    return [...merged].map(([key, value]) => `index:${key}=${value}`);
}
/** `docker buildx imagetools create`: tags, then annotations, then the sources pinned by digest. */
function imagetoolsCreateArgs(tags, annotations, sources) {
    return [
        'buildx',
        'imagetools',
        'create',
        ...tags.flatMap((tag) => ['--tag', tag]),
        ...annotations.flatMap((annotation) => ['--annotation', annotation]),
        ...sources
    ];
}
function mergeWarnings(inputs) {
    return inputs.annotations
        .filter(({ key }) => indexLevelKey(key) === undefined)
        .map(({ key }) => `annotation ${key} is left out of the merge: it only creates the index (set other levels on the build jobs).`);
}
/** The merge's plan: the final tags (the same rules as a build), the sources, the login and the checks. */
function planMerge(inputs, event) {
    const tags = planTags(event, inputs.images, inputs.tags, inputs.flavor);
    checkTagTargets('merge', tags.references, true, false);
    const plan = {
        mode: 'merge',
        inputs,
        event,
        push: shouldPush(inputs.push, event.eventName),
        registries: registriesOf([...tags.references, ...inputs.sources.map(({ repository }) => repository)]),
        tags,
        labels: [],
        annotations: inputs.annotations,
        platforms: inputs.platforms,
        // A merge adds no layer, so only the read-back applies; the build jobs audited and ran their images.
        checks: { verify: inputs.verify, audit: 'off', auditIgnore: [] },
        secrets: secretsOf(inputs),
        warnings: mergeWarnings(inputs),
        sources: inputs.sources
    };
    const login = planLogin(inputs, tags.references);
    if (login)
        plan.login = login;
    return plan;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/build/daemon.ts


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

// EXTERNAL MODULE: ./src/build/builder.ts + 2 modules
var build_builder = __webpack_require__(3861);
;// CONCATENATED MODULE: ./src/build/driver-auto.ts

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
    if (facts.pushByDigest)
        return container('the docker driver cannot push by digest');
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

;// CONCATENATED MODULE: ./src/build/node-platforms.ts
// Which node of a builder serves which platform natively, and what is left for QEMU. Pure: table-tested.

function parseOrSkip(text) {
    try {
        return [(0,planning_platforms/* parsePlatform */.FL)(text)];
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
    return node.platforms.flatMap(parseOrSkip).filter((platform) => (0,planning_platforms/* runsNatively */.PU)(platform, first));
}
/** Routes each wanted platform to the first node that serves it natively, as buildx prefers pinned nodes. */
function routePlatforms(wanted, nodes) {
    const natives = nodes.map((node) => ({ node: node.name, platforms: nativePlatformsOf(node) }));
    const routes = wanted.map((platform) => {
        const host = natives.find((entry) => entry.platforms.some((native) => (0,planning_platforms/* samePlatform */.my)(native, platform) || (0,planning_platforms/* runsNatively */.PU)(platform, native)));
        return host ? { platform: (0,planning_platforms/* formatPlatform */.Bq)(platform), node: host.node } : { platform: (0,planning_platforms/* formatPlatform */.Bq)(platform) };
    });
    return {
        routes,
        unserved: wanted.filter((_, index) => routes[index]?.node === undefined)
    };
}

;// CONCATENATED MODULE: ./src/build/qemu.ts






const systemBinfmtPaths = { mount: '/proc/sys/fs/binfmt_misc', confDir: '/usr/lib/binfmt.d' };
// tonistiigi/binfmt's --install takes Go architecture names, not QEMU's.
const qemuToInstallName = {
    x86_64: 'amd64',
    i386: '386',
    aarch64: 'arm64',
    arm: 'arm',
    riscv64: 'riscv64',
    ppc64le: 'ppc64le',
    s390x: 's390x',
    mips64el: 'mips64le',
    mips64: 'mips64',
    loongarch64: 'loong64'
};
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
            core/* debug */.Yz(`${program} ${programArgs.join(' ')}: ${result.stderr.trim()}`);
        return result.exitCode === 0;
    }
    catch (error) {
        // No sudo on the runner (most containers) is a refusal like any other.
        core/* debug */.Yz(`${program} ${programArgs.join(' ')}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return false;
    }
}
async function mountBinfmt(paths) {
    if (isMounted(paths))
        return true;
    core/* info */.pq(`binfmt_misc is not mounted; mounting it at ${paths.mount}`);
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
        core/* debug */.Yz(`registering qemu-${qemuArch}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
async function registerWithImage(image, qemuArches) {
    const names = qemuArches.map((arch) => qemuToInstallName[arch] ?? arch).join(',');
    core/* info */.pq(`Registering ${names} with ${image}`);
    await (0,exec/* run */.eF)('docker', ['run', '--rm', '--privileged', '--network', 'none', image, '--install', names], {
        stream: true
    });
}
function registrationFailure(missing, platforms, mounted) {
    const handlers = missing.map((arch) => `qemu-${arch}`).join(', ');
    const cause = mounted
        ? 'writing to binfmt_misc/register was refused (the step needs root or passwordless sudo, or a Docker daemon that may run privileged containers)'
        : 'binfmt_misc is not mounted and mounting it was refused';
    return new errors/* ActionError */.lZ(`Cannot register the QEMU emulators ${handlers} needed to build ${platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')).join(', ')}: ${cause}.`, 'run the job as root or with passwordless sudo, or mount binfmt_misc and register the emulators beforehand ' +
        '(sudo mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; sudo apt-get install qemu-user-static), ' +
        "or build only the runner's own platform, or set qemu: false on a runner that has them already.");
}
/**
 * Makes sure every foreign platform has an enabled binfmt handler before the build starts, so a
 * missing emulator is a clear error here rather than `exec format error` halfway through a build.
 */
async function ensureEmulators(platforms, qemuImage, paths = systemBinfmtPaths, native = (0,planning_platforms/* nativePlatform */.Nc)()) {
    const needed = (0,planning_platforms/* foreignQemuArchitectures */.xA)(platforms, native);
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
            core/* warning */.$e(`Registering emulators with ${qemuImage} failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
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

;// CONCATENATED MODULE: ./src/build/builder-setup.ts
// The builder and the emulators it needs, in the order that makes each decision on facts.







/** driver: auto decided from `docker info`; any other driver as given. */
async function resolveDriver(inputs, platforms) {
    if (inputs.driver !== 'auto')
        return inputs.driver;
    // An existing builder brings its own driver (read when it is adopted); there is nothing to decide.
    if (inputs.builder)
        return 'docker-container';
    const info = await (0,exec/* run */.eF)('docker', ['info', '--format', '{{json .DriverStatus}}'], { allowFailure: true });
    const choice = chooseAutoDriver({
        containerdStore: info.exitCode === 0 && hasContainerdStore(info.stdout.trim()),
        platformCount: platforms.length,
        load: inputs.load,
        pushByDigest: inputs.pushByDigest,
        cacheToTypes: inputs.cacheTo.map((entry) => /(?:^|,)\s*type=([^,]+)/.exec(entry)?.[1]?.trim() ?? 'registry'),
        nodes: inputs.nodes.length,
        endpoint: inputs.endpoint,
        driverOpts: inputs.driverOpts.length,
        buildkitdFlags: inputs.buildkitdFlags,
        buildkitdConfig: inputs.buildkitdConfig !== '' || inputs.buildkitdConfigInline !== ''
    });
    core/* info */.pq(`driver: auto chose ${choice.driver}: ${choice.reason}`);
    return choice.driver;
}
/** Nodes only on the runner's kernel use the emulators this step registers. */
const onThisRunner = (endpoint) => endpoint === '' || !endpoint.includes('://') || endpoint.startsWith('unix://');
/**
 * One node on the runner: emulators first, then the builder, whose BuildKit then lists them. Several
 * nodes, an existing builder, remote or kubernetes: the builder first, then QEMU for only the
 * platforms that no node serves natively.
 */
function builderFirst(inputs, driver) {
    return inputs.builder !== '' || inputs.nodes.length > 0 || driver === 'remote' || driver === 'kubernetes';
}
/** The emulators a one-node builder on this runner needs, registered before it boots. */
async function emulatorsBeforeBuilder(inputs, platforms) {
    return inputs.qemu === 'auto' ? await ensureEmulators(platforms, inputs.qemuImage) : undefined;
}
/** The job's builder (or the user's), checked to build every platform; QEMU for what no node serves. */
async function setUpBuilder(name, inputs, driver, config, platforms, native, registered) {
    const settings = { ...inputs, driver };
    if (!builderFirst(inputs, driver)) {
        // ensureEmulators throws unless every foreign platform's handler is verified.
        const runnable = registered ? platforms : platforms.filter((platform) => (0,planning_platforms/* runsNatively */.PU)(platform, native));
        const builder = await (0,build_builder/* createBuilder */.Ij)(name, settings, config, platforms, runnable, native);
        (0,build_builder/* checkBuilderPlatforms */.sY)(builder, platforms);
        return registered ? { builder, emulators: registered } : { builder };
    }
    const builder = inputs.builder
        ? await (0,build_builder/* useExistingBuilder */.C8)(inputs.builder, config.userDir, config.dir)
        : await (0,build_builder/* createBuilder */.Ij)(name, settings, config, platforms, [], native);
    const routing = routePlatforms(platforms, builder.nodes);
    for (const route of routing.routes)
        core/* info */.pq(`${route.platform}: ${route.node ? `native on node ${route.node}` : 'no native node, needs QEMU'}`);
    const local = builder.nodes.some((node) => onThisRunner(node.endpoint));
    if (inputs.qemu !== 'auto') {
        (0,build_builder/* checkBuilderPlatforms */.sY)(builder, platforms);
        return { builder };
    }
    if (!local || routing.unserved.length === 0) {
        // Remote nodes emulate, or not, on their own machines: registering here would not reach them.
        (0,build_builder/* checkBuilderPlatforms */.sY)(builder, platforms);
        return { builder, emulators: { needed: [], alreadyRegistered: [], registered: [], method: 'none' } };
    }
    const emulators = await ensureEmulators(routing.unserved, inputs.qemuImage, undefined, native);
    (0,build_builder/* checkBuilderPlatforms */.sY)(builder, platforms, routing.unserved);
    core/* info */.pq(`QEMU only for ${routing.unserved.map(planning_platforms/* formatPlatform */.Bq).join(', ')}`);
    return { builder, emulators };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/registry/client.ts
// A small client for the OCI distribution API over Node's fetch: manifests and layer blobs,
// with the registry's own auth handshake (Basic or Bearer tokens), so no docker CLI is needed.






const mediaTypes = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
const manifestAccept = Object.values(mediaTypes).join(', ');
const DEFAULT_TIMEOUT_MS = 30_000;
const dockerHubHosts = new Set([planning_references/* DOCKER_HUB */.Xb, 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
/** The host[:port] part of a docker config `auths` key, which may be a URL. */
function configKeyHost(key) {
    const host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const slash = host.indexOf('/');
    return (slash >= 0 ? host.slice(0, slash) : host).toLowerCase();
}
const canonicalHost = (host) => dockerHubHosts.has(host.toLowerCase()) ? planning_references/* DOCKER_HUB */.Xb : host.toLowerCase();
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
    const wanted = canonicalHost(configKeyHost(registry));
    for (const [key, entry] of Object.entries(auths)) {
        if (canonicalHost(configKeyHost(key)) !== wanted)
            continue;
        const credentials = decodeAuth(entry);
        if (credentials)
            return credentials;
    }
    return undefined;
}
function hostName(hostPort) {
    if (hostPort.startsWith('['))
        return hostPort.slice(1, hostPort.indexOf(']') > 0 ? hostPort.indexOf(']') : undefined);
    const colon = hostPort.lastIndexOf(':');
    return colon >= 0 ? hostPort.slice(0, colon) : hostPort;
}
/** Docker talks plain HTTP to loopback registries only. */
function isLoopbackRegistry(registry) {
    const name = hostName(registry).toLowerCase();
    return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
/** Where the API of a registry lives: https://host, http:// for loopback, Docker Hub's API host for docker.io. */
function registryBaseUrl(registry) {
    const host = dockerHubHosts.has(registry.toLowerCase()) ? 'registry-1.docker.io' : registry;
    return `${isLoopbackRegistry(host) ? 'http' : 'https'}://${host}`;
}
/** A failure waiting will not fix; returned from the retried action so withRetry never sees it. */
class PermanentFailure {
    error;
    constructor(error) {
        this.error = error;
    }
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
/** Aborts a request when nothing arrives for a while; refreshed as body chunks come in. */
class IdleTimeout {
    ms;
    controller = new AbortController();
    timedOut = false;
    timer;
    constructor(ms) {
        this.ms = ms;
        this.timer = setTimeout(() => {
            this.timedOut = true;
            this.controller.abort();
        }, ms);
        this.timer.unref();
    }
    refresh() {
        this.timer.refresh();
    }
    clear() {
        clearTimeout(this.timer);
    }
}
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
const isDigest = (reference) => reference.includes(':');
const retriedStatuses = new Set([500, 502, 503, 504]);
/** Checks content against a digest of an algorithm Node can compute; other algorithms pass unchecked. */
function digestMatches(content, digest) {
    const [algorithm = '', hex = ''] = digest.split(':');
    if (algorithm !== 'sha256' && algorithm !== 'sha512')
        return true;
    return (0,external_node_crypto_.createHash)(algorithm).update(content).digest('hex') === hex.toLowerCase();
}
class RegistryClient {
    registry;
    credentials;
    baseUrl;
    timeoutMs;
    retry;
    /** Authorization header values by token scope; 'basic' once the registry asked for Basic auth. */
    authorizations = new Map();
    constructor(registry, credentials, options = {}) {
        this.registry = registry;
        this.credentials = credentials;
        this.baseUrl = registryBaseUrl(registry);
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.retry = options.retry ?? registryRetry;
    }
    /** The manifest (or index) a tag or digest names; undefined when the registry does not have it. */
    async getManifest(repository, reference) {
        const what = `manifest ${this.display(repository, reference)}`;
        const url = `${this.baseUrl}/v2/${repository}/manifests/${reference}`;
        const outcome = await withRetry(`Reading ${what}`, async () => {
            const exchange = await this.open(url, manifestAccept, repository, what);
            if (exchange instanceof PermanentFailure)
                return exchange;
            if (exchange.response.status === 404) {
                await this.discard(exchange);
                return undefined;
            }
            return { body: await this.readBody(exchange, what), headers: exchange.response.headers };
        }, this.retry);
        if (outcome instanceof PermanentFailure)
            throw outcome.error;
        if (!outcome)
            return undefined;
        const { body, headers } = outcome;
        const served = headers.get('docker-content-digest')?.trim() || undefined;
        const claims = [...(isDigest(reference) ? [reference] : []), ...(served ? [served] : [])];
        for (const claim of claims) {
            if (!digestMatches(body, claim)) {
                throw new Error(`Registry ${this.registry} served ${what} whose content does not match digest ${claim} (sha256:${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')})`);
            }
        }
        let json;
        try {
            json = JSON.parse(body.toString('utf8'));
        }
        catch (error) {
            throw new Error(`Registry ${this.registry} served ${what} that is not JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
        const declared = json?.mediaType;
        const mediaType = typeof declared === 'string' ? declared : ((headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '');
        return {
            digest: claims[0] ?? `sha256:${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')}`,
            mediaType,
            json,
            size: body.length
        };
    }
    /** A blob's bytes as they arrive, checked against the digest at the end; redirects (to storage) are followed. */
    async getBlob(repository, digest) {
        const what = `blob ${this.display(repository, digest)}`;
        const url = `${this.baseUrl}/v2/${repository}/blobs/${digest}`;
        const outcome = await withRetry(`Reading ${what}`, async () => {
            const exchange = await this.open(url, undefined, repository, what);
            if (exchange instanceof PermanentFailure || exchange.response.status !== 404)
                return exchange;
            await this.discard(exchange);
            return new PermanentFailure(new Error(`Registry ${this.registry} has no ${what} (HTTP 404)`));
        }, this.retry);
        if (outcome instanceof PermanentFailure)
            throw outcome.error;
        return this.checkedStream(outcome, digest, what);
    }
    display(repository, reference) {
        return `${this.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
    }
    basicAuthorization() {
        if (!this.credentials)
            return undefined;
        return `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    }
    scopeKey(repository) {
        return `repository:${repository}:pull`;
    }
    /**
     * One try at a request, answering an auth challenge once. Resolves to a 2xx or 404 exchange,
     * throws what is worth retrying, and returns what is not.
     */
    async open(url, accept, repository, what) {
        const headers = (authorization) => ({
            ...(accept ? { Accept: accept } : {}),
            ...(authorization ? { Authorization: authorization } : {})
        });
        let exchange = await this.fetch(url, headers(this.authorizations.get('basic') ?? this.authorizations.get(this.scopeKey(repository))), what);
        if (exchange.response.status === 401) {
            const challenge = exchange.response.headers.get('www-authenticate') ?? '';
            await this.discard(exchange);
            const authorization = await this.authenticate(challenge, repository, what);
            if (authorization instanceof PermanentFailure)
                return authorization;
            exchange = await this.fetch(url, headers(authorization), what);
        }
        const { response } = exchange;
        if (response.ok || response.status === 404)
            return exchange;
        const message = await this.statusMessage(exchange, what);
        if (retriedStatuses.has(response.status))
            throw new Error(message);
        if (response.status === 401 || response.status === 403) {
            this.authorizations.delete(this.scopeKey(repository));
            const login = this.credentials
                ? `as ${this.credentials.username}`
                : 'without credentials (no login for it in DOCKER_CONFIG)';
            return new PermanentFailure(new Error(`${message}; access was refused ${login}`));
        }
        return new PermanentFailure(new Error(message));
    }
    /** The Authorization header a challenge asks for, fetching a token for Bearer. */
    async authenticate(header, repository, what) {
        const challenge = parseChallenge(header);
        const refused = (detail) => new PermanentFailure(new Error(`Registry ${this.registry} answered HTTP 401 to reading ${what}: ${detail}`));
        if (challenge.scheme === 'basic') {
            const basic = this.basicAuthorization();
            if (!basic)
                return refused('it requires a login and DOCKER_CONFIG has none for it');
            this.authorizations.set('basic', basic);
            return basic;
        }
        if (challenge.scheme !== 'bearer' || !challenge.params['realm'])
            return refused(`unsupported authentication challenge '${header}'`);
        let tokenUrl;
        try {
            tokenUrl = new URL(challenge.params['realm']);
        }
        catch {
            return refused(`the token realm '${challenge.params['realm']}' is not a URL`);
        }
        if (challenge.params['service'])
            tokenUrl.searchParams.set('service', challenge.params['service']);
        for (const scope of (challenge.params['scope'] ?? this.scopeKey(repository)).split(' ').filter(Boolean))
            tokenUrl.searchParams.append('scope', scope);
        const basic = this.basicAuthorization();
        const tokenWhat = `a token for ${what} from ${tokenUrl.origin}${tokenUrl.pathname}`;
        const exchange = await this.fetch(tokenUrl.toString(), basic ? { Authorization: basic } : {}, tokenWhat);
        if (!exchange.response.ok) {
            const message = await this.statusMessage(exchange, tokenWhat);
            if (retriedStatuses.has(exchange.response.status))
                throw new Error(message);
            return new PermanentFailure(new Error(`${message}; ${this.credentials ? `the login of ${this.credentials.username} was refused` : 'no login for it in DOCKER_CONFIG'}`));
        }
        const body = await this.readBody(exchange, tokenWhat);
        let token;
        try {
            const parsed = JSON.parse(body.toString('utf8'));
            token = parsed.token ?? parsed.access_token;
        }
        catch {
            token = undefined;
        }
        if (typeof token !== 'string' || token === '')
            return refused(`the token service at ${tokenUrl.origin} answered without a token`);
        const authorization = `Bearer ${token}`;
        this.authorizations.set(this.scopeKey(repository), authorization);
        return authorization;
    }
    async fetch(url, headers, what) {
        const timeout = new IdleTimeout(this.timeoutMs);
        try {
            const response = await fetch(url, { headers, redirect: 'follow', signal: timeout.controller.signal });
            return { response, timeout };
        }
        catch (error) {
            timeout.clear();
            const problem = timeout.timedOut ? `i/o timeout (no answer within ${timeout.ms} ms)` : networkProblem(error);
            throw new Error(`Could not reach registry ${this.registry} for ${what}: ${problem}`, { cause: error });
        }
    }
    async readBody(exchange, what) {
        try {
            return Buffer.from(await exchange.response.arrayBuffer());
        }
        catch (error) {
            const problem = exchange.timeout.timedOut
                ? `i/o timeout (nothing for ${exchange.timeout.ms} ms)`
                : networkProblem(error);
            throw new Error(`Registry ${this.registry} broke off sending ${what}: ${problem}`, { cause: error });
        }
        finally {
            exchange.timeout.clear();
        }
    }
    /** Frees the connection of a response whose body is not wanted. */
    async discard(exchange) {
        exchange.timeout.clear();
        await exchange.response.body?.cancel().catch(() => undefined);
    }
    /** "Registry r answered HTTP 404 Not Found to reading …", with the registry's own error codes. */
    async statusMessage(exchange, what) {
        const { response } = exchange;
        let detail = '';
        try {
            const text = (await this.readBody(exchange, what)).toString('utf8');
            const errors = JSON.parse(text).errors ?? [];
            detail = errors.map((entry) => [entry.code, entry.message].filter(Boolean).join(': ')).join('; ');
        }
        catch {
            // A body that is not the registry's JSON error adds nothing.
        }
        const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
        return `Registry ${this.registry} answered ${status} to reading ${what}${detail ? ` (${detail})` : ''}`;
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
        const hash = algorithm === 'sha256' || algorithm === 'sha512' ? (0,external_node_crypto_.createHash)(algorithm) : undefined;
        let received = 0;
        source.on('data', (chunk) => {
            timeout.refresh();
            received += chunk.length;
            hash?.update(chunk);
        });
        source.on('error', (error) => {
            const problem = timeout.timedOut ? `i/o timeout (nothing for ${timeout.ms} ms)` : networkProblem(error);
            output.destroy(new Error(`Registry ${this.registry} broke off sending ${what} after ${received} bytes: ${problem}`, {
                cause: error
            }));
        });
        source.on('end', () => {
            timeout.clear();
            const actual = hash ? `${algorithm}:${hash.digest('hex')}` : digest;
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
/**
 * Node loads and compiles its fetch implementation on first use (about 50 ms here). Called while
 * the build runs, that cost overlaps the build instead of delaying the checks after the push.
 */
function warmUpHttpClient() {
    void fetch('data:,')
        .then((response) => response.arrayBuffer())
        .catch(() => undefined);
}

;// CONCATENATED MODULE: ./src/registry/oci.ts
// Reads from registries over HTTP with the job's credentials: no docker CLI start-up per read,
// which keeps preflight, floating-tag and verification reads to milliseconds.




const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const indexTypes = new Set([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);
/** registry, repository and the tag or digest to fetch, from repo@sha256:…, repo:tag or repo (latest). */
function splitReference(reference) {
    const at = reference.indexOf('@');
    const digest = at >= 0 ? reference.slice(at + 1).trim() : undefined;
    if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]+$/.test(digest)) {
        throw new Error(`'${digest}' in ${reference} is not a digest`);
    }
    const parsed = (0,planning_references/* parseImageReference */.o_)(at >= 0 ? reference.slice(0, at) : reference, 'image');
    return { registry: parsed.registry, repository: parsed.repository, reference: digest ?? parsed.tag ?? 'latest' };
}
const clients = new Map();
/** One client per registry for the job, so a bearer token is fetched once. */
function registryClient(registry, dockerConfigDir = (0,exec/* getJobEnv */.pE)()['DOCKER_CONFIG'] ?? '') {
    const key = `${registry}\n${dockerConfigDir}`;
    let client = clients.get(key);
    if (!client) {
        client = new RegistryClient(registry, dockerConfigDir ? credentialsFor(registry, dockerConfigDir) : undefined);
        clients.set(key, client);
    }
    return client;
}
function isIndex(manifest) {
    return indexTypes.has(manifest.mediaType) || (manifest.mediaType === '' && Array.isArray(manifest.json?.manifests));
}
/** Platforms an index holds, normalised, leaving out attestation entries (unknown/unknown). */
function indexPlatforms(index) {
    return index.manifests
        .filter((entry) => entry.platform &&
        entry.platform.os !== 'unknown' &&
        entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
        .map((entry) => normalisedPlatform(entry.platform));
}
/** A platform as the registry spelled it, normalised when it is one we know (arm → arm/v7). */
function normalisedPlatform(platform) {
    return (0,planning_platforms/* normalisePlatformText */.h4)((0,planning_platforms/* formatPlatform */.Bq)({
        os: platform.os ?? '',
        architecture: platform.architecture ?? '',
        ...(platform.variant ? { variant: platform.variant } : {})
    }));
}
/** Reads a blob that fits in memory (an image config), refusing one that does not. */
async function readSmallBlob(client, repository, digest) {
    const chunks = [];
    let length = 0;
    const stream = await client.getBlob(repository, digest);
    for await (const chunk of stream) {
        chunks.push(chunk);
        length += chunk.length;
        if (length > MAX_CONFIG_BYTES) {
            stream.destroy();
            throw new Error(`image config ${digest} is larger than ${MAX_CONFIG_BYTES} bytes`);
        }
    }
    return Buffer.concat(chunks);
}
async function readConfig(client, repository, manifest) {
    const digest = manifest.json?.config?.digest;
    if (typeof digest !== 'string')
        throw new Error(`manifest ${manifest.digest} has no config`);
    return JSON.parse((await readSmallBlob(client, repository, digest)).toString('utf8'));
}
/** The platform a single image manifest is for, from its config. */
async function manifestPlatform(client, repository, manifest) {
    return normalisedPlatform(await readConfig(client, repository, manifest));
}
/** Reads a reference's manifest (list) from the registry; undefined when the registry says it does not exist. */
async function inspectRemote(reference) {
    const target = splitReference(reference);
    const manifest = await registryClient(target.registry).getManifest(target.repository, target.reference);
    if (!manifest)
        return undefined;
    const manifests = isIndex(manifest) ? (manifest.json?.manifests ?? []) : [];
    return {
        digest: manifest.digest,
        mediaType: manifest.mediaType,
        manifests,
        annotations: manifest.json?.annotations ?? {}
    };
}
/**
 * The labels of an image (of its first platform, for an index): what the registry says it carries.
 * Given the index already read, it starts from there instead of reading it again.
 */
async function inspectLabels(reference, index) {
    const target = splitReference(reference);
    const client = registryClient(target.registry);
    const firstImage = (entries) => entries?.find((entry) => entry.platform && entry.platform.os !== 'unknown');
    let manifest;
    if (index && index.manifests.length > 0) {
        const first = firstImage(index.manifests);
        manifest = first ? await client.getManifest(target.repository, first.digest) : undefined;
    }
    else {
        manifest = await client.getManifest(target.repository, target.reference);
        if (manifest && isIndex(manifest)) {
            const first = firstImage(manifest.json?.manifests);
            manifest = first ? await client.getManifest(target.repository, first.digest) : undefined;
        }
    }
    return manifest ? ((await readConfig(client, target.repository, manifest)).config?.Labels ?? {}) : {};
}
/** The platforms a reference provides: the entries of an index, or the platform of a single image's config. */
async function remotePlatforms(reference) {
    const target = splitReference(reference);
    const client = registryClient(target.registry);
    const manifest = await client.getManifest(target.repository, target.reference);
    if (!manifest)
        return undefined;
    if (isIndex(manifest))
        return indexPlatforms({ manifests: manifest.json?.manifests ?? [] });
    return [await manifestPlatform(client, target.repository, manifest)];
}

;// CONCATENATED MODULE: ./src/checks/floating-tags.ts



const VERSION_KEY = 'org.opencontainers.image.version';
/** The version a tag carries now: the index annotation, else the image label; undefined if the tag is new. */
async function carriedVersion(reference) {
    const remote = await inspectRemote(reference);
    if (!remote)
        return undefined;
    return remote.annotations[VERSION_KEY] ?? (await inspectLabels(reference, remote))[VERSION_KEY];
}
/**
 * Floating tags (latest, X, X.Y) only move forward: a backport released after a newer release
 * leaves them where they are. Tags that do not exist yet are simply created.
 */
async function guardFloatingTags(plan) {
    if (plan.floating.length === 0)
        return { push: plan.references, heldBack: [] };
    const verdicts = await Promise.all(plan.floating.map(async ({ reference }) => ({ reference, carried: await carriedVersion(reference) })));
    const heldBack = verdicts
        .filter(({ carried }) => carried !== undefined && !isNewerOrEqual(plan.version, carried))
        .map(({ reference, carried }) => ({ reference, carried: carried }));
    for (const { reference, carried } of heldBack) {
        core/* warning */.$e(`Leaving ${reference} on ${carried}: this release (${plan.version}) is older, and floating tags only move forward.`);
    }
    const held = new Set(heldBack.map(({ reference }) => reference));
    return { push: plan.references.filter((reference) => !held.has(reference)), heldBack };
}
/** The job summary's line for floating tags that stayed where they were. */
function heldBackRows(heldBack) {
    if (heldBack.length === 0)
        return [];
    return [
        {
            label: 'Floating tags left alone',
            value: heldBack.map(({ reference, carried }) => `${reference} (stays on ${carried})`).join('<br>')
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
        let buildPlatformOnly = false;
        let fixedPlatform;
        const platformFlag = from
            .getFlags()
            .find((flag) => flag.getName() === 'platform')
            ?.getValue();
        if (platformFlag) {
            const platform = expandWord(platformFlag, lookup, escape);
            const usesBuild = buildPlatformArgs.some((name) => platform.value.includes(marker(name)));
            const usesTarget = targetPlatformArgs.some((name) => platform.value.includes(marker(name)));
            if (usesBuild && !usesTarget)
                buildPlatformOnly = true;
            else if (!platform.unresolved && platform.value.trim() !== '')
                fixedPlatform = (0,planning_platforms/* normalisePlatformText */.h4)(platform.value.trim());
        }
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
/** Does an offered platform serve a wanted one? arm/v7 machines also run v6 and v5 images, as containerd's matcher allows. */
function platformServes(offered, wanted) {
    let offer;
    try {
        offer = (0,planning_platforms/* parsePlatform */.FL)(offered);
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
            return [(0,planning_platforms/* parsePlatform */.FL)(base.fixedPlatform)];
        }
        catch {
            return [];
        }
    }
    return [...requested];
}
function describe(entry) {
    return `${entry.base.reference} (Dockerfile line ${entry.base.line}) has no ${entry.missing.map(planning_platforms/* formatPlatform */.Bq).join(', ')}; it has ${entry.offers?.join(', ') || 'no platform'}`;
}
/**
 * Before any build: reads which platforms every external base image provides and compares them
 * with what the build needs. Returns the platforms to build (fewer only with platform-check: trim).
 */
async function checkBasePlatforms(inputs, native) {
    if (inputs.platformCheck === 'off' || !isLocalContext(inputs.context))
        return inputs.platforms;
    const dockerfile = (0,external_node_fs_.readFileSync)(external_node_path_.resolve(dockerfilePath(inputs)), 'utf8');
    const bases = findBaseImages(dockerfile, inputs.buildArgs);
    if (bases.length === 0)
        return inputs.platforms;
    // One read per image, however many stages use it.
    const lookups = new Map();
    const lookup = (reference) => {
        let pending = lookups.get(reference);
        if (!pending) {
            pending = remotePlatforms(reference).catch((error) => {
                core/* warning */.$e(`Platform check: could not read ${reference}, so it is not checked: ${(0,errors/* errorMessage */.gJ)(error).split('\n').slice(-1)[0]}`);
                return undefined;
            });
            lookups.set(reference, pending);
        }
        return pending;
    };
    const results = [];
    for (const base of bases) {
        if (base.unresolved) {
            core/* warning */.$e(`Platform check: the base image '${base.reference}' (line ${base.line}) depends on a value known only at build time; it is not checked.`);
            continue;
        }
        // A build context may stand in for the image: read its docker-image:// instead, or nothing for a directory.
        const replacement = (0,build_inputs/* baseReplacement */.gX)(base.reference, inputs.buildContexts);
        if (replacement === null)
            continue;
        const offers = await lookup(replacement ?? base.reference);
        if (offers === undefined) {
            core/* warning */.$e(`Platform check: ${base.reference} was not found or could not be read; it is not checked.`);
            continue;
        }
        results.push(coverage(base, platformsNeeded(base, inputs.platforms, native), offers));
    }
    const lacking = results.filter((entry) => entry.missing.length > 0);
    core/* info */.pq(`Platform check: ${results.length} base image(s) read, ${lacking.length} lacking a platform.`);
    if (lacking.length === 0)
        return inputs.platforms;
    const details = lacking.map(describe);
    if (inputs.platformCheck === 'error') {
        throw new errors/* ActionError */.lZ(`Base images do not exist for every requested platform:\n- ${details.join('\n- ')}`, 'choose a multi-arch base image, drop those platforms, or set platform-check: trim to build only the platforms the base images serve.');
    }
    if (inputs.platformCheck === 'warn') {
        for (const detail of details)
            core/* warning */.$e(`Platform check: ${detail}. The build will likely fail for those platforms.`);
        return inputs.platforms;
    }
    // trim: only per-target stages can rule a requested platform out.
    const unservable = new Set(lacking.flatMap((entry) => entry.missing.map(planning_platforms/* formatPlatform */.Bq)));
    const kept = inputs.platforms.filter((platform) => !unservable.has((0,planning_platforms/* formatPlatform */.Bq)(platform)));
    if (kept.length === 0)
        throw new errors/* ActionError */.lZ(`platform-check: trim left no platform to build:\n- ${details.join('\n- ')}`);
    core/* warning */.$e(`Platform check: building ${kept.map(planning_platforms/* formatPlatform */.Bq).join(', ')} only; dropped ${[...unservable].join(', ')} (${details.join('; ')}).`);
    return kept;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/checks/audit/elf-audit.ts



/**
 * Places where foreign-architecture ELF files are expected: firmware blobs, cross sysroots,
 * Go's debug/elf test data, npm packages shipping prebuilt binaries for every platform.
 * Not applied by auditLayers; callers pass them along with the user's globs.
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
const elfMachines = new Map([
    [3, 'i386'],
    [8, 'mips'],
    [10, 'mips'],
    [22, 's390x'],
    [40, 'arm'],
    [62, 'x86-64'],
    [183, 'aarch64'],
    [243, 'riscv64'],
    [258, 'loongarch64']
]);
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
    const machine = code === 21 ? (littleEndian ? 'ppc64le' : 'ppc64') : (elfMachines.get(code) ?? 'other');
    return { machine, bits, littleEndian, type: elfTypes[type] ?? 'other' };
}
/** The ELF machine a Linux platform's binaries are built for; undefined for other OSes and unknown architectures. */
function expectedMachine(platform) {
    if (platform.os !== 'linux')
        return undefined;
    switch (platform.architecture) {
        case 'amd64':
            return { machine: 'x86-64', bits: 64, littleEndian: true };
        case '386':
            return { machine: 'i386', bits: 32, littleEndian: true };
        case 'arm64':
            return { machine: 'aarch64', bits: 64, littleEndian: true };
        case 'arm':
            return { machine: 'arm', bits: 32, littleEndian: true };
        case 'riscv64':
            return { machine: 'riscv64', bits: 64, littleEndian: true };
        case 's390x':
            return { machine: 's390x', bits: 64, littleEndian: false };
        case 'ppc64le':
            return { machine: 'ppc64le', bits: 64, littleEndian: true };
        case 'loong64':
            return { machine: 'loongarch64', bits: 64, littleEndian: true };
        case 'mips64le':
            return { machine: 'mips', bits: 64, littleEndian: true };
        case 'mips64':
            return { machine: 'mips', bits: 64, littleEndian: false };
        default:
            return undefined;
    }
}
function isMismatch(info, expected) {
    if (info.type !== 'executable' && info.type !== 'shared')
        return false;
    return (info.machine !== expected.machine || info.bits !== expected.bits || info.littleEndian !== expected.littleEndian);
}
function globToRegExp(glob) {
    let pattern = glob.trim();
    if (!pattern.startsWith('/'))
        pattern = `/${pattern}`;
    if (pattern.length > 1 && pattern.endsWith('/'))
        pattern += '**';
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern.charAt(i);
        if (ch === '*' && pattern.charAt(i + 1) === '*') {
            const atSegmentStart = pattern.charAt(i - 1) === '/';
            i++;
            if (atSegmentStart && pattern.charAt(i + 1) === '/') {
                source += '(?:.*/)?';
                i++;
            }
            else {
                source += '.*';
            }
        }
        else if (ch === '*') {
            source += '[^/]*';
        }
        else if (ch === '?') {
            source += '[^/]';
        }
        else {
            source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        }
    }
    // A pattern naming a directory covers what is inside it.
    return new RegExp(`^${source}(?:/.*)?$`);
}
/** Whether an absolute path matches a glob: * and ? within a segment, ** across segments, leading / optional. */
function matchesGlob(path, glob) {
    return globToRegExp(glob).test(path.startsWith('/') ? path : `/${path}`);
}
/** Pulls exact byte counts out of a chunk stream without joining more than it hands back. */
class ByteReader {
    source;
    chunks = [];
    buffered = 0;
    ended = false;
    offset = 0;
    constructor(source) {
        this.source = source;
    }
    async fill(wanted) {
        while (this.buffered < wanted && !this.ended) {
            const next = await this.source.next();
            if (next.done) {
                this.ended = true;
            }
            else if (next.value.length > 0) {
                this.chunks.push(next.value);
                this.buffered += next.value.length;
            }
        }
    }
    /** Up to length bytes; fewer only at the end of the stream. */
    async read(length) {
        if (length <= 0)
            return Buffer.alloc(0);
        await this.fill(length);
        const first = this.chunks[0];
        let out;
        if (first && first.length >= length) {
            out = first.subarray(0, length);
            this.dropFront(length);
        }
        else {
            out = Buffer.concat(this.chunks).subarray(0, length);
            this.dropFront(out.length);
        }
        return out;
    }
    /** Discards up to length bytes, returning how many there were. */
    async skip(length) {
        let remaining = length;
        while (remaining > 0) {
            if (this.buffered === 0) {
                await this.fill(1);
                if (this.buffered === 0)
                    break;
            }
            remaining -= this.dropFront(remaining);
        }
        return length - remaining;
    }
    async drain() {
        while ((await this.skip(1 << 20)) > 0) {
            // discard
        }
    }
    dropFront(length) {
        let dropped = 0;
        while (dropped < length) {
            const first = this.chunks[0];
            if (!first)
                break;
            const take = Math.min(first.length, length - dropped);
            if (take === first.length)
                this.chunks.shift();
            else
                this.chunks[0] = first.subarray(take);
            dropped += take;
        }
        this.buffered -= dropped;
        this.offset += dropped;
        return dropped;
    }
}
const BLOCK = 512;
const MAX_META_SIZE = 1 << 20;
// Go's archive/tar treats these as header-only whatever their size field says.
const headerOnlyTypes = new Set(['1', '2', '3', '4', '5', '6']);
function cString(block, start, length) {
    const field = block.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}
function parseNumeric(field) {
    const first = field[0] ?? 0;
    if (first & 0x80) {
        // GNU base-256: big-endian binary after the marker bit.
        let value = first & 0x7f;
        for (const byte of field.subarray(1))
            value = value * 256 + byte;
        return value;
    }
    const text = field
        .toString('latin1')
        .replace(/[\0 ]+/g, ' ')
        .trim();
    return text === '' ? 0 : parseInt(text, 8);
}
function checksumMatches(block) {
    const stored = parseNumeric(block.subarray(148, 156));
    let unsigned = 0;
    let signed = 0;
    for (let i = 0; i < BLOCK; i++) {
        const byte = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
        unsigned += byte;
        signed += byte > 127 ? byte - 256 : byte;
    }
    return stored === unsigned || stored === signed;
}
function parsePax(content) {
    const records = new Map();
    let position = 0;
    while (position < content.length) {
        const space = content.indexOf(0x20, position);
        if (space < 0)
            break;
        const length = parseInt(content.subarray(position, space).toString('latin1'), 10);
        if (!(length > 0))
            break;
        const record = content.subarray(space + 1, position + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            records.set(record.slice(0, equals), record.slice(equals + 1));
        position += length;
    }
    return records;
}
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
class TarReader {
    bytes;
    pending = 0;
    ended = false;
    constructor(bytes) {
        this.bytes = bytes;
    }
    /** The next real entry (metadata entries folded in), or undefined at the end of the archive. */
    async next() {
        let longName;
        let longLink;
        let pax = new Map();
        for (;;) {
            await this.skipContent();
            if (this.ended)
                return undefined;
            const offset = this.bytes.offset;
            const block = await this.bytes.read(BLOCK);
            if (block.length === 0) {
                this.ended = true;
                return undefined;
            }
            if (block.length < BLOCK)
                throw new Error(`tar archive ends inside a header at byte ${offset}`);
            if (block.every((byte) => byte === 0)) {
                this.ended = true;
                return undefined;
            }
            if (!checksumMatches(block))
                throw new Error(`not a tar archive (bad header checksum at byte ${offset})`);
            const typeflag = String.fromCharCode(block[156] ?? 0);
            const size = parseNumeric(block.subarray(124, 136));
            if (!Number.isSafeInteger(size) || size < 0)
                throw new Error(`bad size field in the tar header at byte ${offset}`);
            if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
                const content = await this.readMeta(size);
                if (typeflag === 'L')
                    longName = cString(content, 0, content.length);
                else if (typeflag === 'K')
                    longLink = cString(content, 0, content.length);
                else if (typeflag === 'x')
                    pax = parsePax(content);
                continue;
            }
            // "ustar\0" has a prefix field; GNU's "ustar  " reuses those bytes for times.
            const posix = block.subarray(257, 263).toString('latin1') === 'ustar\0';
            const prefix = posix ? cString(block, 345, 155) : '';
            const name = cString(block, 0, 100);
            const path = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${name}` : name);
            const linkTarget = pax.get('linkpath') ?? longLink ?? cString(block, 157, 100);
            const paxSize = pax.get('size');
            const contentSize = headerOnlyTypes.has(typeflag) ? 0 : paxSize !== undefined ? Number(paxSize) : size;
            if (!Number.isSafeInteger(contentSize) || contentSize < 0)
                throw new Error(`bad PAX size at byte ${offset}`);
            this.pending = contentSize;
            const type = typeflag === '0' || typeflag === '\0' || typeflag === '7'
                ? 'file'
                : typeflag === '1'
                    ? 'hardlink'
                    : typeflag === '2'
                        ? 'symlink'
                        : typeflag === '5'
                            ? 'directory'
                            : 'other';
            return {
                path: normalisePath(path),
                type,
                size: contentSize,
                linkTarget: normalisePath(linkTarget),
                linkName: linkTarget
            };
        }
    }
    /** The first bytes of the current entry's content; the rest is skipped by the next call to next(). */
    async readHead(length) {
        const head = await this.bytes.read(Math.min(length, this.pending));
        if (head.length < Math.min(length, this.pending))
            throw new Error('tar archive ends inside a file');
        this.pending -= head.length;
        return head;
    }
    async readMeta(size) {
        const content = await this.bytes.read(Math.min(size, MAX_META_SIZE));
        this.pending = size - content.length;
        await this.skipContent();
        return content;
    }
    /** Reads to the end of the stream, so a producer feeding an outer archive can move on. */
    async drain() {
        await this.bytes.drain();
    }
    async skipContent() {
        const consumed = this.bytes.offset;
        const padding = (BLOCK - ((consumed + this.pending) % BLOCK)) % BLOCK;
        const wanted = this.pending + padding;
        this.pending = 0;
        if ((await this.bytes.skip(wanted)) < wanted)
            throw new Error('tar archive ends inside a file');
    }
}
async function* bufferChunks(stream) {
    for await (const chunk of stream)
        yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
/** The layer's tar bytes: gzip is undone, zstd too where this Node has it. */
async function* tarBytes(stream) {
    const source = bufferChunks(stream);
    const head = [];
    let headLength = 0;
    try {
        while (headLength < 4) {
            const next = await source.next();
            if (next.done)
                break;
            head.push(next.value);
            headLength += next.value.length;
        }
        const start = Buffer.concat(head);
        let decompressor;
        if (start[0] === 0x1f && start[1] === 0x8b) {
            decompressor = () => external_node_zlib_.createGunzip();
        }
        else if (start.length >= 4 && start.readUInt32LE(0) === 0xfd2fb528) {
            const zstd = external_node_zlib_.createZstdDecompress;
            if (!zstd)
                throw new Error('layer is zstd-compressed, which this Node.js cannot decompress');
            decompressor = () => zstd();
        }
        async function* rest() {
            yield* head;
            yield* source;
        }
        if (!decompressor) {
            yield* rest();
            return;
        }
        const output = (0,external_node_stream_.pipeline)(external_node_stream_.Readable.from(rest()), decompressor(), () => {
            // errors surface through iterating the output
        });
        yield* bufferChunks(output);
    }
    finally {
        // Ending early (limits, errors) must not leave the producer waiting; a no-op on an ended stream.
        const destroy = stream.destroy;
        if (typeof destroy === 'function')
            destroy.call(stream);
        await source.return(undefined);
    }
}
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
const HEAD_BYTES = 64;
const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
/** Bump when LayerScan changes shape or meaning, so cached scans of the old shape are not read. */
const LAYER_SCAN_FORMAT = 1;
const entryKinds = new Set(['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other']);
const elfInfoTypes = new Set(['executable', 'shared', 'relocatable', 'core', 'other']);
function isElfInfo(value) {
    const info = value;
    return (typeof info === 'object' &&
        info !== null &&
        typeof info.machine === 'string' &&
        (info.bits === 32 || info.bits === 64) &&
        typeof info.littleEndian === 'boolean' &&
        elfInfoTypes.has(info.type ?? ''));
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
    return scan.entries.every((item) => {
        const entry = item;
        return (typeof entry === 'object' &&
            entry !== null &&
            typeof entry.path === 'string' &&
            entryKinds.has(entry.kind ?? '') &&
            (entry.size === undefined || Number.isSafeInteger(entry.size)) &&
            (entry.elf === undefined || isElfInfo(entry.elf)) &&
            (entry.linkTarget === undefined || typeof entry.linkTarget === 'string'));
    });
}
/**
 * Reads one layer (tar, optionally gzip or zstd), keeping each entry's kind and, for regular files,
 * the ELF header from their first 64 bytes. `counted` is what lower layers already used of the limits.
 */
async function scanLayer(stream, limits, counted = { files: 0, bytes: 0 }) {
    const entries = [];
    let scannedFiles = 0;
    let scannedBytes = 0;
    let truncated;
    const source = tarBytes(stream);
    const tar = new TarReader(new ByteReader(source));
    try {
        for (;;) {
            if (limits.deadline !== undefined && Date.now() > limits.deadline) {
                truncated = 'time limit reached';
                break;
            }
            const entry = await tar.next();
            if (!entry)
                break;
            const slash = entry.path.lastIndexOf('/');
            const base = entry.path.slice(slash + 1);
            const parent = entry.path.slice(0, slash) || '/';
            if (base === OPAQUE) {
                entries.push({ path: parent, kind: 'opaque' });
            }
            else if (base.startsWith(WHITEOUT)) {
                entries.push({ path: normalisePath(`${parent}/${base.slice(WHITEOUT.length)}`), kind: 'whiteout' });
            }
            else if (entry.path === '/') {
                continue;
            }
            else if (entry.type === 'file') {
                if (counted.files + scannedFiles >= limits.maxFiles) {
                    truncated = `file limit ${limits.maxFiles} reached`;
                    break;
                }
                if (counted.bytes + scannedBytes + entry.size > limits.maxBytes) {
                    truncated = `size limit of ${limits.maxBytes} bytes reached`;
                    break;
                }
                scannedFiles++;
                scannedBytes += entry.size;
                const elf = readElfHeader(await tar.readHead(HEAD_BYTES));
                entries.push({ path: entry.path, kind: 'file', size: entry.size, ...(elf ? { elf } : {}) });
            }
            else if (entry.type === 'hardlink') {
                entries.push({ path: entry.path, kind: 'hardlink', linkTarget: entry.linkTarget });
            }
            else if (entry.type === 'symlink') {
                entries.push({ path: entry.path, kind: 'symlink', linkTarget: entry.linkName });
            }
            else {
                entries.push({ path: entry.path, kind: entry.type === 'directory' ? 'dir' : 'other' });
            }
        }
        if (!truncated)
            await tar.drain();
    }
    finally {
        // Stops (and so destroys) the stream when the scan ended early; a no-op once drained.
        await source.return(undefined);
    }
    const scan = { entries, scannedFiles, scannedBytes };
    if (truncated)
        scan.truncated = truncated;
    return scan;
}
/**
 * Applies scanned layers in order (whiteouts, opaque directories, hard links) and lists the
 * executables and shared objects built for another architecture than `platform`. With limits,
 * files past maxFiles or maxBytes, counted across the layers, are left out as unread.
 */
function composeAudit(platform, scans, ignoreGlobs, limits) {
    const expected = expectedMachine(platform);
    const name = (0,planning_platforms/* formatPlatform */.Bq)(platform);
    if (!expected)
        throw new Error(`No ELF architecture is known for ${name}, so its files cannot be audited`);
    const ignore = ignoreGlobs.filter((glob) => glob.trim() !== '').map(globToRegExp);
    const files = new LayeredFiles();
    let scannedFiles = 0;
    let scannedBytes = 0;
    let truncated;
    for (const scan of scans) {
        const changes = { removed: [], opaque: [], entries: new Map(), directories: new Set() };
        for (const entry of scan.entries) {
            if (entry.kind === 'opaque') {
                changes.opaque.push(entry.path);
            }
            else if (entry.kind === 'whiteout') {
                changes.removed.push(entry.path);
            }
            else if (entry.kind === 'file') {
                const size = entry.size ?? 0;
                if (limits && scannedFiles >= limits.maxFiles) {
                    truncated = `file limit ${limits.maxFiles} reached`;
                    break;
                }
                if (limits && scannedBytes + size > limits.maxBytes) {
                    truncated = `size limit of ${limits.maxBytes} bytes reached`;
                    break;
                }
                scannedFiles++;
                scannedBytes += size;
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
        truncated ??= scan.truncated;
        // Whatever was read of a truncated layer still counts.
        files.apply(changes);
        if (truncated)
            break;
    }
    const reported = new Set();
    const seen = new Set();
    const mismatches = [];
    for (const [path, info] of files.elf) {
        seen.add(info);
        if (reported.has(info) || !isMismatch(info, expected) || ignore.some((glob) => glob.test(path)))
            continue;
        reported.add(info);
        mismatches.push({ path, info: { ...info } });
    }
    const result = { platform: name, scannedFiles, scannedBytes, elfFiles: seen.size, mismatches };
    if (truncated)
        result.truncated = truncated;
    return result;
}
/**
 * Reads image layers (tar, optionally gzip) in order and lists the executables and shared objects
 * built for another architecture than `platform`, after whiteouts, reading 64 bytes per file.
 */
async function auditLayers(platform, layers, ignoreGlobs, limits) {
    if (!expectedMachine(platform))
        throw new Error(`No ELF architecture is known for ${formatPlatform(platform)}, so its files cannot be audited`);
    const scans = [];
    const counted = { files: 0, bytes: 0 };
    let layerNumber = 0;
    for await (const layer of layers) {
        layerNumber++;
        let scan;
        try {
            scan = await scanLayer(layer, limits, counted);
        }
        catch (error) {
            throw new Error(`Layer ${layerNumber}: ${error instanceof Error ? error.message : String(error)}`, {
                cause: error
            });
        }
        scans.push(scan);
        counted.files += scan.scannedFiles;
        counted.bytes += scan.scannedBytes;
        if (scan.truncated)
            break;
    }
    return composeAudit(platform, scans, ignoreGlobs, limits);
}
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
function listPaths(paths, limit = 10) {
    const shown = paths.slice(0, limit).join(', ');
    return paths.length > limit ? `${shown} and ${paths.length - limit} more` : shown;
}
/** One message for a failed audit: what was found where, and the usual causes. */
function describeMismatch(result) {
    const stopped = result.truncated ? ` (scan stopped early: ${result.truncated})` : '';
    if (result.mismatches.length === 0) {
        return `${result.platform} image has no executables for another architecture among ${result.elfFiles} ELF files${stopped}.`;
    }
    const [os = '', architecture = ''] = result.platform.split('/');
    const expected = expectedMachine({ os, architecture });
    const labels = new Map();
    for (const finding of result.mismatches) {
        const label = machineLabel(finding.info, expected);
        labels.set(label, [...(labels.get(label) ?? []), finding.path]);
    }
    const paths = result.mismatches.map((finding) => finding.path);
    const [onlyLabel] = labels.keys();
    const summary = labels.size === 1
        ? `${result.platform} image contains ${onlyLabel} executables: ${listPaths(paths)}`
        : `${result.platform} image contains executables for other architectures (${[...labels.entries()]
            .map(([label, found]) => `${label}: ${found.length}`)
            .join(', ')}): ${listPaths(result.mismatches.map((finding) => `${finding.path} (${machineLabel(finding.info, expected)})`))}`;
    const hint = 'Likely causes: a prebuilt binary downloaded or copied for one architecture (choose it with the TARGETARCH build argument), ' +
        'or a base image pinned to one architecture (FROM --platform=linux/amd64, or a single-platform digest).';
    return `${summary}${stopped}. ${hint}`;
}

;// CONCATENATED MODULE: ./src/checks/audit/arch-audit.ts
// Checks a pushed image's layers, per platform, for executables built for another architecture:
// each distinct layer streamed once from the registry into a scan (or read from the scan cache),
// nothing pulled or unpacked on disk, then the scans composed per platform.








const DEFAULT_MAX_FILES = 50_000;
const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const arch_audit_DEFAULT_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;
// Layers read from the registry at once, across all platforms.
const LAYER_CONCURRENCY = 4;
/** Image entries of an index by platform, without attestations; the first entry wins on duplicates. */
function imageEntries(index) {
    const entries = new Map();
    const manifests = index.json?.manifests;
    for (const entry of Array.isArray(manifests) ? manifests : []) {
        const platform = entry?.platform;
        if (!platform?.os || !platform.architecture || typeof entry.digest !== 'string')
            continue;
        if (platform.os === 'unknown' || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
            continue;
        const key = normalisedPlatform(platform);
        if (!entries.has(key))
            entries.set(key, entry);
    }
    return entries;
}
// Layers that live outside the registry (Windows base layers) cannot be fetched from it.
const isForeignLayer = (layer) => /foreign|nondistributable/.test(layer.mediaType ?? '');
/** Where layer scans are kept, by content: the tool cache outlives jobs on self-hosted runners. */
function auditCacheDir(env = process.env) {
    return external_node_path_.join(env['RUNNER_TOOL_CACHE'] || external_node_os_.tmpdir(), 'multiarch-build-push', 'arch-audit');
}
// A layer digest names its bytes exactly, so its scan never changes: only the format can.
function scanCacheFile(digest) {
    const key = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([digest, LAYER_SCAN_FORMAT]))
        .digest('hex');
    return external_node_path_.join(auditCacheDir(), `${key}.json`);
}
function readCachedScan(digest) {
    try {
        const parsed = JSON.parse((0,external_node_fs_.readFileSync)(scanCacheFile(digest), 'utf8'));
        return isLayerScan(parsed) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
function writeCachedScan(digest, scan) {
    const file = scanCacheFile(digest);
    const temporary = `${file}.${process.pid}.${(0,external_node_crypto_.randomUUID)()}`;
    try {
        (0,external_node_fs_.mkdirSync)(external_node_path_.dirname(file), { recursive: true });
        // Written whole then renamed, so a parallel job never reads half a file.
        (0,external_node_fs_.writeFileSync)(temporary, JSON.stringify(scan));
        (0,external_node_fs_.renameSync)(temporary, file);
    }
    catch {
        // A cache that cannot be written only costs the next run a re-read.
        (0,external_node_fs_.rmSync)(temporary, { force: true });
    }
}
/** Scans each distinct layer once, a few at a time, from the cache when it can. */
class LayerScanner {
    client;
    repository;
    limits;
    concurrency;
    outcomes = new Map();
    active = 0;
    queue = [];
    constructor(client, repository, limits, concurrency) {
        this.client = client;
        this.repository = repository;
        this.limits = limits;
        this.concurrency = concurrency;
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
        const cached = readCachedScan(digest);
        if (cached)
            return cached;
        await this.slot();
        try {
            // Past the deadline the scan would stop before its first entry: no need to open the blob.
            if (this.limits.deadline !== undefined && Date.now() > this.limits.deadline) {
                return { entries: [], scannedFiles: 0, scannedBytes: 0, truncated: 'time limit reached' };
            }
            const scan = await scanLayer(await this.client.getBlob(this.repository, digest), this.limits);
            // A truncated scan depends on the limits and the clock, so it says nothing about the next run.
            if (!scan.truncated)
                writeCachedScan(digest, scan);
            return scan;
        }
        finally {
            this.release();
        }
    }
    async slot() {
        if (this.active < this.concurrency) {
            this.active++;
            return;
        }
        // Handed over by release(), so no newcomer can slip in between.
        await new Promise((resolve) => this.queue.push(resolve));
    }
    release() {
        const next = this.queue.shift();
        if (next)
            next();
        else
            this.active--;
    }
}
/** The scans a platform's audit reads, in layer order: up to the first truncated one or past the limits. */
async function platformScans(scanner, digests, limits) {
    // Waiting for all first means no scan is still running once the audit returns.
    const outcomes = await Promise.all(digests.map((digest) => scanner.scan(digest)));
    const scans = [];
    let files = 0;
    let bytes = 0;
    for (const [index, outcome] of outcomes.entries()) {
        if ('error' in outcome) {
            const { error } = outcome;
            throw new Error(`Layer ${index + 1} (${digests[index]}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        scans.push(outcome.scan);
        files += outcome.scan.scannedFiles;
        bytes += outcome.scan.scannedBytes;
        // The limit is hit inside what was read: later layers, and their errors, would not be reached.
        if (outcome.scan.truncated || files > limits.maxFiles || bytes > limits.maxBytes)
            break;
    }
    return scans;
}
/**
 * Audits each platform of a pushed image (repo@digest or repo:tag) for executables of another
 * architecture. A platform the image lacks fails; one that cannot be checked (not Linux, or its
 * layers could not be read) is skipped with the reason. Throws when the image itself cannot be read.
 */
async function auditPushedImage(reference, platforms, options) {
    const target = splitReference(reference);
    const timeoutMs = options.timeoutMs ?? arch_audit_DEFAULT_TIMEOUT_MS;
    const client = new RegistryClient(target.registry, credentialsFor(target.registry, options.dockerConfigDir), {
        timeoutMs: Math.min(REQUEST_TIMEOUT_MS, timeoutMs)
    });
    const top = await client.getManifest(target.repository, target.reference);
    if (!top)
        throw new Error(`${reference} was not found in registry ${target.registry}`);
    let available;
    if (isIndex(top)) {
        available = imageEntries(top);
    }
    else {
        available = new Map([[await manifestPlatform(client, target.repository, top), top]]);
    }
    const has = [...available.keys()].join(', ') || 'no image manifests';
    const couldNotAudit = (name, error) => ({
        platform: name,
        status: 'skipped',
        message: `${name}: could not audit ${reference}: ${error instanceof Error ? error.message : String(error)}`
    });
    const planned = await Promise.all(platforms.map(async (platform) => {
        const wanted = parsePlatformOr(platform);
        const name = (0,planning_platforms/* formatPlatform */.Bq)(wanted);
        if (!expectedMachine(wanted)) {
            return {
                platform: name,
                status: 'skipped',
                message: `${name}: no ELF architecture to check for this platform`
            };
        }
        const found = available.get(name);
        if (!found) {
            return {
                platform: name,
                status: 'fail',
                message: `no manifest for ${name} in ${reference} (it has ${has})\nHint: the image was not built for that platform`
            };
        }
        try {
            const manifest = 'json' in found ? found : await client.getManifest(target.repository, found.digest);
            if (!manifest) {
                return {
                    platform: name,
                    status: 'fail',
                    message: `${reference} lists ${found.digest} for ${name}, but the registry does not have that manifest`
                };
            }
            const layers = manifest.json?.layers;
            if (!Array.isArray(layers)) {
                return {
                    platform: name,
                    status: 'skipped',
                    message: `${name}: manifest ${manifest.digest} (${manifest.mediaType || 'no media type'}) is not an image manifest, so it was not audited`
                };
            }
            return {
                platform: wanted,
                name,
                layers: layers.filter((layer) => !isForeignLayer(layer)).map((layer) => layer.digest)
            };
        }
        catch (error) {
            return couldNotAudit(name, error);
        }
    }));
    const limits = {
        maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
        maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
        deadline: Date.now() + timeoutMs
    };
    const scanner = new LayerScanner(client, target.repository, limits, LAYER_CONCURRENCY);
    // Requested up front, in platform then layer order, so shared layers are read once and early.
    for (const plan of planned)
        if ('layers' in plan)
            for (const digest of plan.layers)
                void scanner.scan(digest);
    return Promise.all(planned.map(async (plan) => {
        if (!('layers' in plan))
            return plan;
        try {
            const result = composeAudit(plan.platform, await platformScans(scanner, plan.layers, limits), options.ignore, limits);
            return {
                platform: plan.name,
                status: result.mismatches.length > 0 ? 'fail' : 'pass',
                result,
                message: describeMismatch(result)
            };
        }
        catch (error) {
            return couldNotAudit(plan.name, error);
        }
    }));
}
function parsePlatformOr(platform) {
    try {
        return (0,planning_platforms/* parsePlatform */.FL)((0,planning_platforms/* formatPlatform */.Bq)(platform));
    }
    catch {
        return platform;
    }
}

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
    if (raw.trim() === 'true')
        return [];
    const args = [];
    for (const match of raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
        args.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '');
    return args;
}
function smokeRunArgs(reference, platform, containerName, args) {
    return [
        'run',
        '--rm',
        '--network',
        'none',
        '--platform',
        (0,planning_platforms/* formatPlatform */.Bq)(platform),
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
async function smokeTest(reference, platforms, rawArgs, timeoutSeconds, jobName) {
    const args = smokeArguments(rawArgs);
    const results = [];
    for (const [index, platform] of platforms.entries()) {
        const containerName = smokeContainerName(jobName, index);
        const result = await (0,exec/* run */.eF)('docker', smokeRunArgs(reference, platform, containerName, args), {
            allowFailure: true,
            timeoutMs: timeoutSeconds * 1000
        });
        // A timed-out CLI leaves its container running; it must not outlive the step.
        if (result.stderr.includes('time limit'))
            await (0,exec/* run */.eF)('docker', ['rm', '--force', containerName], { allowFailure: true });
        const output = (0,exec/* lastLines */.w$)(`${result.stdout}${result.stderr}`, 5);
        const entry = {
            platform: (0,planning_platforms/* formatPlatform */.Bq)(platform),
            status: result.exitCode === 0 ? 'pass' : 'fail',
            exitCode: result.exitCode,
            output
        };
        const advice = entry.status === 'fail' ? smokeAdvice(output) : undefined;
        if (advice)
            entry.advice = advice;
        core/* info */.pq(`Smoke test ${entry.platform}: ${entry.status} (exit ${entry.exitCode})${output ? `\n${output}` : ''}`);
        results.push(entry);
    }
    return results;
}

;// CONCATENATED MODULE: ./src/checks/verify.ts




// indexPlatforms already normalises; an unknown platform the registry holds is compared as written.
const sortedPlatforms = (platforms) => platforms.map(planning_platforms/* normalisePlatformText */.h4).sort();
/** Compares what the registry serves with what was pushed; returns every difference found. */
function compareReadBack(readBack, expectedPlatforms, expectedDigest) {
    const problems = [];
    const wanted = sortedPlatforms(expectedPlatforms.map(planning_platforms/* formatPlatform */.Bq));
    for (const { reference, index } of readBack) {
        if (!index) {
            problems.push(`${reference}: the registry does not have it`);
            continue;
        }
        const served = sortedPlatforms(indexPlatforms(index));
        if (served.join(',') !== wanted.join(','))
            problems.push(`${reference}: platforms ${served.join(', ') || '(none)'}, expected ${wanted.join(', ')}`);
        if (expectedDigest && index.digest !== expectedDigest)
            problems.push(`${reference}: digest ${index.digest}, expected ${expectedDigest} (the digest output)`);
    }
    const digests = new Set(readBack.flatMap(({ index }) => (index ? [index.digest] : [])));
    if (digests.size > 1)
        problems.push(`the tags point to ${digests.size} different digests: ${readBack.map(({ reference, index }) => `${reference} → ${index?.digest ?? 'missing'}`).join(', ')}`);
    return problems;
}
/** Reads every pushed tag back from the registry and fails on any difference from what was meant to be pushed. */
async function verifyPushedTags(tags, expectedPlatforms, expectedDigest) {
    const readBack = await Promise.all(tags.map(async (reference) => ({ reference, index: await inspectRemote(reference) })));
    const problems = compareReadBack(readBack, expectedPlatforms, expectedDigest);
    if (problems.length > 0) {
        throw new errors/* ActionError */.lZ(`Post-push verification failed:\n- ${problems.join('\n- ')}`, 'another job may have pushed the same tag at the same time, or the registry rewrote the manifest; set verify: false only if this is expected.');
    }
    core/* info */.pq(`Verified ${tags.length} tag(s) in the registry: ${expectedPlatforms.map(planning_platforms/* formatPlatform */.Bq).join(', ')} at ${expectedDigest}`);
}

// EXTERNAL MODULE: ./src/seams/state.ts
var seams_state = __webpack_require__(4210);
;// CONCATENATED MODULE: ./src/seams/summary.ts


/** Writes the job summary; a runner without GITHUB_STEP_SUMMARY (local runs) just skips it. */
async function writeSummary(title, rows, extra = []) {
    if (!process.env['GITHUB_STEP_SUMMARY'])
        return;
    try {
        core/* summary */.z.addHeading(title, 3).addTable([
            [
                { data: 'Field', header: true },
                { data: 'Value', header: true }
            ],
            ...rows.map((row) => [row.label, row.value])
        ]);
        for (const section of extra) {
            const [header, ...body] = section.table;
            core/* summary */.z
                .addHeading(section.heading, 4)
                .addTable([(header ?? []).map((data) => ({ data, header: true })), ...body]);
        }
        await core/* summary */.z.write();
    }
    catch (error) {
        core/* warning */.$e(`Could not write the job summary: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/planning/tag-rules/outputs.ts

const levelPrefix = /^(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?:/;
/** buildx puts an annotation without a level on the manifests; metadata-action always writes the level. */
function annotationLine({ key, value }) {
    return `${levelPrefix.test(key) ? key : `manifest:${key}`}=${value}`;
}
function tagNameOf(reference) {
    // Entries without an image are bare tags already.
    if (!reference.includes('/') && !reference.includes(':'))
        return reference;
    return (0,planning_references/* parseImageReference */.o_)(reference).tag ?? 'latest';
}
/**
 * Pure: the outputs metadata-action users read, from the references (what was pushed, or the plan's
 * references), the labels and the annotations the build used.
 */
function metadataOutputs(metadata) {
    const annotations = metadata.annotations.map(annotationLine);
    const labels = Object.fromEntries(metadata.labels.map(({ key, value }) => [key, value]));
    return {
        json: JSON.stringify({ tags: [...metadata.references], labels, annotations }),
        tagNames: [...new Set(metadata.references.map(tagNameOf))].join('\n'),
        annotations: annotations.join('\n')
    };
}

;// CONCATENATED MODULE: ./src/steps/outputs.ts
// The one place that writes what a run leaves behind: the state for the post step, the step's
// outputs and the job summary, with the same rules for both modes.





function emptyOutcome(plan) {
    return {
        platforms: [],
        emulators: '',
        builder: '',
        tags: plan.tags.references,
        heldBack: [],
        pushed: false,
        digest: '',
        imageId: '',
        metadata: {},
        repository: '',
        checks: { audit: [], smoke: [], failures: [] },
        sources: []
    };
}
const stateKeys = {
    isPost: seams_state/* StateKey */.zv.IsPost,
    dockerConfig: seams_state/* StateKey */.zv.DockerConfig,
    cleanup: seams_state/* StateKey */.zv.Cleanup,
    builder: seams_state/* StateKey */.zv.Builder,
    driver: seams_state/* StateKey */.zv.Driver,
    smokeContainers: seams_state/* StateKey */.zv.SmokeContainers
};
/** Every saveState of the main step goes through here, in the order of the given keys. */
function savePostState(state) {
    for (const [key, value] of Object.entries(state)) {
        if (value !== undefined)
            (0,seams_state/* saveState */.LZ)(stateKeys[key], Array.isArray(value) ? value.join(',') : String(value));
    }
}
/** metadata-action's json, tag-names and annotations, from what was pushed (or planned, when nothing was). */
function metadataActionOutputs(plan, outcome) {
    const shaped = metadataOutputs({
        references: outcome.tags.length > 0 ? outcome.tags : plan.tags.references,
        labels: plan.labels,
        annotations: plan.annotations
    });
    return [
        [seams_state/* OutputKey */.b8.Json, shaped.json],
        [seams_state/* OutputKey */.b8.TagNames, shaped.tagNames],
        [seams_state/* OutputKey */.b8.Annotations, shaped.annotations]
    ];
}
function auditOutput(audit) {
    return JSON.stringify(audit.map(({ platform, status, message, result }) => ({
        platform,
        status,
        message,
        elfFiles: result?.elfFiles,
        truncated: result?.truncated
    })));
}
// A run that fails halfway still says which builder it made and which platforms it was after.
const knownEarly = new Set([seams_state/* OutputKey */.b8.Builder, seams_state/* OutputKey */.b8.Platforms]);
// Only a run that made a builder names one: a merge never does.
const onlyWhenSet = new Set([seams_state/* OutputKey */.b8.Builder]);
/** The step's outputs; after a failure only those a phase that finished has set. */
function writeOutputs(plan, outcome, complete = true) {
    const image = outcome.pushed && outcome.repository && outcome.digest ? `${outcome.repository}@${outcome.digest}` : '';
    const outputs = [
        [seams_state/* OutputKey */.b8.Builder, outcome.builder],
        [seams_state/* OutputKey */.b8.Platforms, outcome.platforms.join(',')],
        [seams_state/* OutputKey */.b8.Version, plan.tags.version],
        [seams_state/* OutputKey */.b8.Digest, outcome.digest],
        [seams_state/* OutputKey */.b8.ImageId, outcome.imageId],
        [seams_state/* OutputKey */.b8.Metadata, JSON.stringify(outcome.metadata)],
        [seams_state/* OutputKey */.b8.Tags, outcome.tags.join('\n')],
        [seams_state/* OutputKey */.b8.Labels, plan.labels.map(({ key, value }) => `${key}=${value}`).join('\n')],
        [seams_state/* OutputKey */.b8.Image, image],
        [seams_state/* OutputKey */.b8.ArchAudit, auditOutput(outcome.checks.audit)],
        [seams_state/* OutputKey */.b8.SmokeTest, JSON.stringify(outcome.checks.smoke)],
        ...metadataActionOutputs(plan, outcome)
    ];
    for (const [key, value] of outputs) {
        const wanted = complete ? value !== '' || !onlyWhenSet.has(key) : knownEarly.has(key) && value !== '';
        if (wanted)
            core/* setOutput */.uH(key, value);
    }
}
function perPlatformTable(outcome) {
    const rows = outcome.platforms.map((platform) => {
        const audit = outcome.checks.audit.find((entry) => entry.platform === platform);
        const smoke = outcome.checks.smoke.find((entry) => entry.platform === platform);
        return [
            platform,
            audit ? `${audit.status}${audit.status === 'fail' ? `: ${audit.message.split('\n')[0]}` : ''}` : 'off',
            smoke ? smoke.status : 'off',
            smoke ? String(smoke.exitCode) : '',
            smoke ? (smoke.advice ?? smoke.output) : ''
        ];
    });
    return [['Platform', 'Architecture audit', 'Smoke test', 'Exit code', 'Last output'], ...rows];
}
function summaryRows(plan, outcome) {
    const byDigest = plan.mode === 'build' && plan.digestTarget !== undefined;
    const rows = [
        { label: 'Image', value: outcome.repository || '(not tagged)' },
        {
            label: outcome.pushed ? 'Pushed tags' : 'Tags (not pushed)',
            value: outcome.tags.join('<br>') || (byDigest ? '(by digest)' : '(none)')
        },
        ...heldBackRows(outcome.heldBack),
        { label: 'Digest', value: outcome.digest || '(none)' },
        { label: 'Platforms', value: outcome.platforms.join(',') },
        { label: 'Version', value: plan.tags.version }
    ];
    if (outcome.emulators)
        rows.push({ label: 'QEMU emulators', value: outcome.emulators });
    if (outcome.sources.length > 0) {
        const sources = outcome.sources.map((source) => `${source.repository}@${source.digest} (${source.platforms.join(', ')})`);
        rows.push({ label: 'Sources', value: sources.join('<br>') });
    }
    return rows;
}
async function writeJobSummary(plan, outcome) {
    const checked = outcome.checks.audit.length + outcome.checks.smoke.length > 0;
    await writeSummary(plan.mode === 'merge' ? 'Multi-arch image (merged)' : 'Multi-arch image', summaryRows(plan, outcome), checked ? [{ heading: 'Per platform', table: perPlatformTable(outcome) }] : []);
}

;// CONCATENATED MODULE: ./src/steps/checks.ts
// The checks phase, for either mode: read the pushed image back, audit it, run it when asked.





function describeAudit(entry) {
    const counts = entry.result ? ` (${entry.result.elfFiles} ELF files in ${entry.result.scannedFiles} files)` : '';
    const cut = entry.result?.truncated ? `; scan cut short: ${entry.result.truncated}` : '';
    return `Architecture audit ${entry.platform}: ${entry.status}${counts}${cut}`;
}
function recordAudit(plan, audit, report) {
    report.audit = audit;
    for (const entry of audit) {
        if (entry.status === 'fail' && plan.checks.audit === 'error')
            report.failures.push(`architecture audit: ${entry.message}`);
        else if (entry.status === 'fail')
            core/* warning */.$e(`Architecture audit: ${entry.message}`);
        else
            core/* info */.pq(describeAudit(entry));
    }
}
async function runSmoke(plan, pinned, platforms, job, report) {
    const smoke = plan.checks.smoke;
    if (!smoke)
        return;
    // Named and saved up front: a step killed mid-run leaves them to the post step.
    savePostState({ smokeContainers: smokeContainerNames(job.name, platforms.length) });
    report.smoke = await smokeTest(pinned, platforms, smoke.command, smoke.timeoutSeconds, job.name);
    for (const result of report.smoke.filter(({ status }) => status === 'fail')) {
        report.failures.push(`smoke test on ${result.platform} exited ${result.exitCode}${result.advice ? `: ${result.advice}` : ''}`);
    }
}
function summarise(plan, outcome) {
    const { audit, smoke, failures } = outcome.checks;
    const parts = [
        plan.checks.verify ? `verified ${outcome.tags.length} tag(s)` : 'verify off',
        plan.checks.audit === 'off' ? 'arch-audit off' : `arch-audit ${audit.map((entry) => entry.status).join(', ')}`,
        plan.checks.smoke ? `smoke test ${smoke.map((entry) => entry.status).join(', ')}` : 'smoke test off'
    ];
    return `${parts.join('; ')}${failures.length > 0 ? `; ${failures.length} failed` : ''}`;
}
/**
 * Reads the pushed image back, and runs it when asked: the checks that catch multi-arch mistakes
 * before users do. Verification throws at once; audit and smoke failures are collected, so the
 * outputs and the summary still say what happened before the step fails.
 */
async function runChecks(plan, outcome, platforms, job) {
    const pinned = `${outcome.repository}@${outcome.digest}`;
    // Both only read the registry; side by side they cost the slower one.
    const [, audit] = await Promise.all([
        plan.checks.verify ? verifyPushedTags(outcome.tags, platforms, outcome.digest) : undefined,
        plan.checks.audit === 'off'
            ? []
            : auditPushedImage(pinned, platforms, { dockerConfigDir: job.config.dir, ignore: plan.checks.auditIgnore })
    ]);
    recordAudit(plan, audit, outcome.checks);
    await runSmoke(plan, pinned, platforms, job, outcome.checks);
    return summarise(plan, outcome);
}

;// CONCATENATED MODULE: ./src/steps/build.ts
// The build's phases: base images, emulators, builder, build and push, checks. The executor
// (execute.ts) runs them in order, each in its own log group.










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
        core/* info */.pq(`QEMU: ${line}`);
    return lines.join('; ');
}
async function buildAndPush(plan, run, outcome) {
    const builder = run.builder;
    let tags = plan.digestTarget?.tags ?? plan.tags.references;
    if (plan.push && !plan.digestTarget)
        ({ push: tags, heldBack: outcome.heldBack } = await guardFloatingTags(plan.tags));
    if (plan.push && (plan.checks.verify || plan.checks.audit !== 'off'))
        warmUpHttpClient();
    const result = await runBuild(plan.inputs, builder, {
        platforms: run.platforms,
        tags,
        labels: plan.labels,
        annotations: plan.annotations,
        push: plan.push,
        ...(plan.digestTarget?.digestRepository ? { digestRepository: plan.digestTarget.digestRepository } : {}),
        metadataFile: external_node_path_.join(run.job.config.dir, 'build-metadata.json')
    });
    Object.assign(outcome, { tags, pushed: plan.push, ...result, repository: outputRepository(plan, tags) });
    const platformList = outcome.platforms.join(',');
    if (plan.push)
        return `Pushed ${tags.join(', ') || outcome.repository} (${platformList}) as ${result.digest}`;
    const why = plan.event.eventName.startsWith('pull_request') ? ' for pull requests' : '';
    return `Built ${platformList}; nothing pushed (push is off${why})`;
}
function buildPhases(plan, job, outcome) {
    const run = {};
    const state = () => ({ job: job(), platforms: run.platforms ?? plan.platforms, ...run });
    return [
        {
            name: 'Base images',
            // Before emulators and builder, so a trimmed platform needs neither.
            run: async () => {
                run.platforms = await checkBasePlatforms(plan.inputs, plan.native);
                outcome.platforms = run.platforms.map(planning_platforms/* formatPlatform */.Bq);
                return `platform-check ${plan.inputs.platformCheck}: building ${outcome.platforms.join(', ')}`;
            }
        },
        {
            name: 'Emulators',
            run: async () => {
                if (!plan.emulators.enabled)
                    return (outcome.emulators = 'off (qemu: false)');
                run.driver = await resolveDriver(plan.inputs, state().platforms);
                // Nodes elsewhere, or the user's builder: the builder phase registers only what no node runs natively.
                if (builderFirst(plan.inputs, run.driver))
                    return 'after the builder, for platforms no node serves natively';
                run.emulators = await emulatorsBeforeBuilder(plan.inputs, state().platforms);
                outcome.emulators = run.emulators ? describeEmulators(run.emulators) : 'off (qemu: false)';
                return outcome.emulators;
            }
        },
        {
            name: 'Builder',
            run: async () => {
                const { job: current, platforms } = state();
                const driver = run.driver ?? (await resolveDriver(plan.inputs, platforms));
                const setup = await setUpBuilder(current.name, plan.inputs, driver, current.config, platforms, plan.native, run.emulators);
                run.builder = setup.builder;
                if (setup.emulators && !run.emulators)
                    outcome.emulators = describeEmulators(setup.emulators);
                outcome.builder = run.builder.name;
                return `${run.builder.name} (${run.builder.driver}) builds ${outcome.platforms.join(', ')}`;
            }
        },
        { name: 'Build', run: () => buildAndPush(plan, state(), outcome) },
        {
            name: 'Checks',
            skip: () => (!plan.push || !outcome.digest ? 'nothing was pushed' : undefined),
            run: () => runChecks(plan, outcome, state().platforms, job())
        }
    ];
}

;// CONCATENATED MODULE: ./src/registry/docker-config.ts




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
    return `mab-${run}-${job}-${unique}`;
}
function userConfigDir(env) {
    return env['DOCKER_CONFIG'] || external_node_path_.join(external_node_os_.homedir(), '.docker');
}
/**
 * Creates the job's own DOCKER_CONFIG under RUNNER_TEMP and points every command at it.
 * Logins, contexts and builders then live and die with the job. Earlier logins of the user are
 * copied in (read-only use) so private base images still pull; buildx plugins the user installed
 * are linked so the same buildx runs.
 */
function createJobDockerConfig(name, env = process.env) {
    const temp = env['RUNNER_TEMP'] || external_node_os_.tmpdir();
    const dir = external_node_path_.join(temp, `${name}-docker-config`);
    const userDir = userConfigDir(env);
    (0,external_node_fs_.mkdirSync)(external_node_path_.join(dir, 'cli-plugins'), { recursive: true, mode: 0o700 });
    const config = {};
    const userConfigFile = external_node_path_.join(userDir, 'config.json');
    if ((0,external_node_fs_.existsSync)(userConfigFile)) {
        try {
            const user = JSON.parse((0,external_node_fs_.readFileSync)(userConfigFile, 'utf8'));
            // Only static credentials and proxies carry over: a credsStore would make our login leave the job's directory.
            for (const key of ['auths', 'proxies', 'credHelpers'])
                if (user[key] !== undefined)
                    config[key] = user[key];
        }
        catch {
            // An unreadable user config is not our job's concern; start empty.
        }
    }
    (0,external_node_fs_.writeFileSync)(external_node_path_.join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
    const userPlugin = external_node_path_.join(userDir, 'cli-plugins', 'docker-buildx');
    const jobPlugin = external_node_path_.join(dir, 'cli-plugins', 'docker-buildx');
    if ((0,external_node_fs_.existsSync)(userPlugin) && !(0,external_node_fs_.existsSync)(jobPlugin))
        (0,external_node_fs_.symlinkSync)(userPlugin, jobPlugin);
    (0,exec/* setJobEnv */.jn)('DOCKER_CONFIG', dir);
    return { dir, userDir };
}

;// CONCATENATED MODULE: ./src/steps/job.ts




/**
 * What every mode does first: the job's own Docker config (saved at once, so the post step removes
 * it whatever happens next), the daemon check when the mode needs a daemon, the pinned buildx,
 * and the registry login. Returns the job and a line for the log.
 */
async function prepareJob(plan, checkDaemon) {
    const { inputs } = plan;
    const name = jobScopedName();
    const config = createJobDockerConfig(name);
    savePostState({ dockerConfig: config.dir, cleanup: inputs.cleanup });
    const done = [`job Docker config ${config.dir}`];
    if (plan.mode === 'build' && plan.builder.checkDaemon) {
        // A remote driver's unix:// endpoint is a buildkitd socket, not a Docker daemon.
        const host = inputs.driver !== 'remote' && inputs.endpoint.startsWith('unix://')
            ? inputs.endpoint
            : (0,build_builder/* userDockerHost */.Ul)(config.userDir);
        await checkDaemon(host);
        done.push(`daemon at ${host} answers`);
    }
    if (inputs.buildxVersion) {
        const { installBuildx } = await __webpack_require__.e(/* import() */ 703).then(__webpack_require__.bind(__webpack_require__, 7703));
        await installBuildx(inputs.buildxVersion, config.dir, inputs.buildxDownloadUrl ? { baseUrl: inputs.buildxDownloadUrl } : {});
        done.push(`buildx ${inputs.buildxVersion} installed`);
    }
    if (plan.login) {
        await loginToRegistry(plan.login.registry, inputs);
        done.push(`logged in to ${plan.login.server} as ${plan.login.username}`);
    }
    else
        done.push('no login (username is empty)');
    return { job: { name, config }, line: done.join('; ') };
}

;// CONCATENATED MODULE: ./src/steps/merge.ts
/**
 * mode: merge — joins the per-platform images of matrix jobs into one manifest list.
 *
 * The workflow (see .github/workflows/examples/matrix-merge.yml):
 * - Build jobs: a matrix over {platform, runner}, each running the action with
 *   `platforms: ${{ matrix.platform }}`, `image: ghcr.io/acme/app` and `push-by-digest: true`.
 *   Each job's `image` output is `repo@sha256:...`: untagged, pushed by digest on the
 *   docker-container driver; on the docker driver (which cannot push by digest) pushed under a
 *   per-platform tag `<version>-<os>-<arch>[-<variant>]`, still reported pinned by digest.
 *   Each job publishes it as a job output under a per-platform key, since matrix legs that share
 *   an output name overwrite each other.
 * - Merge job: `mode: merge`, `sources:` the image outputs (comma or newline separated), the final
 *   `tags:` (full references, or `image:` with bare tags or none for the event-derived ones, the
 *   same rules as a build), and `platforms:` (what the merged index must hold). It needs no builder, no QEMU and no
 *   daemon: only `docker buildx imagetools` and the registry.
 *
 * What the merge phases do (the executor runs them after the login):
 * 1. A job-scoped DOCKER_CONFIG (saved for the post step, which deletes it and the credentials),
 *    and a login when username is set.
 * 2. Reads every source from the registry, in parallel. An index contributes its platforms
 *    (attestation entries never count); a single image manifest contributes the platform its
 *    config declares. Platforms are normalised (linux/arm → linux/arm/v7, linux/arm64/v8 → linux/arm64).
 * 3. Guards, all reported together and before anything is pushed: a source that does not exist;
 *    a platform that two sources both provide; a requested platform no source has, or a source
 *    platform that was not requested: the merge covers exactly the platforms input.
 * 4. `docker buildx imagetools create --tag T... <sources pinned by digest>` (retried on transient
 *    registry errors). Index sources bring their manifests along, attestations included, so
 *    provenance survives. Index annotations every source agrees on (the OCI metadata of the
 *    event) are carried over, plus the user's annotations (unprefixed or index:; other levels
 *    belong to the build jobs and are left out with a warning).
 * 5. Reads the first tag back for the digest, verifies every tag (platforms, excluding
 *    attestations, and digest) unless verify is false, and sets the outputs digest, imageid,
 *    platforms, tags, version and image (`<repo>@<digest>`) and the job summary.
 *
 * The merged index must hold exactly the platforms input (default linux/amd64,linux/arm64).
 */









/** Reads a source from the registry; undefined when the registry does not have it. */
async function inspectSource(source) {
    let remote;
    try {
        remote = await inspectRemote(source.reference);
    }
    catch (error) {
        const detail = error instanceof exec/* CommandError */.Qd ? (0,exec/* lastLines */.w$)(error.result.stderr, 3) : (0,errors/* errorMessage */.gJ)(error);
        throw new errors/* ActionError */.lZ(`Could not read source ${source.reference}: ${detail}`, 'check the login (username, password, registry) and that the token may read this repository.');
    }
    if (!remote)
        return undefined;
    const digest = source.digest ?? remote.digest;
    const isIndex = remote.manifests.length > 0 || /index|manifest\.list/.test(remote.mediaType);
    // Pinned, so a tag that moves meanwhile cannot change what is merged.
    const platforms = isIndex
        ? indexPlatforms(remote)
        : ((await remotePlatforms(`${source.repository}@${digest}`)) ?? []);
    return { ...source, digest, platforms, annotations: isIndex ? remote.annotations : undefined };
}
async function createIndex(args) {
    core/* info */.pq(`docker ${args.join(' ')}`);
    try {
        await withRetry('Creating the manifest list', () => (0,exec/* run */.eF)('docker', args, { stream: true }));
    }
    catch (error) {
        if (!(error instanceof exec/* CommandError */.Qd))
            throw error;
        const output = (0,exec/* lastLines */.w$)(error.result.stderr || error.result.stdout, 20);
        throw new errors/* ActionError */.lZ(`docker buildx imagetools create failed (exit code ${error.result.exitCode}):\n${output}`, /unauthorized|denied|authentication required/i.test(output)
            ? "the registry refused: check username/password and that the token may push to every tag's repository."
            : undefined);
    }
}
/** Reads every source, in parallel, and checks that they add up to exactly the requested platforms. */
async function readSources(plan, outcome) {
    const inspected = await Promise.all(plan.sources.map(async (source) => ({ source, found: await inspectSource(source) })));
    const missing = inspected.filter(({ found }) => !found).map(({ source }) => source.reference);
    if (missing.length > 0) {
        throw new errors/* ActionError */.lZ(`Source${missing.length > 1 ? 's' : ''} not found in the registry: ${missing.join(', ')}`, 'pass the image output of each build job (repo@sha256:...), and check that the job pushed it (push-by-digest: true, push not off) to the registry this step reads.');
    }
    outcome.sources = inspected.flatMap(({ found }) => (found ? [found] : []));
    const coverage = coverSources(outcome.sources, plan.platforms);
    outcome.platforms = coverage.platforms;
    for (const source of outcome.sources)
        core/* info */.pq(`Source ${source.reference}: ${source.platforms.join(', ')}`);
    return coverage;
}
/** Tags the merged index (floating tags only forward), then reads the first tag back for its digest. */
async function mergeAndPush(plan, pinned, outcome) {
    const platformList = outcome.platforms.join(',');
    if (plan.push)
        ({ push: outcome.tags, heldBack: outcome.heldBack } = await guardFloatingTags(plan.tags));
    outcome.repository = firstRepository(outcome.tags);
    if (!plan.push || outcome.tags.length === 0) {
        const why = plan.push
            ? 'every tag was held back'
            : `push is off${plan.event.eventName.startsWith('pull_request') ? ' for pull requests' : ''}`;
        return `Sources checked (${platformList}); nothing pushed (${why})`;
    }
    await createIndex(imagetoolsCreateArgs(outcome.tags, indexAnnotations(outcome.sources, plan.annotations), pinned));
    const first = outcome.tags[0];
    const created = await inspectRemote(first);
    if (!created)
        throw new errors/* ActionError */.lZ(`${first} is not in the registry right after imagetools create pushed it`, 'the registry may be eventually consistent or rewrite manifests; try again.');
    Object.assign(outcome, { pushed: true, digest: created.digest, imageId: created.digest });
    return `Merged ${outcome.sources.length} source(s) into ${outcome.tags.join(', ')} (${platformList}) as ${created.digest}`;
}
function mergePhases(plan, job, outcome) {
    let pinned = [];
    return [
        {
            name: 'Sources',
            run: async () => {
                pinned = (await readSources(plan, outcome)).sources;
                return `${outcome.sources.length} source(s) cover ${outcome.platforms.join(',')}`;
            }
        },
        { name: 'Merge', run: () => mergeAndPush(plan, pinned, outcome) },
        {
            name: 'Checks',
            skip: () => (!outcome.pushed ? 'nothing was pushed' : undefined),
            run: () => runChecks(plan, outcome, outcome.platforms.map(toPlatform), job())
        }
    ];
}

;// CONCATENATED MODULE: ./src/steps/execute.ts
// The one executor: carries out any plan's phases in order, each inside its own log group, with
// one plain line per phase outside the groups, so the log reads as a list of what happened.







const realSeams = { checkDaemon: (host) => checkDaemon(host) };
async function runPhase(phase) {
    const skipped = phase.skip?.();
    if (skipped !== undefined) {
        core/* info */.pq(`${phase.name}: skipped (${skipped})`);
        return;
    }
    const started = performance.now();
    const line = await core/* group */.Os(phase.name, phase.run);
    core/* debug */.Yz(`timing: ${phase.name} ${Math.round(performance.now() - started)} ms`);
    core/* info */.pq(`${phase.name}: ${line}`);
}
/** Runs the plan: login, then the mode's phases; then the outputs, the summary and the verdict of the checks. */
async function execute(plan, seams = realSeams) {
    const outcome = emptyOutcome(plan);
    let job;
    const currentJob = () => {
        if (!job)
            throw new Error('a phase ran before the login phase made the job');
        return job;
    };
    const login = {
        name: 'Login',
        run: async () => {
            const prepared = await prepareJob(plan, seams.checkDaemon);
            job = prepared.job;
            return prepared.line;
        }
    };
    const phases = plan.mode === 'build' ? buildPhases(plan, currentJob, outcome) : mergePhases(plan, currentJob, outcome);
    try {
        for (const phase of [login, ...phases])
            await runPhase(phase);
    }
    catch (error) {
        writeOutputs(plan, outcome, false);
        throw error;
    }
    writeOutputs(plan, outcome);
    await writeJobSummary(plan, outcome);
    if (outcome.checks.failures.length > 0)
        throw new errors/* ActionError */.lZ(`The pushed image failed its checks:\n- ${outcome.checks.failures.join('\n- ')}`);
}

;// CONCATENATED MODULE: ./src/steps/main.ts
// The main step: read the inputs, plan, execute. Build and merge are two plans the same executor runs.










function readInputs() {
    const inputs = parseInputs((name) => core/* getInput */.V4(name));
    checkInputPaths(inputs);
    return inputs;
}
/** Tag templates and the image input need the event payload; plain tags need only the event's name. */
async function gitEvent(inputs) {
    if (inputs.images.length > 0 || inputs.tags.some((tag) => tag.includes('{{') || isRuleLine(tag)))
        return (await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(835)]).then(__webpack_require__.bind(__webpack_require__, 5835))).currentGitEvent();
    const env = process.env;
    return {
        eventName: env['GITHUB_EVENT_NAME'] ?? '',
        ref: env['GITHUB_REF'] ?? '',
        sha: env['GITHUB_SHA'] ?? '',
        createdAt: new Date().toISOString()
    };
}
/** Reads, checks and plans; masks every secret before the first line is logged. */
async function readPlan() {
    const inputs = readInputs();
    maskBuildSecrets(inputs);
    const event = await gitEvent(inputs);
    const plan = inputs.mode === 'merge' ? planMerge(inputs, event) : planBuild(inputs, event, (0,planning_platforms/* nativePlatform */.Nc)());
    for (const warning of plan.warnings)
        core/* warning */.$e(warning);
    for (const warning of plan.tags.warnings ?? [])
        core/* warning */.$e(`tags: ${warning}`);
    for (const line of describePlan(plan))
        core/* info */.pq(line);
    return plan;
}
async function runMain(seams = realSeams) {
    // First of all: from here on the runner's second call of this bundle is the post step.
    savePostState({ isPost: true });
    let plan;
    await runPhase({
        name: 'Inputs and plan',
        run: async () => {
            plan = await readPlan();
            return `${plan.mode}, ${plan.push ? 'push' : 'no push'}, ${plan.tags.references.length} tag(s), ${plan.platforms.length} platform(s)`;
        }
    });
    await execute(plan, seams);
}


/***/ })

};
