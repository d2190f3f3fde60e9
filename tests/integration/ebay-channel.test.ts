import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EBAY_SANDBOX_SIGNING_KEY, EBAY_SANDBOX_TOKEN, type EbaySandbox, type SandboxListing, startEbaySandbox } from '../../local/sandboxes/ebay/sandbox';
import { EbaySalesChannel } from '../../shared/adapters/ebay/ebay-sales-channel';
import { listingText } from '../../shared/domain/listing-text';
import { SalesChannelRejectedError, SalesChannelUnavailableError } from '../../shared/ports/sales-channel';
import type { EbayChannelConfig } from '../../shared/schemas/resale';
import { aChannelListing, aTwoLineOrder as aTwoLineOrderOn, cancelAtOnceAndAgain, onlyTheOversoldLineCancelled, placeSandboxOrder, putSandboxFaults, sandboxListings } from '../support/channel-listing';

const config: EbayChannelConfig = {
  enabled: true,
  pricing: { fee: { percent: 11, fixed: 35 }, rounding: 'NINETY_NINE' },
  language: 'de',
  marketplaceId: 'EBAY_DE',
  merchantLocationKey: 'warehouse-berlin',
  policies: { fulfillmentPolicyId: '6196932000', paymentPolicyId: '6196938000', returnPolicyId: '6196940000' },
  categories: { smartphone: '9355' },
};

