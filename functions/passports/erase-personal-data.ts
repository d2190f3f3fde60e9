import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema, PersonalDataErasureRequestSchema } from '../../shared/schemas/staff';
import { personalDataErasure } from './compose';

const service = personalDataErasure();

/** POST /v1/passports/{id}/erasure (admin): the customer's personal data erased from the passport. */
export const handler = apiHandler(
  {
    path: PassportPathSchema,
    body: PersonalDataErasureRequestSchema,
    staff: ['admin'],
    idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` },
  },
  async ({ path, body, staff }) => ({ status: 200, body: await service.erase(staff, path.id, body) }),
);
