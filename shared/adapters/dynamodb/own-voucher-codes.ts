import type { VoucherIssuer } from '../../ports/voucher-issuer';

/**
 * The default VoucherIssuer: our own codes. The voucher record the payout store writes when it
 * issues the voucher is the code's ledger, which the brand shop redeems against through our API,
 * so there is nothing else to call.
 */
export class OwnVoucherCodes implements VoucherIssuer {
  readonly kind = 'kreislauf';

  async issue(): Promise<{ externalId?: string }> {
    return {};
  }
}
