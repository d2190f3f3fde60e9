import { ConflictError } from '../domain/errors';
import { customerMayCancel } from '../domain/lifecycle';
import type { Passport } from '../domain/passport';
import type { PassportRecords } from '../ports/passport-store';
import type { TakeBackCancellation as Cancellation } from '../schemas/take-back';
import { retryingConcurrentChanges } from './concurrent-changes';
import { authenticateTrackingToken, authorizedPassport } from './tracked-take-back';

export interface TakeBackCancellationDependencies {
  store: PassportRecords;
  trackingSecret: () => Promise<string>;
  now: () => Date;
}

/**
 * The customer's cancellation of their take-back, until the parcel is received. The move to
 * CANCELLED is conditional on the state and version read, so it and the warehouse's scan of the
 * parcel cannot both be taken: whichever is written first wins, and the other is decided again on
 * what is there now. A parcel that arrives after all is still received (CANCELLED → RECEIVED).
 * The label workflow creates no label for a cancelled take-back and sends no label e-mail; the
 * reminders find nothing to remind of; the customer-e-mail consumer confirms the cancellation.
 */
export class TakeBackCancellation {
  constructor(private readonly deps: TakeBackCancellationDependencies) {}

  /** Refuses a wrong tracking token with the same 404 as an unknown take-back. */
  authenticateCustomer(id: string | undefined, token: string | undefined): Promise<void> {
    return authenticateTrackingToken(this.deps, id, token);
  }

  /**
   * Cancels the take-back; a take-back cancelled already is answered as it stands (a retry whose
   * answer was lost).
   * @throws NotFoundError for a wrong token; ConflictError (with `currentState`) once the parcel is
   *   received or the take-back has ended otherwise.
   */
  cancel(id: string, token: string): Promise<Cancellation> {
    return retryingConcurrentChanges(() => this.cancelOnce(id, token));
  }

  private async cancelOnce(id: string, token: string): Promise<Cancellation> {
    const passport = await authorizedPassport(this.deps, id, token);
    if (passport.state === 'CANCELLED') return this.cancelled(passport);
    if (!customerMayCancel(passport)) {
      throw new ConflictError(`Take-back ${id} is ${passport.state}; it can be cancelled only until the parcel is received.`, {
        currentState: passport.state,
      });
    }
    const at = this.deps.now().toISOString();
    await this.deps.store.transition(id, {
      to: 'CANCELLED',
      from: [passport.state],
      version: passport.version,
      at,
      remove: ['attention'],
      event: { type: 'TakeBackCancelled', data: { from: passport.state } },
    });
    return { id, status: 'CANCELLED', cancelledAt: at };
  }

  private async cancelled(passport: Passport): Promise<Cancellation> {
    const timeline = await this.deps.store.getTimeline(passport.id);
    const event = timeline.findLast((noted) => noted.type === 'TakeBackCancelled');
    return { id: passport.id, status: 'CANCELLED', cancelledAt: event?.at ?? passport.updatedAt };
  }
}

