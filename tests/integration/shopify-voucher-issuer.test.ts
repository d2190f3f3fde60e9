import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOPIFY_SANDBOX_TOKEN, startShopifySandbox, type ShopifySandbox } from '../../local/sandboxes/shopify/sandbox';
import { ShopifyVoucherIssuer } from '../../shared/adapters/shopify/shopify-voucher-issuer';
import { voucherCodeFrom } from '../../shared/domain/vouchers';
import { VoucherIssuerRejectedError, VoucherIssuerUnavailableError, type VoucherToIssue } from '../../shared/ports/voucher-issuer';
import { newId } from '../../shared/services/tokens';
import { randomBytes } from 'node:crypto';

describe('ShopifyVoucherIssuer against the Shopify sandbox', () => {
  let shop: ShopifySandbox;
  let issuer: ShopifyVoucherIssuer;

  beforeAll(async () => {
    shop = await startShopifySandbox();
    issuer = new ShopifyVoucherIssuer({ adminApiUrl: shop.adminApiUrl, accessToken: async () => SHOPIFY_SANDBOX_TOKEN });
  });
  afterAll(() => shop.stop());

  const aVoucher = (): VoucherToIssue => ({
    voucherId: newId(),
    code: voucherCodeFrom(randomBytes(16)),
    brand: 'demo',
    value: { amount: 16_890, currency: 'EUR' },
    issuedAt: '2026-11-04T10:00:00.000Z',
    expiresAt: '2029-11-03T23:59:59.999Z',
  });

  it('creates a single-use discount code of the voucher value with our code', async () => {
    const voucher = aVoucher();
    const { externalId } = await issuer.issue(voucher);
    expect(externalId).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\//);
    expect(shop.discounts().find((d) => d.code === voucher.code)).toMatchObject({ amount: '168.90', usageLimit: 1, endsAt: voucher.expiresAt });
  });

  it("says who may use the code in the words of the shop's API version: customerSelection before 2025-10, context from it", async () => {
    const voucher = aVoucher();
    // The sandbox's adminApiUrl is of 2025-01, the version the project's docs and local cloud configure.
    await issuer.issue(voucher);
    expect(shop.discounts().find((d) => d.code === voucher.code)).toMatchObject({ eligibility: 'customerSelection' });

    for (const version of ['2025-10', '2026-01', 'unstable']) {
      const later = aVoucher();
      await new ShopifyVoucherIssuer({ adminApiUrl: shop.adminApiUrlOf(version), accessToken: async () => SHOPIFY_SANDBOX_TOKEN }).issue(later);
      expect(shop.discounts().find((d) => d.code === later.code)).toMatchObject({ amount: '168.90', eligibility: 'context' });
    }
  });

  it('collides on a retry instead of creating a second code, and answers with the first', async () => {
    const voucher = aVoucher();
    const first = await issuer.issue(voucher);
    const retried = await issuer.issue(voucher);
    expect(retried).toEqual(first);
    expect(shop.discounts().filter((d) => d.code === voucher.code)).toHaveLength(1);
  });

  it('refuses a code another discount of the shop holds', async () => {
    const voucher = aVoucher();
    await issuer.issue(voucher);
    await expect(issuer.issue({ ...aVoucher(), code: voucher.code.toLowerCase() })).rejects.toBeInstanceOf(VoucherIssuerRejectedError);
  });

  it('tells a throttled shop (worth a retry) from refused credentials (not)', async () => {
    shop.setFaults({ failNext: 1, status: 429 });
    await expect(issuer.issue(aVoucher())).rejects.toBeInstanceOf(VoucherIssuerUnavailableError);
    const wrongToken = new ShopifyVoucherIssuer({ adminApiUrl: shop.adminApiUrl, accessToken: async () => 'shpat_wrong' });
    await expect(wrongToken.issue(aVoucher())).rejects.toBeInstanceOf(VoucherIssuerRejectedError);
  });

  it('passes a refusal of the token lookup (no token kept for the shop) on as it is, not as an unreachable shop', async () => {
    const noToken = new ShopifyVoucherIssuer({
      adminApiUrl: shop.adminApiUrl,
      accessToken: async () => {
        throw new VoucherIssuerRejectedError('No Shopify access token is kept for the shop.');
      },
    });
    await expect(noToken.issue(aVoucher())).rejects.toThrow(new VoucherIssuerRejectedError('No Shopify access token is kept for the shop.'));
    await expect(noToken.issue(aVoucher())).rejects.not.toBeInstanceOf(VoucherIssuerUnavailableError);
  });
});
