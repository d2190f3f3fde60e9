import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The projects whose files start first: the long lanes that mostly wait (the solo end-to-end file,
 * the crash test, then the end-to-end files), so that the short files fill the gaps beside them
 * instead of leaving a long file to run alone at the end. Projects not named here follow.
 */
const FIRST = ['e2e-solo', 'reliability', 'e2e', 'integration', 'local'];

/** Vitest's order (slowest or largest file first within a project), with the projects reordered. */
export class LongLanesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = FIRST.indexOf(file.project.name);
      return at === -1 ? FIRST.length : at;
    };
    // Array.prototype.sort is stable: within a project, vitest's order stays.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
