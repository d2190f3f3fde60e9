import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema, TakeBackCancellationRequestSchema } from '../../shared/schemas/staff';
import { StaffTakeBackCancellation } from '../../shared/services/take-back-cancellation';
import { now, passportRecords, workQueue } from '../commons/stores';

const store = passportRecords();
const service = new StaffTakeBackCancellation({ store, passports: workQueue(store), now });

/** POST /v1/passports/{id}/cancellation (ops, admin): a take-back cancelled for its customer. */
export const handler = apiHandler(
  {
    path: PassportPathSchema,
    body: TakeBackCancellationRequestSchema,
    staff: ['ops', 'admin'],
    idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` },
  },
  async ({ path, body, staff }) => ({ status: 200, body: await service.cancel(staff, path.id, body) }),
);
