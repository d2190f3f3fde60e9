import { beforeAll, describe, expect, it } from 'vitest';
import { SynthesizedStack } from '../support/stack-template';

describe("the stack's alarms", () => {
  let synthesized: SynthesizedStack;
  let topic: string;
  beforeAll(() => {
    synthesized = new SynthesizedStack();
    topic = synthesized.logicalIdOf('AWS::SNS::Topic', 'Alarms');
  });

  it('each tell the alarm topic when they fire and when they are OK again', () => {
    const alarms = synthesized.ofType('AWS::CloudWatch::Alarm');
    // The dead-letter queues' alarms and the platform's own counts (stalled passports, report drift, …).
    expect(alarms.length).toBeGreaterThanOrEqual(19);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topic }]);
    }
  });

  it("include one on the API's server errors, the first 5xx in five minutes", () => {
    const stage = synthesized.logicalIdOf('AWS::ApiGatewayV2::Stage', 'DefaultStage');
    const api = synthesized.resources[stage]!.Properties.ApiId as { Ref: string };
    const serverErrors = synthesized.ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === '5xx');
    expect(serverErrors.map(([id]) => id)).toEqual([expect.stringMatching(/ServerErrors/)]);
    const [, alarm] = serverErrors[0]!;
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'ApiId', Value: api }, { Name: 'Stage', Value: '$default' }]));
  });

  it('include one on each function a schedule runs, whose failures no dead-letter queue keeps', () => {
    const scheduled = synthesized
      .ofType('AWS::Events::Rule')
      .filter(([, rule]) => rule.Properties.ScheduleExpression)
      .flatMap(([, rule]) => (rule.Properties.Targets as { Arn: { 'Fn::GetAtt'?: [string, string] } }[]).map((target) => target.Arn['Fn::GetAtt']?.[0]))
      .filter((id): id is string => id !== undefined && synthesized.resources[id]?.Type === 'AWS::Lambda::Function');
    expect(scheduled.length).toBeGreaterThanOrEqual(5);
    const watched = synthesized
      .ofType('AWS::CloudWatch::Alarm')
      .filter(([, alarm]) => alarm.Properties.Namespace === 'AWS/Lambda' && alarm.Properties.MetricName === 'Errors')
      .map(([, alarm]) => (alarm.Properties.Dimensions as { Name: string; Value: { Ref: string } }[]).find((d) => d.Name === 'FunctionName')?.Value.Ref);
    expect(scheduled.filter((fn) => !watched.includes(fn))).toEqual([]);
  });

  it("include one on each workflow's executions that fail or time out, which flag no passport for a person", () => {
    const machines = synthesized.ofType('AWS::StepFunctions::StateMachine').map(([id]) => id);
    expect(machines.length).toBeGreaterThanOrEqual(4);
    const watched = synthesized.ofType('AWS::CloudWatch::Alarm').flatMap(([, alarm]) => {
      const metrics = (alarm.Properties.Metrics ?? []) as { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: { Ref: string } }[] }; Stat: string } }[];
      const stats = metrics.filter((metric) => metric.MetricStat);
      const names = stats.map((metric) => metric.MetricStat!.Metric.MetricName).sort();
      if (names.join() !== 'ExecutionsFailed,ExecutionsTimedOut') return [];
      // Summed, from the first one in five minutes.
      expect(stats.every((metric) => metric.MetricStat!.Metric.Namespace === 'AWS/States' && metric.MetricStat!.Stat === 'Sum')).toBe(true);
      expect(metrics.find((metric) => metric.Expression)?.Expression).toBe(stats.map((metric) => metric.Id).join(' + '));
      expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', EvaluationPeriods: 1 });
      return [...new Set(stats.map((metric) => metric.MetricStat!.Metric.Dimensions.find((dimension) => dimension.Name === 'StateMachineArn')?.Value.Ref))];
    });
    expect(watched.sort()).toEqual([...machines].sort());
  });

  it('reach the address of the AlarmEmail parameter when one is given, and the topic takes TLS only', () => {
    const template = synthesized.template.toJSON();
    expect(template.Parameters.AlarmEmail).toMatchObject({ Type: 'String', Default: '' });
    const subscriptions = synthesized.ofType('AWS::SNS::Subscription') as [string, { Properties: Record<string, unknown>; Condition?: string }][];
    expect(subscriptions).toHaveLength(1);
    const [, subscription] = subscriptions[0]!;
    expect(subscription.Properties).toEqual({ TopicArn: { Ref: topic }, Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } });
    expect(template.Conditions[subscription.Condition!]).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }] });
    const policies = synthesized.ofType('AWS::SNS::TopicPolicy');
    expect(policies).toHaveLength(1);
    const [, policy] = policies[0]!;
    expect(policy.Properties.Topics).toEqual([{ Ref: topic }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    expect(template.Outputs.AlarmTopic.Value).toEqual({ Ref: topic });
  });
});
