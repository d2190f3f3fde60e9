import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DhlSandbox, SANDBOX_CREDENTIALS, startDhlSandbox } from '../../local/sandboxes/dhl';
import { DhlParcelCarrier } from '../../shared/adapters/dhl';
import { CarrierRejectedError, CarrierUnavailableError } from '../../shared/ports/label-carrier';
import type { ParcelLabelRequest } from '../../shared/ports/parcel-carrier';
import { dhlCredentialsAndOutages, rejection } from '../support/dhl-carrier-cases';
import { readPdf } from '../support/pdf-contents';
import { aCarrierParty } from '../support/fixtures';

/** DHL's sandbox account: customer number 3333333333, DHL Paket (procedure 01) and DHL Paket International (53). */
const PAKET_BILLING_NUMBER = '33333333330102';
const INTERNATIONAL_BILLING_NUMBER = '33333333335301';
const SHIPPER_REF = 'kreislauf-demo-warehouse';
const PASSPORT_ID = '01JD8ZQ6K4M2X7V3N9P5R8T1WB';

function parcelRequest(overrides: Partial<ParcelLabelRequest> = {}, consignee: Partial<ParcelLabelRequest['consignee']> = {}): ParcelLabelRequest {
  return {
    reference: PASSPORT_ID,
    product: 'V01PAK',
    billingNumber: PAKET_BILLING_NUMBER,
    shipperRef: SHIPPER_REF,
    consignee: aCarrierParty({ email: 'juergen@example.org', ...consignee }),
    weightGrams: 800,
    ...overrides,
  };
}

function abroadRequest(consignee: Partial<ParcelLabelRequest['consignee']> = {}): ParcelLabelRequest {
  return parcelRequest(
    { product: 'V53WPAK', billingNumber: INTERNATIONAL_BILLING_NUMBER, weightGrams: 2400 },
    { name: 'Anna Huber', street: 'Mariahilfer Straße', houseNumber: '88', postalCode: '1070', city: 'Wien', country: 'AT', ...consignee },
  );
}


