import { describe, expect, it } from 'vitest';
import { eventually } from '../client';
import { MARKETPLACES, aListedItem, listingOn, order, sandboxes } from '../marketplaces';
import { advanceClock, passportOf } from '../warehouse';

describe('resale: an item is listed on every channel and sold once', () => {
  it('sells an item ordered on three channels at the same moment once, and cancels the other two orders', async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);

    const statuses = await Promise.all(MARKETPLACES.map((channel) => order(origins[channel], sku)));
    expect(statuses).toEqual([201, 201, 201]);
    // The marketplaces' orders are polled every minute on the platform clock.
    await advanceClock(60);

    const settled = await eventually(async () => {
      const passport = await passportOf(id);
      const states = passport.listings.map((listing: { state: string }) => listing.state).sort();
      return passport.state === 'SOLD' && states.join() === 'CANCELLED,CANCELLED,SOLD,WITHDRAWN' ? passport : undefined;
    }, `${id} sold once with two orders cancelled`);
    expect(settled.ledger.filter((entry: { kind: string }) => entry.kind === 'SALE')).toHaveLength(1);
    expect(settled.timeline.filter((event: { type: string }) => event.type === 'Sold')).toHaveLength(1);
    expect(settled.timeline.filter((event: { type: string }) => event.type === 'OversoldCancelled')).toHaveLength(2);
    await eventually(async () => ((await listingOn(origins.shopify, sku))?.quantity === 0 ? true : undefined), `${sku} off sale in the shop`);
  });
});
