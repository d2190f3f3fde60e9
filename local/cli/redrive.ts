import { parseArgs } from 'node:util';
import { SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';

// `npm run redrive -- <queue> [--source-arn <dead-letter queue ARN>]`: moves the messages of a
// dead-letter queue back to the queue they came from, once what failed works again; SQS's own
// message move task puts each back on its source queue. Each queue's consumer takes a message it
// has handled already as done, so a redrive never does anything twice:
// - `listings`: listing changes no channel took for an hour (a sync is the listing as recorded);
// - `repair-jobs`: repair jobs their partner did not take (a delivered job is not sent again, and a
//   job is sent under the same webhook id every time);
// - `aggregation`: passport events not counted into the reports (each is counted once, by its id).
// With --source-arn it works on AWS with the usual credentials; without, on the running local
// platform (KREISLAUF_API_URL, else http://localhost:$PORT), whose queues it finds at /_local/queues.

/** The dead-letter queues this command can redrive, by the name a person types. */
const DEAD_LETTER_QUEUES: ReadonlyMap<string, string> = new Map([
  ['listings', 'ListingChangeDeadLetters'],
  ['repair-jobs', 'JobDeliveryDeadLetters'],
  ['aggregation', 'AggregationDeadLetters'],
]);
const USAGE = `usage: npm run redrive -- <${[...DEAD_LETTER_QUEUES.keys()].join('|')}> [--source-arn <dead-letter queue ARN>]`;

interface LocalQueue {
  name: string;
  url: string;
  arn: string;
  visible?: number;
}

async function localDeadLetterQueue(namePart: string): Promise<{ arn: string; endpoint: string }> {
  const apiUrl = process.env.KREISLAUF_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const response = await fetch(`${apiUrl}/_local/queues`).catch((error: unknown) => {
    throw new Error(`no platform answers at ${apiUrl} (${(error as Error).message}); start it with npm start, or pass --source-arn for AWS`);
  });
  const queues = (await response.json()) as LocalQueue[];
  const queue = queues.find((candidate) => candidate.name.includes(namePart));
  if (!queue) throw new Error(`the platform at ${apiUrl} has no queue named like ${namePart}`);
  return { arn: queue.arn, endpoint: new URL(queue.url).origin };
}

try {
  const { values, positionals } = parseArgs({ options: { 'source-arn': { type: 'string' } }, allowPositionals: true, strict: true });
  const namePart = DEAD_LETTER_QUEUES.get(positionals[0] ?? '');
  if (!namePart || positionals.length !== 1) throw new Error(USAGE);
  const target = values['source-arn']
    ? { arn: values['source-arn'], client: new SQSClient({}) }
    : await localDeadLetterQueue(namePart).then(({ arn, endpoint }) => ({
        arn,
        client: new SQSClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      }));
  const { TaskHandle } = await target.client.send(new StartMessageMoveTaskCommand({ SourceArn: target.arn }));
  process.stdout.write(`redriving ${target.arn} (task ${TaskHandle ?? 'started'})\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