describe('DhlParcelCarrier against the DHL sandbox', () => {
  let sandbox: DhlSandbox;
  let carrier: DhlParcelCarrier;

  beforeAll(async () => {
    sandbox = await startDhlSandbox({ port: 0 });
    carrier = new DhlParcelCarrier({ baseUrl: sandbox.shippingBaseUrl, ...SANDBOX_CREDENTIALS });
  });
  afterEach(() => sandbox.setFaults({}));
  afterAll(() => sandbox.stop());

  describe('a parcel within Germany', () => {
    it('returns a 12-digit shipment number and a PDF label', async () => {
      const label = await carrier.createParcelLabel(parcelRequest());

      expect(label.shipmentNo).toMatch(/^\d{12}$/);
      expect(Buffer.from(label.pdf.subarray(0, 4)).toString('latin1')).toBe('%PDF');
    });

    it('sends DHL the consignee with its alpha-3 country, the passport id as refNo, the shipper reference and the weight in grams', async () => {
      const label = await carrier.createParcelLabel(parcelRequest());

      const shipment = sandbox.shipments().find((candidate) => candidate.shipmentNo === label.shipmentNo);
      expect(shipment).toMatchObject({
        product: 'V01PAK',
        billingNumber: PAKET_BILLING_NUMBER,
        refNo: PASSPORT_ID,
        shipper: { shipperRef: SHIPPER_REF },
        consignee: {
          name1: 'Jürgen Müller',
          addressStreet: 'Kastanienallee',
          addressHouse: '12a',
          postalCode: '10435',
          city: 'Berlin',
          country: 'DEU',
          email: 'juergen@example.org',
        },
        details: { weight: { uom: 'g', value: 800 } },
      });
    });

    it('makes the label for a customer whose e-mail address is longer than DHL takes (80), without it', async () => {
      const email = `${'j'.repeat(70)}@example.org`;

      const label = await carrier.createParcelLabel(parcelRequest({}, { email }));

      const shipment = sandbox.shipments().find((candidate) => candidate.shipmentNo === label.shipmentNo);
      expect(shipment?.consignee).toMatchObject({ name1: 'Jürgen Müller', postalCode: '10435', country: 'DEU' });
      expect(shipment?.consignee).not.toHaveProperty('email');
    });

    it('prints the shipment number, the sender, the consignee, the product, the weight and the reference on a one-page label', async () => {
      const label = await carrier.createParcelLabel(parcelRequest());

      const { text, pages } = await readPdf(label.pdf);

      expect(pages).toHaveLength(1);
      expect(text).toEqual(
        expect.arrayContaining([
          'DHL Paket',
          label.shipmentNo,
          'Kreislauf Demo-Lager',
          SHIPPER_REF,
          'Jürgen Müller',
          'Kastanienallee 12a',
          '10435 Berlin',
          'V01PAK',
          '800 g',
          PASSPORT_ID,
        ]),
      );
    });

    it('gets a different shipment number for every label', async () => {
      const labels = await Promise.all([1, 2, 3, 4].map(() => carrier.createParcelLabel(parcelRequest())));

      expect(new Set(labels.map((label) => label.shipmentNo)).size).toBe(4);
    });
  });

  describe('a parcel abroad', () => {
    it('ships to Austria with DHL Paket International, and DHL gets the country as AUT', async () => {
      const label = await carrier.createParcelLabel(abroadRequest());

      const shipment = sandbox.shipments().find((candidate) => candidate.shipmentNo === label.shipmentNo);
      expect(shipment).toMatchObject({
        product: 'V53WPAK',
        billingNumber: INTERNATIONAL_BILLING_NUMBER,
        consignee: { name1: 'Anna Huber', postalCode: '1070', city: 'Wien', country: 'AUT' },
        details: { weight: { uom: 'g', value: 2400 } },
      });
      const { text } = await readPdf(label.pdf);
      expect(text).toEqual(expect.arrayContaining(['DHL Paket International', 'V53WPAK', '1070 Wien', 'AUT', '2400 g']));
    });
  });

  describe('a parcel DHL refuses', () => {
    it('names the postal code when it is not a German one', async () => {
      const error = await rejection(carrier.createParcelLabel(parcelRequest({}, { postalCode: '1043' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['consignee.postalCode'] });
    });

    it('names the shipper reference when DHL keeps no address under it', async () => {
      const error = await rejection(carrier.createParcelLabel(parcelRequest({ shipperRef: 'unknown-warehouse' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['shipperRef'] });
    });

    it('names the billing number when its procedure is not the product’s', async () => {
      const error = await rejection(carrier.createParcelLabel(parcelRequest({ billingNumber: INTERNATIONAL_BILLING_NUMBER })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['billingNumber'] });
    });

    it('names the product when DHL Paket is to go abroad', async () => {
      const error = await rejection(carrier.createParcelLabel(parcelRequest({}, { country: 'AT', postalCode: '1070', city: 'Wien' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['product'] });
    });

    it('names the consignee’s name, not DHL’s name1, when it is longer than 50 characters', async () => {
      const error = await rejection(carrier.createParcelLabel(parcelRequest({}, { name: 'A'.repeat(51) })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: ['consignee.name'] });
      expect(error.message).toContain('consignee.name: must be at most 50 characters');
    });

    it('names every field DHL objects to', async () => {
      const error = await rejection(carrier.createParcelLabel(parcelRequest({ shipperRef: 'unknown-warehouse' }, { postalCode: '1043' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect((error as CarrierRejectedError).fields).toEqual(expect.arrayContaining(['shipperRef', 'consignee.postalCode']));
      expect((error as CarrierRejectedError).fields).toHaveLength(2);
    });

    it('says customs when a parcel leaves the EU without a customs declaration', async () => {
      const error = await rejection(carrier.createParcelLabel(abroadRequest({ country: 'CH', postalCode: '8001', city: 'Zürich' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 400, fields: [] });
      expect(error.message).toMatch(/customs: is required for shipments to CHE/);
    });

    it('refuses a country code that names no country without calling DHL', async () => {
      const shipmentsBefore = sandbox.shipments().length;

      const error = await rejection(carrier.createParcelLabel(abroadRequest({ country: 'XX' })));

      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({ status: 422, fields: ['consignee.country'] });
      expect(sandbox.shipments()).toHaveLength(shipmentsBefore);
    });

    it('creates no shipment', async () => {
      const shipmentsBefore = sandbox.shipments().length;

      await rejection(carrier.createParcelLabel(parcelRequest({}, { postalCode: '1043' })));

      expect(sandbox.shipments()).toHaveLength(shipmentsBefore);
    });
  });

  dhlCredentialsAndOutages({
    sandbox: () => sandbox,
    baseUrl: () => sandbox.shippingBaseUrl,
    label: (options) => new DhlParcelCarrier(options).createParcelLabel(parcelRequest()),
    wrongPasswordSays: 'Unauthorized for given resource.',
  });
});

describe('the DHL sandbox’s shipping API over HTTP', () => {
  let sandbox: DhlSandbox;
  const basicAuth = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.username}:${SANDBOX_CREDENTIALS.password}`).toString('base64')}`;
  const headers = { 'dhl-api-key': SANDBOX_CREDENTIALS.apiKey, Authorization: basicAuth, 'Content-Type': 'application/json' };
  const shipment = {
    product: 'V01PAK',
    billingNumber: PAKET_BILLING_NUMBER,
    refNo: PASSPORT_ID,
    shipper: { shipperRef: 'returns-desk' },
    consignee: { name1: 'Erika Mustermann', addressStreet: 'Heidestraße', addressHouse: '17', postalCode: '51147', city: 'Köln', country: 'DEU' },
    details: { weight: { uom: 'g', value: 800 } },
  };
  const post = (body: unknown) =>
    fetch(`${sandbox.shippingBaseUrl}/orders?includeDocs=include&docFormat=PDF`, { method: 'POST', headers, body: JSON.stringify(body) });

  beforeAll(async () => {
    sandbox = await startDhlSandbox({
      shipperRefs: { 'returns-desk': { name: 'Retourenzentrum Nord', street: 'Hafenstraße', houseNumber: '3', postalCode: '20457', city: 'Hamburg' } },
    });
  });
  afterAll(() => sandbox.stop());

  it('answers 200 with a LabelDataResponse, and lists the shipment at /_sandbox/shipments', async () => {
    const response = await post({ profile: 'STANDARD_GRUPPENPROFIL', shipments: [shipment] });

    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { shipmentNo: string }[] };
    expect(body).toMatchObject({
      status: { title: 'OK', statusCode: 200 },
      items: [{ shipmentNo: expect.stringMatching(/^\d{12}$/), sstatus: { statusCode: 200 }, label: { b64: expect.any(String), fileFormat: 'PDF' } }],
    });
    const listed = (await (await fetch(new URL('/_sandbox/shipments', sandbox.shippingBaseUrl))).json()) as { shipmentNo: string; refNo: string }[];
    expect(listed).toEqual([expect.objectContaining({ shipmentNo: body.items[0]?.shipmentNo, refNo: PASSPORT_ID })]);
  });

  it('refuses more than one shipment per request', async () => {
    const response = await post({ profile: 'STANDARD_GRUPPENPROFIL', shipments: [shipment, shipment] });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: { statusCode: 400, detail: expect.stringMatching(/^shipments: /) } });
  });

  it('refuses a group profile the user does not have', async () => {
    const response = await post({ profile: 'ANOTHER_PROFILE', shipments: [shipment] });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: { statusCode: 400, detail: expect.stringMatching(/^profile: /) } });
  });

  it('refuses a weight above 31.5 kg, naming DHL’s property', async () => {
    const response = await post({ profile: 'STANDARD_GRUPPENPROFIL', shipments: [{ ...shipment, details: { weight: { uom: 'g', value: 31_501 } } }] });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      items: [{ sstatus: { statusCode: 400 }, validationMessages: [{ property: 'details.weight.value', validationState: 'Error' }] }],
    });
  });

  it('answers GET on the base URL with a version document', async () => {
    const response = await fetch(sandbox.shippingBaseUrl);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ amp: { version: expect.stringMatching(/^v2\./) } });
  });
});

describe('DhlParcelCarrier with a stubbed DHL', () => {
  function carrierAnswering(body: string): DhlParcelCarrier {
    const fetchStub: typeof fetch = async () => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
    return new DhlParcelCarrier({ baseUrl: 'https://api-sandbox.dhl.example/parcel/de/shipping/v2', ...SANDBOX_CREDENTIALS, fetch: fetchStub });
  }
  const pdfB64 = Buffer.from('%PDF-1.7\n').toString('base64');
  const item = (fields: object) => JSON.stringify({ status: { title: 'OK', statusCode: 200 }, items: [fields] });

  it.each([
    ['a body that is not JSON', '<html>OK</html>'],
    ['no items', JSON.stringify({ status: { title: 'OK', statusCode: 200 }, items: [] })],
    ['an item without shipmentNo', item({ sstatus: { title: 'OK', statusCode: 200 }, label: { b64: pdfB64, fileFormat: 'PDF' } })],
    ['an item without a label', item({ shipmentNo: '999990000001', sstatus: { title: 'OK', statusCode: 200 } })],
    ['a label that is not base64', item({ shipmentNo: '999990000001', label: { b64: '%%%', fileFormat: 'PDF' } })],
    ['a label that is not a PDF', item({ shipmentNo: '999990000001', label: { b64: Buffer.from('^XA^XZ').toString('base64'), fileFormat: 'PDF' } })],
  ])('is unavailable for a 200 with %s', async (_case, body) => {
    const error = await rejection(carrierAnswering(body).createParcelLabel(parcelRequest()));

    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ status: 200 });
  });

  it('accepts a well-formed answer', async () => {
    const label = await carrierAnswering(item({ shipmentNo: '999990000001', label: { b64: pdfB64, fileFormat: 'PDF' } })).createParcelLabel(parcelRequest());

    expect(label.shipmentNo).toBe('999990000001');
    expect(Buffer.from(label.pdf).toString('latin1')).toBe('%PDF-1.7\n');
  });
});

