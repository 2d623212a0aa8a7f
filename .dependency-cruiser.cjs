// The allowed directions between the folders of src/, and no import cycles (type-only imports
// included). Run by `npm run lint`. Bottom to top: model → seams → registry → buildx, checks → steps;
// planning sits on model alone (pure); index.ts calls steps.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules form a tree of layers: a cycle, even of type-only imports, means a concept lives in two places.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'model-imports-only-model',
      comment: 'src/model holds the core types and the rules every layer shares: it depends on nothing else.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/(?!model/)' }
    },
    {
      name: 'seams-import-only-the-model',
      comment: 'The seams (commands, the runner, state) sit under every domain folder.',
      severity: 'error',
      from: { path: '^src/seams/' },
      to: { path: '^src/(planning|registry|buildx|checks|steps)/' }
    },
    {
      name: 'planning-is-pure',
      comment: 'Inputs in, a plan out: planning reads the model only, never a registry, a command or a phase.',
      severity: 'error',
      from: { path: '^src/planning/' },
      to: { path: '^src/(seams|registry|buildx|checks|steps)/' }
    },
    {
      name: 'registry-below-build-and-checks',
      severity: 'error',
      from: { path: '^src/registry/' },
      to: { path: '^src/(planning|buildx|checks|steps)/' }
    },
    {
      name: 'build-reads-its-part-of-the-plan',
      comment: 'The builder and buildx code get their part of the plan (model types), never the inputs.',
      severity: 'error',
      from: { path: '^src/buildx/' },
      to: { path: '^src/(planning|checks|steps)/' }
    },
    {
      name: 'checks-read-their-part-of-the-plan',
      severity: 'error',
      from: { path: '^src/checks/' },
      to: { path: '^src/(planning|buildx|steps)/' }
    },
    {
      name: 'only-the-entry-calls-the-steps',
      severity: 'error',
      from: { path: '^src/(?!steps/|index\\.ts$)' },
      to: { path: '^src/steps/' }
    },
    {
      name: 'post-step-without-actions-core',
      comment:
        'The post step runs on every job within 0.25 s: it never loads the modules that import @actions/core ' +
        '(with its HTTP client, about 0.1 s of CPU). It speaks to the runner through seams/post-runner.ts.',
      severity: 'error',
      from: { path: '^src/steps/post\\.ts$' },
      to: { path: '^src/seams/(runner|summary)\\.ts$', reachable: true }
    }
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    exclude: { path: '\\.d\\.ts$' }
  }
};
