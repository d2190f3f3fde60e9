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
 * The channel's decimal string of an amount in minor units (two decimals, as every brand currency has).
 *
 * @example
 * decimalOf({ amount: 36_699, currency: 'EUR' }); // '366.99'
 */
export function decimalOf(money: Money): string {
  const sign = money.amount < 0 ? '-' : '';
  const cents = Math.abs(money.amount);
  return `${sign}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * Minor units of a channel's decimal string, read as text so no float is involved.
 *
 * @throws SalesChannelUnavailableError when the channel sent something that is not an amount:
 *   an answer we cannot read is treated like one we did not get.
 * @example
 * minorUnitsOf('366.9'); // 36_690
 */
export function minorUnitsOf(decimal: string | number): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(decimal).trim());
  if (!match) throw new SalesChannelUnavailableError(`"${decimal}" is not an amount`);
  const [, sign, units, fraction = ''] = match;
  const cents = Number(units) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -cents : cents;
}
