import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The webhook consumers with their collaborators replaced: what is under test is which records a
// batch reports back to SQS and what happens to a failed one, and what the fan-out logs.
const webhooks = vi.hoisted(() => ({ deliver: vi.fn(), retryLater: vi.fn(), recordDeadLetter: vi.fn(), fanOut: vi.fn() }));
vi.mock('../../functions/webhooks/compose', () => ({ brandWebhooks: () => webhooks, webhookDeadLetters: () => webhooks, webhookFanOut: () => webhooks }));
// The listing sync likewise: which changes it reports back, and when they are due again.
const resale = vi.hoisted(() => ({ syncListing: vi.fn(), retryLater: vi.fn() }));
vi.mock('../../functions/resale/compose', () => ({ resaleService: () => resale, listingChangeQueue: () => resale }));

const { handler: deliverWebhooks } = await import('../../functions/webhooks/deliver-webhooks');
const { handler: recordDeadLetters } = await import('../../functions/webhooks/record-dead-letters');
const { handler: fanOutWebhooks } = await import('../../functions/webhooks/fan-out-webhooks');
const { handler: syncListing } = await import('../../functions/resale/sync-listing');
const { logger } = await import('../../shared/observability');
const { LISTING_SYNC_RETRY_SECONDS } = await import('../../shared/domain/listings');

const SUBSCRIPTION = '01JD0000000000000000000000';

function record(messageId: string, body: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
    eventSource: 'aws:sqs',
  } as unknown as SQSRecord;
}

const delivery = (webhookId: string) => ({ brand: 'demo', subscriptionId: SUBSCRIPTION, webhookId, body: '{}' });
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

beforeEach(() => {
  vi.clearAllMocks();
  webhooks.retryLater.mockResolvedValue(undefined);
  resale.retryLater.mockResolvedValue([]);
});

describe('delivering webhooks from the queue', () => {
  it('reports only the failed deliveries and backs each off by its receive count', async () => {
    webhooks.deliver.mockImplementation(async ({ webhookId }: { webhookId: string }) => {
      if (webhookId === 'b') throw new Error('endpoint answered 500');
    });

    const response = await deliverWebhooks(batch(record('m1', delivery('a')), record('m2', delivery('b'), 3), record('m3', delivery('c'))));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(webhooks.deliver).toHaveBeenCalledTimes(3);
    expect(webhooks.retryLater).toHaveBeenCalledExactlyOnceWith('handle-m2', 3);
  });

  it('reports a message it cannot read, and delivers the rest', async () => {
    webhooks.deliver.mockResolvedValue(undefined);

    const response = await deliverWebhooks(batch(record('m1', 'not json'), record('m2', delivery('b'))));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(webhooks.deliver).toHaveBeenCalledExactlyOnceWith(delivery('b'));
  });

  it('reports every message of a batch that failed whole instead of failing the invocation', async () => {
    webhooks.deliver.mockRejectedValue(new Error('endpoint down'));
    webhooks.retryLater.mockRejectedValue(new Error('queue unreachable'));

    const response = await deliverWebhooks(batch(record('m1', delivery('a')), record('m2', delivery('b'))));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
  });

  it('delivers one message at a time', async () => {
    let running = 0;
    let most = 0;
    webhooks.deliver.mockImplementation(async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    });

    await deliverWebhooks(batch(record('m1', delivery('a')), record('m2', delivery('b')), record('m3', delivery('c'))));

    expect(most).toBe(1);
  });
});

describe('recording dead letters from the queue', () => {
  it('records each dead letter under its message id and reports the ones not recorded', async () => {
    webhooks.recordDeadLetter.mockImplementation(async (messageId: string) => {
      if (messageId === 'm1') throw new Error('table unavailable');
    });

    const response = await recordDeadLetters(batch(record('m1', delivery('a')), record('m2', delivery('b'))));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(webhooks.recordDeadLetter).toHaveBeenCalledWith('m2', delivery('b'));
  });
});

