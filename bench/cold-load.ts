import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Loads the bundle, times it, and fails unless it exported its handler (so it ran as Lambda runs it). */
const LOADER = `const began = performance.now(); const loaded = require(process.argv[1]); const ms = performance.now() - began;
if (typeof loaded.handler !== 'function') throw new Error(process.argv[1] + ' exported no handler');
process.stdout.write(String(ms));`;

/**
 * The median time to `require` a bundle in a fresh Node.js process, over `runs` processes (the
 * process's own start is not counted). Loading must not throw, so the function's environment is given.
 *
 * The bundle is loaded from a folder of its own, as Lambda loads `index.js` from its task root:
 * as CommonJS. Loaded where it was built, the nearest package.json would be this repository's,
 * whose `"type": "module"` makes Node read the CommonJS bundle as an ES module instead: slower,
 * and its handler is then not exported at all.
 */
export function coldLoadMs(file: string, runs: number, env: Record<string, string> = {}): number {
  const taskRoot = mkdtempSync(join(tmpdir(), 'cold-load-'));
  try {
    writeFileSync(join(taskRoot, 'package.json'), '{"type":"commonjs"}\n');
    const copy = join(taskRoot, 'index.js');
    copyFileSync(file, copy);
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const out = execFileSync(process.execPath, ['-e', LOADER, copy], {
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-central-1', ...env },
        encoding: 'utf8',
      });
      times.push(Number(out));
    }
    return median(times);
  } finally {
    rmSync(taskRoot, { recursive: true, force: true });
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
