export const id = 557;
export const ids = [557];
export const modules = {

/***/ 6557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   decodeEcrToken: () => (/* binding */ decodeEcrToken),
/* harmony export */   ecrLogin: () => (/* binding */ ecrLogin),
/* harmony export */   explainEcrFailure: () => (/* binding */ explainEcrFailure)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8249);
/* harmony import */ var _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9821);
/* harmony import */ var _model_ecr_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7787);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7206);
/* harmony import */ var _seams_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2305);
/* harmony import */ var _handler_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1475);
// The ECR kind: a registry token from AWS's ECR API (GetAuthorizationToken), with the AWS SDK's own
// credential chain (environment, web identity/OIDC as aws-actions/configure-aws-credentials sets it,
// profiles) or, as docker/login-action takes them, an access key id and secret as username and
// password. The SDK honours AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL_ECR_PUBLIC like any AWS tool.
// This module, and the SDK with it, is loaded only when a plan has an ECR login.






const userAgent = 'multiarch-build-push';
/** The token AWS hands out: base64 of "AWS:<password>". */
function decodeEcrToken(token, registry) {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon === decoded.length - 1)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`ECR login to ${registry}: AWS answered with a token that is not "user:password" in base64.`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
/** What an SDK failure means for the user, by the error's name (AWS's error code). */
function explainEcrFailure(registry, error) {
    const name = error instanceof Error ? error.name : '';
    const detail = (0,_model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error).split('\n')[0] ?? '';
    const failed = `ECR login to ${registry} failed`;
    if (name === 'CredentialsProviderError')
        return new _handler_js__WEBPACK_IMPORTED_MODULE_3__/* .MissingLoginSecret */ .e(`${failed}: no AWS credentials were found (${detail}).`, 'run aws-actions/configure-aws-credentials before this step (OIDC: permissions id-token: write), or give username and password as an AWS access key id and secret access key.', 'no AWS credentials were found');
    if (name === 'AccessDeniedException' || name === 'AccessDenied')
        return new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${failed}: AWS denied access (${detail}).`, 'the AWS identity needs ecr:GetAuthorizationToken (ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken for public.ecr.aws), and push rights on the repositories.');
    if (/Expired/i.test(name) || /expired/i.test(detail))
        return new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${failed}: the AWS credentials have expired (${detail}).`, 'refresh them: run aws-actions/configure-aws-credentials in this job, with a role-duration-seconds that covers the build.');
    if (/region is missing/i.test(detail))
        return new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${failed}: no AWS region (${detail}).`, 'set AWS_REGION (aws-actions/configure-aws-credentials does), or use the registry host <account>.dkr.ecr.<region>.amazonaws.com.');
    return new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${failed}: AWS answered ${name || 'an error'}: ${detail}`);
}
async function fetchToken(host, keys) {
    const credentials = keys ? { accessKeyId: keys.username, secretAccessKey: keys.password } : undefined;
    const options = {
        customUserAgent: userAgent,
        ...(host.region ? { region: host.region } : {}),
        ...(credentials ? { credentials } : {})
    };
    if (host.public) {
        const answer = await new _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_4__/* .ECRPUBLICClient */ .Rr(options).send(new _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_4__/* .GetAuthorizationTokenCommand */ .Eu({}));
        return answer.authorizationData?.authorizationToken;
    }
    const request = host.accountId ? { registryIds: [host.accountId] } : {};
    const answer = await new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_5__/* .ECRClient */ .S70(options).send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_5__/* .GetAuthorizationTokenCommand */ .Eu6(request));
    return answer.authorizationData?.[0]?.authorizationToken;
}
const ecrLogin = {
    async credentials(login) {
        // ecr: true on another host (a VPC endpoint, a proxy): the region comes from the environment.
        const host = (0,_model_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .ecrHost */ .F)(login.registry) ?? { public: false, region: '' };
        const keys = login.username && login.password ? { username: login.username, password: login.password } : undefined;
        if (keys)
            _seams_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(keys.password);
        let token;
        try {
            token = await fetchToken(host, keys);
        }
        catch (error) {
            throw explainEcrFailure(login.registry, error);
        }
        if (!token)
            throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`ECR login to ${login.registry}: AWS answered without an authorization token.`);
        _seams_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(token);
        const credentials = decodeEcrToken(token, login.registry);
        _seams_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .setSecret */ .Pq(credentials.password);
        return credentials;
    },
    describe: (login) => `with a token from AWS ECR (${login.username ? 'the given access key' : "the AWS SDK's credentials"})`
};


/***/ })

};
