import { DynamoDbApiKeyLookup } from '../../shared/adapters/dynamodb/api-key-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { requiredEnv } from '../../shared/config';
import { ApiKeyAuthentication } from '../../shared/services/api-keys';
import { newId } from '../../shared/services/tokens';
import { VoucherLookup, VoucherService } from '../../shared/services/voucher-service';
import { now, voucherStore } from '../commons/stores';

// The brand shops' side of the vouchers: look up and redeem with an API key, which these routes
// only check (the api-keys/ handlers make, list and revoke them).

const apiKeyAuthentication = () => new ApiKeyAuthentication({ keys: new DynamoDbApiKeyLookup(requiredEnv('TABLE_NAME'), dynamoDbClient()), now });

/** For the look-up: no redemption, no new ids. */
export const voucherLookup = () => new VoucherLookup({ payouts: voucherStore(), apiKeys: apiKeyAuthentication(), now });

export function voucherService(): VoucherService {
  return new VoucherService({ payouts: voucherStore(), apiKeys: apiKeyAuthentication(), now, newId });
}
