import { apiHandler } from '../../shared/http/api-handler';
import { STAFF_BRAND_PATH } from '../../shared/http/staff';
import { PassportPathSchema, RouteOverrideRequestSchema } from '../../shared/schemas/staff';
import { receiptAndGrading } from '../commons/dependencies';

const service = receiptAndGrading();

/** POST /v1/passports/{id}/route (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: RouteOverrideRequestSchema, staff: ['ops', 'admin'], idempotency: { scope: [STAFF_BRAND_PATH, 'pathParameters.id'] } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.overrideRoute(staff, path.id, body) }),
);
