export const id = 835;
export const ids = [835];
export const modules = {

/***/ 5835:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   currentGitEvent: () => (/* binding */ currentGitEvent),
/* harmony export */   gitEventFrom: () => (/* binding */ gitEventFrom)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);

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
    const repositoryUrl = payload.repository?.html_url ?? (runner.repository ? `${runner.serverUrl}/${runner.repository}` : undefined);
    const isPullRequest = runner.eventName.startsWith('pull_request');
    const prNumber = payload.pull_request?.number ?? (isPullRequest ? payload.number : undefined);
    const event = {
        eventName: runner.eventName,
        ref: runner.ref,
        sha: runner.sha,
        createdAt: now.toISOString()
    };
    const optional = {
        defaultBranch: payload.repository?.default_branch,
        prNumber,
        releaseTag: payload.release?.tag_name,
        repositoryUrl,
        repositoryName: payload.repository?.name ?? runner.repository.split('/')[1],
        baseRef: payload.pull_request?.base?.ref ?? payload.base_ref?.replace(/^refs\/heads\//, ''),
        headRef: payload.pull_request?.head?.ref,
        schedule: payload.schedule,
        commitDate: commitDateOf(payload, runner.sha)
    };
    for (const [key, value] of Object.entries(optional)) {
        if (value !== undefined && value !== '')
            Object.assign(event, { [key]: value });
    }
    return event;
}
/** The event that triggered the job, from the runner's environment and event payload. */
function currentGitEvent(now = new Date()) {
    return gitEventFrom({
        eventName: _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.eventName ?? '',
        ref: _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.ref ?? '',
        sha: _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.sha ?? '',
        serverUrl: _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.serverUrl,
        repository: process.env['GITHUB_REPOSITORY'] ?? '',
        payload: _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.payload
    }, now);
}


/***/ })

};
