import { parseArgs } from 'node:util';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand, type Message } from '@aws-sdk/client-sqs';
import { toLambdaStreamRecord } from '../runtime/stream-records';
import type { StreamFailureRecord } from '../runtime/stream-poller';
import { batchItemFailures, batchOf, eventOf } from './dead-letter-messages';
import { DEAD_LETTER_QUEUES, type DeadLetters } from '../../infra/dead-letter-queues';

// `npm run redrive -- <queue>`: hands a dead-letter queue's messages back, once what failed works
// again (the queues: infra/dead-letter-queues.ts).
// - A queue SQS dead-lettered into from a source queue (listings, repair-jobs, aggregation): SQS's
//   message move task puts each message back on the queue it came from.
// - A function's queue (customer-emails, reminders, reminder-scheduling, fan-out, listing-events):
//   each message is the event the function failed on; it is handed to the function (Lambda's
//   Invoke) and deleted once the function took it. The first the function fails on stops the
//   command, with the function's error; it and the messages after it stay in the queue.
// - The table stream's on-failure queue (passport-events): each message says where a discarded
//   batch is in the stream; its records are read from the stream (kept 24 hours) and handed to the
//   stream's function as Lambda would, and the message is deleted once the function took them all.
// Without options, on the running local platform (KREISLAUF_API_URL, else http://localhost:$PORT),
// whose queues it finds at /_local/queues. On AWS, with the usual credentials: --source-arn
// <dead-letter queue ARN> for a source queue's, --queue-url <URL> --function-name <name> for a
// function's, --queue-url <URL> for the stream's.

const USAGE = [
  'usage: npm run redrive -- <queue> [--source-arn <ARN> | --queue-url <URL> [--function-name <name>]]',
  ...[...DEAD_LETTER_QUEUES].map(([name, { what }]) => `  ${name.padEnd(20)} ${what}`),
].join('\n');

class UsageError extends Error {}

interface LocalQueue {
  name: string;
  url: string;
  arn: string;
}

const apiUrl = () => process.env.KREISLAUF_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;

/** A page of the running local platform, as JSON. */
async function localPage<T>(path: string): Promise<T> {
  const response = await fetch(`${apiUrl()}${path}`).catch((error: unknown) => {
    throw new Error(`no platform answers at ${apiUrl()} (${(error as Error).message}); start it with npm start, or pass the AWS options`);
  });
  return (await response.json()) as T;
}

/** The local platform's queue whose name holds `namePart`, and the AWS endpoint it is served on. */
async function localQueue(namePart: string): Promise<LocalQueue & { endpoint: string }> {
  const queues = await localPage<LocalQueue[]>('/_local/queues');
  const queue = queues.find((candidate) => candidate.name.includes(namePart));
  if (!queue) throw new Error(`the platform at ${apiUrl()} has no queue named like ${namePart}`);
  return { ...queue, endpoint: new URL(queue.url).origin };
}

const LOCAL_CLIENT = { region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/**
 * The batch's records, read from the stream from its first to its last sequence number. Those between
 * them that the mapping's filter left out of the batch come along; a stream function skips what is not
 * its to handle, as the platform's publisher does.
 */
async function readBatch(streams: DynamoDBStreamsClient, { DDBStreamBatchInfo: batch }: StreamFailureRecord): Promise<StreamRecord[]> {
  const end = BigInt(batch.endSequenceNumber);
  const records: StreamRecord[] = [];
  let { ShardIterator: iterator } = await streams
    .send(new GetShardIteratorCommand({ StreamArn: batch.streamArn, ShardId: batch.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: batch.startSequenceNumber }))
    .catch((error: Error) => {
      throw new Error(`the stream no longer holds the batch from ${batch.startSequenceNumber} (it keeps records 24 hours): ${error.name}: ${error.message}`);
    });
  for (let reads = 0; iterator && reads < 1_000; reads++) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
    for (const record of page.Records ?? []) {
      if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return records;
      records.push(record);
    }
    if (records.at(-1)?.dynamodb?.SequenceNumber === batch.endSequenceNumber) return records;
    iterator = page.NextShardIterator;
  }
  if (records.length === 0) throw new Error(`the stream holds none of the batch from ${batch.startSequenceNumber} to ${batch.endSequenceNumber}`);
  return records;
}

/** One function's invocation for one dead letter. */
interface Invocation {
  functionName: string;
  payload: unknown;
  /** What the function's answer says went wrong, when it answers without an error (a stream's batch item failures). */
  failedIn?: (result: unknown) => string | undefined;
}

