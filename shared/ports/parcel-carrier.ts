import type { ParcelProduct } from '../domain/return-shipment';
import type { CarrierParty } from './label-carrier';

/**
 * A carrier that ships a parcel from the brand's warehouse: the platform's one outbound shipment is
 * an item sent back to its customer (a declined counter-offer). The DHL Parcel DE Shipping API v2 is
 * the adapter (`shared/adapters/dhl/dhl-parcel-carrier.ts`). Its errors are the label carrier's:
 * `CarrierRejectedError`, `CarrierAuthError` and `CarrierUnavailableError` (`./label-carrier`).
 */
export interface ParcelLabelRequest {
  /** Our reference, printed on the label (the passport id). */
  reference: string;
  /** DHL's product: `V01PAK` (DHL Paket, within Germany) or `V53WPAK` (DHL Paket International). */
  product: ParcelProduct;
  /** The brand's 14-digit DHL billing number for that product (EKP, procedure, participation). */
  billingNumber: string;
  /** The sender: the address the brand keeps in DHL's business customer portal under this reference. */
  shipperRef: string;
  consignee: CarrierParty;
  weightGrams: number;
}

export interface ParcelLabel {
  shipmentNo: string;
  /** The printable label, a PDF. */
  pdf: Uint8Array;
}

export interface ParcelCarrier {
  createParcelLabel(request: ParcelLabelRequest): Promise<ParcelLabel>;
}
