import { NotFoundError, UnprocessableError, ValidationError } from '../domain/errors';
import type { Passport } from '../domain/passport';
import { asOneLine } from '../domain/plain-text';
import { applyPartnerReport, type JobWithdrawal, passportIdOfJob, type RepairJob } from '../domain/repair-jobs';
import { partnerStatistics, STATISTICS_WINDOW_DAYS, type PartnerStatistics, type RepairPartner } from '../domain/repair-partners';
import { SEALED_FIELD_PURPOSES } from '../domain/sealed-fields';
import { UnauthenticatedError, type Staff } from '../http/staff';
import type { HostResolver } from '../ports/host-resolver';
import type { PassportRecords, PassportStore } from '../ports/passport-store';
import type { PartnerReportWrite, RepairNetworkStore, StoredPartner } from '../ports/repair-network';
import type { WebhookSender } from '../ports/webhook-delivery';
import {
  PartnerIdSchema,
  type PartnerReport,
  type PartnerReportReceipt,
  type RepairJobMessage,
  type RepairJobWebhook,
  type RepairJobWithdrawnWebhook,
  type RepairPartnerList,
  type RepairPartnerRequest,
  type RepairPartnerSaved,
} from '../schemas/repair';
import { isWebhookId, newWebhookSecret, verifyWebhook, webhookHeaders, type WebhookProblem } from '../webhooks/standard-webhooks';
import { retryingConcurrentChanges } from './concurrent-changes';
import { UnreadableSealError, type FieldCipher } from './field-cipher';
import { assertOutboundUrl, checkOutboundUrl, type OutboundUrlRules } from './outbound-urls';

export interface RepairNetworkDependencies {
  /** The passports, for the item a job is about. */
  store: Pick<PassportRecords, 'getPassport'>;
  network: RepairNetworkStore;
  /** Opens the partners' webhook secrets, to sign the jobs and check the reports. */
  cipher: FieldCipher;
  sender: WebhookSender;
  now: () => Date;
  /** The public base URL of the API, for the report URL in the jobs we send. */
  apiBaseUrl: string;
  /** Whether partner endpoints may be plain HTTP on this machine (the local cloud's sandbox). */
  allowLocalHttp: boolean;
  /** Finds a partner endpoint's addresses, when it is saved and before every job is sent. */
  resolveHost: HostResolver;
}

export interface RepairPartnersDependencies {
  /** The brand's catalog, whose categories a partner may take. */
  store: Pick<PassportStore, 'getCatalog'>;
  network: RepairNetworkStore;
  /** Seals the partners' webhook secrets before they are stored. */
  cipher: FieldCipher;
  now: () => Date;
  randomBytes: (count: number) => Uint8Array;
  allowLocalHttp: boolean;
  resolveHost: HostResolver;
}

/** A partner's report as received: the parsed body, and the headers and raw body its signature covers. */
export interface ReceivedPartnerReport {
  partnerId: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
  report: PartnerReport;
}

/** The job webhook, or its withdrawal's, could not be delivered; the queue tries again later. */
export class PartnerDeliveryFailedError extends Error {
  override readonly name = 'PartnerDeliveryFailed';
}

const SECRET_PURPOSE = /* @__PURE__ */ (() => SEALED_FIELD_PURPOSES.partnerSecret)();
const SECRET_BYTES = 32;
const MS_PER_DAY = 86_400_000;
/** Webhook ids are kept in a key of the table, whose size is bounded. */
const MAX_WEBHOOK_ID_LENGTH = 255;

const PROBLEMS: Record<WebhookProblem, string> = {
  'missing-headers': 'The webhook-id, webhook-timestamp and webhook-signature headers are required.',
  'stale-timestamp': 'The webhook-timestamp is more than 5 minutes away from now; sign each delivery when it is sent.',
  'bad-signature': 'The webhook-signature does not match the body under the partner’s secret.',
};

/**
 * The repair-partner network's traffic: the job webhooks we send and the signed status reports
 * partners send back, which move the job, the passport and its ledger. The partners' configuration
 * is {@link RepairPartners}, so that neither side carries the other (nor the brand's catalog).
 */
export class RepairNetworkService {
  constructor(private readonly deps: RepairNetworkDependencies) {}

