import { apiHandler } from '../../shared/http/api-handler';
import { BrandPathSchema } from '../../shared/schemas/take-back';
import { TakeBackOffers } from '../../shared/services/take-back-offers';
import { newId } from '../../shared/services/tokens';
import { now, passportStore } from '../commons/stores';

// Built here, not by the area's compose.ts: the catalog and the offer need the table only.
const service = new TakeBackOffers({ store: passportStore(), now, newId });

/** GET /v1/brands/{brand}/catalog */
export const handler = apiHandler({ path: BrandPathSchema }, async ({ path }) => ({
  status: 200,
  body: await service.catalog(path.brand),
  headers: { 'cache-control': 'public, max-age=60' },
}));
