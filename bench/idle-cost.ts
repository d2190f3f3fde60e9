import { nextOccurrence, parseScheduleExpression } from '../local/services/schedule-expressions';
import type { OperationCounts } from './meter';
import { costOf, PRICES, type PriceName } from './prices';

/**
 * What a deployed stack costs a month when no item moves: the resources billed by the month, the
 * SQS event source mappings' empty long polls, and the scheduled jobs' runs (each run's operations
 * counted by the bench, times the runs a month). Read from the synthesized template, so a new
 * alarm, secret, queue consumer or schedule is priced without a change here.
 */

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface Template {
  Resources?: Record<string, TemplateResource>;
}

/** The average month of the Julian four-year cycle (365.25 days / 12), in which the cron schedules are counted. */
const MONTH_MS = ((365.25 * 24) / 12) * 3_600_000;
export const HOURS_A_MONTH = MONTH_MS / 3_600_000;

/**
 * The documented bounds of an idle SQS event source mapping: Lambda keeps five concurrent batches
 * polling a quiet standard queue and may go down to two; each poll is a long poll of at most 20
 * seconds (SQS's longest wait), so a poller asks at least three times a minute.
 */
export const IDLE_SQS_POLLERS = { most: 5, fewest: 2, receivesPerMinute: 3 } as const;

/** A scheduled rule of the template and the function it runs. */
export interface ScheduledJob {
  rule: string;
  expression: string;
  /** The target function's logical id. */
  functionId: string;
  runsPerMonth: number;
  traced: boolean;
}

/** How often an EventBridge schedule expression fires in an average month (`at()` once, so none). */
export function runsPerMonth(expression: string): number {
  const parsed = parseScheduleExpression(expression);
  if (parsed.kind === 'rate') return MONTH_MS / parsed.periodMs;
  if (parsed.kind === 'at') return 0;
  // Four years from 2027 (one leap year): a whole cycle of month lengths and weekdays' drift.
  const from = Date.UTC(2027, 0, 1);
  const until = Date.UTC(2031, 0, 1);
  let runs = 0;
  for (let at = nextOccurrence(parsed, from - 1, from); at !== undefined && at < until; at = nextOccurrence(parsed, at, from)) runs++;
  return runs / 48;
}

const ofType = (template: Template, type: string) => Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);

/** The logical id a `{ "Fn::GetAtt": [id, "Arn"] }` or `{ "Ref": id }` names, if it is one of those. */
function referenced(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  const ref = (value as { Ref?: unknown }).Ref;
  return typeof ref === 'string' ? ref : undefined;
}

/**
 * The template's enabled scheduled rules with their target functions.
 *
 * @throws when a scheduled rule targets something other than a function of the template, or the
 *   template schedules with EventBridge Scheduler (neither is priced here yet).
 */
export function scheduledJobs(template: Template): ScheduledJob[] {
  const resources = template.Resources ?? {};
  const recurring = ofType(template, 'AWS::Scheduler::Schedule').filter(([, schedule]) => !String(schedule.Properties?.ScheduleExpression ?? '').startsWith('at('));
  if (recurring.length > 0) throw new Error(`recurring Scheduler schedules are not priced: ${recurring.map(([id]) => id).join(', ')}`);
  return ofType(template, 'AWS::Events::Rule').flatMap(([rule, { Properties = {} }]) => {
    if (typeof Properties.ScheduleExpression !== 'string' || Properties.State === 'DISABLED') return [];
    const targets = Array.isArray(Properties.Targets) ? (Properties.Targets as { Arn?: unknown }[]) : [];
    return targets.map((target) => {
      const functionId = referenced(target.Arn);
      if (!functionId || resources[functionId]?.Type !== 'AWS::Lambda::Function') {
        throw new Error(`the scheduled rule ${rule} targets ${JSON.stringify(target.Arn)}, not a function of the template`);
      }
      const tracing = resources[functionId]!.Properties?.TracingConfig as { Mode?: string } | undefined;
      return {
        rule,
        expression: Properties.ScheduleExpression as string,
        functionId,
        runsPerMonth: runsPerMonth(Properties.ScheduleExpression as string),
        traced: tracing?.Mode === 'Active',
      };
    });
  });
}

/**
 * The Secrets Manager reads of a job's average run: a run reads again what its first run read once
 * the cache has expired, so every run of a job that runs every `cacheSeconds` or less often, and
 * every n-th run of one that runs n times in that time.
 */
