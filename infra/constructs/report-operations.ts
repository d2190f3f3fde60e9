import { Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OPERATIONS_METRICS } from '../../shared/domain/business-metrics';
import { countAlarm, failingScheduleAlarm } from './count-alarm';
import { KreislaufFunction } from './kreislauf-function';

export interface ReportOperationsProps {
  table: Table;
}

/**
 * The scheduled work around the brand reports (issue 10): the monthly impact report e-mailed to
 * each brand's report recipients, and the nightly reconciliation of the finance report against
 * the ledger, with an alarm on any drift.
 */
export class ReportOperations extends Construct {
  constructor(scope: Construct, id: string, props: ReportOperationsProps) {
    super(scope, id);
    const environment = { TABLE_NAME: props.table.tableName };

    const sendImpactReports = new KreislaufFunction(this, 'SendMonthlyImpactReports', {
      entry: 'report-operations/send-monthly-impact-reports',
      description: "E-mails each brand's impact report of its last ended month as a PDF, once",
      environment,
      // Well inside the claim's lease (MAILING_LEASE_MS), so a slow run is never taken over.
      timeout: Duration.minutes(5),
      memorySize: 1024,
    });
    props.table.grantReadWriteData(sendImpactReports);
    sendImpactReports.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      }),
    );
    new Rule(this, 'MonthlyImpactReports', {
      description: 'Sends the monthly impact reports: hourly on the 1st, so every brand gets its month once it has ended in its time zone (UTC-12 to UTC+14), and a failed e-mail is tried again',
      schedule: Schedule.cron({ minute: '0', hour: '6-23', day: '1' }),
      targets: [new LambdaFunction(sendImpactReports, { retryAttempts: 2 })],
    });
    // A day: the runs of the 1st try again hourly, and the alarm stays up for the day it failed on.
    failingScheduleAlarm(this, 'ImpactReportsFailing', sendImpactReports, {
      period: Duration.days(1),
      periods: 1,
      description: "Sending the monthly impact reports failed on the 1st: the next hour's run tries the brands not yet mailed, but a brand still failing at the day's last run (23:00 UTC) gets no e-mail of that month (a month is not sent late; its dashboard and report route still give it). The function's log says which brand and why.",
    });

    const reconcile = new KreislaufFunction(this, 'ReconcileReports', {
      entry: 'report-operations/reconcile-reports',
      description: 'Recomputes the finance figures of last month and this month from the ledger and reports where the aggregates differ',
      environment,
      timeout: Duration.minutes(10),
    });
    props.table.grantReadData(reconcile);
    new Rule(this, 'NightlyReconciliation', {
      description: 'Reconciles the finance report with the ledger every night',
      schedule: Schedule.cron({ minute: '30', hour: '2' }),
      targets: [new LambdaFunction(reconcile, { retryAttempts: 2 })],
    });
    failingScheduleAlarm(this, 'ReconciliationFailing', reconcile, {
      period: Duration.days(1),
      periods: 1,
      description: "The nightly reconciliation of the finance report with the ledger failed: no drift was looked for that night (ReportDrift cannot fire). The function's log says why.",
    });

    countAlarm(
      this,
      'ReportDrift',
      OPERATIONS_METRICS.reportDrift,
      Duration.days(1),
      'The nightly reconciliation found finance figures on which the report aggregates and the ledger disagree (the log names brand, month, category, figure and both values)',
    );
  }
}
