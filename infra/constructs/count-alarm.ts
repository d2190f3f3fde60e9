import type { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { serviceNameOf } from '../stage';

/**
 * An alarm that fires as soon as one of the platform's own metrics (namespace `Kreislauf`, the
 * stage's service name as its only dimension, `serviceNameOf`) counts one thing in `period`: each count is something a person
 * must look at. No count is no data, which is not a breach.
 */
export function countAlarm(scope: Construct, id: string, metricName: string, period: Duration, description: string): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: description,
    metric: new Metric({ namespace: 'Kreislauf', metricName, dimensionsMap: { service: serviceNameOf(scope) }, statistic: 'Sum', period }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/**
 * An alarm for a function a schedule runs: what it fails is not dead-lettered (its next run is the retry), so
 * without this nobody hears of a job that stopped working. Fires when the function failed in each of
 * `periods` periods in a row (a job that keeps failing, not one blip of a service it calls), and tells the
 * alarm topic like every alarm of the stack.
 */
export function failingScheduleAlarm(scope: Construct, id: string, fn: IFunction, props: { period: Duration; periods: number; description: string }): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: props.description,
    metric: fn.metricErrors({ period: props.period, statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: props.periods,
    datapointsToAlarm: props.periods,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