  /**
   * Refuses a report that no partner with this id signed, on the raw body before it is parsed:
   * missing headers, a timestamp outside 5 minutes, or a signature no secret matches.
   */
  async authenticateReport(raw: { body: string; headers: Record<string, string | undefined>; path: Record<string, string | undefined> }): Promise<void> {
    // Checked before the path is validated: an id that cannot be a partner's is nobody's.
    const partnerId = PartnerIdSchema.safeParse(raw.path.partnerId);
    const candidates = partnerId.success ? await this.deps.network.partnersWithId(partnerId.data) : [];
    if (candidates.length === 0) throw new UnauthenticatedError(PROBLEMS['bad-signature']);
    await this.verify(candidates, raw);
  }

  /**
   * Applies a partner's report on one of its jobs, once per webhook id: COMPLETED makes the item
   * REPAIRED and books labour and parts to its ledger; UNREPAIRABLE sends it to recycling.
   */
  async applyReport(input: ReceivedPartnerReport): Promise<PartnerReportReceipt> {
    return retryingConcurrentChanges(() => this.applyReportOnce(input));
  }

  /**
   * Sends a job to its partner as a signed webhook; for a job the brand took back (WITHDRAWN) that its partner had
   * received, tells the partner so, once its endpoint took that notice (`repair-job.withdrawn`). Each webhook's id is
   * the same on every retry, so the partner can tell a retry from a new message. A job withdrawn before it reached its
   * partner is not sent, and neither is its withdrawal.
   * @returns which of the two webhooks this call had the partner take.
   * @throws PartnerDeliveryFailedError when the endpoint's host does not resolve to public
   * addresses only (checked before every send), or the endpoint does not answer 2xx.
   */
  async deliverJob(message: RepairJobMessage): Promise<{ delivered: boolean; withdrawalDelivered: boolean }> {
    const job = await this.deps.network.getJob(message.passportId, message.jobId);
    if (!job) throw new NotFoundError(`No repair job ${message.jobId}.`);
    // A job staff withdrew before it reached its partner is not sent: the partner would repair an item it never gets.
    if (job.status === 'WITHDRAWN') return { delivered: false, withdrawalDelivered: await this.deliverWithdrawal(job) };
    if (job.deliveredAt) return { delivered: false, withdrawalDelivered: false };
    const [stored, passport] = await Promise.all([this.deps.network.getPartner(job.brand, job.partnerId), this.deps.store.getPassport(job.passportId)]);
    if (!stored || !passport) throw new NotFoundError(`Repair job ${job.jobId} has no partner or passport.`);
    await this.post(stored, { id: `job_${job.jobId}`, body: JSON.stringify(jobWebhookOf(job, passport, stored.partner, this.deps.apiBaseUrl)), what: `job ${job.jobId}` });
    await this.deps.network.markJobDelivered(job.passportId, job.jobId, this.deps.now().toISOString());
    // A withdrawal committed while the job was on its way found it not delivered, so its own message told the partner
    // nothing: the partner has the job now, and is told here. Read after the mark, so that a withdrawal committed after
    // this read finds the job delivered and is told by its own message.
    const current = await this.deps.network.getJob(job.passportId, job.jobId);
    return { delivered: true, withdrawalDelivered: current?.status === 'WITHDRAWN' ? await this.deliverWithdrawal(current) : false };
  }

  /**
   * Tells the partner that the brand took back the item of a WITHDRAWN job the partner received, unless its endpoint
   * took that notice before.
   * @returns whether the partner took the notice now.
   */
  private async deliverWithdrawal(job: RepairJob): Promise<boolean> {
    if (!job.deliveredAt || !job.withdrawal || job.withdrawalDeliveredAt) return false;
    const stored = await this.deps.network.getPartner(job.brand, job.partnerId);
    if (!stored) throw new NotFoundError(`Repair job ${job.jobId} has no partner.`);
    const body = JSON.stringify(withdrawalWebhookOf(job, job.withdrawal));
    await this.post(stored, { id: `withdrawal_${job.jobId}`, body, what: `the withdrawal of job ${job.jobId}` });
    await this.deps.network.markWithdrawalDelivered(job.passportId, job.jobId, this.deps.now().toISOString());
    return true;
  }

