// The registry-auth input (parseRegistryAuth), and the logins planned from it beside registry,
// username and password (planLogins).
import { describe, expect, it } from '@jest/globals';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { InputError } from '../../../src/model/errors.js';
import { parseInputs } from '../../../src/planning/inputs.js';
import { planLogins } from '../../../src/planning/plan.js';
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
      `- registry: ghcr.io\n  username: a\n  password: ${SECRET}\n  ecr: auto\n`,
      /entry 1: has the unknown field 'ecr'/
    ],
    [`- registry: ghcr.io\n  password: ${SECRET}\n`, /entry 1: \(registry ghcr.io\) has no username/],
    [
      `- registry: ghcr.io\n  username: a\n  password: ""\n`,
      /entry 1: \(registry ghcr.io\) has no password; an empty value usually means a secret or expression that is not set/
    ],
    [`- registry: ghcr.io\n  username: a\n`, /has no password/],
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
    expect(planLogins(inputs, ['127.0.0.1:5001/a/app:1'])).toEqual([
      { registry: '127.0.0.1:5001', username: 'octocat', password: 'first' },
      { registry: '127.0.0.1:5002', username: 'bob', password: SECRET }
    ]);
  });

  it('refuses the same registry in registry-auth and in username/password', () => {
    const registryAuth = [{ registry: 'docker.io', username: 'b', password: SECRET }];
    expect(() =>
      planLogins({ registry: 'index.docker.io', username: 'a', password: 'p', registryAuth }, ['ghcr.io/a/b:1'])
    ).toThrow(/username\/password already log in to index.docker.io/);
  });
});
