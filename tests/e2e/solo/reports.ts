import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { brandConfigKey } from '../../../shared/adapters/dynamodb/keys';
import { localDynamoDb } from '../../support/local-dynamodb';
import { call, eventually } from '../client';
import { aBrandLikeDemo, aLabelledTakeBackOf, emailsOf, untilEmails } from '../payouts-support';
import { platform } from '../platform';
import { redrive } from '../support';
import { advanceClock, staff } from '../warehouse';

const PERIOD = 'from=2025-01&to=2027-12';

describe("a brand's reports count every event once, and its customers get every e-mail once", () => {
  it('counts an event the aggregation dead-lettered, and sends the e-mail that failed with it, once npm run redrive hands them back, and only once', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { id, trackingToken } = await aLabelledTakeBackOf(brand);
    const smartphones = (ready: (row: any) => boolean) =>
      eventually(async () => {
        const answer = await call('GET', `/v1/reports/returns?${PERIOD}&groupBy=category`, undefined, await staff({ brand, roles: ['analyst'] }));
        const row = answer.body.rows?.find((candidate: { key: string }) => candidate.key === 'smartphone');
        return row && ready(row) ? row : undefined;
      }, `the returns report of ${brand}`);
    await smartphones((row) => row.requested === 1);
    await untilTaken();

    // The brand's configuration unreadable (a bad manual edit): the aggregation fails on its every try.
    const doc = DynamoDBDocumentClient.from(localDynamoDb(platform().dynamodbEndpoint));
    const { Item: stored } = await doc.send(new GetCommand({ TableName: platform().tableName, Key: brandConfigKey(brand) }));
    await doc.send(new PutCommand({ TableName: platform().tableName, Item: { ...stored, document: new Uint8Array([1, 2, 3]) } }));
    const cancelled = await call('POST', `/v1/take-backs/${id}/cancellation?token=${encodeURIComponent(trackingToken)}`);
    expect(cancelled.status).toBe(200);
    const deadLettered = await eventually(
      async () => {
        const found = (await aggregationMessages('AggregationDeadLetters')).find((message) => message.body.includes(`"${id}/`) && message.body.includes('"TakeBackCancelled"'));
        // Past the queue's visibility timeout of 181 s (six times the aggregation's 30 s, and its 1 s window): its next try, and after its last, the move to the dead-letter queue.
        if (!found) await advanceClock(182);
        return found;
      },
      'the cancellation in the dead-letter queue',
      60_000,
    );
    expect(JSON.parse(deadLettered.body)).toMatchObject({ type: 'TakeBackCancelled', passportId: id, brand });
    // The customer's cancellation e-mail failed as well: after the rule's 8 retries it waits in the e-mails' dead-letter queue.
    const unsent = await eventually(async () => (await emailDeadLetters()).find((message) => message.body.includes(`"${id}/`)), 'the cancellation e-mail in its dead-letter queue');
    const unsentQueue = (await localQueues()).find((queue) => queue.name.includes('CustomerMessagesDeadLetters'))!;
    expect(JSON.parse(unsent.body)).toMatchObject({ type: 'TakeBackCancelled', passportId: id });
    expect(unsent.messageAttributes).toMatchObject({
      TARGET_ARN: { StringValue: expect.stringMatching(/:function:.*SendCustomerEmail/) },
      ERROR_MESSAGE: { StringValue: expect.stringContaining('cannot be read') },
      RETRY_ATTEMPTS: { StringValue: '8' },
    });
    // Handed back while the brand still cannot be read, the e-mail fails again: the command says so and keeps it.
    const early = await redrive('customer-emails').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(early).toMatchObject({ code: 1, stderr: expect.stringMatching(/CustomerMessagesSendCustomerEmail failed on message .*cannot be read[\s\S]*handed back 0; that message/) });
    expect((await emailDeadLetters()).some((message) => message.body.includes(`"${id}/`))).toBe(true);

    await doc.send(new PutCommand({ TableName: platform().tableName, Item: stored }));
    expect((await redrive('aggregation')).stdout).toMatch(/^redriving arn:aws:sqs:[^:]+:\d+:\S*AggregationDeadLetters\S* to arn:aws:sqs:[^:]+:\d+:\S*AggregationEvents\S* /);
    expect((await redrive('customer-emails')).stdout).toMatch(/^handed 1 message of \S+CustomerMessagesDeadLetters\S* back to CustomerMessagesSendCustomerEmail\n$/);
    expect(await emailDeadLetters()).toEqual([]);
    const [email] = await untilEmails(id, 'take-back-cancelled');
    expect(email!.to).toEqual([expect.stringMatching(/^lena\.[0-9a-f]{8}@example\.org$/)]);
    // Handed back twice (the same dead letter again), the customer still gets one e-mail.
    const sqs = new SQSClient({ endpoint: new URL(unsentQueue.url).origin, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sqs.send(new SendMessageCommand({ QueueUrl: unsentQueue.url, MessageBody: unsent.body }));
    expect((await redrive('customer-emails')).stdout).toMatch(/^handed 1 message/);
    expect((await emailsOf(id)).filter((message) => message.tags.template === 'take-back-cancelled')).toHaveLength(1);

    await smartphones((row) => row.cancelled === 1);
    await untilTaken();
    // Delivered once more (SQS delivers at least once): counted already, it changes nothing.
    const events = (await localQueues()).find((queue) => queue.name.includes('AggregationEvents'))!;
    await sqs.send(new SendMessageCommand({ QueueUrl: events.url, MessageBody: deadLettered.body }));
    await untilTaken();
    expect(await smartphones(() => true)).toMatchObject({ requested: 1, cancelled: 1 });
  });
});

interface LocalQueue {
  name: string;
  url: string;
  messages: { body: string; messageAttributes?: Record<string, { StringValue?: string }> }[];
}

/** Every queue of the platform with its messages, as the local cloud shows them. */
async function localQueues(): Promise<LocalQueue[]> {
  return (await call('GET', '/_local/queues')).body as LocalQueue[];
}

/** The customer e-mails' dead letters (the queue's construct id is the one all customer messages shared once). */
async function emailDeadLetters(): Promise<LocalQueue['messages']> {
  return (await localQueues()).find((queue) => queue.name.includes('CustomerMessagesDeadLetters'))!.messages;
}

/** The messages of the queues whose name holds `name`. */
async function aggregationMessages(name: string): Promise<{ body: string }[]> {
  return (await localQueues()).filter((queue) => queue.name.includes(name)).flatMap((queue) => queue.messages);
}

/** Until the aggregation's queue and its dead-letter queue hold nothing: each message was taken and deleted. */
function untilTaken(): Promise<true> {
  return eventually(async () => ((await aggregationMessages('Aggregation')).length === 0 ? true : undefined), 'the aggregation queues to be empty');
}