  /**
   * Posts a signed webhook to the partner's endpoint, signed when it is sent.
   * @throws PartnerDeliveryFailedError when the endpoint's host does not resolve to public addresses only, or the
   * endpoint does not answer 2xx.
   */
  private async post(stored: StoredPartner, webhook: { id: string; body: string; what: string }): Promise<void> {
    const check = await checkOutboundUrl(stored.partner.webhookUrl, this.urlRules());
    const what = webhook.what;
    if (!check.ok) throw new PartnerDeliveryFailedError(`${what[0]!.toUpperCase()}${what.slice(1)} was not sent to ${stored.partner.webhookUrl}: it ${check.problem}.`);
    const headers = webhookHeaders({
      id: webhook.id,
      timestamp: Math.floor(this.deps.now().getTime() / 1000),
      body: webhook.body,
      secret: await this.open(stored),
    });
    const status = await this.deps.sender.post(check.endpoint, webhook.body, headers);
    if (status < 200 || status > 299) throw new PartnerDeliveryFailedError(`${stored.partner.name} answered ${what} with HTTP ${status}.`);
  }

  private async applyReportOnce(input: ReceivedPartnerReport): Promise<PartnerReportReceipt> {
    const { partnerId, report } = input;
    const passportId = passportIdOfJob(report.jobId);
    const job = await this.deps.network.getJob(passportId, report.jobId);
    const stored = job && job.partnerId === partnerId ? await this.deps.network.getPartner(job.brand, partnerId) : undefined;
    if (!job || !stored) throw new NotFoundError(`Repair partner ${partnerId} has no job ${report.jobId}.`);
    // The first check let in any brand's partner of this id; the job's brand must be the signer's.
    const webhookId = await this.verify([stored], { body: input.rawBody, headers: input.headers }).catch(() => {
      throw new NotFoundError(`Repair partner ${partnerId} has no job ${report.jobId}.`);
    });
    assertReportWebhookId(webhookId);
    if (await this.deps.network.wasWebhookApplied(passportId, partnerId, job.jobId, webhookId)) {
      return { jobId: job.jobId, status: job.status, applied: false };
    }
    const at = this.deps.now().toISOString();
    // A partner saved before its name was held to one line (7 December 2026) books its ledger lines and route reason with one.
    const partner = { ...stored.partner, name: asOneLine(stored.partner.name) };
    const outcome = applyPartnerReport(job, report, { at, partnerName: partner.name });
    const write: PartnerReportWrite = { job: outcome.job, previousStatus: job.status, webhookId, receivedAt: at };
    if (outcome.kind === 'UPDATED') {
      write.passport = { amend: { in: ['IN_REPAIR'], at, event: { type: 'RepairUpdated', data: { jobId: job.jobId, status: outcome.job.status } } } };
    } else if (outcome.kind === 'FINISHED') {
      write.passport = { transition: { ...finishingTransition(outcome.job, partner, outcome.totalCost, at), ledger: outcome.ledger } };
    }
    // A copy of the same webhook that lost the race to apply it finds it applied when it reads again.
    const result = await this.deps.network.applyReport(write);
    // A status the job has already changes nothing, whatever the report brings (a finished job keeps its cost and
    // notes): its webhook id is recorded, but it is answered as not applied, so the partner knows it changed nothing.
    const applied = result === 'applied' && outcome.kind !== 'UNCHANGED';
    return { jobId: job.jobId, status: applied ? outcome.job.status : job.status, applied };
  }

  /**
   * @returns the verified webhook id. A candidate whose sealed secret does not open (damaged, or
   * sealed under a platform secret that changed) signs nothing, and does not stop another brand's
   * partner of the same id from being verified.
   * @throws UnreadableSealError when no candidate's secret opens: the fault is ours, and the partner's retry may pass.
   */
  private async verify(candidates: StoredPartner[], raw: { body: string; headers: Record<string, string | undefined> }): Promise<string> {
    const opened = await Promise.allSettled(candidates.map((candidate) => this.open(candidate)));
    const secrets: string[] = [];
    for (const result of opened) {
      if (result.status === 'fulfilled') secrets.push(result.value);
      else if (!(result.reason instanceof UnreadableSealError)) throw result.reason;
    }
    const unreadable = opened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (secrets.length === 0 && unreadable) throw unreadable.reason;
    const verification = verifyWebhook({ headers: raw.headers, body: raw.body, secrets, nowSeconds: Math.floor(this.deps.now().getTime() / 1000) });
    if (!verification.ok) throw new UnauthenticatedError(PROBLEMS[verification.problem]);
    return verification.id;
  }

