import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFunctionBundles, type FunctionBundle } from './assembly-bundles';
import { coldLoadsInTurn } from './cold-load';
import { buildMinimalBundles, setName, type MinimalBundle } from './minimal-bundles';
import { format, machine, median, table } from './report';

/** How far above the minimal bundle of its clients a function may be (issue 8). */
export const ALLOWANCE_BYTES = 60 * 1024;

export const BUDGETS_FILE = join(import.meta.dirname, 'bundle-budgets.json');

export interface BundleBudget {
  /** The AWS SDK packages the bundle holds. */
  clients: string;
  /** The minimal bundle of those clients, as last measured by `npm run bench -- bundles`. */
  minimalBytes: number;
  /** The goal: minimal + 60 KB. */
  targetBytes: number;
  /** What the test enforces: set by hand, lowered towards `targetBytes` as bundles shrink. */
  ceilingBytes: number;
}

export type BundleBudgets = Record<string, BundleBudget>;

export function readBudgets(): BundleBudgets {
  return JSON.parse(readFileSync(BUDGETS_FILE, 'utf8')) as BundleBudgets;
}

/**
 * A function's environment for loading its bundle outside Lambda: the template's plain values,
 * and a placeholder of the right shape for those it resolves at deploy time.
 */
function loadEnvironment(bundle: FunctionBundle, variables: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = { AWS_LAMBDA_FUNCTION_NAME: bundle.logicalId, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(bundle.memorySize) };
  for (const [key, value] of Object.entries(variables)) {
    if (key === 'NODE_OPTIONS') continue;
    if (typeof value === 'string') env[key] = value;
    else if (key.endsWith('_URL')) env[key] = 'https://bench.invalid/path';
    else if (key.endsWith('_ARN')) env[key] = 'arn:aws:lambda:eu-central-1:000000000000:function:bench';
    else if (key.startsWith('ALLOW_')) env[key] = 'false';
    else env[key] = `bench-${key.toLowerCase()}`;
  }
  return env;
}

function templateVariables(assemblyDir: string): Map<string, Record<string, unknown>> {
  const template = JSON.parse(readFileSync(join(assemblyDir, 'Kreislauf.template.json'), 'utf8')) as {
    Resources: Record<string, { Properties?: { Environment?: { Variables?: Record<string, unknown> } } }>;
  };
  return new Map(Object.entries(template.Resources).map(([id, r]) => [id, r.Properties?.Environment?.Variables ?? {}]));
}

/**
 * Part `bundles`: every function's bundle size and cold load next to the minimal bundle of the
 * same SDK clients, and the anchors (DocumentClient alone, with `zod/mini`). Updates the minimal
 * sizes and targets of the budget file; its ceilings are left as they are.
 */
