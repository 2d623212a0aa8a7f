// loginToRegistries with each kind: the password as given, and ECR's token (its module stood in for
// here; its own tests run it against the ECR API fake) handed to docker login on stdin, the ECR
// module loaded only for an ECR login; and a kind added by this test alone, through the login
// interface and one registration line on each side (planning's rules, the login itself).
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { registerLoginKindRules, type RegistryLogin } from '../../../src/model/login.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { planBuild } from '../../../src/planning/build-plan.js';
import { describePlan, planLogins } from '../../../src/planning/plan-job.js';
import { event, inputsOf } from '../../helpers/plans.js';
import { tagTargets } from '../../helpers/tag-plans.js';

let ecrModuleLoads = 0;
const ecrCredentials = jest.fn<(login: RegistryLogin) => Promise<{ username: string; password: string }>>();
jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
jest.unstable_mockModule('../../../src/registry/login-kinds/ecr-login.js', () => {
  ecrModuleLoads += 1;
  return { ecrLogin: { credentials: ecrCredentials, describe: () => 'with a token from AWS ECR' } };
});
const { loginToRegistries } = await import('../../../src/registry/registry-login.js');
const { MissingLoginSecret } = await import('../../../src/registry/login-kinds/handler.js');
const { registerLoginKind } = await import('../../../src/registry/login-kinds/kind.js');

describe('loginToRegistries, one kind at a time', () => {
  beforeEach(() => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
    execFixture.run.mockResolvedValue(execFixture.ok('Login Succeeded'));
    ecrCredentials.mockReset();
  });

  it('never loads the ECR kind for password logins', async () => {
    const made = await loginToRegistries([{ registry: 'ghcr.io', username: 'octocat', password: 'pw' }]);
    expect(made).toEqual([{ registry: 'ghcr.io', username: 'octocat', password: 'pw', how: 'as octocat' }]);
    expect(ecrModuleLoads).toBe(0);
  });

  it("logs in to an ECR registry with the kind's token, through stdin, and returns it for the session", async () => {
    ecrCredentials.mockResolvedValue({ username: 'AWS', password: 'ecr-token-password' });
    const ecr = { registry: 'public.ecr.aws', username: '', password: '', kind: 'ecr' as const };
    const made = await loginToRegistries([ecr, { registry: 'ghcr.io', username: 'octocat', password: 'pw' }]);
    expect(ecrCredentials).toHaveBeenCalledWith(ecr);
    expect(made.map(({ registry, username, password }) => [registry, username, password])).toEqual([
      ['public.ecr.aws', 'AWS', 'ecr-token-password'],
      ['ghcr.io', 'octocat', 'pw']
    ]);
    const logins = execFixture.run.mock.calls.map(([, args, options]) => [args.join(' '), options?.input]);
    expect(logins).toEqual([
      ['login public.ecr.aws --username AWS --password-stdin', 'ecr-token-password'],
      ['login ghcr.io --username octocat --password-stdin', 'pw']
    ]);
    expect(ecrModuleLoads).toBe(1);
    expect(execFixture.commandLines().join('\n')).not.toContain('ecr-token-password');
  });

  it('leaves out a login whose secret is missing when told to (a run that writes nowhere), else fails', async () => {
    ecrCredentials.mockRejectedValue(
      new MissingLoginSecret('no creds', 'configure them', 'no AWS credentials were found')
    );
    const ecr = { registry: 'public.ecr.aws', username: '', password: '', kind: 'ecr' as const };
    const left: string[] = [];
    const made = await loginToRegistries([ecr, { registry: 'ghcr.io', username: 'octocat', password: 'pw' }], {
      onMissingSecret: ({ registry }, missing) => void left.push(`${registry}: ${missing}`)
    });
    expect(left).toEqual(['public.ecr.aws: no AWS credentials were found']);
    expect(made.map(({ registry }) => registry)).toEqual(['ghcr.io']);
    await expect(loginToRegistries([ecr])).rejects.toThrow('no creds');
  });
});

describe('a login kind added in one module, registered with one line', () => {
  // A kind that needs no keys: it finds its token itself, as ECR does with AWS's credential chain.
  const vault = {
    credentials: (login: RegistryLogin) =>
      Promise.resolve({ username: 'vault-user', password: `vault-token-for-${login.registry}` }),
    describe: () => 'with a token from the fake vault'
  };
  registerLoginKindRules('vault', { keyless: true, label: (registry) => `the vault at ${registry}` });
  registerLoginKind('vault', () => Promise.resolve(vault));

  beforeEach(() => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
    execFixture.run.mockResolvedValue(execFixture.ok('Login Succeeded'));
  });

  it('is planned by its rules and logs in through its module', async () => {
    const login = { registry: 'registry.example.com', username: '', password: '', kind: 'vault' };
    // Planning: no keys, yet planned (a password login without them is refused), and named by its rules.
    const inputs = { registry: '', username: '', password: '', ecr: 'auto' as const, registryAuth: [login] };
    expect(planLogins(inputs, tagTargets(['registry.example.com/acme/app:1']))).toEqual({
      logins: [login],
      skipped: []
    });
    const password = { ...login, kind: 'password' };
    expect(() => planLogins({ ...inputs, registryAuth: [password] }, [])).toThrow('has no username');
    const plan = planBuild(
      inputsOf({ tags: 'registry.example.com/acme/app:1' }),
      event(),
      parsePlatform('linux/amd64')
    );
    plan.job.logins = [login];
    expect(describePlan(plan).join('\n')).toContain('login: the vault at registry.example.com');
    // The login: the module's credentials go to docker login on stdin, and its words to the log.
    const made = await loginToRegistries([login]);
    expect(made).toEqual([
      {
        registry: 'registry.example.com',
        username: 'vault-user',
        password: 'vault-token-for-registry.example.com',
        how: 'with a token from the fake vault'
      }
    ]);
    expect(execFixture.run.mock.calls.map(([, args, options]) => [args.join(' '), options?.input])).toEqual([
      ['login registry.example.com --username vault-user --password-stdin', 'vault-token-for-registry.example.com']
    ]);
  });

  it('an unregistered kind is refused by name before any command runs', async () => {
    await expect(
      loginToRegistries([{ registry: 'r.example', username: '', password: '', kind: 'nope' }])
    ).rejects.toThrow("no login kind 'nope' (known: password, ecr, vault)");
    expect(execFixture.run).not.toHaveBeenCalled();
  });
});