/** Hands every message of the queue to its function, deleting each it took; stops at the first it fails on. */
async function handBack(sqs: SQSClient, queueUrl: string, lambda: LambdaClient, invocationOf: (message: Message) => Promise<Invocation>): Promise<{ handed: number; functions: Set<string> }> {
  let handed = 0;
  const functions = new Set<string>();
  for (;;) {
    const { Messages: messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0 }));
    if (messages.length === 0) return { handed, functions };
    for (const [index, message] of messages.entries()) {
      let failure: string | undefined;
      try {
        const { functionName, payload, failedIn } = await invocationOf(message);
        functions.add(functionName);
        const answer = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)) }));
        const result = Buffer.from(answer.Payload ?? []).toString('utf8');
        if (answer.FunctionError) failure = `${functionName} failed on message ${message.MessageId}: ${result}`;
        else if (failedIn) {
          const failed = failedIn(result ? JSON.parse(result) : null);
          if (failed) failure = `${functionName} failed on message ${message.MessageId}: ${failed}`;
        }
      } catch (error) {
        failure = (error as Error).message;
      }
      if (failure) {
        // Visible again at once, for the next redrive (or a person to read).
        const left = messages.slice(index);
        await Promise.all(left.map(({ ReceiptHandle }) => sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle, VisibilityTimeout: 0 }))));
        throw new Error(`${failure}\nhanded back ${handed}; that message and the others not handed back stay in the queue`);
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      handed++;
    }
  }
}

async function redrive(queue: DeadLetters, options: { 'source-arn'?: string; 'queue-url'?: string; 'function-name'?: string }): Promise<string> {
  if (queue.kind === 'queue') {
    if (options['queue-url'] || options['function-name']) throw new UsageError(`${USAGE}\n(--source-arn, not --queue-url or --function-name, for this queue)`);
    const target = options['source-arn']
      ? { arn: options['source-arn'], client: new SQSClient({}) }
      : await localQueue(queue.queue).then(({ arn, endpoint }) => ({ arn, client: new SQSClient({ endpoint, ...LOCAL_CLIENT }) }));
    const { TaskHandle } = await target.client.send(new StartMessageMoveTaskCommand({ SourceArn: target.arn }));
    return `redriving ${target.arn} (task ${TaskHandle ?? 'started'})`;
  }
  if (queue.kind === 'stream') {
    if (options['source-arn'] || options['function-name']) throw new UsageError(`${USAGE}\n(--queue-url alone for this queue: the function and the stream are in each message)`);
    const target = options['queue-url']
      ? { url: options['queue-url'], sqs: new SQSClient({}), lambda: new LambdaClient({}), streams: new DynamoDBStreamsClient({}), region: process.env.AWS_REGION ?? 'eu-central-1' }
      : await Promise.all([localQueue(queue.queue), localPage<{ dynamodb: string }>('/_local/endpoints')]).then(([{ url, endpoint }, { dynamodb }]) => ({
          url,
          sqs: new SQSClient({ endpoint, ...LOCAL_CLIENT }),
          lambda: new LambdaClient({ endpoint, ...LOCAL_CLIENT }),
          streams: new DynamoDBStreamsClient({ endpoint: dynamodb, ...LOCAL_CLIENT }),
          region: LOCAL_CLIENT.region,
        }));
    const { handed, functions } = await handBack(target.sqs, target.url, target.lambda, async (message) => {
      const record = batchOf(message);
      const records = await readBatch(target.streams, record);
      return {
        functionName: record.requestContext.functionArn,
        payload: { Records: records.map((entry) => toLambdaStreamRecord(entry, record.DDBStreamBatchInfo.streamArn, target.region)) },
        failedIn: batchItemFailures,
      };
    });
    return `handed ${handed} batch${handed === 1 ? '' : 'es'} of ${target.url} back to ${[...functions].join(', ') || 'their function'}`;
  }
  if (options['source-arn']) throw new UsageError(`${USAGE}\n(--queue-url and --function-name, not --source-arn, for this queue)`);
  if (Boolean(options['queue-url']) !== Boolean(options['function-name'])) throw new UsageError(`${USAGE}\n(--queue-url and --function-name go together)`);
  const target =
    options['queue-url'] && options['function-name']
      ? { url: options['queue-url'], functionName: options['function-name'], sqs: new SQSClient({}), lambda: new LambdaClient({}) }
      : await localQueue(queue.queue).then(({ url, endpoint }) => ({
          url,
          functionName: queue.function,
          sqs: new SQSClient({ endpoint, ...LOCAL_CLIENT }),
          lambda: new LambdaClient({ endpoint, ...LOCAL_CLIENT }),
        }));
  const { handed } = await handBack(target.sqs, target.url, target.lambda, async (message) => ({ functionName: target.functionName, payload: eventOf(message) }));
  return `handed ${handed} message${handed === 1 ? '' : 's'} of ${target.url} back to ${target.functionName}`;
}

try {
  const { values, positionals } = parseArgs({
    options: { 'source-arn': { type: 'string' }, 'queue-url': { type: 'string' }, 'function-name': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const queue = DEAD_LETTER_QUEUES.get(positionals[0] ?? '');
  if (!queue || positionals.length !== 1) throw new UsageError(USAGE);
  process.stdout.write(`${await redrive(queue, values)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
