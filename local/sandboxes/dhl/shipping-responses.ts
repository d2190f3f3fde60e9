import type { ServerResponse } from 'node:http';
import { sendJson } from '../sandbox-http';
import type { ShipmentOrderRefusal } from './shipping-order-validation';

/*
 * The shipping API's own answers, a `LabelDataResponse`: DHL's `RequestStatus` for the request in
 * `status`, and per shipment an item with its own status in `sstatus`. What DHL's API gateway
 * answers before the request reaches the API (API key, rate limit, faults) is a flat problem
 * document, as for the returns API (`responses.ts`).
 */

/** The label format the sandbox draws: 103 x 199 mm. */
const PRINT_FORMAT = '910-300-700';

/** Answers 200 with the one shipment created and its PDF label. */
export function sendShipmentCreated(response: ServerResponse, shipmentNo: string, label: Uint8Array): void {
  sendJson(response, 200, {
    status: { title: 'OK', statusCode: 200 },
    items: [
      {
        shipmentNo,
        sstatus: { title: 'OK', statusCode: 200 },
        label: { b64: Buffer.from(label).toString('base64'), fileFormat: 'PDF', printFormat: PRINT_FORMAT },
      },
    ],
  });
}

/** Answers 400; with an item for the shipment when the refusal names its errors. */
export function sendShipmentRefusal(response: ServerResponse, refusal: ShipmentOrderRefusal): void {
  const { detail, validationMessages } = refusal;
  sendJson(response, 400, {
    status: { title: 'Bad Request', statusCode: 400, detail },
    ...(validationMessages.length === 0 ? {} : { items: [{ sstatus: { title: 'Bad Request', statusCode: 400 }, validationMessages }] }),
  });
}

/** Answers 401 for a business customer portal user or password the API does not know. */
export function sendShippingUnauthorized(response: ServerResponse): void {
  sendJson(response, 401, { status: { title: 'Unauthorized', statusCode: 401, detail: 'Unauthorized for given resource.' } });
}
