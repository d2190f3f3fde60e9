import { ConflictError } from '../domain/errors';
import { customerMayCancel } from '../domain/lifecycle';
import type { Passport } from '../domain/passport';
import type { Staff } from '../http/staff';
import type { PassportRecords } from '../ports/passport-store';
import type { PassportDetail, TakeBackCancellationRequest } from '../schemas/staff';
import type { TakeBackCancellation as Cancellation } from '../schemas/take-back';
import { retryingConcurrentChanges } from './concurrent-changes';
import { authenticateTrackingToken, authorizedPassport } from './tracked-take-back';
import type { WorkQueueService } from './work-queue-service';

// A take-back is cancelled until its parcel is received: by its customer on the tracking page, or
// by the brand's staff for them (a customer who wrote or called). The move to CANCELLED is
// conditional on the state and version read, so it and the warehouse's scan of the parcel cannot
// both be taken: whichever is written first wins, and the other is decided again on what is there
// now. A parcel that arrives after all is still received (CANCELLED → RECEIVED). The label workflow
// creates no label for a cancelled take-back and sends no label e-mail; the reminders find nothing
// to remind of; the customer-e-mail consumer tells the customer.

/**
 * Moves the passport to CANCELLED on the version read, with the event that says from where and, when
 * staff cancelled it, who and why.
 * @throws ConflictError (with `currentState`) once the parcel is received or the take-back has ended;
 *   ConcurrentChangeError when the passport changed since it was read.
 */
async function cancelAsRead(store: PassportRecords, passport: Passport, at: string, staff?: { by: string; reason: string }): Promise<Passport> {
  if (!customerMayCancel(passport)) {
    throw new ConflictError(`Take-back ${passport.id} is ${passport.state}; it can be cancelled only until the parcel is received.`, {
      currentState: passport.state,
    });
  }
  return store.transition(passport.id, {
    to: 'CANCELLED',
    from: [passport.state],
    version: passport.version,
    at,
    remove: ['attention'],
    event: { type: 'TakeBackCancelled', data: { from: passport.state, ...staff } },
  });
}

export interface TakeBackCancellationDependencies {
  store: PassportRecords;
  trackingSecret: () => Promise<string>;
  now: () => Date;
}

/** The customer's cancellation, with the take-back's tracking token. */
export class TakeBackCancellation {
  constructor(private readonly deps: TakeBackCancellationDependencies) {}

  /** Refuses a wrong tracking token with the same 404 as an unknown take-back. */
  authenticateCustomer(id: string | undefined, token: string | undefined): Promise<void> {
    return authenticateTrackingToken(this.deps, id, token);
  }

  /**
   * Cancels the take-back; a take-back cancelled already is answered as it stands (a retry whose
   * answer was lost, or staff who cancelled it first).
   * @throws NotFoundError for a wrong token; ConflictError (with `currentState`) once the parcel is
   *   received or the take-back has ended otherwise.
   */
  cancel(id: string, token: string): Promise<Cancellation> {
    return retryingConcurrentChanges(async () => {
      const passport = await authorizedPassport(this.deps, id, token);
      if (passport.state === 'CANCELLED') return this.cancelled(passport);
      const at = this.deps.now().toISOString();
      await cancelAsRead(this.deps.store, passport, at);
      return { id, status: 'CANCELLED', cancelledAt: at };
    });
  }

  private async cancelled(passport: Passport): Promise<Cancellation> {
    const timeline = await this.deps.store.getTimeline(passport.id);
    const event = timeline.findLast((noted) => noted.type === 'TakeBackCancelled');
    return { id: passport.id, status: 'CANCELLED', cancelledAt: event?.at ?? passport.updatedAt };
  }
}

export interface StaffTakeBackCancellationDependencies {
  store: PassportRecords;
  passports: Pick<WorkQueueService, 'passportOf' | 'detailOf'>;
  now: () => Date;
}

/** The cancellation by the brand's staff for a customer, with the reason, which the timeline keeps. */
export class StaffTakeBackCancellation {
  constructor(private readonly deps: StaffTakeBackCancellationDependencies) {}

  /**
   * Cancels the take-back for its customer; one cancelled already is answered as it stands.
   * @throws NotFoundError for a passport of another brand; ConflictError (with `currentState`) once
   *   the parcel is received or the take-back has ended otherwise.
   */
  cancel(staff: Staff, id: string, request: TakeBackCancellationRequest): Promise<PassportDetail> {
    return retryingConcurrentChanges(async () => {
      const passport = await this.deps.passports.passportOf(staff, id);
      if (passport.state === 'CANCELLED') return this.deps.passports.detailOf(passport);
      const cancelled = await cancelAsRead(this.deps.store, passport, this.deps.now().toISOString(), { by: staff.subject, reason: request.reason });
      return this.deps.passports.detailOf(cancelled);
    });
  }
}
