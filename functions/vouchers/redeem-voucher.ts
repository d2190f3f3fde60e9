import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { RedeemVoucherRequestSchema, VoucherPathSchema } from '../../shared/schemas/vouchers';
import { voucherService } from './compose';

const service = voucherService();

/** POST /v1/vouchers/{code}/redeem (the brand shop, x-api-key; Idempotency-Key) */
export const handler = apiHandler(
  {
    path: VoucherPathSchema,
    body: RedeemVoucherRequestSchema,
    authenticate: ({ headers }) => service.authenticate(headers['x-api-key']),
    // The caller is the key's id, never the key: only a hash of the scope is stored anyway.
    idempotency: { guard: idempotencyKeys, scope: ({ caller, path }) => `${caller}#${path.code}` },
  },
  async ({ path, body, headers }) => ({ status: 200, body: await service.redeem(headers['x-api-key'], path.code, body, headers['idempotency-key']) }),
);