  private urlRules(): OutboundUrlRules {
    return { allowLocalHttp: this.deps.allowLocalHttp, resolveHost: this.deps.resolveHost };
  }

  private open({ partner, sealedSecret }: StoredPartner): Promise<string> {
    return this.deps.cipher.open(SECRET_PURPOSE, `${partner.brand}/${partner.partnerId}`, sealedSecret);
  }
}

/** The brand's repair partners: their configuration, saved with the webhook secret sealed, and listed. */
export class RepairPartners {
  constructor(private readonly deps: RepairPartnersDependencies) {}

  /**
   * Creates or replaces a partner. Its webhook secret is write-only: a given one is stored; a new
   * partner without one gets a generated secret, returned in this response only.
   */
  async savePartner(staff: Staff, partnerId: string, request: RepairPartnerRequest, origin: string): Promise<{ created: boolean; partner: RepairPartnerSaved }> {
    const webhookUrl = await assertOutboundUrl(request.webhookUrl, { allowLocalHttp: this.deps.allowLocalHttp, resolveHost: this.deps.resolveHost }, { path: ['webhookUrl'], name: 'webhook URL' });
    const catalog = await this.deps.store.getCatalog(staff.brand);
    const known = new Set(catalog?.products.map((product) => product.category) ?? []);
    const unknown = request.categories.flatMap((category, index) => (known.has(category) ? [] : [{ category, index }]));
    if (unknown.length > 0) {
      throw new UnprocessableError(
        `The catalog has no categories ${unknown.map((one) => one.category).join(', ')}.`,
        unknown.map(({ index }) => ({ in: 'body' as const, path: ['categories', index], message: `must be one of ${[...known].join(', ')}` })),
      );
    }
    // The assignment compares the partners of a category by their rates, which it cannot do across currencies: one
    // partner charging in another stops every repair of its categories, so it is refused here, where it is typed.
    if (catalog && request.labourRatePerHour.currency !== catalog.config.currency) {
      const { name, currency } = catalog.config;
      throw new UnprocessableError(`${name} pays its repair partners in ${currency}; give the labour rate in ${currency}.`, [
        { in: 'body', path: ['labourRatePerHour', 'currency'], message: `must be ${currency}, the brand's currency` },
      ]);
    }
    const { webhookSecret, ...configuration } = request;
    const partner: RepairPartner = { ...configuration, webhookUrl, partnerId, brand: staff.brand };
    const existing = await this.deps.network.getPartner(staff.brand, partnerId);
    const generated = webhookSecret === undefined && !existing ? newWebhookSecret(this.deps.randomBytes(SECRET_BYTES)) : undefined;
    const secret = webhookSecret ?? generated;
    const { created } = await this.deps.network.savePartner(
      partner,
      secret === undefined ? undefined : { sealed: await this.deps.cipher.seal(SECRET_PURPOSE, `${partner.brand}/${partner.partnerId}`, secret), requireNew: generated !== undefined },
    );
    return { created, partner: { ...viewOf(partner, origin), ...(generated ? { webhookSecret: generated } : {}) } };
  }

  /** The brand's partners with their open jobs and how they performed in the last 90 days. */
  listPartners(staff: Staff, origin: string): Promise<RepairPartnerList> {
    return listRepairPartners(this.deps, staff, origin);
  }
}

/**
 * The brand's partners with their open jobs and how they performed in the last 90 days: the
 * network's records alone, so that the list's function carries neither the cipher nor the catalog.
 */
export async function listRepairPartners(deps: { network: RepairNetworkStore; now: () => Date }, staff: Staff, origin: string): Promise<RepairPartnerList> {
  const partners = await deps.network.partners(staff.brand);
  const statistics = await partnerStatisticsOf(deps.network, staff.brand, partners, deps.now());
  return {
    partners: partners.map((partner) => {
      const { openJobs, medianTurnaroundDays, repairYield } = statistics[partner.partnerId]!;
      return { ...viewOf(partner, origin), openJobs, medianTurnaroundDays, repairYield };
    }),
  };
}

/**
 * How each of a brand's partners performs now: open jobs, median turnaround and repair yield of
 * the jobs finished in the statistics window.
 */
