import type { Staff } from '../http/staff';
import type { PayoutAttentionNotes } from '../ports/payout-attention';
import type { PassportReads } from '../ports/passport-store';
import type { PayoutReads } from '../ports/payout-store';
import type { AwaitingPayout } from '../schemas/payouts';

/** How many waiting payouts the admins' payouts page shows at once. */
export const AWAITING_PAYOUTS_SHOWN = 100;

export interface PayoutAttentionDependencies {
  notes: PayoutAttentionNotes;
  store: PassportReads;
  payouts: PayoutReads;
}

/**
 * The brand's payouts that wait for a person, so that an admin finds every customer not paid
 * without reading each passport: those the payout workflow gave up on and those the sweeper
 * flagged. Once a payout is made (issued, queued, exported, or set aside for its customer's
 * account), its note is forgotten as the list is read. An admin starts a payout again from its
 * passport's page (`POST /v1/passports/{id}/payout`).
 */
export class PayoutAttentionList {
  constructor(private readonly deps: PayoutAttentionDependencies) {}

  /** The brand's first {@link AWAITING_PAYOUTS_SHOWN} notes, newest passport first, without the payouts made since. */
  async awaiting(staff: Staff): Promise<AwaitingPayout[]> {
    const notes = await this.deps.notes.list(staff.brand, AWAITING_PAYOUTS_SHOWN);
    const payouts = await Promise.all(
      notes.map(async (note): Promise<AwaitingPayout | undefined> => {
        const [passport, payout] = await Promise.all([this.deps.store.getPassport(note.passportId), this.deps.payouts.getPayout(note.passportId)]);
        // Made since it was noted (a reserved voucher is not: its issuer never confirmed it).
        if (!passport || passport.brand !== staff.brand || (payout && payout.status !== 'RESERVED')) {
          await this.deps.notes.forget(staff.brand, note.passportId);
          return undefined;
        }
        return {
          passportId: passport.id,
          state: passport.state,
          product: { sku: passport.product.sku, name: passport.product.name },
          method: passport.payout.method,
          ...(passport.settlement ? { amount: passport.settlement.payout } : {}),
          reason: note.reason,
          ...(note.basis ? { basis: note.basis } : {}),
          flaggedAt: note.at,
        };
      }),
    );
    return payouts.filter((payout) => payout !== undefined);
  }
}
