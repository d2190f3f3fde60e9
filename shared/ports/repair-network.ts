import type { Money } from '../domain/catalog';
import type { LedgerEntry } from '../domain/ledger';
import type { Passport } from '../domain/passport';
import type { RepairPartner } from '../domain/repair-partners';
import type { RepairJob } from '../domain/repair-jobs';
import type { AmendRequest, TransitionRequest } from './passport-store';

/** A partner's configuration as stored, with its webhook secret sealed (never in plain text). */
export interface StoredPartner {
  partner: RepairPartner;
  sealedSecret: string;
}

/** The writes of one partner report, committed together or not at all. */
export interface PartnerReportWrite {
  /** The job with the report applied, and the status it had when it was read. */
  job: RepairJob;
  previousStatus: RepairJob['status'];
  /** The webhook's id: recorded, so that a replay is recognised. */
  webhookId: string;
  receivedAt: string;
  /** The passport's move (with the ledger lines of a finished job) or amendment with its event; none when the report changes nothing. */
  passport?: { transition: TransitionRequest } | { amend: AmendRequest };
}

/** The writes of taking an item back from its repair partner, committed together or not at all. */
export interface JobWithdrawalWrite {
  /** The job as withdrawn, and the status it had when it was read. */
  job: RepairJob;
  previousStatus: RepairJob['status'];
  /** The passport's move out of repair, with its event. */
  transition: TransitionRequest;
}

/** The writes of raising an open job's cost limit, committed together or not at all. */
export interface CostLimitRaiseWrite {
  /** The job with its new limit, and the limit it had when it was read. */
  job: RepairJob;
  previousLimit: Money;
  /** The passport's amendment with the `RepairCostLimitRaised` event. */
  amend: AmendRequest;
}

/** A passport's repair jobs and ledger, read: what the staff's passport page shows of them. */
export interface PassportRepairRecords {
  /** The passport's repair jobs, oldest first. */
  jobsOf(passportId: string): Promise<RepairJob[]>;
  /** The passport's ledger, oldest first. */
  ledgerOf(passportId: string): Promise<LedgerEntry[]>;
}

/**
 * The brands' repair partners, the repair jobs and the passports' ledgers. Every read takes the
 * brand (from the staff member's token or from the job's passport), so one brand never reads
 * another's partners.
 */
export interface RepairNetworkStore extends PassportRepairRecords {
  /**
   * Stores a partner's configuration; with `sealedSecret`, its secret too. `requireNew` refuses
   * (ConflictError) when another request stored a secret for the partner first.
   * @returns whether the partner is new.
   */
  savePartner(partner: RepairPartner, secret?: { sealed: string; requireNew: boolean }): Promise<{ created: boolean }>;
  getPartner(brand: string, partnerId: string): Promise<StoredPartner | undefined>;
  /** The brand's partners, by id. */
  partners(brand: string): Promise<RepairPartner[]>;
  /** Every brand's partner with this id: the webhook's signature tells which one sent it. */
  partnersWithId(partnerId: string): Promise<StoredPartner[]>;

  /** A partner's open jobs and the jobs it finished at or after `finishedSince`. */
  partnerJobs(brand: string, partnerId: string, finishedSince: string): Promise<RepairJob[]>;
  getJob(passportId: string, jobId: string): Promise<RepairJob | undefined>;
  /**
   * Creates the job, counts it against the partner's capacity and moves the passport, in one
   * transaction.
   * Holds only while the partner is active with the `capacity` read.
   * @throws PartnerAtCapacityError when the partner has no capacity left; ConflictError when the
   *   job exists; ConcurrentChangeError when the passport moved or the partner changed meanwhile.
   */
  assignJob(job: RepairJob, capacity: number, transition: TransitionRequest): Promise<Passport>;
  /** Records that the partner's endpoint accepted the job webhook. */
  markJobDelivered(passportId: string, jobId: string, at: string): Promise<void>;
  /** Records that the partner's endpoint accepted the withdrawal webhook of a WITHDRAWN job; a second record keeps the first instant. */
  markWithdrawalDelivered(passportId: string, jobId: string, at: string): Promise<void>;
  /** Whether the partner's webhook with this id was applied to this job before (the same id on another job is another report). */
  wasWebhookApplied(passportId: string, partnerId: string, jobId: string, webhookId: string): Promise<boolean>;
  /**
   * Applies a partner's report: the job, the passport with its event and ledger lines, the
   * freed capacity of a finished job and the webhook's id, in one transaction.
   * @returns `replayed` when a webhook with the same id was applied first.
   * @throws ConflictError when the job or the passport changed in between.
   */
  applyReport(write: PartnerReportWrite): Promise<'applied' | 'replayed'>;
  /**
   * Withdraws a job: the job (on condition that it still has the status read, so that a partner's report at the same
   * moment and the withdrawal cannot both be applied), the slot it held at its partner freed, and the passport's move
   * with its event, in one transaction.
   * @throws ConcurrentChangeError when the job or the passport changed in between.
   */
  withdrawJob(write: JobWithdrawalWrite): Promise<Passport>;
  /**
   * Raises a job's cost limit: the job (on condition that it still has the status and the limit read, so that of two
   * raises at once the second is decided again on the first's limit, and a report finishing the job meanwhile wins)
   * and the passport's amendment with its event, in one transaction.
   * @throws ConcurrentChangeError when the job or the passport changed in between.
   */
  raiseCostLimit(write: CostLimitRaiseWrite): Promise<Passport>;
}

/** No capacity left at the partner chosen: another assignment took the last slot first. */
export class PartnerAtCapacityError extends Error {
  override readonly name = 'PartnerAtCapacity';
}
