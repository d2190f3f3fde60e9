import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { TakeBackPathSchema, TrackingQuerySchema } from '../../shared/schemas/take-back';
import { takeBackCancellation } from './compose';

const service = takeBackCancellation();

/** POST /v1/take-backs/{id}/cancellation?token= (the customer, by tracking token) */
export const handler = apiHandler(
  {
    path: TakeBackPathSchema,
    query: TrackingQuerySchema,
    authenticate: ({ path, query }) => service.authenticateCustomer(path.id, query.token),
    idempotency: { guard: idempotencyKeys, scope: ({ path }) => path.id },
  },
  async ({ path, query }) => ({ status: 200, body: await service.cancel(path.id, query.token) }),
);
