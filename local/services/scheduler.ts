import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { AwsServiceError, type AwsService, type RestJsonRoute } from './aws-protocol';
import type { Alarm, AlarmSource, PlatformClock } from './clock';
import { writeDataFile } from './data-folder';
import { deadLetterAttributes } from './dead-letter-attributes';
import {
  InvalidScheduleExpressionError,
  nextOccurrence,
  occurrenceToFire,
  parseScheduleExpression,
  type ScheduleExpression,
} from './schedule-expressions';
import type { MessageAttributeValue } from './sqs-md5';

/** A schedule's target as the Scheduler API and `AWS::Scheduler::Schedule` describe it. */
export interface ScheduleTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
  DeadLetterConfig?: { Arn?: string };
  SqsParameters?: { MessageGroupId?: string };
  [parameters: string]: unknown;
}

/** One invocation of a schedule's target (or of its dead-letter queue), for the local cloud to carry out. */
export interface ScheduleDelivery {
  scheduleArn: string;
  targetArn: string;
  /** The target's Input with Scheduler's context attributes (`<aws.scheduler.scheduled-time>`, ...) filled in. */
  input: string;
  messageGroupId?: string;
  /** For a dead-letter delivery: why the target could not be invoked. */
  messageAttributes?: Record<string, MessageAttributeValue>;
}

/** Carries out a delivery; a rejection counts as a failed invocation and is retried by the schedule's RetryPolicy. */
export type ScheduleDeliveryHandler = (delivery: ScheduleDelivery) => Promise<void>;

/** A schedule as kept: the API's fields (times in ms) and when it last fired. */
interface StoredSchedule {
  Name: string;
  GroupName: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  StartDate?: number;
  EndDate?: number;
  Description?: string;
  State: 'ENABLED' | 'DISABLED';
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: ScheduleTarget;
  ActionAfterCompletion: 'NONE' | 'DELETE';
  KmsKeyArn?: string;
  CreationDate: number;
  LastModificationDate: number;
  /** The occurrence it last fired for (platform ms). */
  lastFiredAt?: number;
  /** Declared in the template: replaced, not kept, when the template changes. */
  fromTemplate?: boolean;
}

interface StoredGroup {
  Name: string;
  CreationDate: number;
  fromTemplate?: boolean;
}

const DEFAULT_GROUP = 'default';
const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;
const MAX_RETRY_DELAY_MS = 60_000;

function validation(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message, 400);
}

function notFound(message: string): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', message, 404);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The SDK sends timestamps as epoch seconds; a template gives ISO strings. */
function timeOf(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw validation(`${field} is not a valid timestamp.`);
  return ms;
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw validation(`1 validation error detected: Value '${String(name)}' at '${what}' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+`);
  }
  return name;
}

/**
 * The local EventBridge Scheduler: the schedule operations of `@aws-sdk/client-scheduler` the
 * platform and its tests call (create, get, delete), the template's schedule groups and schedules, kept in `file` across restarts, and firing on the
 * platform clock: `at()` once, `rate()` and `cron()` on every occurrence (when the clock jumps over
 * several occurrences of one schedule, it fires once, for the latest). The first invocation of an
 * occurrence is awaited while the clock moves; failed invocations are retried in real time with
 * backoff under the target's RetryPolicy and then sent to its DeadLetterConfig queue. A FLEXIBLE
 * time window fires at the start of the window.
 *
 * @example
 * const scheduler = new LocalScheduler({ region, account, clock, file, deliver, log });
 * aws.mount(scheduler.service);
 * scheduler.start();
 */
export class LocalScheduler implements AlarmSource {
  readonly service: AwsService;
  private readonly groups = new Map<string, StoredGroup>();
  private readonly schedules = new Map<string, StoredSchedule>();
  private readonly expressions = new Map<string, ScheduleExpression>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private removeFromClock: (() => void) | undefined;

