// npm run release -- X.Y.Z against a throwaway git repository: what it refuses, what it commits and tags.
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pinOwnAction, release, WORKFLOW } from '../../../scripts/release.mjs';
import { workflowViolations } from '../../helpers/workflow-policy.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const workflow = `jobs:
  build:
    steps:
      - name: Build
        uses: acme/multiarch-build-push@v1
      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0
  merge:
    steps:
      - uses: acme/multiarch-build-push@v1 # moves with every release
`;

/** A repository with a committed dist/ and the reusable workflow, as this one has. */
function repository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mab-release-'));
  roots.push(dir);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'config', 'user.email', 'release@example.invalid');
  git(dir, 'config', 'user.name', 'Release Test');
  mkdirSync(path.join(dir, 'dist'));
  mkdirSync(path.join(dir, path.dirname(WORKFLOW)), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'index.js'), 'built from source 1\n');
  writeFileSync(path.join(dir, WORKFLOW), workflow);
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'source 1');
  return dir;
}

/** What `npm run build` would write: the sources' bundle. */
const buildsTo = (bundle: string) => (dir: string) => writeFileSync(path.join(dir, 'dist', 'index.js'), bundle);
const fresh = buildsTo('built from source 1\n');

describe('pinOwnAction', () => {
  it('pins every step of this action to the commit with the version beside it, and nothing else', () => {
    const sha = 'a'.repeat(40);
    const pinned = pinOwnAction(workflow, sha, '1.4.2');
    expect(pinned.match(/acme\/multiarch-build-push@\S+ # v1\.4\.2/g)).toHaveLength(2);
    expect(pinned).toContain(`        uses: acme/multiarch-build-push@${sha} # v1.4.2\n`);
    expect(pinned).toContain(`      - uses: acme/multiarch-build-push@${sha} # v1.4.2\n`);
    expect(pinned).toContain('actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0');
    // A second release replaces the first's pin.
    expect(pinOwnAction(pinned, 'b'.repeat(40), '1.4.3')).toBe(pinOwnAction(workflow, 'b'.repeat(40), '1.4.3'));
    expect(() => pinOwnAction(workflow, 'v1', '1.4.2')).toThrow('not a full commit SHA');
  });
});

describe('release', () => {
  it('commits the pinned workflow on top of the released code, tags vX.Y.Z there and moves vX', () => {
    const dir = repository();
    const code = git(dir, 'rev-parse', 'HEAD');
    const result = release(dir, '1.4.2', fresh);
    expect(result.actionCommit).toBe(code);
    expect(git(dir, 'rev-parse', 'v1.4.2^{commit}')).toBe(result.tagged);
    expect(git(dir, 'rev-parse', 'v1^{commit}')).toBe(result.tagged);
    expect(git(dir, 'rev-parse', `${result.tagged}^`)).toBe(code);
    const released = readFileSync(path.join(dir, WORKFLOW), 'utf8');
    expect(released).toBe(pinOwnAction(workflow, code, '1.4.2'));
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // The next release moves v1 on.
    writeFileSync(path.join(dir, 'dist', 'index.js'), 'built from source 2\n');
    git(dir, 'commit', '--quiet', '-am', 'source 2');
    const next = release(dir, '1.5.0', buildsTo('built from source 2\n'));
    expect(git(dir, 'rev-parse', 'v1^{commit}')).toBe(next.tagged);
    expect(git(dir, 'rev-parse', 'v1.4.2^{commit}')).toBe(result.tagged);
  });

  it.each<[string, (dir: string) => void, string, string]>([
    ['a version that is not X.Y.Z', () => undefined, 'v1.2', "the version must be X.Y.Z (as in 1.4.2), not 'v1.2'"],
    ['uncommitted changes', (dir) => writeFileSync(path.join(dir, 'notes'), 'x'), '1.0.0', 'uncommitted changes'],
    ['a tag that exists', (dir) => git(dir, 'tag', 'v1.0.0'), '1.0.0', 'the tag v1.0.0 exists already'],
    ['a dist/ the sources do not build', () => undefined, '1.0.0', 'dist/ is not what the sources build']
  ])('refuses %s, changing nothing', (_what, arrange, version, message) => {
    const dir = repository();
    arrange(dir);
    const head = git(dir, 'rev-parse', 'HEAD');
    const build = message.startsWith('dist/') ? buildsTo('built from newer sources\n') : fresh;
    expect(() => release(dir, version, build)).toThrow(message);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'tag', '--list', 'v1*').split('\n').filter(Boolean)).toEqual(
      message.includes('exists') ? ['v1.0.0'] : []
    );
    expect(readFileSync(path.join(dir, WORKFLOW), 'utf8')).toBe(workflow);
  });
});

describe('the workflow policy and the reusable workflow’s own action', () => {
  const file = '.github/workflows/build.yml';
  const steps = (ref: string) =>
    `name: b\non: workflow_call\npermissions:\n  contents: read\njobs:\n  j:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: acme/multiarch-build-push@${ref}\n`;

  it('a mutable ref of the action in build.yml is a violation; the release pin is not', () => {
    expect(workflowViolations(file, steps('v1'))).toEqual([
      `${file}: jobs.j.steps[0]: the reusable workflow runs acme/multiarch-build-push@v1, a ref that moves; release with npm run release to pin it to a commit`
    ]);
    expect(workflowViolations(file, pinOwnAction(steps('v1'), 'c'.repeat(40), '1.0.0'))).toEqual([]);
  });

  it('the repository’s own build.yml, as a release rewrites it, keeps every rule', () => {
    const real = readFileSync(WORKFLOW, 'utf8');
    expect(workflowViolations(file, pinOwnAction(real, 'c'.repeat(40), '1.0.0'))).toEqual([]);
  });
});
