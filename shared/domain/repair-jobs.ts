/**
 * Repair jobs: what a partner is asked to repair, and what its status reports change — the job's
 * status and the passport's ledger.
 */
import { type Grade, MAX_AMOUNT, type Money } from './catalog';
import { formatMoney } from './emails/format';
import { ConflictError, type FieldIssue, UnprocessableError, ValidationError } from './errors';
import type { LedgerEntry } from './ledger';
import { type JobStatus, JOB_TRANSITIONS, nextJobStatus } from './repair-partners';
import type { CategoryRouteRules, RepairEstimate } from './routing';

export interface RepairPartLine {
  sku: string;
  name: string;
  quantity: number;
  /** The price of one unit. */
  cost: Money;
}

/** One repair of one item by one partner. */
export interface RepairJob {
  /** `{passportId}-R{attempt}`: a job names its passport, and a second repair of the item is attempt 2. */
  jobId: string;
  passportId: string;
  brand: string;
  partnerId: string;
  status: JobStatus;
  assignedAt: string;
  /** When the job became COMPLETED, UNREPAIRABLE or WITHDRAWN. */
  finishedAt?: string;
  estimateMinutes: number;
  expectedCost: Money;
  /**
   * The most a finishing report may book, labour and parts together ({@link repairCostLimit}): fixed when the job is
   * assigned, raised only by the brand's staff ({@link raiseCostLimit}). A job assigned before 8 December 2026 has none
   * and takes a report of any cost, as then.
   */
  costLimit?: Money;
  laborMinutes?: number;
  /** The labour's price as the partner reported it, parts excluded. */
  cost?: Money;
  parts?: RepairPartLine[];
  notes?: string;
  /** When the partner's endpoint accepted the job webhook. */
  deliveredAt?: string;
  /** Every status the partner reported, oldest first. */
  reports: { status: JobStatus; at: string }[];
  /** Who took the item back from the partner, when and why (a WITHDRAWN job). */
  withdrawal?: JobWithdrawal;
  /** When the partner's endpoint accepted the withdrawal webhook (a WITHDRAWN job it had received). */
  withdrawalDeliveredAt?: string;
}

/** Staff taking an item back from its repair partner before the partner reported the job finished. */
export interface JobWithdrawal {
  at: string;
  /** The staff member's subject. */
  by: string;
  reason: string;
}

/** A partner's status report on a job, as received. */
export interface PartnerReportInput {
  status: Exclude<JobStatus, 'ASSIGNED' | 'WITHDRAWN'>;
  laborMinutes?: number;
  cost?: Money;
  parts?: RepairPartLine[];
  notes?: string;
}

export type ReportOutcome =
  /** The job already had this status: nothing changes. */
  | { kind: 'UNCHANGED'; job: RepairJob }
  /** ACCEPTED or IN_PROGRESS: the job moves, the item stays in repair. */
  | { kind: 'UPDATED'; job: RepairJob }
  /** COMPLETED or UNREPAIRABLE: the job ends, with what it cost. */
  | { kind: 'FINISHED'; job: RepairJob; ledger: LedgerEntry[]; totalCost: Money | undefined };

const MAX_ATTEMPT = 999;

/**
 * The id of a passport's repair job for an attempt (1 for the first repair).
 *
 * @example
 * repairJobId('01JD3Z6C5W9V1X4N2QHR7T8K0B', 1); // '01JD3Z6C5W9V1X4N2QHR7T8K0B-R1'
 */
export function repairJobId(passportId: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_ATTEMPT) {
    throw new RangeError(`A repair attempt is a whole number from 1 to ${MAX_ATTEMPT}, not ${attempt}`);
  }
  return `${passportId}-R${attempt}`;
}

/**
 * The passport a repair job belongs to.
 *
 * @example
 * passportIdOfJob('01JD3Z6C5W9V1X4N2QHR7T8K0B-R2'); // '01JD3Z6C5W9V1X4N2QHR7T8K0B'
 */
export function passportIdOfJob(jobId: string): string {
  const at = jobId.lastIndexOf('-R');
  if (at <= 0) throw new RangeError(`"${jobId}" is not a repair job id`);
  return jobId.slice(0, at);
}

