import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand, type Message } from '@aws-sdk/client-sqs';
import { DEAD_LETTER_QUEUES, type DeadLetters } from './dead-letter-queues';

// `npm run redrive -- <queue>`: hands a dead-letter queue's messages back, once what failed works
// again (the queues: ./dead-letter-queues.ts).
// - A queue SQS dead-lettered into from a source queue (listings, repair-jobs, aggregation): SQS's
//   message move task puts each message back on the queue it came from.
// - A function's queue (customer-emails, reminders, reminder-scheduling, fan-out, listing-events):
//   each message is the event the function failed on; it is handed to the function (Lambda's
//   Invoke) and deleted once the function took it. The first the function fails on stops the
//   command, with the function's error; it and the messages after it stay in the queue.
// Without options, on the running local platform (KREISLAUF_API_URL, else http://localhost:$PORT),
// whose queues it finds at /_local/queues. On AWS, with the usual credentials: --source-arn
// <dead-letter queue ARN> for a source queue's, --queue-url <URL> --function-name <name> for a function's.

const USAGE = [
  'usage: npm run redrive -- <queue> [--source-arn <ARN> | --queue-url <URL> --function-name <name>]',
  ...[...DEAD_LETTER_QUEUES].map(([name, { what }]) => `  ${name.padEnd(20)} ${what}`),
].join('\n');

class UsageError extends Error {}

interface LocalQueue {
  name: string;
  url: string;
  arn: string;
}

/** The local platform's queue whose name holds `namePart`, and the AWS endpoint it is served on. */
async function localQueue(namePart: string): Promise<LocalQueue & { endpoint: string }> {
  const apiUrl = process.env.KREISLAUF_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const response = await fetch(`${apiUrl}/_local/queues`).catch((error: unknown) => {
    throw new Error(`no platform answers at ${apiUrl} (${(error as Error).message}); start it with npm start, or pass the AWS options`);
  });
  const queues = (await response.json()) as LocalQueue[];
  const queue = queues.find((candidate) => candidate.name.includes(namePart));
  if (!queue) throw new Error(`the platform at ${apiUrl} has no queue named like ${namePart}`);
  return { ...queue, endpoint: new URL(queue.url).origin };
}

const LOCAL_CLIENT = { region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** The event in a dead letter: the message as the function got it, or the whole EventBridge event a rule's queue may keep. */
function eventOf(message: Message): unknown {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    throw new Error(`message ${message.MessageId} is not JSON, so no function takes it: ${message.Body?.slice(0, 200)}`);
  }
  const envelope = body as Record<string, unknown> | null;
  return envelope && typeof envelope === 'object' && 'detail-type' in envelope && 'detail' in envelope ? envelope.detail : body;
}

/** Hands every message of the queue to the function, deleting each it took; stops at the first it fails on. */
async function handBack(sqs: SQSClient, queueUrl: string, lambda: LambdaClient, functionName: string): Promise<number> {
  let handed = 0;
  for (;;) {
    const { Messages: messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0 }));
    if (messages.length === 0) return handed;
    for (const [index, message] of messages.entries()) {
      let failure: string | undefined;
      try {
        const answer = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(eventOf(message))) }));
        if (answer.FunctionError) failure = `${functionName} failed on message ${message.MessageId}: ${Buffer.from(answer.Payload ?? []).toString('utf8')}`;
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
  const handed = await handBack(target.sqs, target.url, target.lambda, target.functionName);
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
