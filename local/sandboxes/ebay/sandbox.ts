import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ChannelFaults, channelFaultsSchema, FaultInjector, type InjectedFailure, readJsonBody } from '../channel-faults';
import { type SandboxOrderLine, skusOfSandboxOrder } from '../sandbox-orders';
import { readText, sendJson, serveOnLoopback } from '../sandbox-http';
import { createSigningKey, refusedSignature } from './signatures';

export { EBAY_SANDBOX_SIGNING_KEY } from './signatures';

/** The OAuth user token the sandbox accepts unless told otherwise. */
export const EBAY_SANDBOX_TOKEN = 'v^1.1#kreislauf-ebay-sandbox';

/** The sandbox's share of a sale it keeps as `totalMarketplaceFee`, like eBay's final value fee. */
const FINAL_VALUE_FEE_PERCENT = 11;

const CONDITIONS = [
  'NEW',
  'LIKE_NEW',
  'NEW_OTHER',
  'NEW_WITH_DEFECTS',
  'CERTIFIED_REFURBISHED',
  'EXCELLENT_REFURBISHED',
  'VERY_GOOD_REFURBISHED',
  'GOOD_REFURBISHED',
  'SELLER_REFURBISHED',
  'USED_EXCELLENT',
  'USED_VERY_GOOD',
  'USED_GOOD',
  'USED_ACCEPTABLE',
  'FOR_PARTS_OR_NOT_WORKING',
] as const;

const amount = z.strictObject({ value: z.string().regex(/^\d+(\.\d{1,2})?$/), currency: z.string().regex(/^[A-Z]{3}$/) });

