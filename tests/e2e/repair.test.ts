import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { admin, aBrandLikeDemo, aLabelledTakeBackOf, ops as opsOf } from './payouts-support';
import { dhlShipmentsFor, outboxOfPassport } from './support';
import { aLabelledTakeBack, aReceivedTakeBack, demoOps, grade, jobAtPartner, partnerReports, partnerResends, passportOf, staff, untilState } from './warehouse';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
/** The events of this stage; other stages (e-mails, payouts) add their own in between. */
const STAGE_EVENTS = ['ParcelReceived', 'Graded', 'CounterOfferAnswered', 'RouteOverridden', 'RoutedToRecycling', 'RepairAssigned', 'RepairUpdated', 'Repaired', 'Unrepairable', 'NeedsAttention'];
const stageEventsOf = (passport: { timeline: { type: string }[] }) => passport.timeline.map((event) => event.type).filter((type) => STAGE_EVENTS.includes(type));
const tracking = (id: string, token: string) => `/v1/take-backs/${id}?token=${encodeURIComponent(token)}`;

describe("a brand's warehouse receives, grades and routes items, and its repair partners repair them", () => {
  it('takes an item from the parcel scan through grading and the repair partner to REPAIRED, with timeline and ledger', async () => {
    const { id } = await aLabelledTakeBack('FAIR');
    const ops = await demoOps();

    const received = await call('POST', `/v1/passports/${id}/receipt`, { location: 'Gate 1' }, ops);
    expect(received).toMatchObject({ status: 200, body: { id, state: 'RECEIVED', receipt: { location: 'Gate 1' } } });
    const graded = await call('POST', `/v1/passports/${id}/grading`, { grade: 'FAIR', checks: { 'battery-health': 76 }, notes: 'Battery worn' }, ops);
    expect(graded).toMatchObject({
      status: 200,
      body: { state: 'GRADED', grading: { grade: 'FAIR' }, settlement: { outcome: 'ACCEPTED', payout: eur(13_100) }, route: { route: 'REPAIR' } },
    });
    // The reason's facts, for the console to word in its language: repairing to GOOD beats reselling as is and recycling.
    const { basis } = graded.body.route;
    expect(basis).toMatchObject({ kind: 'ECONOMICS', currency: 'EUR', restoresTo: 'GOOD' });
    expect(basis.repairMargin).toBeGreaterThan(Math.max(basis.resellMargin, basis.recyclingValue));

    const inRepair = await untilState(id, 'IN_REPAIR');
    expect(inRepair.jobs).toMatchObject([{ jobId: `${id}-R1`, partnerId: 'rp-geraetewerk-berlin', status: 'ASSIGNED', expectedCost: eur(4_500) }]);
    const atPartner = await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');
    expect(atPartner).toMatchObject({
      partnerId: 'rp-geraetewerk-berlin',
      webhookId: `job_${id}-R1`,
      job: { passportId: id, grade: 'FAIR', grading: { checks: { 'battery-health': 76 }, notes: 'Battery worn' }, estimate: { laborMinutes: 45 } },
    });

    for (const status of ['ACCEPTED', 'IN_PROGRESS']) {
      expect((await partnerReports(`${id}-R1`, { status })).response).toMatchObject({ status: 200, body: { status, applied: true } });
    }
    const completed = await partnerReports(`${id}-R1`, {
      status: 'COMPLETED',
      laborMinutes: 40,
      cost: eur(3_500),
      parts: [{ sku: 'BAT-X2', name: 'Battery Trailphone X2', quantity: 1, cost: eur(1_900) }],
    });
    expect(completed.response).toMatchObject({ status: 200, body: { jobId: `${id}-R1`, status: 'COMPLETED', applied: true } });

    const repaired = await passportOf(id);
    // Resale lists a repaired item on its own, so the passport may have moved on to LISTED already.
    expect(['REPAIRED', 'LISTED']).toContain(repaired.state);
    expect(stageEventsOf(repaired)).toEqual(['ParcelReceived', 'Graded', 'RepairAssigned', 'RepairUpdated', 'RepairUpdated', 'Repaired']);
    expect(repaired.timeline.find((event: { type: string }) => event.type === 'Repaired').data).toEqual({
      jobId: `${id}-R1`,
      partnerId: 'rp-geraetewerk-berlin',
      laborMinutes: 40,
      cost: eur(5_400),
    });
    // The label and the payout have lines of their own (see payouts.test.ts); these are the repair's.
    const repairLines = repaired.ledger.filter((entry: { kind: string }) => entry.kind === 'REPAIR' || entry.kind === 'PARTS');
    expect(repairLines.map((entry: { kind: string; direction: string; amount: unknown }) => [entry.kind, entry.direction, entry.amount])).toEqual([
      ['REPAIR', 'COST', eur(3_500)],
      ['PARTS', 'COST', eur(1_900)],
    ]);
    expect(repaired.jobs).toMatchObject([{ status: 'COMPLETED', laborMinutes: 40, deliveredAt: expect.any(String) }]);

    const partners = await call('GET', '/v1/repair-partners', undefined, ops);
    const geraetewerk = partners.body.partners.find((partner: { partnerId: string }) => partner.partnerId === 'rp-geraetewerk-berlin');
    expect(geraetewerk).toMatchObject({ name: 'Gerätewerk Berlin', capacity: 40, repairYield: expect.any(Number) });
    expect(JSON.stringify(partners.body)).not.toMatch(/whsec_/);
  });

  it('leaves an item whose repair cost more than any channel would bring to a person, who lists it at a loss on purpose', async () => {
    const { id } = await aReceivedTakeBack('FAIR');
    const ops = await demoOps();
    expect((await grade(id, 'FAIR')).body).toMatchObject({ state: 'GRADED', route: { route: 'REPAIR' } });
    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');
    // A repair far dearer than its estimate is past the job's cost limit (since 8 December 2026): refused, and booked
    // once the brand's admin raised the limit.
    const dear = { status: 'COMPLETED', laborMinutes: 300, cost: eur(60_000) };
    const overLimit = await partnerReports(`${id}-R1`, dear);
    expect(overLimit.response).toMatchObject({
      status: 422,
      body: { type: 'https://kreislauf.dev/problems/repair-cost-limit-exceeded', costLimit: eur(8_750), reportTotal: eur(60_000) },
    });
    const asOps = await call('POST', `/v1/repair-jobs/${id}-R1/cost-limit`, { amount: 60_000, reason: 'Mainboard replaced, agreed with the partner' }, ops);
    expect(asOps.status).toBe(403);
    const raised = await call('POST', `/v1/repair-jobs/${id}-R1/cost-limit`, { amount: 60_000, reason: 'Mainboard replaced, agreed with the partner' }, {
      ...(await admin()),
      'idempotency-key': randomUUID(),
    });
    expect(raised).toMatchObject({ status: 200, body: { jobId: `${id}-R1`, costLimit: eur(60_000) } });
    // The item has now cost more than its price nets on any channel.
    const report = await partnerReports(`${id}-R1`, dear);
    expect(report.response).toMatchObject({ status: 200, body: { status: 'COMPLETED', applied: true } });

    // The ListingWorkflow lists nothing and hands the item to a person (the loss is one of the workflows' PERMANENT_ERRORS, not tried again).
    const waiting = await untilState(id, 'NEEDS_ATTENTION');
    expect(waiting.attention.basis).toMatchObject({ kind: 'STEP_FAILED', step: 'LISTING', error: 'ListingLosesMoneyError' });
    expect(waiting.attention.basis.message).toMatch(/^By the brand's price rules the item would sell at a loss on every channel: it has cost €[\d,.]+ so far/);
    expect(waiting.timeline.filter((event: { type: string }) => event.type === 'Listed')).toEqual([]);

    // Another route may not list at a loss; RESELL may, with the person's reason.
    const refused = await call('POST', `/v1/passports/${id}/route`, { route: 'RECYCLE', reason: 'Clearance', acceptLoss: true }, ops);
    expect(refused.body).toMatchObject({ status: 400, errors: [{ in: 'body', path: ['acceptLoss'], message: 'is only for the route RESELL' }] });
    const routed = await call('POST', `/v1/passports/${id}/route`, { route: 'RESELL', reason: 'Clearance of an expensive repair', acceptLoss: true }, ops);
    expect(routed).toMatchObject({ status: 200, body: { state: 'GRADED', route: { route: 'RESELL', lossAccepted: true } } });

    const listed = await untilState(id, 'LISTED');
    const event = listed.timeline.find((candidate: { type: string }) => candidate.type === 'Listed');
    expect(event.data.acceptedLoss).toMatchObject({ reason: 'Clearance of an expensive repair', by: expect.any(String), cost: { currency: 'EUR' } });
    expect(event.data.acceptedLoss.channels.map((channel: { channel: string }) => channel.channel).sort()).toEqual(event.data.listings.map((listing: { channel: string }) => listing.channel).sort());
    // The passport shows each listing the event names.
    expect(listed.listings.length).toBe(event.data.listings.length);
  });

  it('makes the customer a counter-offer for a worse grade; accepted, the item goes to repair, and its partner may find it unrepairable', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');

    expect(await grade(id, 'FAIR')).toMatchObject({ status: 200, body: { state: 'COUNTER_OFFERED', settlement: { outcome: 'COUNTER_OFFER' } } });
    expect((await call('GET', tracking(id, trackingToken))).body.grading).toEqual({
      grade: 'FAIR',
      counterOffer: { value: eur(13_100), offered: eur(14_900), answer: 'PENDING', answerBy: expect.stringMatching(/T2[12]:59:59\.999Z$/) },
    });
    const answer = await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: true });
    expect(answer).toMatchObject({ status: 200, body: { id, status: 'GRADED', accepted: true, payout: eur(13_100) } });

    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');
    const unrepairable = await partnerReports(`${id}-R1`, { status: 'UNREPAIRABLE', notes: 'Mainboard corroded' });
    expect(unrepairable.response).toMatchObject({ status: 200, body: { status: 'UNREPAIRABLE', applied: true } });
    const recycled = await passportOf(id);
    expect(recycled).toMatchObject({ state: 'RECYCLE', route: { route: 'RECYCLE', reason: expect.stringContaining('Mainboard corroded') } });
    // The partner named as the brand named it, not by its id.
    const assigned = recycled.timeline.find((event: { type: string }) => event.type === 'RepairAssigned').data.partnerId;
    const names = new Map((await call('GET', '/v1/repair-partners', undefined, await demoOps())).body.partners.map((partner: { partnerId: string; name: string }) => [partner.partnerId, partner.name]));
    expect(names.get(assigned)).toMatch(/werk/);
    expect(recycled.route.basis).toEqual({ kind: 'UNREPAIRABLE', partnerName: names.get(assigned), notes: 'Mainboard corroded' });
    expect(stageEventsOf(recycled)).toEqual(['ParcelReceived', 'Graded', 'CounterOfferAnswered', 'RepairAssigned', 'Unrepairable']);
  });

  it('refuses a signed report whose parts come to more than an amount may be with a 400 at the line, also when it is sent again, and books nothing', async () => {
    const { id } = await aReceivedTakeBack('FAIR');
    await grade(id, 'FAIR');
    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');
    const parts = Array.from({ length: 50 }, (_, index) => ({ sku: `P-${index}`, name: 'Part', quantity: 1_000, cost: eur(1_000_000_000) }));

    const report = await partnerReports(`${id}-R1`, { status: 'COMPLETED', laborMinutes: 100_000, cost: eur(1_000_000_000), parts });
    const resent = await partnerResends(report.webhookId);

    for (const answer of [report.response, resent]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]).toEqual({ in: 'body', path: ['parts', 0], message: 'must come to at most 1000000000 minor units (quantity × cost)' });
      expect(answer.body.errors).toHaveLength(50);
    }
    const passport = await passportOf(id);
    expect(passport).toMatchObject({ state: 'IN_REPAIR', jobs: [{ status: 'ASSIGNED' }] });
    expect(passport.ledger.filter((entry: { kind: string }) => entry.kind === 'REPAIR' || entry.kind === 'PARTS')).toEqual([]);
    expect(stageEventsOf(passport)).toEqual(['ParcelReceived', 'Graded', 'RepairAssigned']);
  });

  it('sends the item back to a customer who declines the counter-offer, and no partner gets it', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    await grade(id, 'DEFECTIVE');

    const answer = await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: false });

    expect(answer).toMatchObject({ status: 200, body: { status: 'RETURN_TO_CUSTOMER', accepted: false } });
    expect((await call('GET', tracking(id, trackingToken))).body).toMatchObject({ status: 'RETURN_TO_CUSTOMER', grading: { counterOffer: { answer: 'DECLINED' } } });
    const returning = await passportOf(id);
    expect(returning.jobs).toEqual([]);
    expect(stageEventsOf(returning)).toEqual(['ParcelReceived', 'Graded', 'CounterOfferAnswered']);
    // The route grading decided, which the item no longer takes: the reports take it out of their route mix.
    expect(returning.timeline.find((event: { type: string }) => event.type === 'CounterOfferAnswered').data).toMatchObject({ accepted: false, route: returning.route.route });

    // The warehouse has the parcel label made, once, however often the request arrives.
    const ops = await demoOps();
    const key = randomUUID();
    const shipped = await call('POST', `/v1/passports/${id}/return-shipment`, {}, { ...ops, 'idempotency-key': key });
    expect(shipped).toMatchObject({
      status: 200,
      body: { state: 'RETURNED', returnShipment: { carrier: 'DHL', product: 'V01PAK', shipmentNo: expect.any(String), by: expect.any(String) } },
    });
    const { shipmentNo } = shipped.body.returnShipment;
    expect(await call('POST', `/v1/passports/${id}/return-shipment`, {}, { ...ops, 'idempotency-key': key })).toMatchObject({ status: 200, body: shipped.body });
    expect(await call('POST', `/v1/passports/${id}/return-shipment`, { weightGrams: 400 }, ops)).toMatchObject({ status: 200, body: { returnShipment: { shipmentNo } } });
    expect((await dhlShipmentsFor(id)).map((shipment) => shipment.shipmentNo)).toEqual([shipmentNo]);
    // Beside the return label the customer sent the parcel with, the parcel back, at the brand's cost.
    expect(shipped.body.ledger.map(({ entryId, kind, direction, amount }: Record<string, unknown>) => ({ entryId, kind, direction, amount }))).toEqual([
      { entryId: expect.stringMatching(/^LABEL#/), kind: 'LABEL', direction: 'COST', amount: eur(549) },
      { entryId: `RETURN#${shipmentNo}`, kind: 'LABEL', direction: 'COST', amount: eur(439) },
    ]);

    const label = await call('GET', `/v1/passports/${id}/return-shipment/label`, undefined, ops);
    expect(label.status).toBe(200);
    expect(label.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((label.body as Uint8Array).subarray(0, 5))).toBe('%PDF-');
    expect((await call('GET', `/v1/passports/${id}/return-shipment/label`, undefined, await staff({ brand: 'other', roles: ['ops'] }))).status).toBe(404);

    expect((await call('GET', tracking(id, trackingToken))).body).toMatchObject({
      status: 'RETURNED',
      impact: null,
      returnShipment: { carrier: 'DHL', shipmentNo, trackingUrl: `https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${shipmentNo}` },
    });
    const email = await eventually(async () => (await outboxOfPassport(id)).find((message) => message.tags.template === 'item-returned'), 'the item-returned e-mail');
    expect(email.subject).toBe('Ihr Artikel ist auf dem Rückweg');
    expect(email.text).toContain(shipmentNo);
  });

  it('sends back only an item going back to its customer, and answers a refused request with a problem', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const ops = await demoOps();

    const received = await call('POST', `/v1/passports/${id}/return-shipment`, {}, ops);
    const tooHeavy = await call('POST', `/v1/passports/${id}/return-shipment`, { weightGrams: 40_000 }, ops);
    const customer = await call('POST', `/v1/passports/${id}/return-shipment`, {}, await staff({ brand: 'demo', roles: ['analyst'] }));

    expect(received).toMatchObject({ status: 409, body: { currentState: 'RECEIVED' } });
    expect(received.headers.get('content-type')).toContain('application/problem+json');
    expect(tooHeavy).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path: ['weightGrams'] })] } });
    expect(customer.status).toBe(403);
    expect(await dhlShipmentsFor(id)).toEqual([]);
  });

  it('keeps an item to resell GRADED for the resale stage, until ops override its route to recycling', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    expect(await grade(id, 'GOOD')).toMatchObject({ status: 200, body: { state: 'GRADED', route: { route: 'RESELL' } } });

    const overridden = await call('POST', `/v1/passports/${id}/route`, { route: 'RECYCLE', reason: 'Water damage found behind the screen' }, await demoOps());

    expect(overridden).toMatchObject({ status: 200, body: { state: 'GRADED', route: { route: 'RECYCLE', reason: 'Water damage found behind the screen' } } });
    const recycled = await untilState(id, 'RECYCLE');
    expect(stageEventsOf(recycled)).toEqual(['ParcelReceived', 'Graded', 'RouteOverridden', 'RoutedToRecycling']);
    expect(recycled.timeline.find((event: { type: string }) => event.type === 'RouteOverridden').data).toMatchObject({ from: 'RESELL', route: 'RECYCLE' });
  });

  it('sends an item to repair when ops override the rules that would resell it', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    await grade(id, 'LIKE_NEW');

    await call('POST', `/v1/passports/${id}/route`, { route: 'REPAIR', reason: 'Scratched lens the grading missed' }, await demoOps());

    const inRepair = await untilState(id, 'IN_REPAIR');
    expect(inRepair.jobs).toMatchObject([{ partnerId: 'rp-geraetewerk-berlin', estimateMinutes: 45 }]);
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');
  });

  it("lets an admin take an item back from its repair partner, naming the job, tells the partner, and refuses its report after it", async () => {
    const { id } = await aReceivedTakeBack('FAIR');
    await grade(id, 'FAIR');
    const jobId = `${id}-R1`;
    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(jobId), 'the job webhook at the partner');
    const takeBack = { route: 'RECYCLE', reason: 'The partner does not answer' };

    const byOps = await call('POST', `/v1/passports/${id}/route`, { ...takeBack, jobId }, await demoOps());
    const unnamed = await call('POST', `/v1/passports/${id}/route`, takeBack, await admin());
    const taken = await call('POST', `/v1/passports/${id}/route`, { ...takeBack, jobId }, await admin());

    expect(byOps).toMatchObject({ status: 403 });
    expect(unnamed).toMatchObject({ status: 422, body: { errors: [{ path: ['jobId'] }] } });
    expect(unnamed.headers.get('content-type')).toContain('application/problem+json');
    expect(taken).toMatchObject({ status: 200, body: { state: 'GRADED', route: { route: 'RECYCLE' }, jobs: [{ jobId, status: 'WITHDRAWN' }] } });
    const recycled = await untilState(id, 'RECYCLE');
    expect(stageEventsOf(recycled)).toEqual(['ParcelReceived', 'Graded', 'RepairAssigned', 'RouteOverridden', 'RoutedToRecycling']);
    // The partner had the job, so it is told, signed as the job was (the sandbox refuses a bad signature with a 401).
    const told = await eventually(async () => (await jobAtPartner(jobId))?.withdrawal, 'the withdrawal webhook at the partner');
    expect(told).toMatchObject({ webhookId: `withdrawal_${jobId}`, withdrawal: { jobId, passportId: id, brand: 'demo', reason: 'The partner does not answer' } });
    const late = await partnerReports(jobId, { status: 'COMPLETED', laborMinutes: 40, cost: eur(3_500) });
    expect(late.response).toMatchObject({ status: 409, body: { currentStatus: 'WITHDRAWN' } });
    expect((await passportOf(id)).ledger.filter((entry: { kind: string }) => entry.kind === 'REPAIR' || entry.kind === 'PARTS')).toEqual([]);
  });

  it('answers a grading repeated with the same Idempotency-Key with the first answer, and grades once', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const headers = { ...(await demoOps()), 'idempotency-key': randomUUID() };

    const first = await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD' }, headers);
    const again = await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD' }, headers);

    expect(first.status).toBe(200);
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect(stageEventsOf(await passportOf(id)).filter((type) => type === 'Graded')).toHaveLength(1);
  });

  it('shows the warehouse its work queue of received parcels, newest first, page by page', async () => {
    // A brand of its own: other files receive the demo brand's parcels meanwhile.
    const brand = await aBrandLikeDemo(() => ({}));
    const ops = await opsOf(brand);
    const aReceivedParcel = async () => {
      const takeBack = await aLabelledTakeBackOf(brand);
      expect((await call('POST', `/v1/passports/${takeBack.id}/receipt`, {}, ops)).status).toBe(200);
      return takeBack;
    };
    const older = await aReceivedParcel();
    const newer = await aReceivedParcel();

    const first = await call('GET', '/v1/passports?state=RECEIVED&limit=1', undefined, ops);
    const second = await call('GET', `/v1/passports?state=RECEIVED&limit=1&cursor=${first.body.nextCursor}`, undefined, ops);

    expect(first).toMatchObject({ status: 200, body: { items: [{ id: newer.id, state: 'RECEIVED', product: { category: 'smartphone' } }] } });
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([older.id]);
  });

});
