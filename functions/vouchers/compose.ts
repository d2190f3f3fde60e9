import { newId } from '../../shared/services/tokens';
import { VoucherService } from '../../shared/services/voucher-service';
import { apiKeys } from '../api-keys/compose';
import { now, payoutStore } from '../commons/stores';

// The brand shops' side of the vouchers: look up and redeem with an API key.

export function voucherService(): VoucherService {
  return new VoucherService({ payouts: payoutStore(), apiKeys: apiKeys(), now, newId });
}