// The fields of createOrReplaceInventoryItem the sandbox checks, with eBay's limits.
const InventoryItemSchema = z.looseObject({
  availability: z.looseObject({ shipToLocationAvailability: z.looseObject({ quantity: z.number().int().min(0) }) }),
  condition: z.enum(CONDITIONS),
  conditionDescription: z.string().max(1000).optional(),
  product: z.looseObject({
    title: z.string().min(1).max(80),
    // eBay's documented limit of an inventory item's description, markup and escapes counted.
    description: z.string().max(4_000).optional(),
    imageUrls: z.array(z.string()).max(24).optional(),
    aspects: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

const OfferSchema = z.looseObject({
  sku: z.string().min(1).max(50),
  marketplaceId: z.string().regex(/^EBAY_[A-Z]{2}$/),
  format: z.literal('FIXED_PRICE'),
  availableQuantity: z.number().int().min(0),
  categoryId: z.string().regex(/^\d+$/),
  listingDescription: z.string().max(500_000).optional(),
  listingPolicies: z.looseObject({ fulfillmentPolicyId: z.string().min(1), paymentPolicyId: z.string().min(1), returnPolicyId: z.string().min(1) }),
  pricingSummary: z.looseObject({ price: amount }),
  merchantLocationKey: z.string().min(1),
});

const BulkPriceSchema = z.strictObject({
  requests: z
    .array(
      z.looseObject({
        sku: z.string().min(1).max(50),
        offers: z.array(z.looseObject({ offerId: z.string(), availableQuantity: z.number().int().min(0).optional(), price: amount.optional() })).optional(),
      }),
    )
    .min(1)
    .max(25),
});

const CancellationSchema = z.looseObject({
  legacyOrderId: z.string().min(1),
  cancelReason: z.enum(['ADDRESS_ISSUES', 'BUYER_ASKED_CANCEL', 'OUT_OF_STOCK_OR_CANNOT_FULFILL']),
});

// The part of issueRefund's request the sandbox checks: a refund of lines (or of the order), for a reason eBay names.
const RefundSchema = z.looseObject({
  reasonForRefund: z.enum(['BUYER_CANCEL', 'BUYER_RETURN', 'ITEM_NOT_AS_DESCRIBED', 'ITEM_NOT_RECEIVED', 'OTHER_ADJUSTMENT', 'SELLER_CANCEL', 'SHIPPING_DISCOUNT']),
  comment: z.string().max(100).optional(),
  refundItems: z.array(z.looseObject({ lineItemId: z.string().min(1), refundAmount: amount })).min(1).optional(),
  orderLevelRefundAmount: amount.optional(),
});

/**
 * The sandbox's faults: those of every channel sandbox; `failRefunds`, the next N `issue_refund` calls that eBay
 * answers as it does a refund it could not make (the seller's funds short, the buyer's payment method closed): 200
 * with `refundStatus: FAILED` and no `refundId`, nothing refunded; and `holdRefunds`, the next N refunds eBay accepts
 * (`PENDING`) and leaves pending until they are settled ({@link EbaySandbox.settleRefunds}), as eBay settles refunds
 * later. Other refunds are settled as made at once.
 */
export interface EbayFaults extends ChannelFaults {
  failRefunds?: number;
  holdRefunds?: number;
}

const ebayFaultsSchema = channelFaultsSchema.extend({ failRefunds: z.number().int().min(0).optional(), holdRefunds: z.number().int().min(0).optional() });

/** eBay's `RefundStatusEnum`: the state of a refund in an order's `paymentSummary.refunds`. */
type RefundStatus = 'PENDING' | 'REFUNDED' | 'FAILED';
const SettlementSchema = z.strictObject({ refundStatus: z.enum(['REFUNDED', 'FAILED']), refundIds: z.array(z.string().min(1)).optional() });

/** A decimal amount of money as eBay writes it, e.g. `20.00`. */
const DECIMAL = /^\d+(\.\d{1,2})?$/;

/** An offer the sandbox holds, as `getOffer` describes it. */
export interface EbaySandboxOffer {
  offerId: string;
  sku: string;
  marketplaceId: string;
  format: 'FIXED_PRICE';
  availableQuantity: number;
  categoryId: string;
  listingDescription?: string;
  pricingSummary: { price: { value: string; currency: string } };
  merchantLocationKey: string;
  status: 'UNPUBLISHED' | 'PUBLISHED';
  listing?: { listingId: string; listingStatus: 'ACTIVE' | 'ENDED' };
}

interface InventoryItem {
  sku: string;
  locale: string;
  quantity: number;
  body: z.infer<typeof InventoryItemSchema>;
}

interface Order {
  orderId: string;
  creationDate: string;
  lastModifiedDate: string;
  orderFulfillmentStatus: 'NOT_STARTED';
  orderPaymentStatus: 'PAID';
  cancelStatus: { cancelState: 'NONE_REQUESTED' | 'CANCELED'; cancelRequests: { cancelReason: string; cancelRequestedDate: string }[] };
  pricingSummary: { priceSubtotal: Amount; priceDiscount?: Amount; deliveryCost: Amount; total: Amount };
  totalMarketplaceFee: Amount;
  /** Every refund of the order with its state, line refunds among them; `refundDate` once it was made. */
  paymentSummary: { refunds: { refundId: string; refundStatus: RefundStatus; amount: Amount; refundDate?: string }[] };
  lineItems: OrderLine[];
}
interface OrderLine {
  lineItemId: string;
  legacyItemId: string;
  sku: string;
  title: string;
  quantity: number;
  /** The price before any discount. */
  lineItemCost: Amount;
  /** The price after the promotion's discount, only on a discounted line, as eBay returns it. */
  discountedLineItemCost?: Amount;
  appliedPromotions: { promotionId: string; description: string; discountAmount: Amount }[];
  deliveryCost: { shippingCost: Amount };
  /** What the buyer pays for the line: its price after discounts, and its shipping. */
  total: Amount;
  /** The line's pending and completed refunds (eBay shows no failed one here); `refundDate` once it was made. */
  refunds: { amount: Amount; refundDate?: string; refundId: string }[];
}
type Amount = { value: string; currency: string };

/** A refund of one order line that `issue_refund` accepted, as `refunds()` lists it, with its state now. */
export interface EbaySandboxRefund {
  refundId: string;
  orderId: string;
  lineItemId: string;
  sku: string;
  amount: Amount;
  refundStatus: RefundStatus;
}

/** A row of `GET /_sandbox/listings`. */
export interface SandboxListing {
  sku: string;
  /** The eBay listing id while published, else the offer id. */
  externalId: string;
  offerId: string;
  price: string;
  currency: string;
  quantity: number;
  state: 'UNPUBLISHED' | 'PUBLISHED';
}

export interface EbaySandbox {
  /** The API host, as `https://api.ebay.com` is in production. */
  apiUrl: string;
  offers(): readonly EbaySandboxOffer[];
  listings(): SandboxListing[];
  orders(): SandboxOrderLine[];
  /** Every line refund `issue_refund` accepted, in the order made, failed ones among them (eBay's lines no longer show those). */
  refunds(): EbaySandboxRefund[];
  setFaults(faults: EbayFaults): void;
  /**
   * Settles every refund `holdRefunds` left pending (or those of `refundIds` among them) as eBay does later:
   * `REFUNDED` (the buyer has the money) or `FAILED` (the refund leaves the line, which is to ship again). Each changes
   * its order's `lastModifiedDate`. Answers the refunds' ids.
   */
  settleRefunds(refundStatus: 'REFUNDED' | 'FAILED', refundIds?: readonly string[]): string[];
  stop(): Promise<void>;
}

/** Each order line's shipping, in the order's currency. */
export const SHIPPING_COST = '4.99';

/**
 * A local, stateful stand-in for the parts of the eBay Sell APIs a sales channel uses: the
 * Inventory API (`inventory_item/{sku}` with `Content-Language`, `offer` create, find by SKU,
 * publish and withdraw, `bulk_update_price_quantity`), the Fulfillment API's orders filtered by
 * `lastmodifieddate` and its `issue_refund` of order lines, and the Post-Order API's
 * cancellation, which like every Post-Order call wants the `X-EBAY-C-MARKETPLACE-ID` header (400 without). Its seller is domiciled in the EU (unless `signatures: 'ignored'`): `issue_refund` and the cancellation
 * must carry eBay's digital signature, made with a key of the Key Management API's `createSigningKey`
 * (`POST /developer/key_management/v1/signing_key`) or with `EBAY_SANDBOX_SIGNING_KEY`. Like eBay, creating an offer is not idempotent: a second `POST /offer` for a SKU
 * makes a second offer. It checks the OAuth user token (`Authorization: Bearer …`, `IAF …` on the
 * Post-Order API) and answers eBay's error documents; an inventory item's description over eBay's 4,000 characters
 * is refused (400). Besides the API: `PUT /_sandbox/faults` ({@link EbayFaults}, with `failRefunds` and `holdRefunds`),
 * `POST /_sandbox/refunds/settle {"refundStatus": "REFUNDED" | "FAILED"}` (the held refunds, or those of `"refundIds"`, as eBay settles them later),
 * `GET /_sandbox/listings`, and `POST /_sandbox/orders {"sku"}` (or `{"skus": [...]}`, one order
 * of several lines; `"discount": "20.00"` takes that off each line's price, as a promotion does, giving the lines
 * `discountedLineItemCost`), a buyer's order of published offers (409 without stock).
 *
 * @example
 * const ebay = await startEbaySandbox();
 * const channel = new EbaySalesChannel({ apiUrl: ebay.apiUrl, accessToken: async () => EBAY_SANDBOX_TOKEN, config });
 */
export async function startEbaySandbox(
  options: {
    port?: number;
    accessToken?: string;
    faults?: EbayFaults;
    signatures?: 'required' | 'ignored';
    /** The clock a signature's `created` is held to: the local cloud's, whose functions sign by it (their clock moves). */
    now?: () => number;
  } = {},
): Promise<EbaySandbox> {
  const token = options.accessToken ?? EBAY_SANDBOX_TOKEN;
  const signaturesRequired = options.signatures !== 'ignored';
  const { failRefunds: initialRefundFailures, holdRefunds: initialRefundsHeld, ...channelFaults } = options.faults ?? {};
  const faults = new FaultInjector(channelFaults);
  let refundFailures = initialRefundFailures ?? 0;
  let refundsToHold = initialRefundsHeld ?? 0;
  const setFaults = (next: EbayFaults): EbayFaults => {
    const { failRefunds, holdRefunds, ...rest } = ebayFaultsSchema.parse(next);
    faults.set(rest);
    refundFailures = failRefunds ?? 0;
    refundsToHold = holdRefunds ?? 0;
    return { ...faults.get(), ...(refundFailures > 0 ? { failRefunds: refundFailures } : {}), ...(refundsToHold > 0 ? { holdRefunds: refundsToHold } : {}) };
  };
  const items = new Map<string, InventoryItem>();
  const offers = new Map<string, EbaySandboxOffer>();
  const orders: Order[] = [];
  /** Which line each refund was of: eBay's `paymentSummary.refunds` does not say, and a failed one leaves the line. */
  const lineRefunds: (Omit<EbaySandboxRefund, 'refundStatus'> & { ofOrder: Order['paymentSummary']['refunds'][number] })[] = [];
  let nextId = 1;
  const newNumber = (digits: number) => String(nextId++).padStart(digits, '0');

  const listings = (): SandboxListing[] =>
    [...offers.values()].map((offer) => ({
      sku: offer.sku,
      externalId: offer.listing?.listingId ?? offer.offerId,
      offerId: offer.offerId,
      price: offer.pricingSummary.price.value,
      currency: offer.pricingSummary.price.currency,
      quantity: quantityOnSale(offer),
      state: offer.status,
    }));

  const quantityOnSale = (offer: EbaySandboxOffer): number =>
    offer.status === 'PUBLISHED' && offer.listing?.listingStatus === 'ACTIVE' ? Math.min(offer.availableQuantity, items.get(offer.sku)?.quantity ?? 0) : 0;

  /** Answers a write that is stored already, unless the faults say its answer is lost. */
  const committed = (response: ServerResponse, status: number, body?: unknown): void => {
    const failure = faults.afterCommit(new URL(response.req.url ?? '/', 'http://localhost').pathname);
    if (failure) return sendFailure(response, failure);
    if (body === undefined) response.writeHead(status).end();
    else sendJson(response, status, body);
  };

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const isPostOrder = path.startsWith('/post-order/');
    const authorization = request.headers.authorization ?? '';
    if (authorization !== `${isPostOrder ? 'IAF' : 'Bearer'} ${token}`) {
      return sendJson(response, 401, {
        errors: [{ errorId: 1001, domain: 'OAuth', category: 'REQUEST', message: 'Invalid access token', longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.' }],
      });
    }
    const injected = await faults.before(response);
    if (injected === 'closed') return;
    if (injected) return sendFailure(response, injected);
    // Every Post-Order call names its marketplace (eBay's "Making a Call" of the Post-Order API).
    const marketplace = request.headers['x-ebay-c-marketplace-id'];
    if (isPostOrder && (typeof marketplace !== 'string' || !/^EBAY_[A-Z_]+$/.test(marketplace))) {
      return sendJson(response, 400, {
        error: [{ errorId: 1100, domain: 'returnErrorDomain', severity: 'ERROR', category: 'REQUEST', message: 'Missing or invalid X-EBAY-C-MARKETPLACE-ID header.' }],
      });
    }

    const itemPath = /^\/sell\/inventory\/v1\/inventory_item\/([^/]+)$/.exec(path);
    if (itemPath && method === 'PUT') return putInventoryItem(request, response, decodeURIComponent(itemPath[1] ?? ''));
    if (path === '/sell/inventory/v1/offer' && method === 'GET') return getOffers(response, url);
    if (path === '/sell/inventory/v1/offer' && method === 'POST') return createOffer(request, response);
    const offerAction = /^\/sell\/inventory\/v1\/offer\/([^/]+)\/(publish|withdraw)$/.exec(path);
    if (offerAction && method === 'POST') return offerAction[2] === 'publish' ? publish(response, offerAction[1] ?? '') : withdraw(response, offerAction[1] ?? '');
    if (path === '/sell/inventory/v1/bulk_update_price_quantity' && method === 'POST') return bulkUpdate(request, response);
    if (path === '/sell/fulfillment/v1/order' && method === 'GET') return getOrders(response, url);
    const orderPath = /^\/sell\/fulfillment\/v1\/order\/([^/]+)$/.exec(path);
    if (orderPath && method === 'GET') {
      const order = orders.find((candidate) => candidate.orderId === decodeURIComponent(orderPath[1] ?? ''));
      return order ? sendJson(response, 200, order) : ebayError(response, 404, 32100, 'Invalid order ID: the order was not found.', 'API_FULFILLMENT');
    }
    const refundPath = /^\/sell\/fulfillment\/v1\/order\/([^/]+)\/issue_refund$/.exec(path);
    const isCancellation = path === '/post-order/v2/cancellation' && method === 'POST';
    if ((refundPath && method === 'POST') || isCancellation) {
      // Refunds and cancellations move a buyer's money: eBay wants them signed for sellers in the EU and the UK.
      const text = await readText(request);
      const refusal = signaturesRequired ? refusedSignature(request, text, (options.now ?? Date.now)()) : undefined;
      if (refusal) return ebayError(response, refusal.status, refusal.errorId, refusal.message, 'ACCESS');
      const body = jsonOf(text);
      return isCancellation ? cancel(response, body) : issueRefund(response, decodeURIComponent(refundPath?.[1] ?? ''), body);
    }
    if (path === '/developer/key_management/v1/signing_key' && method === 'POST') {
      const cipher = jsonOf(await readText(request)) as { signingKeyCipher?: unknown } | undefined;
      if (cipher?.signingKeyCipher !== 'ED25519' && cipher?.signingKeyCipher !== 'RSA') return ebayError(response, 400, 195001, 'signingKeyCipher must be ED25519 or RSA.', 'API_KEYMANAGEMENT');
      return sendJson(response, 200, createSigningKey(cipher.signingKeyCipher));
    }
    ebayError(response, 404, 2002, `Resource not found: ${method} ${path}`, 'API_INVENTORY');
  }

  async function putInventoryItem(request: IncomingMessage, response: ServerResponse, sku: string): Promise<void> {
    const locale = request.headers['content-language'];
    if (typeof locale !== 'string' || !/^[a-z]{2}-[A-Z]{2}$/.test(locale)) {
      return ebayError(response, 400, 25709, 'Invalid value for header Content-Language.', 'API_INVENTORY');
    }
    if (!/^[A-Za-z0-9]{1,50}$/.test(sku)) return ebayError(response, 400, 25707, 'This is an invalid value for a SKU. Only alphanumeric characters can be used for SKUs, and their length must not exceed 50 characters.', 'API_INVENTORY');
    const parsed = InventoryItemSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) return invalidBody(response, parsed.error);
    const existed = items.has(sku);
    items.set(sku, { sku, locale, quantity: parsed.data.availability.shipToLocationAvailability.quantity, body: parsed.data });
    committed(response, existed ? 204 : 201);
  }

  function getOffers(response: ServerResponse, url: URL): void {
    const sku = url.searchParams.get('sku');
    if (!sku) return ebayError(response, 400, 25707, 'The SKU is required.', 'API_INVENTORY');
    const found = [...offers.values()].filter((offer) => offer.sku === sku);
    // eBay answers a SKU without offers with 404 and errorId 25713.
    if (found.length === 0) return ebayError(response, 404, 25713, 'This Offer is not available.', 'API_INVENTORY');
    sendJson(response, 200, { href: url.toString(), limit: 100, offers: found, size: found.length, total: found.length });
  }

  async function createOffer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (typeof request.headers['content-language'] !== 'string') return ebayError(response, 400, 25709, 'Invalid value for header Content-Language.', 'API_INVENTORY');
    const parsed = OfferSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) return invalidBody(response, parsed.error);
    if (!items.has(parsed.data.sku)) return ebayError(response, 400, 25702, `The SKU ${parsed.data.sku} could not be found.`, 'API_INVENTORY');
    const offer: EbaySandboxOffer = {
      offerId: newNumber(10),
      sku: parsed.data.sku,
      marketplaceId: parsed.data.marketplaceId,
      format: 'FIXED_PRICE',
      availableQuantity: parsed.data.availableQuantity,
      categoryId: parsed.data.categoryId,
      ...(parsed.data.listingDescription ? { listingDescription: parsed.data.listingDescription } : {}),
      pricingSummary: { price: parsed.data.pricingSummary.price },
      merchantLocationKey: parsed.data.merchantLocationKey,
      status: 'UNPUBLISHED',
    };
    offers.set(offer.offerId, offer);
    committed(response, 201, { offerId: offer.offerId, warnings: [] });
  }

  function publish(response: ServerResponse, offerId: string): void {
    const offer = offers.get(offerId);
    if (!offer) return ebayError(response, 404, 25713, 'This Offer is not available.', 'API_INVENTORY');
    if (offer.status !== 'PUBLISHED' || offer.listing?.listingStatus !== 'ACTIVE') {
      offer.status = 'PUBLISHED';
      offer.listing = { listingId: `1${newNumber(11)}`, listingStatus: 'ACTIVE' };
    }
    committed(response, 200, { listingId: offer.listing.listingId, warnings: [] });
  }

  function withdraw(response: ServerResponse, offerId: string): void {
    const offer = offers.get(offerId);
    if (!offer) return ebayError(response, 404, 25713, 'This Offer is not available.', 'API_INVENTORY');
    if (offer.status !== 'PUBLISHED') return ebayError(response, 400, 25713, 'This Offer is not available: it is not published.', 'API_INVENTORY');
    const listingId = offer.listing?.listingId;
    offer.status = 'UNPUBLISHED';
    offer.listing = listingId ? { listingId, listingStatus: 'ENDED' } : undefined;
    committed(response, 200, { listingId, warnings: [] });
  }

  async function bulkUpdate(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = BulkPriceSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) return invalidBody(response, parsed.error);
    const responses = parsed.data.requests.flatMap((entry) =>
      (entry.offers ?? []).map((change) => {
        const offer = offers.get(change.offerId);
        if (!offer || offer.sku !== entry.sku) {
          return { offerId: change.offerId, sku: entry.sku, statusCode: 404, errors: [{ errorId: 25713, domain: 'API_INVENTORY', category: 'REQUEST', message: 'This Offer is not available.' }] };
        }
        if (change.price) offer.pricingSummary.price = change.price;
        if (change.availableQuantity !== undefined) offer.availableQuantity = change.availableQuantity;
        return { offerId: offer.offerId, sku: entry.sku, statusCode: 200 };
      }),
    );
    committed(response, 200, { responses });
  }

  function getOrders(response: ServerResponse, url: URL): void {
    const filter = url.searchParams.get('filter');
    let from = -Infinity;
    let to = Infinity;
    if (filter !== null) {
      const range = /^lastmodifieddate:\[([^.\]]*(?:\.\d+Z)?)\.\.([^\]]*)\]$/.exec(filter);
      const start = range ? Date.parse(range[1] ?? '') : NaN;
      const end = range?.[2] ? Date.parse(range[2]) : Infinity;
      if (!range || Number.isNaN(start) || Number.isNaN(end)) return ebayError(response, 400, 30800, `Invalid filter: ${filter}`, 'API_FULFILLMENT');
      from = start;
      to = end;
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, 200);
    const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
    const matching = orders.filter((order) => {
      const at = Date.parse(order.lastModifiedDate);
      return at >= from && at <= to;
    });
    const page = matching.slice(offset, offset + limit);
    sendJson(response, 200, {
      href: url.toString(),
      total: matching.length,
      limit,
      offset,
      orders: page,
      ...(offset + limit < matching.length ? { next: `${url.pathname}?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), offset: String(offset + limit) })}` } : {}),
    });
  }

  function cancel(response: ServerResponse, body: unknown): void {
    const parsed = CancellationSchema.safeParse(body);
    if (!parsed.success) {
      return sendJson(response, 400, { error: [{ errorId: 1101, domain: 'returnErrorDomain', severity: 'ERROR', category: 'REQUEST', message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') }] });
    }
    const order = orders.find((candidate) => candidate.orderId === parsed.data.legacyOrderId);
    if (!order) return sendJson(response, 404, { error: [{ errorId: 1102, domain: 'returnErrorDomain', severity: 'ERROR', category: 'REQUEST', message: 'The order was not found.' }] });
    if (order.cancelStatus.cancelState === 'CANCELED') {
      return sendJson(response, 400, { error: [{ errorId: 1103, domain: 'returnErrorDomain', severity: 'ERROR', category: 'REQUEST', message: 'The order is already cancelled.' }] });
    }
    const now = new Date().toISOString();
    order.cancelStatus = { cancelState: 'CANCELED', cancelRequests: [{ cancelReason: parsed.data.cancelReason, cancelRequestedDate: now }] };
    order.lastModifiedDate = now;
    committed(response, 201, { cancelId: newNumber(10) });
  }

  /**
   * `issue_refund` of order lines: each refunded at most what it cost with its shipping (a pending refund counted), as
   * eBay refuses more. eBay settles a refund asynchronously and answers `PENDING`; the sandbox settles it at once, as
   * made, unless `holdRefunds` holds it pending until {@link settleRefunds}.
   */
  function issueRefund(response: ServerResponse, orderId: string, body: unknown): void {
    const parsed = RefundSchema.safeParse(body);
    if (!parsed.success) return invalidBody(response, parsed.error, 'API_FULFILLMENT');
    const order = orders.find((candidate) => candidate.orderId === orderId);
    if (!order) return ebayError(response, 404, 32100, 'Invalid order ID: the order was not found.', 'API_FULFILLMENT');
    if (order.cancelStatus.cancelState === 'CANCELED') return ebayError(response, 400, 32800, 'The order is cancelled: there is nothing left to refund.', 'API_FULFILLMENT');
    const items = parsed.data.refundItems;
    if (!items) return ebayError(response, 400, 32800, 'The sandbox refunds order lines only: refundItems is required.', 'API_FULFILLMENT');
    const refunds: { line: OrderLine; cents: number }[] = [];
    for (const item of items) {
      const line = order.lineItems.find((candidate) => candidate.lineItemId === item.lineItemId);
      if (!line) return ebayError(response, 400, 32800, `The order has no line item ${item.lineItemId}.`, 'API_FULFILLMENT');
      const cents = centsOf(item.refundAmount.value);
      // What the buyer paid: the price after the promotion's discount, not `lineItemCost`, which is before it.
      const left = centsOf(line.total.value) - line.refunds.reduce((sum, refund) => sum + centsOf(refund.amount.value), 0);
      if (item.refundAmount.currency !== line.lineItemCost.currency || cents <= 0 || cents > left) {
        return ebayError(response, 400, 32800, `The refund amount exceeds what is left to refund of line item ${line.lineItemId}.`, 'API_FULFILLMENT');
      }
      refunds.push({ line, cents });
    }
    if (refundFailures > 0) {
      refundFailures -= 1;
      return sendJson(response, 200, { refundStatus: 'FAILED', warnings: [] });
    }
    const now = new Date().toISOString();
    const refundId = newNumber(10);
    const held = refundsToHold > 0;
    if (held) refundsToHold -= 1;
    const made = held ? {} : { refundDate: now };
    const total = refunds.reduce((sum, { cents }) => sum + cents, 0);
    const ofOrder = { refundId, refundStatus: held ? ('PENDING' as const) : ('REFUNDED' as const), amount: { value: (total / 100).toFixed(2), currency: order.pricingSummary.total.currency }, ...made };
    order.paymentSummary.refunds.push(ofOrder);
    for (const { line, cents } of refunds) {
      const refunded = { value: (cents / 100).toFixed(2), currency: line.lineItemCost.currency };
      line.refunds.push({ amount: refunded, ...made, refundId });
      lineRefunds.push({ refundId, orderId, lineItemId: line.lineItemId, sku: line.sku, amount: refunded, ofOrder });
    }
    order.lastModifiedDate = now;
    committed(response, 200, { refundId, refundStatus: 'PENDING' });
  }

  function settleRefunds(refundStatus: 'REFUNDED' | 'FAILED', refundIds?: readonly string[]): string[] {
    const settled: string[] = [];
    const now = new Date().toISOString();
    for (const order of orders) {
      for (const refund of order.paymentSummary.refunds) {
        if (refund.refundStatus !== 'PENDING' || (refundIds && !refundIds.includes(refund.refundId))) continue;
        refund.refundStatus = refundStatus;
        for (const line of order.lineItems) {
          if (refundStatus === 'FAILED') line.refunds = line.refunds.filter((made) => made.refundId !== refund.refundId);
          else for (const made of line.refunds) if (made.refundId === refund.refundId) made.refundDate = now;
        }
        if (refundStatus === 'REFUNDED') refund.refundDate = now;
        order.lastModifiedDate = now;
        settled.push(refund.refundId);
      }
    }
    return settled;
  }

  /** A buyer's order of one unit of each SKU, each line with its own shipping; nothing is ordered when any of them is not on sale. */
  async function placeOrder(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request);
    const skus = skusOfSandboxOrder(body);
    if (!skus) return sendJson(response, 400, { error: 'The body must be {"sku": "<the SKU the item is listed under>"} or {"skus": [<several, each once>]}.' });
    const discount = typeof body === 'object' && body !== null && 'discount' in body ? body.discount : undefined;
    if (discount !== undefined && (typeof discount !== 'string' || !DECIMAL.test(discount))) return sendJson(response, 400, { error: 'discount must be a decimal amount, e.g. "20.00".' });
    const discountCents = discount === undefined ? 0 : centsOf(discount);
    const onSale = skus.map((sku) => [...offers.values()].find((candidate) => candidate.sku === sku && quantityOnSale(candidate) > 0));
    if (!onSale.every((offer) => offer !== undefined)) return sendJson(response, 409, { error: `No published offer of ${skus.join(' or ')} has stock.` });
    if (onSale.some((offer) => discountCents >= centsOf(offer.pricingSummary.price.value))) return sendJson(response, 400, { error: 'The discount must be less than each line\'s price.' });
    const now = new Date().toISOString();
    const currency = onSale[0]?.pricingSummary.price.currency ?? 'EUR';
    const money = (cents: number) => ({ value: (cents / 100).toFixed(2), currency });
    const promotionId = discountCents > 0 ? newNumber(10) : '';
    const lineItems = onSale.map((offer): OrderLine => {
      const item = items.get(offer.sku);
      if (item) item.quantity -= 1;
      offer.availableQuantity -= 1;
      const paid = centsOf(offer.pricingSummary.price.value) - discountCents;
      return {
        lineItemId: newNumber(11),
        legacyItemId: offer.listing?.listingId ?? '',
        sku: offer.sku,
        title: item?.body.product.title ?? offer.sku,
        quantity: 1,
        lineItemCost: offer.pricingSummary.price,
        ...(discountCents > 0 ? { discountedLineItemCost: money(paid) } : {}),
        appliedPromotions: discountCents > 0 ? [{ promotionId, description: 'Sandbox markdown sale', discountAmount: money(discountCents) }] : [],
        deliveryCost: { shippingCost: { value: SHIPPING_COST, currency } },
        total: money(paid + centsOf(SHIPPING_COST)),
        refunds: [],
      };
    });
    const subtotal = lineItems.reduce((sum, line) => sum + centsOf(line.lineItemCost.value), 0);
    const discounted = discountCents * lineItems.length;
    const shipping = lineItems.length * centsOf(SHIPPING_COST);
    const order: Order = {
      orderId: `${newNumber(2)}-${newNumber(5)}-${newNumber(5)}`,
      creationDate: now,
      lastModifiedDate: now,
      orderFulfillmentStatus: 'NOT_STARTED',
      orderPaymentStatus: 'PAID',
      cancelStatus: { cancelState: 'NONE_REQUESTED', cancelRequests: [] },
      pricingSummary: { priceSubtotal: money(subtotal), ...(discounted > 0 ? { priceDiscount: money(-discounted) } : {}), deliveryCost: money(shipping), total: money(subtotal - discounted + shipping) },
      totalMarketplaceFee: money(Math.round(((subtotal - discounted) * FINAL_VALUE_FEE_PERCENT) / 100)),
      paymentSummary: { refunds: [] },
      lineItems,
    };
    orders.push(order);
    sendJson(response, 201, order);
  }

  /** `PUT /_sandbox/faults`: 200 with the faults now in force, 400 for a body that is not faults. */
  async function putFaults(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = ebayFaultsSchema.safeParse(jsonOf(await readText(request)));
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      return sendJson(response, 400, { error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'is invalid'}` });
    }
    sendJson(response, 200, setFaults(parsed.data));
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === '/_sandbox/faults' && method === 'PUT') return putFaults(request, response);
    if (url.pathname === '/_sandbox/listings' && method === 'GET') return sendJson(response, 200, listings());
    if (url.pathname === '/_sandbox/orders' && method === 'POST') return placeOrder(request, response);
    if (url.pathname === '/_sandbox/refunds/settle' && method === 'POST') {
      const parsed = SettlementSchema.safeParse(jsonOf(await readText(request)));
      if (!parsed.success) return sendJson(response, 400, { error: 'The body must be {"refundStatus": "REFUNDED"} or {"refundStatus": "FAILED"}, with "refundIds": [...] to settle those alone.' });
      return sendJson(response, 200, { settled: settleRefunds(parsed.data.refundStatus, parsed.data.refundIds) });
    }
    return api(request, response, url);
  }

  const { origin, stop } = await serveOnLoopback('eBay sandbox', route, (response) => ebayError(response, 500, 25001, 'A system error has occurred.', 'API_INVENTORY'), options);
  return {
    apiUrl: origin,
    offers: () => [...offers.values()],
    listings,
    orders: () =>
      orders.flatMap((order) =>
        order.lineItems.map((line) => {
          const orderCancelled = order.cancelStatus.cancelState === 'CANCELED';
          const refunded = line.refunds.reduce((sum, refund) => sum + centsOf(refund.amount.value), 0) >= centsOf((line.discountedLineItemCost ?? line.lineItemCost).value);
          return { orderId: order.orderId, sku: line.sku, cancelled: orderCancelled || refunded, orderCancelled };
        }),
      ),
    refunds: () => lineRefunds.map(({ ofOrder, ...refund }) => ({ ...refund, refundStatus: ofOrder.refundStatus })),
    setFaults: (next) => void setFaults(next),
    settleRefunds,
    stop,
  };
}

function ebayError(response: ServerResponse, status: number, errorId: number, message: string, domain: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { errors: [{ errorId, domain, category: status >= 500 ? 'APPLICATION' : 'REQUEST', message }] }, headers);
}

function sendFailure(response: ServerResponse, failure: InjectedFailure): void {
  if (failure.status === 429) return ebayError(response, 429, 2001, 'Too many requests. The request limit has been reached for the resource.', 'ACCESS', failure.headers);
  ebayError(response, failure.status, 25001, 'A system error has occurred.', 'API_INVENTORY', failure.headers);
}

function invalidBody(response: ServerResponse, error: z.ZodError, domain = 'API_INVENTORY'): void {
  sendJson(response, 400, {
    errors: error.issues.map((issue) => ({
      errorId: 2004,
      domain,
      category: 'REQUEST',
      message: 'Invalid request',
      longMessage: `${issue.path.join('.') || 'body'}: ${issue.message}`,
      parameters: [{ name: issue.path.join('.'), value: issue.message }],
    })),
  });
}

function jsonOf(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Cents of an amount eBay writes as a decimal string. */
function centsOf(value: string): number {
  return Math.round(Number(value) * 100);
}
