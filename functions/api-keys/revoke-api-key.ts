import { apiHandler } from '../../shared/http/api-handler';
import { ApiKeyPathSchema } from '../../shared/schemas/vouchers';
import { apiKeys } from './compose';

const service = apiKeys();

/** DELETE /v1/api-keys/{keyId} (admin) */
export const handler = apiHandler({ path: ApiKeyPathSchema, staff: ['admin'] }, async ({ path, staff }) => {
  await service.revoke(staff.brand, path.keyId);
  return { status: 204 };
});