/**
 * The minutes of labour a repair of an item in a grade is expected to take: the brand's estimate
 * for the grade. A grade without one (a person routed an item to repair that the rules would not
 * repair) is costed at the category's lightest repair; a category without estimates at none.
 *
 * @example
 * repairEstimateMinutes(demoRouteRules.categories.smartphone, 'FAIR'); // 45
 * repairEstimateMinutes(demoRouteRules.categories.smartphone, 'GOOD'); // 45, the lightest
 */
export function repairEstimateMinutes(rules: CategoryRouteRules | undefined, grade: Grade): number {
  return repairEstimateOf(rules, grade)?.minutes ?? 0;
}

/** The estimate a repair in a grade is costed by: the grade's own, else the category's lightest (fewest minutes). */
function repairEstimateOf(rules: CategoryRouteRules | undefined, grade: Grade): RepairEstimate | undefined {
  const estimates = rules?.repair.estimates ?? {};
  return estimates[grade] ?? Object.values(estimates).reduce<RepairEstimate | undefined>((lightest, one) => (lightest && lightest.minutes <= one.minutes ? lightest : one), undefined);
}

/** The share over its estimate a repair may cost when the brand sets none (`routing.repairCostTolerance`). */
export const DEFAULT_REPAIR_COST_TOLERANCE = 0.25;

/**
 * The most the brand pays for a repair job, labour and parts together: what it expects to pay (the partner's labour
 * at its rate, `expectedCost`, and the parts of the estimate the job's labour was costed by, see
 * {@link repairEstimateMinutes}) plus the tolerance, a share of that, rounded up to a whole minor unit; at most the
 * most an amount may be. The tolerance is taken in hundredths of a percent, as the brand's schema allows it: 7000 ×
 * 1.1 is 7700.000000000001 in floating point, which rounded up would let a partner book one cent more than agreed.
 *
 * @example
 * repairCostLimit({ expectedCost: eur(4_500), rules: demoRouteRules.categories.smartphone, grade: 'FAIR', tolerance: 0.25 });
 * // eur(8_750): 45 € of labour and 25 € of parts, plus 25 %
 */
export function repairCostLimit(input: { expectedCost: Money; rules: CategoryRouteRules | undefined; grade: Grade; tolerance: number }): Money {
  const expected = input.expectedCost.amount + (repairEstimateOf(input.rules, input.grade)?.partsCost ?? 0);
  const basisPoints = Math.round(input.tolerance * 10_000);
  const amount = expected + Math.ceil((expected * basisPoints) / 10_000);
  return { amount: Math.min(amount, MAX_AMOUNT), currency: input.expectedCost.currency };
}

/**
 * A finishing report that books more than its job's cost limit (422): nothing was written, and the webhook id is not
 * recorded, so the partner may send it again once the brand raised the limit, or a corrected one.
 */
export class CostLimitExceededError extends UnprocessableError {
  override readonly name = 'CostLimitExceededError';
  override readonly title = 'Repair cost limit exceeded';
  constructor(jobId: string, costLimit: Money, reportTotal: Money) {
    const money = (amount: Money) => formatMoney(amount, 'en');
    super(
      `The report books ${money(reportTotal)}, labour and parts together, more than the ${money(costLimit)} the brand agreed to pay for repair job ${jobId}. Send a corrected report with a new webhook-id, or ask the brand to raise the job's cost limit.`,
      [{ in: 'body', path: [], message: `must come to at most ${costLimit.amount} minor units, labour and parts together: the job's cost limit` }],
      { costLimit, reportTotal },
    );
  }
}

/**
 * What a partner's report does to its job. A report of the status the job has changes nothing
 * (a report delivered twice is harmless); a finishing report records labour, cost, parts and notes
 * and yields the ledger entries of the repair: one for the labour, one per part line.
 *
 * @throws ConflictError (from {@link nextJobStatus}) when the job cannot move to the reported status.
 * @throws ValidationError when a part line or the report's total is above the most an amount may be
 *   ({@link reportAmountIssues}), whatever the status.
 * @throws UnprocessableError when the report's amounts are not in the currency of the job, whatever
 *   the status. A status the job cannot take is refused first: no fix of the amounts would let it in.
 * @throws CostLimitExceededError when a finishing report books more than the job's cost limit (a job without one
 *   takes any cost); a report of the status the job has books nothing and is not held to it.
 * @example
 * applyPartnerReport(job, { status: 'COMPLETED', laborMinutes: 40, cost: eur(3_500), parts: [battery] }, { at, partnerName: 'Gerätewerk Berlin' });
 * // { kind: 'FINISHED', job: { ...job, status: 'COMPLETED', finishedAt: at, ... }, ledger: [labour, battery], totalCost: eur(5_400) }
 */
