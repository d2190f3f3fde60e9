import type { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
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
