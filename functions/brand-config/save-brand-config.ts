import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { BrandCatalogSchema } from '../../shared/schemas/brand-config';
import { brandConfiguration } from './compose';

const service = brandConfiguration();

/** PUT /v1/brand-config (admin): replaces the whole configuration, only on top of the version its If-Match names. */
export const handler = apiHandler(
  { body: BrandCatalogSchema, staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand } },
  async ({ body, staff, headers }) => {
    const { catalog, etag } = await service.save(staff, body, { ifMatch: headers['if-match'], ifNoneMatch: headers['if-none-match'] });
    return { status: 200, body: catalog, headers: { etag, 'cache-control': 'no-store' } };
  },
);
