import {
  CarrierUnavailableError,
  type LabelCarrier,
  type ReturnLabel,
  type ReturnLabelRequest,
} from '../../ports/label-carrier';
import { carrierErrorFor } from './carrier-error';
import { toReturnOrder } from './return-order';
import { toReturnLabel } from './return-order-confirmation';

export interface DhlReturnsCarrierOptions {
  /** E.g. `https://api-eu.dhl.com/parcel/de/shipping/returns/v1` (DESIGN.md §7). */
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
 * The LabelCarrier on the DHL Parcel DE Returns API v1: one `POST /orders?labelType=BOTH` per
 * label, authenticated with the API key and HTTP Basic. DHL has no idempotency key, so a retry
 * after an unclear failure may create a second label; the caller keeps the reference to find it.
 *
 * @example
 * const carrier = new DhlReturnsCarrier({ baseUrl, apiKey, username, password });
 * const label = await carrier.createReturnLabel({ reference: passportId, receiverId: 'deu', shipper, weightGrams: 800 });
 */
export class DhlReturnsCarrier implements LabelCarrier {
  private readonly ordersUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: DhlReturnsCarrierOptions) {
    this.ordersUrl = `${options.baseUrl.replace(/\/+$/, '')}/orders?labelType=BOTH`;
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
   * Orders a return label with both the printable PDF and the paperless QR code.
   *
   * @throws CarrierRejectedError when DHL refuses the order (400/422) or takes no returns from the shipper's country.
   * @throws CarrierAuthError when DHL refuses the credentials (401/403).
   * @throws CarrierUnavailableError on 429, 5xx, network errors, timeouts and unusable answers.
   */
  async createReturnLabel(request: ReturnLabelRequest): Promise<ReturnLabel> {
    const body = JSON.stringify(toReturnOrder(request));
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
    if (status !== 201) throw carrierErrorFor(status, text, retryAfter, Date.now());
    let confirmation: unknown;
    try {
      confirmation = JSON.parse(text);
    } catch {
      throw new CarrierUnavailableError('DHL answered 201 with a body that is not JSON', status);
    }
    return toReturnLabel(confirmation);
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
