import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { BrandPathSchema, TakeBackRequestSchema } from '../../shared/schemas/take-back';
import { takeBackService } from './compose';

const service = takeBackService();

/** POST /v1/brands/{brand}/take-backs */
export const handler = apiHandler(
  { path: BrandPathSchema, body: TakeBackRequestSchema, idempotency: { guard: idempotencyKeys, scope: ({ path }) => path.brand } },
  async ({ path, body, origin }) => {
    const created = await service.request(path.brand, body);
    // The answer carries the tracking token, the key to the customer's take-back: no cache on the way keeps it.
    return { status: 201, body: created, headers: { location: `${origin}/v1/take-backs/${created.id}`, 'cache-control': 'no-store' } };
  },
);
