import type { PassportRecords } from '../ports/passport-store';
import { flagRouteFailure } from './route-failures';

export interface ListingFailuresDependencies {
  store: PassportRecords;
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
   * allows it (a graded or a repaired item). An item that has moved on meanwhile (listed by another
   * execution, sold) or whose route was decided again since (see {@link flagRouteFailure}) is left
   * as it is.
   */
  async flagListingFailure(passportId: string, failure: { error: string; cause?: string }, eventAt?: string): Promise<{ flagged: boolean }> {
    return flagRouteFailure(this.deps.store, passportId, 'LISTING', failure, this.deps.now().toISOString(), eventAt);
  }
}
