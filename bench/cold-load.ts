import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Loads the bundle, times it, and fails unless it exported its handler (so it ran as Lambda runs it). */
const LOADER = `const began = performance.now(); const loaded = require(process.argv[1]); const ms = performance.now() - began;
if (typeof loaded.handler !== 'function') throw new Error(process.argv[1] + ' exported no handler');
process.stdout.write(String(ms));`;

/** A bundle to load, with the environment its module scope reads (loading must not throw). */
export interface LoadSubject {
  file: string;
  env?: Record<string, string>;
}

/**
 * Times `runs` cold loads of each subject: each a `require` in a fresh Node.js process (the
 * process's own start is not counted). The subjects take turns, one load each per round, so a
 * machine that speeds up or slows down during the measurement moves all of them alike and their
 * ratios hold; a bundle timed alone minutes before another is not comparable on a shared machine.
 *
 * Each bundle is loaded from a folder of its own, as Lambda loads `index.js` from its task root:
 * as CommonJS. Loaded where it was built, the nearest package.json would be this repository's,
 * whose `"type": "module"` makes Node read the CommonJS bundle as an ES module instead: slower,
 * and its handler is then not exported at all.
 *
 * @returns the times in milliseconds, per subject in the order given.
 */
export function coldLoadsInTurn(subjects: readonly LoadSubject[], runs: number): number[][] {
  const taskRoots = subjects.map(({ file }) => {
    const taskRoot = mkdtempSync(join(tmpdir(), 'cold-load-'));
    writeFileSync(join(taskRoot, 'package.json'), '{"type":"commonjs"}\n');
    copyFileSync(file, join(taskRoot, 'index.js'));
    return taskRoot;
  });
  try {
    const times = subjects.map((): number[] => []);
    for (let round = 0; round < runs; round++) {
      // Who goes first rotates, so no subject always loads right after the same other one.
      for (let turn = 0; turn < subjects.length; turn++) {
        const index = (round + turn) % subjects.length;
        const out = execFileSync(process.execPath, ['-e', LOADER, join(taskRoots[index]!, 'index.js')], {
          env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-central-1', ...subjects[index]!.env },
          encoding: 'utf8',
        });
        times[index]!.push(Number(out));
      }
    }
    return times;
  } finally {
    for (const taskRoot of taskRoots) rmSync(taskRoot, { recursive: true, force: true });
  }
}