describe('fanning a passport event out to the subscriptions', () => {
  const context = { functionName: 'fan-out', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
  const graded = {
    eventId: 'P1/4',
    passportId: 'P1',
    brand: 'demo',
    seq: 4,
    at: '2026-11-04T10:00:00.000Z',
    state: 'GRADED',
    type: 'Graded',
    data: { grade: 'GOOD', route: 'RESELL', settlement: { outcome: 'ACCEPTED', payout: { amount: 14_900, currency: 'EUR' } }, by: 'ops-1' },
  };

  it('logs each subscription that does not parse as an error, naming it and its fields, and answers what it queued', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    webhooks.fanOut.mockResolvedValue({ queued: 1, unreadable: [{ subscriptionId: SUBSCRIPTION, problems: ['url: Invalid input'] }] });

    expect(await fanOutWebhooks(graded, context)).toBe(1);

    expect(errors).toHaveBeenCalledExactlyOnceWith('webhook subscriptions unreadable: the event was not sent to them', {
      brand: 'demo',
      eventId: 'P1/4',
      problems: [`webhook subscription ${SUBSCRIPTION}: url: Invalid input`],
    });
  });

  it('logs no error when every subscription parses', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    webhooks.fanOut.mockResolvedValue({ queued: 2, unreadable: [] });

    expect(await fanOutWebhooks(graded, context)).toBe(2);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('applying listing changes from the FIFO queue', () => {
  // Passports P1, P2, P3 (the queue's message groups).
  const P = (n: number) => `01JD00000000000000000000P${n}`;
  const change = (messageId: string, passport: string, channel = 'ebay'): SQSRecord => {
    const passportId = P(Number(passport.slice(1)));
    const made = record(messageId, { passportId, channel, reason: 'listed' });
    return { ...made, attributes: { ...made.attributes, MessageGroupId: passportId } } as SQSRecord;
  };

  it("reports a failed change and its passport's later ones, and makes them due again in a minute, not at the queue's visibility timeout", async () => {
    resale.syncListing.mockImplementation(async ({ passportId, channel }: { passportId: string; channel: string }) => {
      if (passportId === P(1) && channel === 'ebay') throw new Error('eBay answered 503');
    });

    const response = await syncListing(batch(change('m1', 'P1'), change('m2', 'P2'), change('m3', 'P1', 'backmarket'), change('m4', 'P3')));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] });
    // P1's Back Market change must not overtake its eBay change: it is not applied, only reported.
    expect(resale.syncListing.mock.calls.map(([message]) => message.passportId)).toEqual([P(1), P(2), P(3)]);
    expect(LISTING_SYNC_RETRY_SECONDS).toBe(60);
    expect(resale.retryLater).toHaveBeenCalledExactlyOnceWith(['handle-m1', 'handle-m3'], 60);
  });

  it('sets no next try when every change was applied', async () => {
    resale.syncListing.mockResolvedValue(undefined);

    expect(await syncListing(batch(change('m1', 'P1'), change('m2', 'P2')))).toEqual({ batchItemFailures: [] });
    expect(resale.retryLater).not.toHaveBeenCalled();
  });

  it('still reports the failed changes when their next try cannot be set, and logs it', async () => {
    const warnings = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    resale.syncListing.mockRejectedValue(new Error('channel down'));
    resale.retryLater.mockRejectedValueOnce(new Error('SQS unreachable'));

    expect(await syncListing(batch(change('m1', 'P1'), change('m2', 'P2')))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expect(warnings).toHaveBeenCalledWith('next try of listing changes not set', { error: expect.objectContaining({ message: 'SQS unreachable' }) });

    resale.retryLater.mockResolvedValueOnce(['handle-m2']);
    expect(await syncListing(batch(change('m1', 'P1'), change('m2', 'P2')))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expect(warnings).toHaveBeenCalledWith('next try of listing changes not set', { refused: 1 });
  });
});
