/**
 * A carrier that creates prepaid return labels. The DHL Parcel DE Returns API is the first
 * adapter (`shared/adapters/dhl/`); the port keeps the domain and the workflow free of it.
 */
/** A sender or receiver as a carrier prints it: the customer, with their address. */
export interface CarrierParty {
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. `DE`. */
  country: string;
  /**
   * The customer's e-mail address, which an adapter sends its carrier only where the carrier has a use for it
   * that the customer is served by, and takes it (DHL's returns label gets none; its parcel, one of up to 80 characters).
   */
  email?: string;
}

export interface ReturnLabelRequest {
  /** Our reference, printed on the label (the passport id). DHL prints the first 30 characters. */
  reference: string;
  /** The carrier account's receiver of the returns (DHL `receiverId`), from the brand's configuration. */
  receiverId: string;
  shipper: CarrierParty;
  weightGrams: number;
  /** Declared value in minor units (cents). */
  value?: { amount: number; currency: string };
}

export interface ReturnLabel {
  shipmentNo: string;
  /** The printable label, a PDF. */
  pdf: Uint8Array;
  /** The paperless QR code to show at a drop-off point, a PNG. */
  qrPng: Uint8Array;
  qrLink?: string;
  routingCode?: string;
}

export interface LabelCarrier {
  createReturnLabel(request: ReturnLabelRequest): Promise<ReturnLabel>;
}

/** The carrier refused the request for good (400/422): retrying the same request cannot succeed. */
export class CarrierRejectedError extends Error {
  override readonly name = 'CarrierRejected';
  constructor(
    message: string,
    readonly status: number,
    /** The fields the carrier objected to, named as in our request (e.g. `shipper.postalCode`). */
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

/** Our credentials were refused (401/403): a configuration problem, not worth retrying. */
export class CarrierAuthError extends Error {
  override readonly name = 'CarrierAuthFailed';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** The carrier is unavailable for now (429, 5xx, network): worth retrying with backoff. */
export class CarrierUnavailableError extends Error {
  override readonly name = 'CarrierUnavailable';
  constructor(message: string, readonly status?: number, readonly retryAfterSeconds?: number) {
    super(message);
  }
}
