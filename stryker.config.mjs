// Mutation testing of the modules whose tests must be able to fail (docs/reliability.md, "Mutation
// scores"). Not in CI: it takes tens of minutes on two cores. `npm run mutate` runs each group below
// in turn (scripts/mutate.sh); one group: `npm run mutate -- auth`; one module of a group (its tests
// unchanged): `MUTATE_GROUP=security npx stryker run --mutate src/seams/state.ts`.
import jestConfig from './jest.config.js';

const unit = jestConfig.projects.find((project) => project.displayName === 'unit');
if (!unit) throw new Error('jest.config.js has no project named unit');
const unitProject = { ...unit };
delete unitProject.displayName;

/** Each group: the modules mutated, and the unit tests that own them (the ones that must kill). */
export const groups = {
  auth: { mutate: ['src/registry/auth.ts'], tests: ['registry/**'] },
  post: { mutate: ['src/steps/post.ts'], tests: ['steps/post.test.ts', 'index.test.ts'] },
  tags: {
    mutate: [
      'src/planning/tag-plan.ts',
      'src/planning/event-tags.ts',
      'src/planning/tag-templates.ts',
      'src/planning/oci-labels.ts'
    ],
    tests: ['planning/**']
  },
  filesystem: { mutate: ['src/checks/audit/filesystem.ts'], tests: ['checks/audit/**'] },
  evaluate: { mutate: ['src/planning/tag-rules/evaluate.ts'], tests: ['planning/**'] },
  // Issue 27: untrusted output, main's record for the post step, link checks, smoke bounds.
  security: {
    mutate: [
      'src/seams/log-stream.ts',
      'src/seams/state.ts',
      'src/steps/path-links.ts',
      'src/planning/smoke-flags.ts'
    ],
    tests: [
      'seams/exec.test.ts',
      'seams/runner.test.ts',
      'seams/log-stream.test.ts',
      'seams/state.test.ts',
      'steps/post.test.ts',
      'steps/path-links.test.ts',
      'steps/path-links-api.test.ts',
      'steps/input-paths.test.ts',
      'planning/build-inputs.test.ts',
      'checks/smoke.test.ts'
    ]
  }
};
// MUTATE_GROUP=auth, or several at once (tags,evaluate share their tests); all when unset.
const names = (process.env.MUTATE_GROUP ?? '').split(',').filter(Boolean);
for (const name of names)
  if (!(name in groups)) throw new Error(`MUTATE_GROUP has ${name}, not one of ${Object.keys(groups).join(', ')}`);
const selected = names.length > 0 ? names.map((name) => groups[name]) : Object.values(groups);
const unique = (lists) => [...new Set(lists.flat())];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // The jest runner wants one flat config: the unit project, with the ESM loader jest needs.
  jest: {
    projectType: 'custom',
    config: {
      ...unitProject,
      rootDir: '.',
      testTimeout: 60000,
      setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/mutation-setup.ts'],
      testMatch: unique(selected.map((group) => group.tests)).map((glob) => `<rootDir>/__tests__/unit/${glob}`)
    },
    enableFindRelatedTests: true
  },
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: unique(selected.map((group) => group.mutate)),
  // Operators (arithmetic, assignment, equality, logical, unary, update, and the method swaps such as
  // every/some), conditions (conditional expressions, true/false and !x) and blocks. String, object,
  // array, regex and optional-chaining mutants are left out: most change messages, not decisions.
  mutator: {
    excludedMutations: [
      'ArrayDeclaration',
      'ArrowFunction',
      'ObjectLiteral',
      'OptionalChaining',
      'Regex',
      'StringLiteral'
    ]
  },
  // Two cores, shared with others: two test processes at most.
  concurrency: 2,
  // Mutants run only while a module loads (static ones) need every test re-run in a fresh process:
  // minutes each on two cores. They are reported as ignored and left out of the score.
  ignoreStatic: true,
  // A mutant that hangs (a loop that no longer ends) counts as detected after this, on top of 1.5
  // times its tests' own time. Generous: jest's start-up on a loaded machine is not a hang.
  timeoutMS: 30000,
  ignorePatterns: ['dist', '.test-results', '.bench', 'coverage', 'example', 'reports'],
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true
};
