import { beforeAll, describe, expect, it } from 'vitest';
import { SynthesizedStack } from '../support/stack-template';

describe('the stalled-passport sweeper in the stack', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
  });

  it('runs the sweeper every five minutes', () => {
    const sweeperId = synthesized.logicalIdOf('AWS::Lambda::Function', 'SweepStalledPassports');
    const schedules = synthesized
      .ofType('AWS::Events::Rule')
      .map(([, rule]) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.Targets).includes(sweeperId));
    expect(schedules).toEqual([expect.objectContaining({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' })]);
  });

  it('lets the sweeper start the take-back, payout, routing and listing workflows again, and nothing else', () => {
    const actions = synthesized.actionsOf('SweepStalledPassports');
    expect(actions).toContain('states:StartExecution');
    const starts = synthesized.statementsOf('SweepStalledPassports').filter((s) => [s.Action].flat().includes('states:StartExecution'));
    const machines = synthesized.ofType('AWS::StepFunctions::StateMachine').map(([id]) => id);
    const targets = JSON.stringify(starts.map((s) => s.Resource));
    expect(machines.filter((id) => targets.includes(id)).sort()).toEqual(
      [
        synthesized.logicalIdOf('AWS::StepFunctions::StateMachine', 'TakeBackWorkflow'),
        synthesized.logicalIdOf('AWS::StepFunctions::StateMachine', 'Payouts'),
        synthesized.logicalIdOf('AWS::StepFunctions::StateMachine', 'Resale'),
        synthesized.logicalIdOf('AWS::StepFunctions::StateMachine', 'RoutingWorkflow'),
      ].sort(),
    );
    // And names each to the function, the ListingWorkflow as the resale area makes it.
    const variables = synthesized.resources[synthesized.logicalIdOf('AWS::Lambda::Function', 'SweepStalledPassports')]!.Properties.Environment.Variables;
    expect(variables.LISTING_WORKFLOW_ARN).toEqual({ Ref: synthesized.logicalIdOf('AWS::StepFunctions::StateMachine', 'Resale') });
    expect(variables.ROUTING_WORKFLOW_ARN).toEqual({ Ref: synthesized.logicalIdOf('AWS::StepFunctions::StateMachine', 'RoutingWorkflow') });
  });

  it('alarms on every passport the sweeper flags', () => {
    const alarms = synthesized.ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'Kreislauf',
        MetricName: 'StalledPassportsFlagged',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
  });
});
