import { NotFoundError } from '../domain/errors';
import { canTransition } from '../domain/lifecycle';
import type { PassportStore } from '../ports/passport-store';
import { messageOf } from './label-workflow';

export interface ListingFailuresDependencies {
  store: PassportStore;
  now: () => Date;
}

/**
 * The ListingWorkflow's last step when listing failed for good: the item waits for a person with
 * the reason. It needs the passports only, so its Lambda carries no channel adapter.
 */
export class ListingFailures {
  constructor(private readonly deps: ListingFailuresDependencies) {}

  /**
   * Moves the passport to NEEDS_ATTENTION with a reason a person can act on, where the lifecycle
   * allows it (a graded item). An item that has moved on meanwhile (listed by another execution,
   * sold) or that its state does not let wait for a person (repaired) is left as it is.
   */
  async flagListingFailure(passportId: string, failure: { error: string; cause?: string }): Promise<{ flagged: boolean }> {
    const passport = await this.deps.store.getPassport(passportId);
    if (!passport) throw new NotFoundError(`No passport ${passportId}.`);
    if (!canTransition(passport.state, 'NEEDS_ATTENTION')) return { flagged: false };
    const at = this.deps.now().toISOString();
    const reason = `Listing failed (${failure.error}): ${messageOf(failure.cause)}. Check the brand's channels and price rules, then route the item to RESELL again.`;
    await this.deps.store.transition(passportId, {
      to: 'NEEDS_ATTENTION',
      // Moved on since it was read: a retry of this step reads it again and decides anew.
      from: [passport.state],
      at,
      set: { attention: { reason, at } },
      event: { type: 'NeedsAttention', data: { reason } },
    });
    return { flagged: true };
  }
}
