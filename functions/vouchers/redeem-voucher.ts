import { apiHandler } from '../../shared/http/api-handler';
import { RedeemVoucherRequestSchema, VoucherPathSchema } from '../../shared/schemas/vouchers';
import { voucherService } from '../commons/dependencies';

const service = voucherService();

/** POST /v1/vouchers/{code}/redeem (the brand shop, x-api-key; Idempotency-Key) */
export const handler = apiHandler(
  {
    path: VoucherPathSchema,
    body: RedeemVoucherRequestSchema,
    authenticate: ({ headers }) => service.authenticate(headers['x-api-key']),
    // Powertools stores a hash of the scope, so the key itself is never written down.
    idempotency: { scope: ['headers."x-api-key"', 'pathParameters.code'] },
  },
  async ({ path, body, headers }) => ({ status: 200, body: await service.redeem(headers['x-api-key'], path.code, body) }),
);
