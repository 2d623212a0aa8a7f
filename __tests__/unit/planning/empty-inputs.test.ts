// The inputs that refuse an empty value (NON_EMPTY_INPUT_DEFAULTS), through parseInputs as a step reads them.
import { describe, expect, it } from '@jest/globals';
import { NON_EMPTY_INPUT_DEFAULTS } from '../../../src/planning/empty-inputs.js';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { actionDefaults, runnerReader } from '../../../__fixtures__/inputs.js';
import { inputErrorOf } from '../../helpers/errors.js';
import type { Inputs } from '../../../src/model/inputs.js';

const parse = (values: Record<string, string>): Inputs => parseInputs(runnerReader(values));

describe('action.yml agreement', () => {
  // A new input with a non-empty default belongs in NON_EMPTY_INPUT_DEFAULTS (src/planning/empty-inputs.ts).
  it('refuses empty for exactly the inputs whose action.yml default is not empty, and knows those defaults', () => {
    const nonEmpty = Object.fromEntries(
      [...actionDefaults].filter(([, fallback]) => fallback !== '' && !fallback.includes('${{'))
    );
    expect(NON_EMPTY_INPUT_DEFAULTS).toEqual(nonEmpty);
  });

  it('the parser reads exactly the inputs action.yml declares', () => {
    for (const mode of ['build', 'merge']) {
      const read = new Set<string>();
      const reader = runnerReader({ mode, sources: `ghcr.io/acme/app:1`, tags: 'ghcr.io/acme/app:1' });
      parseInputs((name) => {
        read.add(name);
        return reader(name);
      });
      expect([...read].sort()).toEqual([...actionDefaults.keys()].sort());
    }
  });
});

describe('an input set to an empty string', () => {
  // The runner fills in defaults, so these came from an expression such as ${{ matrix.platform }} that came out empty.
  it.each(Object.keys(NON_EMPTY_INPUT_DEFAULTS))('%s: refused, naming it and where such a value comes from', (name) => {
    for (const empty of ['', '  ']) {
      const error = inputErrorOf(() => parse({ [name]: empty }));
      expect(error.input).toBe(name);
      expect(error.message).toContain(`Input '${name}' has an invalid value (empty)`);
      expect(error.message).toContain('a workflow expression that came out empty');
      expect(error.message).toContain(`for its default '${NON_EMPTY_INPUT_DEFAULTS[name]}'`);
    }
  });

  // Today's bug: an empty platforms silently built and pushed the two default platforms.
  it('platforms set to empty never falls back to the default platforms', () => {
    expect(() => parse({ platforms: '' })).toThrow("Input 'platforms' has an invalid value (empty)");
  });

  it.each(['tags', 'file', 'build-args', 'registry', 'provenance', 'smoke-test', 'buildx-version', 'endpoint'])(
    '%s: empty is its default, and accepted',
    (name) => {
      expect(() => parse({ [name]: '' })).not.toThrow();
    }
  );
});
