import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys, secretShownOnce } from '../../shared/http/idempotency';
import { CreateApiKeyRequestSchema } from '../../shared/schemas/vouchers';
import { apiKeyIssuer } from './compose';

const service = apiKeyIssuer();

/** POST /v1/api-keys (admin): a key for the brand's shop, shown once. */
export const handler = apiHandler(
  {
    body: CreateApiKeyRequestSchema,
    staff: ['admin'],
    idempotency: {
      guard: idempotencyKeys,
      scope: ({ staff }) => staff.brand,
      answers: secretShownOnce(
        (answer) =>
          `The API key ${(answer as { keyId: string }).keyId} was created by the first request with this Idempotency-Key; the key itself is shown once and not kept. Revoke it if its answer was lost, and create another.`,
      ),
    },
  },
  async ({ body, staff }) => ({ status: 201, body: await service.create(staff.brand, body.name), headers: { 'cache-control': 'no-store' } }),
);