export function applyPartnerReport(
  job: RepairJob,
  report: PartnerReportInput,
  context: { at: string; partnerName: string },
): ReportOutcome {
  const { changed, status } = nextJobStatus(job.status, report.status);
  // The report's schema refuses such a report before it is read; held here too, where the lines to book are made.
  const outOfBounds = reportAmountIssues(report);
  if (outOfBounds.length > 0) throw new ValidationError('The report comes to more than an amount may be.', outOfBounds);
  // Also on the reports whose amounts are not booked (ACCEPTED, IN_PROGRESS, a status the job has):
  // the partner guide refuses any amount in another currency, so a partner hears of it on its first
  // report rather than on the COMPLETED one that would book it.
  assertOneCurrency(report, job.expectedCost.currency);
  if (!changed) return { kind: 'UNCHANGED', job };
  const reported: RepairJob = { ...job, status, reports: [...job.reports, { status, at: context.at }] };
  if (JOB_TRANSITIONS[status].length > 0) return { kind: 'UPDATED', job: reported };
  const total = reportTotal(report);
  if (job.costLimit && total > job.costLimit.amount) throw new CostLimitExceededError(job.jobId, job.costLimit, { amount: total, currency: job.costLimit.currency });

  const finished: RepairJob = {
    ...reported,
    finishedAt: context.at,
    ...(report.laborMinutes !== undefined ? { laborMinutes: report.laborMinutes } : {}),
    ...(report.cost ? { cost: report.cost } : {}),
    ...(report.parts && report.parts.length > 0 ? { parts: report.parts } : {}),
    ...(report.notes ? { notes: report.notes } : {}),
  };
  const what = status === 'COMPLETED' ? 'Repair' : 'Diagnosis (unrepairable)';
  const ledger: LedgerEntry[] = [];
  if (report.cost) {
    const minutes = report.laborMinutes === undefined ? '' : `, ${report.laborMinutes} min`;
    ledger.push({
      entryId: `${job.jobId}:labour`,
      kind: 'REPAIR',
      direction: 'COST',
      amount: report.cost,
      description: `${what} by ${context.partnerName}${minutes}`,
      detail: {
        of: 'REPAIR',
        outcome: status === 'COMPLETED' ? 'COMPLETED' : 'UNREPAIRABLE',
        partnerName: context.partnerName,
        ...(report.laborMinutes === undefined ? {} : { laborMinutes: report.laborMinutes }),
      },
      at: context.at,
      jobId: job.jobId,
    });
  }
  (report.parts ?? []).forEach((part, index) => {
    ledger.push({
      entryId: `${job.jobId}:part:${index + 1}`,
      kind: 'PARTS',
      direction: 'COST',
      amount: { amount: partLineAmount(part), currency: part.cost.currency },
      description: `${part.quantity} × ${part.name} (${part.sku})`,
      detail: { of: 'PART', quantity: part.quantity, name: part.name, sku: part.sku },
      at: context.at,
      jobId: job.jobId,
    });
  });
  const totalCost =
    ledger.length === 0 ? undefined : { amount: ledger.reduce((sum, entry) => sum + entry.amount.amount, 0), currency: job.expectedCost.currency };
  return { kind: 'FINISHED', job: finished, ledger, totalCost };
}

/**
 * The job taken back from its partner: WITHDRAWN, finished at the withdrawal. Only a job the partner has not reported
 * finished can be: a COMPLETED or UNREPAIRABLE one has moved the item on and booked its cost already. Nothing is
 * booked for the withdrawn job, whose partner reported no labour or parts; a report on it afterwards is refused by
 * {@link applyPartnerReport} (a WITHDRAWN job takes no status).
 *
 * @throws ConflictError with `extensions.currentStatus` when the job has finished already.
 * @example
 * withdrawRepairJob(job, { at, by: 'admin-1', reason: 'Partner closed down' });
 * // { ...job, status: 'WITHDRAWN', finishedAt: at, withdrawal: { at, by: 'admin-1', reason: 'Partner closed down' } }
 */
export function withdrawRepairJob(job: RepairJob, withdrawal: JobWithdrawal): RepairJob {
  if (JOB_TRANSITIONS[job.status].length === 0) {
    throw new ConflictError(`Repair job ${job.jobId} is ${job.status} and can no longer be withdrawn.`, { currentStatus: job.status });
  }
  return { ...job, status: 'WITHDRAWN', finishedAt: withdrawal.at, withdrawal };
}

