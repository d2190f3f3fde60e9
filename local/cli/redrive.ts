import { parseArgs } from 'node:util';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ExecutionAlreadyExists, ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
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
// - A workflow's queue of the events its rules could not start it with (take-back-starts,
//   payout-starts, routing-starts, listing-starts): each event's detail starts an execution, named
//   after the message (`redrive-<message id>`), so a redrive that died after starting one and runs
//   again starts no second; the message is deleted once its execution started.
// Without options, on the running local platform (KREISLAUF_API_URL, else http://localhost:$PORT),
// whose queues it finds at /_local/queues. On AWS, with the usual credentials: --source-arn
// <dead-letter queue ARN> for a source queue's (and --destination-arn <source queue ARN> where a rule's
// target dead-letters there too: aggregation), --queue-url <URL> --function-name <name> for a
// function's, --queue-url <URL> for the stream's, --queue-url <URL> --state-machine-arn <ARN> for a
// workflow's.

const USAGE = [
  'usage: npm run redrive -- <queue> [--source-arn <ARN> [--destination-arn <ARN>] | --queue-url <URL> [--function-name <name> | --state-machine-arn <ARN>]]',
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

/** Hands a dead letter back; answers what went wrong, or nothing once it was taken. */
type Delivery = (message: Message) => Promise<string | undefined>;

/** Invokes the message's function with its event: taken unless the function failed or its answer says so. Adds each function invoked to `functions`. */
function invoking(lambda: LambdaClient, invocationOf: (message: Message) => Promise<Invocation>, functions = new Set<string>()): Delivery {
  return async (message) => {
    const { functionName, payload, failedIn } = await invocationOf(message);
    functions.add(functionName);
    const answer = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)) }));
    const result = Buffer.from(answer.Payload ?? []).toString('utf8');
    if (answer.FunctionError) return `${functionName} failed on message ${message.MessageId}: ${result}`;
    const failed = failedIn?.(result ? JSON.parse(result) : null);
    return failed ? `${functionName} failed on message ${message.MessageId}: ${failed}` : undefined;
  };
}

/**
 * Starts the workflow with the message's event, under a name of the message's own: one started already (by a redrive
 * that died before it deleted the message) is taken as started.
 */
function starting(sfn: SFNClient, stateMachineArn: string): Delivery {
  return async (message) => {
    try {
      await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `redrive-${message.MessageId}`, input: JSON.stringify(eventOf(message)) }));
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
    return undefined;
  };
}

