import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as SdkStreamRecord,
  type DynamoDBStreamsClient,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Logger } from './log';
import { StreamCheckpoints } from './stream-checkpoints';
import { toLambdaStreamRecord } from './stream-records';

/** An `AWS::Lambda::EventSourceMapping` on a table's stream, with Lambda's defaults filled in. */
export interface StreamMapping {
  logicalId: string;
  functionArn: string;
  /** The stream ARN the template names; Lambda puts it in every record. */
  eventSourceArn: string;
  batchSize: number;
  batchingWindowMs: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  reportBatchItemFailures: boolean;
  /** -1: retry until the records expire, as Lambda does. */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  /** `FilterCriteria`: a record is delivered when any filter matches it; no filters deliver all. */
  filters: ((record: DynamoDBRecord) => boolean)[];
  /** `DestinationConfig.OnFailure.Destination`: where the record of a batch discarded after its retries goes. */
  onFailureArn?: string;
}

/**
 * What Lambda sends a mapping's on-failure destination for a batch it discarded: where the batch is
 * in the stream, not its records (which the stream keeps for 24 hours).
 */
export interface StreamFailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord?: string;
    approximateArrivalOfLastRecord?: string;
    batchSize: number;
    /** The stream as it can be read: locally DynamoDB Local's, which differs from the template's. */
    streamArn: string;
  };
}

export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  /** The ARN of the stream in DynamoDB Local, which differs from the template's. */
  streamArn: string;
  invoke(functionArn: string, event: unknown): Promise<unknown>;
  /** Where the mapping's checkpoints are kept between runs; without it, in memory only. */
  checkpointFile?: string;
  region: string;
  log: Logger;
  /** The pause between polls while records flow (default 200 ms). */
  pollIntervalMs?: number;
  /** The longest pause between polls of a stream that has been quiet (default 1 s; never below `pollIntervalMs`). */
  idlePollIntervalMs?: number;
  /** Sends the record of a discarded batch to the mapping's on-failure destination (an SQS queue's ARN). */
  onFailure?(destinationArn: string, record: StreamFailureRecord): void | Promise<void>;
}

class Stopped extends Error {}

/** Every shard of a stream, open and closed, page after page of `DescribeStream`. */
export async function listShards(client: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
    shards.push(...(StreamDescription?.Shards ?? []));
    exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId);
  return shards;
}

/** How long a listing of the stream's shards is used before it is listed again. */
const SHARD_LIST_MAX_AGE_MS = 5_000;

const POLL_INTERVAL_MS = 200;

/**
 * A quiet stream is polled less and less often, up to this pause: each empty poll costs a signed
 * request and DynamoDB Local's work (about a tenth of a core per platform at 200 ms on the 2-core
 * machine), and a platform is quiet most of the time. The first record after a quiet spell waits
 * at most this long more; from then on the stream is polled at the full rate again.
 */
export const IDLE_POLL_INTERVAL_MS = 1_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Where a partial batch response says processing failed: the index of the first failed record. */
function firstFailure(response: unknown, batch: DynamoDBRecord[]): number {
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return batch.length;
  const positions = failures.map((failure) =>
    batch.findIndex((record) => record.dynamodb?.SequenceNumber === (failure as { itemIdentifier?: unknown })?.itemIdentifier),
  );
  // Lambda treats a response naming a record that is not in the batch as a failure of the whole batch.
  return positions.includes(-1) ? 0 : Math.min(...positions);
}

/**
 * Polls one table stream for one event source mapping, the way Lambda does: shard by shard
 * (parents before children), in batches, retrying failed batches and keeping a checkpoint per
 * shard so a restart continues where it stopped.
 */
export class StreamPoller {
  private readonly abort = new AbortController();
  private readonly iterators = new Map<string, string | undefined>();
  private readonly buffers = new Map<string, { records: SdkStreamRecord[]; since: number }>();
  private checkpoints: StreamCheckpoints | undefined;
  private loop: Promise<void> | undefined;
  private shards: { list: Shard[]; listedAt: number } | undefined;
  private shardClosed = false;

  constructor(
    private readonly mapping: StreamMapping,
    private readonly options: StreamPollerOptions,
  ) {}

  /** Starts polling; resolves once the starting position is fixed (records written afterwards are delivered). */
  async start(): Promise<void> {
    this.checkpoints = new StreamCheckpoints(this.options.checkpointFile, this.options.streamArn);
    if (this.checkpoints.fresh && this.mapping.startingPosition === 'LATEST') await this.skipToLatest();
    this.loop = this.run();
  }

