import { beforeAll, describe, expect, it } from 'vitest';
import { idleMonth, scheduledJobs, standingResources, type Template } from '../../bench/idle-cost';
import { noOperations } from '../../bench/meter';
import { SynthesizedStack } from '../support/stack-template';

describe("the bench's idle month, on the stack", () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  beforeAll(() => {
    synthesized = new SynthesizedStack();
    template = synthesized.template.toJSON() as Template;
  });

  it('finds a function for every scheduled rule of the stack (a target it cannot price fails here, not in `npm run bench`)', () => {
    const jobs = scheduledJobs(template);
    const scheduledRules = synthesized.ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression);
    expect(jobs.map((job) => job.rule).sort()).toEqual(scheduledRules.map(([id]) => id).sort());
    expect(jobs.length).toBeGreaterThanOrEqual(5);
    for (const job of jobs) expect(synthesized.resources[job.functionId]?.Type, job.rule).toBe('AWS::Lambda::Function');
  });

  it("counts the stack's monthly resources and the queues its functions consume", () => {
    const mappings = synthesized.ofType('AWS::Lambda::EventSourceMapping');
    const source = (mapping: (typeof mappings)[number][1]) => (mapping.Properties.EventSourceArn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
    const fromQueues = mappings.filter(([, mapping]) => synthesized.resources[source(mapping) ?? '']?.Type === 'AWS::SQS::Queue');
    // An alarm is billed by its metrics: the workflows' watch two each (failed and timed-out executions).
    const alarms = synthesized.ofType('AWS::CloudWatch::Alarm');
    const twoMetrics = alarms.filter(([, alarm]) => (alarm.Properties.Metrics ?? []).filter((metric: { MetricStat?: unknown }) => metric.MetricStat).length === 2);
    expect(twoMetrics).toHaveLength(synthesized.ofType('AWS::StepFunctions::StateMachine').length);
    expect(standingResources(template)).toEqual({
      alarms: alarms.length + twoMetrics.length,
      dashboards: 0,
      secrets: synthesized.ofType('AWS::SecretsManager::Secret').length,
      kmsKeys: 0,
      polledQueues: fromQueues.length,
    });
    expect(fromQueues.length).toBeGreaterThan(0);
    expect(fromQueues.length).toBeLessThan(mappings.length); // the table's stream is not an SQS queue
  });

  it('prices a month of the stack once each job has a counted run', () => {
    const runs = new Map(scheduledJobs(template).map((job) => [job.functionId, { ...noOperations(), lambdaInvocations: 1 }]));
    const lines = idleMonth(template, runs);
    expect(lines.every((line) => Number.isFinite(line.usd) && line.usd >= 0)).toBe(true);
    expect(lines.find((line) => /X-Ray/.test(line.what))!.quantity).toBeGreaterThan(0);
  });
});
