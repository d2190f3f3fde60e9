import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, ConflictError } from '../../shared/domain/errors';
import { retryingConcurrentChanges, type RetryTiming } from '../../shared/services/concurrent-changes';

/** What happened, in order: each run of the operation and each pause between runs (its milliseconds). */
type Step = 'run' | number;

/** An operation that loses `races` races to other writers before it gets through, noting each run in `steps`. */
function anOperation(races: number, steps: Step[] = [], then: () => string = () => 'written') {
  let runs = 0;
  const operation = async () => {
    runs += 1;
    steps.push('run');
    if (runs <= races) throw new ConcurrentChangeError('another writer came first');
    return then();
  };
  return { operation, runs: () => runs };
}

/** Pauses that are noted in `steps` and return at once, with the random draw given (1: the whole bound). */
const noted = (steps: Step[], draw = 0.999_999): RetryTiming => ({
  pause: async (ms) => {
    steps.push(ms);
  },
  random: () => draw,
});

describe('retryingConcurrentChanges', () => {
  it('runs an operation that lost a race again, reading afresh, until it gets through', async () => {
    const steps: Step[] = [];
    const { operation, runs } = anOperation(2, steps);

    expect(await retryingConcurrentChanges(operation, noted(steps))).toBe('written');
    expect(runs()).toBe(3);
  });

  it('gives up after eight lost races and passes the last one on', async () => {
    const steps: Step[] = [];
    const { operation, runs } = anOperation(10, steps);

    await expect(retryingConcurrentChanges(operation, noted(steps))).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(runs()).toBe(8);
  });

  it('pauses between runs only, each pause a random part of a bound that doubles from 10 ms up to 200 ms', async () => {
    const steps: Step[] = [];
    const { operation } = anOperation(10, steps);

    await expect(retryingConcurrentChanges(operation, noted(steps))).rejects.toBeInstanceOf(ConcurrentChangeError);

    // Seven pauses between eight runs, none before the first run nor after the last.
    expect(steps.map((step) => (step === 'run' ? 'run' : 'pause'))).toEqual(['run', ...Array.from({ length: 7 }, () => ['pause', 'run']).flat()]);
    const pauses = steps.filter((step): step is number => step !== 'run');
    expect(pauses.map((ms) => Math.round(ms))).toEqual([10, 20, 40, 80, 160, 200, 200]);
  });

  it('draws each pause at random below its bound, so writers that collided read again at different moments', async () => {
    const steps: Step[] = [];
    const { operation } = anOperation(3, steps);

    await retryingConcurrentChanges(operation, noted(steps, 0.25));

    expect(steps.filter((step) => step !== 'run')).toEqual([2.5, 5, 10]);
  });

  it('does not repeat an operation refused for another reason, nor pause', async () => {
    const steps: Step[] = [];
    const { operation, runs } = anOperation(0, steps, () => {
      throw new ConflictError('already graded');
    });

    await expect(retryingConcurrentChanges(operation, noted(steps))).rejects.toThrow('already graded');
    expect(runs()).toBe(1);
    expect(steps).toEqual(['run']);
  });

  it('pauses for real without a timing given, and gets through', async () => {
    const { operation, runs } = anOperation(1);

    expect(await retryingConcurrentChanges(operation)).toBe('written');
    expect(runs()).toBe(2);
  });
});