export async function benchBundles(options: { assemblyDir: string; workDir: string; runs: number }): Promise<string> {
  const bundles = readFunctionBundles(options.assemblyDir);
  const variables = templateVariables(options.assemblyDir);
  const sets = new Map(bundles.map((bundle) => [setName(bundle.clients), bundle.clients]));
  const minimal = await buildMinimalBundles(join(options.workDir, 'minimal'), [...sets.values()]);
  const minimalOf = new Map(minimal.map((bundle) => [bundle.name, bundle]));
  const anchor = minimalOf.get('lib-dynamodb') as MinimalBundle;
  const commonJsFirst = await buildMinimalBundles(join(options.workDir, 'minimal-commonjs-first'), [['lib-dynamodb']], { mainFields: ['main', 'module'] });
  const anchorCommonJs = commonJsFirst.find((bundle) => bundle.name === 'lib-dynamodb')!;
  // The same minimal handlers as issue 8 bundled them, with the SDK's default credential chain: sizes only, and the anchor's loads.
  const sdkChain = await buildMinimalBundles(join(options.workDir, 'minimal-sdk-credential-chain'), [...sets.values()], { sdkCredentialChain: true });
  const sdkChainOf = new Map(sdkChain.map((bundle) => [bundle.name, bundle]));
  const anchorSdkChain = sdkChainOf.get('lib-dynamodb') as MinimalBundle;
  const [anchorsOwn, zodMiniOwn, commonJsOwn, sdkChainOwn] = coldLoadsInTurn(
    [anchor, minimalOf.get('lib-dynamodb+zod/mini')!, anchorCommonJs, anchorSdkChain].map(({ file }) => ({ file })),
    options.runs,
  ).map(median) as [number, number, number, number];

  // Each function takes turns with the minimal handler of its clients and the DocumentClient anchor,
  // so every ratio compares loads made in the same minutes.
  const anchorTimes: number[] = [];
  const rows = bundles.map((bundle) => {
    const set = setName(bundle.clients);
    const min = minimalOf.get(set)!;
    const subjects = [{ file: bundle.file, env: loadEnvironment(bundle, variables.get(bundle.logicalId) ?? {}) }, { file: min.file }];
    if (min !== anchor) subjects.push({ file: anchor.file });
    const [own, ofMinimal, ofAnchor = ofMinimal] = coldLoadsInTurn(subjects, options.runs) as [number[], number[], number[]?];
    anchorTimes.push(...ofAnchor);
    return { bundle, set, min, loadMs: median(own), minimalLoadMs: median(ofMinimal), anchorLoadMs: median(ofAnchor) };
  });

  updateBudgets(rows.map(({ bundle, set, min }) => ({ entry: bundle.entry, set, min })));

  const anchorLoad = median(anchorTimes);
  const loads = rows.map((row) => row.loadMs);
  const ratios = rows.map((row) => row.loadMs / row.anchorLoadMs);
  const sizes = rows.map((row) => row.bundle.bytes);
  const overTarget = rows.filter((row) => row.bundle.bytes > row.min.bytes + ALLOWANCE_BYTES).length;
  const overSdkChainTarget = rows.filter((row) => row.bundle.bytes > sdkChainOf.get(row.set)!.bytes + ALLOWANCE_BYTES).length;
  /** The functions' median cold load over the SDK-chain anchor's: the ratio in turns, times the anchors' ratio in theirs. */
  const sdkChainRatio = (median(loads) / anchorLoad) * (anchorsOwn / sdkChainOwn);
  const budgets = readBudgets();

  return [
    '## Bundle size and cold load per function',
    '',
    machine(),
    '',
    `Bundles from the cloud assembly synthesized with the deploy build (\`index.js\`, minified, as \`cdk deploy\` uploads it); cold load is the median of ${options.runs} \`require\`s of the`,
    'bundle, each in a fresh Node.js process (process start not counted; the template environment, without `NODE_OPTIONS`),',
    'copied alone into a folder of its own and loaded as CommonJS, as Lambda loads `index.js` from its task root.',
    'Each function\'s loads take turns with those of the minimal handler of its clients and of the minimal DocumentClient',
    'handler, so a ratio compares loads made in the same minutes however the machine\'s speed drifts; the DocumentClient',
    'figure below is the median of all its loads made in those turns.',
    'The minimal bundle is a handler that constructs the same AWS SDK clients and sends one command with each,',
    'bundled with the same esbuild options (`LAMBDA_BUNDLE_OPTIONS` in `infra/function-bundles.ts`). Target (issue 8): within 60 KB of it.',
    '',
    `**Summary:** ${rows.length} functions, ${format.kb(Math.min(...sizes))}–${format.kb(Math.max(...sizes))} (median ${format.kb(median(sizes))});`,
    `cold load median ${format.ms(median(loads))}, max ${format.ms(Math.max(...loads))}, against ${format.ms(anchorLoad)} for the minimal DocumentClient handler`,
    `bundled as the functions are (${(median(loads) / anchorLoad).toFixed(2)}×; the median of each function's ratio to the loads it took turns with:`,
    `${median(ratios).toFixed(2)}×) and ${sdkChainRatio.toFixed(2)}× the load of the minimal handler as issue 8 bundled it, with the SDK's default`,
    `credential chain (target ≤ 1.3×; below the anchors' table). ${overTarget} of ${rows.length} bundles are over their target (60 KB above the`,
    `minimal bundle of their clients, bundled as they are); against the minimal bundles with the SDK's default chain, ${overSdkChainTarget} would be.`,
    '',
    '### Anchors',
    '',
    table(
      ['minimal handler', 'bundle', 'cold load', '× DocumentClient'],
      [
        ['DynamoDB DocumentClient', format.kb(anchor.bytes), format.ms(anchorsOwn), '1.00×'],
        ['DocumentClient + `zod/mini`', format.kb(minimalOf.get('lib-dynamodb+zod/mini')!.bytes), format.ms(zodMiniOwn), `${(zodMiniOwn / anchorsOwn).toFixed(2)}×`],
        ['DocumentClient, esbuild\'s default `mainFields: main,module`', format.kb(anchorCommonJs.bytes), format.ms(commonJsOwn), `${(commonJsOwn / anchorsOwn).toFixed(2)}×`],
        ['DocumentClient with the SDK\'s default credential chain (the handler issue 8 measured)', format.kb(anchorSdkChain.bytes), format.ms(sdkChainOwn), `${(sdkChainOwn / anchorsOwn).toFixed(2)}×`],
      ],
    ),
    '',
    `These four took turns with each other, ${options.runs} loads each, before the functions.`,
    '',
    'Every minimal handler here and every function is bundled with the environment\'s credential provider in place of the',
    'SDK\'s default chain (`alias` in `LAMBDA_BUNDLE_OPTIONS`; Lambda sets the credentials in the environment), so the',
    'targets compare like with like: what a function carries beyond its clients. The last row is the DocumentClient handler',
    'bundled without that alias, as issue 8 measured its minimal handler: the functions\' median cold load is',
    `${sdkChainRatio.toFixed(2)}× its load (the summary\'s first ratio times this table\'s ratio of the last row to the first).`,
    '',
    'The platform bundles the ES module builds of its dependencies (`mainFields: module,main`); the third row is the',
    'same handler with esbuild\'s default order, which picks the CommonJS builds that esbuild cannot tree-shake.',
    '',
    '### Functions',
    '',
    table(
      ['function', 'AWS SDK clients', 'bundle', 'cold load', 'minimal bundle', 'minimal cold load', '× DocumentClient', 'over minimal', 'budget ceiling'],
      rows.map(({ bundle, set, min, loadMs, minimalLoadMs, anchorLoadMs }) => [
        `\`${bundle.entry}\``,
        set,
        format.kb(bundle.bytes),
        format.ms(loadMs),
        format.kb(min.bytes),
        format.ms(minimalLoadMs),
        `${(loadMs / anchorLoadMs).toFixed(2)}×`,
        `${format.kb(bundle.bytes - min.bytes)}${bundle.bytes - min.bytes > ALLOWANCE_BYTES ? ' ✗' : ''}`,
        budgets[bundle.entry] ? format.kb(budgets[bundle.entry]!.ceilingBytes) : 'none',
      ]),
    ),
  ].join('\n');
}

function updateBudgets(measured: { entry: string; set: string; min: MinimalBundle }[]): void {
  const budgets = readBudgets();
  for (const { entry, set, min } of measured) {
    const budget = budgets[entry];
    if (!budget) continue;
    Object.assign(budget, { clients: set, minimalBytes: min.bytes, targetBytes: min.bytes + ALLOWANCE_BYTES });
  }
  writeFileSync(BUDGETS_FILE, `${JSON.stringify(budgets, null, 2)}\n`);
}
