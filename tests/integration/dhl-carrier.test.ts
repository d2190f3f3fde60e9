import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DhlSandbox, SANDBOX_CREDENTIALS, startDhlSandbox } from '../../local/sandboxes/dhl';
import { DhlReturnsCarrier } from '../../shared/adapters/dhl';
import {
  CarrierRejectedError,
  CarrierUnavailableError,
  type ReturnLabelRequest,
} from '../../shared/ports/label-carrier';
import { scanRectangles } from '../support/pdf-codes';
import { dhlCredentialsAndOutages, rejection } from '../support/dhl-carrier-cases';
import { readPdf } from '../support/pdf-contents';
import { aCarrierParty } from '../support/fixtures';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function labelRequest(overrides: Partial<ReturnLabelRequest> = {}, shipper: Partial<ReturnLabelRequest['shipper']> = {}): ReturnLabelRequest {
  return {
    reference: '01JD8ZQ6K4M2X7V3N9P5R8T1WB',
    receiverId: 'deu',
    shipper: aCarrierParty({ email: 'juergen@example.org', ...shipper }),
    weightGrams: 1200,
    value: { amount: 4999, currency: 'EUR' },
    ...overrides,
  };
}



describe('DhlReturnsCarrier against the DHL sandbox', () => {
  let sandbox: DhlSandbox;
  let carrier: DhlReturnsCarrier;

  beforeAll(async () => {
    sandbox = await startDhlSandbox({ port: 0 });
    carrier = new DhlReturnsCarrier({ baseUrl: sandbox.baseUrl, ...SANDBOX_CREDENTIALS });
  });
  afterEach(() => sandbox.setFaults({}));
  afterAll(() => sandbox.stop());

  describe('a valid request', () => {
    it('returns a label with a 12-digit shipment number, a routing code and a QR link', async () => {
      const label = await carrier.createReturnLabel(labelRequest());

      expect(label.shipmentNo).toMatch(/^\d{12}$/);
      expect(label.routingCode).toMatch(/\S/);
      expect(label.qrLink).toMatch(/^http/);
    });

    it('returns a PDF that shows the shipment number, the shipper and the reference, and scans as the shipment number (Code 128) and the reference (QR)', async () => {
      const request = labelRequest();

      const label = await carrier.createReturnLabel(request);

      expect(Buffer.from(label.pdf.subarray(0, 4)).toString('latin1')).toBe('%PDF');
      const { text, filledRectangles, pageSizes } = await readPdf(label.pdf);
      expect(text).toContain(label.shipmentNo);
      expect(text).toContain('Jürgen Müller');
      expect(text).toContain(request.reference);
      const scanned = await scanRectangles(filledRectangles[0]!, pageSizes[0]!);
      expect(scanned).toEqual(
        expect.arrayContaining([
          { format: 'Code128', text: label.shipmentNo },
          { format: 'QRCode', text: request.reference },
        ]),
      );
      expect(scanned).toHaveLength(2);
    });

    it('prints only the first 30 characters of a longer reference, as DHL does', async () => {
      const reference = 'RETURN-2024-0001-ABCDEFGHIJKLMNOPQRSTUVWXYZ';

      const label = await carrier.createReturnLabel(labelRequest({ reference }));

      const { text } = await readPdf(label.pdf);
      expect(text).toContain(reference.slice(0, 30));
      expect(text.some((line) => line.includes(reference))).toBe(false);
    });

    it('returns the paperless QR code as a PNG', async () => {
      const label = await carrier.createReturnLabel(labelRequest());

      expect([...label.qrPng.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    });

    it('sends the reference, the weight in grams and the value in major units to DHL', async () => {
      const request = labelRequest({ value: { amount: 1999, currency: 'EUR' } });

      const label = await carrier.createReturnLabel(request);

      const order = sandbox.orders().find((candidate) => candidate.shipmentNo === label.shipmentNo);
      expect(order).toMatchObject({
        receiverId: 'deu',
        customerReference: request.reference,
        shipper: { name1: 'Jürgen Müller', addressStreet: 'Kastanienallee', addressHouse: '12a', postalCode: '10435', country: 'deu' },
        itemWeight: { uom: 'g', value: 1200 },
        itemValue: { currency: 'EUR', value: 19.99 },
      });
    });

    it('gets a different shipment number for every label', async () => {
      const labels = await Promise.all([1, 2, 3, 4, 5].map(() => carrier.createReturnLabel(labelRequest())));

      expect(new Set(labels.map((label) => label.shipmentNo)).size).toBe(5);
    });
  });

  describe('a request DHL refuses', () => {
    it('names the postal code when it is missing', async () => {
      const error = await rejection(carrier.createReturnLabel(labelRequest({}, { postalCode: '' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['shipper.postalCode'] });
    });

    it('names the postal code when it is not a German one', async () => {
      const error = await rejection(carrier.createReturnLabel(labelRequest({}, { postalCode: '1010' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['shipper.postalCode'] });
    });

    it('names the shipper name when it is longer than 50 characters', async () => {
      const error = await rejection(carrier.createReturnLabel(labelRequest({}, { name: 'A'.repeat(51) })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['shipper.name'] });
    });

    it('names the receiverId when DHL knows no such receiver', async () => {
      const error = await rejection(carrier.createReturnLabel(labelRequest({ receiverId: 'atlantis' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['receiverId'] });
    });

    it('names the currency when DHL does not take it', async () => {
      const error = await rejection(carrier.createReturnLabel(labelRequest({ value: { amount: 5000, currency: 'USD' } })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ fields: ['value.currency'] });
    });

    it('refuses a shipper country DHL takes no returns from without calling DHL', async () => {
      const ordersBefore = sandbox.orders().length;

      const error = await rejection(carrier.createReturnLabel(labelRequest({}, { country: 'US' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ fields: ['shipper.country'] });
      expect(sandbox.orders()).toHaveLength(ordersBefore);
    });

    it('creates no label', async () => {
      const ordersBefore = sandbox.orders().length;

      await rejection(carrier.createReturnLabel(labelRequest({}, { postalCode: '' })));

      expect(sandbox.orders()).toHaveLength(ordersBefore);
    });
  });

  dhlCredentialsAndOutages({
    sandbox: () => sandbox,
    baseUrl: () => sandbox.baseUrl,
    label: (options) => new DhlReturnsCarrier(options).createReturnLabel(labelRequest()),
    wrongPasswordSays: 'Authentication failed',
  });

  it('obeys faults set over the sandbox control endpoint, and recovers when they are cleared', async () => {
    const faultsUrl = new URL('/_sandbox/faults', sandbox.baseUrl);
    const put = (faults: object) =>
      fetch(faultsUrl, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });

    expect((await put({ failAll: 503 })).status).toBe(200);
    const error = await rejection(carrier.createReturnLabel(labelRequest()));
    expect((await put({})).status).toBe(200);
    const label = await carrier.createReturnLabel(labelRequest());

    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ status: 503 });
    expect(label.shipmentNo).toMatch(/^\d{12}$/);
  });
});

describe('DhlReturnsCarrier with a stubbed DHL', () => {
  function carrierAnswering(body: string): DhlReturnsCarrier {
    const fetchStub: typeof fetch = async () => new Response(body, { status: 201, headers: { 'Content-Type': 'application/json' } });
    return new DhlReturnsCarrier({ baseUrl: 'https://api-sandbox.dhl.example/v1', ...SANDBOX_CREDENTIALS, fetch: fetchStub });
  }
  const pdfB64 = Buffer.from('%PDF-1.7\n').toString('base64');
  const pngB64 = Buffer.from(PNG_SIGNATURE).toString('base64');

  it.each([
    ['a body that is not JSON', '<html>Created</html>'],
    ['a body without shipmentNo', JSON.stringify({ label: { b64: pdfB64 }, qrLabel: { b64: pngB64 } })],
    ['a body without the QR label', JSON.stringify({ shipmentNo: '999990000001', label: { b64: pdfB64 } })],
    ['a label that is not base64', JSON.stringify({ shipmentNo: '999990000001', label: { b64: '%%%' }, qrLabel: { b64: pngB64 } })],
    ['a label that is not a PDF', JSON.stringify({ shipmentNo: '999990000001', label: { b64: pngB64 }, qrLabel: { b64: pngB64 } })],
    ['a QR label that is not a PNG', JSON.stringify({ shipmentNo: '999990000001', label: { b64: pdfB64 }, qrLabel: { b64: pdfB64 } })],
  ])('is unavailable for a 201 with %s', async (_case, body) => {
    const error = await rejection(carrierAnswering(body).createReturnLabel(labelRequest()));

    expect(error).toBeInstanceOf(CarrierUnavailableError);
  });

  it('posts the order to {base}/orders?labelType=BOTH with the API key, Basic auth and JSON', async () => {
    const sent: Request[] = [];
    const body = JSON.stringify({ shipmentNo: '999990000001', label: { b64: pdfB64 }, qrLabel: { b64: pngB64 } });
    const recording: typeof fetch = async (input, init) => {
      sent.push(new Request(input, init));
      return new Response(body, { status: 201 });
    };
    const carrier = new DhlReturnsCarrier({ baseUrl: 'https://api-eu.dhl.example/parcel/de/shipping/returns/v1/', apiKey: 'k', username: 'u', password: 'p', fetch: recording });

    await carrier.createReturnLabel(labelRequest());

    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://api-eu.dhl.example/parcel/de/shipping/returns/v1/orders?labelType=BOTH');
    expect(request?.headers.get('dhl-api-key')).toBe('k');
    expect(request?.headers.get('authorization')).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('accept')).toBe('application/json');
  });

  it('accepts a well-formed confirmation', async () => {
    const body = JSON.stringify({ shipmentNo: '999990000001', label: { b64: pdfB64 }, qrLabel: { b64: pngB64 }, routingCode: '40327653113+99000933090010' });

    const label = await carrierAnswering(body).createReturnLabel(labelRequest());

    expect(label).toMatchObject({ shipmentNo: '999990000001', routingCode: '40327653113+99000933090010' });
  });

  it('turns a Retry-After HTTP-date into seconds', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const fetchStub: typeof fetch = async () =>
      new Response('{"title":"Too Many Requests","status":429}', { status: 429, headers: { 'Retry-After': inTwoMinutes } });
    const carrier = new DhlReturnsCarrier({ baseUrl: 'https://api-sandbox.dhl.example/v1', ...SANDBOX_CREDENTIALS, fetch: fetchStub });

    const error = await rejection(carrier.createReturnLabel(labelRequest()));

    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect((error as CarrierUnavailableError).retryAfterSeconds).toBeGreaterThan(60);
    expect((error as CarrierUnavailableError).retryAfterSeconds).toBeLessThanOrEqual(120);
  });
});
