import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema, RouteOverrideRequestSchema } from '../../shared/schemas/staff';
import { receipts } from '../receipt/compose';

const service = receipts();

/** POST /v1/passports/{id}/route (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: RouteOverrideRequestSchema, staff: ['ops', 'admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.overrideRoute(staff, path.id, body) }),
);
