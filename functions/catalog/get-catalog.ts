import { apiHandler } from '../../shared/http/api-handler';
import { BrandPathSchema } from '../../shared/schemas/take-back';
import { CatalogView } from '../../shared/services/take-back-offers';
import { brandCatalogs } from '../commons/stores';

// The catalog reads the brand's configuration and nothing else of the table.
const service = new CatalogView({ catalogs: brandCatalogs() });

/** GET /v1/brands/{brand}/catalog */
export const handler = apiHandler({ path: BrandPathSchema }, async ({ path }) => ({
  status: 200,
  body: await service.catalog(path.brand),
  headers: { 'cache-control': 'public, max-age=60' },
}));
