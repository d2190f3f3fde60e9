import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;
export const format = {
  kb,
  ms: (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`,
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  usd: (usd: number) => `$${usd < 0.01 ? usd.toFixed(7) : usd.toFixed(4)}`,
};

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The value at or below which `p` % of the values lie. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The machine a part ran on, written under its heading so that parts run apart stay comparable. */
export function machine(): string {
  const [one, five] = loadavg();
  return (
    `Ran ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} CPU (${cpus()[0]?.model.trim() ?? 'unknown'}), ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB memory (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Node.js ${process.version}, ` +
    `load average ${one!.toFixed(2)} / ${five!.toFixed(2)} (1 / 5 min).`
  );
}

export const PARTS = ['bundles', 'start', 'idle', 'load', 'cost', 'reports'] as const;

const HEADER = `# Benchmarks

Written by \`npm run bench\` (one part: \`npm run bench -- bundles|start|idle|load|cost|reports\`); the code is in
\`bench/\`. Timings depend on the machine and its load, written under each part. No test asserts a
timing; the bundle budgets (\`bench/bundle-budgets.json\`) are checked by \`tests/infra/bundle-budgets.test.ts\`.
`;

/** Replaces one part's section of the results file (between its markers), keeping the others. */
export function writeSection(file: string, part: string, markdown: string): void {
  const begin = `<!-- bench:${part} -->`;
  const end = `<!-- /bench:${part} -->`;
  const section = `${begin}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : HEADER + PARTS.map((name) => `\n<!-- bench:${name} -->\n<!-- /bench:${name} -->\n`).join('');
  const at = current.indexOf(begin);
  const next =
    at >= 0 ? current.slice(0, at) + section + current.slice(current.indexOf(end, at) + end.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
