import { apiHandler } from '../../shared/http/api-handler';
import { CounterOfferAnswerSchema } from '../../shared/schemas/grading';
import { TakeBackPathSchema, TrackingQuerySchema } from '../../shared/schemas/take-back';
import { receiptAndGrading } from '../commons/dependencies';

const service = receiptAndGrading();

/** POST /v1/take-backs/{id}/counter-offer?token= (the customer, by tracking token) */
export const handler = apiHandler(
  { path: TakeBackPathSchema, query: TrackingQuerySchema, body: CounterOfferAnswerSchema, idempotency: { scope: 'pathParameters.id' } },
  async ({ path, query, body }) => ({ status: 200, body: await service.answerCounterOffer(path.id, query.token, body.accept) }),
);
