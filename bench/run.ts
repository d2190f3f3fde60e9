import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchBundles } from './bundles';
import { PARTS, writeSection } from './report';

// `npm run bench [-- bundles|start|idle|load|cost|reports …]`: runs the parts asked for (all but reports by default) and
// writes each one's section of docs/benchmarks.md. Settings: BENCH_RUNS (cold loads per bundle,
// default 5), BENCH_PORT (default 3107), BENCH_ASSEMBLY (a synthesized cdk.out to measure
// instead of synthesizing one).

type Part = (typeof PARTS)[number];
const RESULTS = resolve(import.meta.dirname, '..', 'docs', 'benchmarks.md');
const asked = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = asked.filter((arg) => !PARTS.includes(arg as Part));
if (unknown.length > 0) {
  console.error(`unknown part(s) ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`);
  process.exit(2);
}
// The reports part feeds 100,000 items' events through DynamoDB Local (many minutes): asked for by name only.
const parts = new Set<Part>(asked.length > 0 ? (asked as Part[]) : PARTS.filter((part) => part !== 'reports'));
const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const port = Number(process.env.BENCH_PORT ?? 3107);

async function assembly(): Promise<string> {
  if (process.env.BENCH_ASSEMBLY) return resolve(process.env.BENCH_ASSEMBLY);
  const { synthesizeForLocalUse } = await import('../infra/synthesize');
  console.log('bench: synthesizing the CDK app…');
  // The deployed code (one CommonJS file per function with its source map), not the local cloud's split ES modules.
  return (await synthesizeForLocalUse({ outdir: join(workDir, 'cdk.out'), bundles: 'deploy' })).directory;
}

try {
  if (parts.has('start')) {
    const { benchStart } = await import('./start');
    console.log('bench: npm start, cold and warm…');
    const result = await benchStart({ home: join(workDir, 'home'), port });
    writeSection(RESULTS, 'start', result.markdown);
  }
  if (parts.has('bundles')) {
    console.log('bench: bundles and cold loads…');
    writeSection(RESULTS, 'bundles', await benchBundles({ assemblyDir: await assembly(), workDir, runs }));
  }
  if (parts.has('idle') || parts.has('load') || parts.has('cost')) {
    const { benchPlatform } = await import('./platform-parts');
    const sections = await benchPlatform({ home: join(workDir, 'platform'), port, idle: parts.has('idle'), load: parts.has('load'), cost: parts.has('cost') });
    for (const [part, markdown] of sections) writeSection(RESULTS, part, markdown);
  }
  if (parts.has('reports')) {
    const { benchReports } = await import('./reports');
    await benchReports((markdown) => writeSection(RESULTS, 'reports', markdown));
  }
  console.log(`bench: wrote ${RESULTS}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
