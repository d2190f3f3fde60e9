import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AwsServiceError } from './aws-protocol';
import { md5OfBody, md5OfMessageAttributes, type MessageAttributeValue } from './sqs-md5';

/** A queue's configuration, from its template properties or attributes, with SQS's defaults filled in. */
export interface QueueSettings {
  name: string;
  arn: string;
  url: string;
  fifo: boolean;
  contentBasedDeduplication: boolean;
  visibilityTimeoutSeconds: number;
  delaySeconds: number;
  retentionSeconds: number;
  maximumMessageSize: number;
  receiveWaitTimeSeconds: number;
  redrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount: number };
  /** Platform time (ms) the queue was created. */
  createdAt: number;
}

/** One message as the queue keeps it; times are platform ms. */
export interface QueuedMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  /** `MessageSystemAttributes` the sender gave (`AWSTraceHeader`). */
  systemAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageSystemAttributes?: string;
  sentTimestamp: number;
  senderId: string;
  /** Before this time the message is delayed (never received) or in flight (received). */
  visibleAt: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** The handle of the latest receive; older handles no longer change the message. */
  receiptHandle?: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  /** Set when SQS moved the message here after too many receives. */
  deadLetterQueueSourceArn?: string;
}

/** What a sender gives for one message. */
export interface OutgoingMessage {
  body: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  systemAttributes?: Record<string, MessageAttributeValue>;
  delaySeconds?: number;
  groupId?: string;
  deduplicationId?: string;
}

/** The answer to a send: the message now in the queue, or the one a FIFO deduplication id already stored. */
export interface SentMessage {
  messageId: string;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  md5OfMessageSystemAttributes?: string;
  sequenceNumber?: string;
}

/** SQS's own error codes for the Query protocol, which the SDK turns into exception names. */
const QUERY_CODES: Record<string, string> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
};

/** An SQS error as the JSON protocol answers it, with the Query protocol code the SDK maps to the exception. */
export function sqsError(type: string, message: string): AwsServiceError {
  return new AwsServiceError(type, message, 400, QUERY_CODES[type] ?? type);
}

const FIFO_DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const SENDER_ID = 'AIDALOCALKREISLAUF0000';
// XML 1.0 characters: what SQS accepts in a body and in attribute values.
const INVALID_CHARACTERS = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function attributesSize(attributes: Record<string, MessageAttributeValue>): number {
  return Object.entries(attributes).reduce(
    (size, [name, value]) =>
      size +
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType) +
      (value.BinaryValue !== undefined ? Buffer.from(value.BinaryValue, 'base64').length : Buffer.byteLength(value.StringValue ?? '')),
    0,
  );
}

function checkSeconds(value: number, max: number, parameter: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw sqsError('InvalidParameterValue', `Value ${value} for parameter ${parameter} is invalid. Reason: Must be between 0 and ${max}.`);
  }
  return value;
}

/**
 * One SQS queue with SQS's semantics on the platform clock: delays, visibility timeouts, receive
 * counts, retention, FIFO ordering per message group with deduplication, and the move to the
 * dead-letter queue when a message is received once more after `maxReceiveCount` receives.
 */
export class SqsQueue {
  private readonly messages = new Map<string, QueuedMessage>();
  private readonly deduplication = new Map<string, { sent: SentMessage; at: number }>();
  private sequence = 0n;

  constructor(
    readonly settings: QueueSettings,
    private readonly now: () => number,
    /** Finds the dead-letter queue of the redrive policy. */
    private readonly findQueue: (arn: string) => SqsQueue | undefined,
  ) {}

