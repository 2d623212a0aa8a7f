// The registry-auth input (parseRegistryAuth), and the logins planned from it beside registry,
// username and password (planLogins).
import { tagTargets } from '../../helpers/tag-plans.js';
import { describe, expect, it } from '@jest/globals';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { InputError } from '../../../src/model/errors.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { planLogins } from '../../../src/planning/plan-job.js';
import { parseRegistryAuth } from '../../../src/planning/registry-auth.js';
import { errorOf } from '../../helpers/errors.js';

const SECRET = 's3cret-never-shown';

describe('registry-auth', () => {
  it.each([
    ['', []],
    [
      `- registry: ghcr.io\n  username: octocat\n  password: ${SECRET}\n- username: hubuser\n  password: "0123"\n`,
      [
        { registry: 'ghcr.io', username: 'octocat', password: SECRET },
        { registry: 'docker.io', username: 'hubuser', password: '0123' }
      ]
    ],
    [
      `[{registry: "127.0.0.1:5002", username: u, password: "${SECRET} with spaces "}]`,
      [{ registry: '127.0.0.1:5002', username: 'u', password: `${SECRET} with spaces ` }]
    ]
  ])('parses %j', (raw, expected) => {
    expect(parseRegistryAuth(raw)).toEqual(expected);
  });

  it.each([
    [`- registry: ghcr.io\n  username: a\n  password: [${SECRET}\n`, /it is not valid YAML at line \d+, column \d+/],
    [`registry: ghcr.io\nusername: a\npassword: ${SECRET}\n`, /it is not a YAML list/],
    [`- ghcr.io ${SECRET}\n`, /entry 1: is not a mapping of registry, username, password/],
    [
      `- registry: ghcr.io\n  username: a\n  password: ${SECRET}\n  region: eu-west-1\n`,
      /entry 1: has the unknown field 'region'; an entry takes registry, username, password and ecr/
    ],
    [
      `- registry: ghcr.io\n  username: a\n  password: ${SECRET}\n  ecr: maybe\n`,
      /entry 1: ecr is 'maybe'; it takes auto, true or false/
    ],
    [`- registry: ghcr.io\n  password: ${SECRET}\n`, /entry 1: \(registry ghcr.io\) has no username/],
    [`- registry: ghcr.io\n  username: a\n  password: 1234\n`, /entry 1: password is a YAML number; quote it/],
    [`- registry: not a host\n  username: a\n  password: ${SECRET}\n`, /registry 'not a host' is not a registry host/],
    [`- registry: acme\n  username: a\n  password: ${SECRET}\n`, /registry 'acme' is not a registry host/],
    [
      `- registry: ghcr.io\n  username: a\n  password: ${SECRET}\n- registry: GHCR.io\n  username: b\n  password: x\n`,
      /entries 1 and 2 both log in to GHCR.io/
    ],
    [
      `- username: a\n  password: ${SECRET}\n- registry: index.docker.io\n  username: b\n  password: x\n`,
      /entries 1 and 2 both log in to index.docker.io/
    ]
  ])('refuses %j naming the entry, never the password', (raw, message) => {
    const error = errorOf(InputError, () => parseRegistryAuth(raw));
    expect(error.message).toMatch(message);
    expect(error.message).toContain("Input 'registry-auth'");
    expect(error.message).not.toContain(SECRET);
  });

  it('is composed into the inputs beside registry, username and password', () => {
    const raw: Record<string, string> = {
      username: 'octocat',
      password: 'first',
      'registry-auth': `- registry: 127.0.0.1:5002\n  username: bob\n  password: ${SECRET}\n`
    };
    const inputs = parseInputs(runnerReader(raw));
    expect(inputs.registryAuth).toEqual([{ registry: '127.0.0.1:5002', username: 'bob', password: SECRET }]);
    expect(planLogins(inputs, tagTargets(['127.0.0.1:5001/a/app:1'])).logins).toEqual([
      { registry: '127.0.0.1:5001', username: 'octocat', password: 'first' },
      { registry: '127.0.0.1:5002', username: 'bob', password: SECRET }
    ]);
  });

  it('refuses the same registry in registry-auth and in username/password', () => {
    const registryAuth = [{ registry: 'docker.io', username: 'b', password: SECRET }];
    expect(() =>
      planLogins(
        { registry: 'index.docker.io', username: 'a', password: 'p', registryAuth, ecr: 'auto' },
        tagTargets(['ghcr.io/a/b:1'])
      )
    ).toThrow(/username\/password already log in to index.docker.io/);
  });
});

// docker/login-action's README, as a user copies it (registry-auth), with and without its scope field;
// docker/github-builder hands its registry-auths secret to login-action as is.
const loginActionBlock = `- username: \${{ vars.DOCKERHUB_USERNAME }}
  password: \${{ secrets.DOCKERHUB_TOKEN }}
- registry: ghcr.io
  username: \${{ github.actor }}
  password: \${{ secrets.GITHUB_TOKEN }}
`
  .replace(/\$\{\{ vars\.DOCKERHUB_USERNAME \}\}/, 'hubuser')
  .replace(/\$\{\{ secrets\.DOCKERHUB_TOKEN \}\}/, SECRET)
  .replace(/\$\{\{ github\.actor \}\}/, 'octocat')
  .replace(/\$\{\{ secrets\.GITHUB_TOKEN \}\}/, 'ghs_token');

