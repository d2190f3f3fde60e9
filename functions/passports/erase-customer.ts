import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { CustomerErasureRequestSchema } from '../../shared/schemas/staff';
import { customerErasure } from './compose';

const service = customerErasure();

/** POST /v1/customers/erasure (admin): a customer's personal data erased from each of their take-backs. */
export const handler = apiHandler(
  {
    body: CustomerErasureRequestSchema,
    staff: ['admin'],
    idempotency: { guard: idempotencyKeys, scope: ({ staff }) => `${staff.brand}#customers` },
  },
  async ({ body, staff }) => ({ status: 200, body: await service.erase(staff, body) }),
);
