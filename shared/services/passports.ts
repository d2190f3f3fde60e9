import { NotFoundError } from '../domain/errors';
import type { Passport } from '../domain/passport';
import type { Staff } from '../http/staff';
import type { CarrierParty } from '../ports/label-carrier';
import type { PassportReads } from '../ports/passport-store';

// The two ways a service looks a passport up: a workflow's step by the id its event carries, and a
// staff member's request, which must never reach another brand's passport.

/** @throws NotFoundError when there is no passport `id`. */
export async function existingPassport(store: PassportReads, id: string): Promise<Passport> {
  const passport = await store.getPassport(id);
  if (!passport) throw new NotFoundError(`No passport ${id}.`);
  return passport;
}

/** @throws NotFoundError when there is no passport `id` of the staff member's brand: another brand's is answered alike. */
export async function staffPassport(store: PassportReads, staff: Staff, id: string): Promise<Passport> {
  const passport = await store.getPassport(id);
  if (!passport || passport.brand !== staff.brand) throw new NotFoundError(`No passport ${id}.`);
  return passport;
}

/** The passport's customer as a carrier prints them: the sender of the take-back's parcel, the receiver of one sent back. */
export function customerParty({ customer, address }: Pick<Passport, 'customer' | 'address'>): CarrierParty {
  const { street, houseNumber, postalCode, city, country } = address;
  return { name: customer.name, street, houseNumber, postalCode, city, country, email: customer.email };
}
