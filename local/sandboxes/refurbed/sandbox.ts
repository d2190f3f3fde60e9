import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ChannelFaults, FaultInjector, type InjectedFailure, readJsonBody } from '../channel-faults';
import { sendJson, serveOnLoopback } from '../sandbox-http';
import type { SandboxOrderLine } from '../sandbox-orders';

/** The merchant API token the sandbox accepts unless told otherwise (`Authorization: Plain <token>`). */
export const REFURBED_SANDBOX_TOKEN = 'refb-kreislauf-sandbox-token';

const SERVICE = '/refb.merchant.v1.';
const ORDERS_PAGE_LIMIT = 100;

/** gRPC status codes, as the HTTP/JSON gateway answers them in `code`. */
const GRPC = {
  INVALID_ARGUMENT: { code: 3, status: 400 },
  NOT_FOUND: { code: 5, status: 404 },
  ALREADY_EXISTS: { code: 6, status: 409 },
  RESOURCE_EXHAUSTED: { code: 8, status: 429 },
  FAILED_PRECONDITION: { code: 9, status: 400 },
  INTERNAL: { code: 13, status: 500 },
  UNAVAILABLE: { code: 14, status: 503 },
  UNAUTHENTICATED: { code: 16, status: 401 },
} as const;

const price = z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal string such as "419.99"');
const identifier = z.strictObject({ sku: z.string().min(1).max(100) });

/**
 * A protobuf enum as the HTTP/JSON transport takes it: its value's name, or its number (read as the name). The zero
 * value (`UNSPECIFIED`) of a REQUIRED field is refused as the field left out.
 */
function protoEnum<const Name extends string>(values: readonly Name[]) {
  return z.union([z.enum(values), z.number().int()]).transform((value, context): Name => {
    const name = typeof value === 'number' ? values[value - 1] : value;
    if (name === undefined) {
      context.addIssue({ code: 'custom', message: value === 0 ? 'is required' : `is no value of the enum (${values.join(', ')})` });
      return z.NEVER;
    }
    return name;
  });
}

/** `OfferWarranty`: M12 = 1; M18 to M36 (2 to 5) are deprecated, and a new offer with one of them is refused. */
const WARRANTIES = ['M12', 'M18', 'M24', 'M30', 'M36'] as const;
const TAXATIONS = ['GROSS', 'MARGINAL'] as const;
const ITEM_STATES = ['NEW', 'REJECTED', 'CANCELLED', 'ACCEPTED', 'SHIPPED', 'RETURNED'] as const;
type ItemState = (typeof ITEM_STATES)[number];

const CreateOfferSchema = z.strictObject({
  sku: z.string().min(1).max(100),
  gtin: z.string().regex(/^\d{8,14}$/),
  grading: z.enum(['A', 'B', 'C']),
  stock: z.number().int().min(0),
  reference_price: price,
  reference_currency_code: z.string().regex(/^[A-Z]{3}$/),
  shipping_profile_id: z.string().min(1),
  warranty: protoEnum(WARRANTIES).refine((warranty) => warranty === 'M12', 'only 12 months (M12) is supported for new offers'),
  taxation: protoEnum(TAXATIONS),
});
const UpdateOfferSchema = z.strictObject({ identifier, stock: z.number().int().min(0).optional(), reference_price: price.optional() });
const GetOfferSchema = z.strictObject({ identifier });
const ListOrdersSchema = z.strictObject({
  pagination: z.strictObject({ limit: z.number().int().min(1).max(ORDERS_PAGE_LIMIT).optional(), starting_after: z.string().optional() }).optional(),
});
const UpdateItemStateSchema = z.strictObject({ id: z.string().min(1), state: protoEnum(ITEM_STATES), parcel_tracking_url: z.url().optional() });
const GetItemSchema = z.strictObject({ id: z.string().min(1) });

/**
 * The changes of an item's state the merchant may make (`UpdateOrderItemState`); the buyer cancels (NEW or ACCEPTED
 * to CANCELLED) and returns (SHIPPED to RETURNED) on Refurbed's side, which `POST /_sandbox/order-items/{id}` plays.
 */
