import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { BrandPathSchema, QuoteRequestSchema } from '../../shared/schemas/take-back';
import { takeBackOffers } from './compose';

const service = takeBackOffers();

/** POST /v1/brands/{brand}/quotes */
export const handler = apiHandler(
  { path: BrandPathSchema, body: QuoteRequestSchema, idempotency: { guard: idempotencyKeys, scope: ({ path }) => path.brand } },
  async ({ path, body }) => ({ status: 201, body: await service.quote(path.brand, body) }),
);
