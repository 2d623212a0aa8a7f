// docs/migration.md against the docker actions' action.yml at their current majors: every input of
// each is named in its section, with the major the guide shows. The lists were read from each
// repository's action.yml at the commit named (the newest on its default branch when written).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

const actions: Record<string, { major: string; commit: string; inputs: string[] }> = {
  'docker/setup-qemu-action': {
    major: 'v4',
    commit: '96fe6ef7f33517b61c61be40b68a1882f3264fb8',
    inputs: ['image', 'platforms', 'reset', 'cache-image']
  },
  'docker/setup-buildx-action': {
    major: 'v4',
    commit: '37fe631027851001ddb9b187196cc803df7f5f0e',
    inputs: [
      'version',
      'driver',
      'driver-opts',
      'buildkitd-flags',
      'buildkitd-config',
      'buildkitd-config-inline',
      'use',
      'name',
      'endpoint',
      'platforms',
      'append',
      'keep-state',
      'cache-binary',
      'cleanup'
    ]
  },
  'docker/login-action': {
    major: 'v4',
    commit: '9f4a8ea54ed9055d5f86c993e1f2ffa674f98344',
    inputs: ['registry', 'username', 'password', 'ecr', 'scope', 'logout', 'registry-auth']
  },
  'docker/metadata-action': {
    major: 'v6',
    commit: 'dc802804100637a589fabce1cb79ff13a1411302',
    inputs: [
      'context',
      'images',
      'tags',
      'flavor',
      'labels',
      'annotations',
      'sep-tags',
      'sep-labels',
      'sep-annotations',
      'bake-target',
      'github-token'
    ]
  },
  'docker/build-push-action': {
    major: 'v7',
    commit: 'cb941d0b895b09c17fa011d41c411b33c752cf28',
    inputs: [
      'add-hosts',
      'allow',
      'annotations',
      'attests',
      'build-args',
      'build-contexts',
      'builder',
      'cache-from',
      'cache-to',
      'call',
      'cgroup-parent',
      'context',
      'file',
      'labels',
      'load',
      'network',
      'no-cache',
      'no-cache-filters',
      'outputs',
      'platforms',
      'provenance',
      'pull',
      'push',
      'sbom',
      'secrets',
      'secret-envs',
      'secret-files',
      'shm-size',
      'ssh',
      'tags',
      'target',
      'ulimit',
      'github-token'
    ]
  }
};

const guide = readFileSync('docs/migration.md', 'utf8');

/** The section of the guide headed `## <action>`, up to the next `## `. */
function section(action: string): string {
  const start = guide.indexOf(`\n## ${action}\n`);
  if (start < 0) throw new Error(`docs/migration.md has no section ## ${action}`);
  const end = guide.indexOf('\n## ', start + 1);
  return guide.slice(start, end < 0 ? undefined : end);
}

/** The input names in the first column of the section's table. */
function firstColumnNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n').filter((row) => row.startsWith('| `'))) {
    const cell = line.split('|')[1] ?? '';
    for (const match of cell.matchAll(/`([a-z][a-z-]*)`/g)) names.add(match[1] as string);
  }
  return names;
}

describe('docs/migration.md covers the docker actions at their current majors', () => {
  it.each(Object.entries(actions))('%s: every input has a row', (action, { inputs }) => {
    const named = firstColumnNames(section(action));
    expect(inputs.filter((input) => !named.has(input))).toEqual([]);
  });

  it.each(Object.entries(actions))('%s: the summary and the examples show its current major', (action, { major }) => {
    expect(guide).toMatch(new RegExp(`\\| \`${action}\` \\| \`${major}\` \\|`));
    const used = [...guide.matchAll(new RegExp(`uses: ${action}@(v\\d+)`, 'g'))].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((version) => version !== major)).toEqual([]);
  });

  it('names no setup-buildx input that v4 removed as if it still existed', () => {
    const rows = firstColumnNames(section('docker/setup-buildx-action'));
    for (const removed of ['install', 'config', 'config-inline']) expect(rows.has(removed)).toBe(false);
  });
});
