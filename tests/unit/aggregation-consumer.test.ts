import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The aggregation's queue consumer with the aggregation replaced: what is under test is which messages it reads as
// passport events and which it reports back.
const aggregation = vi.hoisted(() => ({ aggregate: vi.fn() }));
vi.mock('../../functions/reports/compose', () => ({ aggregateStore: () => ({}), brandConfigs: () => ({}) }));
vi.mock('../../shared/services/event-aggregation', () => ({
  EventAggregation: class {
    aggregate = aggregation.aggregate;
  },
}));

const { handler } = await import('../../functions/reports/aggregate-passport-events');
const { logger } = await import('../../shared/observability');

const cancelled = (n: number) => ({
  eventId: `01JD0000000000000000000000/${n}`,
  passportId: '01JD0000000000000000000000',
  brand: 'demo',
  seq: n,
  at: '2026-12-07T00:00:00.000Z',
  state: 'CANCELLED',
  type: 'TakeBackCancelled',
  data: { from: 'LABEL_CREATED' },
});
const record = (messageId: string, body: unknown): SQSRecord => ({ messageId, body: JSON.stringify(body), receiptHandle: `h-${messageId}`, attributes: {} }) as unknown as SQSRecord;
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

beforeEach(() => {
  vi.clearAllMocks();
  aggregation.aggregate.mockResolvedValue({ duplicates: [], failed: [] });
});

describe("the aggregation's queue consumer", () => {
  it('counts a passport event whether the message is the event, or the whole bus event a redrive moved back', async () => {
    const envelope = { version: '0', id: 'e-1', 'detail-type': 'TakeBackCancelled', source: 'kreislauf.passport', detail: cancelled(5) };

    expect(await handler(batch(record('m1', cancelled(4)), record('m2', envelope)))).toEqual({ batchItemFailures: [] });

    expect(aggregation.aggregate).toHaveBeenCalledExactlyOnceWith([expect.objectContaining({ eventId: cancelled(4).eventId }), expect.objectContaining({ eventId: cancelled(5).eventId })]);
  });

  it('reports back the messages of the events not counted now, and drops what is no passport event, logged', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    aggregation.aggregate.mockResolvedValue({ duplicates: [], failed: [cancelled(4).eventId] });

    expect(await handler(batch(record('m1', cancelled(4)), record('m2', { hello: 'world' })))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(errors).toHaveBeenCalledWith('not a passport event', expect.objectContaining({ messageId: 'm2' }));
  });
});
