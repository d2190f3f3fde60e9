import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ChannelFaults, FaultInjector, type InjectedFailure, readJsonBody } from '../channel-faults';
import { sendJson, serveOnLoopback } from '../sandbox-http';
import type { SandboxOrderLine } from '../sandbox-orders';

/** The API token the sandbox accepts unless told otherwise (sent as `Authorization: Basic <token>`). */
export const BACKMARKET_SANDBOX_TOKEN = 'a2xyZWlzbGF1Zi1iYWNrbWFya2V0LXNhbmRib3g=';

const GRADES = ['EXCELLENT', 'VERY_GOOD', 'GOOD', 'FAIR'] as const;
const CSV_COLUMNS = ['sku', 'product_id', 'quantity', 'price', 'grade', 'warranty_delay', 'currency'] as const;
/** Back Market's publication states: 2 online, 3 offline (no stock). */
const ONLINE = 2;
const OFFLINE = 3;
/** Orderline states as the sandbox keeps them: 1 waiting for the seller's acceptance, 4 cancelled. */
const LINE_TO_ACCEPT = 1;
const LINE_CANCELLED = 4;
const ORDERS_PAGE_SIZE = 50;

const decimal = z.string().regex(/^\d+(\.\d{1,2})?$/);

const CatalogRequestSchema = z.looseObject({
  catalog: z.string().min(1),
  delimiter: z.string().length(1).optional(),
  encoding: z.string().optional(),
  header: z.boolean().optional(),
});