const MERCHANT_MOVES: Partial<Record<ItemState, readonly ItemState[]>> = { NEW: ['REJECTED', 'ACCEPTED'], ACCEPTED: ['SHIPPED'] };
const BUYER_MOVES: Partial<Record<ItemState, readonly ItemState[]>> = { NEW: ['CANCELLED'], ACCEPTED: ['CANCELLED'], SHIPPED: ['RETURNED'] };

/** An offer as the merchant API describes it. */
export interface RefurbedOffer {
  id: string;
  sku: string;
  gtin: string;
  grading: 'A' | 'B' | 'C';
  stock: number;
  reference_price: string;
  reference_currency_code: string;
  shipping_profile_id: string;
  warranty: (typeof WARRANTIES)[number];
  taxation: (typeof TAXATIONS)[number];
}

/**
 * An order item as `refb.merchant.v1.OrderItem` is (the fields the sandbox keeps): no price of its own, but what the
 * buyer was charged (`total_charged`: the offer's price and its shipping costs), paid (falls by a refund) and was
 * refunded, in the order's currency; the sandbox settles in it too.
 */
interface OrderItem {
  id: string;
  order_id: string;
  name: string;
  state: ItemState;
  sku: string;
  currency_code: string;
  settlement_currency_code: string;
  total_charged: string;
  settlement_total_charged: string;
  total_paid: string;
  settlement_total_paid: string;
  total_refunded: string;
  settlement_total_refunded: string;
  taxation: (typeof TAXATIONS)[number];
  offer_data: { offer_id: string; offer_warranty: string; offer_grading: string; shipping_profile_id: string; shipping_costs: string };
  parcel_tracking_url?: string;
}

/** An order as `refb.merchant.v1.Order` is: its totals are its items', and it has no shipping of its own. */
interface Order {
  id: string;
  state: 'NEW' | 'REJECTED' | 'CANCELLED' | 'ACCEPTED' | 'SHIPPED' | 'RETURNED' | 'FULFILLED' | 'UNFULFILLED' | 'PARTIALLY_FULFILLED';
  released_at: string;
  currency_code: string;
  settlement_currency_code: string;
  total_charged: string;
  total_paid: string;
  total_refunded: string;
  items: OrderItem[];
}

/** A row of `GET /_sandbox/listings`. */
export interface SandboxListing {
  sku: string;
  externalId: string;
  price: string;
  currency: string;
  quantity: number;
  state: 'IN_STOCK' | 'OUT_OF_STOCK';
}

export interface RefurbedSandbox {
  /** The API host, as `https://api.refurbed.com` is in production. */
  apiUrl: string;
  listings(): SandboxListing[];
  orders(): SandboxOrderLine[];
  setFaults(faults: ChannelFaults): void;
  stop(): Promise<void>;
}

/**
 * A local, stateful stand-in for the Refurbed merchant API's HTTP/JSON transport:
 * `OfferService/CreateOffer` (a SKU it has is refused with ALREADY_EXISTS), `GetOffer` and
 * `UpdateOffer` by SKU (stock 0 takes the offer off sale), `OrderService/ListOrders` paged by
 * `starting_after` in the order of release, and `OrderItemService/UpdateOrderItemState` and
 * `GetOrderItem`. It checks `Authorization: Plain <token>` and answers gRPC status documents (`code`, `message`,
 * `details`). It takes and answers what the merchant API's protos say: a new offer needs `taxation` and the
 * warranty `M12`, and an order item carries `total_charged` (no price) and its shipping costs in `offer_data`.
 * Besides the API: `PUT /_sandbox/faults`, `GET /_sandbox/listings`, `POST /_sandbox/orders {"sku"}` (with
 * `shippingCosts` if the buyer paid for shipping; 409 when the offer has no stock) and
 * `POST /_sandbox/order-items/{id} {"state"}`, the buyer cancelling an item (CANCELLED) or sending it back (RETURNED).
 *
 * @example
 * const refurbed = await startRefurbedSandbox();
 * const channel = new RefurbedSalesChannel({ apiUrl: refurbed.apiUrl, token: async () => REFURBED_SANDBOX_TOKEN, config });
 */
