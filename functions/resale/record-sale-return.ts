import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema, SaleReturnRequestSchema } from '../../shared/schemas/staff';
import { saleReturns } from './compose';

const service = saleReturns();

/** POST /v1/passports/{id}/sale-return (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: SaleReturnRequestSchema, staff: ['ops', 'admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.recordReturn(staff, path.id, body) }),
);
