import { ConflictError } from '../domain/errors';
import { PASSPORT_STATES, type PassportState } from '../domain/lifecycle';
import { takeBackLabelKeys, returnLabelKey } from '../domain/label-files';
import { customerPhotoPrefix } from '../domain/photos';
import type { Passport } from '../domain/passport';
import { erasedCustomer, erasureBlocker, type ErasureBlocker } from '../domain/personal-data';
import type { Staff } from '../http/staff';
import type { BlobStore } from '../ports/blob-store';
import type { PassportRecords } from '../ports/passport-store';
import type { CustomerIndex, PayoutErasure, PayoutRecord } from '../ports/payout-store';
import type { CustomerErasureRequest, CustomerErasureResult, PassportDetail, PersonalDataErasureRequest } from '../schemas/staff';
import { retryingConcurrentChanges } from './concurrent-changes';
import { customerEmailHash, mailboxHash } from './customer-identity';
import type { WorkQueueService } from './work-queue-service';
import type { LateCustomerPhotoDeletion } from './late-customer-photos';

export interface PersonalDataErasureDependencies {
  store: PassportRecords;
  passports: Pick<WorkQueueService, 'passportOf' | 'detailOf'>;
  payouts: PayoutErasure;
  customers: CustomerIndex;
  blobs: BlobStore;
  now: () => Date;
}

/**
 * Erases a customer's personal data from one passport (GDPR Art. 17), at a brand admin's request:
 * their name, e-mail address, postal address (all but the country), sealed bank account and what their
 * payout keeps of it (the masked IBAN), free-text reason, the photos they added, the take-back's label and QR code and the label of a parcel sent
 * back (which print their address), and the passport's place in the index of their paid take-backs.
 *
 * The files are found in the bucket, not on the passport: every photo under the customer's folder of
 * the passport (those whose upload address was issued but never listed, and those uploaded after the
 * passport was read, included) and the labels at the passport's own keys (one DHL made while the
 * customer cancelled is recorded nowhere).
 *
 * The passport goes first, in one write with its `PersonalDataErased` event on the version read (the
 * store lists it among its brand's recent erasures in the same write, where {@link LateCustomerPhotoDeletion}
 * finds it whatever its state), then the payout's bank account details, the index and the files: a request that loses a race to a change of the passport (the parcel
 * scanned in meanwhile, which makes the data needed again) leaves the index and the files as they
 * were, and is decided again on the passport as it is now. A passport erased already is answered as
 * it stands, after its payout's bank account details and its files are deleted once more (a request that died after the write leaves them
 * to the next one; a photo uploaded through an address issued while the take-back was open, valid
 * `PHOTO_UPLOAD_SECONDS`, 15 minutes, at most, goes then too, if {@link LateCustomerPhotoDeletion} has not deleted it
 * by itself already) and, when the erasure names the
 * customer (by their e-mail address), after it is taken out of their index once more.
 */
export class PersonalDataErasure {
  constructor(private readonly deps: PersonalDataErasureDependencies) {}

  /**
   * @throws NotFoundError for a passport of another brand; ConflictError (with `currentState`,
   *   `blockedBy` in words and `blockedReason` as a code) while the platform still needs the customer's data to reach, pay or send to them.
   */
  erase(staff: Staff, id: string, request: PersonalDataErasureRequest, customerEmail?: string): Promise<PassportDetail> {
    return retryingConcurrentChanges(async () => {
      const passport = await this.deps.passports.passportOf(staff, id);
      if (passport.erasure) {
        // Also a passport erased before 7 December 2026, whose payout kept the masked IBAN.
        await this.deps.payouts.forgetBankAccount(id);
        // The address is gone from an erased passport: only an erasure that names the customer can find their index.
        if (customerEmail !== undefined) await this.forgetInIndex(passport.brand, customerEmail, id);
        await this.deleteFiles(passport);
        return this.deps.passports.detailOf(passport);
      }
      const payout = await this.deps.payouts.getPayout(id);
      const blocker = erasureBlocker(passport, payout && { status: payout.status, fileWritten: await this.fileWritten(payout) });
      if (blocker) {
        throw new ConflictError(`The customer's personal data cannot be erased yet: ${blocker.text}.`, {
          currentState: passport.state,
          blockedBy: blocker.text,
          blockedReason: blocker.reason,
        });
      }
      const at = this.deps.now().toISOString();
      const erasure = { at, by: staff.subject, reason: request.reason };
      // On the version read: a passport moved on meanwhile (listed, sold) is decided again as it is now.
      const erased = await this.deps.store.amend(id, {
        in: PASSPORT_STATES,
        version: passport.version,
        at,
        set: { ...erasedCustomer(passport), erasure },
        remove: ['reason', 'customerPhotos'],
        event: { type: 'PersonalDataErased', data: { by: staff.subject, reason: request.reason } },
      });
      // Before the index: a request that dies here is found again by the customer's address, and its retry forgets it.
      await this.deps.payouts.forgetBankAccount(id);
      await this.forgetInIndex(passport.brand, passport.customer.email, id);
      // The day's count of the mailbox's take-backs (the label e-mail's cap) names it by its hash as well: an erasure by
      // the passport's id deletes it too (until 7 December 2026 only one by the address did; it lived on to its TTL, at
      // the end of the next day). A request that dies before this leaves it to that TTL: the address is gone by then.
      await this.deps.customers.forgetDailyCounts(passport.brand, mailboxHash(passport.customer.email));
      await this.deleteFiles(passport);
      return this.deps.passports.detailOf(erased);
    });
  }

