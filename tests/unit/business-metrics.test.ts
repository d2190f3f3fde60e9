import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUSINESS_METRICS, businessMetricsOf } from '../../shared/domain/business-metrics';

describe('businessMetricsOf', () => {
  it('counts take-backs requested, labels created, vouchers issued, items sold and passports needing a person by their events', () => {
    const counts = businessMetricsOf(['TakeBackRequested', 'LabelCreated', 'TakeBackRequested', 'VoucherIssued', 'Sold', 'NeedsAttention', 'NeedsAttention']);
    expect(Object.fromEntries(counts)).toEqual({ TakeBacksRequested: 2, LabelsCreated: 1, VouchersIssued: 1, ItemsSold: 1, PassportsNeedingAttention: 2 });
  });

  it('counts nothing for the other events of the catalogue', () => {
    expect(businessMetricsOf(['ParcelReceived', 'Graded', 'CustomerEmailSent', 'LabelFailed', 'constructor', '__proto__']).size).toBe(0);
  });
});

describe('the passport event publisher', () => {
  afterEach(() => vi.restoreAllMocks());

  const streamed = (seq: number, type: string, data: Record<string, unknown>): DynamoDBStreamEvent['Records'][number] => ({
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: String(seq),
      NewImage: marshall({
        PK: 'P#01M7ZXYPY22CD95WFK5GDM66AR',
        SK: `E#${seq}`,
        entity: 'PassportEvent',
        passportId: '01M7ZXYPY22CD95WFK5GDM66AR',
        brand: 'demo',
        type,
        seq,
        at: '2026-11-21T20:49:52.260Z',
        state: 'LABEL_CREATED',
        data,
      }) as never,
    },
  });

  /** The embedded-metric documents the handler wrote on standard output. */
  const metricDocuments = (calls: unknown[][]) =>
    calls
      .map(([chunk]) => String(chunk))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } });

  it('writes one metric document that counts the published events, not the ones the bus refused', async () => {
    vi.stubEnv('EVENT_BUS_NAME', 'bus');
    // The second label event is refused by the bus: it is retried, so it is not counted yet.
    vi.spyOn(EventBridgeClient.prototype, 'send').mockImplementation(async () => ({
      Entries: [{ EventId: 'a' }, { EventId: 'b' }, { ErrorCode: 'InternalFailure' }, { EventId: 'd' }],
    }));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { handler } = await import('../../functions/events/publish-passport-events');

    const label = { carrier: 'DHL', shipmentNo: '999993313791', shipBy: '2026-12-05T22:59:59.999Z' };
    const result = await handler({
      Records: [
        streamed(1, 'TakeBackRequested', { sku: 'JKT-1', quoteId: 'q1', selfAssessedGrade: 'GOOD', payoutMethod: 'VOUCHER' }),
        streamed(2, 'LabelCreated', label),
        streamed(3, 'LabelCreated', label),
        streamed(4, 'LabelEmailSent', { messageId: 'm1' }),
      ],
    });
    const written = [...write.mock.calls];
    write.mockRestore();

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '3' }]);
    const documents = metricDocuments(written);
    expect(documents).toHaveLength(1);
    expect(documents[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('Kreislauf');
    expect(documents[0]).toMatchObject({ [BUSINESS_METRICS.takeBacksRequested]: 1, [BUSINESS_METRICS.labelsCreated]: 1, service: 'kreislauf' });
    expect(documents[0]!._aws.CloudWatchMetrics[0]!.Metrics.map((metric) => metric.Name).sort()).toEqual(['LabelsCreated', 'TakeBacksRequested']);
  });

  it('writes no metric document for a batch without business events', async () => {
    vi.stubEnv('EVENT_BUS_NAME', 'bus');
    vi.spyOn(EventBridgeClient.prototype, 'send').mockImplementation(async () => ({ Entries: [{ EventId: 'a' }] }));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { handler } = await import('../../functions/events/publish-passport-events');

    await handler({ Records: [streamed(5, 'LabelEmailSent', { messageId: 'm2' })] });
    const written = [...write.mock.calls];
    write.mockRestore();

    expect(metricDocuments(written)).toEqual([]);
  });
});
