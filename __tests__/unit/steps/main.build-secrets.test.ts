// The main step with every kind of build secret: each value is masked before the first command,
// reaches the build through its environment or a file, and never shows on argv or in the printed command.
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { runMain } = await import('../../../src/steps/main.js');
const { formatPlatform, nativePlatform } = await import('../../../src/model/platforms.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-build-secrets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const context = mkdtempSync(path.join(root, 'context-'));
writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY app /app\n');
const certFile = path.join(root, 'cert.pem');
const certificate =
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0ert\nZXJ0aWZpY2F0ZS1saW5lLTI=\n-----END CERTIFICATE-----\n';
writeFileSync(certFile, certificate);

const values = {
  password: 'pa55-word-value',
  secret: 'npm-secret-value',
  envSecret: 'env-secret-value\nsecond-line-of-it',
  buildArg: 'build-arg-secret-value',
  s3: 's3-secret-access-key',
  gha: 'gha-runtime-token-value',
  azblob: 'azblob-account-key-value'
};

const inputs = {
  context,
  platforms: formatPlatform(nativePlatform()),
  tags: 'ghcr.io/acme/app:1.0',
  username: 'octocat',
  password: values.password,
  driver: 'docker',
  endpoint: 'tcp://127.0.0.1:2375',
  qemu: 'false',
  verify: 'false',
  'arch-audit': 'off',
  // The build command is what carries the secrets; the push (HTTP, from the process) has its own tests.
  push: 'false',
  secrets: `NPM=${values.secret}`,
  'secret-files': `CERT=${certFile}`,
  'secret-envs': 'SIGNING=MAB_UNIT_SIGNING_KEY',
  'build-args': `API_TOKEN=${values.buildArg}\nVERSION=1.0`,
  'cache-from': `type=gha,token=${values.gha}\ntype=azblob,account_url=https://a.blob.core.windows.net,secret_access_key=${values.azblob}`,
  'cache-to': `type=s3,bucket=b,region=r,access_key_id=AKIAEXAMPLE,secret_access_key=${values.s3}`
};

beforeEach(() => {
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  coreFixture.setInputs(inputs);
  process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'temp-'));
  process.env['GITHUB_EVENT_NAME'] = 'push';
  process.env['MAB_UNIT_SIGNING_KEY'] = values.envSecret;
  delete process.env['GITHUB_STEP_SUMMARY'];
});

const everyValue = (): string[] => [
  ...Object.values(values),
  ...values.envSecret.split('\n'),
  ...certificate.split('\n').filter((line) => line.length >= 8)
];

describe('build secrets in the main step', () => {
  it('masks every value before the first command runs', async () => {
    await runMain();
    const firstCommand = Math.min(...execFixture.run.mock.invocationCallOrder);
    for (const value of everyValue()) {
      const call = coreFixture.setSecret.mock.calls.findIndex(([masked]) => masked === value);
      expect({ value, masked: call >= 0 }).toEqual({ value, masked: true });
      expect(coreFixture.setSecret.mock.invocationCallOrder[call]).toBeLessThan(firstCommand);
    }
  });

  it('keeps every value off argv and out of the printed command, and hands them over in the environment', async () => {
    await runMain();
    const argv = execFixture.commandLines().join('\n');
    const printed = coreFixture.info.mock.calls.map(([line]) => line).join('\n');
    for (const value of everyValue().filter((value) => value !== values.azblob)) {
      expect(argv).not.toContain(value);
      expect(printed).not.toContain(value);
    }
    // buildx reads no variable for an azblob key: it stays on argv, masked, and redacted where printed.
    expect(argv).toContain(`secret_access_key=${values.azblob}`);
    expect(printed).toContain('secret_access_key=***');
    expect(printed).not.toContain(values.azblob);
    const buildIndex = execFixture.commandLines().findIndex((line) => line.includes(' build '));
    expect(execFixture.runOptions()[buildIndex]?.env).toEqual({
      MAB_BUILD_SECRET_0: values.secret,
      API_TOKEN: values.buildArg,
      ACTIONS_RUNTIME_TOKEN: values.gha,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: values.s3,
      AWS_SESSION_TOKEN: ''
    });
  });

  it('a secret-looking build arg filled from a template is masked as filled, before the first command', async () => {
    process.env['GITHUB_SHA'] = '0123456789abcdef0123456789abcdef01234567';
    try {
      coreFixture.setInputs({ ...inputs, 'build-args': `API_TOKEN=${values.buildArg}-{{sha}}` });
      await runMain();
      const filled = `${values.buildArg}-0123456`;
      const call = coreFixture.setSecret.mock.calls.findIndex(([masked]) => masked === filled);
      expect(call).toBeGreaterThanOrEqual(0);
      expect(coreFixture.setSecret.mock.invocationCallOrder[call]).toBeLessThan(
        Math.min(...execFixture.run.mock.invocationCallOrder)
      );
      expect(coreFixture.info.mock.calls.map(([line]) => line).join('\n')).not.toContain(filled);
    } finally {
      delete process.env['GITHUB_SHA'];
    }
  });
});
