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

const CreateOfferSchema = z.strictObject({
  sku: z.string().min(1).max(100),
  gtin: z.string().regex(/^\d{8,14}$/),
  grading: z.enum(['A', 'B', 'C']),
  stock: z.number().int().min(0),
  reference_price: price,
  reference_currency_code: z.string().regex(/^[A-Z]{3}$/),
  shipping_profile_id: z.string().min(1),
  warranty: z.number().int().min(12),
});
const UpdateOfferSchema = z.strictObject({ identifier, stock: z.number().int().min(0).optional(), reference_price: price.optional() });
const GetOfferSchema = z.strictObject({ identifier });
const ListOrdersSchema = z.strictObject({
  pagination: z.strictObject({ limit: z.number().int().min(1).max(ORDERS_PAGE_LIMIT).optional(), starting_after: z.string().optional() }).optional(),
});
const UpdateItemStateSchema = z.strictObject({ id: z.string().min(1), state: z.enum(['ACCEPTED', 'REJECTED', 'SHIPPED']) });

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
  warranty: number;
}

interface OrderItem {
  id: string;
  sku: string;
  offer_id: string;
  state: 'NEW' | 'ACCEPTED' | 'REJECTED' | 'SHIPPED';
  price: string;
}

interface Order {
  id: string;
  state: 'NEW' | 'ACCEPTED' | 'REJECTED';
  released_at: string;
  currency_code: string;
  shipping_costs: string;
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
 * `starting_after` in the order of release, and `OrderItemService/UpdateOrderItemState`. It
 * checks `Authorization: Plain <token>` and answers gRPC status documents (`code`, `message`,
 * `details`). Besides the API: `PUT /_sandbox/faults`, `GET /_sandbox/listings` and
 * `POST /_sandbox/orders {"sku"}` (409 when the offer has no stock).
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
        const order = orders.find((candidate) => candidate.items.some((item) => item.id === parsed.data.id));
        const item = order?.items.find((candidate) => candidate.id === parsed.data.id);
        if (!order || !item) return grpcError(response, 'NOT_FOUND', 'order item not found');
        if (item.state !== 'NEW' && item.state !== parsed.data.state) {
          return grpcError(response, 'FAILED_PRECONDITION', `order item is ${item.state} and cannot become ${parsed.data.state}`);
        }
        item.state = parsed.data.state;
        if (order.items.every((candidate) => candidate.state === 'REJECTED')) order.state = 'REJECTED';
        return committed(response, { order_item: item });
      }
      default:
        return grpcError(response, 'NOT_FOUND', `unknown method ${method}`);
    }
  }

  async function placeOrder(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request);
    const sku = typeof body === 'object' && body !== null && 'sku' in body && typeof body.sku === 'string' ? body.sku : undefined;
    if (!sku) return sendJson(response, 400, { error: 'The body must be {"sku": "<the SKU the item is listed under>"}.' });
    const offer = offers.get(sku);
    if (!offer || offer.stock < 1) return sendJson(response, 409, { error: `The offer of ${sku} has no stock.` });
    offer.stock -= 1;
    const order: Order = {
      id: String(nextOrderId++),
      state: 'NEW',
      released_at: new Date().toISOString(),
      currency_code: offer.reference_currency_code,
      shipping_costs: '0.00',
      items: [{ id: String(nextItemId++), sku, offer_id: offer.id, state: 'NEW', price: offer.reference_price }],
    };
    orders.push(order);
    sendJson(response, 201, order);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === '/_sandbox/faults' && method === 'PUT') return faults.put(request, response);
    if (url.pathname === '/_sandbox/listings' && method === 'GET') return sendJson(response, 200, listings());
    if (url.pathname === '/_sandbox/orders' && method === 'POST') return placeOrder(request, response);
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
  const orderLines = (): SandboxOrderLine[] => orders.flatMap((order) => order.items.map((item) => ({ orderId: order.id, sku: item.sku, cancelled: item.state === 'REJECTED' })));
  return { apiUrl: origin, listings, orders: orderLines, setFaults: (next) => faults.set(next), stop };
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
