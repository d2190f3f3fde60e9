import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';

// The stalled-passport sweeper's handler with its sweeper replaced: what is under test is the
// metric document it writes for a sweep (CloudWatch bills a custom metric for each hour it is
// published in, so a sweep every five minutes that found nothing must publish none).
const sweeper = vi.hoisted(() => ({ sweep: vi.fn() }));
vi.mock('../../functions/platform/compose', () => ({ stalledPassportSweeper: () => sweeper }));

const { handler } = await import('../../functions/platform/sweep-stalled-passports');

const context = { functionName: 'sweep-stalled-passports', awsRequestId: 'r-1' } as unknown as Context;

/** The embedded-metric documents written to standard output while `run` runs. */
async function metricDocuments(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  onTestFinished(() => spy.mockRestore());
  await run();
  spy.mockRestore();
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeEach(() => vi.clearAllMocks());

describe('the stalled-passport sweeper', () => {
  it('publishes no metric when a sweep re-drove and flagged nothing', async () => {
    sweeper.sweep.mockResolvedValue({ redriven: 0, flagged: 0, failed: [] });

    expect(await metricDocuments(() => handler({}, context))).toEqual([]);
  });

  it('publishes what it flagged for the alarm, and leaves out a zero count', async () => {
    sweeper.sweep.mockResolvedValue({ redriven: 0, flagged: 2, failed: [] });

    const documents = await metricDocuments(() => handler({}, context));

    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ StalledPassportsFlagged: 2 });
    expect(documents[0]).not.toHaveProperty('StalledStepsRedriven');
  });

  it('publishes its counts before it fails the run for a passport it could not sweep', async () => {
    sweeper.sweep.mockResolvedValue({ redriven: 1, flagged: 0, failed: [{ passportId: 'P1', step: 'LABEL', error: 'throttled' }] });

    const documents = await metricDocuments(() => expect(handler({}, context)).rejects.toThrow(/1 stalled passport\(s\) could not be swept: P1/));

    expect(documents).toEqual([expect.objectContaining({ StalledStepsRedriven: 1 })]);
  });
});
