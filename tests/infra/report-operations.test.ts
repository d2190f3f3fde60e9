import { beforeAll, describe, expect, it } from 'vitest';
import { MAILING_LEASE_MS } from '../../shared/services/monthly-impact-reports';
import { SynthesizedStack } from '../support/stack-template';

describe('the report operations in the stack', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
  });

  function schedulesOf(fragment: string) {
    const functionId = synthesized.logicalIdOf('AWS::Lambda::Function', fragment);
    return synthesized
      .ofType('AWS::Events::Rule')
      .map(([, rule]) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.Targets).includes(functionId));
  }

  it('sends the monthly impact reports hourly through the 1st of each month, in UTC', () => {
    expect(schedulesOf('SendMonthlyImpactReports')).toEqual([expect.objectContaining({ ScheduleExpression: 'cron(0 6-23 1 * ? *)', State: 'ENABLED' })]);
  });

  it('ends a run of the monthly e-mail well before its claim may be taken over', () => {
    const fn = synthesized.resources[synthesized.logicalIdOf('AWS::Lambda::Function', 'SendMonthlyImpactReports')]!;

    expect(fn.Properties.Timeout * 1000).toBeLessThan(MAILING_LEASE_MS);
  });

  it('lets the monthly e-mail send through SES', () => {
    expect(synthesized.actionsOf('SendMonthlyImpactReports')).toContain('ses:SendEmail');
  });

  it('reconciles the reports every night', () => {
    expect(schedulesOf('ReconcileReports')).toEqual([expect.objectContaining({ ScheduleExpression: 'cron(30 2 * * ? *)', State: 'ENABLED' })]);
  });

  it('lets the reconciliation read the table and write nothing', () => {
    const actions = synthesized.actionsOf('ReconcileReports');

    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((action) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action))).toEqual([]);
  });

  it('alarms on any drift the reconciliation finds', () => {
    const alarms = synthesized.ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);

    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'Kreislauf',
        MetricName: 'ReportDrift',
        Statistic: 'Sum',
        Period: 86_400,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
  });
});
