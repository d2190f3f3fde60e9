import { ConflictError } from '../domain/errors';
import { gradedPayoutOf } from '../domain/graded-payout';
import type { Staff } from '../http/staff';
import type { PassportReads } from '../ports/passport-store';
import type { PayoutReads } from '../ports/payout-store';
import type { WorkflowStarter } from '../ports/stalled-passports';
import type { PayoutRetryStarted } from '../schemas/payouts';
import { staffPassport } from './passports';

export interface PayoutRetriesDependencies {
  store: PassportReads;
  payouts: PayoutReads;
  workflows: WorkflowStarter;
  /** Makes each retry's execution name unique (`retry-{passport}-{id}`, within Step Functions' 80 characters). */
  newId: () => string;
}

/**
 * A person's way to make a payout that could not be made. The payout workflow retries for about
 * ten minutes and then asks a person (a NeedsAttention event: a voucher issuer refusing, a brand's
 * payout configuration missing), and the sweeper stops re-driving a payout it has flagged. Once the
 * cause is put right, an admin of the brand starts the payout workflow again from here. Settling is
 * idempotent (the payout is created once and moves on only from the status it is in), so a retry
 * never pays twice, whatever runs at the same time.
 */
export class PayoutRetries {
  constructor(private readonly deps: PayoutRetriesDependencies) {}

  /**
   * Starts the PayoutWorkflow for the passport under a new execution name.
   * @throws NotFoundError for a passport of another brand; ConflictError when grading settled no
   *   value to pay (not graded, a counter-offer not accepted) or the payout is made.
   */
  async retry(staff: Staff, passportId: string): Promise<PayoutRetryStarted> {
    const passport = await staffPassport(this.deps.store, staff, passportId);
    const payout = await this.deps.payouts.getPayout(passportId);
    if (payout && payout.status !== 'RESERVED') {
      throw new ConflictError(`The payout of passport ${passportId} is made (${payout.status}); there is nothing to retry.`, { payoutStatus: payout.status });
    }
    if (!gradedPayoutOf(await this.deps.store.getTimeline(passportId))) {
      throw new ConflictError(`Passport ${passportId} has no value to pay yet: it is not graded, or its counter-offer is not accepted.`, {
        currentState: passport.state,
      });
    }
    const execution = `retry-${passportId}-${this.deps.newId()}`;
    await this.deps.workflows.start('PAYOUT', passportId, execution);
    return { passportId, execution };
  }
}
