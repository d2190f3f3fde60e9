import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { aBrandLikeDemo, aLabelledTakeBackOf, ops as opsOf } from './payouts-support';
import { aLabelledTakeBack, aReceivedTakeBack, demoOps, grade, jobAtPartner, partnerReports, passportOf, untilState } from './warehouse';

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

  it('makes the customer a counter-offer for a worse grade; accepted, the item goes to repair, and its partner may find it unrepairable', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');

    expect(await grade(id, 'FAIR')).toMatchObject({ status: 200, body: { state: 'COUNTER_OFFERED', settlement: { outcome: 'COUNTER_OFFER' } } });
    expect((await call('GET', tracking(id, trackingToken))).body.grading).toEqual({
      grade: 'FAIR',
      counterOffer: { value: eur(13_100), offered: eur(14_900), answer: 'PENDING' },
    });
    const answer = await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: true });
    expect(answer).toMatchObject({ status: 200, body: { id, status: 'GRADED', accepted: true, payout: eur(13_100) } });

    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');
    const unrepairable = await partnerReports(`${id}-R1`, { status: 'UNREPAIRABLE', notes: 'Mainboard corroded' });
    expect(unrepairable.response).toMatchObject({ status: 200, body: { status: 'UNREPAIRABLE', applied: true } });
    const recycled = await passportOf(id);
    expect(recycled).toMatchObject({ state: 'RECYCLE', route: { route: 'RECYCLE', reason: expect.stringContaining('Mainboard corroded') } });
    expect(stageEventsOf(recycled)).toEqual(['ParcelReceived', 'Graded', 'CounterOfferAnswered', 'RepairAssigned', 'Unrepairable']);
  });

  it('sends the item back to a customer who declines the counter-offer, and no partner gets it', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    await grade(id, 'DEFECTIVE');

    const answer = await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: false });

    expect(answer).toMatchObject({ status: 200, body: { status: 'RETURN_TO_CUSTOMER', accepted: false } });
    expect((await call('GET', tracking(id, trackingToken))).body).toMatchObject({ status: 'RETURN_TO_CUSTOMER', grading: { counterOffer: { answer: 'DECLINED' } } });
    const returned = await passportOf(id);
    expect(returned.jobs).toEqual([]);
    expect(stageEventsOf(returned)).toEqual(['ParcelReceived', 'Graded', 'CounterOfferAnswered']);
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