describe('registry-auth copied from docker/login-action and docker/github-builder', () => {
  it("takes login-action's README block as it is", () => {
    expect(parseRegistryAuth(loginActionBlock)).toEqual([
      { registry: 'docker.io', username: 'hubuser', password: SECRET },
      { registry: 'ghcr.io', username: 'octocat', password: 'ghs_token' }
    ]);
  });

  it("refuses login-action's scope by name, saying what to do instead", () => {
    const scoped = loginActionBlock.replace(
      '- registry: ghcr.io\n',
      "- registry: ghcr.io\n  scope: 'myorg/myimage@push'\n"
    );
    const error = errorOf(InputError, () => parseRegistryAuth(scoped));
    expect(error.message).toMatch(/entry 2: has login-action's field 'scope', which this action does not take/);
    expect(error.message).toMatch(/Remove the scope line/);
    expect(error.message).not.toMatch(/unknown field/);
    expect(error.message).not.toContain(SECRET);
  });

  it.each([
    ['- registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com\n', 'ecr', '', ''],
    [
      '- registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com\n  ecr: false\n  username: AWS\n  password: t\n',
      'password',
      'AWS',
      't'
    ],
    ['- registry: public.ecr.aws\n  username: AKIAEXAMPLE\n  password: s\n', 'ecr', 'AKIAEXAMPLE', 's'],
    ['- registry: 127.0.0.1:5001\n  ecr: true\n', 'ecr', '', ''],
    ['- registry: 127.0.0.1:5001\n  ecr: "true"\n', 'ecr', '', ''],
    ['- registry: ghcr.io\n  ecr: auto\n  username: u\n  password: p\n', 'password', 'u', 'p']
  ])('reads ecr as login-action does: %j is a %s login', (raw, kind, username, password) => {
    const [login] = parseRegistryAuth(raw);
    expect(login?.kind ?? 'password').toBe(kind);
    expect([login?.username, login?.password]).toEqual([username, password]);
  });
});

describe('logins with an empty password', () => {
  const planned = (values: Record<string, string>, writes: boolean) =>
    planLogins(parseInputs(runnerReader(values)), tagTargets(['ghcr.io/acme/app:1']), writes);

  it.each([
    [{ username: 'octocat' }, [{ registry: 'ghcr.io', secret: 'password' }]],
    [
      { 'registry-auth': '- registry: ghcr.io\n  username: a\n  password: ""\n- registry: quay.io\n  username: b\n' },
      [
        { registry: 'ghcr.io', secret: 'password of registry-auth entry 1' },
        { registry: 'quay.io', secret: 'password of registry-auth entry 2' }
      ]
    ],
    [
      { 'registry-auth': `- registry: 127.0.0.1:5002\n  username: a\n  password: ${SECRET}\n- registry: ghcr.io\n` },
      [{ registry: 'ghcr.io', secret: 'password of registry-auth entry 2' }]
    ],
    [
      { 'registry-auth': '- registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com\n  username: AKIAEXAMPLE\n' },
      [{ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', secret: 'password of registry-auth entry 1' }]
    ]
  ])('are left out of a run that writes nowhere: %j', (values, skipped) => {
    const { logins, skipped: left } = planned(values, false);
    expect(left).toEqual(skipped);
    for (const { registry } of skipped) expect(logins.map((login) => login.registry)).not.toContain(registry);
  });

  it.each([
    [
      { username: 'octocat' },
      /Input 'password' has an invalid value \(empty\) \(username is set but password is empty\)/
    ],
    [
      { 'registry-auth': '- registry: ghcr.io\n  username: a\n  password: ""\n' },
      /entry 1: \(registry ghcr.io\) has no password; an empty value usually means a secret or expression that is not set/
    ],
    [{ 'registry-auth': '- registry: ghcr.io\n  username: a\n' }, /entry 1: \(registry ghcr.io\) has no password/],
    [{ 'registry-auth': '- registry: ghcr.io\n' }, /entry 1: \(registry ghcr.io\) has no username/],
    [
      { 'registry-auth': '- registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com\n  username: AKIAEXAMPLE\n' },
      /has no password \(for ECR: the AWS secret access key\)/
    ]
  ])('are refused, naming the input, by a run that writes: %j', (values, message) => {
    expect(errorOf(InputError, () => planned(values, true)).message).toMatch(message);
  });

  it('keeps an ECR login with neither keys on any run: the AWS SDK finds its own credentials', () => {
    const values = { 'registry-auth': '- registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com\n' };
    for (const writes of [true, false])
      expect(planned(values, writes)).toEqual({
        logins: [{ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', username: '', password: '', kind: 'ecr' }],
        skipped: []
      });
  });

  it.each([
    [{ registry: 'public.ecr.aws' }, [{ registry: 'public.ecr.aws', username: '', password: '', kind: 'ecr' }]],
    [{ ecr: 'true' }, [{ registry: 'ghcr.io', username: '', password: '', kind: 'ecr' }]],
    [{}, []],
    [{ registry: 'public.ecr.aws', ecr: 'false' }, []]
  ])('plans the registry input as ECR with ecr: auto/true, without username: %j', (values, logins) => {
    expect(planned(values, true).logins).toEqual(logins);
  });
});
