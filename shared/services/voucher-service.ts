import { ConflictError, NotFoundError } from '../domain/errors';
import { redeem, voucherStatus } from '../domain/vouchers';
import type { PayoutStore, Voucher } from '../ports/payout-store';
import type { RedeemVoucherRequest, VoucherRedeemed, VoucherView } from '../schemas/vouchers';
import type { ApiKeys } from './api-keys';

export interface VoucherServiceDependencies {
  payouts: PayoutStore;
  apiKeys: ApiKeys;
  now: () => Date;
  newId: () => string;
}

/** How often a redemption reads again when concurrent redemptions changed the balance under it. */
const REDEEM_ATTEMPTS = 8;

/**
 * The brand shop's side of vouchers: look one up and redeem it, with the shop's API key. A
 * voucher of another brand is as unknown as one that does not exist.
 */
export class VoucherService {
  constructor(private readonly deps: VoucherServiceDependencies) {}

  /**
   * Refuses a request without a valid brand shop key (401) before anything of it is read.
   * @returns the key's id, which names the caller.
   * @throws UnauthenticatedError
   */
  async authenticate(apiKey: string | undefined): Promise<string> {
    return (await this.deps.apiKeys.keyOf(apiKey)).keyId;
  }

  async lookup(apiKey: string | undefined, code: string): Promise<VoucherView> {
    const voucher = await this.voucherOf(await this.deps.apiKeys.brandOf(apiKey), code);
    return {
      code: voucher.code,
      value: voucher.value,
      balance: voucher.balance,
      status: voucherStatus(voucher, this.deps.now()),
      expiresAt: voucher.expiresAt,
    };
  }

  /**
   * Spends part or all of the balance. The write is conditional on the balance it needs, so
   * concurrent redemptions never spend more than there is: a loser reads again and is either
   * served from what is left or refused.
   *
   * @throws NotFoundError (404) for an unknown code or another brand's; ConflictError (409) when
   *   the voucher has expired, the amount exceeds the balance, or the currencies differ.
   */
  async redeem(apiKey: string | undefined, code: string, request: RedeemVoucherRequest): Promise<VoucherRedeemed> {
    const brand = await this.deps.apiKeys.brandOf(apiKey);
    for (let attempt = 1; attempt <= REDEEM_ATTEMPTS; attempt++) {
      const voucher = await this.voucherOf(brand, code);
      const now = this.deps.now();
      redeem(voucher, { amount: request.amount, currency: request.currency ?? voucher.value.currency }, now);
      const redemption = { redemptionId: this.deps.newId(), amount: request.amount, orderRef: request.orderRef, at: now.toISOString() };
      const balance = await this.deps.payouts.spendVoucher(voucher.code, brand, redemption.at, redemption);
      if (balance !== undefined) {
        return {
          code: voucher.code,
          redemptionId: redemption.redemptionId,
          amount: redemption.amount,
          balance,
          currency: voucher.value.currency,
          status: voucherStatus({ balance, expiresAt: voucher.expiresAt }, now),
          redeemedAt: redemption.at,
        };
      }
    }
    throw new ConflictError('The voucher is being redeemed by other requests right now; retry in a moment.');
  }

  private async voucherOf(brand: string, code: string): Promise<Voucher & { balance: number; currency: string }> {
    const voucher = await this.deps.payouts.getVoucher(code);
    if (!voucher || voucher.brand !== brand) throw new NotFoundError('No voucher with this code.');
    return { ...voucher, currency: voucher.value.currency };
  }
}
