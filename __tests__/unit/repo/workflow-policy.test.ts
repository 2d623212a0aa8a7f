// Every workflow in .github/workflows (examples included) keeps the supply-chain rules of issue 18:
// pinned actions and images, no expressions pasted into scripts, least-privilege permissions.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { docExampleViolations, workflowFiles, workflowViolations } from '../../helpers/workflow-policy.js';

const SHA = 'c7c53464625b32c7a7e944ae62b3e17d2b600130';
const DIGEST = `sha256:${'a3'.repeat(32)}`;

/** A workflow that keeps every rule; each case below breaks one thing in it. */
function workflow(job: string, top = 'permissions:\n  contents: read\n'): string {
  return `name: t\non: push\n${top}jobs:\n  j:\n    runs-on: ubuntu-24.04\n${job}`;
}
const STEPS = `    steps:\n      - uses: docker/setup-qemu-action@${SHA} # v3.7.0\n      - run: echo "$X"\n        env:\n          X: \${{ github.sha }}\n`;

describe('the workflows of this repository', () => {
  it('covers every workflow file: the three of the repository and the four examples', () => {
    expect(workflowFiles()).toEqual([
      '.github/workflows/build.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/e2e.yml',
      '.github/workflows/examples/ghcr-cleanup.yml',
      '.github/workflows/examples/matrix-merge.yml',
      '.github/workflows/examples/matrix.yml',
      '.github/workflows/examples/release.yml'
    ]);
  });

  it('keep every rule, the reusable workflow running the action at a release commit included', () => {
    const violations = workflowFiles().flatMap((file) => workflowViolations(file, readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });
});

describe('the rules, each broken once', () => {
  it('a workflow that keeps them all has no violation', () => {
    expect(workflowViolations('w.yml', workflow(STEPS))).toEqual([]);
    const services = `    services:\n      registry:\n        image: registry:2.8.3@${DIGEST}\n    container: node@${DIGEST}\n`;
    expect(workflowViolations('w.yml', workflow(services + STEPS))).toEqual([]);
  });

  it.each([
    ['an action by tag', 'uses: docker/setup-qemu-action@v3', 'action docker/setup-qemu-action@v3 is not pinned'],
    ['an action by branch', 'uses: actions/checkout@main', 'action actions/checkout@main is not pinned'],
    ['a short SHA', 'uses: docker/setup-qemu-action@c7c5346', 'is not pinned to a full commit SHA'],
    ['a SHA with no version comment', `uses: docker/setup-qemu-action@${SHA}`, 'has no "# vX.Y.Z" comment'],
    ['a comment that is no version', `uses: docker/setup-qemu-action@${SHA} # latest`, 'has no "# vX.Y.Z" comment'],
    ['a docker:// image by tag', 'uses: docker://alpine:3.20', 'image docker://alpine:3.20 is not pinned by digest'],
    [
      'an expression in run:',
      'run: echo ${{ github.head_ref }}',
      'run: has a ${{ }} expression; pass the value through env:'
    ],
    [
      'an expression in a github-script script',
      'uses: actions/github-script@' +
        SHA +
        ' # v8.0.0\n        with:\n          script: core.info("${{ github.head_ref }}")',
      'the github-script script has a ${{ }} expression'
    ]
  ])('%s is reported', (_case, step, message) => {
    const violations = workflowViolations('w.yml', workflow(`    steps:\n      - ${step}\n`));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain('w.yml: jobs.j.steps[0]: ');
    expect(violations[0]).toContain(message);
  });

  it.each([
    [
      'a service by tag',
      '    services:\n      registry:\n        image: registry:2\n',
      'jobs.j.services.registry: image registry:2'
    ],
    [
      'a service by a name with no digest',
      '    services:\n      db:\n        image: postgres\n',
      'image postgres is not'
    ],
    ['a job container by tag', '    container: node:24\n', 'jobs.j.container: image node:24 is not pinned'],
    ['a job container map by tag', '    container:\n      image: node:24\n', 'jobs.j.container: image node:24'],
    ['a digest of the wrong length', `    container: node@sha256:${'a'.repeat(63)}\n`, 'is not pinned by digest'],
    ['an image from an expression', '    container: ${{ inputs.image }}\n', 'is not pinned by digest']
  ])('%s is reported', (_case, job, message) => {
    const violations = workflowViolations('w.yml', workflow(job + STEPS));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(message);
  });

  it('this action and local actions may go by tag or path; a reusable workflow of another repository may not', () => {
    const own = `    steps:\n      - uses: acme/multiarch-build-push@v1\n      - uses: ./\n`;
    expect(workflowViolations('w.yml', workflow(own))).toEqual([]);
    const called =
      'name: t\non: push\npermissions: {}\njobs:\n  a:\n    uses: ./.github/workflows/build.yml\n  b:\n    uses: other/repo/.github/workflows/b.yml@v2\n';
    expect(workflowViolations('w.yml', called)).toEqual([
      'w.yml: jobs.b: action other/repo/.github/workflows/b.yml@v2 is not pinned to a full commit SHA'
    ]);
  });

  it('permissions: on the workflow, or else on every job', () => {
    const two = `${STEPS}  k:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: read\n${STEPS}`;
    expect(workflowViolations('w.yml', workflow(two, ''))).toEqual([
      'w.yml: jobs.j: no permissions: on the job, and none on the workflow'
    ]);
    expect(workflowViolations('w.yml', workflow(two, 'permissions: {}\n'))).toEqual([]);
  });

  it.each([
    [
      'write-all on the workflow',
      'permissions: write-all\n',
      '',
      'w.yml: permissions: write-all; name each scope it needs'
    ],
    [
      'read-all on the workflow',
      'permissions: read-all\n',
      '',
      'w.yml: permissions: read-all; name each scope it needs'
    ],
    [
      'write-all on a job',
      'permissions: {}\n',
      '    permissions: write-all\n',
      'w.yml: jobs.j: permissions: write-all'
    ],
    [
      'a write on the workflow',
      'permissions:\n  contents: read\n  packages: write\n',
      '',
      'w.yml: the workflow grants packages: write to every job; grant it on the jobs that need it'
    ]
  ])('%s is reported', (_case, top, job, message) => {
    const violations = workflowViolations('w.yml', workflow(job + STEPS, top));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(message);
  });

  it('a write on a job is what least privilege asks for', () => {
    const job = '    permissions:\n      contents: read\n      packages: write\n';
    expect(workflowViolations('w.yml', workflow(job + STEPS))).toEqual([]);
  });

  it('a file that is not YAML is reported, not skipped', () => {
    expect(workflowViolations('w.yml', 'jobs: [')[0]).toContain('w.yml: does not parse');
  });
});

describe('the examples in the README and docs', () => {
  const docs = ['README.md', ...readdirSync('docs').map((name) => `docs/${name}`)].filter((file) =>
    file.endsWith('.md')
  );

  it('pass values to run: scripts through env:, never as ${{ }} inside the script', () => {
    expect(docs.flatMap((file) => docExampleViolations(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('a fragment of steps with an expression in its script is found, one in env: is not', () => {
    const markdown = [
      'text',
      '```yaml',
      '- uses: acme/multiarch-build-push@v1',
      '  id: build',
      '- run: docker pull "$IMAGE"',
      '  env:',
      '    IMAGE: ${{ steps.build.outputs.image }}',
      '- run: cosign sign ${{ steps.build.outputs.image }}',
      '```'
    ].join('\n');
    expect(docExampleViolations('x.md', markdown)).toEqual([
      'x.md:2 (example 1): run: has a ${{ }} expression; pass the value through env:'
    ]);
  });
});
