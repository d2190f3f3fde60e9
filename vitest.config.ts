import { configDefaults, defineConfig } from 'vitest/config';
import { LongLanesFirst } from './tests/support/sequencer.ts';

/**
 * One vitest project per kind of test (DESIGN.md §10), all run side by side in one pool.
 *
 * Keeping the suite fast on a 2-core machine:
 * - Every project's files share the pool, so a slow file of one project overlaps with the rest:
 *   `maxWorkers` is above the core count because most files wait (on DynamoDB Local, on a
 *   platform's queues and polls) more than they compute. Do not give a project
 *   `fileParallelism: false` or its own `maxWorkers`: vitest then runs its files one at a time
 *   after every other project has finished.
 * - End-to-end files run side by side on one platform (`e2e`). A new one must not change what
 *   other files see: it makes a brand of its own (`aBrandLikeDemo`) where it counts or lists a
 *   brand's things, and it neither moves the platform clock, sets a sandbox's faults nor compares
 *   the whole table. A test that must do one of those goes to `tests/e2e/solo/` and is imported by
 *   `solo.test.ts` (`e2e-solo`), which runs them one after another on a platform it starts for
 *   itself, beside the others.
 * - Wait for a condition (`eventually`), never for a fixed time.
 * - Global setups start what a project needs once per run (the synthesized app, DynamoDB Local,
 *   the platforms); a test file starts its own only where starting is what it tests. vitest runs
 *   them one after another before any file: a setup loads the code it starts with `importOnce`
 *   (tests/support/native-import.ts), so that the next setup finds it loaded.
 */
const endToEnd = { testTimeout: 90_000, hookTimeout: 240_000 };

/**
 * The files of a project share one module graph per worker instead of loading zod, the AWS SDK
 * and the domain once per file (a third of the CPU of the unit and integration runs). Stubbed
 * environment variables and spies are undone after each test; a file that mocks a module with
 * `vi.mock` must be the only one of its project that imports that module.
 */
const sharedModules = { isolate: false, unstubEnvs: true, restoreMocks: true };

export default defineConfig({
  test: {
    maxWorkers: 4,
    sequence: { sequencer: LongLanesFirst },
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], ...sharedModules } },
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
          // Against a hang, not a timing: in 21 full runs up to 3 December the slowest test without a
          // timeout of its own, 20 items listed and overridden at once as the run starts, took 7–21 s;
          // a busier run (one start in a CI run took 3× its usual time) would have passed 30 s.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          ...sharedModules,
        },
      },
      { test: { name: 'local', include: ['tests/local/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, ...sharedModules } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/e2e/solo/**'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          ...endToEnd,
          // The files share their helpers' modules per worker, as `sharedModules` below (half the import time).
          isolate: false,
        },
      },
      { test: { name: 'e2e-solo', include: ['tests/e2e/solo/solo.test.ts'], ...endToEnd } },
      {
        // The web app in Debian's Chromium against the platform started as by `npm start`: one browser for the run.
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 240_000,
          // A page shows what an API answered; under the whole run's load that can take longer than
          // expect.poll's default second. The assertion is unchanged: it waits for the condition.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // Starts the platform as `npm start` does, in its own process group, and kills it; from the
        // run's synthesized app, as a second start would (synthesizing is not what is tested there).
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          globalSetup: ['tests/support/synthesized-app.ts'],
          testTimeout: 900_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
