import { NotFoundError, UnprocessableError } from '../domain/errors';
import { isStaffEmail, STAFF_SUBJECT_FORM } from '../domain/staff-member';
import type { Staff } from '../http/staff';
import type { StaffDirectory } from '../ports/staff-directory';
import type { StaffDirectory as StaffDirectoryView, StaffMember } from '../schemas/staff';

export interface StaffDirectoryDependencies {
  directory: StaffDirectory;
  now: () => Date;
}

/**
 * Who is who on a brand's staff. A passport, its events and the configuration's history name a person by their
 * token's subject (a UUID under Cognito), never by an address; the directory maps those subjects to the e-mail
 * addresses their ID tokens carried when they last opened the console, which records them.
 */
export class StaffDirectoryService {
  constructor(private readonly deps: StaffDirectoryDependencies) {}

  /** `PUT /v1/staff/me`: the caller as their token names them, now. */
  async seen(staff: Staff): Promise<StaffMember> {
    if (staff.email === undefined) {
      throw new UnprocessableError('The token carries no e-mail address to record (a Cognito ID token does).');
    }
    if (!STAFF_SUBJECT_FORM.test(staff.subject)) {
      throw new UnprocessableError('The token\'s subject is not one the staff directory can name (1 to 128 letters, digits and _ . : @ | + -), so it is not recorded.');
    }
    if (!isStaffEmail(staff.email)) {
      throw new UnprocessableError('The token\'s e-mail address is not one address (no spaces, line breaks or control characters, one @), so it is not recorded.');
    }
    const member = { subject: staff.subject, email: staff.email, roles: staff.roles, seenAt: this.deps.now().toISOString() };
    await this.deps.directory.record(staff.brand, member);
    return member;
  }

  /** `GET /v1/staff`: the brand's staff by e-mail address. */
  async list(brand: string): Promise<StaffDirectoryView> {
    const staff = await this.deps.directory.list(brand);
    return { staff: staff.sort((a, b) => a.email.localeCompare(b.email, 'en') || a.subject.localeCompare(b.subject, 'en')) };
  }

  /**
   * `DELETE /v1/staff/{subject}` (admin): the person's address leaves the directory, and the pages name what they did by
   * their subject again. Someone who still has access is recorded again when they next open the console.
   * @throws NotFoundError when the brand's directory has no such person.
   */
  async remove(brand: string, subject: string): Promise<void> {
    if (!(await this.deps.directory.remove(brand, subject))) throw new NotFoundError(`No one with the subject ${subject} is in the staff directory.`);
  }
}
