import { readText, serveOnLoopback, waited } from '../sandbox-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DhlFaults, faultsSchema, injectedFailure } from './faults';
import { sendJson, sendProblem } from './responses';
import { DEFAULT_RECEIVERS, type DhlSandboxReceiver } from './receivers';
import { type ReturnOrder, validateReturnOrder } from './return-order-validation';
import { newShipmentNo, routingCodeFor } from './shipment-numbers';
import { DEFAULT_SHIPPER_REFS, type DhlSandboxShipper } from './shipper-refs';
import { type Shipment, validateShipmentOrder } from './shipping-order-validation';
import { sendShipmentCreated, sendShipmentRefusal, sendShippingUnauthorized } from './shipping-responses';

export type { DhlFaults } from './faults';
export type { DhlSandboxReceiver } from './receivers';
export type { DhlSandboxShipper } from './shipper-refs';

/** The credentials a sandbox accepts unless told otherwise. */
export const SANDBOX_CREDENTIALS = Object.freeze({
  apiKey: 'kreislauf-sandbox-api-key',
  username: 'kreislauf-sandbox',
  password: 'sandbox-password',
});

export interface DhlSandboxOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  credentials?: { apiKey: string; username: string; password: string };
  /** The receiverIds the sandbox user has configured; default {@link DEFAULT_RECEIVERS}. */
  receivers?: Record<string, DhlSandboxReceiver>;
  /** The sender addresses the sandbox user keeps, by `shipperRef`; default {@link DEFAULT_SHIPPER_REFS}. */
  shipperRefs?: Record<string, DhlSandboxShipper>;
  /**
   * Whether the sandbox user keeps a copy of each receiver and sender address for every brand, under the id followed by
   * `-` and a name (`deu-acme`, `kreislauf-demo-warehouse-acme`), as an account serving many brands keeps one of each per
   * brand in DHL's portal: the local platform's, so that a brand created there names ids of its own (brands hold their
   * DHL ids since 7 December 2026) and still gets labels. Off by default: only the ids configured are known.
   */
  brandCopies?: boolean;
  faults?: DhlFaults;
}

/** The portal's entries with `id` among them where it names a brand's copy of one (`{known id}-{name}`). */
function withBrandCopy<T>(entries: Readonly<Record<string, T>>, id: unknown, brandCopies: boolean): Readonly<Record<string, T>> {
  if (!brandCopies || typeof id !== 'string' || Object.hasOwn(entries, id)) return entries;
  const known = Object.keys(entries).find((key) => id.startsWith(`${key}-`) && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id.slice(key.length + 1)));
  return known === undefined ? entries : { ...entries, [id]: entries[known]! };
}

