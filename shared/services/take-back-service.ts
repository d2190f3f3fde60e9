import { DEFAULT_TIME_ZONE } from '../domain/calendar';
import { dhlTrackingUrl } from '../domain/return-shipment';
import type { ReturnReason } from '../domain/catalog';
import { ConflictError, NotFoundError, TooManyRequestsError, UnprocessableError, ValidationError } from '../domain/errors';
import { labelEmailDay, secondsUntil } from '../domain/label-email-cap';
import { assertQuoteValid } from '../domain/offer';
import { customerMayCancel, keepsNoItem } from '../domain/lifecycle';
import { customerAttention } from '../domain/attention';
import { type Passport, type PassportGrading, type PassportSettlement, payoutMethodsIn } from '../domain/passport';
import type { BlobStore } from '../ports/blob-store';
import { type BrandCatalogs, type PassportReads, RecipientCapReachedError, type TakeBackRecords } from '../ports/passport-store';
import type { PayoutReads } from '../ports/payout-store';
import type { PayoutChoice } from '../schemas/payouts';
import type { TakeBackCreated, TakeBackRequest, TakeBackStatus } from '../schemas/take-back';
import type { BankAccounts } from './bank-accounts';
import { mailboxHash } from './customer-identity';
import { passportImpact } from './passport-impact';
import { brandCatalog, takingBackCatalog } from './take-back-offers';
import { trackingTokenFor } from './tokens';
import { authorizedPassport, trackedPayout } from './tracked-take-back';

export interface TakeBackDependencies {
  store: TakeBackRecords;
  now: () => Date;
  newId: () => string;
  /** The secret the tracking tokens are derived from. */
  trackingSecret: () => Promise<string>;
  /** Seals the bank account of a customer who chose a bank transfer. */
  bankAccounts: BankAccounts;
}

export interface TakeBackTrackingDependencies {
  store: PassportReads;
  /** The brand's catalog, for the product and the impact shown. */
  catalogs: BrandCatalogs;
  /** The secret the tracking tokens are derived from. */
  trackingSecret: () => Promise<string>;
  /** The payout of a take-back, for its tracking page. */
  payouts: PayoutReads;
}

/**
 * The customer's take-back, requested on a quote ({@link TakeBackTracking} shows it to them after):
 * two classes, so that the request carries none of the tracking page (the CO2e, the payout) and
 * the tracking page none of the request (the quote's checks, the sealing of a bank account).
 */
export class TakeBackService {
  constructor(private readonly deps: TakeBackDependencies) {}

