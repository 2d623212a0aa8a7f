// Two projects: fast unit tests, and the integration suite that drives the real daemon,
// buildx, QEMU and registry through the bundled dist/.
const esmTransform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: esmTransform,
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' }
};
export default {
  // A global option: jest ignores testTimeout inside a project. Real builds under QEMU take minutes.
  testTimeout: 600000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts']
    }
  ]
};
