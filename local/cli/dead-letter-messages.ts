import type { Message } from '@aws-sdk/client-sqs';
import { detailOf } from '../../shared/adapters/eventbridge/bus-event';
import type { StreamFailureRecord } from '../runtime/stream-poller';

// What `npm run redrive` (./redrive.ts) reads in a dead letter and in a function's answer.

/** The event in a dead letter: the message as the function got it, or the whole EventBridge event a rule's queue may keep. */
export function eventOf(message: Message): unknown {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    throw new Error(`message ${message.MessageId} is not JSON, so no function takes it: ${message.Body?.slice(0, 200)}`);
  }
  return detailOf(body);
}

/** Where a discarded batch is in the stream, from the record Lambda sent the on-failure destination. */
export function batchOf(message: Message): StreamFailureRecord {
  let record: Partial<StreamFailureRecord> | undefined;
  try {
    record = JSON.parse(message.Body ?? '') as Partial<StreamFailureRecord>;
  } catch {
    // Said below.
  }
  const batch = record?.DDBStreamBatchInfo;
  if (!record?.requestContext?.functionArn || !batch?.streamArn || !batch.shardId || !batch.startSequenceNumber || !batch.endSequenceNumber) {
    throw new Error(`message ${message.MessageId} is not the record of a discarded stream batch: ${message.Body?.slice(0, 200)}`);
  }
  return record as StreamFailureRecord;
}

/** A stream function's answer names the records it failed on (`ReportBatchItemFailures`). */
export function batchItemFailures(result: unknown): string | undefined {
  const failures = (result as { batchItemFailures?: { itemIdentifier?: string }[] } | null)?.batchItemFailures ?? [];
  return failures.length > 0 ? `it failed on the records from ${failures[0]!.itemIdentifier}` : undefined;
}
