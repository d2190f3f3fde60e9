import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { AwsServiceError, type AwsService } from './aws-protocol';
import { writeDataFile } from './data-folder';
import { deadLetterAttributes } from './dead-letter-attributes';
import { InvalidTargetInputError, targetInput } from './event-input';
import type { MessageAttributeValue } from './sqs-md5';
import { compileEventPattern, type EventMatcher } from './event-pattern';

/** A rule's target as the template declares it (`AWS::Events::Rule` `Targets`). */
export interface EventTarget {
  id: string;
  arn: string;
  input?: string;
  inputPath?: string;
  inputTransformer?: { inputPathsMap?: Record<string, string>; inputTemplate: string };
  /** `SqsParameters.MessageGroupId`, for a FIFO queue target. */
  messageGroupId?: string;
  /** `RetryPolicy.MaximumRetryAttempts`: how often a failed delivery is tried again (3 without a policy). */
  maximumRetryAttempts?: number;
  /** `RetryPolicy.MaximumEventAgeInSeconds`: how long after its event a failed delivery is still tried again (24 hours without). */
  maximumEventAgeInSeconds?: number;
  /** `DeadLetterConfig.Arn`: the queue a delivery goes to once its retries are spent (dropped without one). */
  deadLetterArn?: string;
}

/** An EventBridge rule with an event pattern, as the template declares it. */
export interface EventRule {
  name: string;
  eventBusName: string;
  eventPattern: unknown;
  targets: EventTarget[];
}

/** An event as EventBridge hands it to rules and targets. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/**
 * Receives one event for one target of one matched rule, the target's input already applied; for
 * a delivery whose retries are spent, its target's dead-letter queue (as the target) with the
 * attributes that say why.
 */
export type EventDeliveryHandler = (target: EventTarget, input: unknown, rule: EventRule, deadLetterAttributes?: Record<string, MessageAttributeValue>) => Promise<void>;

/** How often a failed delivery is tried again when its target has no retry policy. */
const DEFAULT_RETRY_ATTEMPTS = 3;
/** EventBridge's default `MaximumEventAgeInSeconds`: a day. */
const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;
/** The wait before the first retry, doubled for each next one up to the longest: AWS's back-off, scaled down from minutes to seconds. */
const FIRST_RETRY_DELAY_MS = 200;
const LONGEST_RETRY_DELAY_MS = 1_600;
const MAX_ENTRIES = 10;
/** EventBridge's limit on the total size of one PutEvents request's entries. */
const MAX_REQUEST_BYTES = 256 * 1024;

interface EntryFailure {
  ErrorCode: string;
  ErrorMessage: string;
}

function busName(nameOrArn: unknown): string {
  if (typeof nameOrArn !== 'string' || nameOrArn === '') return 'default';
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return arn ? arn[1]! : nameOrArn;
}