const CsvRowSchema = z.strictObject({
  sku: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  product_id: z.string().min(1),
  quantity: z.coerce.number().int().min(0),
  price: decimal,
  grade: z.enum(GRADES),
  warranty_delay: z.coerce.number().int().min(12),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

const ListingUpdateSchema = z.looseObject({ quantity: z.number().int().min(0).optional(), price: decimal.optional() });
const OrderUpdateSchema = z.looseObject({ order_id: z.number().int(), new_state: z.number().int(), sku: z.string().min(1) });

/** A listing as `GET /ws/listings/detail` describes it. */
export interface BackMarketListing {
  listing_id: number;
  sku: string;
  product_id: string;
  quantity: number;
  price: string;
  currency: string;
  grade: (typeof GRADES)[number];
  warranty_delay: number;
  publication_state: number;
}

interface Order {
  order_id: number;
  state: number;
  date_creation: string;
  date_modification: string;
  currency: string;
  price: string;
  shipping_price: string;
  orderlines: { id: number; listing: string; listing_id: number; price: string; quantity: number; state: number }[];
}

/** A row of `GET /_sandbox/listings`. */
export interface SandboxListing {
  sku: string;
  externalId: string;
  price: string;
  currency: string;
  quantity: number;
  state: 'ONLINE' | 'OFFLINE';
}

export interface BackMarketSandbox {
  /** The API host, as `https://www.backmarket.fr` is in production. */
  apiUrl: string;
  listings(): SandboxListing[];
  orders(): SandboxOrderLine[];
  setFaults(faults: ChannelFaults): void;
  stop(): Promise<void>;
}

/**
 * A local, stateful stand-in for the Back Market seller API: the CSV catalogue import
 * (`POST /ws/listings`, answered with a task id and applied at once, creating or updating by
 * SKU), `GET /ws/listings/detail?sku=`, `POST /ws/listings/{id}` (price, quantity; quantity 0 takes
 * the listing offline), orders by `GET /ws/orders?date_modification=` and orderline updates by
 * `POST /ws/orders/{id}`. It requires `Authorization: Basic <token>` and a `User-Agent`. Besides the
 * API: `PUT /_sandbox/faults`, `GET /_sandbox/listings`, `POST /_sandbox/orders {"sku"}` (409
 * when the listing has no stock).
 *
 * @example
 * const backMarket = await startBackMarketSandbox();
 * const channel = new BackMarketSalesChannel({ apiUrl: backMarket.apiUrl, token: async () => BACKMARKET_SANDBOX_TOKEN, config });
 */
export async function startBackMarketSandbox(options: { port?: number; token?: string; faults?: ChannelFaults } = {}): Promise<BackMarketSandbox> {
  const token = options.token ?? BACKMARKET_SANDBOX_TOKEN;
  const faults = new FaultInjector(options.faults);
  const listingsBySku = new Map<string, BackMarketListing>();
  const orders: Order[] = [];
  let nextListingId = 4_000_001;
  let nextTaskId = 900_001;
  let nextOrderId = 70_000_001;
  let nextLineId = 80_000_001;

  const listings = (): SandboxListing[] =>
    [...listingsBySku.values()].map((listing) => ({
      sku: listing.sku,
      externalId: String(listing.listing_id),
      price: listing.price,
      currency: listing.currency,
      quantity: listing.quantity,
      state: listing.publication_state === ONLINE ? 'ONLINE' : 'OFFLINE',
    }));

  const setQuantity = (listing: BackMarketListing, quantity: number) => {
    listing.quantity = quantity;
    listing.publication_state = quantity > 0 ? ONLINE : OFFLINE;
  };

  const committed = (response: ServerResponse, body: unknown): void => {
    const failure = faults.afterCommit(new URL(response.req.url ?? '/', 'http://localhost').pathname);
    if (failure) return sendFailure(response, failure);
    sendJson(response, 200, body);
  };

  async function importCatalog(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = CatalogRequestSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) return bmError(response, 400, 'invalid_request', 'The body must hold a "catalog" CSV.');
    const delimiter = parsed.data.delimiter ?? ';';
    const [header, ...lines] = parsed.data.catalog.split(/\r?\n/).filter((line) => line.trim() !== '');
    const columns = (header ?? '').split(delimiter);
    const missing = CSV_COLUMNS.filter((column) => !columns.includes(column));
    if (missing.length > 0) return bmError(response, 400, 'invalid_catalog', `The catalog lacks the columns ${missing.join(', ')}.`);
    const rows = [];
    for (const [index, line] of lines.entries()) {
      const cells = line.split(delimiter);
      const row = CsvRowSchema.safeParse(Object.fromEntries(CSV_COLUMNS.map((column) => [column, cells[columns.indexOf(column)]])));
      if (!row.success) {
        const [issue] = row.error.issues;
        return bmError(response, 400, 'invalid_catalog', `Line ${index + 2}: ${issue?.path.join('.')}: ${issue?.message}`);
      }
      rows.push(row.data);
    }
    for (const row of rows) {
      const listing = listingsBySku.get(row.sku) ?? { listing_id: nextListingId++, sku: row.sku, quantity: 0, publication_state: OFFLINE };
      const updated = { ...listing, product_id: row.product_id, price: row.price, currency: row.currency, grade: row.grade, warranty_delay: row.warranty_delay };
      setQuantity(updated, row.quantity);
      listingsBySku.set(row.sku, updated);
    }
    committed(response, { bodymessage: nextTaskId++, statuscode: 200 });
  }

  async function updateListing(request: IncomingMessage, response: ServerResponse, listingId: number): Promise<void> {
    const listing = [...listingsBySku.values()].find((candidate) => candidate.listing_id === listingId);
    if (!listing) return bmError(response, 404, 'not_found', `No listing ${listingId}.`);
    const parsed = ListingUpdateSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) return bmError(response, 400, 'invalid_request', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    if (parsed.data.price !== undefined) listing.price = parsed.data.price;
    if (parsed.data.quantity !== undefined) setQuantity(listing, parsed.data.quantity);
    committed(response, listing);
  }

  function getOrders(response: ServerResponse, url: URL): void {
    const since = url.searchParams.get('date_modification');
    const from = since === null ? -Infinity : Date.parse(`${since.replace(' ', 'T')}Z`);
    if (Number.isNaN(from)) return bmError(response, 400, 'invalid_request', 'date_modification must read YYYY-MM-DD HH:MM:SS.');
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const matching = orders.filter((order) => Date.parse(`${order.date_modification.replace(' ', 'T')}Z`) >= from);
    const results = matching.slice((page - 1) * ORDERS_PAGE_SIZE, page * ORDERS_PAGE_SIZE);
    const pageUrl = (n: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      return next.toString();
    };
    sendJson(response, 200, {
      count: matching.length,
      next: page * ORDERS_PAGE_SIZE < matching.length ? pageUrl(page + 1) : null,
      previous: page > 1 ? pageUrl(page - 1) : null,
      results,
    });
  }

  async function updateOrder(request: IncomingMessage, response: ServerResponse, orderId: number): Promise<void> {
    const order = orders.find((candidate) => candidate.order_id === orderId);
    if (!order) return bmError(response, 404, 'not_found', `No order ${orderId}.`);
    const parsed = OrderUpdateSchema.safeParse(await readJsonBody(request));
    if (!parsed.success || parsed.data.order_id !== orderId) return bmError(response, 400, 'invalid_request', 'The body must be {"order_id", "new_state", "sku"} of this order.');
    const line = order.orderlines.find((candidate) => candidate.listing === parsed.data.sku);
    if (!line) return bmError(response, 400, 'invalid_request', `The order has no line of ${parsed.data.sku}.`);
    if (parsed.data.new_state !== LINE_CANCELLED) return bmError(response, 400, 'invalid_state', `The sandbox moves orderlines to ${LINE_CANCELLED} (cancelled) only.`);
    if (line.state !== LINE_TO_ACCEPT) return bmError(response, 400, 'invalid_state', `The orderline is in state ${line.state} and can no longer be cancelled.`);
    line.state = LINE_CANCELLED;
    if (order.orderlines.every((candidate) => candidate.state === LINE_CANCELLED)) order.state = LINE_CANCELLED;
    order.date_modification = backMarketDate(new Date());
    committed(response, order);
  }

  async function placeOrder(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request);
    const sku = typeof body === 'object' && body !== null && 'sku' in body && typeof body.sku === 'string' ? body.sku : undefined;
    if (!sku) return sendJson(response, 400, { error: 'The body must be {"sku": "<the SKU the item is listed under>"}.' });
    const listing = listingsBySku.get(sku);
    if (!listing || listing.quantity < 1) return sendJson(response, 409, { error: `The listing of ${sku} has no stock.` });
    setQuantity(listing, listing.quantity - 1);
    const now = backMarketDate(new Date());
    const order: Order = {
      order_id: nextOrderId++,
      state: LINE_TO_ACCEPT,
      date_creation: now,
      date_modification: now,
      currency: listing.currency,
      price: listing.price,
      shipping_price: '0.00',
      orderlines: [{ id: nextLineId++, listing: sku, listing_id: listing.listing_id, price: listing.price, quantity: 1, state: LINE_TO_ACCEPT }],
    };
    orders.push(order);
    sendJson(response, 201, order);
  }

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (request.headers.authorization !== `Basic ${token}`) return bmError(response, 401, 'unauthorized', 'Invalid or missing token.');
    if (!request.headers['user-agent']) return bmError(response, 400, 'missing_user_agent', 'The User-Agent header is mandatory.');
    const injected = await faults.before(response);
    if (injected === 'closed') return;
    if (injected) return sendFailure(response, injected);

    const path = url.pathname.replace(/\/+$/, '');
    const method = request.method ?? 'GET';
    if (path === '/ws/listings' && method === 'POST') return importCatalog(request, response);
    if (path === '/ws/listings/detail' && method === 'GET') {
      const listing = listingsBySku.get(url.searchParams.get('sku') ?? '');
      return listing ? sendJson(response, 200, listing) : bmError(response, 404, 'not_found', 'No listing with this SKU.');
    }
    const listingPath = /^\/ws\/listings\/(\d+)$/.exec(path);
    if (listingPath && method === 'POST') return updateListing(request, response, Number(listingPath[1]));
    if (path === '/ws/orders' && method === 'GET') return getOrders(response, url);
    const orderPath = /^\/ws\/orders\/(\d+)$/.exec(path);
    if (orderPath && method === 'GET') {
      const order = orders.find((candidate) => candidate.order_id === Number(orderPath[1]));
      return order ? sendJson(response, 200, order) : bmError(response, 404, 'not_found', `No order ${orderPath[1]}.`);
    }
    if (orderPath && method === 'POST') return updateOrder(request, response, Number(orderPath[1]));
    bmError(response, 404, 'not_found', `No resource at ${method} ${path}.`);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === '/_sandbox/faults' && method === 'PUT') return faults.put(request, response);
    if (url.pathname === '/_sandbox/listings' && method === 'GET') return sendJson(response, 200, listings());
    if (url.pathname === '/_sandbox/orders' && method === 'POST') return placeOrder(request, response);
    return api(request, response, url);
  }

  const { origin, stop } = await serveOnLoopback('Back Market sandbox', route, (response) => bmError(response, 500, 'server_error', 'Internal server error.'), options);
  const orderLines = (): SandboxOrderLine[] =>
    orders.flatMap((order) => order.orderlines.map((line) => ({ orderId: String(order.order_id), sku: line.listing, cancelled: line.state === LINE_CANCELLED })));
  return { apiUrl: origin, listings, orders: orderLines, setFaults: (next) => faults.set(next), stop };
}

/** Back Market writes dates as `YYYY-MM-DD HH:MM:SS` (UTC here). */
export function backMarketDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function bmError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { error: { code, message } }, headers);
}

function sendFailure(response: ServerResponse, failure: InjectedFailure): void {
  if (failure.status === 429) return bmError(response, 429, 'too_many_requests', 'Request was throttled.', failure.headers);
  bmError(response, failure.status, 'server_error', 'The sandbox was told to fail this request.', failure.headers);
}
