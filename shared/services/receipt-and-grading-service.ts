import { isDeepStrictEqual } from 'node:util';
import type { BrandCatalog, Product } from '../domain/catalog';
import { ConcurrentChangeError, ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import { DEFAULT_TIME_ZONE } from '../domain/calendar';
import { answerCounterOffer, counterOfferAnswerBy, quotedValueOf, settleGradedValue } from '../domain/grading';
import { heldForItsLabelAfterReceipt } from '../domain/label-retry';
import { labelEntry } from '../domain/ledger';
import { canTransition } from '../domain/lifecycle';
import { stateAfterRejection } from '../domain/parcel-rejection';
import { photoKeyIn, photoPrefix } from '../domain/photos';
import { quoteOffer } from '../domain/offer';
import { impactToRecord } from '../domain/impact';
import { highestChannelFee } from '../domain/listing-price';
import type { Passport, PassportRoute, PassportSettlement } from '../domain/passport';
import { decideRoute, type RouteRules } from '../domain/routing';
import { ForbiddenError, type Staff } from '../http/staff';
import type { BlobStore } from '../ports/blob-store';
import type { PassportRecords, PassportStore } from '../ports/passport-store';
import type { RepairNetworkStore } from '../ports/repair-network';
import { withdrawRepairJob } from '../domain/repair-jobs';
import type { CounterOfferAnswered } from '../schemas/grading';
import type { GradingRequest, ParcelRejectionRequest, PassportDetail, ReceiptRequest, RouteOverrideRequest } from '../schemas/staff';
import { retryingConcurrentChanges } from './concurrent-changes';
import { impactFactors } from './passport-impact';
import { authenticateTrackingToken, authorizedPassport } from './tracked-take-back';
import type { WorkQueueService } from './work-queue-service';

export interface ReceiptDependencies {
  /** The passports alone: neither receiving nor a route override reads a brand's configuration. */
  store: PassportRecords;
  passports: WorkQueueService;
  now: () => Date;
}

/** Where the photos staff take are kept and published. */
export interface PublishedPhotos {
  /**
   * The origin that publishes the grading photos (`PHOTO_BASE_URL`): a grading's and a rejection's photos must be
   * there, since listings hand them to marketplaces and staff open them. Without it, any origin's photo path is taken.
   */
  photosAt?: string;
  /** The bucket the photos are uploaded to: a photo is taken only once its object is there. */
  uploaded: Pick<BlobStore, 'keysUnder'>;
}

export interface RouteOverrideDependencies extends ReceiptDependencies {
  /** The repair jobs, for taking an item back from its partner. */
  repairs: Pick<RepairNetworkStore, 'getJob' | 'withdrawJob'>;
}

export interface GradingDependencies extends PublishedPhotos {
  store: PassportStore;
  passports: WorkQueueService;
  now: () => Date;
}

export interface CounterOfferDependencies {
  store: PassportRecords;
  now: () => Date;
  trackingSecret: () => Promise<string>;
}

// The warehouse's side of an arriving item (scan it in, grade it, which fixes the payout and decides
// the route, override a route) and the customer's answer to a counter-offer. Every change is one
// conditional transition with its event, so two people acting at once cannot both move an item;
// the RoutingWorkflow carries out the route from the event. A class per step, so that each function
// carries what it calls: only grading reads the brand's configuration, only the route override the
// repair jobs, only the customer's answer the tracking secret.

/** Receiving an item. */
export class Receipts {
  constructor(private readonly deps: ReceiptDependencies) {}

  /**
   * Moves the scanned passport to RECEIVED; scanning it again changes nothing, except for a received item held where
   * its label's steps put it (`heldForItsLabelAfterReceipt`), which goes back to RECEIVED with its first receipt.
   */
  async receive(staff: Staff, id: string, request: ReceiptRequest): Promise<PassportDetail> {
    return retryingConcurrentChanges(() => this.receiveOnce(staff, id, request));
  }

  private async receiveOnce(staff: Staff, id: string, request: ReceiptRequest): Promise<PassportDetail> {
    const passport = await this.deps.passports.passportOf(staff, id);
    if (passport.state === 'RECEIVED') return this.deps.passports.detailOf(passport);
    // The parcel is here and was scanned before: a ReceiptReinstated event, not a second ParcelReceived, which would
    // tell the customer again and count the parcel twice. On the version read, so an item moved on meanwhile is not.
    if (heldForItsLabelAfterReceipt(passport)) {
      const reinstated = await this.deps.store.transition(id, {
        to: 'RECEIVED',
        from: [passport.state],
        version: passport.version,
        at: this.deps.now().toISOString(),
        remove: ['attention'],
        event: { type: 'ReceiptReinstated', data: { by: staff.subject, from: passport.state } },
      });
      return this.deps.passports.detailOf(reinstated);
    }
    // NEEDS_ATTENTION also holds graded items waiting for a person; those were received long ago.
    if (!canTransition(passport.state, 'RECEIVED') || passport.receipt) {
      throw new ConflictError(`Passport ${id} is ${passport.state} and cannot be received.`, { currentState: passport.state });
    }
    // A cancelled take-back whose customer's data was erased: with no name, address or account, the item could be neither
    // paid for nor sent back (a bank payout would wait forever for an account, DHL refuses an empty address), so the
    // parcel is left to a person rather than taken into the flow.
    if (passport.erasure) {
      throw new ConflictError(
        `Passport ${id} cannot be received: its customer's personal data was erased, so the item can be neither paid for nor sent back. Set the parcel aside and handle it by hand.`,
        { currentState: passport.state, personalDataErased: true },
      );
    }
    const at = this.deps.now().toISOString();
    const receipt = { at, by: staff.subject, ...(request.location ? { location: request.location } : {}) };
    // The parcel was posted, so DHL bills its return label: its cost is booked now, in the receipt's transaction, and so
    // once however often or at once the parcel is scanned (one scan moves the passport; the line's id is the label's).
    // A label made before 7 December 2026 records no cost: it was booked when it was made.
    const labelCost = passport.label?.cost;
    // On the version read: an erasure written after this read is seen by the next attempt, and refused as above.
    const received = await this.deps.store.transition(id, {
      to: 'RECEIVED',
      from: [passport.state],
      version: passport.version,
      at,
      set: { receipt },
      remove: ['attention'],
      event: { type: 'ParcelReceived', data: { ...(request.location ? { location: request.location } : {}), by: staff.subject, ...(labelCost ? { labelCost } : {}) } },
      ...(passport.label && labelCost ? { ledger: labelEntry(labelCost, passport.label.shipmentNo, at) } : {}),
    });
    return this.deps.passports.detailOf(received);
  }
}

/**
 * Staff routing an item another way than the rules did: a graded item, one waiting for a person, or one out at a
 * repair partner, which is taken back from it.
 */
export class RouteOverrides {
  constructor(private readonly deps: RouteOverrideDependencies) {}

  /**
   * Sends a graded item another way than the rules did. A graded item no partner could take
   * (NEEDS_ATTENTION) can be routed again, to repair included. The change is written on the
   * version read, so the RouteOverridden event names the route it really replaced (the reports
   * move their route counts by it). It is made on the route this request read first: when a
   * colleague's override lands meanwhile, this one is refused (409 with the route there is now)
   * rather than written over it, so of overrides at the same moment exactly one is taken, and only
   * its RoutingWorkflow runs. Another change meanwhile (an e-mail noted on the timeline) is read
   * past and the override made. An item IN_REPAIR is taken back from its partner (admins only,
   * naming the job): see {@link withdrawFromRepair}.
   */
  async overrideRoute(staff: Staff, id: string, request: RouteOverrideRequest): Promise<PassportDetail> {
    let readFirst: PassportRoute | undefined;
    return retryingConcurrentChanges(async () => {
      const passport = await this.deps.passports.passportOf(staff, id);
      readFirst ??= passport.route;
      return this.overrideRouteOnce(staff, passport, request, readFirst);
    });
  }

  private async overrideRouteOnce(staff: Staff, passport: Passport, request: RouteOverrideRequest, readFirst: PassportRoute | undefined): Promise<PassportDetail> {
    const { id } = passport;
    const current = passport.route;
    const waiting = passport.state === 'NEEDS_ATTENTION' && current !== undefined;
    const withdrawing = passport.state === 'IN_REPAIR' && request.jobId !== undefined;
    // The same person's same override again (a retry whose first answer was lost, its Idempotency-Key record too when
    // its request died) is answered with the item as it is now, as a repeated grading is. Not so for an item waiting
    // for a person again: the same words route it anew, which is how it is sent on once the cause is mended; nor for
    // an item in repair whose job the request names: the route may read the same, but the job is taken back (or the
    // request, naming another job, refused).
    if (!waiting && !withdrawing && isSameOverride(current, staff, request)) return this.deps.passports.detailOf(passport);
    // A colleague's override landed after this request read the route, or after the person read it (`from`, the route
    // they saw): theirs stands, and this one is not written over it.
    if (current && (current.decidedAt !== readFirst?.decidedAt || (request.from !== undefined && request.from !== current.route))) {
      throw new ConflictError(`The route of passport ${id} was changed to ${current.route} while this override was being made; read the passport again and decide on the route it has now.`, {
        currentState: passport.state,
        currentRoute: current.route,
      });
    }
    if (current && passport.state === 'IN_REPAIR' && passport.repair) return this.withdrawFromRepair(staff, passport, { ...current, repair: passport.repair }, request);
    if (request.jobId !== undefined) {
      throw new ConflictError(`Passport ${id} is ${passport.state}; repair job ${request.jobId} is not out at a partner, so there is nothing to withdraw.`, {
        currentState: passport.state,
      });
    }
    if (!current || (passport.state !== 'GRADED' && !waiting)) {
      throw new ConflictError(`Passport ${id} is ${passport.state}; only a graded item waiting for its route, or an item in repair, can be routed another way.`, {
        currentState: passport.state,
      });
    }
    if (passport.state === 'GRADED' && current.route === request.route && Boolean(current.lossAccepted) === Boolean(request.acceptLoss)) return this.deps.passports.detailOf(passport);
    const at = this.deps.now().toISOString();
    const change = {
      at,
      version: passport.version,
      set: { route: overriddenRoute(staff, request, at) },
      event: { type: 'RouteOverridden' as const, data: overrideEventData(current, staff, request) },
    };
    const overridden = waiting
      ? await this.deps.store.transition(id, { ...change, to: 'GRADED', from: ['NEEDS_ATTENTION'], remove: ['attention'] })
      : await this.deps.store.amend(id, { ...change, in: ['GRADED'] });
    return this.deps.passports.detailOf(overridden);
  }

  /**
   * Takes an item back from its repair partner and routes it as asked: the job WITHDRAWN and its slot at the partner
   * freed, the passport back to GRADED with the new route, in one transaction, so the RoutingWorkflow carries the
   * route out from the RouteOverridden event as after any override. The job's write holds only while it has the
   * status read: a partner's report landing at the same moment and the withdrawal exclude each other, and the one
   * that loses reads again (a report then finds the job WITHDRAWN; this finds the item REPAIRED or RECYCLE).
   */
  private async withdrawFromRepair(staff: Staff, passport: Passport, current: PassportRoute & { repair: { jobId: string } }, request: RouteOverrideRequest): Promise<PassportDetail> {
    const { id } = passport;
    // Ending a partner's job is a decision about the brand's repair network, which admins make (as they configure partners).
    if (!staff.roles.includes('admin')) throw new ForbiddenError(`Passport ${id} is out at a repair partner; only an admin may take it back.`);
    if (request.jobId === undefined) {
      throw new UnprocessableError(`Passport ${id} is IN_REPAIR with job ${current.repair.jobId}; name that job to take the item back from its partner.`, [
        { in: 'body', path: ['jobId'], message: `is required for an item in repair: the job to withdraw (${current.repair.jobId})` },
      ]);
    }
    if (request.jobId !== current.repair.jobId) {
      throw new ConflictError(`Passport ${id} is out on repair job ${current.repair.jobId}, not ${request.jobId}; read the passport again.`, {
        currentState: passport.state,
        currentJobId: current.repair.jobId,
      });
    }
    const job = await this.deps.repairs.getJob(id, request.jobId);
    if (!job) throw new NotFoundError(`No repair job ${request.jobId}.`);
    // A job reported finished since the passport was read has moved the item on (REPAIRED, or RECYCLE) in the report's
    // transaction: read again, the item is answered as it is now, with its state (until 7 December 2026 the refusal
    // named the job's status alone).
    if (job.finishedAt) throw new ConcurrentChangeError(`Repair job ${job.jobId} was reported ${job.status} while it was being withdrawn.`);
    const at = this.deps.now().toISOString();
    const withdrawn = withdrawRepairJob(job, { at, by: staff.subject, reason: request.reason });
    const moved = await this.deps.repairs.withdrawJob({
      job: withdrawn,
      previousStatus: job.status,
      transition: {
        to: 'GRADED',
        from: ['IN_REPAIR'],
        version: passport.version,
        at,
        set: { route: overriddenRoute(staff, request, at) },
        event: { type: 'RouteOverridden', data: { ...overrideEventData(current, staff, request), withdrawn: { jobId: job.jobId, partnerId: job.partnerId } } },
      },
    });
    return this.deps.passports.detailOf(moved);
  }
}

/** Grading a received item. */
export class Grading {
  constructor(private readonly deps: GradingDependencies) {}

  /**
   * Records the grade, fixes the payout for it within the brand's tolerance (or makes the customer
   * a counter-offer) and decides the route by the brand's rules.
   */
  async grade(staff: Staff, id: string, request: GradingRequest): Promise<PassportDetail> {
    return retryingConcurrentChanges(() => this.gradeOnce(staff, id, request));
  }

  private async gradeOnce(staff: Staff, id: string, request: GradingRequest): Promise<PassportDetail> {
    const passport = await this.deps.passports.passportOf(staff, id);
    if (passport.state !== 'RECEIVED') {
      // The same person's same grading again: a retry whose first answer was lost (its Idempotency-Key
      // record too, when its request died), answered with the item as it is now, as a repeated scan is.
      if (isSameGrading(passport, staff, request)) return this.deps.passports.detailOf(passport);
      throw new ConflictError(`Passport ${id} is ${passport.state}; only a RECEIVED item is graded.`, { currentState: passport.state });
    }
    // Listings publish these photos, so only the ones uploaded for this very item, where they are published, are taken.
    await onlyPhotosOf(passport, request.photos, this.deps);
    const catalog = await this.catalogOf(passport.brand);
    const routing = catalog.config.routing;
    if (!routing) throw new UnprocessableError(`${catalog.config.name} has no route rules configured; items cannot be graded yet.`);
    const product = productOf(catalog, passport);
    const now = this.deps.now();
    const at = now.toISOString();
    // The quote is the brand's promise: the found grade is priced as the customer was quoted, by today's rules only
    // where the quote kept no price for it (quotes made before 7 December 2026).
    const graded =
      quotedValueOf(passport.offer, passport.selfAssessedGrade, request.grade) ??
      quoteOffer({
        product,
        grade: request.grade,
        rules: catalog.config.offerRules,
        currency: catalog.config.currency,
        now,
        validityDays: catalog.config.quoteValidityDays,
      }).value;
    const settled = settleGradedValue({ offer: passport.offer.value, graded, tolerance: routing.gradingTolerance });
    const currency = graded.currency;
    const settlement: PassportSettlement =
      settled.outcome === 'ACCEPTED'
        ? { outcome: 'ACCEPTED', payout: { amount: settled.payout, currency } }
        : {
            outcome: 'COUNTER_OFFER',
            payout: { amount: settled.payout, currency },
            offered: { amount: settled.offered, currency },
            answerBy: counterOfferAnswerBy(now, { days: catalog.config.counterOfferAnswerDays, timeZone: catalog.config.timeZone ?? DEFAULT_TIME_ZONE }),
          };
    const decision = decideRoute({ product, grade: request.grade, rules: routeRulesOf(routing.rules, passport), channelFee: highestChannelFee(catalog.config.resale) });
    const gradedPassport = await this.deps.store.transition(id, {
      to: settled.outcome === 'ACCEPTED' ? 'GRADED' : 'COUNTER_OFFERED',
      from: ['RECEIVED'],
      at,
      set: {
        grading: { ...request, by: staff.subject, at },
        settlement,
        route: { route: decision.route, reason: decision.reason, basis: decision.basis, decidedAt: at },
        // The customer is told this figure from now on (the voucher e-mail, the tracking page), and the reports count
        // it when the item is sold: fixed here, so that a factor the brand changes later rewrites none of them.
        impact: impactToRecord({ category: passport.product.category, weightGrams: passport.product.weightGrams, factors: impactFactors(), overrides: catalog.config.impactOverrides ?? [] }),
      },
      event: {
        type: 'Graded',
        data: {
          grade: request.grade,
          route: decision.route,
          settlement: {
            outcome: settlement.outcome,
            payout: settlement.payout,
            ...(settlement.offered ? { offered: settlement.offered } : {}),
            ...(settlement.answerBy ? { answerBy: settlement.answerBy } : {}),
          },
          by: staff.subject,
        },
      },
    });
    return this.deps.passports.detailOf(gradedPassport);
  }

  private async catalogOf(brand: string): Promise<BrandCatalog> {
    const catalog = await this.deps.store.getCatalog(brand);
    if (!catalog) throw new NotFoundError(`No brand ${brand}.`);
    return catalog;
  }
}

/**
 * Rejecting a received parcel that is not what the customer traded in, instead of grading it: an
 * empty parcel ends the take-back (REJECTED); another item goes back to its customer
 * (RETURN_TO_CUSTOMER, then the parcel back). No value is settled, so no payout ever starts, and
 * grading and rejecting exclude each other: both move the passport only from RECEIVED.
 */
export class ParcelRejections {
  constructor(private readonly deps: ReceiptDependencies & PublishedPhotos) {}

  async reject(staff: Staff, id: string, request: ParcelRejectionRequest): Promise<PassportDetail> {
    return retryingConcurrentChanges(() => this.rejectOnce(staff, id, request));
  }

  private async rejectOnce(staff: Staff, id: string, request: ParcelRejectionRequest): Promise<PassportDetail> {
    const passport = await this.deps.passports.passportOf(staff, id);
    if (passport.state !== 'RECEIVED') {
      // The same person's same rejection again (its first answer lost): answered with the item as it is now.
      if (isSameRejection(passport, staff, request)) return this.deps.passports.detailOf(passport);
      throw new ConflictError(`Passport ${id} is ${passport.state}; only a RECEIVED parcel can be rejected.`, { currentState: passport.state });
    }
    // The staff console links these photos as a grading's: only this item's, where the photos are published.
    await onlyPhotosOf(passport, request.photos, this.deps);
    const at = this.deps.now().toISOString();
    const rejected = await this.deps.store.transition(id, {
      to: stateAfterRejection(request.reason),
      from: ['RECEIVED'],
      at,
      set: { rejection: { reason: request.reason, notes: request.notes, ...(request.photos ? { photos: request.photos } : {}), by: staff.subject, at } },
      event: { type: 'ParcelRejected', data: { reason: request.reason, by: staff.subject } },
    });
    return this.deps.passports.detailOf(rejected);
  }
}

/** The customer's answer to a counter-offer, with the take-back's tracking token. */
export class CounterOfferAnswers {
  constructor(private readonly deps: CounterOfferDependencies) {}

  /**
   * Refuses a customer whose tracking token is not the take-back's (404, as for an unknown
   * take-back) before anything is read, so that no stored answer is given to a wrong token. A
   * request without a token is left to validation, which refuses it (400).
   * @throws NotFoundError
   */
  authenticateCustomer(id: string | undefined, token: string | undefined): Promise<void> {
    return authenticateTrackingToken(this.deps, id, token);
  }

  /** The customer accepts the counter-offer (the item is routed) or declines it (the item goes back). */
  async answerCounterOffer(id: string, token: string, accept: boolean): Promise<CounterOfferAnswered> {
    return retryingConcurrentChanges(() => this.answerCounterOfferOnce(id, token, accept));
  }

  private async answerCounterOfferOnce(id: string, token: string, accept: boolean): Promise<CounterOfferAnswered> {
    const passport = await authorizedPassport(this.deps, id, token);
    const settlement = passport.settlement;
    if (settlement?.outcome !== 'COUNTER_OFFER') {
      throw new ConflictError('This take-back has no counter-offer to answer.', { currentState: passport.state });
    }
    if (settlement.answer) {
      if (settlement.answer.accepted !== accept) {
        const already = settlement.answer.lapsed ? 'lapsed without an answer, so the item goes back to you' : settlement.answer.accepted ? 'was accepted already' : 'was declined already';
        throw new ConflictError(`The counter-offer ${already}.`, { currentState: passport.state });
      }
      return { id, status: passport.state, accepted: accept, payout: settlement.payout };
    }
    const at = this.deps.now().toISOString();
    const answered = await this.deps.store.transition(id, {
      to: answerCounterOffer(accept),
      from: ['COUNTER_OFFERED'],
      at,
      set: { settlement: { ...settlement, answer: { accepted: accept, at } } },
      // A declined item no longer takes the route grading decided: the reports take it out of their route mix.
      event: { type: 'CounterOfferAnswered', data: { accepted: accept, payout: settlement.payout, ...(!accept && passport.route ? { route: passport.route.route } : {}) } },
    });
    return { id, status: answered.state, accepted: accept, payout: settlement.payout };
  }
}

/**
 * The product to route the item by: the catalog's as it is now, or, where the brand has taken it out, the passport's
 * own record of it. A passport of a take-back made before 7 December 2026 kept no new price, so its item waits for
 * the product to be added back.
 */
function productOf(catalog: BrandCatalog, passport: Passport): Product {
  const current = catalog.products.find(({ sku }) => sku === passport.product.sku);
  if (current) return current;
  const { sku, name, category, weightGrams, newPrice } = passport.product;
  if (newPrice) return { sku, name, category, weightGrams, newPrice };
  throw new UnprocessableError(
    `${sku} is no longer in the catalog of ${catalog.config.name}, and this take-back kept no price of it; add the product back to grade the item.`,
    [],
    { sku },
  );
}

/**
 * The route rules to decide the item's route by: the brand's rules of today, with the rules its category had when the
 * take-back was requested where the brand has taken the category out since.
 */
function routeRulesOf(rules: RouteRules, passport: Passport): RouteRules {
  const { category } = passport.product;
  if (Object.hasOwn(rules.categories, category) || !passport.routeRules) return rules;
  return { ...rules, categories: { ...rules.categories, [category]: passport.routeRules } };
}

/**
 * Refuses photos not uploaded for this very passport (`POST /v1/passports/{id}/photos`): listings
 * publish a grading's photos, and another item's would show the wrong thing, one never uploaded a
 * broken image. A photo must be its address at the origin that publishes the photos (`photosAt`, when
 * given) as the upload's answer gave it, under this passport's key, listed once, and its object in the
 * bucket: only an address issued for this passport can have put it there. One listing of the passport's
 * photos answers for all of them.
 * @throws UnprocessableError naming each such photo by its index.
 */
async function onlyPhotosOf(passport: Passport, photos: readonly string[] | undefined, deps: PublishedPhotos): Promise<void> {
  if (!photos || photos.length === 0) return;
  const keys = photos.map((url) => photoKeyIn(url, passport.brand, passport.id, deps.photosAt));
  const uploaded = new Set(await deps.uploaded.keysUnder(photoPrefix(passport.brand, passport.id)));
  const issues = keys.flatMap((key, index) => {
    if (key === undefined) return [{ in: 'body' as const, path: ['photos', index], message: 'is not a photo issued for this passport: send its url as the upload answered it' }];
    if (!uploaded.has(key)) return [{ in: 'body' as const, path: ['photos', index], message: 'was never uploaded: PUT the photo to its uploadUrl before it expires' }];
    // A listing would show it twice (until 7 December 2026 it was stored and listed so).
    if (keys.indexOf(key) < index) return [{ in: 'body' as const, path: ['photos', index], message: `is the photo at photos.${keys.indexOf(key)} again` }];
    return [];
  });
  if (issues.length > 0) {
    throw new UnprocessableError(`Photos must be uploaded for passport ${passport.id} through POST /v1/passports/${passport.id}/photos.`, issues);
  }
}

/** The route a person's override sets. */
function overriddenRoute(staff: Staff, request: RouteOverrideRequest, at: string): PassportRoute {
  return { route: request.route, reason: request.reason, decidedAt: at, overriddenBy: staff.subject, ...(request.acceptLoss ? { lossAccepted: true as const } : {}) };
}

/** The RouteOverridden event's data: the route replaced and the one set, with the person's reason. */
function overrideEventData(current: PassportRoute, staff: Staff, request: RouteOverrideRequest) {
  return { from: current.route, route: request.route, reason: request.reason, by: staff.subject, ...(request.acceptLoss ? { lossAccepted: true } : {}) };
}

/** Whether the route is this person's override exactly as asked: the route, reason and whether a loss is accepted. */
function isSameOverride(route: PassportRoute | undefined, staff: Staff, request: RouteOverrideRequest): boolean {
  if (!route || route.overriddenBy !== staff.subject || route.basis) return false;
  return route.route === request.route && route.reason === request.reason && Boolean(route.lossAccepted) === Boolean(request.acceptLoss);
}

/** Whether the parcel was rejected by this person exactly as asked: the reason, notes and photos. */
function isSameRejection(passport: Passport, staff: Staff, request: ParcelRejectionRequest): boolean {
  const rejected = passport.rejection;
  if (!rejected || rejected.by !== staff.subject) return false;
  const asked = ({ reason, notes, photos }: ParcelRejectionRequest) => ({ reason, notes, photos });
  return isDeepStrictEqual(asked(rejected), asked(request));
}

/** Whether the item was graded by this person exactly as asked: the grade, checks, notes and photos. */
function isSameGrading(passport: Passport, staff: Staff, request: GradingRequest): boolean {
  const graded = passport.grading;
  if (!graded || graded.by !== staff.subject) return false;
  const asked = ({ grade, checks, notes, photos }: GradingRequest) => ({ grade, checks, notes, photos });
  return isDeepStrictEqual(asked(graded), asked(request));
}
