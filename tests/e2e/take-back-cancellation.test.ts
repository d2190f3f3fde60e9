import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { aBrandLikeDemo, aLabelledTakeBackOf } from './payouts-support';
import { aTakeBack, outboxFor, status, untilStatus } from './support';
import { aReceivedTakeBack, demoOps, staff } from './warehouse';

const cancellationOf = (id: string, token: string) => `/v1/take-backs/${id}/cancellation?token=${encodeURIComponent(token)}`;

describe('a customer cancels their take-back through the local cloud', () => {
  it('cancels a take-back whose label is out, answers retries alike, voids the label, confirms by e-mail, and still receives a parcel sent anyway', async () => {
    const { id, trackingToken, email } = await aTakeBack();
    const labelled = await untilStatus(id, trackingToken, 'LABEL_CREATED');
    expect(labelled.cancellable).toBe(true);
    expect(labelled.impact).toMatchObject({ unit: 'kg CO2e', avoidedKgCo2e: expect.any(Number) });

    const key = randomUUID();
    const cancelled = await call('POST', cancellationOf(id, trackingToken), undefined, { 'idempotency-key': key });
    expect(cancelled).toMatchObject({ status: 200, body: { id, status: 'CANCELLED', cancelledAt: expect.any(String) } });
    expect(await call('POST', cancellationOf(id, trackingToken), undefined, { 'idempotency-key': key })).toMatchObject({ status: 200, body: cancelled.body });
    // Without the key, a retry finds it cancelled and answers it as it stands.
    expect(await call('POST', cancellationOf(id, trackingToken))).toMatchObject({ status: 200, body: cancelled.body });

    const tracked = await status(id, trackingToken);
    // A cancelled take-back saves nothing: the API claims no CO2e for it.
    expect(tracked).toMatchObject({ status: 'CANCELLED', cancellable: false, impact: null });
    expect(tracked.timeline.filter((event: { type: string }) => event.type === 'TakeBackCancelled')).toEqual([
      { type: 'TakeBackCancelled', at: cancelled.body.cancelledAt, status: 'CANCELLED' },
    ]);
    const label = await call('GET', labelled.label.pdfUrl);
    expect(label.status).toBe(409);
    expect(label.headers.get('content-type')).toContain('application/problem+json');

    const confirmation = await eventually(async () => (await outboxFor(email)).find((message) => message.subject === 'Ihre Rücknahme ist storniert'), 'the cancellation e-mail');
    expect(confirmation.text).toContain('nicht mehr gültig');

    // The customer sent the parcel all the same: the warehouse receives it.
    const received = await call('POST', `/v1/passports/${id}/receipt`, {}, await demoOps());
    expect(received).toMatchObject({ status: 200, body: { state: 'RECEIVED' } });
    expect((await status(id, trackingToken)).impact).toEqual(labelled.impact);
    // The label carried the parcel: it stays void.
    expect(await call('GET', labelled.label.pdfUrl)).toMatchObject({ status: 409, body: { currentState: 'RECEIVED' } });
  });

  it('refuses to cancel once the parcel is received, with the state it is in', async () => {
    const { id, trackingToken } = await aReceivedTakeBack();

    const refused = await call('POST', cancellationOf(id, trackingToken), undefined, { 'idempotency-key': randomUUID() });

    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 409, currentState: 'RECEIVED' });
    expect(await status(id, trackingToken)).toMatchObject({ status: 'RECEIVED', cancellable: false });
  });

  it('answers a wrong token as an unknown take-back, a missing one and a body as a bad request, and cancels nothing', async () => {
    const { id, trackingToken } = await aTakeBack();
    const other = await aTakeBack();

    expect((await call('POST', cancellationOf(id, other.trackingToken))).status).toBe(404);
    expect((await call('POST', `/v1/take-backs/${id}/cancellation`)).status).toBe(400);
    // The customer's route takes no body: one that carries something is refused, not ignored.
    const withBody = await call('POST', cancellationOf(id, trackingToken), { reason: 'found a better offer' });
    expect(withBody).toMatchObject({ status: 400, body: { errors: [{ in: 'body', path: [], message: 'must be empty' }] } });
    expect(withBody.headers.get('content-type')).toContain('application/problem+json');
    expect((await status(id, trackingToken)).status).not.toBe('CANCELLED');
  });

  it('lets ops cancel for a customer who called, with the reason on the timeline, and tells the customer', async () => {
    const { id, trackingToken, email } = await aTakeBack();
    await untilStatus(id, trackingToken, 'LABEL_CREATED');
    const path = `/v1/passports/${id}/cancellation`;
    const body = { reason: 'Customer called, keeps the phone' };

    expect((await call('POST', path, body)).status).toBe(401);
    expect((await call('POST', path, body, await staff({ brand: 'demo', roles: ['analyst'] }))).status).toBe(403);
    expect((await call('POST', path, body, await staff({ brand: 'other', roles: ['ops'] }))).status).toBe(404);
    expect((await call('POST', path, { reason: '' }, await demoOps())).status).toBe(400);
    const cancelled = await call('POST', path, body, { ...(await demoOps()), 'idempotency-key': randomUUID() });

    expect(cancelled).toMatchObject({ status: 200, body: { id, state: 'CANCELLED' } });
    const event = cancelled.body.timeline.find((noted: { type: string }) => noted.type === 'TakeBackCancelled');
    expect(event).toMatchObject({ state: 'CANCELLED', data: { from: 'LABEL_CREATED', by: expect.any(String), reason: body.reason } });
    expect(await status(id, trackingToken)).toMatchObject({ status: 'CANCELLED', cancellable: false });
    await eventually(async () => (await outboxFor(email)).find((message) => message.subject === 'Ihre Rücknahme ist storniert'), 'the cancellation e-mail');
  });

  it("counts a cancelled take-back in its brand's returns report", async () => {
    // A brand of its own, so that no other test's take-backs are in its figures.
    const brand = await aBrandLikeDemo(() => ({}));
    const { id, trackingToken } = await aLabelledTakeBackOf(brand);
    await aLabelledTakeBackOf(brand);
    expect((await call('POST', cancellationOf(id, trackingToken))).status).toBe(200);

    const analyst = await staff({ brand, roles: ['analyst'] });
    const totals = await eventually(async () => {
      const report = await call('GET', '/v1/reports/returns?from=2025-01&to=2027-12&groupBy=category', undefined, analyst);
      return report.body.totals?.cancelled === 1 ? report.body.totals : undefined;
    }, 'the cancellation in the returns report');
    expect(totals).toMatchObject({ requested: 2, cancelled: 1, received: 0 });
  });
});
