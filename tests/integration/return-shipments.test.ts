import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { type DhlSandbox, SANDBOX_CREDENTIALS, startDhlSandbox } from '../../local/sandboxes/dhl';
import { DhlParcelCarrier } from '../../shared/adapters/dhl/dhl-parcel-carrier';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { ConflictError, NotFoundError, ServiceUnavailableError, UnprocessableError } from '../../shared/domain/errors';
import type { Passport } from '../../shared/domain/passport';
import type { Staff } from '../../shared/http/staff';
import { ReturnedToCustomerSchema } from '../../shared/schemas/events';
import { ReturnShipmentLabels, ReturnShipments } from '../../shared/services/return-shipments';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassport, aQuote } from '../support/fixtures';
import { memoryBlobs } from '../support/payouts';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
const otherBrand: Staff = { subject: 'ops-9', brand: 'other', roles: ['ops', 'admin'] };
/** A brand that sends parcels within Germany only: no billing number for DHL Paket International. */
const national: BrandCatalog = {
  ...demoBrand,
  config: {
    ...demoBrand.config,
    brand: 'national',
    carrier: { dhl: { receiverId: 'deu', parcels: { shipperRef: 'kreislauf-demo-warehouse', billingNumbers: { V01PAK: '33333333330102' } } } },
  },
};

/**
 * An item whose counter-offer its customer declined goes back to them: the platform has DHL (the
 * local sandbox of its Shipping API, over HTTP) make one parcel label per passport, keeps it, moves
 * the passport to RETURNED and books the parcel, however often and however concurrently it is asked.
 */
