// The login examples of docs/registries.md (ECR, GAR, ACR, several registries) are what the action
// takes: each step's `with:` block, with its workflow expressions filled in as the runner would,
// parses into the inputs and plans the logins the prose says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { planLogins } from '../../../src/planning/plan-job.js';

const guide = readFileSync('docs/registries.md', 'utf8');

/** The `with:` of every step of this action in the guide's YAML examples, under the heading above it. */
function examples(): { heading: string; inputs: Record<string, string> }[] {
  const found: { heading: string; inputs: Record<string, string> }[] = [];
  let heading = '';
  for (const part of guide.split(/^```/m).map((text, index) => ({ text, index }))) {
    if (part.index % 2 === 0) {
      heading = [...part.text.matchAll(/^#+ (.+)$/gm)].pop()?.[1] ?? heading;
      continue;
    }
    if (!part.text.startsWith('yaml\n')) continue;
    const document = parse(part.text.slice('yaml\n'.length)) as unknown;
    const steps = (Array.isArray(document) ? document : ((document as { steps?: unknown[] }).steps ?? [])) as {
      uses?: string;
      with?: Record<string, unknown>;
    }[];
    for (const step of steps)
      if (step.uses?.startsWith('acme/multiarch-build-push@'))
        found.push({
          heading,
          inputs: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]))
        });
  }
  return found;
}

/** Every ${{ … }} as the runner fills it: a value, never empty (secrets are set on a push). */
const filled = (inputs: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, 'value-of-$1')])
  );

describe('the login examples of docs/registries.md', () => {
  const byHeading = new Map(examples().map((example) => [example.heading, example.inputs]));

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
