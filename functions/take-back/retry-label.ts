import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { LabelRetryRequestSchema, PassportPathSchema } from '../../shared/schemas/staff';
import { labelRetries } from './compose';

const retries = labelRetries();

/** POST /v1/passports/{id}/label (ops, admin): the return label DHL refused made again, the customer's address corrected first. */
export const handler = apiHandler(
  {
    path: PassportPathSchema,
    body: LabelRetryRequestSchema,
    staff: ['ops', 'admin'],
    idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` },
  },
  async ({ path, body, staff }) => ({ status: 202, body: await retries.retry(staff, path.id, body) }),
);
