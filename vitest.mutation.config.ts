// The tests Stryker runs against each mutant: the in-process unit tests only. Tests that run the built CLI see
// dist/, never the mutant, so they are left out (they would only slow every mutant down).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // A file's own tests only, where stryker.config.mjs names them (see ownTests there).
    include: process.env.STRYKER_TESTS?.split(',') ?? ['test/**/*.test.ts'],
    exclude: [
      'test/integration/**',
      'test/journeys/**',
      'test/commands/**',
      'test/cli*.test.ts',
      'test/startup-guard.test.ts',
      'test/intent/llm-providers.test.ts',
    ],
    testTimeout: 20_000,
  },
})
