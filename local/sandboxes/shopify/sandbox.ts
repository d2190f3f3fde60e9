import { readText, sendJson, serveOnLoopback } from '../sandbox-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ChannelFaults, FaultInjector, readJsonBody } from '../channel-faults';
import { shopifyWebhookHmac } from '../../../shared/webhooks/shopify-webhooks';
import { type SandboxOrderLine, skusOfSandboxOrder } from '../sandbox-orders';
import { SandboxCatalog, SHOPIFY_SANDBOX_SHOP_DOMAIN } from './products';
import { MAX_QUERY_COST, requestedQueryCost } from './query-cost';

export { SHOPIFY_SANDBOX_LOCATION_ID, SHOPIFY_SANDBOX_SHOP_DOMAIN } from './products';

/** The Admin API access token a sandbox accepts unless told otherwise. */
export const SHOPIFY_SANDBOX_TOKEN = 'shpat_kreislauf_sandbox';
/** The Admin API version of `adminApiUrl`, the one the project's docs and local cloud configure; the sandbox serves any. */
const API_VERSION = '2025-01';
/** The first version with a discount's `context`, which replaces `customerSelection` there (Shopify's changelog). */
const CONTEXT_SINCE = '2025-10';
/** The app secret the sandbox signs its webhooks with unless told otherwise. */
export const SHOPIFY_SANDBOX_WEBHOOK_SECRET = 'shpss_kreislauf_sandbox';

/** A basic code discount the sandbox holds. */
export interface SandboxDiscount {
  id: string;
  title: string;
  code: string;
  /** Decimal string in major units, as sent. */
  amount: string;
  startsAt?: string;
  endsAt?: string;
  usageLimit?: number;
  /** Which field said who may use it: `context` (from 2025-10) or `customerSelection`. */
  eligibility: 'context' | 'customerSelection';
  createdAt: string;
}

/**
 * Faults for reliability tests, applied to GraphQL calls; `failAfterCommitOn` names a mutation,
 * e.g. `productSet`.
 */
export type ShopifyFaults = ChannelFaults;

/** Where the sandbox sends its `orders/create` webhooks, signed with `secret`. */
export interface ShopifyWebhookTarget {
  url: string;
  secret?: string;
}

/** A row of `GET /_sandbox/listings`. */
export interface SandboxListing {
  sku: string;
  /** The product's gid. */
  externalId: string;
  price: string;
  currency: string;
  quantity: number;
  state: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
}

export interface ShopifySandbox {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The Admin GraphQL endpoint of the sandbox shop, as a brand configures it (version 2025-01). */
  adminApiUrl: string;
  /** The same shop's endpoint of another Admin API version, e.g. `2025-10`: the sandbox answers each in its words. */
  adminApiUrlOf(version: string): string;
  /** The host an access token is kept under (`host:port`). */
  host: string;
  discounts(): readonly SandboxDiscount[];
  listings(): SandboxListing[];
  orders(): SandboxOrderLine[];
  /** The amounts refunded on an order (its `REFUND` transactions), in the order they were made. */
  refunds(orderId: string): string[];
  setFaults(faults: ShopifyFaults): void;
  /** Sends every order's `orders/create` webhook there from now on. */
  setWebhook(target: ShopifyWebhookTarget): void;
  stop(): Promise<void>;
}

// The part of DiscountCodeBasicInput the sandbox checks; Shopify requires title, code and, from 2025-10, context (or
// the deprecated customerSelection), before 2025-10 customerSelection, the only one of the two that version has.
const BasicCodeDiscountSchema = z.looseObject({
  title: z.string().min(1).max(255),
  code: z.string().min(1).max(255),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
  context: z.looseObject({}).optional(),
  customerSelection: z.looseObject({}).optional(),
  customerGets: z.looseObject({
    value: z.looseObject({
      discountAmount: z.looseObject({ amount: z.string().regex(/^\d+(\.\d+)?$/), appliesOnEachItem: z.boolean() }).optional(),
      percentage: z.number().optional(),
    }),
    items: z.looseObject({}),
  }),
  usageLimit: z.number().int().positive().optional(),
  appliesOncePerCustomer: z.boolean().optional(),
});

