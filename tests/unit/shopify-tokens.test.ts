import { describe, expect, it } from 'vitest';
import { ANY_BRAND, shopifyTokenFor } from '../../shared/adapters/shopify/shopify-tokens';
import { VoucherIssuerRejectedError } from '../../shared/ports/voucher-issuer';

describe("a brand's Shopify token for its vouchers", () => {
  const secret = {
    'demo.myshopify.com': { token: 'shpat_demo', brands: ['demo'] },
    'shared.myshopify.com': { token: 'shpat_shared', brands: ['demo', 'outlet'] },
    'single.myshopify.com': { token: 'shpat_single', brands: [ANY_BRAND] },
  };

  it('hands out the token of the shop only to the brands it is kept for', () => {
    expect(shopifyTokenFor(secret, 'demo.myshopify.com', 'demo')).toBe('shpat_demo');
    expect(shopifyTokenFor(secret, 'shared.myshopify.com', 'outlet')).toBe('shpat_shared');
    expect(shopifyTokenFor(secret, 'single.myshopify.com', 'anyone')).toBe('shpat_single');
  });

  it("refuses another brand that names the shop in its configuration, so no brand spends another's token", () => {
    expect(() => shopifyTokenFor(secret, 'demo.myshopify.com', 'rival')).toThrow(VoucherIssuerRejectedError);
    expect(() => shopifyTokenFor(secret, 'demo.myshopify.com', 'rival')).toThrow("The Shopify access token of demo.myshopify.com is not kept for rival's vouchers.");
  });

  it('refuses a shop without a token, and a secret in another form, such as the token alone by shop host', () => {
    expect(() => shopifyTokenFor(secret, 'unknown.myshopify.com', 'demo')).toThrow('No Shopify access token is kept for unknown.myshopify.com.');
    expect(() => shopifyTokenFor(secret, '__proto__', 'demo')).toThrow(VoucherIssuerRejectedError);
    for (const other of [{ 'demo.myshopify.com': 'shpat_demo' }, { 'demo.myshopify.com': { token: 'shpat_demo', brands: [] } }, 'shpat_demo', null]) {
      expect(() => shopifyTokenFor(other, 'demo.myshopify.com', 'demo')).toThrow(/^The ShopifyAccessTokens secret must be/);
    }
  });
});
