import { randomUUID } from 'node:crypto';
import { AwsServiceError, type AwsService, type JsonOperation } from './aws-protocol';
import type { PlatformClock } from './clock';
import type { MessageAttributeValue } from './sqs-md5';
import { sqsError, SqsQueue, type OutgoingMessage, type QueuedMessage, type QueueSettings, type SentMessage } from './sqs-queue';

export type { OutgoingMessage, QueuedMessage, SentMessage } from './sqs-queue';

/** A queue and its messages as the local console shows them (`GET /_local/queues`). */
export interface QueueView {
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  deadLetterTargetArn?: string;
  maxReceiveCount?: number;
  visible: number;
  inFlight: number;
  delayed: number;
  messages: {
    messageId: string;
    body: string;
    receiveCount: number;
    sentAt: string;
    visibleAt: string;
    groupId?: string;
    messageAttributes: Record<string, MessageAttributeValue>;
  }[];
}

/** The messages of every queue by ARN, as kept between runs. */
export type QueueContents = Record<string, QueuedMessage[]>;

interface MoveTask {
  TaskHandle: string;
  Status: 'COMPLETED';
  SourceArn: string;
  DestinationArn?: string;
  ApproximateNumberOfMessagesMoved: number;
  ApproximateNumberOfMessagesToMove: number;
  StartedTimestamp: number;
}

const MAX_BATCH_ENTRIES = 10;
const MAX_MESSAGE_ATTRIBUTES = 10;
const MAX_WAIT_SECONDS = 20;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Every attribute GetQueueAttributes knows; those the local queues do not have are left out of the answer. */
const QUEUE_ATTRIBUTE_NAMES = new Set([
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'VisibilityTimeout',
  'DelaySeconds',
  'MessageRetentionPeriod',
  'MaximumMessageSize',
  'ReceiveMessageWaitTimeSeconds',
  'SqsManagedSseEnabled',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'Policy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
]);

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function integer(value: unknown, parameter: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw sqsError('InvalidParameterValue', `Value ${String(value)} for parameter ${parameter} is invalid.`);
  return number;
}

function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

function redrivePolicyOf(value: unknown): QueueSettings['redrivePolicy'] {
  const policy: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof policy !== 'object' || policy === null) return undefined;
  const { deadLetterTargetArn, maxReceiveCount } = policy as Record<string, unknown>;
  if (typeof deadLetterTargetArn !== 'string') return undefined;
  return { deadLetterTargetArn, maxReceiveCount: Number(maxReceiveCount ?? 10) };
}

function messageAttributesOf(value: unknown): Record<string, MessageAttributeValue> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw sqsError('InvalidParameterValue', 'MessageAttributes must be a map.');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_MESSAGE_ATTRIBUTES) {
    throw sqsError('InvalidParameterValue', `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`);
  }
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, raw] of entries) {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(aws\.|amazon\.)/i.test(name) || /^\.|\.$|\.\./.test(name)) {
      throw sqsError('InvalidParameterValue', `Message (user) attribute '${name}' is not a valid attribute name.`);
    }
    const attribute = (raw ?? {}) as Record<string, unknown>;
    const dataType = text(attribute.DataType);
    if (!dataType || !/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw sqsError('InvalidParameterValue', `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    if (dataType.startsWith('Binary')) {
      const binary = text(attribute.BinaryValue);
      if (binary === undefined) throw sqsError('InvalidParameterValue', `The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      attributes[name] = { DataType: dataType, BinaryValue: binary };
    } else {
      const string = text(attribute.StringValue);
      if (string === undefined || string === '') {
        throw sqsError('InvalidParameterValue', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
      }
      if (dataType.startsWith('Number') && !Number.isFinite(Number(string))) {
        throw sqsError('InvalidParameterValue', `Can't cast the value of message (user) attribute '${name}' to a number.`);
      }
      attributes[name] = { DataType: dataType, StringValue: string };
    }
  }
  return attributes;
}

