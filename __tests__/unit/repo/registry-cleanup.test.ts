// The GHCR cleanup example users copy (.github/workflows/examples/ghcr-cleanup.yml) deletes only what
// the action leaves behind: untagged images old enough that no release is still checking them, with a
// cleanup that keeps the per-platform manifests a tagged multi-arch index needs (they are untagged
// too). No workflow or doc example deletes "every untagged version" with actions/delete-package-versions,
// which breaks multi-arch tags.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { workflowFiles } from '../../helpers/workflow-policy.js';

const EXAMPLE = '.github/workflows/examples/ghcr-cleanup.yml';
/** Cleanups that skip the children of tagged indexes (snok/container-retention-policy from v3.1.0 only). */
const INDEX_AWARE = /^(dataaxiom\/ghcr-cleanup-action|snok\/container-retention-policy)@/;
const DAY_SECONDS = 24 * 60 * 60;
const UNIT_SECONDS: Record<string, number> = { hour: 3600, day: DAY_SECONDS, week: 7 * DAY_SECONDS };

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on?: Record<string, unknown>;
  permissions?: unknown;
  jobs?: Record<string, { permissions?: unknown; steps?: Step[] }>;
}

/** Seconds of an age such as `7 days` or `2 weeks`, or undefined when it is not one. */
function ageSeconds(text: unknown): number | undefined {
  const match = typeof text === 'string' ? /^\s*(\d+)\s*(hour|day|week)s?\s*$/.exec(text) : null;
  return match ? Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 0) : undefined;
}

/** What is wrong with a GHCR cleanup workflow, one line per problem. */
function cleanupProblems(text: string): string[] {
  const workflow = parse(text) as Workflow;
  const problems: string[] = [];
  if (!workflow.on || !('schedule' in workflow.on)) problems.push('not scheduled');
  const jobs = Object.values(workflow.jobs ?? {});
  const steps = jobs.flatMap((job) => job.steps ?? []).filter((step) => step.uses && !step.uses.startsWith('./'));
  const cleanups = steps.filter((step) => INDEX_AWARE.test(step.uses ?? ''));
  if (cleanups.length === 0 || cleanups.length !== steps.length) problems.push('a cleanup that is not index-aware');
  for (const step of cleanups) {
    const inputs = step.with ?? {};
    if (inputs['delete-untagged'] !== true && inputs['delete-untagged'] !== 'true')
      problems.push('does not delete untagged images');
    for (const tagged of ['delete-tags', 'keep-n-tagged', 'exclude-tags'])
      if (tagged in inputs) problems.push(`touches tagged images (${tagged})`);
    if ((ageSeconds(inputs['older-than']) ?? 0) < DAY_SECONDS) problems.push('no age limit of a day or more');
  }
  const writes = jobs.map((job) => JSON.stringify(job.permissions ?? null));
  if (writes.some((permissions) => permissions !== '{"packages":"write"}'))
    problems.push('a job asks for more or less than packages: write');
  return problems;
}

describe('the GHCR cleanup example', () => {
  const example = readFileSync(EXAMPLE, 'utf8');

  it('keeps every rule', () => {
    expect(cleanupProblems(example)).toEqual([]);
  });

  it.each<[string, (text: string) => string, string]>([
    ['not scheduled', (text) => text.replace(/ {2}schedule:\n.*\n/, ''), 'not scheduled'],
    [
      'actions/delete-package-versions',
      (text) => text.replace(/dataaxiom\/ghcr-cleanup-action@\S+/, 'actions/delete-package-versions@' + 'e'.repeat(40)),
      'a cleanup that is not index-aware'
    ],
    ['no age limit', (text) => text.replace(/ +older-than: .*\n/, ''), 'no age limit of a day or more'],
    ['an hour', (text) => text.replace(/older-than: .*/, 'older-than: 1 hour'), 'no age limit of a day or more'],
    [
      'tagged images',
      (text) => text.replace(/delete-untagged: true/, '$&\n          keep-n-tagged: 3'),
      '(keep-n-tagged)'
    ],
    ['untagged off', (text) => text.replace(/delete-untagged: true/, 'delete-untagged: false'), 'untagged'],
    [
      'more permissions',
      (text) => text.replace(/packages: write/, 'packages: write\n      contents: write'),
      'more or less than packages: write'
    ]
  ])('is found out when broken: %s', (_case, breakIt, problem) => {
    const broken = breakIt(example);
    expect(broken).not.toBe(example);
    expect(cleanupProblems(broken).join('\n')).toContain(problem);
  });

  it('is what docs/registries.md sends users to', () => {
    expect(readFileSync('docs/registries.md', 'utf8')).toContain(`(../${EXAMPLE})`);
  });
});

describe('no workflow or doc example deletes every untagged version', () => {
  /** actions/delete-package-versions with delete-only-untagged-versions, in any YAML text. */
  const deletesEveryUntagged = (text: string): boolean =>
    /actions\/delete-package-versions@/.test(text) && /delete-only-untagged-versions:\s*['"]?true/.test(text);

  it('is found in a step that does it', () => {
    const step = '- uses: actions/delete-package-versions@v5\n  with:\n    delete-only-untagged-versions: "true"\n';
    expect(deletesEveryUntagged(step)).toBe(true);
    expect(deletesEveryUntagged(step.replace('"true"', '"false"'))).toBe(false);
  });

  it('holds for every workflow and every markdown page', () => {
    const markdown = ['README.md', 'CONTRIBUTING.md', ...readdirSync('docs').map((name) => `docs/${name}`)];
    const offenders = [...workflowFiles(), ...markdown.filter((file) => file.endsWith('.md'))].filter((file) =>
      deletesEveryUntagged(readFileSync(file, 'utf8'))
    );
    expect(offenders).toEqual([]);
  });
});
