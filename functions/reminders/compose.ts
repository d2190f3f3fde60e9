import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbPassportEventLog } from '../../shared/adapters/dynamodb/passport-event-log';
import { schedulerClient } from '../../shared/adapters/scheduler/client';
import { EventBridgeReminderScheduler } from '../../shared/adapters/scheduler/eventbridge-reminder-scheduler';
import { requiredEnv } from '../../shared/config';
import { ReminderScheduling, Reminders } from '../../shared/services/reminders';
import { now, passportRecords, payoutStore } from '../commons/stores';

// The reminders customers get before their label or counter-offer runs out.

/** Firing a due reminder: the passports, the payouts and the events, no scheduler. */
export function reminders(): Reminders {
  return new Reminders({
    store: passportRecords(),
    payouts: payoutStore(),
    events: new DynamoDbPassportEventLog(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    now,
  });
}

/** Scheduling the reminders an event calls for: the scheduler alone. */
export function reminderScheduling(): ReminderScheduling {
  return new ReminderScheduling({
    scheduler: new EventBridgeReminderScheduler(
      () => ({
        groupName: requiredEnv('REMINDER_SCHEDULE_GROUP'),
        functionArn: requiredEnv('REMINDER_FUNCTION_ARN'),
        roleArn: requiredEnv('REMINDER_ROLE_ARN'),
        deadLetterArn: requiredEnv('REMINDER_DEAD_LETTER_ARN'),
      }),
      schedulerClient(),
    ),
    now,
  });
}
