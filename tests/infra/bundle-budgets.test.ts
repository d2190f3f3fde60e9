import { beforeAll, describe, expect, inject, it } from 'vitest';
import { readFunctionBundles } from '../../bench/assembly-bundles';
import { readBudgets, type BundleBudgets } from '../../bench/bundles';

// The budgets live in bench/bundle-budgets.json beside the measured minimal bundles of each
// function's AWS SDK clients; `npm run bench -- bundles` re-measures those. The sizes are those of
// the bundles the synthesized stack deploys (the run's one synthesized app), not of a build of their own.
describe('every Lambda bundle stays within its size budget', () => {
  let sizes: Map<string, number>;
  let budgets: BundleBudgets;

  beforeAll(() => {
    sizes = new Map(readFunctionBundles(inject('assemblyDir')).map((bundle) => [bundle.entry, bundle.bytes]));
    budgets = readBudgets();
  });

  it('has a budget for every function and for no function that is gone', () => {
    expect(Object.keys(budgets).sort()).toEqual([...sizes.keys()].sort());
  });

  it('bundles no function larger than its ceiling', () => {
    const over = [...sizes]
      .filter(([entry, bytes]) => bytes > (budgets[entry]?.ceilingBytes ?? 0))
      .map(([entry, bytes]) => `${entry}: ${bytes} bytes > ${budgets[entry]?.ceilingBytes} bytes`);
    expect(over).toEqual([]);
  });

  it('sets no ceiling below its target, so the target is where tightening ends', () => {
    const belowTarget = Object.entries(budgets).filter(([, budget]) => budget.ceilingBytes < budget.targetBytes).map(([entry]) => entry);
    expect(belowTarget).toEqual([]);
  });
});
