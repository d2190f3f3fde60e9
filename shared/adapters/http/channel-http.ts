import { currencyDigits, decimalUnits } from '../../domain/money';
import type { Money } from '../../domain/catalog';
import { SalesChannelRejectedError, SalesChannelUnavailableError } from '../../ports/sales-channel';
import { retryAfterSeconds } from '../dhl/carrier-error';

// What the four sales-channel adapters share of HTTP: one call with a timeout whose failures
// become the port's two errors, and the decimal strings the channels write money in.

const TIMEOUT_MS = 15_000;
/** Statuses that say "not now" rather than "not this request". */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/**
 * Calls a channel's API. A network failure, a timeout, 408/425/429 and 5xx throw
 * SalesChannelUnavailableError; 401 and 403 throw SalesChannelRejectedError (credentials are a
 * person's job). Any other answer is returned for the adapter to read, since 400, 404 and 409
 * mean different things on each API.
 *
 * @example
 * const response = await channelFetch('eBay', `${apiUrl}/sell/inventory/v1/offer?sku=${sku}`, { headers });
 */
export async function channelFetch(channel: string, url: string, init: RequestInit, now: () => number = Date.now): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new SalesChannelUnavailableError(`${channel} could not be reached: ${(error as Error).message}`);
  }
  if (TRANSIENT_STATUSES.has(response.status) || response.status >= 500) {
    const detail = (await response.text()).slice(0, 200);
    throw new SalesChannelUnavailableError(
      `${channel} answered ${response.status}${detail ? `: ${detail}` : ''}`,
      response.status,
      retryAfterSeconds(response.headers.get('retry-after'), now()),
    );
  }
  if (response.status === 401 || response.status === 403) {
    // The channel's own words say which credential it refused (eBay: the token, or the signature of a refund).
    const detail = (await response.text()).slice(0, 300);
    throw new SalesChannelRejectedError(`${channel} refused our credentials (${response.status}); check the channel's token and keys${detail ? `: ${detail}` : '.'}`, response.status);
  }
  return response;
}

/**
 * The channel's decimal string of an amount in minor units, with its currency's decimals (`shared/domain/money.ts`).
 *
 * @example
 * decimalOf({ amount: 36_699, currency: 'EUR' }); // '366.99'
 * decimalOf({ amount: 22_170, currency: 'JPY' }); // '22170'
 */
export function decimalOf(money: Money): string {
  return decimalUnits(money.amount, currencyDigits(money.currency));
}

/**
 * Minor units of a channel's decimal string in `currency`, read as text so no float is involved. Digits past the
 * currency's decimals are taken only as zeros (Shopify writes a yen amount `22170.0`). Until 7 December 2026 every
 * amount was read with two decimals: a shop in yen would have booked a sale of ¥22,170 as 2,217,000.
 *
 * @throws SalesChannelUnavailableError when the channel sent something that is not an amount:
 *   an answer we cannot read is treated like one we did not get.
 * @example
 * minorUnitsOf('366.9', 'EUR'); // 36_690
 * minorUnitsOf('22170.0', 'JPY'); // 22_170
 */
export function minorUnitsOf(decimal: string | number, currency: string): number {
  const digits = currencyDigits(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(decimal).trim());
  const fraction = match?.[3] ?? '';
  if (!match || /[^0]/.test(fraction.slice(digits))) throw new SalesChannelUnavailableError(`"${decimal}" is not an amount in ${currency}`);
  const minor = Number(match[2]) * 10 ** digits + Number(fraction.slice(0, digits).padEnd(digits, '0') || '0');
  return match[1] ? -minor : minor;
}
