import { describe, expect, it } from 'vitest';
import { ANY_BRAND, shopifyTokenFor } from '../../shared/adapters/shopify/shopify-tokens';
import { VoucherIssuerRejectedError } from '../../shared/ports/voucher-issuer';

const admin = (host: string, protocol = 'https') => `${protocol}://${host}/admin/api/2025-07/graphql.json`;

describe("a brand's Shopify token for its vouchers", () => {
  const secret = {
    'demo.myshopify.com': { token: 'shpat_demo', brands: ['demo'] },
    'shared.myshopify.com': { token: 'shpat_shared', brands: ['demo', 'outlet'] },
    'single.myshopify.com': { token: 'shpat_single', brands: [ANY_BRAND] },
  };

  it('hands out the token of the shop only to the brands it is kept for', () => {
    expect(shopifyTokenFor(secret, admin('demo.myshopify.com'), 'demo')).toBe('shpat_demo');
    expect(shopifyTokenFor(secret, admin('shared.myshopify.com'), 'outlet')).toBe('shpat_shared');
    expect(shopifyTokenFor(secret, admin('single.myshopify.com'), 'anyone')).toBe('shpat_single');
  });

  it("refuses another brand that names the shop in its configuration, so no brand spends another's token", () => {
    expect(() => shopifyTokenFor(secret, admin('demo.myshopify.com'), 'rival')).toThrow(VoucherIssuerRejectedError);
    expect(() => shopifyTokenFor(secret, admin('demo.myshopify.com'), 'rival')).toThrow("The Shopify access token of demo.myshopify.com is not kept for rival's vouchers.");
  });

  it('sends a token over HTTPS only, or over HTTP to this machine, where the local sandbox shop runs', () => {
    const local = { '127.0.0.1:4010': { token: 'shpat_local', brands: [ANY_BRAND] }, 'localhost:4010': { token: 'shpat_local', brands: [ANY_BRAND] } };
    expect(() => shopifyTokenFor(secret, admin('demo.myshopify.com', 'http'), 'demo')).toThrow(
      "No Shopify access token is sent to the voucher issuer's adminApiUrl: it must be an https:// URL.",
    );
    expect(() => shopifyTokenFor(secret, admin('demo.myshopify.com', 'http'), 'demo')).toThrow(VoucherIssuerRejectedError);
    expect(shopifyTokenFor(local, admin('127.0.0.1:4010', 'http'), 'demo')).toBe('shpat_local');
    expect(shopifyTokenFor(local, admin('localhost:4010', 'http'), 'demo')).toBe('shpat_local');
  });

  it('refuses a shop without a token, and a secret in another form, such as the token alone by shop host', () => {
    expect(() => shopifyTokenFor(secret, admin('unknown.myshopify.com'), 'demo')).toThrow('No Shopify access token is kept for unknown.myshopify.com.');
    expect(() => shopifyTokenFor(secret, admin('__proto__'), 'demo')).toThrow(VoucherIssuerRejectedError);
    for (const other of [{ 'demo.myshopify.com': 'shpat_demo' }, { 'demo.myshopify.com': { token: 'shpat_demo', brands: [] } }, 'shpat_demo', null]) {
      expect(() => shopifyTokenFor(other, admin('demo.myshopify.com'), 'demo')).toThrow(/^The ShopifyAccessTokens secret must be/);
    }
  });
});
