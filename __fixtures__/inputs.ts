// Inputs as the Actions runner hands them to the action: what the step's with: gives, else action.yml's default.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

/** Every input action.yml declares, with its default ('' when it has none). */
export const actionDefaults: ReadonlyMap<string, string> = new Map(
  Object.entries((parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as ActionYml).inputs).map(
    ([name, input]) => [name, String(input.default ?? '')]
  )
);

/** A reader like the runner's: the given values, and action.yml's defaults for every input left out. */
export function runnerReader(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? actionDefaults.get(name) ?? '';
}
