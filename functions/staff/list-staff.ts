import { STAFF_ROLES } from '../../shared/http/staff';
import { apiHandler } from '../../shared/http/api-handler';
import { staffDirectory } from './compose';

const service = staffDirectory();

/** GET /v1/staff (any staff role): the brand's staff directory, so that pages name people instead of subjects. */
export const handler = apiHandler({ staff: STAFF_ROLES }, async ({ staff }) => ({
  status: 200,
  body: await service.list(staff.brand),
  headers: { 'cache-control': 'no-store' },
}));
