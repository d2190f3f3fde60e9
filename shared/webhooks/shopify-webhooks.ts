/**
 * Verifying the webhooks a Shopify shop sends us (DESIGN.md §9), such as `orders/create`: Shopify
 * signs the raw body with the app's client secret and sends the base64 HMAC-SHA256 in the
 * `X-Shopify-Hmac-Sha256` header.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Shopify-Hmac-Sha256` value of a body: base64 HMAC-SHA256 of the raw bytes under the secret.
 *
 * @example
 * shopifyWebhookHmac('{"id":820982911946154508}', 'hush'); // 'qBvrsZF7RfB1iS6BX6IHqJTp5L911P7intnPeTPsH0I='
 */
export function shopifyWebhookHmac(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Whether a webhook's `X-Shopify-Hmac-Sha256` header signs this raw body under one of the secrets
 * (the current one, and the old one while it is rotated), compared in constant time. The body must
 * be the bytes as received: parsed and serialized again, it no longer matches.
 *
 * @example
 * verifyShopifyWebhook(rawBody, request.headers['x-shopify-hmac-sha256'], [secret]); // true or false
 */
export function verifyShopifyWebhook(rawBody: string | Uint8Array, hmacHeader: string | undefined, secrets: readonly string[]): boolean {
  if (!hmacHeader) return false;
  const given = Buffer.from(hmacHeader.trim(), 'base64');
  // A header that is not 32 bytes of base64 cannot be a SHA-256 HMAC.
  if (given.length !== 32) return false;
  return secrets.some((secret) => timingSafeEqual(given, Buffer.from(shopifyWebhookHmac(rawBody, secret), 'base64')));
}