/** Hands every message of the queue back, deleting each that was taken; stops at the first that was not. */
async function handBack(sqs: SQSClient, queueUrl: string, deliver: Delivery): Promise<number> {
  let handed = 0;
  for (;;) {
    const { Messages: messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0 }));
    if (messages.length === 0) return handed;
    for (const [index, message] of messages.entries()) {
      let failure: string | undefined;
      try {
        failure = await deliver(message);
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

/** The running local platform's state machine whose name holds `namePart`. */
async function localStateMachine(sfn: SFNClient, namePart: string): Promise<string> {
  const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
  const found = stateMachines.find((machine) => machine.name?.includes(namePart));
  if (!found?.stateMachineArn) throw new Error(`the platform at ${apiUrl()} has no state machine named like ${namePart}`);
  return found.stateMachineArn;
}

type Options = { 'source-arn'?: string; 'destination-arn'?: string; 'queue-url'?: string; 'function-name'?: string; 'state-machine-arn'?: string };

async function redrive(queue: DeadLetters, options: Options): Promise<string> {
  if (queue.kind === 'queue') {
    const alone = queue.destination ? '--source-arn and --destination-arn' : '--source-arn alone';
    if (options['queue-url'] || options['function-name'] || options['state-machine-arn'] || (!queue.destination && options['destination-arn'])) {
      throw new UsageError(`${USAGE}\n(${alone} for this queue)`);
    }
    if (queue.destination && Boolean(options['source-arn']) !== Boolean(options['destination-arn'])) throw new UsageError(`${USAGE}\n(${alone} for this queue)`);
    // Dead letters a rule's target put there too have no source queue to go back to: the destination is named.
    const target = options['source-arn']
      ? { arn: options['source-arn'], destination: options['destination-arn'], client: new SQSClient({}) }
      : await localQueue(queue.queue).then(async ({ arn, endpoint }) => ({
          arn,
          destination: queue.destination ? (await localQueue(queue.destination)).arn : undefined,
          client: new SQSClient({ endpoint, ...LOCAL_CLIENT }),
        }));
    const { TaskHandle } = await target.client.send(new StartMessageMoveTaskCommand({ SourceArn: target.arn, ...(target.destination ? { DestinationArn: target.destination } : {}) }));
    return `redriving ${target.arn}${target.destination ? ` to ${target.destination}` : ''} (task ${TaskHandle ?? 'started'})`;
  }
  if (queue.kind === 'stream') {
    if (options['source-arn'] || options['function-name'] || options['state-machine-arn']) throw new UsageError(`${USAGE}\n(--queue-url alone for this queue: the function and the stream are in each message)`);
    const target = options['queue-url']
      ? { url: options['queue-url'], sqs: new SQSClient({}), lambda: new LambdaClient({}), streams: new DynamoDBStreamsClient({}), region: process.env.AWS_REGION ?? 'eu-central-1' }
      : await Promise.all([localQueue(queue.queue), localPage<{ dynamodb: string }>('/_local/endpoints')]).then(([{ url, endpoint }, { dynamodb }]) => ({
          url,
          sqs: new SQSClient({ endpoint, ...LOCAL_CLIENT }),
          lambda: new LambdaClient({ endpoint, ...LOCAL_CLIENT }),
          streams: new DynamoDBStreamsClient({ endpoint: dynamodb, ...LOCAL_CLIENT }),
          region: LOCAL_CLIENT.region,
        }));
    const functions = new Set<string>();
    const handed = await handBack(
      target.sqs,
      target.url,
      invoking(target.lambda, async (message) => {
        const record = batchOf(message);
        const records = await readBatch(target.streams, record);
        return {
          functionName: record.requestContext.functionArn,
          payload: { Records: records.map((entry) => toLambdaStreamRecord(entry, record.DDBStreamBatchInfo.streamArn, target.region)) },
          failedIn: batchItemFailures,
        };
      }, functions),
    );
    return `handed ${handed} batch${handed === 1 ? '' : 'es'} of ${target.url} back to ${[...functions].join(', ') || 'their function'}`;
  }
  if (queue.kind === 'workflow') {
    if (options['source-arn'] || options['function-name']) throw new UsageError(`${USAGE}\n(--queue-url and --state-machine-arn, not --source-arn or --function-name, for this queue)`);
    if (Boolean(options['queue-url']) !== Boolean(options['state-machine-arn'])) throw new UsageError(`${USAGE}\n(--queue-url and --state-machine-arn go together)`);
    const target =
      options['queue-url'] && options['state-machine-arn']
        ? { url: options['queue-url'], sqs: new SQSClient({}), sfn: new SFNClient({}), stateMachineArn: options['state-machine-arn'] }
        : await localQueue(queue.queue).then(async ({ url, endpoint }) => {
            const sfn = new SFNClient({ endpoint, ...LOCAL_CLIENT });
            return { url, sqs: new SQSClient({ endpoint, ...LOCAL_CLIENT }), sfn, stateMachineArn: await localStateMachine(sfn, queue.stateMachine) };
          });
    const handed = await handBack(target.sqs, target.url, starting(target.sfn, target.stateMachineArn));
    return `started ${handed} execution${handed === 1 ? '' : 's'} of ${target.stateMachineArn} from ${target.url}`;
  }
  if (options['source-arn'] || options['state-machine-arn']) throw new UsageError(`${USAGE}\n(--queue-url and --function-name, not --source-arn or --state-machine-arn, for this queue)`);
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
  const handed = await handBack(target.sqs, target.url, invoking(target.lambda, async (message) => ({ functionName: target.functionName, payload: eventOf(message) })));
  return `handed ${handed} message${handed === 1 ? '' : 's'} of ${target.url} back to ${target.functionName}`;
}

try {
  const { values, positionals } = parseArgs({
    options: { 'source-arn': { type: 'string' }, 'destination-arn': { type: 'string' }, 'queue-url': { type: 'string' }, 'function-name': { type: 'string' }, 'state-machine-arn': { type: 'string' } },
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
