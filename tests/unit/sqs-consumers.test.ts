import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The webhook consumers with their collaborators replaced: what is under test is which records a
// batch reports back to SQS and what happens to a failed one.
const webhooks = vi.hoisted(() => ({ deliver: vi.fn(), retryLater: vi.fn(), recordDeadLetter: vi.fn() }));
vi.mock('../../functions/webhooks/compose', () => ({ brandWebhooks: () => webhooks, webhookRecords: () => webhooks }));

const { handler: deliverWebhooks } = await import('../../functions/webhooks/deliver-webhooks');
const { handler: recordDeadLetters } = await import('../../functions/webhooks/record-dead-letters');

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
