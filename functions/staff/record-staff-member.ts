import { STAFF_ROLES } from '../../shared/http/staff';
import { apiHandler } from '../../shared/http/api-handler';
import { staffDirectory } from './compose';

const service = staffDirectory();

/** PUT /v1/staff/me (any staff role): the caller's e-mail address and roles recorded for their subject. */
export const handler = apiHandler({ staff: STAFF_ROLES }, async ({ staff }) => ({ status: 200, body: await service.seen(staff) }));
