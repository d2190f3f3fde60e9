import { execFileSync } from 'node:child_process';

const LOADER = `const began = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - began));`;

/**
 * The median time to `require` a bundle in a fresh Node.js process, over `runs` processes (the
 * process's own start is not counted). Loading must not throw, so the function's environment is given.
 */
export function coldLoadMs(file: string, runs: number, env: Record<string, string> = {}): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const out = execFileSync(process.execPath, ['-e', LOADER, file], {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-central-1', ...env },
      encoding: 'utf8',
    });
    times.push(Number(out));
  }
  return median(times);
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
