import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbGuardedClaims, DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import type { Passport } from '../../shared/domain/passport';
import type { Staff } from '../../shared/http/staff';
import type { ReturnLabelRequest } from '../../shared/ports/label-carrier';
import { TakeBackCancelledSchema } from '../../shared/schemas/events';
import { Receipts } from '../../shared/services/receipt-and-grading-service';
import { StaffTakeBackCancellation, TakeBackCancellation } from '../../shared/services/take-back-cancellation';
import { TakeBackLabels } from '../../shared/services/take-back-service';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aRequestedPassport as aRequestedPassportIn } from '../support/fixtures';
import { fakeLabelWorkflow, labelWorkflowCalls } from '../support/label-workflow';
import { changedAfterFirstCall, changedAfterFirstRead } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const TRACKING_SECRET = 'the-tracking-secret-of-the-cancellation-tests';
const trackingSecret = async () => TRACKING_SECRET;
const token = (id: string) => trackingTokenFor(id, TRACKING_SECRET);
const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
const otherBrand: Staff = { subject: 'ops-9', brand: 'other', roles: ['ops', 'admin'] };

/**
 * A customer cancels their take-back until the parcel is received. The move is conditional on the
 * state read, so it never passes a receipt written meanwhile; the label workflow makes no label and
 * sends no e-mail for a cancelled take-back, even when the cancellation lands while DHL makes one.
 */
