import { describe, expect, it } from 'vitest';
import { HOURS_A_MONTH, idleMonth, runsPerMonth, scheduledJobs, secretReadsPerRun, standingResources, type Template } from '../../bench/idle-cost';
import { metricSeriesOf, noOperations, type OperationCounts } from '../../bench/meter';
import { costOf, PRICES } from '../../bench/prices';

const fn = (traced = false) => ({ Type: 'AWS::Lambda::Function', Properties: traced ? { TracingConfig: { Mode: 'Active' } } : {} });
const rule = (expression: string, target: string, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::Events::Rule',
  Properties: { ScheduleExpression: expression, Targets: [{ Arn: { 'Fn::GetAtt': [target, 'Arn'] }, Id: 'Target0' }], ...extra },
});

/** Two alarms, a secret, two queues (one consumed by Lambda), a stream mapping, a job every minute and a nightly one. */
const template: Template = {
  Resources: {
    Poll: fn(true),
    Nightly: fn(),
    Consumer: fn(),
    EveryMinute: rule('rate(1 minute)', 'Poll'),
    AtNight: rule('cron(30 2 * * ? *)', 'Nightly'),
    Paused: rule('rate(5 minutes)', 'Nightly', { State: 'DISABLED' }),
    OnEvent: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['kreislauf'] }, Targets: [{ Arn: { 'Fn::GetAtt': ['Consumer', 'Arn'] } }] } },
    AlarmA: { Type: 'AWS::CloudWatch::Alarm' },
    AlarmB: { Type: 'AWS::CloudWatch::Alarm' },
    // Metric math over two metrics: CloudWatch bills it as two alarm metrics.
    AlarmOfTwo: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [
          { Id: 'failed', MetricStat: { Metric: { Namespace: 'AWS/States', MetricName: 'ExecutionsFailed' }, Period: 300, Stat: 'Sum' }, ReturnData: false },
          { Id: 'timedOut', MetricStat: { Metric: { Namespace: 'AWS/States', MetricName: 'ExecutionsTimedOut' }, Period: 300, Stat: 'Sum' }, ReturnData: false },
          { Id: 'expr', Expression: 'failed + timedOut' },
        ],
      },
    },
    Secret: { Type: 'AWS::SecretsManager::Secret' },
    Jobs: { Type: 'AWS::SQS::Queue' },
    JobsDeadLetters: { Type: 'AWS::SQS::Queue' },
    Table: { Type: 'AWS::DynamoDB::Table' },
    FromQueue: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Jobs', 'Arn'] }, FunctionName: { Ref: 'Consumer' } } },
    FromStream: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] }, FunctionName: { Ref: 'Consumer' } },
    },
  },
};

const counted = (changes: Partial<OperationCounts>): OperationCounts => ({ ...noOperations(), ...changes });

describe('runsPerMonth', () => {
  it('counts a rate over the average month', () => {
    // 365.25 days / 12 = 30.4375 days.
    expect(runsPerMonth('rate(1 minute)')).toBeCloseTo(43_830, 6);
    expect(runsPerMonth('rate(15 minutes)')).toBeCloseTo(2_922, 6);
    expect(runsPerMonth('rate(1 day)')).toBeCloseTo(30.4375, 6);
  });

  it('counts a cron expression over four years', () => {
    expect(runsPerMonth('cron(30 2 * * ? *)')).toBeCloseTo(30.4375, 6);
    // Every hour from 6 to 23 on the first of the month.
    expect(runsPerMonth('cron(0 6-23 1 * ? *)')).toBe(18);
    // 1,461 days from Friday 1 January 2027: 208 weeks and Friday to Tuesday, 1,043 weekdays.
    expect(runsPerMonth('cron(0 12 ? * MON-FRI *)')).toBeCloseTo(1043 / 48, 6);
  });

  it('counts no month for a one-time schedule', () => {
    expect(runsPerMonth('at(2027-03-01T09:00:00)')).toBe(0);
  });
});

describe('scheduledJobs', () => {
  it("lists the enabled scheduled rules with their functions, runs and tracing", () => {
    expect(scheduledJobs(template)).toEqual([
      { rule: 'EveryMinute', expression: 'rate(1 minute)', functionId: 'Poll', runsPerMonth: expect.closeTo(43_830, 6), traced: true },
      { rule: 'AtNight', expression: 'cron(30 2 * * ? *)', functionId: 'Nightly', runsPerMonth: expect.closeTo(30.4375, 6), traced: false },
    ]);
  });

  it('refuses what it cannot price: a target that is no function of the template, a recurring Scheduler schedule', () => {
    expect(() => scheduledJobs({ Resources: { R: rule('rate(1 hour)', 'Somewhere') } })).toThrow(/R targets .*Somewhere.*not a function/);
    const recurring = { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'rate(1 hour)' } };
    expect(() => scheduledJobs({ Resources: { Hourly: recurring } })).toThrow(/recurring Scheduler schedules are not priced: Hourly/);
    const once = { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'at(2027-01-01T00:00:00)' } };
    expect(scheduledJobs({ Resources: { Once: once } })).toEqual([]);
  });
});

