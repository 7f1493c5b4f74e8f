// Mutation testing of the safety-critical core (`npm run mutation`; not part of `npm test`: it takes a while).
// Incremental: a rerun only tests mutants in code or tests that changed. The JSON report feeds bench/RESULTS.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'src/policy/**/*.ts',
    'src/audit/{writer,verify,verify-record,record,head,anchor}.ts',
    'src/planner/{verify-plan,seal,params}.ts',
    'src/intent/check.ts',
    'src/redact.ts',
    'src/analyzers/**/*.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 85, break: null },
}
