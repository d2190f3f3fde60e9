import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { CreatePayoutExportQuerySchema } from '../../shared/schemas/payouts';
import { bankPayoutExports } from './compose';

const payoutExports = bankPayoutExports();

/** POST /v1/payouts/exports?executionDate= (admin): the waiting bank payouts as one pain.001 file. */
export const handler = apiHandler(
  { query: CreatePayoutExportQuerySchema, staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand } },
  async ({ query, staff, origin }) => {
    const created = await payoutExports.create(staff.brand, query.executionDate, origin);
    return { status: 201, body: created, headers: { location: created.fileUrl, 'cache-control': 'no-store' } };
  },
);
