import { NotFoundError } from '../domain/errors';
import { canTransition } from '../domain/lifecycle';
import { routeDecidedAfter } from '../domain/passport';
import type { PassportStore } from '../ports/passport-store';
import { retryingConcurrentChanges } from './concurrent-changes';
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
   * sold) or that its state does not let wait for a person (repaired) is left as it is, and so
   * is one whose route was decided again after the event this run was for (`eventAt`). Made on
   * the version read, so an override landing meanwhile is judged as well.
   */
  async flagListingFailure(passportId: string, failure: { error: string; cause?: string }, eventAt?: string): Promise<{ flagged: boolean }> {
    return retryingConcurrentChanges(async () => {
      const passport = await this.deps.store.getPassport(passportId);
      if (!passport) throw new NotFoundError(`No passport ${passportId}.`);
      if (!canTransition(passport.state, 'NEEDS_ATTENTION') || routeDecidedAfter(passport, eventAt)) return { flagged: false };
      const at = this.deps.now().toISOString();
      const reason = `Listing failed (${failure.error}): ${messageOf(failure.cause)}. Check the brand's channels and price rules, then route the item to RESELL again.`;
      await this.deps.store.transition(passportId, {
        to: 'NEEDS_ATTENTION',
        from: [passport.state],
        version: passport.version,
        at,
        set: { attention: { reason, at } },
        event: { type: 'NeedsAttention', data: { reason } },
      });
      return { flagged: true };
    });
  }
}