export async function startRefurbedSandbox(options: { port?: number; token?: string; faults?: ChannelFaults } = {}): Promise<RefurbedSandbox> {
  const token = options.token ?? REFURBED_SANDBOX_TOKEN;
  const faults = new FaultInjector(options.faults);
  const offers = new Map<string, RefurbedOffer>();
  const orders: Order[] = [];
  let nextOfferId = 51_000_001;
  let nextOrderId = 61_000_001;
  let nextItemId = 62_000_001;

  const listings = (): SandboxListing[] =>
    [...offers.values()].map((offer) => ({
      sku: offer.sku,
      externalId: offer.id,
      price: offer.reference_price,
      currency: offer.reference_currency_code,
      quantity: offer.stock,
      state: offer.stock > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK',
    }));

  const committed = (response: ServerResponse, body: unknown): void => {
    const failure = faults.afterCommit(new URL(response.req.url ?? '/', 'http://localhost').pathname);
    if (failure) return sendFailure(response, failure);
    sendJson(response, 200, body);
  };

  function call(method: string, body: unknown, response: ServerResponse): void {
    switch (method) {
      case 'OfferService/CreateOffer': {
        const parsed = CreateOfferSchema.safeParse(body);
        if (!parsed.success) return invalid(response, parsed.error);
        if (offers.has(parsed.data.sku)) return grpcError(response, 'ALREADY_EXISTS', `an offer with sku "${parsed.data.sku}" already exists`);
        const offer: RefurbedOffer = { id: String(nextOfferId++), ...parsed.data };
        offers.set(offer.sku, offer);
        return committed(response, { offer });
      }
      case 'OfferService/GetOffer': {
        const parsed = GetOfferSchema.safeParse(body);
        if (!parsed.success) return invalid(response, parsed.error);
        const offer = offers.get(parsed.data.identifier.sku);
        return offer ? sendJson(response, 200, { offer }) : grpcError(response, 'NOT_FOUND', 'offer not found');
      }
      case 'OfferService/UpdateOffer': {
        const parsed = UpdateOfferSchema.safeParse(body);
        if (!parsed.success) return invalid(response, parsed.error);
        const offer = offers.get(parsed.data.identifier.sku);
        if (!offer) return grpcError(response, 'NOT_FOUND', 'offer not found');
        if (parsed.data.stock !== undefined) offer.stock = parsed.data.stock;
        if (parsed.data.reference_price !== undefined) offer.reference_price = parsed.data.reference_price;
        return committed(response, { offer });
      }
      case 'OrderService/ListOrders': {
        const parsed = ListOrdersSchema.safeParse(body ?? {});
        if (!parsed.success) return invalid(response, parsed.error);
        const limit = parsed.data.pagination?.limit ?? ORDERS_PAGE_LIMIT;
        const after = parsed.data.pagination?.starting_after;
        const start = after === undefined ? 0 : orders.findIndex((order) => order.id === after) + 1;
        if (after !== undefined && start === 0) return grpcError(response, 'INVALID_ARGUMENT', `starting_after "${after}" is no order id`);
        const page = orders.slice(start, start + limit);
        return sendJson(response, 200, { orders: page, has_more: start + limit < orders.length });
      }
      case 'OrderItemService/UpdateOrderItemState': {
        const parsed = UpdateItemStateSchema.safeParse(body);
        if (!parsed.success) return invalid(response, parsed.error);
        const found = orderItem(parsed.data.id);
        if (!found) return grpcError(response, 'NOT_FOUND', 'order item not found');
        const { order, item } = found;
        const state = parsed.data.state;
        // Setting the state an item has already changes nothing and succeeds.
        if (item.state !== state) {
          if (!MERCHANT_MOVES[item.state]?.includes(state)) return grpcError(response, 'INVALID_ARGUMENT', `illegal state transition from ${item.state} to ${state}`);
          const tracking = parsed.data.parcel_tracking_url ?? item.parcel_tracking_url;
          if (state === 'SHIPPED' && !tracking) return grpcError(response, 'INVALID_ARGUMENT', 'a parcel tracking url must be set to ship an order item');
          if (tracking) item.parcel_tracking_url = tracking;
          move(order, item, state);
        }
        return committed(response, { order_item: item });
      }
      case 'OrderItemService/GetOrderItem': {
        const parsed = GetItemSchema.safeParse(body);
        if (!parsed.success) return invalid(response, parsed.error);
        const found = orderItem(parsed.data.id);
        return found ? sendJson(response, 200, { order_item: found.item }) : grpcError(response, 'NOT_FOUND', 'order item not found');
      }
      default:
        return grpcError(response, 'NOT_FOUND', `unknown method ${method}`);
    }
  }

  function orderItem(id: string): { order: Order; item: OrderItem } | undefined {
    for (const order of orders) {
      const item = order.items.find((candidate) => candidate.id === id);
      if (item) return { order, item };
    }
    return undefined;
  }

  async function placeOrder(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = PlaceOrderSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) {
      return sendJson(response, 400, { error: 'The body must be {"sku": "<the SKU the item is listed under>"}, with "shippingCosts" (a decimal string) if the buyer paid for shipping.' });
    }
    const { sku, shippingCosts = '0.00' } = parsed.data;
    const offer = offers.get(sku);
    if (!offer || offer.stock < 1) return sendJson(response, 409, { error: `The offer of ${sku} has no stock.` });
    offer.stock -= 1;
    const orderId = String(nextOrderId++);
    const charged = decimal(cents(offer.reference_price) + cents(shippingCosts));
    const currency = offer.reference_currency_code;
    const item: OrderItem = {
      id: String(nextItemId++),
      order_id: orderId,
      name: `Offer ${offer.id}`,
      state: 'NEW',
      sku,
      currency_code: currency,
      settlement_currency_code: currency,
      total_charged: charged,
      settlement_total_charged: charged,
      total_paid: charged,
      settlement_total_paid: charged,
      total_refunded: '0.00',
      settlement_total_refunded: '0.00',
      taxation: offer.taxation,
      offer_data: { offer_id: offer.id, offer_warranty: offer.warranty, offer_grading: offer.grading, shipping_profile_id: offer.shipping_profile_id, shipping_costs: shippingCosts },
    };
    const order: Order = {
      id: orderId,
      state: 'NEW',
      released_at: new Date().toISOString(),
      currency_code: currency,
      settlement_currency_code: currency,
      total_charged: charged,
      total_paid: charged,
      total_refunded: '0.00',
      items: [item],
    };
    orders.push(order);
    sendJson(response, 201, order);
  }

  /** `POST /_sandbox/order-items/{id} {"state"}`: the buyer cancels the item (CANCELLED) or sends it back (RETURNED). */
  async function buyerMove(id: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request);
    const state = typeof body === 'object' && body !== null && 'state' in body ? body.state : undefined;
    if (state !== 'CANCELLED' && state !== 'RETURNED') return sendJson(response, 400, { error: 'The body must be {"state": "CANCELLED" | "RETURNED"}.' });
    const found = orderItem(id);
    if (!found) return sendJson(response, 404, { error: `No order item ${id}.` });
    if (!BUYER_MOVES[found.item.state]?.includes(state)) return sendJson(response, 409, { error: `The order item is ${found.item.state} and cannot become ${state}.` });
    move(found.order, found.item, state);
    sendJson(response, 200, found.item);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === '/_sandbox/faults' && method === 'PUT') return faults.put(request, response);
    if (url.pathname === '/_sandbox/listings' && method === 'GET') return sendJson(response, 200, listings());
    if (url.pathname === '/_sandbox/orders' && method === 'POST') return placeOrder(request, response);
    const buyerItem = /^\/_sandbox\/order-items\/([^/]+)$/.exec(url.pathname);
    if (buyerItem && method === 'POST') return buyerMove(decodeURIComponent(buyerItem[1]!), request, response);
    if (!url.pathname.startsWith(SERVICE)) return grpcError(response, 'NOT_FOUND', `no service at ${url.pathname}`);
    if (method !== 'POST') return grpcError(response, 'INVALID_ARGUMENT', 'methods are called with POST');
    if (request.headers.authorization !== `Plain ${token}`) return grpcError(response, 'UNAUTHENTICATED', 'invalid or missing token');
    const injected = await faults.before(response);
    if (injected === 'closed') return;
    if (injected) return sendFailure(response, injected);
    const body = await readJsonBody(request);
    if (body === undefined) return grpcError(response, 'INVALID_ARGUMENT', 'the body is not JSON');
    call(url.pathname.slice(SERVICE.length), body, response);
  }

  const { origin, stop } = await serveOnLoopback('Refurbed sandbox', route, (response) => grpcError(response, 'INTERNAL', 'internal error'), options);
  const orderLines = (): SandboxOrderLine[] =>
    orders.flatMap((order) => order.items.map((item) => ({ orderId: order.id, sku: item.sku, cancelled: item.state === 'REJECTED' || item.state === 'CANCELLED' })));
  return { apiUrl: origin, listings, orders: orderLines, setFaults: (next) => faults.set(next), stop };
}

