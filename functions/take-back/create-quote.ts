import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { BrandPathSchema, QuoteRequestSchema } from '../../shared/schemas/take-back';
import { TakeBackOffers } from '../../shared/services/take-back-offers';
import { newId } from '../../shared/services/tokens';
import { now, takeBackStore } from '../commons/stores';

// Built here, not by the area's compose.ts: the offer needs the table only.
const service = new TakeBackOffers({ store: takeBackStore(), now, newId });

/** POST /v1/brands/{brand}/quotes */
export const handler = apiHandler(
  { path: BrandPathSchema, body: QuoteRequestSchema, idempotency: { guard: idempotencyKeys, scope: ({ path }) => path.brand } },
  async ({ path, body }) => ({ status: 201, body: await service.quote(path.brand, body) }),
);
