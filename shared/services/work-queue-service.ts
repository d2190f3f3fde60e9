import { payoutAwaitsAPerson } from '../domain/graded-payout';
import { UnprocessableError, ValidationError } from '../domain/errors';
import { itemEconomics, type LedgerEntry } from '../domain/ledger';
import { labelMayBeMadeAgain, returnAddressOf } from '../domain/label-retry';
import type { Passport, PassportReturnShipment } from '../domain/passport';
import type { Staff } from '../http/staff';
import type { PassportReads } from '../ports/passport-store';
import type { PassportRepairRecords } from '../ports/repair-network';
import type { WorkQueue as WorkQueuePort } from '../ports/work-queue';
import type { LedgerEntryView, PassportDetail, PassportSummary, WorkQueue, WorkQueueQuery } from '../schemas/staff';
import { staffPassport } from './passports';

export interface WorkQueueDependencies {
  store: PassportReads;
  network: PassportRepairRecords;
}

/**
 * What a brand's staff sees of its passports in a list: the work queue of a state, or the passport
 * of a shipment. It reads the queue's index alone, so its function carries none of the detail.
 */
export class WorkQueueList {
  constructor(private readonly deps: { queue: WorkQueuePort }) {}

  /** The work queue of `query.state`, or the passport of `query.shipmentNo` (none of another brand's). */
  async list(staff: Staff, query: WorkQueueQuery): Promise<WorkQueue> {
    if (query.shipmentNo !== undefined) {
      const passport = await this.deps.queue.passportOfShipment(staff.brand, query.shipmentNo);
      return { items: passport && passport.brand === staff.brand ? [summaryOf(passport)] : [] };
    }
    if (query.state === undefined) throw new ValidationError('Give either state or shipmentNo.', [{ in: 'query', path: ['state'], message: 'give either state or shipmentNo' }]);
    const page = await this.deps.queue.passportsIn(staff.brand, query.state, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return {
      items: page.passports.map(summaryOf),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}

/**
 * What a brand's staff sees of one passport: the passport whole, with its timeline, ledger and
 * repair jobs. A passport of another brand is answered exactly like one that does not exist.
 */
export class WorkQueueService {
  constructor(private readonly deps: WorkQueueDependencies) {}

  async detail(staff: Staff, id: string): Promise<PassportDetail> {
    return this.detailOf(await this.passportOf(staff, id), staff);
  }

  /**
   * The passport, if it belongs to the staff member's brand.
   * @throws NotFoundError when it does not exist or belongs to another brand.
   */
  passportOf(staff: Staff, id: string): Promise<Passport> {
    return staffPassport(this.deps.store, staff, id);
  }

  /**
   * The staff's view of a passport: everything but the customer's contact data. The customer's return
   * address is shown to a `viewer` who may correct it (ops, admin), and only while the label may be made again.
   */
  async detailOf(passport: Passport, viewer?: Staff): Promise<PassportDetail> {
    const [timeline, ledger, jobs] = await Promise.all([
      this.deps.store.getTimeline(passport.id),
      this.deps.network.ledgerOf(passport.id),
      this.deps.network.jobsOf(passport.id),
    ]);
    return {
      id: passport.id,
      brand: passport.brand,
      state: passport.state,
      version: passport.version,
      product: passport.product,
      selfAssessedGrade: passport.selfAssessedGrade,
      offer: passport.offer,
      ...(passport.label ? { label: { carrier: passport.label.carrier, shipmentNo: passport.label.shipmentNo, shipBy: passport.label.shipBy } } : {}),
      ...(passport.customerPhotos ? { customerPhotos: passport.customerPhotos } : {}),
      ...(passport.receipt ? { receipt: passport.receipt } : {}),
      ...(passport.grading ? { grading: passport.grading } : {}),
      ...(passport.rejection ? { rejection: passport.rejection } : {}),
      ...(passport.saleReturn ? { saleReturn: passport.saleReturn } : {}),
      ...(passport.settlement ? { settlement: passport.settlement } : {}),
      ...(passport.route ? { route: passport.route } : {}),
      ...(passport.attention ? { attention: passport.attention } : {}),
      ...(passport.returnShipment ? { returnShipment: returnShipmentView(passport.returnShipment) } : {}),
      ...(passport.erasure ? { erasure: passport.erasure } : {}),
      timeline: timeline.map(({ seq, type, at, state, data }) => ({ seq, type, at, state, data: passport.erasure ? withoutBankAccount(type, data) : data })),
      ledger: ledger.map(ledgerEntryView),
      ...economicsOf(ledger, passport.offer.value.currency),
      payoutAwaitsPerson: payoutAwaitsAPerson(passport, timeline, ledger),
      ...(viewer && mayCorrectAddresses(viewer) && labelMayBeMadeAgain(passport) ? { labelRetry: { returnAddress: returnAddressOf(passport) } } : {}),
      jobs: jobs.map(({ passportId: _passportId, brand: _brand, ...job }) => job),
      createdAt: passport.createdAt,
      updatedAt: passport.updatedAt,
    };
  }
}

/**
 * An erased customer's event as staff see it: a bank account entered again keeps its payout but not its masked IBAN
 * (the stored event is not rewritten: events are kept as written, and were delivered to webhooks as such).
 */
function withoutBankAccount(type: string, data: Record<string, unknown>): Record<string, unknown> {
  return type === 'BankAccountReplaced' ? { ...data, ibanMasked: '' } : data;
}

/** The roles of `POST /v1/passports/{id}/label`, who correct a customer's return address. */
const mayCorrectAddresses = (staff: Staff) => staff.roles.includes('ops') || staff.roles.includes('admin');

/** The parcel back to the customer as staff see it: where its label is, not the blob's key. */
function returnShipmentView({ carrier, shipmentNo, product, createdAt, by }: PassportReturnShipment): NonNullable<PassportDetail['returnShipment']> {
  return { carrier, shipmentNo, product, createdAt, by };
}

/** The entry as staff see it: without the passport, brand and category the stored line carries. */
function ledgerEntryView({ entryId, kind, direction, amount, description, detail, at, jobId, sale, faceValue }: LedgerEntry): LedgerEntryView {
  return { entryId, kind, direction, amount, description, ...(detail ? { detail } : {}), at, ...(jobId ? { jobId } : {}), ...(sale ? { sale } : {}), ...(faceValue ? { faceValue } : {}) };
}

/**
 * The item's margin in its offer's currency. A ledger with a line in another currency has no
 * margin to show (adding it would need a rate), but its lines are still shown.
 */
function economicsOf(ledger: LedgerEntry[], currency: string): Pick<PassportDetail, 'economics'> {
  try {
    return { economics: itemEconomics(ledger, currency) };
  } catch (error) {
    if (error instanceof UnprocessableError) return {};
    throw error;
  }
}

function summaryOf(passport: Passport): PassportSummary {
  return {
    id: passport.id,
    state: passport.state,
    product: { sku: passport.product.sku, name: passport.product.name, category: passport.product.category },
    ...(passport.grading ? { grade: passport.grading.grade } : {}),
    ...(passport.route ? { route: passport.route.route } : {}),
    ...(passport.attention ? { attention: passport.attention } : {}),
    updatedAt: passport.updatedAt,
  };
}
