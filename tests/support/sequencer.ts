import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, started first whatever their project (a fresh clone has no timings
 * of an earlier run for vitest to sort by): a long file started late is run alone at the end.
 */
const LONGEST_FILES = [
  'tests/e2e/solo/solo.test.ts',
  'tests/reliability/crash-recovery.test.ts',
  'tests/integration/resale-reliability.test.ts',
  'tests/local/services-dynamodb-local.test.ts',
];

/**
 * Then the projects whose files mostly wait (on a platform, Chromium, DynamoDB Local), so that the
 * short files fill the gaps beside them. Projects not named here follow. The browser files come
 * before the end-to-end ones: run last, they kept the run waiting for about 25 s with little else
 * to do (a full run on the 2-core machine: 3:57 with them last, 3:34 with them here).
 */
const FIRST = ['e2e-solo', 'reliability', 'browser', 'e2e', 'integration', 'local'];

/** Vitest's order (slowest or largest file first within a project), with the long files and projects reordered. */
export class LongLanesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const long = LONGEST_FILES.findIndex((name) => file.moduleId.endsWith(name));
      if (long !== -1) return long;
      const at = FIRST.indexOf(file.project.name);
      return LONGEST_FILES.length + (at === -1 ? FIRST.length : at);
    };
    // Array.prototype.sort is stable: within a project, vitest's order stays.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
