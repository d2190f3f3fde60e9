import { maskIban } from '../domain/iban';
import { ConflictError } from '../domain/errors';
import type { Passport } from '../domain/passport';
import type { PassportReads } from '../ports/passport-store';
import type { PayoutRecord, PayoutStore } from '../ports/payout-store';
import type { BankAccountEntry, TrackedPayout } from '../schemas/payouts';
import type { BankAccounts } from './bank-accounts';
import { UnreadableSealError } from './field-cipher';
import { authenticateTrackingToken, authorizedPassport, trackedPayout } from './tracked-take-back';

export interface BankAccountReentryDependencies {
  store: PassportReads;
  payouts: Pick<PayoutStore, 'getPayout' | 'replaceHeldBankAccount'>;
  bankAccounts: BankAccounts;
  trackingSecret: () => Promise<string>;
  now: () => Date;
}

/**
 * The customer's way out of a held bank transfer. An export sets a transfer aside (HELD) when its
 * sealed account does not open; its customer sees that on the tracking page (and by e-mail) and
 * enters the account again. The new account is sealed, replaces the old one on the passport and
 * queues the transfer again, in one transaction conditional on it still being HELD; the next
 * export pays it. Only a held transfer's account can be replaced: a queued one may be in an export
 * being written, and an exported one is paid.
 */
export class BankAccountReentry {
  constructor(private readonly deps: BankAccountReentryDependencies) {}

  /** Refuses a wrong tracking token before the body is read (the same 404 as for an unknown take-back). */
  authenticateCustomer(id: string | undefined, token: string | undefined): Promise<void> {
    return authenticateTrackingToken(this.deps, id, token);
  }

  /**
   * @throws NotFoundError for a wrong token; ConflictError when the take-back has no held bank
   *   transfer (none yet, a voucher, or queued or paid), unless it is this very account entered
   *   again (a retry whose answer was lost), which is answered as it stands.
   */
  async replace(id: string, token: string, entry: BankAccountEntry): Promise<TrackedPayout> {
    await authorizedPassport(this.deps, id, token);
    const payout = await this.deps.payouts.getPayout(id);
    if (!payout || payout.method !== 'BANK_TRANSFER') {
      throw new ConflictError(`Take-back ${id} has no bank transfer whose account could be entered again.`);
    }
    if (payout.status === 'HELD') {
      const account = await this.deps.bankAccounts.seal(id, entry);
      const event = { type: 'BankAccountReplaced' as const, data: { payoutId: payout.payoutId, ibanMasked: account.ibanMasked } };
      if (await this.deps.payouts.replaceHeldBankAccount(payout, account, event, this.deps.now().toISOString())) {
        return trackedPayout({ ...payout, status: 'QUEUED', ibanMasked: account.ibanMasked, held: undefined });
      }
      // Moved on meanwhile: by a retry of this request, another one, or an export that found the old account readable.
      return this.answerNotHeld(id, entry);
    }
    return this.answerNotHeld(id, entry, payout);
  }

  /**
   * The payout as it stands when it holds this very account; a ConflictError otherwise. The
   * passport is read after the payout: the account and the payout's move are one write, so a
   * passport read before a payout found queued may still hold the old account.
   */
  private async answerNotHeld(id: string, entry: BankAccountEntry, read?: PayoutRecord): Promise<TrackedPayout> {
    const payout = read ?? (await this.deps.payouts.getPayout(id));
    const passport = await this.deps.store.getPassport(id);
    if (passport && payout && payout.status !== 'HELD' && (await this.holds(passport, entry))) return trackedPayout(payout);
    const status = payout?.status === 'HELD' ? 'QUEUED' : payout?.status;
    throw new ConflictError(`The bank transfer of take-back ${id} is ${status}; only the account of a transfer set aside can be entered again.`, {
      payoutStatus: status,
    });
  }

  /** Whether the passport's sealed account is this one. */
  private async holds(passport: Passport, entry: BankAccountEntry): Promise<boolean> {
    if (!passport.payout.bankAccount || passport.payout.bankAccount.ibanMasked !== maskIban(entry.iban)) return false;
    try {
      const account = await this.deps.bankAccounts.open(passport.id, passport.payout.bankAccount);
      return account.iban === entry.iban && account.accountHolder === entry.accountHolder;
    } catch (error) {
      if (error instanceof UnreadableSealError) return false;
      throw error;
    }
  }
}
