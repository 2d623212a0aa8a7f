// arch-audit-cache: auto (the default) shares the audit's layer scans between runners, false does not;
// anything else is refused naming the input, the value and what is accepted.
import { describe, expect, it } from '@jest/globals';
import { parseInputs } from '../../../src/planning/parse-inputs.js';
import { planChecks } from '../../../src/planning/plan-job.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { inputErrorOf } from '../../helpers/errors.js';

const parse = (values: Record<string, string>) => parseInputs(runnerReader(values));

describe('arch-audit-cache', () => {
  it.each([
    [{}, 'auto'],
    [{ 'arch-audit-cache': 'auto' }, 'auto'],
    [{ 'arch-audit-cache': 'false' }, 'false'],
    [{ 'arch-audit-cache': ' FALSE ' }, 'false']
  ])('%j plans %s', (values, expected) => {
    const inputs = parse(values);
    expect(inputs.archAuditCache).toBe(expected);
    expect(planChecks(inputs).auditCache).toBe(expected);
  });

  it.each(['true', 'registry', 'off'])('refuses %s, naming the input and the choices', (value) => {
    const error = inputErrorOf(() => parse({ 'arch-audit-cache': value }));
    expect(error.message).toContain('arch-audit-cache');
    expect(error.message).toContain(value);
    expect(error.message).toMatch(/auto.*false/);
  });

  it('set but empty is refused rather than read as the default', () => {
    expect(inputErrorOf(() => parse({ 'arch-audit-cache': '' })).message).toContain('arch-audit-cache');
  });
});
