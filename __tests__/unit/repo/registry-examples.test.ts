// The login examples of docs/registries.md (ECR, GAR, ACR, several registries) are what the action
// takes: each step's `with:` block, with its workflow expressions filled in as the runner would,
// parses into the inputs and plans the logins the prose says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { actionExamples } from '../../helpers/doc-examples.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { planLogins } from '../../../src/planning/plan-job.js';

const guide = readFileSync('docs/registries.md', 'utf8');

/** Every ${{ … }} as the runner fills it: a value, never empty (secrets are set on a push). */
const filled = (inputs: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, 'value-of-$1')])
  );

describe('the login examples of docs/registries.md', () => {
  const byHeading = new Map(actionExamples(guide).map((example) => [example.heading, example.inputs]));

  it.each([
    ['Amazon ECR', [{ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', kind: 'ecr', username: '' }]],
    [
      'Google Artifact Registry',
      [{ registry: 'europe-docker.pkg.dev', kind: 'password', username: 'oauth2accesstoken' }]
    ],
    [
      'Azure Container Registry',
      [{ registry: 'acme.azurecr.io', kind: 'password', username: '00000000-0000-0000-0000-000000000000' }]
    ],
    [
      'Several registries',
      [
        { registry: 'docker.io', kind: 'password', username: 'value-of-vars.DOCKERHUB_USERNAME' },
        { registry: 'ghcr.io', kind: 'password', username: 'value-of-github.actor' }
      ]
    ]
  ])('%s: the step plans the logins the guide describes', (heading, logins) => {
    const inputs = byHeading.get(heading);
    expect(inputs).toBeDefined();
    const parsed = parseInputs(runnerReader(filled(inputs ?? {})));
    const planned = planLogins(parsed, [], true).logins;
    expect(planned.map(({ registry, kind, username }) => ({ registry, kind: kind ?? 'password', username }))).toEqual(
      logins
    );
    for (const login of planned) if (login.kind !== 'ecr') expect(login.password).toMatch(/^value-of-/);
  });
});