export async function partnerStatisticsOf(
  network: RepairNetworkStore,
  brand: string,
  partners: readonly RepairPartner[],
  now: Date,
): Promise<Record<string, PartnerStatistics>> {
  const since = new Date(now.getTime() - STATISTICS_WINDOW_DAYS * MS_PER_DAY).toISOString();
  const entries = await Promise.all(
    partners.map(async (partner) => [partner.partnerId, partnerStatistics(await network.partnerJobs(brand, partner.partnerId, since), now)] as const),
  );
  return Object.fromEntries(entries);
}

function viewOf(partner: RepairPartner, origin: string): RepairPartnerSaved {
  const { brand: _brand, ...view } = partner;
  return { ...view, reportUrl: `${origin}/v1/webhooks/repair-partners/${partner.partnerId}` };
}

/** Refuses a webhook id the partner guide does not allow (§2): one with a full stop, or one too long for the key that records it. */
function assertReportWebhookId(webhookId: string): void {
  if (!isWebhookId(webhookId)) {
    throw new ValidationError('The webhook-id must not contain a full stop.', [{ in: 'header', path: ['webhook-id'], message: 'must not contain a full stop (.)' }]);
  }
  if (webhookId.length > MAX_WEBHOOK_ID_LENGTH) {
    throw new ValidationError('The webhook-id is too long.', [{ in: 'header', path: ['webhook-id'], message: `must be at most ${MAX_WEBHOOK_ID_LENGTH} characters` }]);
  }
}

function finishingTransition(job: RepairJob, partner: RepairPartner, totalCost: { amount: number; currency: string } | undefined, at: string) {
  if (job.status === 'COMPLETED') {
    return {
      to: 'REPAIRED' as const,
      from: ['IN_REPAIR' as const],
      at,
      event: {
        type: 'Repaired' as const,
        data: {
          jobId: job.jobId,
          partnerId: partner.partnerId,
          ...(job.laborMinutes !== undefined ? { laborMinutes: job.laborMinutes } : {}),
          ...(totalCost ? { cost: totalCost } : {}),
        },
      },
    };
  }
  const reason = `${partner.name} found the item unrepairable${job.notes ? `: ${job.notes}` : ''}`;
  return {
    to: 'RECYCLE' as const,
    from: ['IN_REPAIR' as const],
    at,
    set: {
      route: {
        route: 'RECYCLE' as const,
        reason,
        basis: { kind: 'UNREPAIRABLE' as const, partnerName: partner.name, ...(job.notes ? { notes: job.notes } : {}) },
        decidedAt: at,
      },
    },
    event: {
      type: 'Unrepairable' as const,
      // The diagnosis is booked in the ledger as labour and parts; the event carries its total for the reports.
      data: { jobId: job.jobId, partnerId: partner.partnerId, ...(job.notes ? { notes: job.notes } : {}), ...(totalCost ? { cost: totalCost } : {}) },
    },
  };
}

/** The withdrawal's webhook. Its `timestamp` is the withdrawal's, so every try of it carries the same body. */
function withdrawalWebhookOf(job: RepairJob, withdrawal: JobWithdrawal): RepairJobWithdrawnWebhook {
  return {
    type: 'repair-job.withdrawn',
    timestamp: withdrawal.at,
    data: { jobId: job.jobId, passportId: job.passportId, brand: job.brand, withdrawnAt: withdrawal.at, reason: withdrawal.reason },
  };
}

/** The job's webhook. Its `timestamp` is the assignment's, so every try of it carries the same body. */
function jobWebhookOf(job: RepairJob, passport: Passport, partner: RepairPartner, apiBaseUrl: string): RepairJobWebhook {
  return {
    type: 'repair-job.assigned',
    timestamp: job.assignedAt,
    data: {
      jobId: job.jobId,
      passportId: job.passportId,
      brand: job.brand,
      assignedAt: job.assignedAt,
      product: { sku: passport.product.sku, name: passport.product.name, category: passport.product.category },
      grade: passport.grading?.grade ?? passport.selfAssessedGrade,
      grading: {
        ...(passport.grading?.checks ? { checks: passport.grading.checks } : {}),
        ...(passport.grading?.notes ? { notes: passport.grading.notes } : {}),
      },
      estimate: { laborMinutes: job.estimateMinutes, cost: job.expectedCost },
      ...(job.costLimit ? { costLimit: job.costLimit } : {}),
      targetTurnaroundDays: partner.targetTurnaroundDays,
      reportUrl: `${apiBaseUrl.replace(/\/$/, '')}/v1/webhooks/repair-partners/${partner.partnerId}`,
    },
  };
}
