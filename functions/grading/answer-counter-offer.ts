import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { CounterOfferAnswerSchema } from '../../shared/schemas/grading';
import { TakeBackPathSchema, TrackingQuerySchema } from '../../shared/schemas/take-back';
import { counterOfferAnswers } from '../receipt/compose';

const service = counterOfferAnswers();

/** POST /v1/take-backs/{id}/counter-offer?token= (the customer, by tracking token) */
export const handler = apiHandler(
  {
    path: TakeBackPathSchema,
    query: TrackingQuerySchema,
    body: CounterOfferAnswerSchema,
    authenticate: ({ path, query }) => service.authenticateCustomer(path.id, query.token),
    idempotency: { guard: idempotencyKeys, scope: ({ path }) => path.id },
  },
  async ({ path, query, body }) => ({ status: 200, body: await service.answerCounterOffer(path.id, query.token, body.accept) }),
);