describe('secretReadsPerRun', () => {
  it('reads the secrets again once their cache has expired: every fifth run of a job every minute, every run of one every five minutes or less often', () => {
    expect(secretReadsPerRun(1, runsPerMonth('rate(1 minute)'), 300)).toBeCloseTo(0.2, 9);
    expect(secretReadsPerRun(2, runsPerMonth('rate(5 minutes)'), 300)).toBeCloseTo(2, 9);
    expect(secretReadsPerRun(2, runsPerMonth('rate(15 minutes)'), 300)).toBe(2);
    expect(secretReadsPerRun(0, runsPerMonth('rate(1 minute)'), 300)).toBe(0);
  });
});

describe('standingResources', () => {
  it('counts the alarms by their metrics, the secrets and keys, and only the queues Lambda consumes (not streams, not dead-letter queues)', () => {
    expect(standingResources(template)).toEqual({ alarms: 4, dashboards: 0, secrets: 1, kmsKeys: 0, polledQueues: 1 });
  });
});

describe('idleMonth', () => {
  const pollRun = counted({ lambdaInvocations: 1, lambdaGbSeconds: 0.01, readRequestUnits: 2, logBytes: 500, metricSeries: new Set(['Kreislauf A service=k', 'Kreislauf B service=k']) });
  const nightlyRun = counted({ lambdaInvocations: 1, lambdaGbSeconds: 0.5, writeRequestUnits: 4, logBytes: 1000, metricSeries: new Set(['Kreislauf B service=k', 'Kreislauf C service=k']) });
  const lines = idleMonth(
    template,
    new Map([
      ['Poll', pollRun],
      ['Nightly', nightlyRun],
    ]),
  );
  const line = (what: RegExp) => {
    const found = lines.filter((candidate) => what.test(candidate.what));
    expect(found, String(what)).toHaveLength(1);
    return found[0]!;
  };

  it('prices the alarms by their metrics and the secrets by the month', () => {
    expect(line(/alarm metrics/)).toMatchObject({ quantity: 4, usd: 0.4 });
    expect(line(/secrets/)).toMatchObject({ quantity: 1, usd: 0.4 });
    expect(lines.some((candidate) => /KMS|dashboards/.test(candidate.what))).toBe(false);
  });

  it("prices the consumed queue's empty long polls: five pollers, three a minute each", () => {
    const polls = line(/long polls/);
    expect(polls.quantity).toBeCloseTo(5 * 3 * 60 * HOURS_A_MONTH, 6);
    expect(polls.usd).toBeCloseTo(polls.quantity * 0.4e-6, 9);
  });

  it("prices each job's counted run by its runs a month", () => {
    expect(line(/^Poll runs/).usd).toBeCloseTo(43_830 * costOf(pollRun), 9);
    expect(line(/^Nightly runs/).usd).toBeCloseTo(30.4375 * costOf(nightlyRun), 9);
  });

  it('traces the traced jobs only, and counts the log bytes of every run', () => {
    expect(line(/X-Ray/).quantity).toBeCloseTo(43_830, 6);
    expect(line(/log bytes/).quantity).toBeCloseTo(43_830 * 500 + 30.4375 * 1000, 3);
    expect(line(/log bytes/).usd).toBeCloseTo(line(/log bytes/).quantity * (0.63 / 2 ** 30), 9);
  });

  it('bills a metric for the hours it is published: the whole month when a job publishes it every minute', () => {
    // A and B every minute (B also nightly): two whole months; C in 30.4375 of the month's hours.
    const metrics = line(/custom metrics the jobs publish \(3,/);
    expect(metrics.quantity).toBeCloseTo(2 + 30.4375 / HOURS_A_MONTH, 9);
    expect(metrics.usd).toBeCloseTo(metrics.quantity * PRICES.customMetric.usd, 9);
  });

  it("refuses to price a job whose run was not counted", () => {
    expect(() => idleMonth(template, new Map([['Poll', pollRun]]))).toThrow(/no run of Nightly \(AtNight\)/);
  });
});

describe('metricSeriesOf', () => {
  it("names each metric of an embedded-metric document with its namespace and dimensions' values", () => {
    const document = {
      _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'Kreislauf', Dimensions: [['service']], Metrics: [{ Name: 'StalledPassportsFlagged', Unit: 'Count' }, { Name: 'StalledStepsRedriven', Unit: 'Count' }] }] },
      service: 'kreislauf',
      StalledPassportsFlagged: 0,
      StalledStepsRedriven: 0,
    };
    expect(metricSeriesOf(JSON.stringify(document))).toEqual(['Kreislauf StalledPassportsFlagged service=kreislauf', 'Kreislauf StalledStepsRedriven service=kreislauf']);
  });

  it('finds none in a log line that is not one', () => {
    expect(metricSeriesOf(JSON.stringify({ level: 'INFO', message: 'polled 3 channels' }))).toEqual([]);
    expect(metricSeriesOf('{"_aws": not json')).toEqual([]);
  });
});