  constructor(
    private readonly options: {
      region: string;
      account: string;
      clock: PlatformClock;
      deliver: ScheduleDeliveryHandler;
      log: (line: string) => void;
      /** Where schedules are kept between runs; without it they live in memory only. */
      file?: string;
    },
  ) {
    this.load();
    const routes: RestJsonRoute[] = [
      { method: 'POST', path: '/schedules/{Name}', handle: (input, { labels }) => this.createSchedule(labels.Name!, input) },
      { method: 'GET', path: '/schedules/{Name}', handle: (_input, { labels, query }) => this.describe(this.find(labels.Name!, query.get('groupName'))) },
      { method: 'DELETE', path: '/schedules/{Name}', handle: (_input, { labels, query }) => this.deleteSchedule(labels.Name!, query.get('groupName')) },
    ];
    this.service = { name: 'Scheduler', routes };
  }

  /** Starts firing on the platform clock. */
  start(): void {
    this.removeFromClock ??= this.options.clock.addAlarmSource(this);
  }

  /** Stops firing and drops pending retries. */
  stop(): void {
    this.removeFromClock?.();
    this.removeFromClock = undefined;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
  }

  /**
   * Sets the template's schedule groups and schedules (`AWS::Scheduler::*` properties, resolved):
   * new ones are created, changed ones replaced, and the template's earlier ones that it no longer
   * declares removed. A schedule whose expression did not change keeps its firing history.
   */
  putTemplateSchedules(groups: string[], schedules: Record<string, unknown>[]): void {
    for (const [name, group] of this.groups) if (group.fromTemplate && !groups.includes(name)) this.groups.delete(name);
    for (const name of groups) this.groups.set(name, { Name: name, CreationDate: this.groups.get(name)?.CreationDate ?? this.now(), fromTemplate: true });
    const declared = new Set<string>();
    for (const properties of schedules) {
      const name = checkName(properties.Name, 'name');
      const schedule = this.scheduleFrom(name, properties, this.schedules.get(this.key(String(properties.GroupName ?? DEFAULT_GROUP), name)));
      schedule.fromTemplate = true;
      declared.add(this.key(schedule.GroupName, name));
      this.store(schedule);
    }
    for (const [key, schedule] of this.schedules) if (schedule.fromTemplate && !declared.has(key)) this.remove(schedule);
    this.changed();
  }

  /** The clock asks for the next occurrence due; see {@link AlarmSource.nextAlarm}. */
  nextAlarm(until: number): Alarm | undefined {
    let earliest: { schedule: StoredSchedule; at: number } | undefined;
    for (const schedule of this.schedules.values()) {
      const at = this.dueOccurrence(schedule, until);
      if (at !== undefined && (!earliest || at < earliest.at)) earliest = { schedule, at };
    }
    if (!earliest) return undefined;
    const { schedule, at } = earliest;
    return { at, ring: () => this.fire(schedule, at) };
  }

  private now(): number {
    return this.options.clock.now();
  }

  private key(group: string, name: string): string {
    return `${group}/${name}`;
  }

  private expression(schedule: StoredSchedule): ScheduleExpression {
    const cacheKey = `${schedule.ScheduleExpression}|${schedule.ScheduleExpressionTimezone ?? 'UTC'}`;
    let parsed = this.expressions.get(cacheKey);
    if (!parsed) {
      parsed = parseScheduleExpression(schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone);
      this.expressions.set(cacheKey, parsed);
    }
    return parsed;
  }

  /** The occurrence to fire next: the latest one due by `until`, else the next one, else none. */
  private dueOccurrence(schedule: StoredSchedule, until: number): number | undefined {
    if (schedule.State !== 'ENABLED') return undefined;
    const expression = this.expression(schedule);
    if (expression.kind === 'at') return schedule.lastFiredAt === undefined ? expression.at : undefined;
    return occurrenceToFire(expression, {
      after: schedule.lastFiredAt ?? Math.max(schedule.LastModificationDate, (schedule.StartDate ?? -Infinity) - 1),
      anchor: schedule.StartDate ?? schedule.LastModificationDate,
      until,
      ...(schedule.EndDate !== undefined ? { end: schedule.EndDate } : {}),
    });
  }

  private occursAgain(schedule: StoredSchedule): boolean {
    const expression = this.expression(schedule);
    if (schedule.lastFiredAt === undefined) return true;
    if (expression.kind === 'at') return false;
    const next = nextOccurrence(expression, schedule.lastFiredAt, schedule.StartDate ?? schedule.LastModificationDate);
    return next !== undefined && next <= (schedule.EndDate ?? Infinity);
  }

