import { ConflictError, UnprocessableError } from '../domain/errors';
import { addressMayBeCorrected, correctedFields, labelMayBeMadeAgain, returnAddressOf, type ReturnAddress } from '../domain/label-retry';
import type { Passport } from '../domain/passport';
import type { Staff } from '../http/staff';
import type { BrandCatalogs, PassportRecords } from '../ports/passport-store';
import type { WorkflowStarter } from '../ports/stalled-passports';
import type { LabelRetryRequest, PassportDetail } from '../schemas/staff';
import { retryingConcurrentChanges } from './concurrent-changes';
import { brandCatalog } from './take-back-offers';
import type { WorkQueueService } from './work-queue-service';

export interface LabelRetriesDependencies {
  store: PassportRecords;
  /** The brand's configuration: the countries it takes items back from. */
  catalogs: BrandCatalogs;
  passports: Pick<WorkQueueService, 'passportOf' | 'detailOf'>;
  workflows: WorkflowStarter;
  now: () => Date;
}

/**
 * A person's way to have a take-back's return label made when DHL refused it (`shared/domain/label-retry.ts`):
 * the customer's return address corrected, and the TakeBackWorkflow started again. The workflow makes one
 * label whatever runs at the same time (its label claim), and sends the label e-mail once.
 *
 * The correction and the move back to REQUESTED are one conditional write on the version read, with a
 * LabelRetried event; the workflow's execution is named for the passport's version after it. Retries of one
 * request (a lost answer, ten at once) find the correction made, write nothing, and name the same execution,
 * which Step Functions starts once. A retry after the workflow flagged the passport again writes anew, and
 * starts it anew. The address is corrected only while the take-back waits for a person: in REQUESTED a label step
 * may be with DHL with the address as it was (`addressMayBeCorrected`), so a correction there is refused; the
 * label may still be made again there as it stands.
 */
export class LabelRetries {
  constructor(private readonly deps: LabelRetriesDependencies) {}

  /**
   * Corrects the return address where `request` changes it and starts the TakeBackWorkflow again; answers the
   * passport's detail without the address to correct (`labelRetry`), which `GET /v1/passports/{id}` gives.
   * @throws NotFoundError for a passport of another brand; ConflictError (with `currentState`) once it has
   *   its label, or waits for a person for another reason than its label, or its take-back ended, or for a
   *   correction while its label is being made (REQUESTED);
   *   UnprocessableError for a country the brand takes no items back from.
   */
  async retry(staff: Staff, passportId: string, request: LabelRetryRequest): Promise<PassportDetail> {
    const passport = await retryingConcurrentChanges(() => this.correctOnce(staff, passportId, request.returnAddress));
    await this.deps.workflows.start('TAKE_BACK', passport.id, `label-retry-${passport.id}-${passport.version}`);
    // Without the customer's address: the answer is kept for a day as its Idempotency-Key's, where an erasure cannot
    // reach it, and a replay after an erasure gave the name and address back (until 7 December 2026). The page reads
    // the passport again for it.
    const { labelRetry: _address, ...detail } = await this.deps.passports.detailOf(passport, staff);
    return detail;
  }

  private async correctOnce(staff: Staff, passportId: string, correction: ReturnAddress | undefined): Promise<Passport> {
    const passport = await this.deps.passports.passportOf(staff, passportId);
    if (!labelMayBeMadeAgain(passport)) {
      throw new ConflictError(
        passport.label
          ? `Take-back ${passportId} has its label (${passport.label.shipmentNo}); there is none to make again.`
          : `Take-back ${passportId} is ${passport.state} and does not wait for its label; no label is made for it.`,
        { currentState: passport.state },
      );
    }
    const corrected = correction ? correctedFields(returnAddressOf(passport), correction) : [];
    if (corrected.length > 0 && !addressMayBeCorrected(passport)) {
      throw new ConflictError(
        `Take-back ${passportId} is ${passport.state}: its label is being made with the address it has, which DHL would print whatever is corrected now. Correct the address once DHL has refused the label (the take-back then waits for a person), or cancel the take-back if the label is made.`,
        { currentState: passport.state },
      );
    }
    if (correction) await this.assertCountryTaken(passport.brand, correction.country);
    // Waiting for its label already, as it stands: the request's execution is there to start (or started).
    if (passport.state === 'REQUESTED' && corrected.length === 0) return passport;
    const at = this.deps.now().toISOString();
    const set = correction && corrected.length > 0 ? correctedPassport(passport, correction) : undefined;
    const event = { type: 'LabelRetried' as const, data: { by: staff.subject, from: passport.state, corrected } };
    if (passport.state === 'NEEDS_ATTENTION') {
      // Back to REQUESTED: the person has acted, and a label that fails again flags the passport anew, with DHL's new answer.
      return this.deps.store.transition(passport.id, {
        to: 'REQUESTED',
        from: ['NEEDS_ATTENTION'],
        version: passport.version,
        at,
        ...(set ? { set } : {}),
        remove: ['attention'],
        event,
      });
    }
    return this.deps.store.amend(passport.id, { in: ['REQUESTED'], version: passport.version, at, ...(set ? { set } : {}), event });
  }

  private async assertCountryTaken(brand: string, country: string): Promise<void> {
    const { config } = await brandCatalog(this.deps.catalogs, brand);
    if (!config.countries.includes(country)) {
      throw new UnprocessableError(`${config.name} takes items back from ${config.countries.join(', ')} only.`, [
        { in: 'body', path: ['returnAddress', 'country'], message: `must be one of ${config.countries.join(', ')}` },
      ]);
    }
  }
}

/** The passport's customer and address with the correction: the e-mail address and language stay. */
function correctedPassport(passport: Passport, { name, street, houseNumber, postalCode, city, country }: ReturnAddress): Pick<Passport, 'customer' | 'address'> {
  return { customer: { ...passport.customer, name }, address: { street, houseNumber, postalCode, city, country } };
}