function outgoingOf(input: Record<string, unknown>): OutgoingMessage {
  const body = text(input.MessageBody);
  if (body === undefined || body === '') throw sqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
  const delaySeconds = integer(input.DelaySeconds, 'DelaySeconds');
  const groupId = text(input.MessageGroupId);
  const deduplicationId = text(input.MessageDeduplicationId);
  return {
    body,
    messageAttributes: messageAttributesOf(input.MessageAttributes),
    systemAttributes: messageAttributesOf(input.MessageSystemAttributes),
    ...(delaySeconds !== undefined ? { delaySeconds } : {}),
    ...(groupId !== undefined ? { groupId } : {}),
    ...(deduplicationId !== undefined ? { deduplicationId } : {}),
  };
}

function sentResult(sent: SentMessage): Record<string, unknown> {
  return {
    MessageId: sent.messageId,
    MD5OfMessageBody: sent.md5OfBody,
    ...(sent.md5OfMessageAttributes ? { MD5OfMessageAttributes: sent.md5OfMessageAttributes } : {}),
    ...(sent.md5OfMessageSystemAttributes ? { MD5OfMessageSystemAttributes: sent.md5OfMessageSystemAttributes } : {}),
    ...(sent.sequenceNumber ? { SequenceNumber: sent.sequenceNumber } : {}),
  };
}

/**
 * The system attributes of a received message, as ReceiveMessage names them and as Lambda puts
 * them in an SQS event record's `attributes`.
 */
export function systemAttributesOf(message: QueuedMessage): Record<string, string> {
  return {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentTimestamp),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
    ...(message.sequenceNumber ? { SequenceNumber: message.sequenceNumber } : {}),
    ...(message.groupId ? { MessageGroupId: message.groupId } : {}),
    ...(message.deduplicationId ? { MessageDeduplicationId: message.deduplicationId } : {}),
    ...(message.systemAttributes.AWSTraceHeader?.StringValue ? { AWSTraceHeader: message.systemAttributes.AWSTraceHeader.StringValue } : {}),
    ...(message.deadLetterQueueSourceArn ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn } : {}),
  };
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
}

function selectMessageAttributes(
  attributes: Record<string, MessageAttributeValue>,
  wanted: string[],
): Record<string, MessageAttributeValue> {
  const selected = Object.entries(attributes).filter(([name]) =>
    wanted.some((pattern) =>
      pattern === 'All' || pattern === '.*' ? true : pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
    ),
  );
  return Object.fromEntries(selected);
}

/**
 * The local SQS on the AWS JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.*`): the queues of the
 * template, addressed by queue URLs on the local endpoint, with real MD5s, long polling, FIFO
 * queues, dead-letter queues and redrive, all on the platform clock. The local cloud's event source
 * mappings, rule and schedule targets use the same queues in-process.
 *
 * @example
 * const sqs = new LocalSqs({ region, account, endpoint: aws.endpoint, clock: aws.clock });
 * sqs.createQueue('webhooks', { VisibilityTimeout: 60 });
 * const unmount = aws.mount(sqs.service);
 */
export class LocalSqs {
  readonly service: AwsService;
  private readonly queues = new Map<string, SqsQueue>();
  private readonly waiters = new Map<SqsQueue, Set<() => void>>();
  private readonly moveTasks: MoveTask[] = [];
  private readonly stopListening: () => void;
  private stopped = false;