  /**
   * Adds a message, or, on a FIFO queue, answers with the message a deduplication id stored within
   * the last five minutes.
   * @throws AwsServiceError when SQS would refuse the message.
   */
  send(outgoing: OutgoingMessage): SentMessage {
    const { settings } = this;
    const messageAttributes = outgoing.messageAttributes ?? {};
    const systemAttributes = outgoing.systemAttributes ?? {};
    if (INVALID_CHARACTERS.test(outgoing.body)) {
      throw sqsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
    }
    const size = Buffer.byteLength(outgoing.body) + attributesSize(messageAttributes);
    if (size > settings.maximumMessageSize) {
      throw sqsError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${settings.maximumMessageSize} bytes.`,
      );
    }
    const md5s = {
      md5OfBody: md5OfBody(outgoing.body),
      md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
      md5OfMessageSystemAttributes: md5OfMessageAttributes(systemAttributes),
    };
    const now = this.now();
    let deduplicationId: string | undefined;
    if (settings.fifo) {
      if (!outgoing.groupId) throw sqsError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
      if (outgoing.delaySeconds !== undefined && outgoing.delaySeconds !== 0) {
        throw sqsError(
          'InvalidParameterValue',
          `Value ${outgoing.delaySeconds} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
        );
      }
      deduplicationId = outgoing.deduplicationId ?? (settings.contentBasedDeduplication ? createHash('sha256').update(outgoing.body).digest('hex') : undefined);
      if (!deduplicationId) {
        throw sqsError(
          'InvalidParameterValue',
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      this.forgetOldDeduplicationIds(now);
      const earlier = this.deduplication.get(deduplicationId);
      if (earlier) return { ...earlier.sent, ...md5s };
    } else if (outgoing.deduplicationId !== undefined) {
      throw sqsError(
        'InvalidParameterValue',
        'The request include parameter MessageDeduplicationId that is not valid for this queue type',
      );
    }
    const delaySeconds = checkSeconds(outgoing.delaySeconds ?? settings.delaySeconds, MAX_DELAY_SECONDS, 'DelaySeconds');
    const message: QueuedMessage = {
      messageId: randomUUID(),
      body: outgoing.body,
      messageAttributes,
      systemAttributes,
      ...md5s,
      sentTimestamp: now,
      senderId: SENDER_ID,
      visibleAt: now + delaySeconds * 1000,
      receiveCount: 0,
      ...(outgoing.groupId !== undefined ? { groupId: outgoing.groupId } : {}),
      ...(deduplicationId !== undefined ? { deduplicationId } : {}),
    };
    const { sequenceNumber } = this.accept(message);
    const sent: SentMessage = { messageId: message.messageId, ...md5s, ...(sequenceNumber ? { sequenceNumber } : {}) };
    if (deduplicationId) this.deduplication.set(deduplicationId, { sent, at: now });
    return sent;
  }

  /** Takes in a message that already exists (moved from another queue, or restored); a FIFO queue numbers it. */
  accept(message: QueuedMessage): QueuedMessage {
    const stored = { ...message };
    if (this.settings.fifo) stored.sequenceNumber = this.nextSequenceNumber();
    this.messages.set(stored.messageId, stored);
    return stored;
  }

