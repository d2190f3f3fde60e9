import type { BrandDirectory } from './brand-directory';

/** A passport whose customer's data was erased, as its brand's recent erasures list it. */
export interface RecentErasure {
  passportId: string;
  brand: string;
  erasedAt: string;
}

/**
 * The brands' recent erasures (the last hour's), whatever state each passport was erased in: what the deletion of
 * photos uploaded after an erasure reads, brand by brand.
 */
export interface RecentErasures extends BrandDirectory {
  /** The brand's passports erased within `[from, to]` (ISO timestamps), oldest first. */
  erasedWithin(brand: string, erased: { from: string; to: string }): Promise<RecentErasure[]>;
}
