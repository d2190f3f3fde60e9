import { customerPhotoPrefix, LATE_CUSTOMER_PHOTO_LOOKBACK_SECONDS } from '../domain/photos';
import type { BlobStore } from '../ports/blob-store';
import type { RecentErasures } from '../ports/recent-erasures';

export interface LateCustomerPhotoDeletionDependencies {
  /** The brands and their passports erased lately, whatever their state. */
  erasures: RecentErasures;
  blobs: Pick<BlobStore, 'keysUnder' | 'delete'>;
  now: () => Date;
}

/**
 * Deletes the photos a customer uploaded after their data was erased. A presigned upload address cannot be taken
 * back: one the customer was given while the take-back was open still takes a photo until it expires
 * (`PHOTO_UPLOAD_SECONDS` after it was issued), even after the erasure deleted the folder. An address is issued until
 * the parcel is received, and within its 15 minutes the parcel can be received, graded and the data erased: a
 * cancelled take-back, but also one rejected, paid nothing, or whose voucher was issued. So every few minutes the
 * passports erased within the last half hour, whatever their state, are looked at (their brand's recent erasures,
 * which the erasure's write lists), and what is in their customer's folder is deleted, with no need for the brand to
 * ask for the erasure again. Until 7 December 2026 only the cancelled take-backs were looked at.
 */
export class LateCustomerPhotoDeletion {
  constructor(private readonly deps: LateCustomerPhotoDeletionDependencies) {}

  /** @returns how many photos were deleted, over every brand. */
  async sweep(): Promise<{ deleted: number }> {
    const now = this.deps.now();
    const erased = { from: new Date(now.getTime() - LATE_CUSTOMER_PHOTO_LOOKBACK_SECONDS * 1000).toISOString(), to: now.toISOString() };
    let deleted = 0;
    for (const brand of await this.deps.erasures.brands()) {
      for (const erasure of await this.deps.erasures.erasedWithin(brand, erased)) {
        const keys = await this.deps.blobs.keysUnder(customerPhotoPrefix(erasure.brand, erasure.passportId));
        await Promise.all(keys.map((key) => this.deps.blobs.delete(key)));
        deleted += keys.length;
      }
    }
    return { deleted };
  }
}
