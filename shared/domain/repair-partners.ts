/**
 * The repair-partner network: which partner repairs an item, how a repair job's status moves as
 * the partner reports it, and how a partner performs.
 */
import type { Money } from './catalog';
import { formatMoney } from './emails/format';
import { ConflictError, UnprocessableError } from './errors';
import { noRepairPartnerReason, type AttentionBasis } from './attention';

const MS_PER_DAY = 86_400_000;
/** Turnaround and yield describe recent work, so a partner that improves or slips shows it. */
export const STATISTICS_WINDOW_DAYS = 90;

/** A workshop that repairs a brand's items. Its webhook secret is kept apart from it, in the secret store. */
export interface RepairPartner {
  partnerId: string;
  brand: string;
  name: string;
  /** The catalog categories it repairs. */
  categories: string[];
  /** Where it collects items from: whole countries, or only the postal codes starting with a prefix. */
  regions: { countries: string[]; postalCodePrefixes?: string[] };
  /** The most open jobs it takes at once. */
  capacity: number;
  labourRatePerHour: Money;
  targetTurnaroundDays: number;
  webhookUrl: string;
  active: boolean;
}

/** A partner's current work, by partner id. */
export interface PartnerLoad {
  openJobs: number;
  /** Measured by {@link partnerStatistics}; absent or `null` until the partner finished a job. */
  medianTurnaroundDays?: number | null;
}

export interface AssignRepairPartnerInput {
  partners: readonly RepairPartner[];
  /** A partner missing here has no open jobs. */
  load: Readonly<Record<string, PartnerLoad>>;
  category: string;
  /** Where the item is: the customer's address. */
  address: { country: string; postalCode: string };
  /** The repair's labour estimate. */
  estimateMinutes: number;
}

/** Why no partner could take a job: the workflow waits for capacity, but needs a person for the others. */

export type RepairPartnerAssignment =
  | { partner: RepairPartner; expectedCost: Money; turnaroundDays: number; reason: string }
  | { partner: undefined; reason: string; basis: Extract<AttentionBasis, { kind: 'NO_REPAIR_PARTNER' }> };

/** No partner for the item: the facts (their `problem` says why) and their English sentence. */
function unassigned(basis: Extract<AttentionBasis, { kind: 'NO_REPAIR_PARTNER' }>): RepairPartnerAssignment {
  return { partner: undefined, reason: noRepairPartnerReason(basis), basis };
}

/**
 * The partner that repairs an item. Eligible are the active partners that repair the category,
 * serve the item's country (and, where they list postal code prefixes, its postal code) and have
 * fewer open jobs than their capacity. Among them the lowest labour cost for the estimate wins,
 * then the shortest turnaround (the measured median when known, else the partner's target), then
 * the partner id in ascending order.
 *
 * @throws UnprocessableError when the eligible partners charge in different currencies.
 * @example
 * assignRepairPartner({ partners: demoRepairPartners, load: {}, category: 'smartphone', address: { country: 'DE', postalCode: '80331' }, estimateMinutes: 45 });
 * // { partner: { partnerId: 'rp-handywerk-muenchen', ... }, expectedCost: { amount: 3_900, currency: 'EUR' }, turnaroundDays: 3, reason: '...' }
 */