describe('EbaySalesChannel against the eBay sandbox', () => {
  let ebay: EbaySandbox;
  let channel: EbaySalesChannel;

  beforeAll(async () => {
    ebay = await startEbaySandbox();
    channel = new EbaySalesChannel({ apiUrl: ebay.apiUrl, accessToken: async () => EBAY_SANDBOX_TOKEN, signingKey: async () => EBAY_SANDBOX_SIGNING_KEY, config });
  });
  afterEach(() => putSandboxFaults(ebay.apiUrl, {}));
  afterAll(() => ebay.stop());

  const listed = async (sku: string) => (await sandboxListings<SandboxListing>(ebay.apiUrl)).filter((listing) => listing.sku === sku);

  it('lists an item as a published offer of one at its price', async () => {
    const listing = aChannelListing('ebay');
    const { externalId } = await channel.list(listing);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ externalId, price: '419.99', currency: 'EUR', quantity: 1, state: 'PUBLISHED' })]);
    expect(await channel.findBySku(listing.sku)).toEqual({ sku: listing.sku, externalId, price: listing.price, quantity: 1 });
  });

  it('listing the same SKU again keeps its one offer and listing', async () => {
    const listing = aChannelListing('ebay');
    const first = await channel.list(listing);
    const again = await channel.list(listing);
    expect(again).toEqual(first);
    expect(await listed(listing.sku)).toHaveLength(1);
  });

  it('never makes a second offer when createOffer was stored but its answer was lost', async () => {
    const listing = aChannelListing('ebay');
    await putSandboxFaults(ebay.apiUrl, { failAfterCommit: 1, failAfterCommitOn: '/offer', status: 500 });
    await expect(channel.list(listing)).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ state: 'UNPUBLISHED' })]);

    await channel.list(listing);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ state: 'PUBLISHED', quantity: 1 })]);
  });

  it('changes the price of a listing', async () => {
    const listing = aChannelListing('ebay');
    await channel.list(listing);
    await channel.updatePrice(listing.sku, { amount: 37_999, currency: 'EUR' });
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ price: '379.99', quantity: 1 })]);
  });

  it('withdraws a listing, and withdrawing it again or something never listed succeeds', async () => {
    const listing = aChannelListing('ebay');
    await channel.list(listing);
    await channel.withdraw(listing.sku);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ state: 'UNPUBLISHED', quantity: 0 })]);
    await channel.withdraw(listing.sku);
    await channel.withdraw(aChannelListing('ebay').sku);
    expect(await channel.findBySku(aChannelListing('ebay').sku)).toBeUndefined();
  });

  it('relists a withdrawn item', async () => {
    const listing = aChannelListing('ebay');
    await channel.list(listing);
    await channel.withdraw(listing.sku);
    await channel.list(listing);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ state: 'PUBLISHED', quantity: 1 })]);
  });

  it('reports an order once, with what the buyer paid and the fee, and the sold item has no stock left', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('ebay');
    await channel.list(listing);
    const placed = await placeSandboxOrder(ebay.apiUrl, listing.sku);
    expect(placed.status).toBe(201);

    const page = await channel.pollOrders(start);
    expect(page.orders).toEqual([
      expect.objectContaining({ sku: listing.sku, price: listing.price, shipping: { amount: 499, currency: 'EUR' }, fee: { amount: 4_620, currency: 'EUR' } }),
    ]);
    expect((await channel.pollOrders(page.nextCursor)).orders).toEqual([]);
    expect((await placeSandboxOrder(ebay.apiUrl, listing.sku)).status).toBe(409);
    expect(await channel.findBySku(listing.sku)).toMatchObject({ quantity: 0 });
  });

  /** An order of one listed item, as polling reports it, with the poll's position before it and the sandbox's view of its line. */
  async function anOrder() {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('ebay');
    await channel.list(listing);
    await placeSandboxOrder(ebay.apiUrl, listing.sku);
    const [order] = (await channel.pollOrders(start)).orders;
    if (!order) throw new Error('no order');
    return { order, start, cancelled: () => ebay.orders().filter((line) => line.sku === listing.sku).map((line) => line.cancelled) };
  }

  it('cancels an order it cannot honour once, also when two cancellations run at once, and a cancelled order is no sale', async () => {
    const { order, start, cancelled } = await anOrder();

    // Two deliveries of the order at the same moment (both read it open), then a later repeat.
    await Promise.all([channel.cancelOrder(order, 'Sold on another channel first'), channel.cancelOrder(order, 'Sold on another channel first')]);
    await channel.cancelOrder(order, 'Sold on another channel first');
    expect(cancelled()).toEqual([true]);
    expect((await channel.pollOrders(start)).orders).toEqual([]);
  });

  /** The refunds eBay shows on an order, over its Fulfillment API. */
  async function refundsOf(orderId: string): Promise<string[]> {
    const response = await fetch(`${ebay.apiUrl}/sell/fulfillment/v1/order/${orderId}`, { headers: { authorization: `Bearer ${EBAY_SANDBOX_TOKEN}` } });
    const order = (await response.json()) as { paymentSummary: { refunds: { amount: { value: string } }[] } };
    return order.paymentSummary.refunds.map((refund) => refund.amount.value);
  }

  /** An order of two listed items, as polling reports its lines. */
  const aTwoLineOrder = () => aTwoLineOrderOn(channel, ebay.apiUrl, ebay);

  it('refunds only the line it cannot honour of an order with another line, which still ships, once, also when two cancellations run at once', async () => {
    const { kept, oversold, lines } = await aTwoLineOrder();

    await cancelAtOnceAndAgain(channel, oversold);

    expect(lines()).toEqual(onlyTheOversoldLineCancelled(kept, oversold));
    // The line's price and its shipping, once.
    expect(await refundsOf(kept.orderId)).toEqual(['394.98']);
  });

  it('a refund eBay answers FAILED (with 200) is a refusal for a person, and the line still ships; PENDING is the refund to follow', async () => {
    const { kept, oversold, lines } = await aTwoLineOrder();
    await putSandboxFaults(ebay.apiUrl, { failRefunds: 1 });

    const refused = await channel.cancelOrder(oversold, 'Sold on another channel first').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SalesChannelRejectedError);
    expect(refused).toMatchObject({ message: expect.stringContaining('refundStatus FAILED') });
    expect(lines().map((line) => line.cancelled)).toEqual([false, false]);
    expect(await refundsOf(kept.orderId)).toEqual([]);

    // Asked again (eBay now makes it), eBay's PENDING is the refund to follow.
    expect(await channel.cancelOrder(oversold, 'Sold on another channel first')).toEqual({ refundId: expect.any(String) });
    expect(lines()).toEqual(onlyTheOversoldLineCancelled(kept, oversold));
  });

  it("answers a refund eBay holds pending, again on a repeat, and reads its outcome from the order's payment summary", async () => {
    const [first, second] = [await aTwoLineOrder(), await aTwoLineOrder()];
    await putSandboxFaults(ebay.apiUrl, { holdRefunds: 2 });
    const pending = await channel.cancelOrder(first.oversold, 'Sold on another channel first');
    const other = await channel.cancelOrder(second.oversold, 'Sold on another channel first');
    expect(pending).toEqual({ refundId: expect.any(String) });
    // A repeat (its first answer lost) issues no second refund and names the pending one.
    expect(await channel.cancelOrder(first.oversold, 'Sold on another channel first')).toEqual(pending);
    expect(await refundsOf(first.kept.orderId)).toEqual(['394.98']);
    expect(await channel.refundStatus(first.oversold, pending!.refundId)).toBe('PENDING');

    ebay.settleRefunds('FAILED');
    expect(await channel.refundStatus(first.oversold, pending!.refundId)).toBe('FAILED');
    expect(await channel.refundStatus(second.oversold, other!.refundId)).toBe('FAILED');
    // The failed refund leaves the line, which ships unless it is refunded again.
    expect(first.lines().map((line) => line.cancelled)).toEqual([false, false]);

    await putSandboxFaults(ebay.apiUrl, { holdRefunds: 1 });
    const again = await channel.cancelOrder(first.oversold, 'Sold on another channel first');
    ebay.settleRefunds('REFUNDED');
    expect(await channel.refundStatus(first.oversold, again!.refundId)).toBe('REFUNDED');
    expect(first.lines()).toEqual(onlyTheOversoldLineCancelled(first.kept, first.oversold));
  });

  it("books a promoted sale at the buyer's discounted price, and refunds no more than the buyer paid", async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const [kept, oversold] = [aChannelListing('ebay'), aChannelListing('ebay', { amount: 38_999 })];
    await channel.list(kept);
    await channel.list(oversold);
    // A markdown sale of 20,00 € on each line: eBay's lineItemCost stays the listed price.
    expect((await placeSandboxOrder(ebay.apiUrl, [kept.sku, oversold.sku], { discount: '20.00' })).status).toBe(201);
    const { orders } = await channel.pollOrders(start);
    expect(orders).toEqual([
      expect.objectContaining({ sku: kept.sku, price: { amount: 39_999, currency: 'EUR' }, shipping: { amount: 499, currency: 'EUR' } }),
      expect.objectContaining({ sku: oversold.sku, price: { amount: 36_999, currency: 'EUR' }, shipping: { amount: 499, currency: 'EUR' } }),
    ]);

    const line = orders.find((candidate) => candidate.sku === oversold.sku);
    if (!line) throw new Error('no line');
    await channel.cancelOrder(line, 'Sold on another channel first');
    await channel.cancelOrder(line, 'Sold on another channel first');
    // What the buyer paid for the line (369,99 €) and its shipping, once.
    expect(await refundsOf(line.orderId)).toEqual(['374.98']);
    expect(ebay.orders().filter((candidate) => candidate.orderId === line.orderId).map((candidate) => candidate.cancelled)).toEqual([false, true]);
  });

  it("lists an item whose grader's notes would take the description past eBay's 4,000 characters, shortening the notes", async () => {
    const base = aChannelListing('ebay');
    // 2,000 characters whose escapes (`&amp;`, `&quot;`) alone make more than 4,000.
    const notes = `Kratzer & Dellen <links> "oben" ${'& "Rahmen" <matt> '.repeat(120)}`.slice(0, 2_000);
    const text = listingText({ channel: 'ebay', language: 'de', passportId: base.passportId, productName: base.product.name, condition: base.condition, checks: { 'battery-health': 91, 'screen-ok': true }, notes });
    const listing = { ...base, ...text };

    await channel.list(listing);
    const offer = ebay.offers().find((candidate) => candidate.sku === listing.sku);
    const description = offer?.listingDescription ?? '';
    expect(description.length).toBeLessThanOrEqual(4_000);
    expect(description).toContain('<p>Geprüft:<br>- Battery health: 91<br>- Screen ok: bestanden</p>');
    expect(description).toMatch(/<p>Anmerkungen der Prüfung: Kratzer &amp; Dellen &lt;links&gt; &quot;oben&quot; [^<]*…<\/p>/);
    expect(description.endsWith(`<p>Produktpass ${listing.passportId}</p>`)).toBe(true);
  });

  it('cancels the whole order once the line it cannot honour is the last one left to ship', async () => {
    const { kept, oversold, lines } = await aTwoLineOrder();
    await channel.cancelOrder(oversold, 'Sold on another channel first');
    await channel.cancelOrder(kept, 'Sold on another channel first');
    await channel.cancelOrder(kept, 'Sold on another channel first');

    expect(lines()).toEqual([expect.objectContaining({ cancelled: true, orderCancelled: true }), expect.objectContaining({ cancelled: true, orderCancelled: true })]);
  });

  describe("for a seller in the EU, whose refunds and cancellations eBay wants digitally signed", () => {
    const withKey = (signingKey: (() => Promise<{ privateKey: string; jwe: string } | undefined>) | undefined) =>
      new EbaySalesChannel({ apiUrl: ebay.apiUrl, accessToken: async () => EBAY_SANDBOX_TOKEN, ...(signingKey ? { signingKey } : {}), config });

    it('a cancellation without the brand\'s signing key is refused, for a person to handle, and nothing is cancelled', async () => {
      const { order, cancelled } = await anOrder();
      const refused = await withKey(undefined).cancelOrder(order, 'Sold on another channel first').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SalesChannelRejectedError);
      expect(refused).toMatchObject({ message: expect.stringContaining('Missing x-ebay-signature-key header') });
      expect(cancelled()).toEqual([false]);
    });

    it('a line refund signed with a key eBay did not make is refused, and the line still ships', async () => {
      const { kept, oversold, lines } = await aTwoLineOrder();
      // eBay's published test key: a valid Ed25519 signature, but under a JWE this eBay cannot read.
      const foreign = { privateKey: 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF', jwe: EBAY_SANDBOX_SIGNING_KEY.jwe.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')) };
      await expect(withKey(async () => foreign).cancelOrder(oversold, 'Sold on another channel first')).rejects.toMatchObject({
        status: 403,
        message: expect.stringContaining('Signature validation failed'),
      });
      expect(lines().map((line) => line.cancelled)).toEqual([false, false]);
      expect(kept.orderId).toBe(oversold.orderId);
    });

    it('signs with a key of the Key Management API, RSA as well as Ed25519', async () => {
      const created = await fetch(`${ebay.apiUrl}/developer/key_management/v1/signing_key`, {
        method: 'POST',
        headers: { authorization: `Bearer ${EBAY_SANDBOX_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ signingKeyCipher: 'RSA' }),
      });
      const key = (await created.json()) as { privateKey: string; jwe: string; signingKeyCipher: string };
      expect(key.signingKeyCipher).toBe('RSA');
      const { order, cancelled } = await anOrder();
      await withKey(async () => ({ privateKey: key.privateKey, jwe: key.jwe })).cancelOrder(order, 'Sold on another channel first');
      expect(cancelled()).toEqual([true]);
    });

    it('signs and cancels when the API host is configured with a trailing slash', async () => {
      const { order, cancelled } = await anOrder();
      const slashed = new EbaySalesChannel({ apiUrl: `${ebay.apiUrl}/`, accessToken: async () => EBAY_SANDBOX_TOKEN, signingKey: async () => EBAY_SANDBOX_SIGNING_KEY, config });
      await slashed.cancelOrder(order, 'Sold on another channel first');
      expect(cancelled()).toEqual([true]);
    });

    it('a signing key that cannot be read is refused in words before eBay is called', async () => {
      const { order, cancelled } = await anOrder();
      await expect(withKey(async () => ({ privateKey: 'not a key', jwe: EBAY_SANDBOX_SIGNING_KEY.jwe })).cancelOrder(order, 'Sold on another channel first')).rejects.toThrow(/signing key cannot be read/);
      expect(cancelled()).toEqual([false]);
    });
  });

  it('tells a throttled or failing eBay (worth a retry) from refused credentials (not)', async () => {
    await putSandboxFaults(ebay.apiUrl, { failNext: 1, status: 429, retryAfterSeconds: 3 });
    const throttled = await channel.findBySku(aChannelListing('ebay').sku).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(SalesChannelUnavailableError);
    expect(throttled).toMatchObject({ status: 429, retryAfterSeconds: 3 });

    await putSandboxFaults(ebay.apiUrl, { failNext: 1, status: 503 });
    await expect(channel.list(aChannelListing('ebay'))).rejects.toBeInstanceOf(SalesChannelUnavailableError);

    const wrongToken = new EbaySalesChannel({ apiUrl: ebay.apiUrl, accessToken: async () => 'v^1.1#wrong', config });
    await expect(wrongToken.list(aChannelListing('ebay'))).rejects.toBeInstanceOf(SalesChannelRejectedError);
  });

  it('refuses an item eBay cannot take in its category before calling eBay', async () => {
    const listing = { ...aChannelListing('ebay'), product: { ...aChannelListing('ebay').product, category: 'jacket' } };
    await expect(channel.list(listing)).rejects.toBeInstanceOf(SalesChannelRejectedError);
    expect(await listed(listing.sku)).toEqual([]);
  });
});
