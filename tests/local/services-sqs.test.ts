import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { LocalSqs } from '../../local/services/sqs';
import { SqsListingChangeQueue } from '../../shared/adapters/sqs/listing-change-queue';

const region = 'eu-central-1';
const account = '000000000000';

let dir: string;
let aws: LocalAwsEndpoint;
let localSqs: LocalSqs;
let sqs: SQSClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kreislauf-sqs-'));
  aws = await startLocalAwsEndpoint({ outboxDir: dir, region, account, log: () => undefined });
  localSqs = new LocalSqs({ region, account, endpoint: aws.endpoint, clock: aws.clock });
  aws.mount(localSqs.service);
  sqs = new SQSClient({ region, endpoint: aws.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(async () => {
  sqs.destroy();
  localSqs.stop();
  await aws.stop();
  await rm(dir, { recursive: true, force: true });
});

const arnOf = (name: string) => `arn:aws:sqs:${region}:${account}:${name}`;

async function receiveAll(QueueUrl: string, options: { VisibilityTimeout?: number } = {}) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ...options }),
  );
  return Messages;
}

async function counts(QueueUrl: string) {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(Attributes?.ApproximateNumberOfMessagesDelayed),
  };
}

describe('the local SQS, through @aws-sdk/client-sqs', () => {
  it('sends, receives and deletes a message, with the MD5s SQS computes for its body and attributes', async () => {
    const QueueUrl = localSqs.createQueue('basics');

    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'derp',
        MessageAttributes: { timestamp: { DataType: 'Number', StringValue: '1493147359900' } },
      }),
    );
    const [received] = await receiveAll(QueueUrl);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received!.ReceiptHandle }));

    expect(QueueUrl).toBe(`${aws.endpoint}/${account}/basics`);
    // The digests AWS gives for this body and attribute (pinned by moto's and localstack's test suites).
    expect(sent).toMatchObject({ MD5OfMessageBody: '58fd9edd83341c29f1aebba81c31e257', MD5OfMessageAttributes: '235c5c510d26fb653d073faed50ae77c' });
    expect(received).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'derp',
      MD5OfBody: '58fd9edd83341c29f1aebba81c31e257',
      MD5OfMessageAttributes: '235c5c510d26fb653d073faed50ae77c',
      MessageAttributes: { timestamp: { DataType: 'Number', StringValue: '1493147359900' } },
      Attributes: { ApproximateReceiveCount: '1' },
    });
    expect(await receiveAll(QueueUrl)).toEqual([]);
    expect(await counts(QueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('keeps a received message hidden for the visibility timeout, then delivers it again with a higher receive count', async () => {
    const QueueUrl = localSqs.createQueue('visibility', { VisibilityTimeout: 30 });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'label job' }));
    const [first] = await receiveAll(QueueUrl);

    expect(await receiveAll(QueueUrl)).toEqual([]);
    expect(await counts(QueueUrl)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    await aws.clock.advance(25);
    expect(await receiveAll(QueueUrl)).toEqual([]);
    await aws.clock.advance(6);
    const [again] = await receiveAll(QueueUrl);

    expect(again).toMatchObject({ MessageId: first!.MessageId, Attributes: { ApproximateReceiveCount: '2' } });
    expect(again!.ReceiptHandle).not.toBe(first!.ReceiptHandle);
  });

  it('makes a message visible at once when its visibility timeout is set to 0, and ignores a delete with an outdated receipt handle', async () => {
    const QueueUrl = localSqs.createQueue('change-visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'scan' }));
    const [first] = await receiveAll(QueueUrl);

    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: first!.ReceiptHandle, VisibilityTimeout: 0 }));
    const [second] = await receiveAll(QueueUrl, { VisibilityTimeout: 0 });
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first!.ReceiptHandle }));

    expect(second?.MessageId).toBe(first!.MessageId);
    expect(await counts(QueueUrl)).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'not-a-handle' }))).rejects.toMatchObject({
      name: 'ReceiptHandleIsInvalid',
    });
  });

  it("sets received messages' next try in batches and answers the receipt handles it did not take (the listing sync's retries)", async () => {
    const QueueUrl = localSqs.createQueue('listing-changes.fifo', { FifoQueue: true, VisibilityTimeout: 300 });
    const queue = new SqsListingChangeQueue(QueueUrl, sqs);
    const passports = Array.from({ length: 12 }, (_, index) => `P${String(index).padStart(2, '0')}`);
    await queue.send(passports.map((passportId) => ({ passportId, channel: 'ebay' as const })), 'listed');
    const received = [...(await receiveAll(QueueUrl)), ...(await receiveAll(QueueUrl))];
    expect(received).toHaveLength(12);

    // Eleven back in 60 s (two batches of SQS's ten at most), one kept for the queue's 300 s, one handle SQS does not know.
    const handles = received.map((message) => message.ReceiptHandle!);
    const refused = await queue.retryLater([...handles.slice(0, 11), 'not-a-handle'], 60);

    expect(refused).toEqual(['not-a-handle']);
    await aws.clock.advance(59);
    expect(await receiveAll(QueueUrl)).toEqual([]);
    await aws.clock.advance(2);
    const again = [...(await receiveAll(QueueUrl, { VisibilityTimeout: 300 })), ...(await receiveAll(QueueUrl, { VisibilityTimeout: 300 }))];
    expect(again.map((message) => JSON.parse(message.Body!).passportId).sort()).toEqual(passports.slice(0, 11));
    expect(await counts(QueueUrl)).toEqual({ visible: 0, inFlight: 12, delayed: 0 });
    await expect(sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: [] }))).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
  });

  it('holds a delayed message until the clock passes its delay', async () => {
    const QueueUrl = localSqs.createQueue('delays');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 120 }));

    expect(await counts(QueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    expect(await receiveAll(QueueUrl)).toEqual([]);
    await aws.clock.advance(121);
    expect((await receiveAll(QueueUrl)).map((message) => message.Body)).toEqual(['later']);
  });

  it('answers a long poll with a message sent while it waits', async () => {
    const QueueUrl = localSqs.createQueue('long-poll');

    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'arrived' }));

    expect((await polling).Messages?.map((message) => message.Body)).toEqual(['arrived']);
  });

  it('delivers a FIFO message group in order and holds the group while one of its messages is in flight', async () => {
    const QueueUrl = localSqs.createQueue('orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    for (const [group, body] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['a', 'a3']]) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }));
    }

    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2, MessageSystemAttributeNames: ['All'] }));
    const meanwhile = await receiveAll(QueueUrl);
    for (const message of [...first.Messages!, ...meanwhile]) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    const rest = await receiveAll(QueueUrl);

    expect(first.Messages?.map((message) => message.Body)).toEqual(['a1', 'a2']);
    expect(first.Messages?.[0]?.Attributes).toMatchObject({ MessageGroupId: 'a', SequenceNumber: expect.stringMatching(/^\d{20,}$/) });
    expect(meanwhile.map((message) => message.Body)).toEqual(['b1']);
    expect(rest.map((message) => message.Body)).toEqual(['a3']);
  });

  it('drops a FIFO duplicate within five minutes and answers it with the first message id', async () => {
    const QueueUrl = localSqs.createQueue('dedup.fifo', { FifoQueue: true, ContentBasedDeduplication: true });

    const first = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'listing-42', MessageGroupId: 'ebay' }));
    const duplicate = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'listing-42', MessageGroupId: 'ebay' }));
    const explicit = await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'listing-42', MessageGroupId: 'ebay', MessageDeduplicationId: 'other' }),
    );
    await aws.clock.advance(301);
    const afterWindow = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'listing-42', MessageGroupId: 'ebay' }));

    expect(duplicate.MessageId).toBe(first.MessageId);
    expect(duplicate.SequenceNumber).toBe(first.SequenceNumber);
    expect(explicit.MessageId).not.toBe(first.MessageId);
    expect(afterWindow.MessageId).not.toBe(first.MessageId);
    expect(await counts(QueueUrl)).toMatchObject({ visible: 3 });
  });

  it('refuses FIFO messages without a group, or without a deduplication id on a queue without content-based deduplication', async () => {
    const QueueUrl = localSqs.createQueue('strict.fifo', { FifoQueue: true });

    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'd' }))).rejects.toMatchObject({
      name: 'MissingParameter',
    });
    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('ContentBasedDeduplication'),
    });
  });

  it('moves a message to the dead-letter queue on the receive after maxReceiveCount, with its attributes, and redrives it back', async () => {
    const deadLetterUrl = localSqs.createQueue('jobs-dlq');
    const QueueUrl = localSqs.createQueue('jobs', {
      VisibilityTimeout: 0,
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('jobs-dlq'), maxReceiveCount: 3 }),
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'poison', MessageAttributes: { channel: { DataType: 'String', StringValue: 'ebay' } } }),
    );

    const receiveCounts: string[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      for (const message of await receiveAll(QueueUrl)) receiveCounts.push(message.Attributes!.ApproximateReceiveCount!);
    }
    const [dead] = await receiveAll(deadLetterUrl, { VisibilityTimeout: 0 });
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('jobs-dlq') }));
    const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('jobs-dlq') }));
    const [redriven] = await receiveAll(QueueUrl);

    expect(receiveCounts).toEqual(['1', '2', '3']);
    expect(dead).toMatchObject({
      Body: 'poison',
      MessageAttributes: { channel: { DataType: 'String', StringValue: 'ebay' } },
      Attributes: { DeadLetterQueueSourceArn: arnOf('jobs') },
    });
    expect(Results).toEqual([expect.objectContaining({ TaskHandle, Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 1 })]);
    expect(redriven).toMatchObject({ Body: 'poison', Attributes: { ApproximateReceiveCount: '1' } });
    await expect(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('jobs') }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('sends and deletes in batches, answering each entry on its own', async () => {
    const QueueUrl = localSqs.createQueue('batches');

    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'one', MessageBody: 'first' },
          { Id: 'two', MessageBody: 'second', DelaySeconds: 901 },
          { Id: 'three', MessageBody: 'third' },
        ],
      }),
    );
    const received = await receiveAll(QueueUrl);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl, Entries: received.map((message, index) => ({ Id: `m${index}`, ReceiptHandle: message.ReceiptHandle })) }),
    );

    expect(sent.Successful?.map((entry) => entry.Id)).toEqual(['one', 'three']);
    expect(sent.Failed).toEqual([expect.objectContaining({ Id: 'two', Code: 'InvalidParameterValue', SenderFault: true })]);
    expect(deleted.Successful).toHaveLength(2);
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'same', MessageBody: 'a' }, { Id: 'same', MessageBody: 'b' }] })),
    ).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
  });

  it('finds queues by name and prefix, purges them, and answers an unknown queue with QueueDoesNotExist', async () => {
    const QueueUrl = localSqs.createQueue('purge-me');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));

    const { QueueUrl: found } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'purge-me' }));
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'purge' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));

    expect(found).toBe(QueueUrl);
    expect(QueueUrls).toEqual([QueueUrl]);
    expect(await counts(QueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nowhere' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: `${aws.endpoint}/${account}/nowhere` }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  it('drops messages older than the retention period', async () => {
    const QueueUrl = localSqs.createQueue('short-lived', { MessageRetentionPeriod: 60 });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'stale soon' }));

    await aws.clock.advance(61);

    expect(await receiveAll(QueueUrl)).toEqual([]);
  });

  it('keeps the messages of every queue, in flight ones too, for a new instance to take back', async () => {
    const QueueUrl = localSqs.createQueue('kept');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'survives a restart' }));
    await receiveAll(QueueUrl, { VisibilityTimeout: 60 });

    const next = new LocalSqs({ region, account, endpoint: aws.endpoint, clock: aws.clock });
    next.createQueue('kept');
    next.restore(localSqs.contents());

    expect(next.view().find((queue) => queue.name === 'kept')).toMatchObject({
      inFlight: 1,
      messages: [expect.objectContaining({ body: 'survives a restart', receiveCount: 1 })],
    });
    next.stop();
  });
});

