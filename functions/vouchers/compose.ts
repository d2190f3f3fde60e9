import { newId } from '../../shared/services/tokens';
import { VoucherService } from '../../shared/services/voucher-service';
import { apiKeys } from '../api-keys/compose';
import { now, voucherStore } from '../commons/stores';

// The brand shops' side of the vouchers: look up and redeem with an API key.

export function voucherService(): VoucherService {
  return new VoucherService({ payouts: voucherStore(), apiKeys: apiKeys(), now, newId });
}
