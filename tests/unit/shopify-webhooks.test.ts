import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shopifyWebhookHmac, verifyShopifyWebhook } from '../../shared/webhooks/shopify-webhooks';

const secret = 'shpss_app_secret';
const body = '{"id":820982911946154508,"line_items":[{"sku":"DEMO01JD3V6Q8Z5W4X2Y1T0S9R8P7N"}]}';
const signed = createHmac('sha256', secret).update(body).digest('base64');

describe('verifyShopifyWebhook', () => {
  it('accepts the base64 HMAC-SHA256 of the raw body under the app secret', () => {
    expect(shopifyWebhookHmac(body, secret)).toBe(signed);
    expect(verifyShopifyWebhook(body, signed, [secret])).toBe(true);
    expect(verifyShopifyWebhook(Buffer.from(body), signed, [secret])).toBe(true);
  });

  it('accepts the old secret while it is rotated', () => {
    expect(verifyShopifyWebhook(body, signed, ['shpss_new_secret', secret])).toBe(true);
  });

  it('refuses a changed or re-serialized body, another secret, and a missing or malformed header', () => {
    expect(verifyShopifyWebhook(body.replace('820982', '820983'), signed, [secret])).toBe(false);
    expect(verifyShopifyWebhook(JSON.stringify(JSON.parse(body), null, 1), signed, [secret])).toBe(false);
    expect(verifyShopifyWebhook(body, signed, ['shpss_other'])).toBe(false);
    expect(verifyShopifyWebhook(body, undefined, [secret])).toBe(false);
    expect(verifyShopifyWebhook(body, 'not base64 at all', [secret])).toBe(false);
    expect(verifyShopifyWebhook(body, signed.slice(0, 20), [secret])).toBe(false);
    expect(verifyShopifyWebhook(body, signed, [])).toBe(false);
  });
});
