import { CarrierUnavailableError } from '../../ports/label-carrier';

/** How the platform reaches one of DHL's Parcel DE APIs (Returns v1, Shipping v2): the same app and portal user for both. */
export interface DhlClientOptions {
  /** E.g. `https://api-eu.dhl.com/parcel/de/shipping/returns/v1` or `…/parcel/de/shipping/v2` (DESIGN.md §7). */
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

/** DHL's answer as it came: its status, body and `Retry-After` header. */
export interface DhlAnswer {
  status: number;
  text: string;
  retryAfter: string | null;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Statuses that say "not now" rather than "not this request". */
const TRANSIENT_CLIENT_STATUSES = new Set([408, 425, 429]);
const PDF_MAGIC = /* @__PURE__ */ Buffer.from('%PDF-');

/**
 * One JSON `POST` to a resource of a DHL API, authenticated with the API key and HTTP Basic, within
 * a timeout and without following redirects (one would hand the API key to whatever host it names).
 *
 * @example
 * const orders = new DhlClient(options, '/orders?labelType=BOTH');
 * const { status, text } = await orders.post(order);
 */
export class DhlClient {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: DhlClientOptions, resource: string) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}${resource}`;
    this.headers = {
      'dhl-api-key': options.apiKey,
      Authorization: `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** @throws CarrierUnavailableError when DHL gave no answer (network error, timeout). */
  async post(body: unknown): Promise<DhlAnswer> {
    try {
      const response = await this.fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      const retryAfter = response.headers.get('retry-after');
      return { status: response.status, retryAfter, text: await response.text() };
    } catch (error) {
      throw unreachable(error);
    }
  }
}

/**
 * The JSON of a successful answer.
 * @throws CarrierUnavailableError when it is not JSON: DHL is not working as documented right now.
 */
export function answerJson({ status, text }: DhlAnswer): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CarrierUnavailableError(`DHL answered ${status} with a body that is not JSON`, status);
  }
}

/**
 * Whether DHL refused the request itself (a 4xx other than 408, 425 and 429): the same request cannot succeed.
 *
 * @example
 * isRefusal(400); // true
 * isRefusal(429); // false: not now, rather than not this request
 */
export function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && !TRANSIENT_CLIENT_STATUSES.has(status);
}

/** Whether the bytes are a PDF document (they start with `%PDF-`). */
export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_MAGIC.length)).equals(PDF_MAGIC);
}

/** A request that got no answer; the message names the kind of failure, never the request's headers. */
function unreachable(error: unknown): CarrierUnavailableError {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new CarrierUnavailableError('DHL did not answer in time');
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return new CarrierUnavailableError(`DHL could not be reached${typeof code === 'string' ? ` (${code})` : ''}`);
}
