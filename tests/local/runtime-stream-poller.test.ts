import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkStreamRecord,
  type DynamoDBStreamsClient,
} from '@aws-sdk/client-dynamodb-streams';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../local/runtime/log';
import { StreamPoller, type StreamMapping } from '../../local/runtime/stream-poller';

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/Data/stream/2026-12-02T00:00:00.000';

const mapping: StreamMapping = {
  logicalId: 'PublishEvents',
  functionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:publish',
  eventSourceArn: STREAM_ARN,
  batchSize: 10,
  batchingWindowMs: 0,
  startingPosition: 'TRIM_HORIZON',
  reportBatchItemFailures: false,
  maximumRetryAttempts: -1,
  bisectBatchOnFunctionError: false,
  filters: [],
};

function aRecord(sequenceNumber: string): SdkStreamRecord {
  return { eventID: `event-${sequenceNumber}`, eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'P#1' } }, SequenceNumber: sequenceNumber } };
}

/** A stream of one open shard whose records the test puts there; it counts the GetRecords calls. */
function aStream() {
  const waiting: SdkStreamRecord[] = [];
  const stream = {
    reads: 0,
    put: (record: SdkStreamRecord) => waiting.push(record),
    client: {
      send: async (command: unknown) => {
        if (command instanceof DescribeStreamCommand) return { StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } };
        if (command instanceof GetShardIteratorCommand) return { ShardIterator: 'iterator' };
        if (command instanceof GetRecordsCommand) {
          stream.reads += 1;
          return { Records: waiting.splice(0), NextShardIterator: 'iterator' };
        }
        throw new Error(`unexpected ${String(command)}`);
      },
    } as unknown as DynamoDBStreamsClient,
  };
  return stream;
}

describe('the stream poller', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'stream-poller-'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('polls a quiet stream once a second, and a stream with records five times a second', async () => {
    const stream = aStream();
    const delivered: unknown[] = [];
    const poller = new StreamPoller(mapping, {
      client: stream.client,
      streamArn: STREAM_ARN,
      invoke: async (_arn, event) => delivered.push(event),
      checkpointFile: join(stateDir, 'checkpoints.json'),
      region: 'eu-central-1',
      log: silent,
    });
    await poller.start();

    // Quiet: after backing off, one read a second.
    await vi.advanceTimersByTimeAsync(5_000);
    const quietFrom = stream.reads;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stream.reads - quietFrom).toBe(5);

    // A record after the quiet spell is delivered within the longest pause.
    stream.put(aRecord('100'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ Records: [{ eventID: 'event-100', dynamodb: { SequenceNumber: '100' } }] });

    // While records flow, the stream is read at the full rate again.
    const busyFrom = stream.reads;
    for (let tick = 0; tick < 5; tick++) {
      stream.put(aRecord(String(101 + tick)));
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(stream.reads - busyFrom).toBeGreaterThanOrEqual(5);
    expect(delivered.flatMap((event) => (event as { Records: unknown[] }).Records)).toHaveLength(6);

    await poller.stop();
  });

  it("sends a batch discarded after its retries to the mapping's on-failure destination as Lambda records it: where the batch is in the stream", async () => {
    const stream = aStream();
    const failures: { destination: string; record: unknown }[] = [];
    let invocations = 0;
    const poller = new StreamPoller(
      { ...mapping, maximumRetryAttempts: 2, onFailureArn: 'arn:aws:sqs:eu-central-1:000000000000:publish-dlq' },
      {
        client: stream.client,
        streamArn: STREAM_ARN,
        invoke: async () => {
          invocations++;
          throw new Error('the bus is down');
        },
        onFailure: (destination, record) => {
          failures.push({ destination, record });
        },
        checkpointFile: join(stateDir, 'checkpoints.json'),
        region: 'eu-central-1',
        log: silent,
      },
    );
    await poller.start();
    stream.put({ ...aRecord('200'), dynamodb: { ...aRecord('200').dynamodb, ApproximateCreationDateTime: new Date('2026-12-06T10:00:00Z') } });
    stream.put({ ...aRecord('201'), dynamodb: { ...aRecord('201').dynamodb, ApproximateCreationDateTime: new Date('2026-12-06T10:00:01Z') } });
    await vi.advanceTimersByTimeAsync(5_000);

    expect(invocations).toBe(3);
    expect(failures).toEqual([
      {
        destination: 'arn:aws:sqs:eu-central-1:000000000000:publish-dlq',
        record: {
          requestContext: { requestId: expect.any(String), functionArn: mapping.functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
          responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
          version: '1.0',
          timestamp: expect.any(String),
          DDBStreamBatchInfo: {
            shardId: 'shard-1',
            startSequenceNumber: '200',
            endSequenceNumber: '201',
            approximateArrivalOfFirstRecord: '2026-12-06T10:00:00.000Z',
            approximateArrivalOfLastRecord: '2026-12-06T10:00:01.000Z',
            batchSize: 2,
            streamArn: STREAM_ARN,
          },
        },
      },
    ]);
    await poller.stop();
  });
});