describe('the parcel that takes an item back to its customer (DynamoDB Local, DHL sandbox)', () => {
  let store: DynamoDbSeedingPassportStore;
  let network: DynamoDbRepairNetworkStore;
  let passports: WorkQueueService;
  let sandbox: DhlSandbox;
  const blobStore = memoryBlobs();
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `return-shipments-${newId()}`;
    const started = await Promise.all([createTableLikeStack(client, tableName), startDhlSandbox({ port: 0 })]);
    sandbox = started[1];
    store = new DynamoDbSeedingPassportStore(tableName, client);
    await Promise.all([store.putCatalog(demoBrand), store.putCatalog(national)]);
    network = new DynamoDbRepairNetworkStore(tableName, store, client);
    passports = new WorkQueueService({ store, network });
  });
  afterEach(() => sandbox.setFaults({}));
  afterAll(() => sandbox.stop());

  const service = (carrier = new DhlParcelCarrier({ baseUrl: sandbox.shippingBaseUrl, ...SANDBOX_CREDENTIALS })) =>
    new ReturnShipments({ store, passports, blobs: blobStore, carrier: async () => carrier, now });

  /** A passport whose counter-offer its customer declined, stored as RETURN_TO_CUSTOMER. */
  async function aDeclinedItem(overrides: Partial<Passport> = {}, brand = 'demo'): Promise<Passport> {
    const quote = aQuote({ brand });
    await store.saveQuote(quote);
    const passport = aPassport(quote, {
      state: 'RETURN_TO_CUSTOMER',
      settlement: { outcome: 'COUNTER_OFFER', payout: { amount: 4_000, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' }, answer: { accepted: false, at: '2026-11-19T09:00:00.000Z' } },
      ...overrides,
    });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    return passport;
  }

  const shipmentsFor = (id: string) => sandbox.shipments().filter((shipment) => shipment.refNo === id);
  const eventsOf = async (id: string) => (await store.getTimeline(id)).filter((event) => event.type === 'ReturnedToCustomer');

  it("sends the item back in a parcel made from the brand's account, keeps its label and books it, once", async () => {
    const passport = await aDeclinedItem();

    const detail = await service().ship(ops, passport.id, {});

    const [shipment] = shipmentsFor(passport.id);
    expect(shipmentsFor(passport.id)).toHaveLength(1);
    expect(shipment).toMatchObject({
      product: 'V01PAK',
      billingNumber: '33333333330102',
      shipper: { shipperRef: 'kreislauf-demo-warehouse' },
      consignee: { name1: 'Erika Mustermann', addressStreet: 'Hauptstraße', addressHouse: '5', postalCode: '10115', city: 'Berlin', country: 'DEU' },
      details: { weight: { uom: 'g', value: 190 } },
    });
    expect(detail.state).toBe('RETURNED');
    expect(detail.returnShipment).toEqual({ carrier: 'DHL', shipmentNo: shipment!.shipmentNo, product: 'V01PAK', createdAt: expect.any(String), by: 'ops-1' });
    const [event] = await eventsOf(passport.id);
    expect(ReturnedToCustomerSchema.shape.data.parse(event!.data)).toEqual({
      carrier: 'DHL',
      shipmentNo: shipment!.shipmentNo,
      product: 'V01PAK',
      by: 'ops-1',
      cost: { amount: 439, currency: 'EUR' },
    });
    expect((await network.ledgerOf(passport.id)).map(({ entryId, kind, direction, amount }) => ({ entryId, kind, direction, amount }))).toEqual([
      { entryId: `RETURN#${shipment!.shipmentNo}`, kind: 'LABEL', direction: 'COST', amount: { amount: 439, currency: 'EUR' } },
    ]);
    const label = await new ReturnShipmentLabels({ passports, blobs: blobStore }).label(ops, passport.id);
    expect(label.contentType).toBe('application/pdf');
    expect(new TextDecoder().decode(label.body.subarray(0, 5))).toBe('%PDF-');
  });

  it('answers a retry with the same shipment without asking DHL again', async () => {
    const passport = await aDeclinedItem();
    const first = await service().ship(ops, passport.id, {});

    const again = await service().ship(ops, passport.id, { weightGrams: 900 });

    expect(again.returnShipment).toEqual(first.returnShipment);
    expect(shipmentsFor(passport.id)).toHaveLength(1);
    expect(await eventsOf(passport.id)).toHaveLength(1);
  });

  it('makes one label in a storm of requests, and answers the others with it or as in progress', async () => {
    const passport = await aDeclinedItem();
    sandbox.setFaults({ latencyMs: 300 });

    const answers = await Promise.allSettled(Array.from({ length: 10 }, () => service().ship(ops, passport.id, {})));

    const [shipment, ...more] = shipmentsFor(passport.id);
    expect(more).toEqual([]);
    for (const answer of answers) {
      if (answer.status === 'fulfilled') expect(answer.value.returnShipment?.shipmentNo).toBe(shipment!.shipmentNo);
      else expect(answer.reason).toBeInstanceOf(ConflictError);
    }
    expect(answers.some((answer) => answer.status === 'fulfilled')).toBe(true);
    expect(await eventsOf(passport.id)).toHaveLength(1);
    expect(await network.ledgerOf(passport.id)).toHaveLength(1);
  });

  it('sends an item to a customer abroad with DHL Paket International and the weight staff give', async () => {
    const passport = await aDeclinedItem({ address: { street: 'Mariahilfer Straße', houseNumber: '12', postalCode: '1060', city: 'Wien', country: 'AT' } });

    const detail = await service().ship(ops, passport.id, { weightGrams: 1_250 });

    expect(detail.returnShipment?.product).toBe('V53WPAK');
    expect(shipmentsFor(passport.id)).toEqual([
      expect.objectContaining({ product: 'V53WPAK', billingNumber: '33333333335301', consignee: expect.objectContaining({ country: 'AUT' }), details: { weight: { uom: 'g', value: 1_250 } } }),
    ]);
  });

  it('refuses a customer abroad when the brand has no billing number for parcels abroad, before asking DHL', async () => {
    const passport = await aDeclinedItem({ address: { street: 'Damrak', houseNumber: '1', postalCode: '1012 LG', city: 'Amsterdam', country: 'NL' } }, 'national');
    const staff: Staff = { subject: 'ops-2', brand: 'national', roles: ['ops'] };

    const refusal = await service().ship(staff, passport.id, {}).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).issues.map((issue) => issue.path.join('.'))).toEqual(['config.carrier.dhl.parcels.billingNumbers.V53WPAK']);
    expect(shipmentsFor(passport.id)).toEqual([]);
    expect((await store.getPassport(passport.id))?.state).toBe('RETURN_TO_CUSTOMER');
  });

  it("passes on DHL's refusal of the address as the request's problem, and sends nothing", async () => {
    const passport = await aDeclinedItem({ address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '1011', city: 'Berlin', country: 'DE' } });

    const refusal = await service().ship(ops, passport.id, {}).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).extensions).toEqual({ carrierFields: ['consignee.postalCode'] });
    expect((await store.getPassport(passport.id))?.state).toBe('RETURN_TO_CUSTOMER');
    expect(await network.ledgerOf(passport.id)).toEqual([]);
  });

  it('answers 503 while DHL is down, gives the claim back, and makes the label on the next try', async () => {
    const passport = await aDeclinedItem();
    sandbox.setFaults({ failAll: 503 });

    const refusal = await service().ship(ops, passport.id, {}).catch((error: unknown) => error);
    sandbox.setFaults({});
    const detail = await service().ship(ops, passport.id, {});

    expect(refusal).toBeInstanceOf(ServiceUnavailableError);
    expect(detail.state).toBe('RETURNED');
    expect(shipmentsFor(passport.id)).toHaveLength(1);
  });

  it('waits for a request in flight, and takes over the claim of one that died holding it', async () => {
    const passport = await aDeclinedItem();
    // A request holds the claim now: the next one must not ask DHL as well.
    await store.claimOnce(passport.id, 'carrier-return-parcel', new Date(clock).toISOString(), 60_000);
    const inFlight = await service().ship(ops, passport.id, {}).catch((error: unknown) => error);
    expect(inFlight).toBeInstanceOf(ConflictError);
    expect(shipmentsFor(passport.id)).toEqual([]);

    // That request died (a kill -9 between DHL's answer and the write): once its lease has run out, the label is made.
    clock += 61_000;
    const detail = await service().ship(ops, passport.id, {});
    expect(detail.state).toBe('RETURNED');
    expect(shipmentsFor(passport.id)).toHaveLength(1);
  });

  it('sends back only an item going back, and never one of another brand', async () => {
    const graded = await aDeclinedItem({ state: 'GRADED' });
    const declined = await aDeclinedItem();

    const notGoingBack = await service().ship(ops, graded.id, {}).catch((error: unknown) => error);
    const foreign = await service().ship(otherBrand, declined.id, {}).catch((error: unknown) => error);
    const foreignLabel = await new ReturnShipmentLabels({ passports, blobs: blobStore }).label(otherBrand, declined.id).catch((error: unknown) => error);
    const noLabelYet = await new ReturnShipmentLabels({ passports, blobs: blobStore }).label(ops, declined.id).catch((error: unknown) => error);

    expect(notGoingBack).toBeInstanceOf(ConflictError);
    expect((notGoingBack as ConflictError).extensions).toEqual({ currentState: 'GRADED' });
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreignLabel).toBeInstanceOf(NotFoundError);
    expect(noLabelYet).toBeInstanceOf(NotFoundError);
    expect([...shipmentsFor(graded.id), ...shipmentsFor(declined.id)]).toEqual([]);
  });
});