/**
 * A local, stateful stand-in for the Admin GraphQL API of one Shopify shop: the discount codes
 * vouchers become (`discountCodeBasicCreate`, refusing a code the shop has in any case with
 * `TAKEN` as Shopify does, and `codeDiscountNodeByCode`), and the products resale listings become
 * (`productSet` of one variant with its stock at {@link SHOPIFY_SANDBOX_LOCATION_ID},
 * `productVariants(query: "sku:…")`, `productVariantsBulkUpdate`, `inventorySetQuantities`,
 * `orders`, `order`, `node` of a line item, `orderCancel`, and `refundCreate`, which removes refunded lines from an
 * order). It checks the `X-Shopify-Access-Token` header (401 otherwise) and answers other
 * operations with a GraphQL error. It serves every Admin API version in its path (`/admin/api/{version}/graphql.json`)
 * and checks a discount's eligibility as that version does: `customerSelection` before 2025-10, where `context` is an
 * unknown field (a GraphQL error, nothing created), and `context` or `customerSelection` from it. For tests in other processes it serves
 * `GET /_sandbox/discounts`, `GET /_sandbox/listings`, `PUT /_sandbox/faults` and
 * `POST /_sandbox/orders {"sku"}` (or `{"skus": [...]}`, one order of several lines; `"discount": "50.00"` a
 * discount code of that amount off the order, allocated over its lines): a buyer's order (409 without stock), whose `orders/create` webhook, signed with `X-Shopify-Hmac-Sha256`,
 * goes to the webhook target when one is set.
 *
 * @example
 * const shop = await startShopifySandbox({ webhook: { url: 'http://127.0.0.1:3000/v1/webhooks/marketplaces/shopify' } });
 * const issuer = new ShopifyVoucherIssuer({ adminApiUrl: shop.adminApiUrl, accessToken: async () => SHOPIFY_SANDBOX_TOKEN });
 */
