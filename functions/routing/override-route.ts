import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema, RouteOverrideRequestSchema } from '../../shared/schemas/staff';
import { routeOverrides } from '../receipt/compose';

const service = routeOverrides();

/** POST /v1/passports/{id}/route (ops; taking an item back from its repair partner: admin) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: RouteOverrideRequestSchema, staff: ['ops', 'admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.overrideRoute(staff, path.id, body) }),
);