  /**
   * Receives up to `max` messages, like ReceiveMessage without waiting: each gets a new receipt
   * handle and stays invisible for the visibility timeout. A message already received
   * `maxReceiveCount` times moves to the dead-letter queue instead.
   */
  receive(max: number, visibilityTimeoutSeconds = this.settings.visibilityTimeoutSeconds): QueuedMessage[] {
    const timeout = checkSeconds(visibilityTimeoutSeconds, MAX_VISIBILITY_TIMEOUT_SECONDS, 'VisibilityTimeout');
    const now = this.expire();
    const received: QueuedMessage[] = [];
    const blockedGroups = new Set<string>();
    const redrive = this.settings.redrivePolicy;
    const deadLetterQueue = redrive && this.findQueue(redrive.deadLetterTargetArn);
    for (const message of [...this.messages.values()]) {
      if (received.length >= max) break;
      const group = this.settings.fifo ? message.groupId ?? '' : undefined;
      if (group !== undefined && blockedGroups.has(group)) continue;
      if (message.visibleAt > now) {
        // A FIFO message group is delivered in order: nothing after a hidden message of the group.
        if (group !== undefined) blockedGroups.add(group);
        continue;
      }
      if (redrive && deadLetterQueue && message.receiveCount >= redrive.maxReceiveCount) {
        this.messages.delete(message.messageId);
        const { receiptHandle: _handle, ...moved } = message;
        deadLetterQueue.accept({ ...moved, visibleAt: now, deadLetterQueueSourceArn: this.settings.arn });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = this.newReceiptHandle(message.messageId);
      message.visibleAt = now + timeout * 1000;
      received.push({ ...message });
    }
    return received;
  }

  /**
   * Deletes the message a receipt handle names. A handle of an earlier receive, or of a message
   * already deleted, changes nothing and is no error (as in SQS).
   * @throws AwsServiceError ReceiptHandleIsInvalid for a handle this queue never gave.
   */
  delete(receiptHandle: string): void {
    const message = this.messageOf(receiptHandle);
    if (message && message.receiptHandle === receiptHandle) this.messages.delete(message.messageId);
  }

  /**
   * Sets how long a received message stays invisible, counted from now.
   * @throws AwsServiceError when the message is not in flight under this handle.
   */
  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): void {
    const timeout = checkSeconds(visibilityTimeoutSeconds, MAX_VISIBILITY_TIMEOUT_SECONDS, 'VisibilityTimeout');
    const message = this.messageOf(receiptHandle);
    const now = this.expire();
    if (!message || message.receiptHandle !== receiptHandle || message.visibleAt <= now) {
      throw sqsError(
        'InvalidParameterValue',
        `Value ${receiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
      );
    }
    message.visibleAt = now + timeout * 1000;
  }

  /** Deletes every message, in flight or not. */
  purge(): void {
    this.messages.clear();
  }

  /** Removes and returns the messages that are visible now (a redrive takes them). */
  takeVisible(): QueuedMessage[] {
    const now = this.expire();
    const taken = [...this.messages.values()].filter((message) => message.visibleAt <= now);
    for (const message of taken) this.messages.delete(message.messageId);
    return taken;
  }

  /** How many messages are visible, in flight (received, still hidden) and delayed (never received, still hidden). */
  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = this.expire();
    const counts = { visible: 0, inFlight: 0, delayed: 0 };
    for (const message of this.messages.values()) {
      if (message.visibleAt <= now) counts.visible++;
      else if (message.receiveCount > 0) counts.inFlight++;
      else counts.delayed++;
    }
    return counts;
  }

  /** The earliest platform time a hidden message becomes visible, if any is hidden. */
  nextVisibleAt(): number | undefined {
    const now = this.now();
    let next: number | undefined;
    for (const message of this.messages.values()) {
      if (message.visibleAt > now && (next === undefined || message.visibleAt < next)) next = message.visibleAt;
    }
    return next;
  }

  /** Every message, for the local console and for keeping the queue across a restart. */
  list(): QueuedMessage[] {
    this.expire();
    return [...this.messages.values()].map((message) => ({ ...message }));
  }

  /** Drops messages older than the retention period; returns the current platform time. */
  private expire(): number {
    const now = this.now();
    const oldest = now - this.settings.retentionSeconds * 1000;
    for (const message of this.messages.values()) {
      if (message.sentTimestamp <= oldest) this.messages.delete(message.messageId);
    }
    return now;
  }

  private forgetOldDeduplicationIds(now: number): void {
    for (const [id, entry] of this.deduplication) {
      if (entry.at <= now - FIFO_DEDUPLICATION_WINDOW_MS) this.deduplication.delete(id);
    }
  }

  private nextSequenceNumber(): string {
    this.sequence += 1n;
    return (BigInt(this.settings.createdAt) * 1_000_000n + this.sequence).toString().padStart(20, '0');
  }

  private newReceiptHandle(messageId: string): string {
    return Buffer.from(JSON.stringify({ q: this.settings.arn, m: messageId, n: randomBytes(12).toString('base64url') })).toString(
      'base64url',
    );
  }

  private messageOf(receiptHandle: string): QueuedMessage | undefined {
    let decoded: { q?: unknown; m?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(receiptHandle, 'base64url').toString('utf8'));
    } catch {
      throw sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`);
    }
    if (decoded.q !== this.settings.arn || typeof decoded.m !== 'string') {
      throw sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`);
    }
    return this.messages.get(decoded.m);
  }
}
