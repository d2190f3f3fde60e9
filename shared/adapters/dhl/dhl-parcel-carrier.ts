import type { ParcelCarrier, ParcelLabel, ParcelLabelRequest } from '../../ports/parcel-carrier';
import { parcelCarrierErrorFor, toParcelLabel } from './label-data-response';
import { answerJson, DhlClient, type DhlClientOptions } from './dhl-client';
import { toShipmentOrder } from './shipment-order';

export type DhlParcelCarrierOptions = DhlClientOptions;

/**
 * The ParcelCarrier on the DHL Parcel DE Shipping API v2: one `POST /orders` per label, with the
 * label's PDF in the answer, authenticated with the API key and HTTP Basic. DHL has no idempotency
 * key, so a retry after an unclear failure may create a second shipment; the caller keeps the
 * reference (DHL's `refNo`) to find it.
 *
 * @example
 * const carrier = new DhlParcelCarrier({ baseUrl: 'https://api-eu.dhl.com/parcel/de/shipping/v2', apiKey, username, password });
 * const label = await carrier.createParcelLabel({ reference: passportId, product: 'V01PAK', billingNumber, shipperRef, consignee, weightGrams: 800 });
 */
export class DhlParcelCarrier implements ParcelCarrier {
  private readonly orders: DhlClient;

  constructor(options: DhlParcelCarrierOptions) {
    this.orders = new DhlClient(options, '/orders?includeDocs=include&docFormat=PDF');
  }

  /**
   * Orders one shipment and returns its shipment number and printable PDF label.
   *
   * @throws CarrierRejectedError when DHL refuses the order (400/422), or the consignee's country is no ISO 3166-1 code.
   * @throws CarrierAuthError when DHL refuses the credentials (401/403).
   * @throws CarrierUnavailableError on 429, 5xx, network errors, timeouts and unusable answers.
   */
  async createParcelLabel(request: ParcelLabelRequest): Promise<ParcelLabel> {
    const answer = await this.orders.post(toShipmentOrder(request));
    if (answer.status !== 200) throw parcelCarrierErrorFor(answer.status, answer.text, answer.retryAfter, Date.now());
    return toParcelLabel(answerJson(answer));
  }
}