const PlaceOrderSchema = z.object({ sku: z.string().min(1), shippingCosts: price.optional() });

/**
 * Moves an item to `state`, and its order to the state its items make (OrderState). An item that will not ship or
 * came back is refunded in full: `total_paid` falls to 0 and `total_refunded` rises to what it was charged.
 */
function move(order: Order, item: OrderItem, state: ItemState): void {
  item.state = state;
  if (state === 'REJECTED' || state === 'CANCELLED' || state === 'RETURNED') {
    item.total_refunded = item.settlement_total_refunded = item.total_charged;
    item.total_paid = item.settlement_total_paid = '0.00';
    order.total_refunded = decimal(order.items.reduce((sum, line) => sum + cents(line.total_refunded), 0));
    order.total_paid = decimal(order.items.reduce((sum, line) => sum + cents(line.total_paid), 0));
  }
  order.state = orderState(order.items.map((line) => line.state));
}

function orderState(states: readonly ItemState[]): Order['state'] {
  const all = (state: ItemState) => states.every((candidate) => candidate === state);
  if (states.includes('NEW')) return 'NEW';
  if (states.includes('ACCEPTED')) return 'ACCEPTED';
  for (const state of ['REJECTED', 'CANCELLED', 'SHIPPED', 'RETURNED'] as const) if (all(state)) return state;
  const fulfilled = states.filter((state) => state === 'SHIPPED' || state === 'RETURNED').length;
  return fulfilled === states.length ? 'FULFILLED' : fulfilled === 0 ? 'UNFULFILLED' : 'PARTIALLY_FULFILLED';
}

function cents(decimal: string): number {
  const [units = '0', fraction = ''] = decimal.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0'));
}

function decimal(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function grpcError(response: ServerResponse, kind: keyof typeof GRPC, message: string, headers: Record<string, string> = {}): void {
  const { code, status } = GRPC[kind];
  sendJson(response, status, { code, message, details: [] }, headers);
}

function invalid(response: ServerResponse, error: z.ZodError): void {
  grpcError(response, 'INVALID_ARGUMENT', error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
}

function sendFailure(response: ServerResponse, failure: InjectedFailure): void {
  if (failure.status === 429) return grpcError(response, 'RESOURCE_EXHAUSTED', 'rate limit exceeded', failure.headers);
  grpcError(response, failure.status === 503 ? 'UNAVAILABLE' : 'INTERNAL', 'the sandbox was told to fail this request', failure.headers);
}
