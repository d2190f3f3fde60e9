import { Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { EMAIL_EVENT_TYPES } from '../../shared/domain/emails/triggers';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import { deadLetterQueue } from './dead-letter-queue';
import { detailTarget } from './event-target';
import { KreislaufFunction } from './kreislauf-function';

export interface CustomerMessagesProps {
  table: Table;
  bus: EventBus;
  trackingSecret: ISecret;
  /** The API's base URL, for the label links in e-mails. */
  apiBaseUrl: string;
  /** The web app's origin, for the links to the tracking page and the trade-in form. */
  webBaseUrl: string;
}

/** EventBridge retries a failed delivery to a function for this long before it dead-letters it. */
const EVENT_MAX_AGE = Duration.hours(6);

/**
 * Customer communication: the consumer of the bus that sends the customer the e-mail each event
 * calls for (once per event), and the reminders: one-time EventBridge Scheduler schedules
 * created when a label or a voucher is created, which invoke the reminder function when they fall
 * due. Each function's deliveries and schedules that keep failing land in a dead-letter queue of
 * its own, so that `npm run redrive` knows which function a dead letter is for.
 */
export class CustomerMessages extends Construct {
  constructor(scope: Construct, id: string, props: CustomerMessagesProps) {
    super(scope, id);
    // The e-mails' queue keeps the construct id of the one queue all three functions shared until 6 December.
    const emailDeadLetters = deadLetterQueue(this, 'DeadLetters', {
      holds: "This queue is itself the dead-letter destination of the customers' e-mails.",
      alarm: { id: 'UnsentCustomerMessages', description: "A customer's e-mail failed on every try: the customer was not told; the event waits in the dead-letter queue" },
    });
    const reminderDeadLetters = deadLetterQueue(this, 'ReminderDeadLetters', {
      holds: 'This queue is itself the dead-letter destination of the reminders that fell due.',
      alarm: { id: 'UnsentReminders', description: 'A reminder that fell due failed on every try: the customer was not reminded; it waits in the dead-letter queue' },
    });
    const schedulingDeadLetters = deadLetterQueue(this, 'SchedulingDeadLetters', {
      holds: "This queue is itself the dead-letter destination of the reminders' scheduling.",
      alarm: { id: 'UnscheduledReminders', description: "The reminders of a label, voucher, counter-offer or held transfer could not be scheduled on any try; the event waits in the dead-letter queue" },
    });
    const target = (fn: KreislaufFunction) => detailTarget(fn, { maxEventAge: EVENT_MAX_AGE });

    const sendEmail = new KreislaufFunction(this, 'SendCustomerEmail', {
      entry: 'messages/send-customer-email',
      description: 'Sends the customer the e-mail a passport event calls for, once',
      environment: { TABLE_NAME: props.table.tableName, TRACKING_SECRET_ARN: props.trackingSecret.secretArn, API_BASE_URL: props.apiBaseUrl, WEB_BASE_URL: props.webBaseUrl },
      timeout: Duration.seconds(30),
      deadLetterQueue: emailDeadLetters,
    });
    props.table.grantReadWriteData(sendEmail);
    props.trackingSecret.grantRead(sendEmail);
    sendEmail.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      }),
    );
    new Rule(this, 'OnCustomerEvent', {
      eventBus: props.bus,
      description: 'Sends the customer an e-mail for every event of their take-back that calls for one',
      eventPattern: { source: [EVENT_SOURCE], detailType: [...EMAIL_EVENT_TYPES] },
      targets: [target(sendEmail)],
    });

    const group = new ScheduleGroup(this, 'Reminders', {});
    const sendReminder = new KreislaufFunction(this, 'SendReminder', {
      entry: 'reminders/send-reminder',
      description: 'Records a reminder that fell due, if it still applies',
      environment: { TABLE_NAME: props.table.tableName },
      deadLetterQueue: reminderDeadLetters,
    });
    props.table.grantReadWriteData(sendReminder);
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets the reminder schedules invoke the reminder function',
    });
    sendReminder.grantInvoke(schedulerRole);
    reminderDeadLetters.grantSendMessages(schedulerRole);

    const scheduleReminders = new KreislaufFunction(this, 'ScheduleReminders', {
      entry: 'reminders/schedule-reminders',
      description: 'Schedules the reminders of a new label, voucher, counter-offer or held transfer',
      environment: {
        TABLE_NAME: props.table.tableName,
        REMINDER_SCHEDULE_GROUP: group.scheduleGroupName,
        REMINDER_FUNCTION_ARN: sendReminder.functionArn,
        REMINDER_ROLE_ARN: schedulerRole.roleArn,
        REMINDER_DEAD_LETTER_ARN: reminderDeadLetters.queueArn,
      },
      deadLetterQueue: schedulingDeadLetters,
    });
    group.grants.writeSchedules(scheduleReminders);
    schedulerRole.grantPassRole(scheduleReminders.grantPrincipal);
    new Rule(this, 'OnReminderSubject', {
      eventBus: props.bus,
      description: 'Schedules the reminders of every new label and voucher, and of every bank transfer set aside',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['LabelCreated', 'VoucherIssued', 'NeedsAttention'] },
      targets: [target(scheduleReminders)],
    });
    new Rule(this, 'OnCounterOffer', {
      eventBus: props.bus,
      description: 'Schedules the reminder and the lapse of every counter-offer',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['Graded'], detail: { data: { settlement: { outcome: ['COUNTER_OFFER'] } } } },
      targets: [target(scheduleReminders)],
    });
  }
}
