import * as z from 'zod/mini';
import { LISTING_STATES, SALES_CHANNELS } from '../domain/listings';
import { PRICE_LOSES_MONEY } from '../domain/price-guard';
import { MAX_AMOUNT } from '../domain/catalog';
import { isoDateTime, multiLine, noContactData, pageSize, recordWithSafeKeys, schema } from './common';

// The resale parts of the API (DESIGN.md §6): listings for the staff, the channels' sale
// notifications, the messages of the listing-change queue, and the channel credentials secret.

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const Money = /* @__PURE__ */ schema(() => z.object({ amount: z.int(), currency: z.string().check(z.regex(/^[A-Z]{3}$/)) }));

export const SalesChannelSchema = /* @__PURE__ */ schema(() => z.enum(SALES_CHANNELS));
export const ListingStateSchema = /* @__PURE__ */ schema(() => z.enum(LISTING_STATES));

/** One listing as the staff see it, in the passport detail and in `GET /v1/listings`. */
export const ListingViewSchema = /* @__PURE__ */ schema(() => z.object({
  passportId: z.string(),
  channel: SalesChannelSchema,
  /** The channel's id of the listing, once the channel has answered. */
  listingId: z.optional(z.string()),
  sku: z.string(),
  price: Money,
  state: ListingStateSchema,
  updatedAt: isoDateTime(),
}));

export const ListingsQuerySchema = /* @__PURE__ */ schema(() => z.strictObject({
  state: z._default(ListingStateSchema, 'LISTED'),
  channel: z.optional(SalesChannelSchema),
  cursor: z.optional(z.string().check(z.maxLength(512))),
  limit: pageSize(100, 50),
}));

export type ListingView = z.infer<typeof ListingViewSchema>;

export const ListingPageSchema = /* @__PURE__ */ schema(() => z.object({ listings: z.array(ListingViewSchema), nextCursor: z.optional(z.string()) }));
export type ListingPage = z.infer<typeof ListingPageSchema>;

export const ListingPathSchema = /* @__PURE__ */ schema(() => z.strictObject({
  id: z.string().check(z.regex(ULID, 'must be a passport id')),
  channel: SalesChannelSchema,
}));

/**
 * A person's consent to a price that nets less than the item has cost so far (`shared/domain/price-guard.ts`),
 * with the reason, e.g. a display model cleared: the change's `ListingPriceChanged` event keeps it.
 */
export const PriceAcceptLossSchema = /* @__PURE__ */ schema(() => z.strictObject({ reason: z.string().check(z.trim(), multiLine(), noContactData(), z.minLength(1), z.maxLength(200)) }));

/** A person's change to one listing; a price that loses money is refused (422) unless it carries `acceptLoss`. */
export const ListingChangeRequestSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('price'),
    price: z.strictObject({ amount: z.int().check(z.gte(1), z.lte(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} minor units`)), currency: z.string().check(z.regex(/^[A-Z]{3}$/)) }),
    acceptLoss: z.optional(PriceAcceptLossSchema),
  }),
  z.strictObject({ action: z.literal('withdraw') }),
  z.strictObject({ action: z.literal('relist') }),
]));
export type ListingChangeRequest = z.infer<typeof ListingChangeRequestSchema>;

/**
 * The members of the 422 a price that loses money is refused with (`PriceLosesMoneyError`): what the
 * item has cost so far and what the price nets after the channel's fee.
 */
export const PriceLosesMoneyProblemSchema = /* @__PURE__ */ schema(() => z.object({
  status: z.literal(422),
  title: z.literal(PRICE_LOSES_MONEY),
  cost: Money,
  net: Money,
}));

export const MarketplacePathSchema = /* @__PURE__ */ schema(() => z.strictObject({ channel: SalesChannelSchema }));

/**
 * What the marketplace webhook answers: how each of our items in the notification was handled, and how many of our
 * lines after them it left to the order poll (an order of more than five of our lines).
 */
export const SaleReceiptSchema = /* @__PURE__ */ schema(() =>
  z.object({
    outcomes: z.array(z.object({ sku: z.string(), outcome: z.enum(['SOLD', 'CANCELLED', 'IGNORED']) })),
    leftToPoll: z.optional(z.int().check(z.gte(1))),
  }),
);

/** A message of the listing-change FIFO queue. */
export const ListingChangeMessageSchema = /* @__PURE__ */ schema(() =>
  z.object({ passportId: z.string().check(z.regex(ULID)), channel: SalesChannelSchema, reason: z.optional(z.string()) }),
);

/** The ListingWorkflow's task input. */
export const ListingTaskSchema = /* @__PURE__ */ schema(() => z.object({ passportId: z.string().check(z.regex(ULID)) }));
export const QueueListingsTaskSchema = /* @__PURE__ */ schema(() =>
  z.object({ changes: z.array(z.object({ passportId: z.string(), channel: SalesChannelSchema })) }),
);

const credentials = /* @__PURE__ */ schema(() => z.object({
  shopify: z.optional(z.object({ accessToken: z.string() })),
  // The signing key from eBay's Key Management API: its private key and the public key as JWE (sales-channels.md).
  ebay: z.optional(z.object({ accessToken: z.string(), signingKey: z.optional(z.object({ privateKey: z.string().check(z.minLength(1)), jwe: z.string().check(z.minLength(1)) })) })),
  backmarket: z.optional(z.object({ token: z.string() })),
  refurbed: z.optional(z.object({ token: z.string() })),
}));

/**
 * The channel credentials secret: the Kreislauf Shopify app's client secret(s), which sign every
 * shop's webhooks, and each brand's tokens per channel.
 */
export const ChannelCredentialsSchema = /* @__PURE__ */ schema(() => z.object({
  shopifyWebhookSecrets: z.array(z.string()),
  brands: recordWithSafeKeys(z.string(), credentials),
}));
export type ChannelCredentials = z.infer<typeof ChannelCredentialsSchema>;