  async request(brand: string, request: TakeBackRequest): Promise<TakeBackCreated> {
    const catalog = await takingBackCatalog(this.deps.store, brand);
    const quote = await this.deps.store.getQuote(brand, request.quoteId);
    if (!quote) throw new NotFoundError(`No quote ${request.quoteId} for brand ${brand}.`);
    const now = this.deps.now();
    assertQuoteValid(quote.validUntil, now);
    if (quote.value.currency !== catalog.config.currency) {
      // The brand changed its currency after the quote (only one that has taken nothing back can): a passport in the
      // old one could be neither graded, paid nor listed in the new one.
      throw new ConflictError(`This quote is in ${quote.value.currency}, and ${catalog.config.name} now takes items back in ${catalog.config.currency}: ask for a new quote.`);
    }
    if (!catalog.config.countries.includes(request.address.country)) {
      throw new UnprocessableError(`${catalog.config.name} takes items back from ${catalog.config.countries.join(', ')} only.`, [
        { in: 'body', path: ['address', 'country'], message: `must be one of ${catalog.config.countries.join(', ')}` },
      ]);
    }
    if (!payoutMethodsIn(catalog.config.currency).includes(request.payout.method)) {
      throw new UnprocessableError(`${catalog.config.name} pays in ${catalog.config.currency}, and bank transfers only in euros: choose a voucher.`, [
        { in: 'body', path: ['payout', 'method'], message: `must be one of ${payoutMethodsIn(catalog.config.currency).join(', ')}` },
      ]);
    }
    const product = catalog.products.find(({ sku }) => sku === quote.sku);
    if (!product) {
      // Taking a product out of the catalog stops its take-backs at once; those already requested are finished.
      throw new ConflictError(`${catalog.config.name} no longer takes back ${quote.sku}: the product was taken out of its catalog after this quote.`, { sku: quote.sku });
    }
    const categories = catalog.config.routing?.rules.categories ?? {};
    if (request.returnReason !== undefined) assertReturnReason(catalog.config.returnReasons ?? [], request.returnReason);
    const at = now.toISOString();
    const id = this.deps.newId();
    const passport: Passport = {
      id,
      brand,
      state: 'REQUESTED',
      version: 1,
      product: { sku: product.sku, name: product.name, category: product.category, weightGrams: product.weightGrams, newPrice: product.newPrice },
      // Kept so that the item is graded and routed even if the brand takes the product or its category out meanwhile.
      ...(Object.hasOwn(categories, product.category) && { routeRules: categories[product.category] }),
      selfAssessedGrade: quote.grade,
      offer: { quoteId: quote.quoteId, value: quote.value, ...(quote.grades && { grades: quote.grades }), validUntil: quote.validUntil },
      customer: { ...request.customer, locale: request.customer.locale ?? catalog.config.locale },
      address: request.address,
      payout: await this.payoutChoice(id, request.payout),
      ...(request.reason ? { reason: request.reason } : {}),
      ...(request.returnReason ? { returnReason: request.returnReason } : {}),
      createdAt: at,
      updatedAt: at,
    };
    // Read before anything is written: a secret that cannot be read fails the request with nothing
    // stored, so the client's retry of the same quote succeeds instead of finding the quote used.
    const trackingSecret = await this.deps.trackingSecret();
    // Counted in the passport's own transaction: a refused take-back leaves nothing behind, and a
    // burst of requests cannot slip past the cap between a read and a write. Counted per mailbox, not
    // per address: `victim+1@…`, `victim+2@…` all land in the mailbox of `victim@…`.
    const { day, resetsAt, limit } = labelEmailDay(now, catalog.config);
    try {
      await this.deps.store.createPassport(
        passport,
        {
          type: 'TakeBackRequested',
          data: {
            sku: product.sku,
            quoteId: quote.quoteId,
            selfAssessedGrade: quote.grade,
            payoutMethod: request.payout.method,
            ...(request.returnReason ? { returnReason: request.returnReason } : {}),
          },
        },
        { recipientHash: mailboxHash(request.customer.email), day, limit, expiresAt: new Date(resetsAt.getTime() + 86_400_000) },
        // Filed by the mailbox, so that an erasure asked from `erika@…` finds the take-backs of `erika+shop@…` too
        // (until the evening of 7 December 2026 by the address as typed: those are found by that address alone).
        mailboxHash(request.customer.email),
      );
    } catch (error) {
      if (!(error instanceof RecipientCapReachedError)) throw error;
      throw new TooManyRequestsError(
        `${catalog.config.name} sends at most ${limit} return labels a day to one e-mail address, whatever its +tag; this address has had them today. ` +
          'Try again tomorrow.',
        secondsUntil(resetsAt, now),
      );
    }
    return { id: passport.id, trackingToken: trackingTokenFor(passport.id, trackingSecret), status: passport.state };
  }

  /** The customer's payout choice as the passport keeps it: a bank account only ever sealed. */
  private async payoutChoice(passportId: string, choice: PayoutChoice): Promise<Passport['payout']> {
    if (choice.method === 'VOUCHER') return { method: 'VOUCHER' };
    const { iban, accountHolder } = choice;
    return { method: 'BANK_TRANSFER', bankAccount: await this.deps.bankAccounts.seal(passportId, { iban, accountHolder }) };
  }
}

/** The take-back as its customer tracks it with the token: status, timeline, offer, label, payout and CO2e. */
export class TakeBackTracking {
  constructor(private readonly deps: TakeBackTrackingDependencies) {}