export async function startShopifySandbox(
  options: { port?: number; accessToken?: string; currency?: string; webhook?: ShopifyWebhookTarget } = {},
): Promise<ShopifySandbox> {
  const accessToken = options.accessToken ?? SHOPIFY_SANDBOX_TOKEN;
  const discounts: SandboxDiscount[] = [];
  const faults = new FaultInjector();
  const catalog = new SandboxCatalog(options.currency ?? 'EUR');
  let webhook = options.webhook;
  let nextId = 1_000_000;
  let origin = '';

  /** The data of a mutation that is stored already, unless the faults say its answer is lost. */
  const committed = (mutation: string, data: object): { data: object } | { lostAnswer: true } =>
    faults.afterCommit(mutation) ? { lostAnswer: true } : { data };

  const graphql = (body: { query?: unknown; variables?: Record<string, unknown> }, version: string): unknown => {
    const query = typeof body.query === 'string' ? body.query : '';
    const variables = body.variables ?? {};
    const now = new Date();
    const cost = requestedQueryCost(query, variables);
    if (cost !== undefined && cost > MAX_QUERY_COST) {
      return {
        errors: [
          {
            message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: MAX_QUERY_COST },
          },
        ],
      };
    }
    const lines = lineItemsPage(query, variables);
    if (/\bproductSet\s*\(/.test(query)) return committed('productSet', { productSet: catalog.productSet(variables.input) });
    if (/\bproductVariantsBulkUpdate\s*\(/.test(query)) {
      return committed('productVariantsBulkUpdate', {
        productVariantsBulkUpdate: catalog.productVariantsBulkUpdate(String(variables.productId ?? ''), variables.variants),
      });
    }
    if (/\bproductVariants\s*\(/.test(query)) return { data: { productVariants: { nodes: catalog.variantsBySku(String(variables.query ?? '')) } } };
    if (/\binventorySetQuantities\s*\(/.test(query)) return committed('inventorySetQuantities', { inventorySetQuantities: catalog.inventorySetQuantities(variables.input) });
    if (/\brefundCreate\s*\(/.test(query)) return committed('refundCreate', { refundCreate: catalog.refundCreate(variables.input) });
    if (/\bnode\s*\(/.test(query)) return { data: { node: catalog.lineItemNode(String(variables.id ?? '')) } };
    if (/\borders\s*\(/.test(query)) {
      const first = Math.min(Number(variables.first ?? 50) || 50, 250);
      return { data: { orders: catalog.ordersPage(first, typeof variables.after === 'string' ? variables.after : undefined, lines) } };
    }
    if (/\border\s*\(/.test(query)) return { data: { order: catalog.order(String(variables.id ?? ''), lines) } };
    if (/\borderCancel\s*\(/.test(query)) return committed('orderCancel', { orderCancel: catalog.orderCancel(String(variables.orderId ?? ''), now) });
    if (/\bdiscountCodeBasicCreate\s*\(/.test(query)) {
      const hasContext = version === 'unstable' || version >= CONTEXT_SINCE;
      const given = variables.basicCodeDiscount;
      if (!hasContext && typeof given === 'object' && given !== null && 'context' in given) {
        // As GraphQL answers an input field its schema does not have: before 2025-10 DiscountCodeBasicInput has no context.
        return {
          errors: [
            {
              message: 'Variable $basicCodeDiscount of type DiscountCodeBasicInput! was provided invalid value for context (Field is not defined on DiscountCodeBasicInput)',
              extensions: { code: 'INVALID_VARIABLE', value: given, problems: [{ path: ['context'], explanation: 'Field is not defined on DiscountCodeBasicInput' }] },
            },
          ],
        };
      }
      const input = BasicCodeDiscountSchema.safeParse(given);
      if (!input.success || (!input.data.context && !input.data.customerSelection)) {
        const missing = hasContext ? { path: ['context'], message: 'Context must be present' } : { path: ['customerSelection'], message: "Customer selection can't be blank" };
        const issues = input.success ? [missing] : input.error.issues;
        return {
          data: {
            discountCodeBasicCreate: {
              codeDiscountNode: null,
              userErrors: issues.map((issue) => ({
                field: ['basicCodeDiscount', ...issue.path.map(String)],
                code: 'INVALID',
                message: issue.message,
              })),
            },
          },
        };
      }
      const { code, title, startsAt, endsAt, usageLimit, customerGets } = input.data;
      if (discounts.some((discount) => discount.code.toLowerCase() === code.toLowerCase())) {
        return {
          data: {
            discountCodeBasicCreate: {
              codeDiscountNode: null,
              userErrors: [{ field: ['basicCodeDiscount', 'code'], code: 'TAKEN', message: 'Code must be unique. Please try a different code.' }],
            },
          },
        };
      }
      const discount: SandboxDiscount = {
        id: `gid://shopify/DiscountCodeNode/${nextId++}`,
        title,
        code,
        amount: customerGets.value.discountAmount?.amount ?? '0',
        ...(startsAt ? { startsAt } : {}),
        ...(endsAt ? { endsAt } : {}),
        ...(usageLimit ? { usageLimit } : {}),
        eligibility: input.data.context ? 'context' : 'customerSelection',
        createdAt: new Date().toISOString(),
      };
      discounts.push(discount);
      return { data: { discountCodeBasicCreate: { codeDiscountNode: { id: discount.id }, userErrors: [] } } };
    }
    if (/\bcodeDiscountNodeByCode\s*\(/.test(query)) {
      const code = String(variables.code ?? '').toLowerCase();
      const found = discounts.find((discount) => discount.code.toLowerCase() === code);
      return {
        data: { codeDiscountNodeByCode: found ? { id: found.id, codeDiscount: { __typename: 'DiscountCodeBasic', title: found.title } } : null },
      };
    }
    return { errors: [{ message: 'The sandbox shop does not answer this operation.', extensions: { code: 'undefinedField' } }] };
  };

  const placeOrder = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readJsonBody(request);
    const skus = skusOfSandboxOrder(body);
    if (!skus) return sendJson(response, 400, { errors: 'The body must be {"sku": "<the SKU the item is listed under>"} or {"skus": [<several, each once>]}.' });
    const discount = typeof body === 'object' && body !== null && 'discount' in body ? body.discount : undefined;
    if (discount !== undefined && (typeof discount !== 'string' || !/^\d+(\.\d{1,2})?$/.test(discount) || Number(discount) <= 0)) {
      return sendJson(response, 400, { errors: 'discount must be a decimal amount off the order, e.g. "50.00".' });
    }
    const order = catalog.placeOrder(skus, new Date(), discount);
    if (!order) return sendJson(response, 409, { errors: `No active product of ${skus.join(' or ')} has stock.` });
    const payload = catalog.webhookPayload(order);
    if (webhook) await sendOrderWebhook(webhook, payload, SHOPIFY_SANDBOX_SHOP_DOMAIN);
    sendJson(response, 201, payload);
  };

  const listings = (): SandboxListing[] =>
    [...catalog.products.values()].map((product) => ({
      sku: product.variant.sku,
      externalId: product.id,
      price: product.variant.price,
      currency: options.currency ?? 'EUR',
      quantity: product.variant.available,
      state: product.status,
    }));

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/_sandbox/discounts' && request.method === 'GET') return sendJson(response, 200, discounts);
    if (url.pathname === '/_sandbox/listings' && request.method === 'GET') return sendJson(response, 200, listings());
    if (url.pathname === '/_sandbox/orders' && request.method === 'POST') return placeOrder(request, response);
    if (url.pathname === '/_sandbox/faults' && request.method === 'PUT') return faults.put(request, response);
    const version = /^\/admin\/api\/([0-9]{4}-[0-9]{2}|unstable)\/graphql\.json$/.exec(url.pathname)?.[1];
    if (!version) return sendJson(response, 404, { errors: 'Not Found' });
    if (request.method !== 'POST') return sendJson(response, 405, { errors: 'Method Not Allowed' });
    if (request.headers['x-shopify-access-token'] !== accessToken) {
      return sendJson(response, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    const injected = await faults.before(response);
    if (injected === 'closed') return;
    if (injected) return sendFailure(response, injected.status, injected.headers);
    let body: { query?: unknown; variables?: Record<string, unknown> };
    try {
      body = JSON.parse((await readText(request)) ?? '') as typeof body;
    } catch {
      return sendJson(response, 400, { errors: { query: 'Required parameter missing or invalid' } });
    }
    const answer = graphql(body, version);
    if (typeof answer === 'object' && answer !== null && 'lostAnswer' in answer) return sendFailure(response, 500, {});
    sendJson(response, 200, answer);
  };

  const loopback = await serveOnLoopback('Shopify sandbox', handle, (response) => sendJson(response, 500, { errors: 'Internal Server Error' }), options);
  const { stop } = loopback;
  origin = loopback.origin;
  const host = new URL(origin).host;
  return {
    origin,
    adminApiUrl: `${origin}/admin/api/${API_VERSION}/graphql.json`,
    adminApiUrlOf: (version) => `${origin}/admin/api/${version}/graphql.json`,
    host,
    discounts: () => discounts,
    listings,
    orders: () =>
      catalog.orders.flatMap((order) =>
        order.lineItems.map((line) => ({ orderId: order.id, sku: line.sku, cancelled: order.cancelledAt !== null || line.currentQuantity === 0, orderCancelled: order.cancelledAt !== null })),
      ),
    refunds: (orderId) =>
      (catalog.orders.find((order) => order.id === orderId)?.transactions ?? []).filter((transaction) => transaction.kind === 'REFUND').map((transaction) => transaction.amount),
    setFaults: (next) => faults.set(next),
    setWebhook: (target) => {
      webhook = target;
    },
    stop,
  };
}

/** The `first` and `after` of the query's `lineItems`, which the orders it answers show a page of, as Shopify does. */
function lineItemsPage(query: string, variables: Record<string, unknown>): { first: number; after?: string } {
  const found = /\blineItems\s*\(([^)]*)\)/.exec(query)?.[1] ?? '';
  const argument = (name: string): unknown => {
    const value = new RegExp(`\\b${name}\\s*:\\s*(\\$?[A-Za-z0-9_]+|"[^"]*")`).exec(found)?.[1];
    if (value === undefined) return undefined;
    if (value.startsWith('$')) return variables[value.slice(1)];
    return value.startsWith('"') ? value.slice(1, -1) : value;
  };
  const first = Math.min(Number(argument('first') ?? 250) || 250, 250);
  const after = argument('after');
  return typeof after === 'string' ? { first, after } : { first };
}

function sendFailure(response: ServerResponse, status: number, headers: Record<string, string>): void {
  sendJson(
    response,
    status,
    { errors: status === 429 ? 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' : 'Internal error' },
    headers,
  );
}

/**
 * Delivers an `orders/create` webhook as Shopify does: the JSON body signed with the app secret in
 * `X-Shopify-Hmac-Sha256`. A receiver that fails is logged, not retried: the platform also polls.
 */
async function sendOrderWebhook(target: ShopifyWebhookTarget, payload: object, shopDomain: string): Promise<void> {
  const body = JSON.stringify(payload);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        'x-shopify-hmac-sha256': shopifyWebhookHmac(body, target.secret ?? SHOPIFY_SANDBOX_WEBHOOK_SECRET),
        'x-shopify-shop-domain': shopDomain,
        'x-shopify-api-version': API_VERSION,
        'x-shopify-webhook-id': crypto.randomUUID(),
        'x-shopify-triggered-at': new Date().toISOString(),
      },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) console.error(`Shopify sandbox: the orders/create webhook to ${target.url} was answered ${response.status}`);
  } catch (error) {
    console.error(`Shopify sandbox: the orders/create webhook to ${target.url} failed`, error);
  }
}
