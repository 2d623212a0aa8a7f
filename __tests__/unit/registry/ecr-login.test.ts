// The ECR login kind against a loopback fake of the ECR API (the AWS SDK pointed at it with
// AWS_ENDPOINT_URL_ECR): the token for an ECR host, with the SDK's own credentials or the keys given as
// username/password, ECR Public, and AWS's refusals said plainly.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as coreFixture from '../../../__fixtures__/core.js';
import { awsEnv, startEcrApiFake, type EcrApiFake } from '../../helpers/ecr-fake.js';
import { rejectionOf } from '../../helpers/errors.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
const { ecrLogin, decodeEcrToken } = await import('../../../src/registry/login-kinds/ecr-login.js');
const { loginKindHandler } = await import('../../../src/registry/login-kinds/kind.js');
const { ActionError } = await import('../../../src/model/errors.js');

const PASSWORD = 'ecr-registry-password';
const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const saved = { ...process.env };
let fake: EcrApiFake;

function useEnv(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) process.env[name] = value;
}

beforeAll(async () => {
  fake = await startEcrApiFake(PASSWORD);
});
afterAll(() => fake.close());
beforeEach(() => {
  coreFixture.resetCoreMock();
  fake.calls.length = 0;
  fake.mode = 'token';
});
afterEach(() => {
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, saved);
});

describe('the ECR login kind', () => {
  it("is the ecr kind's handler, loaded on demand", async () => {
    expect(await loginKindHandler('ecr')).toBe(ecrLogin);
  });

  it("gets the registry's token with the SDK's own credentials, asking for the host's account", async () => {
    useEnv(awsEnv(fake, { id: 'AKIAFROMENVIRONMENT', secret: 'env-secret' }));
    const credentials = await ecrLogin.credentials({ registry: HOST, username: '', password: '', kind: 'ecr' });
    expect(credentials).toEqual({ username: 'AWS', password: PASSWORD });
    expect(fake.calls).toEqual([
      {
        target: 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
        accessKeyId: 'AKIAFROMENVIRONMENT',
        body: { registryIds: ['123456789012'] }
      }
    ]);
    const masked = coreFixture.setSecret.mock.calls.map(([value]) => value);
    expect(masked).toEqual(expect.arrayContaining([PASSWORD, Buffer.from(`AWS:${PASSWORD}`).toString('base64')]));
  });

  it('signs with the access key given as username/password, as docker/login-action does', async () => {
    useEnv(awsEnv(fake, { id: 'AKIAFROMENVIRONMENT', secret: 'env-secret' }));
    const login = { registry: HOST, username: 'AKIAGIVENASUSERNAME', password: 'given-secret', kind: 'ecr' as const };
    expect(await ecrLogin.credentials(login)).toEqual({ username: 'AWS', password: PASSWORD });
    expect(fake.calls.map((call) => call.accessKeyId)).toEqual(['AKIAGIVENASUSERNAME']);
    expect(coreFixture.setSecret).toHaveBeenCalledWith('given-secret');
  });

  it('asks the ECR Public API for public.ecr.aws', async () => {
    useEnv(awsEnv(fake, { id: 'AKIAFROMENVIRONMENT', secret: 'env-secret' }));
    const login = { registry: 'public.ecr.aws', username: '', password: '', kind: 'ecr' as const };
    expect(await ecrLogin.credentials(login)).toEqual({ username: 'AWS', password: PASSWORD });
    expect(fake.calls.map((call) => call.target)).toEqual(['SpencerFrontendService.GetAuthorizationToken']);
  });

  it.each([
    [
      'no AWS credentials',
      undefined,
      'token',
      /ECR login to .* failed: no AWS credentials were found/,
      /configure-aws-credentials/
    ],
    [
      'access denied',
      { id: 'AKIADENIED', secret: 's' },
      'access-denied',
      /failed: AWS denied access \(User: arn:aws:iam::123456789012:user\/ci is not authorized/,
      /ecr:GetAuthorizationToken/
    ],
    [
      'an expired token',
      { id: 'AKIAEXPIRED', secret: 's' },
      'expired-token',
      /failed: the AWS credentials have expired/,
      /refresh them/
    ]
  ] as const)('says plainly what went wrong: %s', async (_case, keys, mode, message, hint) => {
    useEnv(awsEnv(fake, keys));
    fake.mode = mode;
    const error = await rejectionOf(
      ActionError,
      ecrLogin.credentials({ registry: HOST, username: '', password: '', kind: 'ecr' })
    );
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(hint);
    expect(error.message).not.toContain('env-secret');
  });

  it.each([
    [Buffer.from('AWS:pw:with:colons').toString('base64'), { username: 'AWS', password: 'pw:with:colons' }],
    [Buffer.from('no-colon').toString('base64'), undefined],
    [Buffer.from('AWS:').toString('base64'), undefined]
  ])('decodes the token %s', (token, expected) => {
    if (expected) expect(decodeEcrToken(token, HOST)).toEqual(expected);
    else expect(() => decodeEcrToken(token, HOST)).toThrow(/not "user:password" in base64/);
  });
});
