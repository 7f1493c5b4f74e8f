import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', 'test/journeys/**'],
          globalSetup: ['test/ensure-build.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/journeys/**/*.test.ts'],
          globalSetup: ['test/ensure-build.ts', 'test/global-setup.ts'],
          // The seeding helpers use the AWS SDK in the test process too; its Node 20 notice is noise there.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          // One moto and one kube-apiserver are shared; files reset moto, so they run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
