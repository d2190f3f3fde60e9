import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DhlSandbox, SANDBOX_CREDENTIALS, startDhlSandbox } from '../../local/sandboxes/dhl';
import { identcodeCheckDigit } from '../../local/sandboxes/dhl/shipment-numbers';
import { readPdf } from '../support/pdf-contents';

const BASIC_AUTH = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.username}:${SANDBOX_CREDENTIALS.password}`).toString('base64')}`;
const AUTH_HEADERS = { 'dhl-api-key': SANDBOX_CREDENTIALS.apiKey, Authorization: BASIC_AUTH };

function returnOrder(overrides: Record<string, unknown> = {}, shipper: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    receiverId: 'deu',
    customerReference: '01JD8ZQ6K4M2X7V3N9P5R8T1WB',
    shipper: { name1: 'Erika Mustermann', addressStreet: 'Heidestraße', addressHouse: '17', postalCode: '51147', city: 'Köln', ...shipper },
    itemWeight: { uom: 'g', value: 800 },
    ...overrides,
  };
}

interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
}

describe('the DHL sandbox over HTTP', () => {
  let sandbox: DhlSandbox;
  const post = (body: unknown, options: { query?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${sandbox.baseUrl}/orders${options.query ?? '?labelType=BOTH'}`, {
      method: 'POST',
      headers: { ...AUTH_HEADERS, 'Content-Type': 'application/json', ...options.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const control = (path: string, init?: RequestInit) => fetch(new URL(path, sandbox.baseUrl), init);

  beforeAll(async () => {
    sandbox = await startDhlSandbox({
      receivers: {
        deu: { name: 'Retourenzentrum Nord', street: 'Hafenstraße', houseNumber: '3', postalCode: '20457', city: 'Hamburg' },
        che: { name: 'Retourenzentrum Süd', street: 'Grenzweg', houseNumber: '1', postalCode: '79539', city: 'Lörrach', shipperCountry: 'che' },
      },
    });
  });
  afterEach(() => sandbox.setFaults({}));
  afterAll(() => sandbox.stop());

  describe('POST /orders', () => {
    it('answers 201 with a ReturnOrderConfirmation', async () => {
      const response = await post(returnOrder());

      expect(response.status).toBe(201);
      const body = await response.json();
      expect(body).toMatchObject({
        sstatus: { title: 'Created', status: 201 },
        shipmentNo: expect.stringMatching(/^\d{12}$/),
        label: { b64: expect.any(String) },
        qrLabel: { b64: expect.any(String) },
        qrLink: expect.any(String),
        routingCode: expect.stringMatching(/^\d{11}\+/),
      });
    });

    it('issues shipment numbers in the sandbox range with a valid Identcode check digit', async () => {
      const { shipmentNo } = (await (await post(returnOrder())).json()) as { shipmentNo: string };

      expect(shipmentNo.startsWith('99999')).toBe(true);
      expect(Number(shipmentNo.at(-1))).toBe(identcodeCheckDigit(shipmentNo.slice(0, 11)));
    });

    it('prints the header, the sender, the receiver and the routing code on the label', async () => {
      const body = (await (await post(returnOrder())).json()) as { label: { b64: string }; routingCode: string };

      const { text } = await readPdf(Buffer.from(body.label.b64, 'base64'));

      expect(text).toEqual(
        expect.arrayContaining(['DHL Retoure', 'Erika Mustermann', 'Heidestraße 17', '51147 Köln', 'Retourenzentrum Nord', '20457 Hamburg', body.routingCode]),
      );
    });

    it('prints names the standard fonts cannot show with their base letters', async () => {
      const body = (await (await post(returnOrder({}, { name1: 'Dvořák Čapek' }))).json()) as { label: { b64: string } };

      const { text } = await readPdf(Buffer.from(body.label.b64, 'base64'));

      expect(text).toContain('Dvorák Capek');
    });

    it('returns only the PDF label for labelType=SHIPMENT_LABEL', async () => {
      const body = await (await post(returnOrder(), { query: '?labelType=SHIPMENT_LABEL' })).json();

      expect(body).toHaveProperty('label');
      expect(body).not.toHaveProperty('qrLabel');
    });

    it('returns only the QR label for labelType=QR_LABEL', async () => {
      const body = await (await post(returnOrder(), { query: '?labelType=QR_LABEL' })).json();

      expect(body).toHaveProperty('qrLabel');
      expect(body).not.toHaveProperty('label');
    });

    it('returns both labels when labelType is omitted', async () => {
      const body = await (await post(returnOrder(), { query: '' })).json();

      expect(body).toHaveProperty('label');
      expect(body).toHaveProperty('qrLabel');
    });
  });

  describe('refusals', () => {
    async function problemOf(response: Response): Promise<Problem> {
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      return (await response.json()) as Problem;
    }

    it('answers 401 problem+json without an API key', async () => {
      const response = await post(returnOrder(), { headers: { 'dhl-api-key': '' } });

      expect(response.status).toBe(401);
      expect(await problemOf(response)).toMatchObject({ title: 'Unauthorized', status: 401 });
    });

    it('answers 401 problem+json for a wrong Basic auth password', async () => {
      const wrong = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.username}:wrong`).toString('base64')}`;

      const response = await post(returnOrder(), { headers: { Authorization: wrong } });

      expect(response.status).toBe(401);
      expect(await problemOf(response)).toMatchObject({ status: 401, detail: expect.stringMatching(/password/) });
    });

    it.each([
      ['a missing postal code', returnOrder({}, { postalCode: undefined }), 'shipper.postalCode'],
      ['a German postal code of four digits', returnOrder({}, { postalCode: '5114' }), 'shipper.postalCode'],
      ['a German postal code no town has', returnOrder({}, { postalCode: '00100' }), 'shipper.postalCode'],
      ['a name of 51 characters', returnOrder({}, { name1: 'N'.repeat(51) }), 'shipper.name1'],
      ['a house number of 11 characters', returnOrder({}, { addressHouse: '1'.repeat(11) }), 'shipper.addressHouse'],
      ['a customer reference of 51 characters', returnOrder({ customerReference: 'R'.repeat(51) }), 'customerReference'],
      ['a missing receiverId', returnOrder({ receiverId: undefined }), 'receiverId'],
      ['an unknown receiverId', returnOrder({ receiverId: 'fra' }), 'receiverId'],
      ['a weight of 32 kg', returnOrder({ itemWeight: { uom: 'kg', value: 32 } }), 'itemWeight.value'],
      ['a value with three decimals', returnOrder({ itemValue: { currency: 'EUR', value: 1.005 } }), 'itemValue.value'],
      ['a shipper country the receiver does not serve', returnOrder({}, { country: 'aut' }), 'shipper.country'],
      ['a Swiss return without customs details', returnOrder({ receiverId: 'che' }, { postalCode: '8005' }), 'customsDetails'],
    ])('answers 400 naming the field for %s', async (_case, body, field) => {
      const response = await post(body);

      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({ title: 'Bad Request', status: 400 });
      expect(problem.detail.startsWith(`${field}: `)).toBe(true);
      expect(problem.detail.length).toBeLessThanOrEqual(80);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await post('{"receiverId": ');

      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ status: 400 });
    });

    it('answers 400 naming labelType for an unknown label type', async () => {
      const response = await post(returnOrder(), { query: '?labelType=ZPL' });

      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/^labelType: /);
    });

    it('answers 422 for a body that is not declared as JSON', async () => {
      const response = await post(returnOrder(), { headers: { 'Content-Type': 'text/plain' } });

      expect(response.status).toBe(422);
      expect(await problemOf(response)).toMatchObject({ status: 422 });
    });

    it('accepts a Swiss return with customs details', async () => {
      const response = await post(
        returnOrder(
          {
            receiverId: 'che',
            customsDetails: {
              items: [{ itemDescription: 'Jacket', packagedQuantity: 1, itemWeight: { uom: 'g', value: 800 }, itemValue: { currency: 'CHF', value: 120 } }],
            },
          },
          { postalCode: '8005', city: 'Zürich' },
        ),
      );

      expect(response.status).toBe(201);
    });

    it('records no order for a refused request', async () => {
      const before = sandbox.orders().length;

      await post(returnOrder({}, { postalCode: 'x' }));

      expect(sandbox.orders()).toHaveLength(before);
    });
  });

  describe('faults', () => {
    it('answers 429 with Retry-After when rate limiting every request', async () => {
      sandbox.setFaults({ rateLimitRate: 1 });

      const response = await post(returnOrder());

      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('answers 500 when failing every request', async () => {
      sandbox.setFaults({ errorRate: 1 });

      expect((await post(returnOrder())).status).toBe(500);
    });

    it('answers 503 for failAll 503 even with valid credentials and body', async () => {
      sandbox.setFaults({ failAll: 503 });

      expect((await post(returnOrder())).status).toBe(503);
    });

    it('fails only the next N requests with failNext, then creates labels again', async () => {
      sandbox.setFaults({ failNext: 2, failAll: 503 });

      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(returnOrder())).status);

      expect(statuses).toEqual([503, 503, 201]);
    });

    it('takes faults over HTTP and answers 400 for faults it does not know', async () => {
      const put = (body: unknown) =>
        control('/_sandbox/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

      expect((await put({ failAll: 418 })).status).toBe(400);
      expect((await put({ errorRate: 2 })).status).toBe(400);
      expect((await put({ failAll: 500 })).status).toBe(200);
      expect((await post(returnOrder())).status).toBe(500);
      expect((await put({})).status).toBe(200);
      expect((await post(returnOrder())).status).toBe(201);
    });

    it('leaves the control endpoints working while failing every order', async () => {
      sandbox.setFaults({ failAll: 500 });

      expect((await control('/_sandbox/orders')).status).toBe(200);
    });
  });

  describe('control endpoints', () => {
    it('lists every created order with its shipment number, reference, receiver and creation time', async () => {
      const { shipmentNo } = (await (await post(returnOrder({ customerReference: 'LIST-ME' }))).json()) as { shipmentNo: string };

      const orders = (await (await control('/_sandbox/orders')).json()) as Record<string, unknown>[];

      expect(orders.find((order) => order.shipmentNo === shipmentNo)).toMatchObject({
        customerReference: 'LIST-ME',
        receiverId: 'deu',
        createdAt: expect.any(String),
      });
    });

    it('serves the order a qrLink points at', async () => {
      const { shipmentNo, qrLink } = (await (await post(returnOrder())).json()) as { shipmentNo: string; qrLink: string };

      const response = await fetch(qrLink);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ shipmentNo });
    });

    it('answers 404 for an order it does not know', async () => {
      expect((await control('/_sandbox/orders/999990000000')).status).toBe(404);
    });

    it('answers the API version on the base path without credentials', async () => {
      const response = await fetch(sandbox.baseUrl);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ amp: { name: 'pp-parcel-returns' } });
    });
  });
});

describe('a DHL sandbox with its own credentials', () => {
  it('accepts them and refuses the default ones', async () => {
    const credentials = { apiKey: 'other-key', username: 'other-user', password: 'other-password' };
    const sandbox = await startDhlSandbox({ credentials });
    const postWith = (c: typeof credentials) =>
      fetch(`${sandbox.baseUrl}/orders`, {
        method: 'POST',
        headers: {
          'dhl-api-key': c.apiKey,
          Authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(returnOrder()),
      });
    try {
      expect((await postWith(credentials)).status).toBe(201);
      expect((await postWith(SANDBOX_CREDENTIALS)).status).toBe(401);
    } finally {
      await sandbox.stop();
    }
  });
});