export function assignRepairPartner({
  partners,
  load,
  category,
  address,
  estimateMinutes,
}: AssignRepairPartnerInput): RepairPartnerAssignment {
  const where = `${address.country} ${address.postalCode}`;
  const forCategory = partners.filter((partner) => partner.active && partner.categories.includes(category));
  if (forCategory.length === 0) {
    return unassigned({ kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-category', category });
  }
  const inRegion = forCategory.filter((partner) => serves(partner, address));
  if (inRegion.length === 0) {
    return unassigned({ kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-region', category, where });
  }
  const loadOf = (partner: RepairPartner) => load[partner.partnerId];
  const available = inRegion.filter((partner) => (loadOf(partner)?.openJobs ?? 0) < partner.capacity);
  if (available.length === 0) {
    return unassigned({ kind: 'NO_REPAIR_PARTNER', problem: 'all-at-capacity', category, where });
  }

  const currencies = new Set(available.map((partner) => partner.labourRatePerHour.currency));
  if (currencies.size > 1) {
    throw new UnprocessableError(`The repair partners for ${category} charge in different currencies: ${[...currencies].join(', ')}`, [], {
      category,
    });
  }

  const offers = available
    .map((partner) => ({
      partner,
      cost: Math.round((partner.labourRatePerHour.amount * estimateMinutes) / 60),
      turnaroundDays: loadOf(partner)?.medianTurnaroundDays ?? partner.targetTurnaroundDays,
    }))
    .sort(
      (a, b) =>
        a.cost - b.cost ||
        a.turnaroundDays - b.turnaroundDays ||
        (a.partner.partnerId < b.partner.partnerId ? -1 : a.partner.partnerId > b.partner.partnerId ? 1 : 0),
    );
  const [best, runnerUp] = offers as [PartnerOffer, ...PartnerOffer[]];
  const currency = best.partner.labourRatePerHour.currency;
  return {
    partner: best.partner,
    expectedCost: { amount: best.cost, currency },
    turnaroundDays: best.turnaroundDays,
    reason: assignmentReason(best, runnerUp, currency),
  };
}

interface PartnerOffer {
  partner: RepairPartner;
  cost: number;
  turnaroundDays: number;
}

function assignmentReason(best: PartnerOffer, runnerUp: PartnerOffer | undefined, currency: string): string {
  // Reasons are read by ops staff in the console, which speaks English.
  const money = (amount: number) => formatMoney({ amount, currency }, 'en');
  const terms = `${money(best.cost)} in ${formatDays(best.turnaroundDays)}`;
  if (!runnerUp) {
    return `${best.partner.name} is the only eligible partner: ${terms}`;
  }
  if (best.cost < runnerUp.cost) {
    return `${best.partner.name} is the cheapest eligible partner: ${terms}, against ${money(runnerUp.cost)} at ${runnerUp.partner.name}`;
  }
  if (best.turnaroundDays < runnerUp.turnaroundDays) {
    return `${best.partner.name} is the fastest of the cheapest eligible partners: ${terms}, against ${formatDays(runnerUp.turnaroundDays)} at ${runnerUp.partner.name}`;
  }
  return `${best.partner.name} comes first by partner id among equally cheap and fast partners: ${terms}`;
}

function serves(partner: RepairPartner, address: { country: string; postalCode: string }): boolean {
  const country = address.country.toUpperCase();
  if (!partner.regions.countries.some((served) => served.toUpperCase() === country)) return false;
  const prefixes = partner.regions.postalCodePrefixes ?? [];
  if (prefixes.length === 0) return true;
  // Postal codes such as "1012 AB" or "sw1a 1aa" are written with and without spaces, in either case.
  const postalCode = normalizePostalCode(address.postalCode);
  return prefixes.some((prefix) => postalCode.startsWith(normalizePostalCode(prefix)));
}

function normalizePostalCode(postalCode: string): string {
  return postalCode.replace(/\s+/g, '').toUpperCase();
}

function formatDays(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return rounded === 1 ? '1 day' : `${rounded} days`;
}

export const JOB_STATUSES = ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'UNREPAIRABLE', 'WITHDRAWN'] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Every status a partner may report next, by the job's current status. A partner may skip steps
 * (report a job completed without having reported it in progress); COMPLETED and UNREPAIRABLE end a job.
 * WITHDRAWN ends it too, but is the brand's, never a partner's: staff took the item back before
 * the partner reported it finished (see `withdrawRepairJob`), and no report moves it on.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  ASSIGNED: ['ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'UNREPAIRABLE'],
  ACCEPTED: ['IN_PROGRESS', 'COMPLETED', 'UNREPAIRABLE'],
  IN_PROGRESS: ['COMPLETED', 'UNREPAIRABLE'],
  COMPLETED: [],
  UNREPAIRABLE: [],
  WITHDRAWN: [],
};

/**
 * A repair job's status after a partner reports one. Reporting the current status again changes
 * nothing, so a webhook delivered twice is harmless.
 *
 * @throws ConflictError with `extensions.currentStatus` when the job cannot move to the reported status.
 * @example
 * nextJobStatus('ACCEPTED', 'IN_PROGRESS'); // { changed: true, status: 'IN_PROGRESS' }
 * nextJobStatus('COMPLETED', 'COMPLETED'); // { changed: false, status: 'COMPLETED' }
 * nextJobStatus('COMPLETED', 'IN_PROGRESS'); // throws ConflictError
 */
export function nextJobStatus(current: JobStatus, reported: JobStatus): { changed: boolean; status: JobStatus } {
  if (current === reported) return { changed: false, status: current };
  if (!JOB_TRANSITIONS[current].includes(reported)) {
    throw new ConflictError(`A repair job that is ${current} cannot become ${reported}`, { currentStatus: current });
  }
  return { changed: true, status: reported };
}

export interface RepairJobRecord {
  status: JobStatus;
  /** ISO 8601. */
  assignedAt: string;
  /** ISO 8601; when the job became COMPLETED, UNREPAIRABLE or WITHDRAWN. */
  finishedAt?: string;
}

export interface PartnerStatistics {
  /** Jobs not yet COMPLETED, UNREPAIRABLE or WITHDRAWN. */
  openJobs: number;
  /** The median days from assignment to completion; `null` without a completed job. */
  medianTurnaroundDays: number | null;
  /** The share of finished jobs that were repaired; `null` without a finished job. */
  repairYield: number | null;
}

/**
 * How a partner performs. Open jobs count all of them; the turnaround and the repair yield count
 * the jobs finished in the 90 days before `now`. A turnaround is measured on completed jobs only:
 * an item found unrepairable comes back without a repair. A withdrawn job counts in neither: the
 * partner never reported on its outcome.
 *
 * @example
 * partnerStatistics(
 *   [
 *     { status: 'COMPLETED', assignedAt: '2025-03-01T00:00:00Z', finishedAt: '2025-03-05T00:00:00Z' },
 *     { status: 'UNREPAIRABLE', assignedAt: '2025-03-02T00:00:00Z', finishedAt: '2025-03-03T00:00:00Z' },
 *     { status: 'IN_PROGRESS', assignedAt: '2025-03-04T00:00:00Z' },
 *   ],
 *   new Date('2025-03-10T00:00:00Z'),
 * );
 * // { openJobs: 1, medianTurnaroundDays: 4, repairYield: 0.5 }
 */
export function partnerStatistics(jobs: readonly RepairJobRecord[], now: Date): PartnerStatistics {
  const windowStart = now.getTime() - STATISTICS_WINDOW_DAYS * MS_PER_DAY;
  const openJobs = jobs.filter((job) => JOB_TRANSITIONS[job.status].length > 0).length;
  const finished = jobs.filter((job) => {
    if (JOB_TRANSITIONS[job.status].length > 0 || job.status === 'WITHDRAWN' || job.finishedAt === undefined) return false;
    const finishedAt = Date.parse(job.finishedAt);
    return finishedAt >= windowStart && finishedAt <= now.getTime();
  });
  const completed = finished.filter((job) => job.status === 'COMPLETED');
  const turnarounds = completed.map((job) => (Date.parse(job.finishedAt!) - Date.parse(job.assignedAt)) / MS_PER_DAY);
  return {
    openJobs,
    medianTurnaroundDays: median(turnarounds),
    repairYield: finished.length === 0 ? null : completed.length / finished.length,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
