import { NotFoundError } from '../domain/errors';
import type { Passport } from '../domain/passport';
import { sepaCarriesAmount } from '../domain/sepa-amounts';
import type { PassportReads } from '../ports/passport-store';
import type { PayoutRecord } from '../ports/payout-store';
import type { TrackedPayout } from '../schemas/payouts';
import { trackingTokenMatches } from './tokens';

// What the take-back's customer, who holds its tracking token, may do with it; shared by the
// customer's routes (tracking, a held transfer's account, the counter-offer's answer, photos), none
// of which may carry the brands' configuration.

const unknownTakeBack = (id: string) => new NotFoundError(`No take-back ${id} for this token.`);

/**
 * Refuses a token that is not the take-back's tracking token with the same 404 as an unknown
 * take-back, before the request's body is read. A request without an id or a token is left to
 * validation, which refuses it (400).
 * @throws NotFoundError
 */
export async function authenticateTrackingToken(deps: { trackingSecret: () => Promise<string> }, id: string | undefined, token: string | undefined): Promise<void> {
  if (id === undefined || token === undefined) return;
  if (!trackingTokenMatches(id, token, await deps.trackingSecret())) throw unknownTakeBack(id);
}

/** The passport, if the token is its tracking token; the same 404 otherwise, so nothing leaks. */
export async function authorizedPassport(
  deps: { store: PassportReads; trackingSecret: () => Promise<string> },
  id: string,
  token: string,
): Promise<Passport> {
  const passport = await deps.store.getPassport(id);
  if (!passport || !trackingTokenMatches(id, token, await deps.trackingSecret())) throw unknownTakeBack(id);
  return passport;
}

/** The payout as its customer may see it: the voucher's code once it is issued, the IBAN only masked. */
export function trackedPayout(payout: PayoutRecord): TrackedPayout {
  return {
    method: payout.method,
    amount: payout.amount,
    // A transfer set aside because its account does not open still waits for an export, as far as
    // its customer is concerned; they are asked to enter the account again.
    status: payout.status === 'HELD' ? 'QUEUED' : payout.status,
    breakdown: payout.breakdown,
    ...(payout.voucher && payout.status === 'ISSUED' ? { voucher: { code: payout.voucher.code, expiresAt: payout.voucher.expiresAt } } : {}),
    // A transfer set aside for its amount is not put right by another account: its customer is not asked for one.
    ...(payout.ibanMasked ? { bankAccount: { ibanMasked: payout.ibanMasked, ...(payout.status === 'HELD' && sepaCarriesAmount(payout.amount.amount) ? { reenter: true as const } : {}) } } : {}),
  };
}