describe("a DHL sandbox keeping a copy of each receiver and sender address for every brand (the local platform's)", () => {
  it('knows `{id}-{brand}` as the id it copies, and nothing else new', async () => {
    const plain = await startDhlSandbox();
    const copies = await startDhlSandbox({ brandCopies: true });
    try {
      const parcels = (sandbox: DhlSandbox) => new DhlParcelCarrier({ baseUrl: sandbox.shippingBaseUrl, ...SANDBOX_CREDENTIALS });
      const returnOrder = (sandbox: DhlSandbox, receiverId: string) =>
        fetch(`${sandbox.baseUrl}/orders?labelType=BOTH`, {
          method: 'POST',
          headers: {
            'dhl-api-key': SANDBOX_CREDENTIALS.apiKey,
            Authorization: `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.username}:${SANDBOX_CREDENTIALS.password}`).toString('base64')}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({
            receiverId,
            customerReference: PASSPORT_ID,
            shipper: { name1: 'Erika Mustermann', addressStreet: 'Heidestraße', addressHouse: '17', postalCode: '51147', city: 'Köln' },
            itemWeight: { uom: 'g', value: 800 },
          }),
        }).then((response) => response.status);

      expect(await returnOrder(copies, 'deu-acme')).toBe(201);
      expect(await returnOrder(copies, 'deu')).toBe(201);
      // The copy serves its original's country only, and only known ids are copied.
      for (const unknown of ['deu-', 'fra-acme', 'deuacme', 'deu-a b']) expect(await returnOrder(copies, unknown), unknown).toBe(400);
      expect(await returnOrder(plain, 'deu-acme')).toBe(400);

      await expect(parcels(copies).createParcelLabel(parcelRequest({ shipperRef: `${SHIPPER_REF}-acme` }))).resolves.toMatchObject({ shipmentNo: expect.any(String) });
      expect(await rejection(parcels(copies).createParcelLabel(parcelRequest({ shipperRef: 'unknown-warehouse-acme' })))).toMatchObject({ status: 400, fields: ['shipperRef'] });
      expect(await rejection(parcels(plain).createParcelLabel(parcelRequest({ shipperRef: `${SHIPPER_REF}-acme` })))).toMatchObject({ status: 400, fields: ['shipperRef'] });
    } finally {
      await Promise.all([plain.stop(), copies.stop()]);
    }
  });
});
