import { NotFoundError } from '../domain/errors';
import type { Passport } from '../domain/passport';
import type { PassportReads } from '../ports/passport-store';
import type { PayoutRecord } from '../ports/payout-store';
import type { TrackedPayout } from '../schemas/payouts';
import { trackingTokenMatches } from './tokens';

// What the take-back's customer, who holds its tracking token, may read of it; shared by the
// tracking page's service and the entry of a held transfer's account (`bank-account-reentry.ts`),
// which must not carry the brands' configuration.

/** The passport, if the token is its tracking token; the same 404 otherwise, so nothing leaks. */
export async function authorizedPassport(
  deps: { store: PassportReads; trackingSecret: () => Promise<string> },
  id: string,
  token: string,
): Promise<Passport> {
  const passport = await deps.store.getPassport(id);
  if (!passport || !trackingTokenMatches(id, token, await deps.trackingSecret())) {
    throw new NotFoundError(`No take-back ${id} for this token.`);
  }
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
    ...(payout.ibanMasked ? { bankAccount: { ibanMasked: payout.ibanMasked, ...(payout.status === 'HELD' ? { reenter: true as const } : {}) } } : {}),
  };
}
