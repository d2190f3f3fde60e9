import { readText, serveOnLoopback, waited } from '../sandbox-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DhlFaults, faultsSchema, injectedFailure } from './faults';
import { sendJson, sendProblem } from './responses';
import { DEFAULT_RECEIVERS, type DhlSandboxReceiver } from './receivers';
import { type ReturnOrder, validateReturnOrder } from './return-order-validation';
import { newShipmentNo, routingCodeFor } from './shipment-numbers';

export type { DhlFaults } from './faults';
export type { DhlSandboxReceiver } from './receivers';

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
  faults?: DhlFaults;
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

export interface DhlSandbox {
  /** E.g. `http://127.0.0.1:PORT/parcel/de/shipping/returns/v1`. */
  baseUrl: string;
  /** Replaces the faults; `{}` clears them. */
  setFaults(faults: DhlFaults): void;
  /** Every label created, in order. */
  orders(): readonly SandboxOrder[];
  stop(): Promise<void>;
}

const API_PATH = '/parcel/de/shipping/returns/v1';
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Starts a local, stateful stand-in for the DHL Parcel DE Returns API v1: same paths, fields,
 * status codes and problem documents, real PDF and PNG labels, and faults on demand. Besides the
 * API it serves, for tests in other processes, `PUT /_sandbox/faults` (a {@link DhlFaults} body),
 * `GET /_sandbox/orders` and `GET /_sandbox/orders/{shipmentNo}` (where each `qrLink` points).
 *
 * @example
 * const sandbox = await startDhlSandbox();
 * const carrier = new DhlReturnsCarrier({ baseUrl: sandbox.baseUrl, ...SANDBOX_CREDENTIALS });
 * sandbox.setFaults({ failAll: 503 });
 * await sandbox.stop();
 */
export async function startDhlSandbox(options: DhlSandboxOptions = {}): Promise<DhlSandbox> {
  const credentials = options.credentials ?? SANDBOX_CREDENTIALS;
  const expectedAuthorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const receivers = options.receivers ?? DEFAULT_RECEIVERS;
  const orders: SandboxOrder[] = [];
  const issued = new Set<string>();
  let faults: DhlFaults = faultsSchema.parse(options.faults ?? {});
  let origin = '';

  async function createOrder(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (faults.latencyMs && !(await waited(faults.latencyMs, response))) return;
    const failure = injectedFailure(faults, Math.random());
    if (faults.failNext) faults = { ...faults, failNext: faults.failNext - 1 };
    if (failure === 429) {
      const retryAfter = String(faults.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
      return sendProblem(response, 429, 'You have exceeded the maximum number of requests per time unit.', { 'Retry-After': retryAfter });
    }
    if (failure !== undefined) return sendProblem(response, failure, 'The sandbox was told to fail this request.');

    if (request.headers['dhl-api-key'] !== credentials.apiKey) {
      return sendProblem(response, 401, 'Unauthorized for given resource.');
    }
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

    const result = validateReturnOrder(body, receivers);
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
    if (path === '/_sandbox/faults' && method === 'PUT') return putFaults(request, response);
    if (path === '/_sandbox/orders' && method === 'GET') return sendJson(response, 200, orders);
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
    setFaults(next) {
      faults = faultsSchema.parse(next);
    },
    orders: () => [...orders],
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
