import { apiHandler } from '../../shared/http/api-handler';
import { TakeBackPathSchema, TrackingQuerySchema } from '../../shared/schemas/take-back';
import { takeBackTracking } from './compose';

const service = takeBackTracking();

/** GET /v1/take-backs/{id}?token= */
export const handler = apiHandler({ path: TakeBackPathSchema, query: TrackingQuerySchema }, async ({ path, query, origin }) => ({
  status: 200,
  body: await service.status(path.id, query.token, origin),
  headers: { 'cache-control': 'no-store' },
}));