  private async fire(schedule: StoredSchedule, at: number): Promise<void> {
    schedule.lastFiredAt = at;
    this.save();
    const executionId = randomUUID();
    await this.attempt(schedule, at, executionId, 0);
    const current = this.schedules.get(this.key(schedule.GroupName, schedule.Name));
    if (current === schedule && schedule.ActionAfterCompletion === 'DELETE' && !this.occursAgain(schedule)) {
      this.remove(schedule);
      this.save();
    }
  }

  private async attempt(schedule: StoredSchedule, at: number, executionId: string, retry: number): Promise<void> {
    const { Target: target } = schedule;
    const input = (target.Input ?? '{}')
      .replaceAll('<aws.scheduler.schedule-arn>', schedule.Arn)
      .replaceAll('<aws.scheduler.scheduled-time>', isoSeconds(at))
      .replaceAll('<aws.scheduler.execution-id>', executionId)
      .replaceAll('<aws.scheduler.attempt-number>', String(retry + 1));
    try {
      await this.options.deliver({
        scheduleArn: schedule.Arn,
        targetArn: target.Arn,
        input,
        ...(target.SqsParameters?.MessageGroupId ? { messageGroupId: target.SqsParameters.MessageGroupId } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
      const maxAgeMs = (target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000;
      const exhausted = retry >= maxRetries ? 'MaximumRetryAttempts' : this.now() - at >= maxAgeMs ? 'MaximumEventAgeInSeconds' : undefined;
      if (!exhausted) {
        if (retry === 0) this.options.log(`[scheduler] ${schedule.Arn}: invoking ${target.Arn} failed, retrying: ${reason}`);
        const timer = setTimeout(() => {
          this.retries.delete(timer);
          void this.attempt(schedule, at, executionId, retry + 1);
        }, Math.min(1000 * 2 ** retry, MAX_RETRY_DELAY_MS));
        timer.unref();
        this.retries.add(timer);
        return;
      }
      this.options.log(`[scheduler] ${schedule.Arn}: gave up on ${target.Arn} after ${retry + 1} attempts (${exhausted}): ${reason}`);
      if (target.DeadLetterConfig?.Arn) await this.deadLetter(schedule, target.DeadLetterConfig.Arn, input, error, exhausted, retry);
    }
  }

  private async deadLetter(schedule: StoredSchedule, queueArn: string, input: string, error: unknown, exhausted: string, retries: number): Promise<void> {
    const messageAttributes = deadLetterAttributes(error, exhausted, retries, { SCHEDULE_ARN: schedule.Arn, TARGET_ARN: schedule.Target.Arn });
    try {
      await this.options.deliver({ scheduleArn: schedule.Arn, targetArn: queueArn, input, messageAttributes });
    } catch (deadLetterError) {
      this.options.log(`[scheduler] ${schedule.Arn}: the dead-letter queue ${queueArn} refused the event: ${String(deadLetterError)}`);
    }
  }

  private scheduleFrom(name: string, input: Record<string, unknown>, previous: StoredSchedule | undefined): StoredSchedule {
    const group = input.GroupName === undefined ? DEFAULT_GROUP : checkName(input.GroupName, 'groupName');
    if (!this.groups.has(group)) throw notFound(`Schedule group ${group} does not exist.`);
    const expression = input.ScheduleExpression;
    if (typeof expression !== 'string') throw validation('ScheduleExpression is required.');
    const timezone = typeof input.ScheduleExpressionTimezone === 'string' ? input.ScheduleExpressionTimezone : undefined;
    try {
      parseScheduleExpression(expression, timezone);
    } catch (error) {
      if (error instanceof InvalidScheduleExpressionError) throw validation(error.message);
      throw error;
    }
    const window = record(input.FlexibleTimeWindow);
    if (!window || (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE')) throw validation('FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.');
    if (window.Mode === 'FLEXIBLE' && !(Number(window.MaximumWindowInMinutes) >= 1 && Number(window.MaximumWindowInMinutes) <= 1440)) {
      throw validation('FlexibleTimeWindow.MaximumWindowInMinutes must be between 1 and 1440 for the FLEXIBLE mode.');
    }
    const target = record(input.Target);
    if (!target || typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string') throw validation('Target needs an Arn and a RoleArn.');
    const state = input.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') throw validation('State must be ENABLED or DISABLED.');
    const action = input.ActionAfterCompletion ?? 'NONE';
    if (action !== 'NONE' && action !== 'DELETE') throw validation('ActionAfterCompletion must be NONE or DELETE.');
    const startDate = timeOf(input.StartDate, 'StartDate');
    const endDate = timeOf(input.EndDate, 'EndDate');
    if (startDate !== undefined && endDate !== undefined && endDate <= startDate) throw validation('The EndDate must be after the StartDate.');
    const now = this.now();
    const unchanged =
      previous?.ScheduleExpression === expression && previous.ScheduleExpressionTimezone === timezone && previous.StartDate === startDate;
    return {
      Name: name,
      GroupName: group,
      Arn: `arn:aws:scheduler:${this.options.region}:${this.options.account}:schedule/${group}/${name}`,
      ScheduleExpression: expression,
      ...(timezone !== undefined ? { ScheduleExpressionTimezone: timezone } : {}),
      ...(startDate !== undefined ? { StartDate: startDate } : {}),
      ...(endDate !== undefined ? { EndDate: endDate } : {}),
      ...(typeof input.Description === 'string' ? { Description: input.Description } : {}),
      ...(typeof input.KmsKeyArn === 'string' ? { KmsKeyArn: input.KmsKeyArn } : {}),
      State: state,
      FlexibleTimeWindow: window as StoredSchedule['FlexibleTimeWindow'],
      Target: target as ScheduleTarget,
      ActionAfterCompletion: action,
      CreationDate: previous?.CreationDate ?? now,
      LastModificationDate: unchanged ? previous.LastModificationDate : now,
      ...(unchanged && previous.lastFiredAt !== undefined ? { lastFiredAt: previous.lastFiredAt } : {}),
    };
  }

  private createSchedule(name: string, input: Record<string, unknown>): unknown {
    checkName(name, 'name');
    const group = typeof input.GroupName === 'string' ? input.GroupName : DEFAULT_GROUP;
    if (this.schedules.has(this.key(group, name))) throw new AwsServiceError('ConflictException', `Schedule ${name} already exists.`, 409);
    const schedule = this.scheduleFrom(name, input, undefined);
    this.store(schedule);
    this.changed();
    return { ScheduleArn: schedule.Arn };
  }

  private deleteSchedule(name: string, group: string | null): unknown {
    this.remove(this.find(name, group));
    this.changed();
    return {};
  }

  private find(name: string, group: string | null): StoredSchedule {
    const schedule = this.schedules.get(this.key(group ?? DEFAULT_GROUP, name));
    if (!schedule) throw notFound(`Schedule ${name} does not exist.`);
    return schedule;
  }

  private describe(schedule: StoredSchedule): unknown {
    const { lastFiredAt: _fired, fromTemplate: _template, CreationDate, LastModificationDate, StartDate, EndDate, ...fields } = schedule;
    return {
      ...fields,
      CreationDate: seconds(CreationDate),
      LastModificationDate: seconds(LastModificationDate),
      ...(StartDate !== undefined ? { StartDate: seconds(StartDate) } : {}),
      ...(EndDate !== undefined ? { EndDate: seconds(EndDate) } : {}),
    };
  }

  private store(schedule: StoredSchedule): void {
    this.schedules.set(this.key(schedule.GroupName, schedule.Name), schedule);
  }

  private remove(schedule: StoredSchedule): void {
    this.schedules.delete(this.key(schedule.GroupName, schedule.Name));
  }

  private changed(): void {
    this.save();
    this.options.clock.alarmsChanged();
  }

  private load(): void {
    const stored =
      this.options.file && existsSync(this.options.file)
        ? (JSON.parse(readFileSync(this.options.file, 'utf8')) as { groups: StoredGroup[]; schedules: StoredSchedule[] })
        : { groups: [], schedules: [] };
    for (const group of stored.groups) this.groups.set(group.Name, group);
    if (!this.groups.has(DEFAULT_GROUP)) this.groups.set(DEFAULT_GROUP, { Name: DEFAULT_GROUP, CreationDate: this.now() });
    for (const schedule of stored.schedules) this.store(schedule);
  }

  private save(): void {
    const file = this.options.file;
    if (file) writeDataFile(file, JSON.stringify({ groups: [...this.groups.values()], schedules: [...this.schedules.values()] }, null, 2));
  }
}
