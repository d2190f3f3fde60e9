import type { PassportEventType } from './passport';

/**
 * The business metrics of the platform, counted in CloudWatch (namespace `Kreislauf`) with the
 * service as their only dimension. Not by brand: a stream batch mixes brands, so a brand dimension
 * would need one metric document per brand per batch and one billed metric per brand and name;
 * per-brand figures are in the table (the passports and their events), for the brand's reports.
 */
export const BUSINESS_METRICS = {
  takeBacksRequested: 'TakeBacksRequested',
  labelsCreated: 'LabelsCreated',
  vouchersIssued: 'VouchersIssued',
  itemsSold: 'ItemsSold',
  /**
   * A passport that needs a person (a `NeedsAttention` event): a payout that could not be made or
   * was set aside, an item no partner takes, a step stalled after its re-drives. Its alarm tells
   * someone; the passport's timeline says why.
   */
  passportsNeedingAttention: 'PassportsNeedingAttention',
  /** A try to deliver a webhook to a brand's endpoint that failed; SQS tries it again. */
  webhookDeliveryFailures: 'WebhookDeliveryFailures',
  /** A webhook delivery that failed on every try and waits for the brand's replay. */
  webhookDeadLetters: 'WebhookDeadLetters',
} as const;

export type BusinessMetric = (typeof BUSINESS_METRICS)[keyof typeof BUSINESS_METRICS];

/**
 * The platform's own runs counted in the same namespace and dimension: the alarms of the stack
 * (`countAlarm`) and the handlers that count name them from here, so neither can rename one alone.
 */
export const OPERATIONS_METRICS = {
  /** Workflow steps of stalled passports the sweeper started again. */
  stalledStepsRedriven: 'StalledStepsRedriven',
  /** Passports the sweeper flagged for a person after every re-drive; alarmed. */
  stalledPassportsFlagged: 'StalledPassportsFlagged',
  /** Finance figures on which the nightly reconciliation found the report aggregates and the ledger disagree; alarmed. */
  reportDrift: 'ReportDrift',
  impactReportEmailsSent: 'ImpactReportEmailsSent',
  impactReportEmailsFailed: 'ImpactReportEmailsFailed',
} as const;

export type OperationsMetric = (typeof OPERATIONS_METRICS)[keyof typeof OPERATIONS_METRICS];

/**
 * The passport events that count as a business metric, by event type (typed by the catalogue, so
 * a renamed event cannot silently stop a metric). `Sold` is the sale that claimed the item.
 */
const METRIC_OF_EVENT: ReadonlyMap<string, BusinessMetric> = /* @__PURE__ */ new Map<PassportEventType, BusinessMetric>([
  ['TakeBackRequested', BUSINESS_METRICS.takeBacksRequested],
  ['LabelCreated', BUSINESS_METRICS.labelsCreated],
  ['VoucherIssued', BUSINESS_METRICS.vouchersIssued],
  ['Sold', BUSINESS_METRICS.itemsSold],
  ['NeedsAttention', BUSINESS_METRICS.passportsNeedingAttention],
]);

/**
 * How many of each business metric a list of passport event types makes; events that are not
 * business metrics (reminders, e-mails, repairs...) count for nothing.
 *
 * @example
 * businessMetricsOf(['TakeBackRequested', 'LabelCreated', 'TakeBackRequested', 'ParcelReceived']);
 * // Map { 'TakeBacksRequested' => 2, 'LabelsCreated' => 1 }
 */
export function businessMetricsOf(eventTypes: readonly string[]): Map<BusinessMetric, number> {
  const counts = new Map<BusinessMetric, number>();
  for (const type of eventTypes) {
    const metric = METRIC_OF_EVENT.get(type);
    if (metric) counts.set(metric, (counts.get(metric) ?? 0) + 1);
  }
  return counts;
}
