import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BusinessMetric, OperationsMetric } from './domain/business-metrics';

/**
 * The service the logs and metrics are of: the stack sets POWERTOOLS_SERVICE_NAME (`kreislauf`, or
 * `kreislauf-staging` for a stage, `infra/stage.ts`), and its alarms watch that `service` dimension.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME || 'kreislauf';

/** One logger and one metrics emitter per Lambda. */
export const logger = new Logger({ serviceName });
// Marked pure so that a bundle whose handler emits no metric leaves the Metrics code out.
export const metrics = /* @__PURE__ */ new Metrics({ namespace: 'Kreislauf', serviceName });

/**
 * Writes the counts as one CloudWatch embedded-metric document on standard output, where Lambda's
 * log delivery turns it into metrics. Zero counts are left out, and nothing is written when none
 * is left, so a batch without business events, or a scheduled job's run that found nothing to count,
costs no log line and keeps no metric billed (CloudWatch bills a custom metric for each hour it is
published in; the alarms on these counts take missing data as not breaching).
 *
 * @example
 * publishCounts(new Map([['TakeBacksRequested', 2]]));
 */
export function publishCounts(counts: ReadonlyMap<BusinessMetric | OperationsMetric, number>): void {
  for (const [name, count] of counts) if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