/** EventBridge writes event times to the second, without milliseconds. */
function eventTime(time: unknown, now: number): string | undefined {
  const date =
    time === undefined || time === null
      ? new Date(now)
      : typeof time === 'number'
        ? new Date(time * 1000)
        : typeof time === 'string'
          ? new Date(/^\d+(\.\d+)?$/.test(time) ? Number(time) * 1000 : time)
          : new Date(NaN);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The entry size as EventBridge counts it: the bytes of the fields it keeps. */
function entrySize(entry: Record<string, unknown>): number {
  let size = entry.Time === undefined ? 0 : 14;
  for (const field of ['Source', 'DetailType', 'Detail']) {
    if (typeof entry[field] === 'string') size += Buffer.byteLength(entry[field]);
  }
  if (Array.isArray(entry.Resources)) {
    for (const resource of entry.Resources) if (typeof resource === 'string') size += Buffer.byteLength(resource);
  }
  return size;
}

function invalid(parameter: string, reason: string): EntryFailure {
  return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}` };
}

function validateEntry(entry: unknown, now: number): EntryFailure | undefined {
  if (typeof entry !== 'object' || entry === null) return invalid('Entry', 'Entry must be an object.');
  const fields = entry as Record<string, unknown>;
  for (const field of ['Source', 'DetailType', 'Detail']) {
    if (typeof fields[field] !== 'string' || fields[field] === '') {
      return invalid(field, `${field} is a required argument.`);
    }
  }
  if ((fields.Source as string).startsWith('aws.')) {
    return {
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source: events with a source starting with aws. come from AWS services only.',
    };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(fields.Detail as string);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object.' };
  }
  if (fields.Resources !== undefined && !(Array.isArray(fields.Resources) && fields.Resources.every((r) => typeof r === 'string'))) {
    return invalid('Resources', 'Resources must be a list of strings.');
  }
  if (eventTime(fields.Time, now) === undefined) return invalid('Time', 'Time is not a valid timestamp.');
  return undefined;
}

/** A delivery EventBridge accepted and has not finished: kept in the journal until it succeeds or is dropped. */
interface PendingDelivery {
  id: string;
  bus: string;
  ruleName: string;
  target: EventTarget;
  input: unknown;
  eventId: string;
  /** When EventBridge took the event, on the platform clock (ms); journals written before 6 December have none. */
  acceptedAt?: number;
}

interface CompiledRule {
  rule: EventRule;
  matches: EventMatcher;
  arn: string;
}

/**
 * The local EventBridge: PutEvents (AWS JSON 1.1, `AWSEvents.PutEvents`) validated like AWS,
 * matched against the rules of the event's bus, and delivered to each matched rule's targets
 * asynchronously through one delivery handler: a failed delivery is tried again as the target's
 * RetryPolicy says (200 ms, then twice as long each time up to 1.6 s; 3 retries without a policy)
 * and then sent to the target's DeadLetterConfig queue, or dropped with a log line without one.
 *
 * With a `journalFile`, an accepted event is as durable as in AWS: every delivery it owes is
 * written to the file before PutEvents answers and leaves it only when the handler succeeded (or
 * the retries are spent), so a process killed in between delivers it again on the next start
 * (at least once, as AWS promises; the targets must be idempotent).
 */
export class LocalEventBridge {
  readonly service: AwsService;
  private readonly rules = new Map<string, CompiledRule[]>();
  private handler: EventDeliveryHandler | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly pending = new Map<string, PendingDelivery>();
  /** Deliveries of an earlier run, handed to the first delivery handler. */
  private readonly interrupted: PendingDelivery[];

  /** `now` is the platform clock's time in ms (default: real time). */
  constructor(
    private readonly options: { region: string; account: string; log: (line: string) => void; now?: () => number; journalFile?: string },
  ) {
    this.service = {
      name: 'EventBridge',
      targetPrefix: 'AWSEvents',
      operations: { PutEvents: (input) => this.putEvents(input) },
    };
    const file = options.journalFile;
    this.interrupted = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PendingDelivery[]) : [];
    for (const delivery of this.interrupted) this.pending.set(delivery.id, delivery);
  }

  /**
   * Adds a rule, or replaces the rule of the same name on the same bus.
   * @throws InvalidEventPatternError when the pattern is one AWS would refuse.
   */
  addEventRule(rule: EventRule): void {
    const bus = busName(rule.eventBusName);
    const compiled: CompiledRule = {
      rule,
      matches: compileEventPattern(rule.eventPattern),
      arn: this.ruleArn(bus, rule.name),
    };
    const rules = (this.rules.get(bus) ?? []).filter((existing) => existing.rule.name !== rule.name);
    this.rules.set(bus, [...rules, compiled]);
  }

  /**
   * Sets the one handler that receives every delivery (a later call replaces it); `undefined`
   * holds deliveries back until a handler is set again. A handler also receives the deliveries an
   * earlier run left unfinished in the journal.
   */
  onEventDelivery(handler: EventDeliveryHandler | undefined): void {
    this.handler = handler;
    if (!handler) return;
    const interrupted = this.interrupted.splice(0);
    if (interrupted.length > 0) this.options.log(`[eventbridge] delivering ${interrupted.length} event(s) accepted before the last stop`);
    for (const delivery of interrupted) this.schedule(0, () => this.deliver(delivery, 0));
  }

  /** Drops pending retries; nothing is delivered afterwards. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private putEvents(input: Record<string, unknown>): unknown {
    const entries = input.Entries;
    if (!Array.isArray(entries)) {
      throw new AwsServiceError(
        'ValidationException',
        "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
      );
    }
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value '${entries.length} entries' at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
      );
    }
    const total = entries.reduce<number>((sum, entry) => sum + (typeof entry === 'object' && entry ? entrySize(entry) : 0), 0);
    if (total > MAX_REQUEST_BYTES) {
      throw new AwsServiceError('ValidationException', 'Total size of the entries in the request is over the limit.');
    }

    const now = this.now();
    const results = entries.map((entry: unknown) => {
      const failure = validateEntry(entry, now);
      if (failure) return failure;
      const fields = entry as Record<string, unknown>;
      const event: EventEnvelope = {
        version: '0',
        id: randomUUID(),
        'detail-type': fields.DetailType as string,
        source: fields.Source as string,
        account: this.options.account,
        time: eventTime(fields.Time, now)!,
        region: this.options.region,
        resources: (fields.Resources as string[] | undefined) ?? [],
        detail: JSON.parse(fields.Detail as string),
      };
      this.route(busName(fields.EventBusName), event);
      return { EventId: event.id };
    });
    return {
      FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
      Entries: results,
    };
  }

  /** Matching happens now, so a rule added later does not see the event; delivery happens later. */
  private route(bus: string, event: EventEnvelope): void {
    const ingestionTime = new Date(this.now()).toISOString();
    for (const { rule, matches, arn } of this.rules.get(bus) ?? []) {
      if (!matches(event)) continue;
      for (const target of rule.targets) {
        let input: unknown;
        try {
          input = targetInput(target, event, { ruleName: rule.name, ruleArn: arn, ingestionTime });
        } catch (error) {
          if (!(error instanceof InvalidTargetInputError)) throw error;
          this.options.log(`[eventbridge] event ${event.id} dropped for rule ${rule.name} target ${target.id}: ${error.message}`);
          continue;
        }
        const delivery: PendingDelivery = { id: randomUUID(), bus, ruleName: rule.name, target, input, eventId: event.id, acceptedAt: this.now() };
        this.pending.set(delivery.id, delivery);
        this.schedule(0, () => this.deliver(delivery, 0));
      }
    }
    this.saveJournal();
  }

  private ruleArn(bus: string, name: string): string {
    return `arn:aws:events:${this.options.region}:${this.options.account}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private schedule(delay: number, run: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, delay);
    this.timers.add(timer);
  }

  private async deliver(delivery: PendingDelivery, attempt: number): Promise<void> {
    const { target, input, eventId, ruleName } = delivery;
    const where = `event ${eventId} for rule ${ruleName} target ${target.id}`;
    const rule = this.rules.get(delivery.bus)?.find((compiled) => compiled.rule.name === ruleName)?.rule;
    if (!this.handler) {
      this.interrupted.push(delivery);
      return;
    }
    if (!rule) {
      this.options.log(`[eventbridge] ${where} dropped: the rule is gone`);
      this.finish(delivery);
      return;
    }
    try {
      await this.handler(target, input, rule);
      this.finish(delivery);
    } catch (error) {
      // A delivery cut short by a stop stays in the journal for the next start.
      if (this.stopped) return;
      const reason = error instanceof Error ? error.message : String(error);
      const exhausted = this.exhausted(delivery, attempt);
      if (exhausted) {
        if (target.deadLetterArn) await this.deadLetter(delivery, rule, error, attempt, exhausted);
        else this.options.log(`[eventbridge] ${where} dropped after ${attempt + 1} failed attempts (${exhausted}): ${reason}`);
        this.finish(delivery);
        return;
      }
      const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** attempt, LONGEST_RETRY_DELAY_MS);
      this.options.log(`[eventbridge] ${where} failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${reason}`);
      this.schedule(delay, () => this.deliver(delivery, attempt + 1));
    }
  }

  /**
   * Which of the target's RetryPolicy limits a failed delivery has reached, if any: its retries, or
   * its event's age on the platform clock (a clock moved on ages the events that wait for a retry).
   */
  private exhausted(delivery: PendingDelivery, attempt: number): 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | undefined {
    const { target, acceptedAt } = delivery;
    if (attempt >= (target.maximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS)) return 'MaximumRetryAttempts';
    const maximumAgeMs = (target.maximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000;
    if (acceptedAt !== undefined && this.now() - acceptedAt >= maximumAgeMs) return 'MaximumEventAgeInSeconds';
    return undefined;
  }

  /**
   * Sends a delivery whose retries are spent to its target's dead-letter queue: the input the target
   * was given, with EventBridge's attributes naming the rule, the target, the last error and the limit reached.
   */
  private async deadLetter(delivery: PendingDelivery, rule: EventRule, error: unknown, retries: number, exhausted: string): Promise<void> {
    const { target, input, eventId, ruleName } = delivery;
    const where = `event ${eventId} for rule ${ruleName} target ${target.id}`;
    const attributes = deadLetterAttributes(error, exhausted, retries, { RULE_ARN: this.ruleArn(delivery.bus, ruleName), TARGET_ARN: target.arn });
    try {
      await this.handler!({ id: `${target.id}-dead-letters`, arn: target.deadLetterArn! }, input, rule, attributes);
      this.options.log(`[eventbridge] ${where} sent to its dead-letter queue after ${retries + 1} failed attempts: ${attributes.ERROR_MESSAGE!.StringValue}`);
    } catch (deadLetterError) {
      this.options.log(`[eventbridge] ${where} dropped: its dead-letter queue ${target.deadLetterArn} refused it: ${String(deadLetterError)}`);
    }
  }

  private finish(delivery: PendingDelivery): void {
    this.pending.delete(delivery.id);
    this.saveJournal();
  }

  private saveJournal(): void {
    const file = this.options.journalFile;
    if (file) writeDataFile(file, JSON.stringify([...this.pending.values()]));
  }
}