export function secretReadsPerRun(firstRunReads: number, runsPerMonth: number, cacheSeconds: number): number {
  const secondsBetweenRuns = (HOURS_A_MONTH * 3600) / runsPerMonth;
  return firstRunReads * Math.min(1, secondsBetweenRuns / cacheSeconds);
}

/** The resources billed by the month, and the SQS queues Lambda polls. */
export function standingResources(template: Template) {
  const queues = new Set(ofType(template, 'AWS::SQS::Queue').map(([id]) => id));
  return {
    // CloudWatch bills an alarm by the metrics it watches: one of metric math by each metric in its expression.
    alarms: ofType(template, 'AWS::CloudWatch::Alarm')
      .map(([, alarm]) => (alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined)?.filter((metric) => metric.MetricStat).length ?? 1)
      .reduce((sum, metrics) => sum + metrics, 0),
    dashboards: ofType(template, 'AWS::CloudWatch::Dashboard').length,
    secrets: ofType(template, 'AWS::SecretsManager::Secret').length,
    kmsKeys: ofType(template, 'AWS::KMS::Key').length,
    polledQueues: ofType(template, 'AWS::Lambda::EventSourceMapping').filter(([, mapping]) => queues.has(referenced(mapping.Properties?.EventSourceArn) ?? ''))
      .length,
  };
}

/** The idle month's prices as its price table names them. */
export const IDLE_PRICE_NAMES: Partial<Record<PriceName, string>> = {
  alarm: 'CloudWatch alarm metrics',
  secret: 'Secrets Manager secrets',
  kmsKey: 'KMS keys',
  dashboard: 'CloudWatch dashboards',
  customMetric: 'CloudWatch custom metrics',
  xrayTrace: 'X-Ray traces',
  logIngestion: 'CloudWatch Logs ingestion',
};

export interface IdleLine {
  what: string;
  quantity: number;
  price: PriceName | 'operations';
  usd: number;
}

/**
 * An idle month's cost lines: the standing resources, the empty long polls (at the most pollers
 * Lambda keeps), and per scheduled job its runs' operations (`perRun`, counted by the bench), their
 * traces and log bytes; the custom metrics the runs publish are billed for the hours they are
 * published in (every hour for a job that runs at least hourly).
 */
export function idleMonth(template: Template, perRun: ReadonlyMap<string, OperationCounts>): IdleLine[] {
  const standing = standingResources(template);
  const line = (what: string, quantity: number, price: PriceName): IdleLine => ({ what, quantity, price, usd: quantity * PRICES[price].usd });
  const monthly = (quantity: number, price: 'alarm' | 'secret' | 'kmsKey' | 'dashboard') => line(IDLE_PRICE_NAMES[price]!, quantity, price);
  const lines: IdleLine[] = [
    monthly(standing.alarms, 'alarm'),
    monthly(standing.secrets, 'secret'),
    ...(standing.kmsKeys > 0 ? [monthly(standing.kmsKeys, 'kmsKey')] : []),
    ...(standing.dashboards > 0 ? [monthly(standing.dashboards, 'dashboard')] : []),
    line(
      `SQS long polls of the ${standing.polledQueues} queues Lambda consumes (${IDLE_SQS_POLLERS.most} pollers each)`,
      standing.polledQueues * IDLE_SQS_POLLERS.most * IDLE_SQS_POLLERS.receivesPerMinute * HOURS_A_MONTH * 60,
      'sqsRequest',
    ),
  ];
  const metricHours = new Map<string, number>();
  let traces = 0;
  let logBytes = 0;
  for (const job of scheduledJobs(template)) {
    const run = perRun.get(job.functionId);
    if (!run) throw new Error(`no run of ${job.functionId} (${job.rule}) was counted`);
    lines.push({ what: `${job.functionId} runs (${job.expression})`, quantity: job.runsPerMonth, price: 'operations', usd: job.runsPerMonth * costOf(run) });
    if (job.traced) traces += job.runsPerMonth * run.lambdaInvocations;
    logBytes += job.runsPerMonth * run.logBytes;
    for (const series of run.metricSeries) metricHours.set(series, Math.max(metricHours.get(series) ?? 0, Math.min(HOURS_A_MONTH, job.runsPerMonth)));
  }
  const metricMonths = [...metricHours.values()].reduce((sum, hours) => sum + hours / HOURS_A_MONTH, 0);
  lines.push(line(`custom metrics the jobs publish (${metricHours.size}, by the hours published)`, metricMonths, 'customMetric'));
  lines.push(line('X-Ray traces of the jobs', traces, 'xrayTrace'));
  lines.push(line('log bytes the jobs write', logBytes, 'logIngestion'));
  return lines;
}
