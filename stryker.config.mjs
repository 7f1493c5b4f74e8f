// Mutation testing of the safety-critical core. `npm run mutation` (scripts/mutation.js) runs Stryker once per file
// named below, with STRYKER_FILE set: vitest then runs only the tests related to that one file, so a static mutant
// (module-level code: tables, patterns) costs those tests, not the whole suite (660 static mutants × the whole suite
// was over 5 hours on two cores; per file it is minutes). Incremental per file: a rerun only tests mutants in code
// or tests that changed. Not part of `npm test`.
//
// Equivalent mutants (no test can tell them from the original) are marked in the source with
// `// Stryker disable next-line <mutator>: <reason>`, so the reason stands beside the code it is about;
// scripts/mutation.js lists every one of them, file, line, mutator and reason, in bench/RESULTS.md.

/** The files mutated: policy, audit, plan verification and sealing, the gate, params, redaction, every analyzer. */
export const core = [
  'src/policy/**/*.ts',
  'src/audit/{writer,verify,verify-record,record,head,anchor}.ts',
  'src/planner/{verify-plan,seal,params}.ts',
  'src/intent/check.ts',
  'src/redact.ts',
  'src/analyzers/**/*.ts',
  // Types only: no mutant, and no test imports them at run time.
  '!src/policy/types.ts',
]

/** The score each file must reach: 95 % for the checks that refuse, 85 % for the rest. */
export const strict = [
  'src/policy/evaluate.ts',
  'src/audit/verify.ts',
  'src/audit/verify-record.ts',
  'src/planner/verify-plan.ts',
]

/**
 * Files that almost every module imports, so that "related" tests are the whole suite (1,259 tests for each of
 * redact.ts's 136 static mutants: about 4.5 hours): their own tests are the ones that say what they do.
 */
const ownTests = { 'src/redact.ts': ['test/redact.test.ts', 'test/redact.exact.test.ts'] }

const one = process.env.STRYKER_FILE
const slug = one ? one.replace(/^src\//, '').replace(/[/.]/g, '-') : 'all'
const focused = one ? ownTests[one] : undefined
// Read by vitest.mutation.config.ts in Stryker's test runner processes, which inherit this environment.
if (focused) process.env.STRYKER_TESTS = focused.join(',')

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: !focused },
  // Other runs' sandboxes and reports are no part of the project: copying them into each sandbox races.
  ignorePatterns: ['/reports', '/bench/.work'],
  mutate: one ? [one] : core,
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: `reports/mutation/incremental/${slug}.json`,
  reporters: ['clear-text', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/files/${slug}.json` },
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  // One temp dir per file, so runs on different files can go on at once.
  tempDirName: `reports/mutation/.stryker-tmp/${slug}`,
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 85, break: null },
}
