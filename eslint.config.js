// typescript-eslint's recommended type-checked rules over the sources, tests and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.test-results/',
      'coverage/',
      '.bench/',
      '.dependency-cruiser.cjs',
      '.stryker-tmp/',
      'reports/'
    ]
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    // The shape the team keeps: one module per concern, functions a reader can hold in their head.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      // More than four things to pass are one object with names.
      'max-params': ['error', { max: 4 }]
    }
  },
  {
    // The executor's order is the order of its statements: a phase that uses what a later one makes
    // (even inside the closure a phase runs) is refused here, not found at run time.
    files: ['src/steps/**/*.ts'],
    rules: {
      '@typescript-eslint/no-use-before-define': [
        'error',
        { functions: false, classes: true, variables: true, typedefs: false, ignoreTypeReferences: true }
      ]
    }
  },
  {
    // The runner's protocol has one home (seams/runner.ts, the summary in seams/summary.ts), and the
    // post step's imports keep out of it (.dependency-cruiser.cjs): @actions/core is imported there only.
    files: ['src/**/*.ts'],
    ignores: ['src/seams/runner.ts', 'src/seams/summary.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@actions/core', message: 'Use src/seams/runner.ts (or post-runner.ts in the post step).' }] }
      ]
    }
  },
  {
    // Test doubles stand in for async functions, so they are async without awaiting anything.
    files: ['__tests__/**/*.ts', '__fixtures__/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' }
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' }
    }
  }
);
