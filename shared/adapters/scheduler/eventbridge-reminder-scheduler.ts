import { ConflictException, CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ReminderScheduler } from '../../ports/reminder-scheduler';
import type { DueReminder } from '../../schemas/reminders';

export interface ReminderTarget {
  /** The schedule group the reminders live in. */
  groupName: string;
  /** The reminder function the schedules invoke. */
  functionArn: string;
  /** The role EventBridge Scheduler assumes to invoke it. */
  roleArn: string;
  /** Where a reminder goes whose invocations kept failing. */
  deadLetterArn: string;
}

/** A day of retries: a reminder is still worth sending a few hours late. */
const RETRY_POLICY = { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86_400 };

/**
 * The ReminderScheduler on EventBridge Scheduler: one one-time `at()` schedule per reminder, in
 * UTC, deleted by the scheduler once it has run.
 */
export class EventBridgeReminderScheduler implements ReminderScheduler {
  /** @param target read when the first reminder is scheduled: a function that only fires reminders needs none. */
  constructor(private readonly target: () => ReminderTarget, private readonly client: SchedulerClient) {}

  async scheduleOnce(name: string, at: string, reminder: DueReminder): Promise<void> {
    const target = this.target();
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: target.groupName,
          // at() takes yyyy-mm-ddThh:mm:ss without a zone; the zone is given apart.
          ScheduleExpression: `at(${at.slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: target.functionArn,
            RoleArn: target.roleArn,
            Input: JSON.stringify(reminder),
            RetryPolicy: RETRY_POLICY,
            DeadLetterConfig: { Arn: target.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConflictException) return;
      throw error;
    }
  }
}
