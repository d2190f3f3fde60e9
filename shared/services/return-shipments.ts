import { ConflictError, NotFoundError, ServiceUnavailableError, UnprocessableError } from '../domain/errors';
import { returnLabelKey } from '../domain/label-files';
import type { Passport } from '../domain/passport';
import { parcelProductFor, returnParcelEntry } from '../domain/return-shipment';
import type { Staff } from '../http/staff';
import type { BlobStore } from '../ports/blob-store';
import { CarrierAuthError, CarrierRejectedError, CarrierUnavailableError } from '../ports/label-carrier';
import type { ParcelCarrier } from '../ports/parcel-carrier';
import type { PassportStore } from '../ports/passport-store';
import type { PassportDetail, ReturnShipmentRequest } from '../schemas/staff';
import { retryingConcurrentChanges } from './concurrent-changes';
import { customerParty } from './passports';
import type { WorkQueueService } from './work-queue-service';

// An item whose counter-offer its customer declined, or another item than the one traded in
// (RETURN_TO_CUSTOMER), goes back to them at the brand's cost. At the packing table, staff have the
// platform make the parcel label from the brand's DHL account (`config.carrier.dhl.parcels`), print
// it and hand the parcel over; the passport moves to RETURNED with the shipment, books the
// parcel's cost, and the customer is e-mailed its tracking.

const RETURN_PARCEL_CLAIM = 'carrier-return-parcel';
/** More than twice the function's timeout (25 s): a claim this old was left by a request that died holding it. */
const RETURN_PARCEL_CLAIM_LEASE_MS = 60_000;

export interface ReturnShipmentsDependencies {
  store: PassportStore;
  passports: Pick<WorkQueueService, 'passportOf' | 'detailOf'>;
  blobs: BlobStore;
  carrier: () => Promise<ParcelCarrier>;
  now: () => Date;
}

/** The label of the parcel that takes an item back to its customer, made once however often it is asked for. */
export class ReturnShipments {
  constructor(private readonly deps: ReturnShipmentsDependencies) {}

  /**
   * Has DHL make the parcel label and moves the passport to RETURNED with it, booking the parcel's
   * cost in the same transaction. A passport sent back already is answered as it stands (a retry
   * whose answer was lost, or a colleague who was quicker): DHL is asked once per passport.
   *
   * DHL has no idempotency key. A claim on the passport makes sure one request at a time is in
   * flight; a request that died after DHL answered and before the passport was written leaves its
   * claim to its lease (60 s), and the next request then asks DHL again: that first label is never
   * recorded, printed or booked (DHL bills a parcel when it enters its network).
   *
   * @throws NotFoundError for a passport of another brand; ConflictError (with `currentState`) for a
   *   passport that is not going back to its customer, or while another request makes its label;
   *   UnprocessableError when the brand has no parcel account for the customer's country or DHL
   *   refuses the parcel; ServiceUnavailableError while DHL cannot be reached or refuses our credentials.
   */
  async ship(staff: Staff, id: string, request: ReturnShipmentRequest): Promise<PassportDetail> {
    const passport = await this.deps.passports.passportOf(staff, id);
    if (passport.returnShipment) return this.deps.passports.detailOf(passport);
    assertGoingBack(passport);
    const catalog = await this.deps.store.getCatalog(passport.brand);
    if (!catalog) throw new NotFoundError(`No brand ${passport.brand}.`);
    const { product, billingNumber, shipperRef } = parcelProductFor(passport.address.country, catalog.config);
    if (!(await this.deps.store.claimOnce(id, RETURN_PARCEL_CLAIM, this.deps.now().toISOString(), RETURN_PARCEL_CLAIM_LEASE_MS))) {
      throw new ConflictError(`The parcel label of passport ${id} is being made by another request; read the passport again in a moment.`, {
        currentState: passport.state,
      });
    }
    try {
      const carrier = await this.deps.carrier();
      const label = await carrier
        .createParcelLabel({
          reference: passport.id,
          product,
          billingNumber,
          shipperRef,
          consignee: customerParty(passport),
          weightGrams: request.weightGrams ?? passport.product.weightGrams,
        })
        .catch(asProblem);
      const pdfKey = returnLabelKey(passport.brand, passport.id);
      await this.deps.blobs.put(pdfKey, label.pdf, 'application/pdf');
      const at = this.deps.now().toISOString();
      const cost = catalog.config.carrier.dhl.parcels?.cost;
      // The label is had: a lost race with a change that still allows the move (an e-mail noted on
      // the timeline) is tried again rather than failing and having DHL make a second label.
      const returned = await retryingConcurrentChanges(() =>
        this.deps.store.transition(id, {
          to: 'RETURNED',
          from: ['RETURN_TO_CUSTOMER'],
          at,
          set: { returnShipment: { carrier: 'DHL', shipmentNo: label.shipmentNo, product, pdfKey, createdAt: at, by: staff.subject } },
          event: { type: 'ReturnedToCustomer', data: { carrier: 'DHL', shipmentNo: label.shipmentNo, product, by: staff.subject, ...(cost ? { cost } : {}) } },
          // In the move's transaction: a parcel the passport records is booked, and booked once.
          ledger: returnParcelEntry(cost, label.shipmentNo, at),
        }),
      );
      return this.deps.passports.detailOf(returned);
    } catch (error) {
      await this.deps.store.releaseClaim(id, RETURN_PARCEL_CLAIM);
      throw error;
    }
  }
}

/** The label of a parcel sent back, for staff to print again. */
export class ReturnShipmentLabels {
  constructor(private readonly deps: { passports: Pick<WorkQueueService, 'passportOf'>; blobs: BlobStore }) {}

  /** @throws NotFoundError for a passport of another brand, one that was not sent back, or one whose customer's data was erased. */
  async label(staff: Staff, id: string): Promise<{ body: Uint8Array; contentType: string }> {
    const passport = await this.deps.passports.passportOf(staff, id);
    if (!passport.returnShipment) throw new NotFoundError(`Passport ${id} was not sent back to its customer.`);
    const object = await this.deps.blobs.get(passport.returnShipment.pdfKey);
    if (!object) throw new NotFoundError(passport.erasure ? `The label of passport ${id} was erased with its customer's data.` : `The label of passport ${id} is not kept.`);
    return object;
  }
}

function assertGoingBack(passport: Passport): void {
  if (passport.state !== 'RETURN_TO_CUSTOMER') {
    throw new ConflictError(`Passport ${passport.id} is ${passport.state}; only an item going back to its customer (RETURN_TO_CUSTOMER) is sent back.`, {
      currentState: passport.state,
    });
  }
}

/** DHL's answers as the staff's problem: a refused parcel is the request's (422), the rest DHL's for now (503). */
function asProblem(error: unknown): never {
  if (error instanceof CarrierRejectedError) {
    throw new UnprocessableError(`DHL refused the parcel: ${error.message}`, [], { carrierFields: error.fields });
  }
  if (error instanceof CarrierUnavailableError) {
    throw new ServiceUnavailableError(`DHL cannot make the label now (${error.message}); nothing was sent. Try again.`, error.retryAfterSeconds);
  }
  if (error instanceof CarrierAuthError) {
    throw new ServiceUnavailableError(`DHL refused the platform's credentials (${error.message}); an operator must check the DHL secret.`);
  }
  throw error;
}