  async status(id: string, token: string, origin: string): Promise<TakeBackStatus> {
    const passport = await authorizedPassport(this.deps, id, token);
    const [timeline, catalog, payout] = await Promise.all([
      this.deps.store.getTimeline(id),
      brandCatalog(this.deps.catalogs, passport.brand),
      this.deps.payouts.getPayout(id),
    ]);
    const link = (format: 'pdf' | 'qr') =>
      `${origin}/v1/take-backs/${id}/label?token=${encodeURIComponent(token)}&format=${format}`;
    return {
      id,
      brand: passport.brand,
      timeZone: catalog.config.timeZone ?? DEFAULT_TIME_ZONE,
      status: passport.state,
      product: { sku: passport.product.sku, name: passport.product.name, category: passport.product.category },
      timeline: timeline.map((event) => ({ type: event.type, at: event.at, status: event.state })),
      offer: { grade: passport.selfAssessedGrade, value: passport.offer.value, validUntil: passport.offer.validUntil },
      // Erased, its files are gone: the tracking link offers no label (its addresses answered 404 until 7 December 2026).
      ...(passport.label && !passport.erasure
        ? { label: { shipmentNo: passport.label.shipmentNo, pdfUrl: link('pdf'), qrUrl: link('qr'), shipBy: passport.label.shipBy } }
        : {}),
      ...(passport.attention ? { attention: customerAttention(passport.attention) } : {}),
      ...(passport.rejection ? { rejection: { reason: passport.rejection.reason, at: passport.rejection.at } } : {}),
      ...(passport.returnShipment
        ? {
            returnShipment: {
              carrier: passport.returnShipment.carrier,
              shipmentNo: passport.returnShipment.shipmentNo,
              trackingUrl: dhlTrackingUrl(passport.returnShipment.shipmentNo, passport.customer.locale),
              sentAt: passport.returnShipment.createdAt,
            },
          }
        : {}),
      cancellable: customerMayCancel(passport),
      ...(passport.grading ? { grading: gradingOf(passport.grading, passport.settlement) } : {}),
      ...(payout ? { payout: trackedPayout(payout) } : {}),
      impact: keepsNoItem(passport.state) ? null : passportImpact(passport, timeline, catalog.config),
      createdAt: passport.createdAt,
      updatedAt: passport.updatedAt,
    };
  }
}

export interface TakeBackLabelDependencies {
  store: PassportReads;
  /** The bucket the label files are kept in. */
  blobs: BlobStore;
  trackingSecret: () => Promise<string>;
}

/** The return label's files, for the customer who holds the take-back's tracking token. */
export class TakeBackLabels {
  constructor(private readonly deps: TakeBackLabelDependencies) {}

  async label(id: string, token: string, format: 'pdf' | 'qr'): Promise<{ body: Uint8Array; contentType: string }> {
    const passport = await authorizedPassport(this.deps, id, token);
    if (passport.state === 'CANCELLED') {
      throw new ConflictError('This take-back is cancelled; its label is no longer valid.', { currentState: passport.state });
    }
    // A return label carries one parcel: once that parcel is received the label is spent, a cancelled take-back's
    // parcel sent all the same included (its label answered again then, after the cancellation had voided it).
    if (passport.receipt) {
      throw new ConflictError('The parcel of this take-back was received; its label has been used.', { currentState: passport.state });
    }
    // Waiting for its label, or for a person because DHL refused it: the tracking page says which.
    if (!passport.label) throw new NotFoundError('This take-back has no label yet; the tracking page says what happens next.');
    const object = await this.deps.blobs.get(format === 'pdf' ? passport.label.pdfKey : passport.label.qrKey);
    if (!object) throw new NotFoundError(passport.erasure ? 'The label of this take-back was erased with your personal data.' : 'The label of this take-back is not ready yet.');
    return object;
  }
}

/** The grade as its customer may see it, with the counter-offer to answer (grader's notes stay internal). */
function gradingOf(grading: PassportGrading, settlement: PassportSettlement | undefined): NonNullable<TakeBackStatus['grading']> {
  if (settlement?.outcome !== 'COUNTER_OFFER' || !settlement.offered) return { grade: grading.grade };
  const { answer } = settlement;
  const state = !answer ? 'PENDING' : answer.accepted ? 'ACCEPTED' : answer.lapsed ? 'LAPSED' : 'DECLINED';
  return {
    grade: grading.grade,
    counterOffer: { value: settlement.payout, offered: settlement.offered, answer: state, ...(settlement.answerBy ? { answerBy: settlement.answerBy } : {}) },
  };
}

/** A return reason code must be one the brand offers: reports count by code, so a free code would count nowhere. */
function assertReturnReason(offered: readonly ReturnReason[], code: string): void {
  if (offered.some((reason) => reason.code === code)) return;
  const codes = offered.map((reason) => reason.code);
  throw new ValidationError(`"${code}" is not one of the brand's return reasons.`, [
    { in: 'body', path: ['returnReason'], message: codes.length > 0 ? `must be one of ${codes.join(', ')}` : 'this brand asks for no return reason' },
  ]);
}
