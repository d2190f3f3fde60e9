import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT } from '../../infra/function-bundles';
import { importOnce } from './native-import';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cloud assembly of the CDK app that the infra tests read and the end-to-end platform runs. */
    assemblyDir: string;
  }
}

/**
 * Where a test run's synthesized CDK app lives: synthesized once per run, or not at all when the
 * app and its functions are as they were for the last run.
 */
export const TEST_ASSEMBLY_DIR = join(PROJECT_ROOT, '.build', 'test-cdk.out');

/** Global setup of the projects that read the synthesized stack. */
export default async function setup(project: TestProject) {
  const { synthesizeForLocalUse } = await importOnce<typeof import('../../infra/synthesize')>('../../infra/synthesize.ts', import.meta.url);
  const { directory } = await synthesizeForLocalUse({ outdir: TEST_ASSEMBLY_DIR });
  project.provide('assemblyDir', directory);
}