describe('a take-back cancelled by its customer (DynamoDB Local)', () => {
  let store: DynamoDbSeedingPassportStore;
  let receipts: Receipts;
  let network: DynamoDbRepairNetworkStore;
  let passports: WorkQueueService;
  let claims: DynamoDbGuardedClaims;
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `cancellation-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    claims = new DynamoDbGuardedClaims(tableName, client);
    await store.putCatalog(demoBrand);
    network = new DynamoDbRepairNetworkStore(tableName, store, client);
    passports = new WorkQueueService({ store, network });
    receipts = new Receipts({ store, passports, now });
  });

  const staffCancellation = () => new StaffTakeBackCancellation({ store, passports, now });
  const cancellation = (passports: DynamoDbSeedingPassportStore = store) => new TakeBackCancellation({ store: passports, trackingSecret, now });

  const calls = labelWorkflowCalls();
  /** The label workflow; `whileDhlWorks` acts while DHL makes the label, as a concurrent request would. */
  const workflow = (whileDhlWorks?: (request: ReturnLabelRequest) => Promise<unknown>) =>
    fakeLabelWorkflow(store, { claims, now, calls, trackingSecret, ...(whileDhlWorks ? { whileDhlWorks } : {}) });
  const aRequestedPassport = () => aRequestedPassportIn(store);

  const eventsOf = async (id: string, type: string) => (await store.getTimeline(id)).filter((event) => event.type === type);
  const labelRequestsFor = (id: string) => calls.labelRequests.filter((request) => request.reference === id);
  const emailsTo = (passport: Passport) => calls.emails.filter((email) => email.tags?.passport === passport.id);

  it('cancels a take-back whose label is out, once, and answers a retry as it stands', async () => {
    const passport = await aRequestedPassport();
    await workflow().createLabel(passport.id);

    const cancelled = await cancellation().cancel(passport.id, token(passport.id));
    const again = await cancellation().cancel(passport.id, token(passport.id));

    expect(cancelled).toEqual({ id: passport.id, status: 'CANCELLED', cancelledAt: expect.any(String) });
    // The label made before the cancellation is not booked: DHL bills a return label once its parcel is posted (until
    // 7 December 2026 it was booked when made, and stayed booked). Its files stay with the passport.
    expect(await network.ledgerOf(passport.id)).toEqual([]);
    expect([...calls.blobs.keys()].filter((key) => key.includes(passport.id))).toEqual([`labels/demo/${passport.id}.pdf`, `labels/demo/${passport.id}-qr.png`]);
    expect(again).toEqual(cancelled);
    expect((await store.getPassport(passport.id))?.state).toBe('CANCELLED');
    const events = await eventsOf(passport.id, 'TakeBackCancelled');
    expect(events.map((event) => [event.at, event.state, TakeBackCancelledSchema.shape.data.parse(event.data)])).toEqual([
      [cancelled.cancelledAt, 'CANCELLED', { from: 'LABEL_CREATED' }],
    ]);
  });

  it('makes no label, sends no label e-mail and flags nothing for a take-back cancelled before its label', async () => {
    const passport = await aRequestedPassport();
    await cancellation().cancel(passport.id, token(passport.id));

    expect(await workflow().createLabel(passport.id)).toEqual({ outcome: 'NOT_NEEDED', state: 'CANCELLED' });
    expect(await workflow().sendLabelEmail(passport.id)).toEqual({ sent: false });
    // A flag all the same (an earlier attempt's error caught) finds nothing to flag.
    await workflow().flagLabelFailure(passport.id, { error: 'CarrierUnavailable' });

    expect(labelRequestsFor(passport.id)).toEqual([]);
    expect(emailsTo(passport)).toEqual([]);
    const stored = await store.getPassport(passport.id);
    expect(stored).toMatchObject({ state: 'CANCELLED' });
    expect(stored?.label).toBeUndefined();
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'TakeBackCancelled']);
  });

  it('records no label that DHL made while the customer cancelled, and ends the workflow as cancelled', async () => {
    const passport = await aRequestedPassport();
    const cancelWhileDhlWorks = workflow(() => cancellation().cancel(passport.id, token(passport.id)));

    expect(await cancelWhileDhlWorks.createLabel(passport.id)).toEqual({ outcome: 'NOT_NEEDED', state: 'CANCELLED' });

    expect(labelRequestsFor(passport.id)).toHaveLength(1);
    const stored = await store.getPassport(passport.id);
    expect(stored).toMatchObject({ state: 'CANCELLED' });
    expect(stored?.label).toBeUndefined();
    expect(await eventsOf(passport.id, 'LabelCreated')).toEqual([]);
    // Nothing records the label, so no receipt could book it.
    expect((await network.ledgerOf(passport.id)).filter((entry) => entry.kind === 'LABEL')).toEqual([]);
    // The label claim was given back: nothing is left waiting on it.
    expect(await store.claimOnce(passport.id, 'carrier-label', now().toISOString())).toBe(true);
    // Its PDF and QR code, with the customer's name and address, are not kept: nothing refers to them.
    expect([...calls.blobs.keys()].filter((key) => key.includes(passport.id))).toEqual([]);
  });

  it('makes no label, sends no e-mail and flags nothing for a cancelled take-back whose parcel was received before its label step ran', async () => {
    const passport = await aRequestedPassport();
    await cancellation().cancel(passport.id, token(passport.id));
    await receipts.receive(ops, passport.id, {});

    // The workflow as Step Functions runs it: the label step's answer ends it; a flag (an earlier attempt's error) changes nothing.
    expect(await workflow().createLabel(passport.id)).toEqual({ outcome: 'NOT_NEEDED', state: 'RECEIVED' });
    await workflow().flagLabelFailure(passport.id, { error: 'ConflictError', cause: '{"errorMessage":"Passport is RECEIVED"}' });

    expect(labelRequestsFor(passport.id)).toEqual([]);
    expect(emailsTo(passport)).toEqual([]);
    const stored = await store.getPassport(passport.id);
    expect(stored).toMatchObject({ state: 'RECEIVED', receipt: expect.anything() });
    expect(stored?.attention).toBeUndefined();
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'TakeBackCancelled', 'ParcelReceived']);
    expect(await network.ledgerOf(passport.id)).toEqual([]);
  });

  it('records no label that DHL made while the take-back was cancelled and its parcel received, and flags nothing', async () => {
    const passport = await aRequestedPassport();
    const cancelAndReceive = workflow(async () => {
      await cancellation().cancel(passport.id, token(passport.id));
      await receipts.receive(ops, passport.id, {});
    });

    expect(await cancelAndReceive.createLabel(passport.id)).toEqual({ outcome: 'NOT_NEEDED', state: 'RECEIVED' });

    expect(labelRequestsFor(passport.id)).toHaveLength(1);
    const stored = await store.getPassport(passport.id);
    expect(stored).toMatchObject({ state: 'RECEIVED' });
    expect(stored?.label).toBeUndefined();
    expect(await eventsOf(passport.id, 'LabelCreated')).toEqual([]);
    expect(await network.ledgerOf(passport.id)).toEqual([]);
    expect(await store.claimOnce(passport.id, 'carrier-label', now().toISOString())).toBe(true);
    expect([...calls.blobs.keys()].filter((key) => key.includes(passport.id))).toEqual([]);
  });

  it("hands out the label until the take-back is cancelled or its parcel received, and not again once a cancelled one's parcel arrives", async () => {
    const labels = new TakeBackLabels({
      store,
      blobs: { put: async () => undefined, get: async (key) => { const body = calls.blobs.get(key); return body && { body, contentType: 'application/pdf' }; }, keysUnder: async () => [], delete: async () => undefined },
      trackingSecret,
    });
    const cancelledThenSent = await aRequestedPassport();
    const sent = await aRequestedPassport();
    for (const passport of [cancelledThenSent, sent]) {
      await workflow().createLabel(passport.id);
      expect(await labels.label(passport.id, token(passport.id), 'pdf')).toMatchObject({ contentType: 'application/pdf' });
    }

    await cancellation().cancel(cancelledThenSent.id, token(cancelledThenSent.id));
    await expect(labels.label(cancelledThenSent.id, token(cancelledThenSent.id), 'pdf')).rejects.toMatchObject({ status: 409, extensions: { currentState: 'CANCELLED' } });
    for (const passport of [cancelledThenSent, sent]) await receipts.receive(ops, passport.id, {});

    // The label carried its parcel: spent, as the tracking page, which shows it no more, says.
    for (const passport of [cancelledThenSent, sent]) {
      await expect(labels.label(passport.id, token(passport.id), 'qr')).rejects.toMatchObject({ status: 409, extensions: { currentState: 'RECEIVED' } });
    }
  });

  it('puts an item its label step held after its receipt back to RECEIVED when its parcel is scanned again, with its first receipt and no second ParcelReceived', async () => {
    // As the label step left such items until 7 December 2026: flagged over the label (LABEL_FAILED), and, once a label
    // was made again for it, LABEL_CREATED with the receipt still set.
    const flagged = await aRequestedPassport();
    const labelled = await aRequestedPassport();
    const noPartner = await aRequestedPassport();
    const basis = { kind: 'LABEL_FAILED' as const, error: 'ConflictError', message: 'Passport is RECEIVED; no label is created for it.' };
    for (const passport of [flagged, labelled]) {
      await cancellation().cancel(passport.id, token(passport.id));
      await receipts.receive(ops, passport.id, {});
      const at = now().toISOString();
      await store.transition(passport.id, { to: 'NEEDS_ATTENTION', at, set: { attention: { reason: 'DHL refused the label', basis, at } }, event: { type: 'LabelFailed', data: { reason: 'DHL refused the label', error: 'ConflictError', basis } } });
    }
    const at = now().toISOString();
    await store.transition(labelled.id, { to: 'LABEL_CREATED', at, set: { label: { carrier: 'DHL', shipmentNo: '00340434161099999999', pdfKey: 'p', qrKey: 'q', createdAt: at, shipBy: at } }, remove: ['attention'], event: { type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo: '00340434161099999999', shipBy: at } } });
    await workflow().createLabel(noPartner.id);
    await receipts.receive(ops, noPartner.id, {});
    await store.transition(noPartner.id, { to: 'NEEDS_ATTENTION', at, set: { attention: { reason: 'No route', at } }, event: { type: 'NeedsAttention', data: { reason: 'No route' } } });

    for (const [passport, from] of [[flagged, 'NEEDS_ATTENTION'], [labelled, 'LABEL_CREATED']] as const) {
      const firstReceipt = (await store.getPassport(passport.id))?.receipt;
      expect(await receipts.receive(ops, passport.id, { location: 'B-2' })).toMatchObject({ state: 'RECEIVED' });
      await receipts.receive(ops, passport.id, {});

      const stored = await store.getPassport(passport.id);
      expect(stored).toMatchObject({ state: 'RECEIVED', receipt: firstReceipt });
      expect(stored?.attention).toBeUndefined();
      const timeline = await store.getTimeline(passport.id);
      expect(timeline.filter((event) => event.type === 'ParcelReceived')).toHaveLength(1);
      expect(timeline.filter((event) => event.type === 'ReceiptReinstated').map((event) => [event.state, event.data])).toEqual([['RECEIVED', { by: 'ops-1', from }]]);
    }
    // A received item waiting for a person for another reason is not taken back by a scan.
    await expect(receipts.receive(ops, noPartner.id, {})).rejects.toMatchObject({ extensions: { currentState: 'NEEDS_ATTENTION' } });
  });

  it('sends no label e-mail once the take-back is cancelled after its label was had', async () => {
    const passport = await aRequestedPassport();
    await workflow().createLabel(passport.id);
    await cancellation().cancel(passport.id, token(passport.id));

    expect(await workflow().sendLabelEmail(passport.id)).toEqual({ sent: false });
    expect(emailsTo(passport)).toEqual([]);
  });

  it('sends no label e-mail once the parcel was received (scanned within seconds of its label), also when the scan lands while it is being written', async () => {
    const scanned = await aRequestedPassport();
    await workflow().createLabel(scanned.id);
    await receipts.receive(ops, scanned.id, {});
    expect(await workflow().sendLabelEmail(scanned.id)).toEqual({ sent: false });

    const racing = await aRequestedPassport();
    await workflow().createLabel(racing.id);
    const { store: changing, changed } = changedAfterFirstRead(store, (id) => receipts.receive(ops, id, {}).then(() => undefined));
    expect(await fakeLabelWorkflow(changing, { claims, now, calls, trackingSecret }).sendLabelEmail(racing.id)).toEqual({ sent: false });
    expect(changed()).toBe(true);
    expect([...emailsTo(scanned), ...emailsTo(racing)].filter((email) => email.tags?.template === 'label')).toEqual([]);
    expect(await eventsOf(racing.id, 'LabelEmailSent')).toEqual([]);
  });

  it('sends no label e-mail when the customer cancels while it is being written, and keeps no claim', async () => {
    const passport = await aRequestedPassport();
    await workflow().createLabel(passport.id);
    // The cancellation lands after the e-mail step has read the passport (still LABEL_CREATED), before it claims the e-mail.
    const { store: racing, changed } = changedAfterFirstRead(store, (id) => cancellation().cancel(id, token(id)));
    const sending = fakeLabelWorkflow(racing, { claims, now, calls, trackingSecret });

    expect(await sending.sendLabelEmail(passport.id)).toEqual({ sent: false });
    expect(changed()).toBe(true);
    expect(emailsTo(passport)).toEqual([]);
    expect(await eventsOf(passport.id, 'LabelEmailSent')).toEqual([]);
    expect(await store.claimOnce(passport.id, 'email:label', now().toISOString())).toBe(true);
  });

  it('cancels a take-back waiting for a person over its label, and takes the note away', async () => {
    const passport = await aRequestedPassport();
    await workflow().flagLabelFailure(passport.id, { error: 'CarrierRejected', cause: '{"errorMessage":"Unknown street"}' });
    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'NEEDS_ATTENTION', attention: expect.anything() });

    await cancellation().cancel(passport.id, token(passport.id));

    const stored = await store.getPassport(passport.id);
    expect(stored?.state).toBe('CANCELLED');
    expect(stored?.attention).toBeUndefined();
    expect((await eventsOf(passport.id, 'TakeBackCancelled')).map((event) => event.data)).toEqual([{ from: 'NEEDS_ATTENTION' }]);
  });

  it('refuses once the parcel is received, naming the state, also while the received item waits for a person', async () => {
    const passport = await aRequestedPassport();
    await workflow().createLabel(passport.id);
    await receipts.receive(ops, passport.id, {});

    const refusal = cancellation().cancel(passport.id, token(passport.id));
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ extensions: { currentState: 'RECEIVED' } });

    const at = now().toISOString();
    await store.transition(passport.id, { to: 'NEEDS_ATTENTION', at, set: { attention: { reason: 'No route', at } }, event: { type: 'NeedsAttention', data: { reason: 'No route' } } });
    await expect(cancellation().cancel(passport.id, token(passport.id))).rejects.toMatchObject({ extensions: { currentState: 'NEEDS_ATTENTION' } });
    expect(await eventsOf(passport.id, 'TakeBackCancelled')).toEqual([]);
  });

  it('refuses a wrong token as if the take-back did not exist, and changes nothing', async () => {
    const passport = await aRequestedPassport();
    const other = await aRequestedPassport();

    await expect(cancellation().authenticateCustomer(passport.id, token(other.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancellation().cancel(passport.id, token(other.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancellation().cancel(newId(), token(passport.id))).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.getPassport(passport.id))?.state).toBe('REQUESTED');
  });

  it('cancels all the same when the passport changed between its read and its write in a way that still allows it', async () => {
    // An e-mail noted on the timeline meanwhile moves the version on, not the state: the customer's
    // cancellation, and staff's, is decided again and taken, not refused as a concurrent change.
    for (const cancel of [
      (store: DynamoDbSeedingPassportStore, id: string) => cancellation(store).cancel(id, token(id)),
      (store: DynamoDbSeedingPassportStore, id: string) =>
        new StaffTakeBackCancellation({ store, passports: new WorkQueueService({ store, network }), now }).cancel(ops, id, { reason: 'Customer wrote' }),
    ]) {
      const passport = await aRequestedPassport();
      await workflow().createLabel(passport.id);
      const { store: racing, changed } = changedAfterFirstRead(store, (id) =>
        store.appendEvent(id, now().toISOString(), { type: 'CustomerEmailSent', data: { template: 'label-reminder', messageId: 'm' } }),
      );

      await cancel(racing as DynamoDbSeedingPassportStore, passport.id);

      expect(changed()).toBe(true);
      expect((await store.getPassport(passport.id))?.state).toBe('CANCELLED');
      expect(await eventsOf(passport.id, 'TakeBackCancelled')).toHaveLength(1);
    }
  });

  it('does not cancel an item the warehouse scanned between the cancellation’s read and its write', async () => {
    const passport = await aRequestedPassport();
    await workflow().createLabel(passport.id);
    const { store: racing, changed } = changedAfterFirstRead(store, (id) => receipts.receive(ops, id, {}));

    await expect(cancellation(racing as DynamoDbSeedingPassportStore).cancel(passport.id, token(passport.id))).rejects.toMatchObject({
      extensions: { currentState: 'RECEIVED' },
    });

    expect(changed()).toBe(true);
    expect((await store.getPassport(passport.id))?.state).toBe('RECEIVED');
    expect(await eventsOf(passport.id, 'TakeBackCancelled')).toEqual([]);
  });

  it('does not cancel an item received and flagged again between the cancellation’s read and its write', async () => {
    // Waiting for a person over its label when the customer's cancellation reads it; meanwhile the
    // parcel is scanned after all, and the received item waits for a person again (no route).
    const passport = await aRequestedPassport();
    await workflow().flagLabelFailure(passport.id, { error: 'CarrierRejected' });
    const { store: racing, changed } = changedAfterFirstRead(store, async (id) => {
      await receipts.receive(ops, id, {});
      const at = now().toISOString();
      await store.transition(id, { to: 'NEEDS_ATTENTION', at, set: { attention: { reason: 'No route', at } }, event: { type: 'NeedsAttention', data: { reason: 'No route' } } });
    });

    await expect(cancellation(racing as DynamoDbSeedingPassportStore).cancel(passport.id, token(passport.id))).rejects.toMatchObject({
      extensions: { currentState: 'NEEDS_ATTENTION' },
    });

    expect(changed()).toBe(true);
    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'NEEDS_ATTENTION', receipt: expect.anything() });
    expect(await eventsOf(passport.id, 'TakeBackCancelled')).toEqual([]);
  });

  it('still receives a parcel that arrives after its customer cancelled, also when the cancellation lands during the scan', async () => {
    const sentAnyway = await aRequestedPassport();
    await workflow().createLabel(sentAnyway.id);
    await cancellation().cancel(sentAnyway.id, token(sentAnyway.id));
    await receipts.receive(ops, sentAnyway.id, {});
    expect((await store.getPassport(sentAnyway.id))?.state).toBe('RECEIVED');
    // Its parcel was posted, so DHL bills its label: booked at the receipt, once.
    const { label } = (await store.getPassport(sentAnyway.id))!;
    expect((await network.ledgerOf(sentAnyway.id)).map((entry) => [entry.entryId, entry.amount])).toEqual([[`LABEL#${label!.shipmentNo}`, demoBrand.config.labelCost]]);

    const scanned = await aRequestedPassport();
    await workflow().createLabel(scanned.id);
    const { racing, changed } = changedAfterFirstCall(passports, 'passportOf', () => cancellation().cancel(scanned.id, token(scanned.id)));
    await new Receipts({ store, passports: racing, now }).receive(ops, scanned.id, {});

    expect(changed()).toBe(true);
    expect((await store.getTimeline(scanned.id)).map((event) => [event.type, event.state])).toEqual([
      ['TakeBackRequested', 'REQUESTED'],
      ['LabelCreated', 'LABEL_CREATED'],
      ['TakeBackCancelled', 'CANCELLED'],
      ['ParcelReceived', 'RECEIVED'],
    ]);
    expect((await network.ledgerOf(scanned.id)).map((entry) => entry.kind)).toEqual(['LABEL']);
  });

  it('lets staff cancel for the customer with a reason the timeline keeps, answers a retry as it stands, and the customer then finds it cancelled', async () => {
    const passport = await aRequestedPassport();
    await workflow().createLabel(passport.id);

    const detail = await staffCancellation().cancel(ops, passport.id, { reason: 'Customer called, keeps the phone' });
    const again = await staffCancellation().cancel(ops, passport.id, { reason: 'Customer called, keeps the phone' });
    const byCustomer = await cancellation().cancel(passport.id, token(passport.id));

    expect(detail).toMatchObject({ id: passport.id, state: 'CANCELLED' });
    expect(again).toEqual(detail);
    const events = await eventsOf(passport.id, 'TakeBackCancelled');
    expect(events.map((event) => TakeBackCancelledSchema.shape.data.parse(event.data))).toEqual([
      { from: 'LABEL_CREATED', by: 'ops-1', reason: 'Customer called, keeps the phone' },
    ]);
    expect(byCustomer).toEqual({ id: passport.id, status: 'CANCELLED', cancelledAt: events[0]!.at });
  });

  it("refuses staff of another brand as if the passport did not exist, and a received item with its state", async () => {
    const passport = await aRequestedPassport();
    await expect(staffCancellation().cancel(otherBrand, passport.id, { reason: 'Not ours' })).rejects.toBeInstanceOf(NotFoundError);

    await workflow().createLabel(passport.id);
    await receipts.receive(ops, passport.id, {});
    await expect(staffCancellation().cancel(ops, passport.id, { reason: 'Too late' })).rejects.toMatchObject({ extensions: { currentState: 'RECEIVED' } });
    expect(await eventsOf(passport.id, 'TakeBackCancelled')).toEqual([]);
  });
});
