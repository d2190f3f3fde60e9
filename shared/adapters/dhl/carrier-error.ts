import { CarrierAuthError, CarrierRejectedError, CarrierUnavailableError } from '../../ports/label-carrier';
import { isRefusal } from './dhl-client';
import { requestFieldsNamedIn } from './return-order';

const MAX_DETAIL_LENGTH = 200;

/**
 * The carrier error for a DHL answer that is not a 201: 400/422 and other refusals of the request
 * become CarrierRejectedError (naming our request's fields where DHL's problem+json names DHL's),
 * 401/403 CarrierAuthError, and 429, 5xx and anything unexpected CarrierUnavailableError, with the
 * Retry-After delay where DHL gave one.
 *
 * @param now - the current time in epoch milliseconds, to turn an HTTP-date Retry-After into seconds.
 */
export function carrierErrorFor(status: number, body: string, retryAfter: string | null, now: number): Error {
  const problem = problemText(body);
  const message = `DHL answered ${status}${problem ? `: ${problem}` : ''}`;
  if (status === 401 || status === 403) return new CarrierAuthError(message, status);
  if (isRefusal(status)) {
    return new CarrierRejectedError(message, status, requestFieldsNamedIn(problem));
  }
  return new CarrierUnavailableError(message, status, retryAfterSeconds(retryAfter, now));
}

/**
 * The delay a Retry-After header asks for, in whole seconds: either delay-seconds or an HTTP-date
 * (RFC 9110 §10.2.3). `undefined` when there is no usable header.
 */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The title and detail of a problem+json body; nothing for any other body. */
function problemText(body: string): string {
  let problem: unknown;
  try {
    problem = JSON.parse(body);
  } catch {
    return '';
  }
  if (typeof problem !== 'object' || problem === null) return '';
  const { title, detail } = problem as { title?: unknown; detail?: unknown };
  const parts = [title, detail].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.join(' - ').slice(0, MAX_DETAIL_LENGTH);
}