  /** Stops polling. A batch whose invocation is cut short is neither checkpointed nor retried. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let lastProblem = '';
    const busy = this.options.pollIntervalMs ?? POLL_INTERVAL_MS;
    const idle = Math.max(busy, this.options.idlePollIntervalMs ?? IDLE_POLL_INTERVAL_MS);
    let pause = busy;
    while (!this.stopped) {
      try {
        const active = await this.pollOnce();
        // Back off while nothing is read or waits in a batching window; back to the full rate on a record.
        pause = active ? busy : Math.min(pause * 2, idle);
        lastProblem = '';
      } catch (error) {
        if (error instanceof Stopped || this.stopped) return;
        this.shards = undefined; // a shard the listing named may be gone
        const problem = describeError(error);
        if (problem !== lastProblem) this.options.log.warn(`stream ${this.mapping.logicalId}: ${problem}`);
        lastProblem = problem;
        pause = busy;
      }
      await sleep(pause, this.abort.signal);
    }
  }

  private listShards(): Promise<Shard[]> {
    return listShards(this.options.client, this.options.streamArn);
  }

  private async iterator(shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined> {
    const { ShardIterator } = await this.options.client.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: sequenceNumber,
      }),
    );
    return ShardIterator;
  }

  /** LATEST on a fresh start: every record already in the stream counts as handled. */
  private async skipToLatest(): Promise<void> {
    const checkpoints = this.checkpoints!;
    for (const shard of await this.listShards()) {
      const shardId = shard.ShardId!;
      let iterator = await this.iterator(shardId, 'TRIM_HORIZON');
      while (iterator) {
        const { Records = [], NextShardIterator } = await this.options.client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
        );
        const last = Records.at(-1)?.dynamodb?.SequenceNumber;
        if (last) checkpoints.advance(shardId, last);
        iterator = NextShardIterator;
        if (Records.length === 0) break;
      }
      if (iterator) this.iterators.set(shardId, iterator);
      else checkpoints.close(shardId);
    }
  }

  /**
   * The stream's shards, listed again when a shard was read to its end (its children appear then)
   * and at least every {@link SHARD_LIST_MAX_AGE_MS}: an idle platform polls records, not its shard list.
   */
  private async currentShards(): Promise<Shard[]> {
    if (!this.shards || this.shardClosed || Date.now() - this.shards.listedAt > SHARD_LIST_MAX_AGE_MS) {
      this.shardClosed = false;
      this.shards = { list: await this.listShards(), listedAt: Date.now() };
    }
    return this.shards.list;
  }

  /** Polls every readable shard once; true when it read a record or records wait in a batching window. */
  private async pollOnce(): Promise<boolean> {
    const checkpoints = this.checkpoints!;
    const shards = await this.currentShards();
    const known = new Set(shards.map((shard) => shard.ShardId));
    let active = false;
    for (const shard of shards) {
      const shardId = shard.ShardId!;
      if (checkpoints.isClosed(shardId)) continue;
      // A child shard waits until its parent is read to the end, so records stay in order per key.
      if (shard.ParentShardId && known.has(shard.ParentShardId) && !checkpoints.isClosed(shard.ParentShardId)) continue;
      if (await this.pollShard(shardId)) active = true;
    }
    return active;
  }

  private async startingIterator(shardId: string): Promise<string | undefined> {
    const checkpoints = this.checkpoints!;
    const sequenceNumber = checkpoints.sequenceNumber(shardId);
    if (sequenceNumber) {
      try {
        return await this.iterator(shardId, 'AFTER_SEQUENCE_NUMBER', sequenceNumber);
      } catch (error) {
        if (!(error instanceof TrimmedDataAccessException)) throw error;
        this.options.log.warn(
          `stream ${this.mapping.logicalId}: records after the checkpoint expired; reading shard ${shardId} from its oldest record`,
        );
        return this.iterator(shardId, 'TRIM_HORIZON');
      }
    }
    // StartingPosition only decides where a fresh mapping begins; a shard that appears later is read from its start.
    return this.iterator(shardId, checkpoints.fresh ? this.mapping.startingPosition : 'TRIM_HORIZON');
  }

  /** Reads a shard and delivers what is due; true when it read a record or records wait in the batching window. */
  private async pollShard(shardId: string): Promise<boolean> {
    const buffer = this.buffers.get(shardId) ?? { records: [], since: Date.now() };
    let iterator = this.iterators.has(shardId) ? this.iterators.get(shardId) : await this.startingIterator(shardId);
    let read = false;
    try {
      while (iterator && !this.stopped) {
        const { Records = [], NextShardIterator } = await this.options.client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
        );
        if (buffer.records.length === 0) buffer.since = Date.now();
        buffer.records.push(...Records);
        if (Records.length > 0) read = true;
        iterator = NextShardIterator;
        if (Records.length === 0 || buffer.records.length >= this.mapping.batchSize) break;
      }
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        // Start over from the checkpoint; what was buffered is read again.
        this.iterators.delete(shardId);
        this.buffers.delete(shardId);
        return true;
      }
      throw error;
    }
    this.iterators.set(shardId, iterator);
    this.buffers.set(shardId, buffer);

    const windowOpen = Date.now() - buffer.since < this.mapping.batchingWindowMs;
    while (buffer.records.length > 0 && !(windowOpen && iterator && buffer.records.length < this.mapping.batchSize)) {
      await this.deliver(shardId, buffer.records.slice(0, this.mapping.batchSize));
      buffer.records.splice(0, this.mapping.batchSize);
    }
    if (!iterator && buffer.records.length === 0) {
      this.shardClosed = true;
      this.checkpoints!.close(shardId);
      this.iterators.delete(shardId);
      this.buffers.delete(shardId);
    }
    return read || buffer.records.length > 0;
  }

  /** Sends where a discarded batch is in the stream to the mapping's on-failure destination, as Lambda does. */
  private async recordFailure(shardId: string, batch: DynamoDBRecord[], invocations: number, functionError: boolean): Promise<void> {
    const destination = this.mapping.onFailureArn;
    if (!destination || !this.options.onFailure) return;
    const arrival = (record: DynamoDBRecord | undefined) => {
      const seconds = record?.dynamodb?.ApproximateCreationDateTime;
      return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
    };
    const [first, last] = [batch[0], batch.at(-1)];
    const record: StreamFailureRecord = {
      requestContext: { requestId: randomUUID(), functionArn: this.mapping.functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: invocations },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(functionError ? { functionError: 'Unhandled' } : {}) },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first?.dynamodb?.SequenceNumber ?? '',
        endSequenceNumber: last?.dynamodb?.SequenceNumber ?? '',
        ...(arrival(first) ? { approximateArrivalOfFirstRecord: arrival(first) } : {}),
        ...(arrival(last) ? { approximateArrivalOfLastRecord: arrival(last) } : {}),
        batchSize: batch.length,
        streamArn: this.options.streamArn,
      },
    };
    try {
      await this.options.onFailure(destination, record);
      this.options.log.warn(`stream ${this.mapping.logicalId}: the discarded batch's place in the stream sent to ${destination}`);
    } catch (error) {
      this.options.log.error(`stream ${this.mapping.logicalId}: the on-failure destination ${destination} refused the discarded batch: ${describeError(error)}`);
    }
  }

  /** Delivers records read from the stream; when it returns, all of them are handled. */
  private async deliver(shardId: string, records: SdkStreamRecord[]): Promise<void> {
    const { eventSourceArn, filters } = this.mapping;
    const batch = records
      .map((record) => toLambdaStreamRecord(record, eventSourceArn, this.options.region))
      .filter((record) => filters.length === 0 || filters.some((matches) => matches(record)));
    if (batch.length > 0) await this.deliverBatch(shardId, batch);
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) this.checkpoints!.advance(shardId, last);
  }

  private async deliverBatch(shardId: string, batch: DynamoDBRecord[]): Promise<void> {
    const { mapping } = this;
    let pending = batch;
    let retries = 0;
    while (pending.length > 0) {
      let failedAt: number;
      let reason: string;
      let functionError = false;
      try {
        const response = await this.options.invoke(mapping.functionArn, { Records: pending });
        failedAt = mapping.reportBatchItemFailures ? firstFailure(response, pending) : pending.length;
        reason = 'the function reported failed items';
      } catch (error) {
        functionError = true;
        if (this.stopped) throw new Stopped();
        if (mapping.bisectBatchOnFunctionError && pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          await this.deliverBatch(shardId, pending.slice(0, half));
          await this.deliverBatch(shardId, pending.slice(half));
          return;
        }
        failedAt = 0;
        reason = describeError(error);
      }
      const done = pending[failedAt - 1]?.dynamodb?.SequenceNumber;
      if (done) this.checkpoints!.advance(shardId, done);
      pending = pending.slice(failedAt);
      if (pending.length === 0) return;
      if (this.stopped) throw new Stopped();
      retries++;
      if (mapping.maximumRetryAttempts >= 0 && retries > mapping.maximumRetryAttempts) {
        this.options.log.warn(
          `stream ${mapping.logicalId}: ${pending.length} record(s) discarded after ${retries} attempts (${reason})`,
        );
        await this.recordFailure(shardId, pending, retries, functionError);
        return;
      }
      this.options.log.warn(`stream ${mapping.logicalId}: batch of ${pending.length} failed (${reason}), retry ${retries}`);
      await sleep(Math.min(200 * 2 ** (retries - 1), 5000), this.abort.signal);
      if (this.stopped) throw new Stopped();
    }
  }
}
