import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbCustomerIndex } from '../../shared/adapters/dynamodb/customer-index';
import { passportKey, payoutKey, recentErasureKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbGuardedClaims, type DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbRecentErasures } from '../../shared/adapters/dynamodb/recent-erasures';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import type { Passport } from '../../shared/domain/passport';
import { takeBackLabelKeys } from '../../shared/domain/label-files';
import { customerPhotoKey, photoKey } from '../../shared/domain/photos';
import type { Staff } from '../../shared/http/staff';
import type { PassportRecords } from '../../shared/ports/passport-store';
import { PersonalDataErasedSchema } from '../../shared/schemas/events';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { CustomerMessages } from '../../shared/services/customer-messages';
import { customerEmailHash, mailboxHash } from '../../shared/services/customer-identity';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { CustomerErasure, PersonalDataErasure } from '../../shared/services/personal-data-erasure';
import { CustomerPhotoUploadService } from '../../shared/services/photo-upload-service';
import { Receipts } from '../../shared/services/receipt-and-grading-service';
import { LateCustomerPhotoDeletion } from '../../shared/services/late-customer-photos';
import { newId } from '../../shared/services/tokens';
import { trackedPayout } from '../../shared/services/tracked-take-back';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassport, aQuote, aRequestedPassport } from '../support/fixtures';
import { changedAfterFirstRead } from '../support/racing-store';
import { aGradedPassport, aPayoutTable, bankAccounts, memoryBlobs } from '../support/payouts';
import { aLocalBucket, type LocalBucket } from '../support/local-bucket';
import { localDynamoDb } from '../support/table';

const admin: Staff = { subject: 'dpo-1', brand: 'demo', roles: ['admin'] };
const otherBrand: Staff = { subject: 'dpo-9', brand: 'other', roles: ['admin'] };
const request = { reason: 'Art. 17 request, ticket 4711' };

/**
 * A customer's personal data erased from a passport (GDPR Art. 17) against DynamoDB Local: the
 * passport keeps nothing that names or reaches them, their files are deleted, their place in the
 * index of paid take-backs is gone, and no e-mail is sent to them after; refused while the platform
 * still needs the data.
 */
