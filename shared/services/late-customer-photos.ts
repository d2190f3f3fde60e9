import { customerPhotoPrefix, LATE_CUSTOMER_PHOTO_SWEEP_MINUTES, PHOTO_UPLOAD_SECONDS } from '../domain/photos';
import type { BlobStore } from '../ports/blob-store';
import type { StalledPassportIndex } from '../ports/stalled-passports';

/**
 * The passports read: those changed (erased, for the ones that matter) within the last half hour. A late photo lands at
 * most `PHOTO_UPLOAD_SECONDS` (15 minutes) after the erasure, the next run comes at most five minutes later, and the
 * rest is room for a run that starts late or fails once; each erased passport is looked at six times or so, a listing
 * of an empty folder each.
 */
const LOOKBACK_MS = (PHOTO_UPLOAD_SECONDS + 3 * LATE_CUSTOMER_PHOTO_SWEEP_MINUTES * 60) * 1000;

export interface LateCustomerPhotoDeletionDependencies {
  /** The brands and their passports of a state by the time of their last change. */
  passports: Pick<StalledPassportIndex, 'brands' | 'passportsIn'>;
  blobs: Pick<BlobStore, 'keysUnder' | 'delete'>;
  now: () => Date;
}

/**
 * Deletes the photos a customer uploaded after their data was erased. A presigned upload address cannot be taken
 * back: one the customer was given before their take-back was cancelled still takes a photo until it expires
 * (`PHOTO_UPLOAD_SECONDS` after it was issued), even after the erasure deleted the folder. Only cancelled take-backs
 * can get one: an address is issued only until the parcel is received, and the erasure of a take-back still open is
 * refused. So every few minutes the cancelled take-backs erased within the last half hour are looked at, and what is
 * in their customer's folder is deleted, with no need for the brand to ask for the erasure again.
 */
export class LateCustomerPhotoDeletion {
  constructor(private readonly deps: LateCustomerPhotoDeletionDependencies) {}

  /** @returns how many photos were deleted, over every brand. */
  async sweep(): Promise<{ deleted: number }> {
    const now = this.deps.now();
    const changed = { from: new Date(now.getTime() - LOOKBACK_MS).toISOString(), to: now.toISOString() };
    let deleted = 0;
    for (const brand of await this.deps.passports.brands()) {
      const erased = (await this.deps.passports.passportsIn(brand, 'CANCELLED', changed)).filter((passport) => passport.erasure);
      for (const passport of erased) {
        const keys = await this.deps.blobs.keysUnder(customerPhotoPrefix(passport.brand, passport.id));
        await Promise.all(keys.map((key) => this.deps.blobs.delete(key)));
        deleted += keys.length;
      }
    }
    return { deleted };
  }
}