  /**
   * `onChange` is called after every message sent, deleted, purged or moved, before the answer
   * goes out: the local cloud keeps the queues' contents there, so a crash loses no message SQS
   * accepted (receives are not reported; a crash makes their messages visible again, as a
   * timed-out consumer does).
   */
  constructor(
    private readonly options: {
      region: string;
      account: string;
      endpoint: string;
      clock: PlatformClock;
      onChange?: () => void;
      /**
       * Each request SQS would bill that is made in-process rather than through the endpoint: a rule
       * or schedule target's SendMessage, an event source mapping's ReceiveMessage that returned
       * messages and its DeleteMessageBatch (the benchmark's meter counts them).
       */
      onInProcessRequest?: (operation: 'SendMessage' | 'ReceiveMessage' | 'DeleteMessageBatch') => void;
    },
  ) {
    this.stopListening = options.clock.onMove(() => {
      for (const queue of this.queues.values()) this.wake(queue);
    });
    const operations: Record<string, JsonOperation> = {
      SendMessage: (input) => sentResult(this.sendMessage(this.queueOf(input).settings.arn, outgoingOf(input))),
      SendMessageBatch: (input) => this.changed(this.sendMessageBatch(input)),
      ReceiveMessage: (input) => this.receiveMessage(input),
      DeleteMessage: (input) => {
        this.queueOf(input).delete(this.receiptHandleOf(input));
        return this.changed({});
      },
      DeleteMessageBatch: (input) =>
        this.changed(this.batch(input, (queue, entry) => queue.delete(this.receiptHandleOf(entry)))),
      ChangeMessageVisibility: (input) => {
        const queue = this.queueOf(input);
        queue.changeVisibility(this.receiptHandleOf(input), integer(input.VisibilityTimeout, 'VisibilityTimeout') ?? 0);
        this.wake(queue);
        return {};
      },
      ChangeMessageVisibilityBatch: (input) => {
        const queue = this.queueOf(input);
        const result = this.batch(input, (_, entry) => queue.changeVisibility(this.receiptHandleOf(entry), integer(entry.VisibilityTimeout, 'VisibilityTimeout') ?? 0));
        this.wake(queue);
        return result;
      },
      GetQueueUrl: (input) => {
        const queue = this.queues.get(String(input.QueueName));
        if (!queue) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
        return { QueueUrl: queue.settings.url };
      },
      ListQueues: (input) => {
        const prefix = text(input.QueueNamePrefix) ?? '';
        const urls = this.all()
          .filter((queue) => queue.settings.name.startsWith(prefix))
          .map((queue) => queue.settings.url);
        return urls.length > 0 ? { QueueUrls: urls } : {};
      },
      GetQueueAttributes: (input) => ({ Attributes: this.attributesOf(this.queueOf(input), names(input.AttributeNames)) }),
      PurgeQueue: (input) => {
        this.queueOf(input).purge();
        return this.changed({});
      },
      StartMessageMoveTask: (input) => this.changed(this.startMessageMoveTask(input)),
      ListMessageMoveTasks: (input) => ({
        Results: this.moveTasks.filter((task) => task.SourceArn === input.SourceArn).reverse(),
      }),
    };
    this.service = { name: 'SQS', targetPrefix: 'AmazonSQS', operations };
  }

  /**
   * Creates a queue with SQS attributes or the template's properties (`VisibilityTimeout`,
   * `DelaySeconds`, `MessageRetentionPeriod`, `MaximumMessageSize`, `ReceiveMessageWaitTimeSeconds`,
   * `FifoQueue`, `ContentBasedDeduplication`, `RedrivePolicy`); returns its URL.
   */
  createQueue(name: string, attributes: Record<string, unknown> = {}): string {
    const fifo = flag(attributes.FifoQueue) || name.endsWith('.fifo');
    const { region, account, endpoint, clock } = this.options;
    const settings: QueueSettings = {
      name,
      arn: `arn:aws:sqs:${region}:${account}:${name}`,
      url: `${endpoint}/${account}/${name}`,
      fifo,
      contentBasedDeduplication: flag(attributes.ContentBasedDeduplication),
      visibilityTimeoutSeconds: Number(attributes.VisibilityTimeout ?? 30),
      delaySeconds: Number(attributes.DelaySeconds ?? 0),
      retentionSeconds: Number(attributes.MessageRetentionPeriod ?? 345_600),
      maximumMessageSize: Number(attributes.MaximumMessageSize ?? 262_144),
      receiveWaitTimeSeconds: Number(attributes.ReceiveMessageWaitTimeSeconds ?? 0),
      redrivePolicy: redrivePolicyOf(attributes.RedrivePolicy),
      createdAt: clock.now(),
    };
    this.queues.set(name, new SqsQueue(settings, () => clock.now(), (arn) => this.byArn(arn)));
    return settings.url;
  }

