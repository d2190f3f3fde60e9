import type { LabelCarrier, ReturnLabel, ReturnLabelRequest } from '../../ports/label-carrier';
import { carrierErrorFor } from './carrier-error';
import { answerJson, DhlClient, type DhlClientOptions } from './dhl-client';
import { toReturnOrder } from './return-order';
import { toReturnLabel } from './return-order-confirmation';

export type DhlReturnsCarrierOptions = DhlClientOptions;

/**
 * The LabelCarrier on the DHL Parcel DE Returns API v1: one `POST /orders?labelType=BOTH` per
 * label, authenticated with the API key and HTTP Basic. DHL has no idempotency key, so a retry
 * after an unclear failure may create a second label; the caller keeps the reference to find it.
 *
 * @example
 * const carrier = new DhlReturnsCarrier({ baseUrl, apiKey, username, password });
 * const label = await carrier.createReturnLabel({ reference: passportId, receiverId: 'deu', shipper, weightGrams: 800 });
 */
export class DhlReturnsCarrier implements LabelCarrier {
  private readonly orders: DhlClient;

  constructor(options: DhlReturnsCarrierOptions) {
    this.orders = new DhlClient(options, '/orders?labelType=BOTH');
  }

  /**
   * Orders a return label with both the printable PDF and the paperless QR code.
   *
   * @throws CarrierRejectedError when DHL refuses the order (400/422) or takes no returns from the shipper's country.
   * @throws CarrierAuthError when DHL refuses the credentials (401/403).
   * @throws CarrierUnavailableError on 429, 5xx, network errors, timeouts and unusable answers.
   */
  async createReturnLabel(request: ReturnLabelRequest): Promise<ReturnLabel> {
    const answer = await this.orders.post(toReturnOrder(request));
    if (answer.status !== 201) throw carrierErrorFor(answer.status, answer.text, answer.retryAfter, Date.now());
    return toReturnLabel(answerJson(answer));
  }
}