/**
 * The job with its cost limit raised to `amount` (minor units of the job's currency), for a partner whose repair costs
 * more than the brand agreed. Only an open job's: a finished one booked its cost, a withdrawn one books none.
 *
 * @throws ConflictError with `extensions.currentStatus` when the job has finished or was withdrawn, and with
 *   `extensions.costLimit: null` when it has no limit (assigned before 8 December 2026: it takes any cost already).
 * @throws UnprocessableError at `amount`, with `extensions.costLimit`, when the amount is not above the current limit.
 * @example
 * raiseCostLimit({ ...job, costLimit: eur(8_750) }, 12_000);
 * // { job: { ...job, costLimit: eur(12_000) }, from: eur(8_750) }
 */
export function raiseCostLimit(job: RepairJob, amount: number): { job: RepairJob; from: Money } {
  if (JOB_TRANSITIONS[job.status].length === 0) {
    throw new ConflictError(`Repair job ${job.jobId} is ${job.status}; only an open job's cost limit can be raised.`, { currentStatus: job.status });
  }
  const from = job.costLimit;
  if (!from) {
    throw new ConflictError(`Repair job ${job.jobId} was assigned before cost limits (8 December 2026) and has none: its partner may book any cost already.`, {
      costLimit: null,
    });
  }
  if (amount <= from.amount) {
    const limit = formatMoney(from, 'en');
    throw new UnprocessableError(`The cost limit of repair job ${job.jobId} is ${limit} already; a raise must be above it.`, [
      { in: 'body', path: ['amount'], message: `must be more than ${from.amount}, the job's cost limit now` },
    ], { costLimit: from });
  }
  return { job: { ...job, costLimit: { amount, currency: from.currency } }, from };
}

/**
 * What a report's amounts come to, held to the most an amount may be ({@link MAX_AMOUNT}): each part line (its units
 * times the price of one) and the report's total, labour and parts. Each amount of a report is bounded on its own, but
 * 1,000 units at the most a unit may cost made one ledger line of 1,000,000,000,000 minor units, and 50 such lines a
 * repair of 50 trillion. The total is held only when every line is within the bound: a line past it is the fix.
 *
 * @returns where the report is refused: the part line, or the report as a whole (path `[]`) for its total.
 * @example
 * reportAmountIssues({ parts: [{ sku: 'SCR-1', name: 'Screen', quantity: 2, cost: eur(600_000_000) }] });
 * // [{ in: 'body', path: ['parts', 0], message: 'must come to at most 1000000000 minor units (quantity × cost)' }]
 */
export function reportAmountIssues(report: Pick<PartnerReportInput, 'cost' | 'parts'>): FieldIssue[] {
  const parts = report.parts ?? [];
  const lines = parts.flatMap((part, index): FieldIssue[] =>
    partLineAmount(part) > MAX_AMOUNT ? [{ in: 'body', path: ['parts', index], message: `must come to at most ${MAX_AMOUNT} minor units (quantity × cost)` }] : [],
  );
  if (lines.length > 0) return lines;
  const total = reportTotal(report);
  return total > MAX_AMOUNT ? [{ in: 'body', path: [], message: `must come to at most ${MAX_AMOUNT} minor units, labour and parts together` }] : [];
}

/** What a report books, labour and every part line (units times the price of one), in minor units. */
function reportTotal(report: Pick<PartnerReportInput, 'cost' | 'parts'>): number {
  return (report.parts ?? []).reduce((sum, part) => sum + partLineAmount(part), report.cost?.amount ?? 0);
}

function partLineAmount(part: RepairPartLine): number {
  return part.cost.amount * part.quantity;
}

function assertOneCurrency(report: PartnerReportInput, currency: string): void {
  const issues: FieldIssue[] = [];
  if (report.cost && report.cost.currency !== currency) {
    issues.push({ path: ['cost', 'currency'], message: `must be ${currency}, the currency of the job` });
  }
  (report.parts ?? []).forEach((part, index) => {
    if (part.cost.currency !== currency) issues.push({ path: ['parts', index, 'cost', 'currency'], message: `must be ${currency}, the currency of the job` });
  });
  if (issues.length > 0) throw new UnprocessableError(`Report the amounts of this job in ${currency}.`, issues);
}
