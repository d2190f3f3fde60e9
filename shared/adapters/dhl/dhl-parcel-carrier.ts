import { CarrierUnavailableError } from '../../ports/label-carrier';
import type { ParcelCarrier, ParcelLabel, ParcelLabelRequest } from '../../ports/parcel-carrier';
import { parcelCarrierErrorFor, toParcelLabel } from './label-data-response';
import { toShipmentOrder } from './shipment-order';

export interface DhlParcelCarrierOptions {
  /** E.g. `https://api-eu.dhl.com/parcel/de/shipping/v2`. */
  baseUrl: string;
  /** The `dhl-api-key` of the app on developer.dhl.com. */
  apiKey: string;
  /** The Post & DHL business customer portal user. */
  username: string;
  password: string;
  /** Per request, including reading the answer; default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;

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
  private readonly ordersUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: DhlParcelCarrierOptions) {
    this.ordersUrl = `${options.baseUrl.replace(/\/+$/, '')}/orders?includeDocs=include&docFormat=PDF`;
    this.headers = {
      'dhl-api-key': options.apiKey,
      Authorization: `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * Orders one shipment and returns its shipment number and printable PDF label.
   *
   * @throws CarrierRejectedError when DHL refuses the order (400/422), or the consignee's country is no ISO 3166-1 code.
   * @throws CarrierAuthError when DHL refuses the credentials (401/403).
   * @throws CarrierUnavailableError on 429, 5xx, network errors, timeouts and unusable answers.
   */
  async createParcelLabel(request: ParcelLabelRequest): Promise<ParcelLabel> {
    const body = JSON.stringify(toShipmentOrder(request));
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      // No redirects: following one would hand the API key to whatever host it points at.
      const response = await this.fetch(this.ordersUrl, { method: 'POST', headers: this.headers, body, signal, redirect: 'manual' });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      throw unreachable(error);
    }
    if (status !== 200) throw parcelCarrierErrorFor(status, text, retryAfter, Date.now());
    let labelData: unknown;
    try {
      labelData = JSON.parse(text);
    } catch {
      throw new CarrierUnavailableError('DHL answered 200 with a body that is not JSON', status);
    }
    return toParcelLabel(labelData);
  }
}

/** A request that got no answer; the message names the kind of failure, never the request's headers. */
function unreachable(error: unknown): CarrierUnavailableError {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new CarrierUnavailableError('DHL did not answer in time');
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return new CarrierUnavailableError(`DHL could not be reached${typeof code === 'string' ? ` (${code})` : ''}`);
}
