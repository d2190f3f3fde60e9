import type { StaffMember } from '../schemas/staff';

/** The people of each brand's staff who signed in, by their tokens' subjects. */
export interface StaffDirectory {
  /** Records a visit; a visit recorded later already (a slower request of the same person) is kept. */
  record(brand: string, member: StaffMember): Promise<void>;
  /** Everyone recorded for the brand, in no particular order. */
  list(brand: string): Promise<StaffMember[]>;
  /** @returns `false` when the brand's directory has no such person. */
  remove(brand: string, subject: string): Promise<boolean>;
}
