import { beforeAll, describe, expect, it } from 'vitest';
import { readBudgets, type BundleBudgets } from '../../bench/bundles';
import { bundleForDeploy, type DeployedCode } from '../../infra/function-bundles';

// The budgets live in bench/bundle-budgets.json beside the measured minimal bundles of each
// function's AWS SDK clients; `npm run bench -- bundles` re-measures those. The sizes are those of
// the code a deploy uploads (one CommonJS file per function), built here in memory without source
// maps: the local cloud and the other tests run the same sources split into shared ES modules.
describe('every Lambda bundle stays within its size budget', () => {
  let deployed: DeployedCode[];
  let warnings: string[];
  let budgets: BundleBudgets;

  beforeAll(async () => {
    ({ functions: deployed, warnings } = await bundleForDeploy());
    budgets = readBudgets();
  }, 120_000);

  it('has a budget for every function and for no function that is gone', () => {
    expect(Object.keys(budgets).sort()).toEqual(deployed.map(({ entry }) => entry).sort());
  });

  it('bundles no function larger than its ceiling', () => {
    const over = deployed
      .filter(({ entry, code }) => code.byteLength > (budgets[entry]?.ceilingBytes ?? 0))
      .map(({ entry, code }) => `${entry}: ${code.byteLength} bytes > ${budgets[entry]?.ceilingBytes} bytes`);
    expect(over).toEqual([]);
  });

  it('sets no ceiling below its target, so the target is where tightening ends', () => {
    const belowTarget = Object.entries(budgets).filter(([, budget]) => budget.ceilingBytes < budget.targetBytes).map(([entry]) => entry);
    expect(belowTarget).toEqual([]);
  });

  it('deploys each function with its AWS SDK clients inside, and esbuild warns of nothing in the deployed code', () => {
    expect(deployed.length).toBeGreaterThanOrEqual(40);
    for (const { entry, code } of deployed) {
      // Only the optional CRT signer, which the SDK tries in a try/catch and Lambda does not have either.
      const required = new Set([...Buffer.from(code).toString('utf8').matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((match) => match[1]));
      expect([...required].filter((name) => name !== '@aws-sdk/signature-v4-crt'), entry).toEqual([]);
    }
    expect(warnings).toEqual([]);
  });
});
