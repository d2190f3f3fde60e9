import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The job queue's consumer with the repair network replaced: what is under test is which job each message names.
const service = vi.hoisted(() => ({ deliverJob: vi.fn() }));
vi.mock('../../functions/repair/compose', () => ({ repairNetwork: () => service }));

const { handler } = await import('../../functions/repair/deliver-job');
const { logger } = await import('../../shared/observability');

const PASSPORT = '01JD0000000000000000000000';
const record = (messageId: string, body: unknown): SQSRecord =>
  ({ messageId, body: JSON.stringify(body), receiptHandle: `h-${messageId}`, attributes: { ApproximateReceiveCount: '1' } }) as unknown as SQSRecord;
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const overridden = (data: Record<string, unknown>) => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'RouteOverridden',
  source: 'kreislauf.passport',
  detail: { eventId: `${PASSPORT}/7`, passportId: PASSPORT, brand: 'demo', seq: 7, at: '2026-12-07T12:00:00.000Z', state: 'GRADED', type: 'RouteOverridden', data },
});

beforeEach(() => {
  vi.clearAllMocks();
  service.deliverJob.mockResolvedValue({ delivered: false, withdrawalDelivered: true });
});

describe("the job queue's consumer", () => {
  it('delivers the job a message names, and the withdrawn job of a whole RouteOverridden event a redrive moved back', async () => {
    const withdrawal = overridden({ from: 'REPAIR', route: 'RECYCLE', reason: 'Partner closed down', by: 'admin-1', withdrawn: { jobId: `${PASSPORT}-R1`, partnerId: 'rp-closed' } });

    expect(await handler(batch(record('m1', { passportId: PASSPORT, jobId: `${PASSPORT}-R2` }), record('m2', withdrawal)))).toEqual({ batchItemFailures: [] });

    expect(service.deliverJob.mock.calls).toEqual([[{ passportId: PASSPORT, jobId: `${PASSPORT}-R2` }], [{ passportId: PASSPORT, jobId: `${PASSPORT}-R1` }]]);
  });

  it('reports back an event that withdrew no job, without delivering anything for it', async () => {
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

    const answer = await handler(batch(record('m1', overridden({ from: 'RESELL', route: 'RECYCLE', reason: 'Cheaper', by: 'ops-1' }))));

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(service.deliverJob).not.toHaveBeenCalled();
  });
});
