// The ECR kind: a registry token from AWS's ECR API (GetAuthorizationToken), with the AWS SDK's own
// credential chain (environment, web identity/OIDC as aws-actions/configure-aws-credentials sets it,
// profiles) or, as docker/login-action takes them, an access key id and secret as username and
// password. The SDK honours AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL_ECR_PUBLIC like any AWS tool.
// This module, and the SDK with it, is loaded only when a plan has an ECR login.
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import {
  ECRPUBLICClient,
  GetAuthorizationTokenCommand as GetPublicAuthorizationTokenCommand
} from '@aws-sdk/client-ecr-public';
import { ecrHost, type EcrHost } from '../../model/ecr.js';
import { ActionError, errorMessage } from '../../model/errors.js';
import type { Credentials, RegistryLogin } from '../../model/login.js';
import * as core from '../../seams/runner.js';
import { MissingLoginSecret, type LoginKindHandler } from './handler.js';

const userAgent = 'multiarch-build-push';

/** The token AWS hands out: base64 of "AWS:<password>". */
export function decodeEcrToken(token: string, registry: string): Credentials {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1)
    throw new ActionError(`ECR login to ${registry}: AWS answered with a token that is not "user:password" in base64.`);
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** What an SDK failure means for the user, by the error's name (AWS's error code). */
export function explainEcrFailure(registry: string, error: unknown): ActionError {
  const name = error instanceof Error ? error.name : '';
  const detail = errorMessage(error).split('\n')[0] ?? '';
  const failed = `ECR login to ${registry} failed`;
  if (name === 'CredentialsProviderError')
    return new MissingLoginSecret(
      `${failed}: no AWS credentials were found (${detail}).`,
      'run aws-actions/configure-aws-credentials before this step (OIDC: permissions id-token: write), or give username and password as an AWS access key id and secret access key.',
      'no AWS credentials were found'
    );
  if (name === 'AccessDeniedException' || name === 'AccessDenied')
    return new ActionError(
      `${failed}: AWS denied access (${detail}).`,
      'the AWS identity needs ecr:GetAuthorizationToken (ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken for public.ecr.aws), and push rights on the repositories.'
    );
  if (/Expired/i.test(name) || /expired/i.test(detail))
    return new ActionError(
      `${failed}: the AWS credentials have expired (${detail}).`,
      'refresh them: run aws-actions/configure-aws-credentials in this job, with a role-duration-seconds that covers the build.'
    );
  if (/region is missing/i.test(detail))
    return new ActionError(
      `${failed}: no AWS region (${detail}).`,
      'set AWS_REGION (aws-actions/configure-aws-credentials does), or use the registry host <account>.dkr.ecr.<region>.amazonaws.com.'
    );
  return new ActionError(`${failed}: AWS answered ${name || 'an error'}: ${detail}`);
}

async function fetchToken(host: EcrHost, keys: Credentials | undefined): Promise<string | undefined> {
  const credentials = keys ? { accessKeyId: keys.username, secretAccessKey: keys.password } : undefined;
  const options = {
    customUserAgent: userAgent,
    ...(host.region ? { region: host.region } : {}),
    ...(credentials ? { credentials } : {})
  };
  if (host.public) {
    const answer = await new ECRPUBLICClient(options).send(new GetPublicAuthorizationTokenCommand({}));
    return answer.authorizationData?.authorizationToken;
  }
  const request = host.accountId ? { registryIds: [host.accountId] } : {};
  const answer = await new ECRClient(options).send(new GetAuthorizationTokenCommand(request));
  return answer.authorizationData?.[0]?.authorizationToken;
}

export const ecrLogin: LoginKindHandler = {
  async credentials(login: RegistryLogin): Promise<Credentials> {
    // ecr: true on another host (a VPC endpoint, a proxy): the region comes from the environment.
    const host = ecrHost(login.registry) ?? { public: false, region: '' };
    const keys = login.username && login.password ? { username: login.username, password: login.password } : undefined;
    if (keys) core.setSecret(keys.password);
    let token: string | undefined;
    try {
      token = await fetchToken(host, keys);
    } catch (error) {
      throw explainEcrFailure(login.registry, error);
    }
    if (!token) throw new ActionError(`ECR login to ${login.registry}: AWS answered without an authorization token.`);
    core.setSecret(token);
    const credentials = decodeEcrToken(token, login.registry);
    core.setSecret(credentials.password);
    return credentials;
  },
  describe: (login: RegistryLogin) =>
    `with a token from AWS ECR (${login.username ? 'the given access key' : "the AWS SDK's credentials"})`
};
