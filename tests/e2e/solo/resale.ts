import { describe, expect, it } from 'vitest';
import { EBAY_SANDBOX_TOKEN } from '../../../local/sandboxes/ebay/sandbox';
import { eventually } from '../client';
import { MARKETPLACES, aListedItem, listingOn, order, sandboxes } from '../marketplaces';
import { advanceClock, passportOf, untilState } from '../warehouse';

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

  it("cancels an eBay order of an item its shop sold first on eBay, signed with the brand's key as eBay asks of EU sellers", async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);

    // Bought on eBay, whose orders wait for the next poll, and then in the shop, whose webhook tells the platform at once.
    expect(await order(origins.ebay, sku)).toBe(201);
    expect(await order(origins.shopify, sku)).toBe(201);
    await untilState(id, 'SOLD');
    // The poll comes within a minute of the platform clock; six take it further from the machine's clock than a
    // signature's five minutes of leeway, as the tests before this one do: the functions sign by the platform clock.
    await advanceClock(6 * 60);

    await eventually(async () => ((await ebayOrderOf(origins.ebay, sku))?.cancelStatus.cancelState === 'CANCELED' ? true : undefined), `eBay's order of ${sku} cancelled`);
    const passport = await passportOf(id);
    expect(passport.listings.find((listing: { channel: string }) => listing.channel === 'ebay').state).toBe('CANCELLED');
  });
});

/** The eBay sandbox's order of a SKU, as its Fulfillment API shows it. */
async function ebayOrderOf(origin: string, sku: string): Promise<{ cancelStatus: { cancelState: string } } | undefined> {
  const response = await fetch(`${origin}/sell/fulfillment/v1/order?limit=200`, { headers: { authorization: `Bearer ${EBAY_SANDBOX_TOKEN}` } });
  const { orders } = (await response.json()) as { orders: { cancelStatus: { cancelState: string }; lineItems: { sku: string }[] }[] };
  return orders.find((candidate) => candidate.lineItems.some((line) => line.sku === sku));
}
