import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, ConflictError } from '../../shared/domain/errors';
import { retryingConcurrentChanges } from '../../shared/services/concurrent-changes';

/** An operation that loses `races` races to other writers before it gets through. */
function anOperation(races: number, then: () => string = () => 'written') {
  let runs = 0;
  const operation = async () => {
    runs += 1;
    if (runs <= races) throw new ConcurrentChangeError('another writer came first');
    return then();
  };
  return { operation, runs: () => runs };
}

describe('retryingConcurrentChanges', () => {
  it('runs an operation that lost a race again, reading afresh, until it gets through', async () => {
    const { operation, runs } = anOperation(2);

    expect(await retryingConcurrentChanges(operation)).toBe('written');
    expect(runs()).toBe(3);
  });

  it('gives up after four lost races and passes the last one on', async () => {
    const { operation, runs } = anOperation(10);

    await expect(retryingConcurrentChanges(operation)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(runs()).toBe(4);
  });

  it('does not repeat an operation refused for another reason', async () => {
    const { operation, runs } = anOperation(0, () => {
      throw new ConflictError('already graded');
    });

    await expect(retryingConcurrentChanges(operation)).rejects.toThrow('already graded');
    expect(runs()).toBe(1);
  });
});