  /**
   * Takes the take-back out of the index of the customer's take-backs, filed by their address's hash, and out of the paid
   * ones by its mailbox's (since 7 December 2026 the payout rules count a mailbox's take-backs, whatever the `+tag`; before,
   * an address's, filed under its own hash, which is the mailbox's for an address without a tag).
   */
  private async forgetInIndex(brand: string, email: string, id: string): Promise<void> {
    const hashes = new Set([customerEmailHash(email), mailboxHash(email)]);
    await Promise.all([...hashes].map((hash) => this.deps.customers.forget(brand, hash, id)));
  }

  /** Whether the bank file of the export that claimed the transfer is written; `undefined` for a payout no export claimed. */
  private async fileWritten(payout: PayoutRecord): Promise<boolean | undefined> {
    if (payout.status !== 'EXPORTED' || !payout.exportId) return undefined;
    return (await this.deps.payouts.getExport(payout.brand, payout.exportId))?.status === 'READY';
  }

  private async deleteFiles(passport: Passport): Promise<void> {
    const photos = await this.deps.blobs.keysUnder(customerPhotoPrefix(passport.brand, passport.id));
    const files = new Set([...labelsOf(passport), ...photos]);
    await Promise.all([...files].map((key) => this.deps.blobs.delete(key)));
  }
}

/**
 * A customer's erasure by their e-mail address, as their request names them: each of their take-backs
 * at the brand that the index of customers holds (those requested since 5 December 2026) is erased as
 * {@link PersonalDataErasure} erases one; those the platform still needs are answered with why, to be
 * erased once they are done. Asked again, it erases what has become erasable and answers the rest alike. The counts
 * of the take-backs per day of the address's mailbox (its address without a `+tag`), kept under that one's hash, go too.
 */
export class CustomerErasure {
  constructor(private readonly deps: { erasure: PersonalDataErasure; customers: CustomerIndex }) {}

  async erase(staff: Staff, request: CustomerErasureRequest): Promise<CustomerErasureResult> {
    // The take-backs of the address's mailbox, whatever their `+tag`, and those filed before by the address as typed.
    const hashes = [...new Set([mailboxHash(request.email), customerEmailHash(request.email)])];
    const ids = [...new Set((await Promise.all(hashes.map((hash) => this.deps.customers.takeBacksOf(staff.brand, hash)))).flat())];
    const result: CustomerErasureResult = { erased: [], blocked: [] };
    // One at a time: a customer has a handful of take-backs, and each erasure is a few writes.
    for (const id of ids.sort()) {
      try {
        const erased = await this.deps.erasure.erase(staff, id, { reason: request.reason }, request.email);
        result.erased.push({ id, state: erased.state });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const { currentState, blockedBy, blockedReason } = error.extensions as { currentState: PassportState; blockedBy?: string; blockedReason?: ErasureBlocker };
        result.blocked.push({ id, state: currentState, blockedBy: blockedBy ?? error.message, ...(blockedReason ? { blockedReason } : {}) });
      }
    }
    // The day's count of the take-backs of the address's mailbox (the label e-mail's cap, which counts `erika+1@…` as
    // `erika@…`) names its hash too. It goes even while a take-back is blocked: the cap only slows down labels sent to a
    // mailbox, and an admin's erasure resets it at most.
    await this.deps.customers.forgetDailyCounts(staff.brand, mailboxHash(request.email));
    return result;
  }
}

/**
 * The keys of the passport's labels, which print the customer's address: the take-back's and the
 * parcel's back, at the keys they are made under and at those the passport recorded.
 */
function labelsOf(passport: Passport): string[] {
  const { pdfKey, qrKey } = takeBackLabelKeys(passport.brand, passport.id);
  return [
    pdfKey,
    qrKey,
    returnLabelKey(passport.brand, passport.id),
    ...(passport.label ? [passport.label.pdfKey, passport.label.qrKey] : []),
    ...(passport.returnShipment ? [passport.returnShipment.pdfKey] : []),
  ];
}
