import { apiHandler } from '../../shared/http/api-handler';
import { BrandPathSchema } from '../../shared/schemas/take-back';
import { takeBackOffers } from '../take-back/compose';

const service = takeBackOffers();

/** GET /v1/brands/{brand}/catalog */
export const handler = apiHandler({ path: BrandPathSchema }, async ({ path }) => ({
  status: 200,
  body: await service.catalog(path.brand),
  headers: { 'cache-control': 'public, max-age=60' },
}));
