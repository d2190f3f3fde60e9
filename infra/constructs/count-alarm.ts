import type { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { serviceNameOf } from '../stage';

/**
 * The platform's kind of alarm: it fires when `metric` counts at least one thing in each of `periods` periods in a
 * row (one by default: the first thing is what a person must hear of). No data is not a breach. Like every alarm
 * of the stack it tells the alarm topic (`AlarmNotifications`).
 */
export function alarmAtFirst(scope: Construct, id: string, metric: IMetric, description: string, periods = 1): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 1,
    evaluationPeriods: periods,
    ...(periods > 1 ? { datapointsToAlarm: periods } : {}),
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/**
 * An alarm that fires as soon as one of the platform's own metrics (namespace `Kreislauf`, the
 * stage's service name as its only dimension, `serviceNameOf`) counts one thing in `period`: each count is something a person
 * must look at.
 */
export function countAlarm(scope: Construct, id: string, metricName: string, period: Duration, description: string): Alarm {
  const metric = new Metric({ namespace: 'Kreislauf', metricName, dimensionsMap: { service: serviceNameOf(scope) }, statistic: 'Sum', period });
  return alarmAtFirst(scope, id, metric, description);
}

/**
 * An alarm for a function a schedule runs: what it fails is not dead-lettered (its next run is the retry), so
 * without this nobody hears of a job that stopped working. Fires when the function failed in each of
 * `periods` periods in a row (a job that keeps failing, not one blip of a service it calls).
 */
export function failingScheduleAlarm(scope: Construct, id: string, fn: IFunction, props: { period: Duration; periods: number; description: string }): Alarm {
  return alarmAtFirst(scope, id, fn.metricErrors({ period: props.period, statistic: 'Sum' }), props.description, props.periods);
}
