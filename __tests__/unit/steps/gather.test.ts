// The gathering step reads the Dockerfile once, before planning; the plan carries its text to the
// preflight, the audit and the build report, none of which reads the disk for it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { gatherFiles } from '../../../src/steps/gather.js';
import { planBuild } from '../../../src/planning/build-plan.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { event, inputsOf } from '../../helpers/plans.js';

const context = mkdtempSync(path.join(tmpdir(), 'mab-gather-'));
const text = 'FROM busybox:1.36\nRUN true\n';
writeFileSync(path.join(context, 'Dockerfile'), text);
writeFileSync(path.join(context, 'Other.Dockerfile'), 'FROM alpine:3.20\n');

describe('gatherFiles', () => {
  it.each<[string, Record<string, string>, string | undefined]>([
    ['a local context: its Dockerfile', { context }, text],
    ['the file input', { context, file: path.join(context, 'Other.Dockerfile') }, 'FROM alpine:3.20\n'],
    ['a remote context: nothing to read', { context: 'https://github.com/acme/app.git#main' }, undefined],
    ['merge mode: no Dockerfile', { mode: 'merge', sources: 'r.example/app@sha256:' + '1'.repeat(64) }, undefined]
  ])('%s', (_name, values, expected) => {
    const inputs = inputsOf({ tags: 'r.example/acme/app:1', ...values });
    expect(gatherFiles(inputs).dockerfile).toBe(expected);
  });

  it('the plan hands the same text to the preflight and the audit', () => {
    const inputs = inputsOf({ tags: 'r.example/acme/app:1', context });
    const plan = planBuild(inputs, event(), parsePlatform('linux/amd64'), gatherFiles(inputs));
    expect(plan.preflight.dockerfile?.text).toBe(text);
    expect(plan.checks.finalStage?.text).toBe(text);
  });

  it('no check and no report reads the Dockerfile from disk', () => {
    for (const file of ['src/checks/preflight.ts', 'src/checks/audit/final-base.ts', 'src/steps/build-insight.ts'])
      expect(readFileSync(file, 'utf8')).not.toMatch(/from 'node:fs'/);
  });
});