const LABEL_TYPES = ['SHIPMENT_LABEL', 'QR_LABEL', 'BOTH'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/** A return label the sandbox created: the accepted order and what the sandbox answered. */
export type SandboxOrder = ReturnOrder & {
  shipmentNo: string;
  labelType: LabelType;
  routingCode: string;
  qrLink: string;
  /** ISO 8601. */
  createdAt: string;
};

/** A parcel the sandbox shipped: the accepted shipment and the number it got. */
export type SandboxShipment = Shipment & {
  shipmentNo: string;
  /** ISO 8601. */
  createdAt: string;
};

export interface DhlSandbox {
  /** The returns API, e.g. `http://127.0.0.1:PORT/parcel/de/shipping/returns/v1`. */
  baseUrl: string;
  /** The shipping API, e.g. `http://127.0.0.1:PORT/parcel/de/shipping/v2`. */
  shippingBaseUrl: string;
  /** Replaces the faults (of both APIs); `{}` clears them. */
  setFaults(faults: DhlFaults): void;
  /** Every return label created, in order. */
  orders(): readonly SandboxOrder[];
  /** Every shipment created over the shipping API, in order. */
  shipments(): readonly SandboxShipment[];
  stop(): Promise<void>;
}

const API_PATH = '/parcel/de/shipping/returns/v1';
const SHIPPING_API_PATH = '/parcel/de/shipping/v2';
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Starts a local, stateful stand-in for the DHL Parcel DE Returns API v1 and the `POST /orders` of
 * the Parcel DE Shipping API v2 (DHL Paket and DHL Paket International, one shipment per request):
 * same paths, fields, status codes and error documents, real PDF and PNG labels, one set of
 * credentials and faults on demand for both. Besides the APIs it serves, for tests in other
 * processes, `PUT /_sandbox/faults` (a {@link DhlFaults} body), `GET /_sandbox/orders`,
 * `GET /_sandbox/orders/{shipmentNo}` (where each `qrLink` points) and `GET /_sandbox/shipments`.
 *
 * @example
 * const sandbox = await startDhlSandbox();
 * const carrier = new DhlReturnsCarrier({ baseUrl: sandbox.baseUrl, ...SANDBOX_CREDENTIALS });
 * const parcels = new DhlParcelCarrier({ baseUrl: sandbox.shippingBaseUrl, ...SANDBOX_CREDENTIALS });
 * sandbox.setFaults({ failAll: 503 });
 * await sandbox.stop();
 */
export async function startDhlSandbox(options: DhlSandboxOptions = {}): Promise<DhlSandbox> {
  const credentials = options.credentials ?? SANDBOX_CREDENTIALS;
  const expectedAuthorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const receivers = options.receivers ?? DEFAULT_RECEIVERS;
  const shipperRefs = options.shipperRefs ?? DEFAULT_SHIPPER_REFS;
  const orders: SandboxOrder[] = [];
  const shipments: SandboxShipment[] = [];
  const issued = new Set<string>();
  let faults: DhlFaults = faultsSchema.parse(options.faults ?? {});
  let origin = '';

  /**
   * What DHL's API gateway does before a request reaches either API: the faults' latency and
   * failures, and the API key. `true` when it has answered (or the client has gone).
   */
  async function answeredAtGateway(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (faults.latencyMs && !(await waited(faults.latencyMs, response))) return true;
    const failure = injectedFailure(faults, Math.random());
    if (faults.failNext) faults = { ...faults, failNext: faults.failNext - 1 };
    if (failure === 429) {
      const retryAfter = String(faults.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
      sendProblem(response, 429, 'You have exceeded the maximum number of requests per time unit.', { 'Retry-After': retryAfter });
      return true;
    }
    if (failure !== undefined) {
      sendProblem(response, failure, 'The sandbox was told to fail this request.');
      return true;
    }
    if (request.headers['dhl-api-key'] !== credentials.apiKey) {
      sendProblem(response, 401, 'Unauthorized for given resource.');
      return true;
    }
    return false;
  }

  async function createOrder(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (await answeredAtGateway(request, response)) return;
    if (request.headers.authorization !== expectedAuthorization) {
      return sendProblem(response, 401, 'Authentication failed: User not found or password invalid');
    }
    const labelType = url.searchParams.get('labelType') ?? 'BOTH';
    if (!isLabelType(labelType)) {
      return sendProblem(response, 400, 'labelType: must be SHIPMENT_LABEL, QR_LABEL or BOTH');
    }
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      return sendProblem(response, 422, 'Unable to process the content type of the request entity.');
    }
    const body = await readJson(request);
    if (body === TOO_LARGE) return sendProblem(response, 413, 'The request body is larger than 1 MB.');
    if (body === NOT_JSON) return sendProblem(response, 400, 'The request body is not valid JSON.');

    const result = validateReturnOrder(body, withBrandCopy(receivers, (body as { receiverId?: unknown } | null)?.receiverId, options.brandCopies ?? false));
    if ('violation' in result) {
      const { field, message } = result.violation;
      return sendProblem(response, 400, field ? `${field}: ${message}` : message);
    }
    const { order, receiver } = result;
    const shipmentNo = newShipmentNo(issued);
    issued.add(shipmentNo);
    const routingCode = routingCodeFor(receiver, shipmentNo);
    const qrLink = `${origin}/_sandbox/orders/${shipmentNo}`;
    // pdf-lib and qrcode load with the first label, not with every start of the local cloud.
    const [label, qrLabel] = await Promise.all([
      labelType === 'QR_LABEL' ? undefined : import('./return-label-pdf').then((pdf) => pdf.renderReturnLabelPdf({ shipmentNo, routingCode, order, receiver })),
      labelType === 'SHIPMENT_LABEL' ? undefined : import('./qr-label-png').then((png) => png.renderQrLabelPng(qrLink)),
    ]);
    orders.push({ ...order, shipmentNo, labelType, routingCode, qrLink, createdAt: new Date().toISOString() });
    sendJson(response, 201, {
      sstatus: { title: 'Created', status: 201, detail: 'Created' },
      shipmentNo,
      ...(label ? { label: { b64: Buffer.from(label).toString('base64') } } : {}),
      ...(qrLabel ? { qrLabel: { b64: qrLabel.toString('base64') }, qrLink } : {}),
      routingCode,
    });
  }

  async function createShipmentOrder(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (await answeredAtGateway(request, response)) return;
    if (request.headers.authorization !== expectedAuthorization) return sendShippingUnauthorized(response);
    const includeDocs = url.searchParams.get('includeDocs') ?? 'include';
    if (includeDocs !== 'include') {
      return sendShipmentRefusal(response, { detail: 'includeDocs: the sandbox includes the label in the answer only (include)', validationMessages: [] });
    }
    const docFormat = url.searchParams.get('docFormat') ?? 'PDF';
    if (docFormat !== 'PDF') {
      return sendShipmentRefusal(response, { detail: 'docFormat: the sandbox draws PDF labels only (PDF)', validationMessages: [] });
    }
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      return sendProblem(response, 422, 'Unable to process the content type of the request entity.');
    }
    const body = await readJson(request);
    if (body === TOO_LARGE) return sendProblem(response, 413, 'The request body is larger than 1 MB.');
    if (body === NOT_JSON) return sendShipmentRefusal(response, { detail: 'The request body is not valid JSON.', validationMessages: [] });

    const shipperRef = (body as { shipments?: { shipper?: { shipperRef?: unknown } }[] } | null)?.shipments?.[0]?.shipper?.shipperRef;
    const result = validateShipmentOrder(body, withBrandCopy(shipperRefs, shipperRef, options.brandCopies ?? false));
    if ('refusal' in result) return sendShipmentRefusal(response, result.refusal);
    const { shipment, shipper } = result;
    const shipmentNo = newShipmentNo(issued);
    issued.add(shipmentNo);
    // pdf-lib loads with the first label, not with every start of the local cloud.
    const label = await import('./parcel-label-pdf').then((pdf) => pdf.renderParcelLabelPdf({ shipmentNo, shipment, shipper }));
    shipments.push({ ...shipment, shipmentNo, createdAt: new Date().toISOString() });
    sendShipmentCreated(response, shipmentNo, label);
  }

  async function putFaults(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const parsed = faultsSchema.safeParse(body);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      return sendProblem(response, 400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'is invalid'}`);
    }
    faults = parsed.data;
    sendJson(response, 200, faults);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    const path = url.pathname.replace(/\/+$/, '');
    const method = request.method ?? 'GET';
    if (path === `${API_PATH}/orders`) {
      if (method === 'POST') return createOrder(request, response, url);
      return sendProblem(response, 405, `${method} is not supported here.`, { Allow: 'POST' });
    }
    if (path === API_PATH && method === 'GET') {
      return sendJson(response, 200, { amp: { name: 'pp-parcel-returns', version: 'v1.0.9', rev: 'sandbox', env: 'sandbox' } });
    }
    if (path === `${SHIPPING_API_PATH}/orders`) {
      if (method === 'POST') return createShipmentOrder(request, response, url);
      return sendProblem(response, 405, `${method} is not supported here.`, { Allow: 'POST' });
    }
    if (path === SHIPPING_API_PATH && method === 'GET') {
      return sendJson(response, 200, { amp: { name: 'pp-parcel-shipping', version: 'v2.1.14', rev: 'sandbox', env: 'sandbox' } });
    }
    if (path === '/_sandbox/faults' && method === 'PUT') return putFaults(request, response);
    if (path === '/_sandbox/orders' && method === 'GET') return sendJson(response, 200, orders);
    if (path === '/_sandbox/shipments' && method === 'GET') return sendJson(response, 200, shipments);
    const orderPath = /^\/_sandbox\/orders\/([^/]+)$/.exec(path);
    if (orderPath && method === 'GET') {
      const order = orders.find((candidate) => candidate.shipmentNo === orderPath[1]);
      return order ? sendJson(response, 200, order) : sendProblem(response, 404, 'No order with this shipment number.');
    }
    sendProblem(response, 404, `No resource at ${path || '/'}.`);
  }

  const loopback = await serveOnLoopback('DHL sandbox', route, (response) => sendProblem(response, 500, 'The sandbox failed to answer.'), options);
  origin = loopback.origin;

  return {
    baseUrl: `${origin}${API_PATH}`,
    shippingBaseUrl: `${origin}${SHIPPING_API_PATH}`,
    setFaults(next) {
      faults = faultsSchema.parse(next);
    },
    orders: () => [...orders],
    shipments: () => [...shipments],
    stop: loopback.stop,
  };
}

function isLabelType(value: string): value is LabelType {
  return (LABEL_TYPES as readonly string[]).includes(value);
}

const NOT_JSON = Symbol('not JSON');
const TOO_LARGE = Symbol('too large');

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = await readText(request);
  if (text === undefined) return TOO_LARGE;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