  /**
   * Sends one message in-process (rule and schedule targets do), validated like SendMessage.
   * @throws AwsServiceError as SQS would answer.
   */
  sendMessage(queueArn: string, outgoing: OutgoingMessage): SentMessage {
    const queue = this.byArn(queueArn);
    if (!queue) throw sqsError('QueueDoesNotExist', `The specified queue does not exist: ${queueArn}`);
    const sent = queue.send(outgoing);
    this.options.onInProcessRequest?.('SendMessage');
    this.changed(undefined);
    this.wake(queue);
    return sent;
  }

  /**
   * Receives up to `max` messages in-process, waiting up to `waitMs` (real time) for the first one,
   * like a long-polling ReceiveMessage; resolves empty when `signal` aborts or the service stops.
   */
  async receive(
    queueArn: string,
    options: { max: number; waitMs: number; visibilityTimeoutSeconds?: number; signal?: AbortSignal },
  ): Promise<QueuedMessage[]> {
    const queue = this.byArn(queueArn);
    if (!queue) throw sqsError('QueueDoesNotExist', `The specified queue does not exist: ${queueArn}`);
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const received = queue.receive(options.max, options.visibilityTimeoutSeconds);
      if (received.length > 0) this.options.onInProcessRequest?.('ReceiveMessage');
      if (received.length > 0 || Date.now() >= deadline || this.stopped || options.signal?.aborted) return received;
      await this.changeOf(queue, deadline, options.signal);
    }
  }

  /** Deletes messages in-process by receipt handle (an event source mapping after a successful batch). */
  deleteMessages(queueArn: string, receiptHandles: string[]): void {
    const queue = this.byArn(queueArn);
    if (receiptHandles.length > 0) this.options.onInProcessRequest?.('DeleteMessageBatch');
    for (const handle of receiptHandles) queue?.delete(handle);
    this.changed(undefined);
  }

  private changed<T>(result: T): T {
    this.options.onChange?.();
    return result;
  }

  /** Every queue with its counts and messages, for the local console. */
  view(): QueueView[] {
    return this.all().map((queue) => {
      const { name, url, arn, fifo, redrivePolicy } = queue.settings;
      return {
        name,
        url,
        arn,
        fifo,
        ...(redrivePolicy ? { deadLetterTargetArn: redrivePolicy.deadLetterTargetArn, maxReceiveCount: redrivePolicy.maxReceiveCount } : {}),
        ...queue.counts(),
        messages: queue.list().map((message) => ({
          messageId: message.messageId,
          body: message.body,
          receiveCount: message.receiveCount,
          sentAt: new Date(message.sentTimestamp).toISOString(),
          visibleAt: new Date(message.visibleAt).toISOString(),
          ...(message.groupId ? { groupId: message.groupId } : {}),
          messageAttributes: message.messageAttributes,
        })),
      };
    });
  }

  /** The messages of every queue, to keep between runs. */
  contents(): QueueContents {
    return Object.fromEntries(this.all().map((queue) => [queue.settings.arn, queue.list()]));
  }

  /** Puts kept messages back into the queues that still exist. */
  restore(contents: QueueContents): void {
    for (const [arn, messages] of Object.entries(contents)) {
      const queue = this.byArn(arn);
      if (queue) for (const message of messages) queue.accept(message);
    }
  }

  /** Ends every waiting receive (empty) and stops following the clock. */
  stop(): void {
    this.stopped = true;
    this.stopListening();
    for (const queue of this.queues.values()) this.wake(queue);
  }

  private all(): SqsQueue[] {
    return [...this.queues.values()];
  }

  private byArn(arn: string): SqsQueue | undefined {
    return this.all().find((queue) => queue.settings.arn === arn);
  }

  private sourcesOf(deadLetterArn: string): SqsQueue[] {
    return this.all().filter((queue) => queue.settings.redrivePolicy?.deadLetterTargetArn === deadLetterArn);
  }

  /** A queue by its URL; the host may differ (localhost or 127.0.0.1), the account and name may not. */
  private queueOf(input: Record<string, unknown>): SqsQueue {
    const url = text(input.QueueUrl);
    if (!url) throw sqsError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      path = url;
    }
    const [account, name] = path.split('/').filter(Boolean);
    const queue = name === undefined ? undefined : this.queues.get(name);
    if (!queue || account !== this.options.account) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  }

  private receiptHandleOf(input: Record<string, unknown>): string {
    const handle = text(input.ReceiptHandle);
    if (!handle) throw sqsError('MissingParameter', 'The request must contain the parameter ReceiptHandle.');
    return handle;
  }

  private wake(queue: SqsQueue): void {
    for (const waiter of [...(this.waiters.get(queue) ?? [])]) waiter();
  }

  /** Resolves when the queue changes, a hidden message becomes visible, the deadline passes or the signal aborts. */
  private changeOf(queue: SqsQueue, deadline: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiters.get(queue) ?? new Set();
      this.waiters.set(queue, waiters);
      const nextVisibleAt = queue.nextVisibleAt();
      const untilVisible = nextVisibleAt === undefined ? Infinity : nextVisibleAt - this.options.clock.now();
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(deadline - Date.now(), untilVisible)));
      waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  private sendMessageBatch(input: Record<string, unknown>): unknown {
    const queue = this.queueOf(input);
    const entries = this.entriesOf(input);
    const size = entries.reduce((total, entry) => total + Buffer.byteLength(text(entry.MessageBody) ?? ''), 0);
    if (size > queue.settings.maximumMessageSize) {
      throw sqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${queue.settings.maximumMessageSize} bytes.`);
    }
    const successful: unknown[] = [];
    const failed: unknown[] = [];
    for (const entry of entries) {
      try {
        successful.push({ Id: entry.Id, ...sentResult(queue.send(outgoingOf(entry))) });
      } catch (error) {
        failed.push(this.failure(entry, error));
      }
    }
    this.wake(queue);
    return { Successful: successful, Failed: failed };
  }

  private batch(input: Record<string, unknown>, apply: (queue: SqsQueue, entry: Record<string, unknown>) => void): unknown {
    const queue = this.queueOf(input);
    const successful: unknown[] = [];
    const failed: unknown[] = [];
    for (const entry of this.entriesOf(input)) {
      try {
        apply(queue, entry);
        successful.push({ Id: entry.Id });
      } catch (error) {
        failed.push(this.failure(entry, error));
      }
    }
    return { Successful: successful, Failed: failed };
  }

  private failure(entry: Record<string, unknown>, error: unknown): unknown {
    if (!(error instanceof AwsServiceError)) throw error;
    return { Id: entry.Id, SenderFault: true, Code: error.type, Message: error.message };
  }

  private entriesOf(input: Record<string, unknown>): Record<string, unknown>[] {
    const entries = Array.isArray(input.Entries) ? (input.Entries as Record<string, unknown>[]) : [];
    if (entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
    if (entries.length > MAX_BATCH_ENTRIES) {
      throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`);
    }
    const ids = entries.map((entry) => String(entry.Id ?? ''));
    const invalid = ids.find((id) => !BATCH_ENTRY_ID.test(id));
    if (invalid !== undefined) {
      throw sqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
    }
    if (new Set(ids).size !== ids.length) throw sqsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
    return entries;
  }

  private async receiveMessage(input: Record<string, unknown>): Promise<unknown> {
    const queue = this.queueOf(input);
    const max = integer(input.MaxNumberOfMessages, 'MaxNumberOfMessages') ?? 1;
    if (max < 1 || max > 10) {
      throw sqsError('InvalidParameterValue', `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`);
    }
    const waitSeconds = integer(input.WaitTimeSeconds, 'WaitTimeSeconds') ?? queue.settings.receiveWaitTimeSeconds;
    if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
      throw sqsError('InvalidParameterValue', `Value ${waitSeconds} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= ${MAX_WAIT_SECONDS}, if provided.`);
    }
    const visibilityTimeoutSeconds = integer(input.VisibilityTimeout, 'VisibilityTimeout');
    const messages = await this.receive(queue.settings.arn, {
      max,
      waitMs: waitSeconds * 1000,
      ...(visibilityTimeoutSeconds !== undefined ? { visibilityTimeoutSeconds } : {}),
    });
    if (messages.length === 0) return {};
    const systemNames = [...names(input.MessageSystemAttributeNames), ...names(input.AttributeNames)];
    const attributeNames = names(input.MessageAttributeNames);
    return {
      Messages: messages.map((message) => {
        const system = Object.entries(systemAttributesOf(message)).filter(
          ([name]) => systemNames.includes('All') || systemNames.includes(name),
        );
        const attributes = selectMessageAttributes(message.messageAttributes, attributeNames);
        return {
          MessageId: message.messageId,
          ReceiptHandle: message.receiptHandle,
          MD5OfBody: message.md5OfBody,
          Body: message.body,
          ...(system.length > 0 ? { Attributes: Object.fromEntries(system) } : {}),
          ...(message.md5OfMessageAttributes ? { MD5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
          ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
        };
      }),
    };
  }

  private attributesOf(queue: SqsQueue, wanted: string[]): Record<string, string> {
    const { settings } = queue;
    const counts = queue.counts();
    const all: Record<string, string> = {
      QueueArn: settings.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(settings.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(settings.createdAt / 1000)),
      VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
      DelaySeconds: String(settings.delaySeconds),
      MessageRetentionPeriod: String(settings.retentionSeconds),
      MaximumMessageSize: String(settings.maximumMessageSize),
      ReceiveMessageWaitTimeSeconds: String(settings.receiveWaitTimeSeconds),
      SqsManagedSseEnabled: 'true',
      ...(settings.redrivePolicy ? { RedrivePolicy: JSON.stringify(settings.redrivePolicy) } : {}),
      ...(settings.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: String(settings.contentBasedDeduplication) } : {}),
    };
    const unknown = wanted.find((name) => name !== 'All' && !QUEUE_ATTRIBUTE_NAMES.has(name));
    if (unknown) throw sqsError('InvalidAttributeName', `Unknown Attribute ${unknown}.`);
    return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes('All') || wanted.includes(name)));
  }

  /** Moves a dead-letter queue's visible messages back to their source queues (or to `DestinationArn`) at once. */
  private startMessageMoveTask(input: Record<string, unknown>): unknown {
    const sourceArn = text(input.SourceArn) ?? '';
    const source = this.byArn(sourceArn);
    if (!source) throw sqsError('ResourceNotFoundException', 'The resource that you specified for the SourceArn parameter doesn\'t exist.');
    if (this.sourcesOf(sourceArn).length === 0) {
      throw sqsError('InvalidParameterValue', 'Source queue must be configured as a Dead Letter Queue.');
    }
    const destinationArn = text(input.DestinationArn);
    if (destinationArn !== undefined && !this.byArn(destinationArn)) {
      throw sqsError('ResourceNotFoundException', 'The resource that you specified for the DestinationArn parameter doesn\'t exist.');
    }
    const taken = source.takeVisible();
    let moved = 0;
    for (const message of taken) {
      const destination = this.byArn(destinationArn ?? message.deadLetterQueueSourceArn ?? '');
      if (!destination) {
        source.accept(message);
        continue;
      }
      const { receiptHandle: _handle, firstReceiveTimestamp: _first, deadLetterQueueSourceArn: _source, ...kept } = message;
      destination.accept({ ...kept, messageId: randomUUID(), receiveCount: 0, sentTimestamp: this.options.clock.now(), visibleAt: this.options.clock.now() });
      this.wake(destination);
      moved++;
    }
    const task: MoveTask = {
      TaskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn })).toString('base64'),
      Status: 'COMPLETED',
      SourceArn: sourceArn,
      ...(destinationArn !== undefined ? { DestinationArn: destinationArn } : {}),
      ApproximateNumberOfMessagesMoved: moved,
      ApproximateNumberOfMessagesToMove: taken.length,
      StartedTimestamp: this.options.clock.now(),
    };
    this.moveTasks.push(task);
    return { TaskHandle: task.TaskHandle };
  }
}
