import { defineConfig } from 'vitest/config';

/**
 * One vitest project per kind of test (DESIGN.md §10). Integration and e2e tests share one
 * DynamoDB Local / one local cloud per run through their global setups.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          globalSetup: ['tests/support/synthesized-app.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'local', include: ['tests/local/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // The web app in Debian's Chromium against the platform started as by `npm start`: one browser for the run.
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 240_000,
        },
      },
      {
        // Starts the platform as `npm start` does, in its own process group, and kills it.
        test: { name: 'reliability', include: ['tests/reliability/**/*.test.ts'], testTimeout: 900_000, hookTimeout: 120_000 },
      },
    ],
  },
});
