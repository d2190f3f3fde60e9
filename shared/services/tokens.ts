import { createHmac, timingSafeEqual } from 'node:crypto';
import { monotonicFactory, type ULIDFactory } from 'ulidx';

// Made on the first id: a function that imports this module for the tracking token alone then
// carries no ULID code (the factory's making is a call, which the bundler must otherwise keep).
let ulid: ULIDFactory | undefined;

/** A new ULID: sortable by creation time (monotonic within one millisecond), 80 random bits. */
export const newId = (): string => (ulid ??= monotonicFactory())();

/**
 * The customer's tracking token of a take-back: 128 bits of an HMAC of the passport id under the
 * platform's tracking secret. Nothing of it is stored, yet any function holding the secret (the
 * label e-mail, the tracking page) can rebuild the customer's links. Rotating the secret
 * invalidates every link sent before.
 */
export function trackingTokenFor(passportId: string, secret: string): string {
  return createHmac('sha256', secret).update(`tracking:${passportId}`).digest().subarray(0, 16).toString('base64url');
}

/** Whether `token` is the tracking token of the passport, compared in constant time. */
export function trackingTokenMatches(passportId: string, token: string, secret: string): boolean {
  const expected = Buffer.from(trackingTokenFor(passportId, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
