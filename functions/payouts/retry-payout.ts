import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema } from '../../shared/schemas/staff';
import { payoutRetries } from './compose';

const retries = payoutRetries();

/** POST /v1/passports/{id}/payout (admin): the payout workflow started again, once its cause is put right. */
export const handler = apiHandler(
  { path: PassportPathSchema, staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` } },
  async ({ path, staff }) => ({ status: 202, body: await retries.retry(staff, path.id) }),
);
