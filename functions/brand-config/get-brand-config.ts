import { apiHandler } from '../../shared/http/api-handler';
import { brandConfigView } from './compose';

const service = brandConfigView();

/** GET /v1/brand-config (admin): the whole configuration, with the ETag a change must send as If-Match. */
export const handler = apiHandler({ staff: ['admin'] }, async ({ staff }) => {
  const { catalog, etag } = await service.read(staff);
  return { status: 200, body: catalog, headers: { etag, 'cache-control': 'no-store' } };
});
