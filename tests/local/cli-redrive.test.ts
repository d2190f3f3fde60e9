import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_QUEUES } from '../../infra/dead-letter-queues';
import { batchItemFailures, batchOf, eventOf } from '../../local/cli/dead-letter-messages';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `npm run redrive -- …` the way npm runs the script, against no platform (the end-to-end tests run it against one). */
async function redrive(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['local/cli/redrive.ts', ...args], {
      cwd: root,
      env: { ...process.env, KREISLAUF_API_URL: 'http://127.0.0.1:9' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run redrive', () => {
  it('answers a queue it does not know, or options that do not fit the queue, with its usage and exit code 2, before it calls anything', async () => {
    const results = await Promise.all([
      redrive([]),
      redrive(['payments']),
      redrive(['customer-emails', '--source-arn', 'arn:aws:sqs:eu-central-1:000000000000:q']),
      redrive(['listings', '--function-name', 'SendCustomerEmail']),
      redrive(['fan-out', '--queue-url', 'https://sqs.eu-central-1.amazonaws.com/000000000000/q']),
      redrive(['passport-events', '--function-name', 'PublishPassportEvents']),
      redrive(['listing-starts', '--function-name', 'PrepareListings']),
      redrive(['listing-starts', '--queue-url', 'https://sqs.eu-central-1.amazonaws.com/000000000000/q']),
      redrive(['customer-emails', '--queue-url', 'https://sqs.eu-central-1.amazonaws.com/000000000000/q', '--state-machine-arn', 'arn:aws:states:eu-central-1:000000000000:stateMachine:s']),
      redrive(['aggregation', '--source-arn', 'arn:aws:sqs:eu-central-1:000000000000:q']),
      redrive(['listings', '--source-arn', 'arn:aws:sqs:eu-central-1:000000000000:q', '--destination-arn', 'arn:aws:sqs:eu-central-1:000000000000:d']),
    ]);
    for (const { code, stdout, stderr } of results) {
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^usage: npm run redrive -- <queue>/);
      for (const name of DEAD_LETTER_QUEUES.keys()) expect(stderr).toContain(`  ${name} `);
    }
    expect(results[2]!.stderr).toContain('(--queue-url and --function-name, not --source-arn or --state-machine-arn, for this queue)');
    expect(results[3]!.stderr).toContain('(--source-arn alone for this queue)');
    expect(results[4]!.stderr).toContain('(--queue-url and --function-name go together)');
    expect(results[5]!.stderr).toContain('(--queue-url alone for this queue: the function and the stream are in each message)');
    expect(results[6]!.stderr).toContain('(--queue-url and --state-machine-arn, not --source-arn or --function-name, for this queue)');
    expect(results[7]!.stderr).toContain('(--queue-url and --state-machine-arn go together)');
    expect(results[8]!.stderr).toContain('(--queue-url and --function-name, not --source-arn or --state-machine-arn, for this queue)');
    expect(results[9]!.stderr).toContain('(--source-arn and --destination-arn for this queue)');
    expect(results[10]!.stderr).toContain('(--source-arn alone for this queue)');
  });

  it('says so with exit code 1 when no platform answers', async () => {
    const { code, stderr } = await redrive(['customer-emails']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^no platform answers at http:\/\/127\.0\.0\.1:9 .*start it with npm start, or pass the AWS options/);
  });
});

describe('what npm run redrive reads in a dead letter', () => {
  const detail = { eventId: 'p-1/4', passportId: 'p-1', type: 'TakeBackCancelled', data: {} };

  it("hands a function the event it was given: the message as Lambda kept it, or a whole EventBridge event's detail", () => {
    expect(eventOf({ MessageId: 'm-1', Body: JSON.stringify(detail) })).toEqual(detail);
    const envelope = { version: '0', id: 'e-1', 'detail-type': 'TakeBackCancelled', source: 'kreislauf.passport', detail };
    expect(eventOf({ MessageId: 'm-2', Body: JSON.stringify(envelope) })).toEqual(detail);
    // A function's own event that happens to carry a `detail` is not an envelope without `detail-type`.
    expect(eventOf({ MessageId: 'm-3', Body: JSON.stringify({ detail: 'x' }) })).toEqual({ detail: 'x' });
    expect(() => eventOf({ MessageId: 'm-4', Body: 'not json' })).toThrow('message m-4 is not JSON, so no function takes it: not json');
  });

  it("reads where a stream batch is from Lambda's on-failure record, and refuses a message that is none", () => {
    const record = {
      requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:publish', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      version: '1.0',
      timestamp: '2026-12-06T10:00:00.000Z',
      DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: '100', endSequenceNumber: '120', batchSize: 3, streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/Data/stream/x' },
    };
    expect(batchOf({ MessageId: 'm-1', Body: JSON.stringify(record) })).toEqual(record);
    const { DDBStreamBatchInfo: _batch, ...withoutBatch } = record;
    for (const body of [JSON.stringify(withoutBatch), JSON.stringify(detail), '{']) {
      expect(() => batchOf({ MessageId: 'm-2', Body: body })).toThrow(/^message m-2 is not the record of a discarded stream batch/);
    }
  });

  it("takes a stream function's answer naming failed records as a failure, and one naming none as done", () => {
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: '105' }, { itemIdentifier: '110' }] })).toBe('it failed on the records from 105');
    expect(batchItemFailures({ batchItemFailures: [] })).toBeUndefined();
    expect(batchItemFailures(null)).toBeUndefined();
  });
});
