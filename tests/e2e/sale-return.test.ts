import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { CHANNELS, aListedItem, listingOn, order, sandboxes } from './marketplaces';
import { demoOps, passportOf, staff, untilState } from './warehouse';

const saleReturn = (id: string) => `/v1/passports/${id}/sale-return`;
type Line = { kind: string; direction: string; amount: { amount: number; currency: string } };
type Event = { type: string; data: Record<string, unknown> };

describe("a sold item its buyer sent back is routed again and sold once more", () => {
  it('records the return once under a storm, books the refund, lists the item on every channel again and sells it again', async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    // Sold in the brand's shop, whose webhook tells the platform at once (the marketplaces are polled each minute).
    expect(await order(origins.shopify, sku)).toBe(201);
    const sold = await untilState(id, 'SOLD');
    const paid = sold.ledger.filter((line: Line) => line.kind === 'SALE' || line.kind === 'SHIPPING').reduce((sum: number, line: Line) => sum + line.amount.amount, 0);
    const fee = sold.ledger.find((line: Line) => line.kind === 'CHANNEL_FEE').amount.amount;
    const ops = await demoOps();

    // Refused before anything is written: a refund above what the buyer paid, a reader, no body.
    const tooMuch = await call('POST', saleReturn(id), { reason: 'CHANGED_MIND', route: 'RESELL', refund: { amount: paid + 1, currency: 'EUR' } }, ops);
    expect(tooMuch).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ in: 'body', path: ['refund', 'amount'] })] } });
    const reader = await staff({ brand: 'demo', roles: ['analyst'] });
    expect((await call('POST', saleReturn(id), { reason: 'CHANGED_MIND', route: 'RESELL' }, reader)).status).toBe(403);
    expect(await call('POST', saleReturn(id), { reason: 'BORED', route: 'RESELL' }, ops)).toMatchObject({ status: 400 });
    const untouched = await passportOf(id);
    expect(untouched.state).toBe('SOLD');
    expect(untouched.timeline.map((event: Event) => event.type)).not.toContain('SaleReturned');
    expect(untouched.ledger).toHaveLength(sold.ledger.length);

    // A storm: the same request under one key, and under a key each.
    const body = { reason: 'CHANGED_MIND', route: 'RESELL', feeRefunded: { amount: fee, currency: 'EUR' }, notes: 'Unused, sealed' };
    const key = randomUUID();
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => call('POST', saleReturn(id), body, { ...ops, 'idempotency-key': key })),
      ...Array.from({ length: 4 }, () => call('POST', saleReturn(id), body, { ...ops, 'idempotency-key': randomUUID() })),
    ]);
    // A concurrent duplicate of the one key may be told to retry (409 while the first runs); every other answer is the return.
    const done = answers.filter((answer) => answer.status === 200);
    expect(done.length).toBeGreaterThanOrEqual(5);
    for (const answer of done) {
      expect(answer.body).toMatchObject({ id, saleReturn: { channel: 'shopify', reason: 'CHANGED_MIND', refund: { amount: paid }, feeRefunded: { amount: fee }, route: 'RESELL' } });
    }
    const returned = await passportOf(id);
    expect(returned.timeline.filter((event: Event) => event.type === 'SaleReturned')).toHaveLength(1);
    expect(returned.ledger.filter((line: Line) => line.kind === 'SALE_REFUND')).toEqual([expect.objectContaining({ direction: 'COST', amount: { amount: paid, currency: 'EUR' } })]);
    expect(returned.ledger.filter((line: Line) => line.kind === 'FEE_REFUND')).toEqual([expect.objectContaining({ direction: 'REVENUE', amount: { amount: fee, currency: 'EUR' } })]);

    // The ListingWorkflow lists it again, and every channel offers it again, the shop's sold listing included.
    const relisted = await untilState(id, 'LISTED');
    expect(relisted.listings.map((listing: { state: string }) => listing.state)).toEqual(CHANNELS.map(() => 'LISTED'));
    for (const channel of CHANNELS) {
      await eventually(async () => ((await listingOn(origins[channel], sku))?.quantity === 1 ? true : undefined), `${sku} for sale again on ${channel}`);
    }
    // The same return asked again is answered as it stands; another one is refused: the item is for sale.
    expect(await call('POST', saleReturn(id), body, ops)).toMatchObject({ status: 200, body: { state: 'LISTED', saleReturn: { reason: 'CHANGED_MIND' } } });
    expect(await call('POST', saleReturn(id), { ...body, reason: 'DEFECTIVE' }, ops)).toMatchObject({ status: 409, body: { currentState: 'LISTED' } });

    expect(await order(origins.shopify, sku)).toBe(201);
    const resold = await untilState(id, 'SOLD');
    expect(resold.timeline.filter((event: Event) => event.type === 'Sold').map((event: Event) => [event.data.channel, event.data.afterReturn])).toEqual([
      ['shopify', undefined],
      ['shopify', true],
    ]);
    expect(resold.ledger.filter((line: Line) => line.kind === 'SALE')).toHaveLength(2);
  });

  it('sends a returned item that is defective to recycling, which takes it off resale', async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    expect(await order(origins.shopify, sku)).toBe(201);
    await untilState(id, 'SOLD');

    const answer = await call('POST', saleReturn(id), { reason: 'DEFECTIVE', route: 'RECYCLE', refund: { amount: 0, currency: 'EUR' } }, await demoOps());

    expect(answer).toMatchObject({ status: 200, body: { state: 'GRADED', route: { route: 'RECYCLE', basis: { kind: 'SALE_RETURN', reason: 'DEFECTIVE' } } } });
    const recycled = await untilState(id, 'RECYCLE');
    // The recycling's event keeps the reason's facts, for the timeline to word.
    expect(recycled.timeline.filter((event: Event) => event.type === 'RoutedToRecycling').map((event: Event) => event.data)).toEqual([
      { reason: 'Sent back by its buyer (DEFECTIVE)', basis: { kind: 'SALE_RETURN', reason: 'DEFECTIVE' } },
    ]);
  });
});
