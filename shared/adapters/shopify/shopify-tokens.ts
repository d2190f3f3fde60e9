import * as z from 'zod/mini';
import { outboundUrlOf } from '../../domain/url-policy';
import { VoucherIssuerRejectedError } from '../../ports/voucher-issuer';
import { schema } from '../../schemas/common';

/** Every brand may use the token: for a stack of one brand, and the local cloud's sandbox shop. */
export const ANY_BRAND = '*';

/**
 * The `ShopifyAccessTokens` secret: by shop host, the Admin API token and the brands whose vouchers
 * may be made in that shop. A brand's configuration names the shop it issues vouchers in, so
 * without the brands one brand's admin could point at another brand's shop and spend its token.
 */
const ShopifyTokensSchema = /* @__PURE__ */ schema(() =>
  z.record(z.string(), z.strictObject({ token: z.string().check(z.minLength(1)), brands: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)) })),
);

/**
 * The token kept for the shop of `adminApiUrl` (its host) for `brand`'s vouchers, to be sent there.
 *
 * @throws VoucherIssuerRejectedError when the outbound URL policy would not send to the address (plain
 * HTTP to another machine than this one among it: the token would cross the network readable), when the secret is not in that form, keeps no token
 * for the shop, or keeps it for other brands (the payout then waits for a person, as for a refused token).
 * @example
 * shopifyTokenFor({ 'demo.myshopify.com': { token: 'shpat_1', brands: ['demo'] } }, 'https://demo.myshopify.com/admin/api/2025-07/graphql.json', 'demo'); // 'shpat_1'
 */
export function shopifyTokenFor(secret: unknown, adminApiUrl: string, brand: string): string {
  // The outbound URL policy, with plain HTTP to this machine let through (the local cloud's sandbox shop).
  const address = outboundUrlOf(adminApiUrl, { allowLocalHttp: true });
  if (typeof address === 'string') {
    throw new VoucherIssuerRejectedError(`No Shopify access token is sent to the voucher issuer's adminApiUrl: it ${address}.`);
  }
  const shop = address.url.host;
  const tokens = ShopifyTokensSchema.safeParse(secret);
  if (!tokens.success) {
    throw new VoucherIssuerRejectedError('The ShopifyAccessTokens secret must be {"<shop host>": {"token": "…", "brands": ["<brand>", …]}}.');
  }
  const kept = Object.hasOwn(tokens.data, shop) ? tokens.data[shop] : undefined;
  if (!kept) throw new VoucherIssuerRejectedError(`No Shopify access token is kept for ${shop}.`);
  if (!kept.brands.includes(brand) && !kept.brands.includes(ANY_BRAND)) {
    throw new VoucherIssuerRejectedError(`The Shopify access token of ${shop} is not kept for ${brand}'s vouchers.`);
  }
  return kept.token;
}
