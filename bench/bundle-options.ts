import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/**
 * The esbuild options the platform's Lambdas are bundled with (those of `KreislaufFunction`:
 * CommonJS for Node.js 22, minified, every dependency inside, ES module builds of packages preferred): the
 * minimal bundles and the budget test use the same, so sizes compare. Change them with the construct.
 */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  logLevel: 'error',
} as const satisfies BuildOptions;

/** The AWS SDK packages a bundle is measured against, in the order the tables show them. */
export const SDK_CLIENTS = [
  'lib-dynamodb',
  'client-dynamodb',
  'client-s3',
  'client-sfn',
  'client-eventbridge',
  'client-sqs',
  'client-sesv2',
  'client-scheduler',
  'client-secrets-manager',
] as const;

export type SdkClient = (typeof SDK_CLIENTS)[number];

/** The SDK packages among a bundle's input files (`node_modules/@aws-sdk/<name>/…`). */
export function sdkClientsIn(inputs: Iterable<string>): SdkClient[] {
  const found = new Set<string>();
  for (const input of inputs) {
    const match = /node_modules\/@aws-sdk\/([a-z0-9-]+)\//.exec(input);
    if (match) found.add(match[1]!);
  }
  // The DocumentClient brings the DynamoDB client; the set names the DocumentClient only.
  if (found.has('lib-dynamodb')) found.delete('client-dynamodb');
  return SDK_CLIENTS.filter((client) => found.has(client));
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Every Lambda entry point: `functions/<area>/<action>.ts`, keyed `<area>/<action>` (the shared
 * `commons/` and an area's `compose.ts`, which builds its handlers' collaborators, are none).
 */
export function functionEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  const functions = join(ROOT, 'functions');
  for (const area of readdirSync(functions, { withFileTypes: true })) {
    if (!area.isDirectory() || area.name === 'commons') continue;
    for (const file of readdirSync(join(functions, area.name)).filter((name) => name.endsWith('.ts') && name !== 'compose.ts')) {
      entries[`${area.name}/${file.slice(0, -'.ts'.length)}`] = join(functions, area.name, file);
    }
  }
  return entries;
}

/** The minified size of every function's bundle, from one esbuild build of all entry points held in memory. */
export async function functionBundleSizes(): Promise<Map<string, number>> {
  const result = await build({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: functionEntries(), outdir: join(ROOT, '.bench-bundles'), write: false });
  return new Map(
    result.outputFiles.map((output) => [relative(join(ROOT, '.bench-bundles'), output.path).replace(/\.js$/, ''), output.contents.byteLength]),
  );
}
