import { createHash } from 'node:crypto';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError } from '../domain/errors';
import { redeem, voucherStatus } from '../domain/vouchers';
import type { RedemptionRecord, Voucher, VoucherStore } from '../ports/payout-store';
import type { RedeemVoucherRequest, VoucherRedeemed, VoucherView } from '../schemas/vouchers';
import type { ApiKeyAuthentication } from './api-keys';

export interface VoucherLookupDependencies {
  /** The vouchers (any PayoutStore is one). */
  payouts: Pick<VoucherStore, 'getVoucher'>;
  apiKeys: Pick<ApiKeyAuthentication, 'keyOf' | 'brandOf'>;
  now: () => Date;
}

export interface VoucherServiceDependencies extends VoucherLookupDependencies {
  payouts: VoucherStore;
  newId: () => string;
}

/** How often a redemption reads again when concurrent redemptions changed the balance under it. */
const REDEEM_ATTEMPTS = 10;
/** The most a lost race waits, per attempt so far, before reading again, so that racers spread out. */
const BACKOFF_MS = 15;

/**
 * The brand shop's look-up of a voucher, with the shop's API key. A voucher of another brand is as
 * unknown as one that does not exist. The look-up's route carries none of the redemption's code.
 */
export class VoucherLookup<D extends VoucherLookupDependencies = VoucherLookupDependencies> {
  constructor(protected readonly deps: D) {}

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

  protected async voucherOf(brand: string, code: string): Promise<Voucher & { balance: number; currency: string }> {
    const voucher = await this.deps.payouts.getVoucher(code);
    if (!voucher || voucher.brand !== brand) throw new NotFoundError('No voucher with this code.');
    return { ...voucher, currency: voucher.value.currency };
  }
}

/** The brand shop's side of vouchers: look one up and redeem it, with the shop's API key. */
export class VoucherService extends VoucherLookup<VoucherServiceDependencies> {
  /**
   * Spends part or all of the balance, exactly once per `idempotencyKey` of one shop key: the
   * redemption is recorded under the hash of the calling API key's id and the Idempotency-Key in the
   * transaction that changes the balance, so a retry (after
   * any cache of answers forgot it, or racing the first) gets the first redemption back instead of
   * spending again. The write holds only on the balance that was read, so concurrent redemptions
   * never spend more than there is: a loser reads again and is either served from what is left or
   * refused.
   *
   * @throws NotFoundError (404) for an unknown code or another brand's; ConflictError (409) when
   *   the voucher has expired, the amount exceeds the balance, the currencies differ, or it is a
   *   discount code in the brand's Shopify shop (spent only at the shop's checkout);
   *   UnprocessableError (422) when the key was used for another redemption.
   */
  async redeem(apiKey: string | undefined, code: string, request: RedeemVoucherRequest, idempotencyKey?: string): Promise<VoucherRedeemed> {
    const { brand, keyId } = await this.deps.apiKeys.keyOf(apiKey);
    const key = idempotencyKey === undefined ? undefined : redemptionKeyOf(keyId, idempotencyKey);
    const asked = { amount: request.amount, orderRef: request.orderRef, currency: request.currency ?? null };
    for (let attempt = 1; attempt <= REDEEM_ATTEMPTS; attempt++) {
      const earlier = key === undefined ? undefined : await this.deps.payouts.getRedemption(code, key);
      const voucher = await this.voucherOf(brand, code);
      if (earlier) return sameRedemption(earlier, asked);
      if (voucher.issuer === 'shopify') throw spentOnlyInTheShop();
      const now = this.deps.now();
      redeem(voucher, { amount: request.amount, currency: request.currency ?? voucher.value.currency }, now);
      const redemption = { redemptionId: this.deps.newId(), amount: request.amount, orderRef: request.orderRef, at: now.toISOString() };
      const balance = voucher.balance - redemption.amount;
      const answer: VoucherRedeemed = {
        code: voucher.code,
        redemptionId: redemption.redemptionId,
        amount: redemption.amount,
        balance,
        currency: voucher.value.currency,
        status: voucherStatus({ balance, expiresAt: voucher.expiresAt }, now),
        redeemedAt: redemption.at,
      };
      const record = { key: key ?? `ID#${redemption.redemptionId}`, request: asked, answer };
      if (await this.deps.payouts.spendVoucher(voucher.code, brand, voucher.balance, redemption, record)) return answer;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * BACKOFF_MS * attempt));
    }
    throw new ConflictError('The voucher is being redeemed by other requests right now; retry in a moment.');
  }
}

/**
 * A voucher the brand's Shopify shop holds as a discount code is spent at the shop's checkout, which knows nothing of a
 * redemption here: redeemed here too, its value could be spent twice (it could until 7 December 2026). A single-use
 * fixed-amount code cannot be spent in part, so it is not changed from here either: the shop is the one place it is spent.
 */
function spentOnlyInTheShop(): ConflictError {
  return new ConflictError(
    "This voucher is a discount code in the brand's Shopify shop: it is redeemed only at the shop's checkout, where the customer enters the code.",
    { issuer: 'shopify' },
  );
}

/**
 * Where a redemption is recorded: the Idempotency-Key belongs to the API key that sent it. Two shops of
 * one brand (two API keys) may well number their orders alike and send the same key: each is its own
 * redemption, and neither is answered with the other's. Records written before 7 December 2026 hashed
 * the Idempotency-Key alone; the HTTP layer's own record (24 hours, scoped to the caller) answered a
 * retry of those across the change.
 */
function redemptionKeyOf(keyId: string, idempotencyKey: string): string {
  return `KEY#${createHash('sha256').update(`${keyId}\n${idempotencyKey}`).digest('hex')}`;
}

function sameRedemption(earlier: RedemptionRecord, asked: RedemptionRecord['request']): VoucherRedeemed {
  const { amount, orderRef, currency } = earlier.request;
  if (amount !== asked.amount || orderRef !== asked.orderRef || currency !== asked.currency) {
    throw new IdempotencyKeyReusedError('This Idempotency-Key was used for another redemption; use a new key for a new redemption.');
  }
  return earlier.answer;
}