describe('change reports', () => {
  it('reports a message sent over the API before answering, and its deletion, so a crash in between loses nothing', async () => {
    const snapshots: number[] = [];
    const reporting: LocalSqs = new LocalSqs({
      region,
      account,
      endpoint: aws.endpoint,
      clock: aws.clock,
      onChange: () => snapshots.push(Object.values(reporting.contents()).flat().length),
    });
    const url = reporting.createQueue('reported');
    const unmount = aws.mount(reporting.service);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'kept' }));
    const [message] = await receiveAll(url);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle! }));
    unmount();
    reporting.stop();

    expect(snapshots).toEqual([1, 0]);
  });
});

describe('in-process requests', () => {
  it('reports the billable requests that do not pass the endpoint: sends, receives that return messages and batch deletes', async () => {
    const requests: string[] = [];
    const metered = new LocalSqs({ region, account, endpoint: aws.endpoint, clock: aws.clock, onInProcessRequest: (operation) => requests.push(operation) });
    try {
      metered.createQueue('metered');
      const queueArn = arnOf('metered');
      expect(await metered.receive(queueArn, { max: 10, waitMs: 0 })).toEqual([]);
      expect(requests).toEqual([]); // an empty poll depends on the poll rate, not on the work

      metered.sendMessage(queueArn, { body: 'one' });
      metered.sendMessage(queueArn, { body: 'two' });
      const batch = await metered.receive(queueArn, { max: 10, waitMs: 0 });
      expect(batch.map((message) => message.body).sort()).toEqual(['one', 'two']);
      metered.deleteMessages(queueArn, []);
      metered.deleteMessages(queueArn, batch.map((message) => message.receiptHandle!));

      expect(requests).toEqual(['SendMessage', 'SendMessage', 'ReceiveMessage', 'DeleteMessageBatch']);
    } finally {
      metered.stop();
    }
  });
});
