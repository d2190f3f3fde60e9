import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { aBrandLikeDemo } from './payouts-support';
import { platform } from './platform';
import { AN_ADDRESS_DHL_REFUSES, aQuote, aTakeBack, aTakeBackBody, answersFor, dhlOrdersFor, outboxFor, smartphone, status, untilStatus } from './support';
import { passportOf } from './warehouse';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
describe('a customer trades in an item through the local cloud', () => {
  it('answers health checks once everything is up', async () => {
    expect(await call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it("shows the demo brand's catalog with a smartphone, a laptop, a jacket and jeans and their questions", async () => {
    const catalog = await call('GET', '/v1/brands/demo/catalog');
    expect(catalog.status).toBe(200);
    expect(catalog.body).toMatchObject({ brand: 'demo', currency: 'EUR' });
    const categories = new Set(catalog.body.products.map((p: { category: string }) => p.category));
    for (const category of ['smartphone', 'laptop', 'jacket', 'jeans']) {
      expect(categories).toContain(category);
      expect(catalog.body.questions.some((q: { category: string }) => q.category === category)).toBe(true);
    }
    expect(JSON.stringify(catalog.body)).not.toContain('"grade"');
    expect(catalog.body).not.toHaveProperty('categoryNames');
  });

  it("gives the brand's names of its products' categories with its catalog, and no others", async () => {
    const brand = await aBrandLikeDemo(() => ({ categoryNames: { shoes: 'Bergstiefel', headphones: 'Kopfhörer' } }));
    const catalog = await call('GET', `/v1/brands/${brand}/catalog`);
    expect(catalog.status).toBe(200);
    expect(catalog.body.categoryNames).toEqual({ shoes: 'Bergstiefel' });
  });

  it('gets an instant offer, a DHL label with PDF and QR, a timeline and the label e-mail', async () => {
    const quote = await call('POST', '/v1/brands/demo/quotes', { sku: smartphone.sku, answers: answersFor('smartphone', 'GOOD') });
    expect(quote.status).toBe(201);
    expect(quote.body).toMatchObject({ sku: smartphone.sku, grade: 'GOOD', value: { currency: 'EUR' } });
    expect(quote.body.value.min).toBeGreaterThan(0);
    expect(quote.body.value.max).toBeGreaterThanOrEqual(quote.body.value.min);

    const body = aTakeBackBody(quote.body.quoteId);
    const created = await call('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'REQUESTED' });
    expect(created.body.trackingToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const { id, trackingToken } = created.body;

    const labelled = await untilStatus(id, trackingToken, 'LABEL_CREATED');
    expect(labelled.timeline.map((e: { type: string }) => e.type).slice(0, 2)).toEqual(['TakeBackRequested', 'LabelCreated']);
    expect(labelled.offer).toMatchObject({ grade: 'GOOD', value: quote.body.value });
    expect(labelled.label.shipmentNo).toMatch(/^\d+$/);

    expect(labelled.label.pdfUrl.startsWith(`${platform().apiUrl}/`)).toBe(true);
    const pdf = await call('GET', labelled.label.pdfUrl);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(pdf.body.subarray(0, 4)).toString()).toBe('%PDF');
    const qr = await call('GET', `/v1/take-backs/${id}/label?token=${encodeURIComponent(trackingToken)}&format=qr`);
    expect(qr.headers.get('content-type')).toBe('image/png');
    expect([...qr.body.subarray(0, 4)]).toEqual(PNG_SIGNATURE);

    const [email] = await eventually(async () => {
      const messages = await outboxFor(body.customer.email);
      return messages.length > 0 ? messages : undefined;
    }, 'the label e-mail');
    expect(email!.subject).toContain('Rücksendeetikett');
    expect(email!.text).toContain(labelled.label.shipmentNo);
    // The e-mail links to the tracking page, served on the API's origin, whose token reads the take-back.
    const trackingLink = new URL(email!.text.match(/https?:\/\/\S+\/track\/[0-9A-Z]{26}\?token=[\w%-]+/)![0]);
    expect(trackingLink.pathname).toBe(`/track/${id}`);
    const page = await call('GET', `${trackingLink.pathname}${trackingLink.search}`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await status(id, trackingLink.searchParams.get('token')!)).status).toBe('LABEL_CREATED');
    await eventually(async () => {
      const types = (await status(id, trackingToken)).timeline.map((e: { type: string }) => e.type);
      return types.includes('LabelEmailSent') ? types : undefined;
    }, 'the LabelEmailSent event');
  });

  it('answers a repeated request with the same Idempotency-Key with the first response and creates nothing twice', async () => {
    const body = aTakeBackBody(await aQuote());
    const key = randomUUID();
    const first = await call('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': key });
    const second = await call('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, body: first.body });

    await untilStatus(first.body.id, first.body.trackingToken, 'LABEL_CREATED');
    await eventually(async () => ((await outboxFor(body.customer.email)).length === 1 ? true : undefined), 'one e-mail');
    expect(await dhlOrdersFor(first.body.id)).toHaveLength(1);
    expect((await status(first.body.id, first.body.trackingToken)).timeline.filter((e: { type: string }) => e.type === 'TakeBackRequested')).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with a different body with 422', async () => {
    const key = randomUUID();
    const quoteId = await aQuote();
    expect((await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quoteId), { 'idempotency-key': key })).status).toBe(201);
    const other = await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quoteId, { reason: 'Something else' }), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
  });

  it('gets the label from DHL for a customer whose e-mail address is longer than DHL takes (70), and sends it there itself', async () => {
    // 77 characters: the API takes up to 254, DHL's shipper.email at most 70. DHL is not given the address at all.
    const email = `erika.mustermann${randomUUID().slice(0, 8)}+kreislauf-ruecksendung@postfach.example-provider.org`;
    expect(email).toHaveLength(77);
    const { id, trackingToken } = await aTakeBack({ customer: { name: 'Erika Mustermann', email, locale: 'de' } });

    const labelled = await untilStatus(id, trackingToken, 'LABEL_CREATED');
    const [order] = await dhlOrdersFor(id);
    expect(order).toMatchObject({ shipmentNo: labelled.label.shipmentNo, shipper: { name1: 'Erika Mustermann', postalCode: '10115' } });
    expect(order).not.toHaveProperty('shipper.email');
    const [message] = await eventually(async () => {
      const messages = await outboxFor(email);
      return messages.length > 0 ? messages : undefined;
    }, 'the label e-mail');
    expect(message!.text).toContain(labelled.label.shipmentNo);
  });

  it('flags a take-back whose address DHL refuses without retrying it', async () => {
    const { id, trackingToken } = await aTakeBack({ address: AN_ADDRESS_DHL_REFUSES });
    const flagged = await untilStatus(id, trackingToken, 'NEEDS_ATTENTION');
    // The customer is told DHL refused the address they gave, not the staff's reason (the brand's receiver id, its DHL account).
    expect(flagged.attention).toEqual({
      cause: 'ADDRESS_REFUSED',
      reason: 'DHL could not make a return label for the address you gave. We will get in touch to put it right.',
      at: expect.any(String),
    });
    // The staff see the reason, and its facts for the console to word.
    const { attention } = await passportOf(id);
    expect(attention.reason).toMatch(/^DHL refused the label request: .+\. Check the customer's address and the brand's DHL receiver id\.$/);
    expect(attention.basis).toEqual({ kind: 'LABEL_FAILED', error: 'CarrierRejected', message: expect.stringContaining('shipper.postalCode: Postal code does not exist') });
    expect(attention.reason).toContain(attention.basis.message);
  });

  it('runs on an ephemeral platform that writes no journal of its queues, executions, events, schedules or streams to its data folder', async () => {
    // The label above went through the stream, EventBridge, a state machine and the queues.
    const kept = await readdir(join(platform().home, 'state'));
    expect(kept.length).toBeGreaterThan(0);
    for (const journal of ['queues.json', 'executions.json', 'event-deliveries.json', 'schedules.json', 'stream-checkpoints']) expect(kept).not.toContain(journal);
  });
});
