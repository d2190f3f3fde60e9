import { apiHandler } from '../../shared/http/api-handler';
import { StaffMemberPathSchema } from '../../shared/schemas/staff';
import { staffDirectory } from './compose';

const service = staffDirectory();

/** DELETE /v1/staff/{subject} (admin): a person's address taken out of the brand's staff directory. */
export const handler = apiHandler({ path: StaffMemberPathSchema, staff: ['admin'] }, async ({ path, staff }) => {
  await service.remove(staff.brand, path.subject);
  return { status: 204 };
});
