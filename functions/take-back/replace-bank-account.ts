import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { BankAccountEntrySchema } from '../../shared/schemas/payouts';
import { TakeBackPathSchema, TrackingQuerySchema } from '../../shared/schemas/take-back';
import { bankAccountReentry } from './compose';

const service = bankAccountReentry();

/** PUT /v1/take-backs/{id}/bank-account?token= (the customer, by tracking token) */
export const handler = apiHandler(
  {
    path: TakeBackPathSchema,
    query: TrackingQuerySchema,
    body: BankAccountEntrySchema,
    authenticate: ({ path, query }) => service.authenticateCustomer(path.id, query.token),
    idempotency: { guard: idempotencyKeys, scope: ({ path }) => path.id },
  },
  async ({ path, query, body }) => ({ status: 200, body: await service.replace(path.id, query.token, body) }),
);
