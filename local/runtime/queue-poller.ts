import type { SQSRecord } from 'aws-lambda';
import { systemAttributesOf, type LocalSqs, type QueuedMessage } from '../services/sqs';
import type { Logger } from './log';

/** An `AWS::Lambda::EventSourceMapping` on a queue of the stack, with Lambda's defaults filled in. */
export interface QueueMapping {
  logicalId: string;
  functionArn: string;
  queueArn: string;
  batchSize: number;
  batchingWindowMs: number;
  reportBatchItemFailures: boolean;
  /** `FilterCriteria`: a message is delivered when any filter matches it; the others are deleted unseen. */
  filters: ((record: unknown) => boolean)[];
}

export interface QueuePollerOptions {
  sqs: LocalSqs;
  invoke(functionArn: string, event: unknown): Promise<unknown>;
  region: string;
  log: Logger;
  /** Receive loops running side by side (Lambda starts with several pollers per mapping). */
  pollers?: number;
}

/** Lambda's long poll. */
const WAIT_MS = 20_000;
/** One ReceiveMessage returns ten messages at most. */
const RECEIVE_MAX = 10;
/** After an unexpected failure, so that a lasting one is not retried in a busy loop. */
const PAUSE_AFTER_FAILURE_MS = 1000;

/** A queue message as Lambda hands it to the function in `event.Records`. */
function toSqsRecord(message: QueuedMessage, queueArn: string, region: string): SQSRecord {
  const messageAttributes = Object.fromEntries(
    Object.entries(message.messageAttributes).map(([name, value]) => [
      name,
      {
        ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { binaryValue: value.BinaryValue } : {}),
        stringListValues: [],
        binaryListValues: [],
        dataType: value.DataType,
      },
    ]),
  );
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle ?? '',
    body: message.body,
    attributes: systemAttributesOf(message) as unknown as SQSRecord['attributes'],
    messageAttributes,
    md5OfBody: message.md5OfBody,
    ...(message.md5OfMessageAttributes ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** A filter sees the body as JSON when it is JSON, as Lambda's event filtering does. */
function filterView(record: SQSRecord): unknown {
  try {
    return { ...record, body: JSON.parse(record.body) };
  } catch {
    return record;
  }
}

/**
 * The message ids a partial batch response reports as failed. An empty or missing list means
 * all succeeded; an entry that names no message of the batch fails the whole batch (as in Lambda).
 */
function failedMessageIds(response: unknown, batch: SQSRecord[]): Set<string> {
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  const ids = failures.map((failure) => (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  const known = new Set(batch.map((record) => record.messageId));
  if (ids.some((id) => typeof id !== 'string' || !known.has(id))) return known;
  return new Set(ids as string[]);
}

/**
 * Polls one queue for one event source mapping, the way Lambda does: long-polls batches (up to
 * BatchSize, waiting up to MaximumBatchingWindowInSeconds to fill them), invokes the function
 * and deletes what it handled. What fails stays in the queue and comes back after its visibility
 * timeout with a higher receive count, so the queue's redrive policy moves it to the dead-letter
 * queue after `maxReceiveCount` receives. Nothing is deleted that the function did not handle.
 */
export class QueuePoller {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly mapping: QueueMapping,
    private readonly options: QueuePollerOptions,
  ) {}

  start(): void {
    this.loops = Array.from({ length: this.options.pollers ?? 2 }, () => this.run());
  }

  /** Stops polling; a batch whose invocation is cut short stays in the queue. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async run(): Promise<void> {
    const { mapping, options } = this;
    while (!this.abort.signal.aborted) {
      try {
        const records = (await this.collect()).map((message) => toSqsRecord(message, mapping.queueArn, options.region));
        if (records.length > 0) await this.deliver(records);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        options.log.warn(`queue mapping ${mapping.logicalId}: ${error instanceof Error ? error.message : String(error)}`);
        await this.pause();
      }
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, PAUSE_AFTER_FAILURE_MS);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async collect(): Promise<QueuedMessage[]> {
    const { mapping, options } = this;
    const signal = this.abort.signal;
    const batch = await options.sqs.receive(mapping.queueArn, { max: Math.min(RECEIVE_MAX, mapping.batchSize), waitMs: WAIT_MS, signal });
    const windowEnds = Date.now() + mapping.batchingWindowMs;
    while (batch.length > 0 && batch.length < mapping.batchSize && Date.now() < windowEnds && !signal.aborted) {
      const max = Math.min(RECEIVE_MAX, mapping.batchSize - batch.length);
      batch.push(...(await options.sqs.receive(mapping.queueArn, { max, waitMs: windowEnds - Date.now(), signal })));
    }
    return batch;
  }

  private async deliver(records: SQSRecord[]): Promise<void> {
    const { mapping, options } = this;
    const { filters } = mapping;
    const wanted = filters.length === 0 ? records : records.filter((record) => filters.some((matches) => matches(filterView(record))));
    const filteredOut = records.filter((record) => !wanted.includes(record));
    options.sqs.deleteMessages(mapping.queueArn, filteredOut.map((record) => record.receiptHandle));
    if (wanted.length === 0) return;
    let failed: Set<string>;
    try {
      const response = await options.invoke(mapping.functionArn, { Records: wanted });
      failed = mapping.reportBatchItemFailures ? failedMessageIds(response, wanted) : new Set();
    } catch (error) {
      if (this.abort.signal.aborted) return;
      failed = new Set(wanted.map((record) => record.messageId));
      options.log.warn(
        `queue mapping ${mapping.logicalId}: batch of ${wanted.length} failed (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}); the messages return after their visibility timeout`,
      );
    }
    const handled = wanted.filter((record) => !failed.has(record.messageId));
    options.sqs.deleteMessages(mapping.queueArn, handled.map((record) => record.receiptHandle));
  }
}
