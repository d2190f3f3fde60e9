import type { PassportState } from '../domain/lifecycle';
import type { Passport } from '../domain/passport';

/** One page of a work queue and the opaque cursor of the next, if there is one. */
export interface PassportPage {
  passports: Passport[];
  nextCursor?: string;
}

/** A brand's passports by state, newest change first, read page by page from an index (never a scan). */
export interface WorkQueue {
  /** @throws ValidationError when the cursor is not one this queue gave out. */
  passportsIn(brand: string, state: PassportState, page: { limit: number; cursor?: string }): Promise<PassportPage>;
  /** The brand's passport whose label has this carrier shipment number, if there is one. */
  passportOfShipment(brand: string, shipmentNo: string): Promise<Passport | undefined>;
}