describe("a customer's personal data erased (DynamoDB Local)", () => {
  let client: DynamoDBClient;
  let tableName: string;
  let store: DynamoDbSeedingPassportStore;
  let payouts: DynamoDbPayoutStore;
  let exportStore: DynamoDbPayoutExportStore;
  let passports: WorkQueueService;
  const blobs = memoryBlobs();
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));

  beforeAll(async () => {
    client = localDynamoDb(inject('dynamodbEndpoint'));
    ({ tableName, store, payouts, exportStore } = await aPayoutTable(client));
    passports = new WorkQueueService({ store, network: new DynamoDbRepairNetworkStore(tableName, store, client) });
  });

  /** The erasure; on `records`, a store whose first read is followed by a change, the service's own read of the passport is that first read. */
  const erasure = (records: PassportRecords = store) =>
    new PersonalDataErasure({
      store: records,
      passports: records === store ? passports : new WorkQueueService({ store: records, network: new DynamoDbRepairNetworkStore(tableName, store, client) }),
      payouts,
      customers: new DynamoDbCustomerIndex(tableName, client),
      blobs,
      now,
    });
  const settlement = () => new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes });
  const rawItem = async (key: { PK: string; SK: string }) =>
    (await DynamoDBDocumentClient.from(client).send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  /** The customer's place in the index: their take-backs by their address's hash, their paid ones by their mailbox's. */
  const customerIndexOf = async (email: string) =>
    (
      await Promise.all(
        [...new Set([customerEmailHash(email), mailboxHash(email)])].map(
          async (hash) =>
            (
              await DynamoDBDocumentClient.from(client).send(
                new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `B#demo#CUSTOMER#${hash}` } }),
              )
            ).Items ?? [],
        ),
      )
    ).flat();

  /** A graded passport whose voucher is issued, with its label, QR code and a customer photo in the bucket. */
  async function aPaidPassportWithFiles(): Promise<Passport> {
    const graded = await aGradedPassport(store);
    const photo = customerPhotoKey('demo', graded.id, newId(), 'image/jpeg');
    const photoUrl = `http://127.0.0.1:4569/kreislauf-data/${photo}`;
    await store.amend(graded.id, { in: ['GRADED'], at: '2026-11-04T10:30:00.000Z', set: { customerPhotos: [photoUrl], reason: 'Erika moved to Hamburg' }, event: { type: 'CustomerPhotoAdded', data: { photoId: 'p' } } });
    for (const key of [graded.label!.pdfKey, graded.label!.qrKey, photo]) await blobs.put(key, new Uint8Array([1]), 'application/octet-stream');
    await settlement().settle(graded.id);
    return (await store.getPassport(graded.id))!;
  }

  it('erases what names or reaches the customer, their files and their place in the index, once, and answers a retry as it stands', async () => {
    const passport = await aPaidPassportWithFiles();
    const files = [...blobs.objects.keys()].filter((key) => key.includes(passport.id) || key === passport.label!.pdfKey);
    expect(files.length).toBeGreaterThan(0);
    expect((await customerIndexOf(passport.customer.email)).length).toBeGreaterThan(0);

    const detail = await erasure().erase(admin, passport.id, request);
    const again = await erasure().erase(admin, passport.id, { reason: 'sent twice' });

    expect(detail.erasure).toEqual({ at: expect.any(String), by: 'dpo-1', reason: request.reason });
    expect(again.erasure).toEqual(detail.erasure);
    const stored = (await rawItem(passportKey(passport.id)))!;
    expect(stored.customer).toEqual({ name: '', email: '', locale: 'de' });
    expect(stored.address).toEqual({ street: '', houseNumber: '', postalCode: '', city: '', country: 'DE' });
    expect(stored.payout).toEqual({ method: 'VOUCHER' });
    expect(stored).not.toHaveProperty('reason');
    expect(stored).not.toHaveProperty('customerPhotos');
    // Nothing the customer gave is left anywhere in the item, however it is nested.
    expect(JSON.stringify(stored)).not.toMatch(/Erika|Mustermann|Hauptstraße|10115|Hamburg|DE89|example\.org/);
    for (const key of [passport.label!.pdfKey, passport.label!.qrKey, ...files]) expect(blobs.objects.has(key), key).toBe(false);
    expect(await customerIndexOf(passport.customer.email)).toEqual([]);
    const events = (await store.getTimeline(passport.id)).filter((event) => event.type === 'PersonalDataErased');
    expect(events.map((event) => PersonalDataErasedSchema.shape.data.parse(event.data))).toEqual([{ by: 'dpo-1', reason: request.reason }]);
    // The item's history stays: its state, its settled value and the ledger line of its payout.
    expect(detail).toMatchObject({ state: 'GRADED', settlement: { outcome: 'ACCEPTED' } });
    expect(detail.ledger.map((entry) => entry.kind)).toEqual(['PAYOUT']);
  });

  /** The e-mails to customers over `records`, and what they sent. */
  const customerMessages = (records: DynamoDbSeedingPassportStore = store) => {
    const sent: unknown[] = [];
    const messages = new CustomerMessages({
      store: records,
      claims: new DynamoDbGuardedClaims(tableName, client),
      payouts,
      settlement: settlement(),
      notifier: { send: async (message) => (sent.push(message), { messageId: 'm' }) },
      now,
      trackingSecret: async () => 'secret',
      apiBaseUrl: 'https://api.example.org',
      webBaseUrl: 'https://web.example.org',
    });
    return { messages, sent };
  };
  const payoutEventOf = async (passport: Passport) => {
    const [event] = (await store.getTimeline(passport.id)).filter((noted) => noted.type === 'VoucherIssued' || noted.type === 'BankPayoutQueued');
    return { ...event!, eventId: `${passport.id}/${event!.seq}` } as never;
  };

  it('sends the customer no e-mail once their data is erased', async () => {
    const passport = await aPaidPassportWithFiles();
    await erasure().erase(admin, passport.id, request);
    const { messages, sent } = customerMessages();

    const answer = await messages.send(await payoutEventOf(passport));

    expect(answer.sent).toBe(false);
    expect(sent).toEqual([]);
  });

  it('sends no e-mail when the erasure lands after the e-mail read the passport, before its send is claimed', async () => {
    const passport = await aPaidPassportWithFiles();
    const event = await payoutEventOf(passport);
    // The erasure lands while the e-mail reads the passport's timeline, after the passport itself.
    const racing = Object.assign(Object.create(store) as DynamoDbSeedingPassportStore, {
      getTimeline: async (id: string) => {
        await erasure().erase(admin, passport.id, request);
        return store.getTimeline(id);
      },
    });
    const { messages, sent } = customerMessages(racing);

    const answer = await messages.send(event);

    expect(answer.sent).toBe(false);
    expect(sent).toEqual([]);
    expect((await store.getTimeline(passport.id)).map((noted) => noted.type)).not.toContain('CustomerEmailSent');
  });

  it('refuses while the platform still needs the data, naming why, and changes nothing', async () => {
    const open = await aRequestedPassport(store);
    const unpaid = await aGradedPassport(store);

    const whileOpen = await erasure().erase(admin, open.id, request).catch((error: unknown) => error);
    const whileOwed = await erasure().erase(admin, unpaid.id, request).catch((error: unknown) => error);

    expect(whileOpen).toBeInstanceOf(ConflictError);
    expect((whileOpen as ConflictError).extensions).toEqual({ currentState: 'REQUESTED', blockedBy: expect.stringContaining('cancel it first'), blockedReason: 'TAKE_BACK_OPEN' });
    expect(whileOwed).toBeInstanceOf(ConflictError);
    expect((whileOwed as ConflictError).extensions).toMatchObject({ currentState: 'GRADED', blockedBy: "the customer's payout is not made yet", blockedReason: 'PAYOUT_NOT_MADE' });
    expect((await store.getPassport(open.id))?.customer.email).toBe(open.customer.email);
    expect((await store.getPassport(unpaid.id))?.erasure).toBeUndefined();
  });

  /** A graded take-back paid by bank transfer, its payout queued. */
  async function aQueuedTransfer(): Promise<Passport> {
    const passport = await aGradedPassport(store, { bankTransfer: true });
    expect((await settlement().settle(passport.id)).outcome).toBe('BANK_PAYOUT_QUEUED');
    return passport;
  }

  it("erases what the exported transfer's payout keeps of the bank account, so neither the tracking page nor staff show it (until 7 December 2026 its masked IBAN stayed)", async () => {
    const passport = await aQueuedTransfer();
    await new BankPayoutExports({ store, payouts: exportStore, blobs, bankAccounts, now, newId }).create('demo', undefined, 'http://localhost:3000');
    const exported = (await payouts.getPayout(passport.id))!;
    expect(exported).toMatchObject({ status: 'EXPORTED', ibanMasked: 'DE89 **** **** **** **30 00' });

    const detail = await erasure().erase(admin, passport.id, request);

    const stored = (await rawItem(payoutKey(passport.id)))!;
    expect(stored).toMatchObject({ status: 'EXPORTED', exportId: exported.exportId, amount: exported.amount });
    expect(stored).not.toHaveProperty('ibanMasked');
    expect(JSON.stringify(stored)).not.toMatch(/DE89|30 00|Erika|Mustermann/);
    expect(trackedPayout((await payouts.getPayout(passport.id))!)).not.toHaveProperty('bankAccount');
    expect(JSON.stringify(detail)).not.toMatch(/DE89|30 00|Erika|Mustermann/);
    // The export keeps its file and its list, the brand's accounting records.
    expect((await exportStore.getExport('demo', exported.exportId!))?.payouts).toContainEqual(expect.objectContaining({ passportId: passport.id, ibanMasked: exported.ibanMasked }));
  });

  it("refuses while the transfer's export is still being written, which would otherwise find no account and set it aside unpaid", async () => {
    const passport = await aQueuedTransfer();
    const payout = (await payouts.getPayout(passport.id))!;
    const record = { exportId: newId(), brand: 'demo', createdAt: now().toISOString(), requestedExecutionDate: '2026-11-23', status: 'OPEN' as const };
    await exportStore.openExport(record);
    expect(await exportStore.claimForExport(payout, record.exportId, { type: 'BankPayoutExported', data: { payoutId: payout.payoutId, exportId: record.exportId } }, record.createdAt)).toBe(true);

    const whileWritten = await erasure().erase(admin, passport.id, request).catch((error: unknown) => error);

    expect(whileWritten).toBeInstanceOf(ConflictError);
    expect((whileWritten as ConflictError).extensions).toMatchObject({ blockedReason: 'PAYOUT_NOT_MADE', blockedBy: expect.stringContaining('still being written') });
    expect((await store.getPassport(passport.id))?.payout.bankAccount).toBeDefined();
    expect(await payouts.getPayout(passport.id)).toMatchObject({ ibanMasked: 'DE89 **** **** **** **30 00' });
    await exportStore.completeExport({ ...record, status: 'READY', fileKey: 'f.xml', count: 1, total: payout.amount, payouts: [] });
    expect(await erasure().erase(admin, passport.id, request)).toMatchObject({ erasure: { by: 'dpo-1' } });
  });

  it("erases the payout's masked IBAN of a passport erased before 7 December 2026 when its erasure is asked again", async () => {
    const passport = await aQueuedTransfer();
    await new BankPayoutExports({ store, payouts: exportStore, blobs, bankAccounts, now, newId }).create('demo', undefined, 'http://localhost:3000');
    await erasure().erase(admin, passport.id, request);
    const stored = (await rawItem(payoutKey(passport.id)))!;
    await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: tableName, Item: { ...stored, ibanMasked: 'DE89 **** **** **** **30 00' } }));

    await erasure().erase(admin, passport.id, request);

    expect(await rawItem(payoutKey(passport.id))).not.toHaveProperty('ibanMasked');
  });

  it("hides the masked IBAN of a bank account entered again from an erased passport's timeline", async () => {
    const passport = await aQueuedTransfer();
    const payout = (await payouts.getPayout(passport.id))!;
    await store.appendEvent(passport.id, now().toISOString(), { type: 'BankAccountReplaced', data: { payoutId: payout.payoutId, ibanMasked: 'DE02 **** **** **** **20 51' } });
    await new BankPayoutExports({ store, payouts: exportStore, blobs, bankAccounts, now, newId }).create('demo', undefined, 'http://localhost:3000');

    const detail = await erasure().erase(admin, passport.id, request);

    expect(detail.timeline.find((event) => event.type === 'BankAccountReplaced')?.data).toEqual({ payoutId: payout.payoutId, ibanMasked: '' });
  });

  it("erases a cancelled take-back's sealed bank account with the rest, and never one of another brand", async () => {
    const quote = aQuote();
    await store.saveQuote(quote);
    const draft = aPassport(quote);
    const passport = { ...draft, payout: { method: 'BANK_TRANSFER' as const, bankAccount: await bankAccounts.seal(draft.id, { iban: 'DE89370400440532013000', accountHolder: 'Erika Mustermann' }) } };
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await store.transition(passport.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });

    const foreign = await erasure().erase(otherBrand, passport.id, request).catch((error: unknown) => error);
    const erased = await erasure().erase(admin, passport.id, request);

    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(erased).toMatchObject({ state: 'CANCELLED', erasure: { by: 'dpo-1' } });
    const stored = (await rawItem(passportKey(passport.id)))!;
    expect(stored.payout).toEqual({ method: 'BANK_TRANSFER' });
    expect(JSON.stringify(stored)).not.toMatch(/Erika|Mustermann|DE89|\*\*30 00|example\.org/);
  });

  it('pays each erased customer whose parcel was received all the same (before 7 December 2026) as a new customer, never counted with the others erased', async () => {
    const settled = [];
    for (let index = 0; index < 2; index++) {
      const passport = await aRequestedPassport(store);
      await store.transition(passport.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
      await erasure().erase(admin, passport.id, request);
      // The parcel was received all the same (the scan refuses it since 7 December 2026), and is graded.
      await store.transition(passport.id, { to: 'RECEIVED', at: '2026-11-22T09:00:00.000Z', event: { type: 'ParcelReceived', data: { by: 'ops-1' } } });
      const settlementOf = { outcome: 'ACCEPTED' as const, payout: { amount: 10_000, currency: 'EUR' } };
      await store.transition(passport.id, { to: 'GRADED', at: '2026-11-22T10:00:00.000Z', set: { settlement: settlementOf }, event: { type: 'Graded', data: { grade: 'GOOD', route: 'RESELL', settlement: settlementOf, by: 'ops-1' } } });
      await settlement().settle(passport.id);
      settled.push((await payouts.getPayout(passport.id))!);
    }

    expect(settled.map((payout) => payout.segment)).toEqual(['NEW', 'NEW']);
  });

  /** The warehouse's scan of a parcel, over `records`. */
  const receipts = (records: PassportRecords = store) =>
    new Receipts({ store: records, passports: records === store ? passports : new WorkQueueService({ store: records, network: new DynamoDbRepairNetworkStore(tableName, store, client) }), now });
  const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
  const aCancelledTakeBack = async () => {
    const passport = await aRequestedPassport(store);
    await store.transition(passport.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
    return passport;
  };

  it("refuses to receive the parcel of a cancelled take-back whose customer's data was erased, saying why, and writes nothing", async () => {
    const passport = await aCancelledTakeBack();
    await erasure().erase(admin, passport.id, request);
    const before = await store.getPassport(passport.id);

    const refused = await receipts().receive(ops, passport.id, { location: 'Gate 1' }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toContain('can be neither paid for nor sent back');
    expect((refused as ConflictError).extensions).toEqual({ currentState: 'CANCELLED', personalDataErased: true });
    expect(await store.getPassport(passport.id)).toEqual(before);
  });

  it('refuses the scan when the erasure lands between its read and its write', async () => {
    const passport = await aCancelledTakeBack();
    const { store: racing, changed } = changedAfterFirstRead(store, (id) => erasure().erase(admin, id, request));

    const refused = await receipts(racing).receive(ops, passport.id, {}).catch((error: unknown) => error);

    expect(changed()).toBe(true);
    expect((refused as ConflictError).extensions).toEqual({ currentState: 'CANCELLED', personalDataErased: true });
    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'CANCELLED', erasure: { by: 'dpo-1' } });
  });

  it("erases a customer's take-backs found by their e-mail address, answers those still needed with why, and erases them once done", async () => {
    const email = `Lena.Fischer+${newId()}@Example.org`;
    /** A take-back of the customer as the take-back route files it (by the hash of the address), of `brand`. */
    const aTakeBackOf = async (brand = 'demo') => {
      const quote = aQuote({ brand });
      await store.saveQuote(quote);
      const passport = aPassport(quote, { customer: { name: 'Lena Fischer', email, locale: 'de' } });
      // Counted against the take-backs of the day of the address's mailbox (the label e-mail's cap), as the take-back route counts it.
      const cap = { recipientHash: mailboxHash(email), day: '2026-11-20', limit: 5, expiresAt: new Date('2026-11-22T00:00:00.000Z') };
      await store.createPassport(passport, { type: 'TakeBackRequested', data: {} }, cap, customerEmailHash(email));
      return passport;
    };
    const dailyCounts = async (brand: string) =>
      (
        await DynamoDBDocumentClient.from(client).send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `B#${brand}#RECIPIENT#${mailboxHash(email)}` } }),
        )
      ).Items ?? [];
    const cancelled = await aTakeBackOf();
    await store.transition(cancelled.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
    const open = await aTakeBackOf();
    const elsewhere = await aTakeBackOf('other');
    const customers = new DynamoDbCustomerIndex(tableName, client);
    const byEmail = () => new CustomerErasure({ erasure: erasure(), customers });

    expect(await dailyCounts('demo')).toHaveLength(1);
    // The address as the customer writes it, in another case and with spaces: the same customer.
    const first = await byEmail().erase(admin, { email: ` ${email.toUpperCase()} `, reason: 'Ticket 4713' });

    expect(first).toEqual({
      erased: [{ id: cancelled.id, state: 'CANCELLED' }],
      blocked: [{ id: open.id, state: 'REQUESTED', blockedBy: expect.stringContaining('cancel it first'), blockedReason: 'TAKE_BACK_OPEN' }],
    });
    expect((await store.getPassport(cancelled.id))?.customer.email).toBe('');
    expect((await store.getPassport(elsewhere.id))?.customer.email).toBe(email);
    expect(await customers.takeBacksOf('demo', customerEmailHash(email))).toEqual([open.id]);
    // The day's count of the address's take-backs names its hash too: it goes with the first erasure, another brand's stays.
    expect(await dailyCounts('demo')).toEqual([]);
    expect(await dailyCounts('other')).toHaveLength(1);

    await store.transition(open.id, { to: 'CANCELLED', at: '2026-11-20T09:30:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
    const again = await byEmail().erase(admin, { email, reason: 'Ticket 4713' });

    expect(again).toEqual({ erased: [{ id: open.id, state: 'CANCELLED' }], blocked: [] });
    expect(await customers.takeBacksOf('demo', customerEmailHash(email))).toEqual([]);
    expect(await customers.takeBacksOf('other', customerEmailHash(email))).toEqual([elsewhere.id]);
  });

  it('decides again when the item moved on between the read and the write (listed for resale meanwhile)', async () => {
    const passport = await aPaidPassportWithFiles();
    const { store: racing, changed } = changedAfterFirstRead(store, (id) =>
      store.transition(id, { to: 'LISTED', at: new Date(clock).toISOString(), event: { type: 'Listed', data: { listings: [] } } }),
    );

    const detail = await erasure(racing).erase(admin, passport.id, request);

    expect(changed()).toBe(true);
    expect(detail).toMatchObject({ state: 'LISTED', erasure: { by: 'dpo-1' } });
  });

  it("leaves the customer's index and files as they were when the parcel is scanned in between the erasure's read and its write, so asking again still finds it", async () => {
    const email = `rae.race+${newId()}@example.org`;
    const quote = aQuote();
    await store.saveQuote(quote);
    const passport = aPassport(quote, { customer: { name: 'Rae Race', email, locale: 'de' } });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} }, undefined, customerEmailHash(email));
    await store.transition(passport.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
    const { pdfKey, qrKey } = takeBackLabelKeys('demo', passport.id);
    for (const key of [pdfKey, qrKey]) await blobs.put(key, new Uint8Array([1]), 'application/pdf');
    const { store: racing, changed } = changedAfterFirstRead(store, (id) =>
      store.transition(id, { to: 'RECEIVED', at: new Date(clock).toISOString(), set: { receipt: { at: new Date(clock).toISOString(), by: 'ops-1' } }, event: { type: 'ParcelReceived', data: { by: 'ops-1' } } }),
    );
    const customers = new DynamoDbCustomerIndex(tableName, client);

    const first = await new CustomerErasure({ erasure: erasure(racing), customers }).erase(admin, { email, reason: 'Ticket 4714' });

    expect(changed()).toBe(true);
    const blocked = { id: passport.id, state: 'RECEIVED', blockedBy: "the customer's payout is not made yet", blockedReason: 'PAYOUT_NOT_MADE' };
    expect(first).toEqual({ erased: [], blocked: [blocked] });
    expect(await customers.takeBacksOf('demo', customerEmailHash(email))).toEqual([passport.id]);
    for (const key of [pdfKey, qrKey]) expect(blobs.objects.has(key), key).toBe(true);
    expect((await store.getPassport(passport.id))?.customer.email).toBe(email);
    expect(await new CustomerErasure({ erasure: erasure(), customers }).erase(admin, { email, reason: 'Ticket 4714' })).toEqual({ erased: [], blocked: [blocked] });
  });

  it("erases by an address the take-backs of its mailbox whatever their +tag, and those filed before by the address as typed", async () => {
    // Since the evening of 7 December 2026 a take-back is filed by its mailbox; until then by the address as typed, and an
    // erasure asked from `mia@…` missed the take-backs of `mia+shop@…`.
    const mailbox = `mia.${newId().toLowerCase()}`;
    const aCancelledTakeBack = async (email: string, filedBy: string) => {
      const quote = aQuote();
      await store.saveQuote(quote);
      const passport = aPassport(quote, { customer: { name: 'Mia Tag', email, locale: 'de' } });
      await store.createPassport(passport, { type: 'TakeBackRequested', data: {} }, undefined, filedBy);
      await store.transition(passport.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
      return passport.id;
    };
    const tagged = await aCancelledTakeBack(`${mailbox}+shop@example.org`, mailboxHash(`${mailbox}+shop@example.org`));
    const plain = await aCancelledTakeBack(`${mailbox}@example.org`, mailboxHash(`${mailbox}@example.org`));
    const before = await aCancelledTakeBack(`${mailbox}@example.org`, customerEmailHash(`${mailbox}@example.org`));
    const customers = new DynamoDbCustomerIndex(tableName, client);

    // Asked from another tag of the mailbox, in another case.
    const result = await new CustomerErasure({ erasure: erasure(), customers }).erase(admin, { email: `${mailbox.toUpperCase()}+Other@example.org`, reason: 'Ticket 4716' });

    expect(result.erased.map(({ id }) => id).sort()).toEqual([tagged, plain, before].sort());
    for (const id of [tagged, plain, before]) expect((await store.getPassport(id))?.customer.email, id).toBe('');
    expect(await customers.takeBacksOf('demo', mailboxHash(`${mailbox}@example.org`))).toEqual([]);
  });

  it("deletes the day's count of the mailbox's take-backs with an erasure by the passport's id, and keeps another brand's", async () => {
    // Until 7 December 2026 only an erasure by the address deleted it: a hash of the address lived on to the end of the next day.
    const email = `Nora.Id+tag${newId()}@Example.org`;
    const aTakeBackOf = async (brand: string) => {
      const quote = aQuote({ brand });
      await store.saveQuote(quote);
      const passport = aPassport(quote, { customer: { name: 'Nora Id', email, locale: 'de' } });
      const cap = { recipientHash: mailboxHash(email), day: '2026-11-20', limit: 5, expiresAt: new Date('2026-11-22T00:00:00.000Z') };
      await store.createPassport(passport, { type: 'TakeBackRequested', data: {} }, cap, customerEmailHash(email));
      await store.transition(passport.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
      return passport;
    };
    const dailyCounts = async (brand: string) =>
      (
        await DynamoDBDocumentClient.from(client).send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `B#${brand}#RECIPIENT#${mailboxHash(email)}` } }),
        )
      ).Items ?? [];
    const passport = await aTakeBackOf('demo');
    await aTakeBackOf('other');
    expect(await dailyCounts('demo')).toHaveLength(1);

    await erasure().erase(admin, passport.id, request);

    expect(await dailyCounts('demo')).toEqual([]);
    expect(await dailyCounts('other')).toHaveLength(1);
  });

  it('takes a passport out of its customer\'s index when the erasure by their address finds it erased already (a request that died after its write)', async () => {
    const email = `dora.died+${newId()}@example.org`;
    const quote = aQuote();
    await store.saveQuote(quote);
    const passport = aPassport(quote, { customer: { name: 'Dora Died', email, locale: 'de' } });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} }, undefined, customerEmailHash(email));
    await store.transition(passport.id, { to: 'CANCELLED', at: '2026-11-20T09:00:00.000Z', event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
    const customers = new DynamoDbCustomerIndex(tableName, client);
    const dying = new PersonalDataErasure({
      store,
      passports,
      payouts,
      customers: {
        takeBacksOf: (brand, hash) => customers.takeBacksOf(brand, hash),
        forget: async () => Promise.reject(new Error('the function timed out')),
        forgetDailyCounts: (brand, hash) => customers.forgetDailyCounts(brand, hash),
      },
      blobs,
      now,
    });
    await expect(dying.erase(admin, passport.id, request)).rejects.toThrow('timed out');
    expect((await store.getPassport(passport.id))?.erasure).toBeDefined();

    const again = await new CustomerErasure({ erasure: erasure(), customers }).erase(admin, { email, reason: 'Ticket 4715' });

    expect(again).toEqual({ erased: [{ id: passport.id, state: 'CANCELLED' }], blocked: [] });
    expect(await customers.takeBacksOf('demo', customerEmailHash(email))).toEqual([]);
  });

  it('decides again when the passport changed between its read and its write (an e-mail noted meanwhile)', async () => {
    const passport = await aPaidPassportWithFiles();
    const { store: racing, changed } = changedAfterFirstRead(store, (id) =>
      store.appendEvent(id, new Date(clock).toISOString(), { type: 'CustomerEmailSent', data: { template: 'voucher-issued', messageId: 'm', forEventId: `${id}/9` } }),
    );

    const detail = await erasure(racing).erase(admin, passport.id, request);

    expect(changed()).toBe(true);
    expect(detail.erasure?.by).toBe('dpo-1');
    expect((await store.getPassport(passport.id))?.customer.email).toBe('');
  });
});

/**
 * The customer's files erased from the bucket they are in (the local S3 server): found by the
 * passport's own prefixes and keys, not by what the passport recorded.
 */
describe("a customer's files erased from the bucket (DynamoDB Local, local S3 server)", () => {
  let bucket: LocalBucket;
  let store: DynamoDbSeedingPassportStore;
  let erasure: PersonalDataErasure;
  let photos: CustomerPhotoUploadService;
  let deletion: LateCustomerPhotoDeletion;
  let recentErasures: DynamoDbRecentErasures;
  let readItem: (key: Record<string, string>) => Promise<Record<string, unknown> | undefined>;
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const table = await aPayoutTable(client);
    store = table.store;
    bucket = await aLocalBucket();
    const passports = new WorkQueueService({ store, network: new DynamoDbRepairNetworkStore(table.tableName, store, client) });
    erasure = new PersonalDataErasure({ store, passports, payouts: table.payouts, customers: new DynamoDbCustomerIndex(table.tableName, client), blobs: bucket.blobs, now });
    photos = new CustomerPhotoUploadService({ store, uploads: bucket.uploads, newId, now, trackingSecret: async () => 'tracking-secret' });
    recentErasures = new DynamoDbRecentErasures(table.tableName, client);
    readItem = async (key) => (await DynamoDBDocumentClient.from(client).send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;
    deletion = new LateCustomerPhotoDeletion({ erasures: recentErasures, blobs: bucket.blobs, now });
  });
  afterAll(() => bucket?.stop());

  const cancel = (id: string) => store.transition(id, { to: 'CANCELLED', at: new Date(clock).toISOString(), event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
  /** The customer adds a photo through the address they were given, as their browser does. */
  const uploadPhoto = async (id: string) => {
    const photo = await photos.requestUpload(id, { contentType: 'image/png', size: PNG.length });
    return { put: () => bucket.upload(photo.uploadUrl, 'image/png', PNG), key: customerPhotoKey('demo', id, photo.photoId, 'image/png') };
  };

  it("deletes every photo under the customer's folder of the passport and its labels, recorded or not, and nothing of another passport or of the grading", async () => {
    const passport = await aRequestedPassport(store);
    const other = await aRequestedPassport(store);
    const listed = await uploadPhoto(passport.id);
    expect(await listed.put()).toBe(200);
    // Uploaded at an address the passport does not list (its request's write lost), and the label DHL made while the customer cancelled.
    const unlisted = customerPhotoKey('demo', passport.id, newId(), 'image/jpeg');
    const { pdfKey, qrKey } = takeBackLabelKeys('demo', passport.id);
    const othersPhoto = customerPhotoKey('demo', other.id, newId(), 'image/png');
    const gradingPhoto = photoKey('demo', passport.id, newId(), 'image/png');
    for (const key of [unlisted, pdfKey, qrKey, othersPhoto, gradingPhoto]) await bucket.blobs.put(key, PNG, 'image/png');
    await cancel(passport.id);
    expect((await store.getPassport(passport.id))?.label).toBeUndefined();

    await erasure.erase(admin, passport.id, request);

    for (const key of [listed.key, unlisted, pdfKey, qrKey]) expect(await bucket.blobs.get(key), key).toBeUndefined();
    expect(await bucket.blobs.keysUnder(`photos/demo/${passport.id}/customer/`)).toEqual([]);
    expect(await bucket.blobs.keysUnder('labels/demo/')).not.toContain(pdfKey);
    // Another customer's photo, and the grading photo that listings publish (no personal data), stay.
    expect(await bucket.blobs.keysUnder(`photos/demo/${other.id}/`)).toEqual([othersPhoto]);
    expect(await bucket.blobs.keysUnder(`photos/demo/${passport.id}/`)).toEqual([gradingPhoto]);
  });

  it('refuses a new upload address once the take-back is cancelled, and deletes on the next erasure a photo uploaded after the first through an address issued before', async () => {
    const passport = await aRequestedPassport(store);
    const late = await uploadPhoto(passport.id);
    await cancel(passport.id);
    await erasure.erase(admin, passport.id, request);

    await expect(photos.requestUpload(passport.id, { contentType: 'image/png', size: PNG.length })).rejects.toMatchObject({ status: 409, extensions: { currentState: 'CANCELLED' } });
    // A presigned address cannot be taken back: it takes an upload until it expires (15 minutes after it was issued).
    expect(await late.put()).toBe(200);
    expect(await bucket.blobs.keysUnder(`photos/demo/${passport.id}/customer/`)).toEqual([late.key]);
    const again = await erasure.erase(admin, passport.id, { reason: 'Photo uploaded after the erasure' });

    expect(again.erasure?.reason).toBe(request.reason);
    expect(await bucket.blobs.keysUnder(`photos/demo/${passport.id}/customer/`)).toEqual([]);
  });

  it('deletes by itself a photo uploaded after the erasure through an address issued before, and leaves the photos of a take-back not erased', async () => {
    const passport = await aRequestedPassport(store);
    const kept = await aRequestedPassport(store);
    const late = await uploadPhoto(passport.id);
    const keptPhoto = await uploadPhoto(kept.id);
    expect(await keptPhoto.put()).toBe(200);
    await cancel(passport.id);
    await cancel(kept.id);
    await erasure.erase(admin, passport.id, request);
    expect(await late.put()).toBe(200);

    const swept = await deletion.sweep();

    expect(swept).toEqual({ deleted: 1 });
    expect(await bucket.blobs.keysUnder(`photos/demo/${passport.id}/customer/`)).toEqual([]);
    expect(await bucket.blobs.keysUnder(`photos/demo/${kept.id}/customer/`)).toEqual([keptPhoto.key]);
  });

  it('deletes by itself a late photo of a take-back erased in another state than cancelled: received and rejected within the address\'s 15 minutes', async () => {
    const passport = await aRequestedPassport(store);
    // The address is issued while the take-back is open; the parcel arrives, is rejected and the data erased before it expires.
    const at = () => new Date(clock).toISOString();
    await store.transition(passport.id, { to: 'LABEL_CREATED', at: at(), event: { type: 'LabelCreated', data: {} } });
    const late = await uploadPhoto(passport.id);
    await store.transition(passport.id, { to: 'RECEIVED', at: at(), set: { receipt: { at: at(), by: 'ops-1' } }, event: { type: 'ParcelReceived', data: { by: 'ops-1' } } });
    await store.transition(passport.id, { to: 'REJECTED', at: at(), event: { type: 'ParcelRejected', data: { reason: 'EMPTY', by: 'ops-1' } } });
    const erased = await erasure.erase(admin, passport.id, request);
    expect(erased.state).toBe('REJECTED');
    expect(await late.put()).toBe(200);
    // Listed among the brand's recent erasures by the erasure's own write, whatever the state.
    const listed = await recentErasures.erasedWithin('demo', { from: erased.erasure!.at, to: erased.erasure!.at });
    expect(listed).toEqual([{ passportId: passport.id, brand: 'demo', erasedAt: erased.erasure!.at }]);
    // Gone by DynamoDB's TTL an hour after the erasure.
    expect((await readItem(recentErasureKey('demo', erased.erasure!.at, passport.id)))?.ttl).toBe(Date.parse(erased.erasure!.at) / 1000 + 3600);

    const swept = await deletion.sweep();

    expect(swept).toEqual({ deleted: 1 });
    expect(await bucket.blobs.keysUnder(`photos/demo/${passport.id}/customer/`)).toEqual([]);
  });

  it('looks no further back than half an hour: an erasure older than that is not looked at again', async () => {
    const passport = await aRequestedPassport(store);
    const late = await uploadPhoto(passport.id);
    await cancel(passport.id);
    await erasure.erase(admin, passport.id, request);
    expect(await late.put()).toBe(200);
    clock += 31 * 60 * 1000;

    expect(await deletion.sweep()).toEqual({ deleted: 0 });
    expect(await bucket.blobs.keysUnder(`photos/demo/${passport.id}/customer/`)).toEqual([late.key]);
  });
});
