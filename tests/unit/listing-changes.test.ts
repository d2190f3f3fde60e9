import { describe, expect, it } from 'vitest';
import { listingChangesOf } from '../../shared/domain/listings';
import { ListingEventSchema } from '../../shared/schemas/events';

// What the rule `OnPersonsListingChange` hands the queueing function: the recorded event's detail.
const passportId = '01JD3V6Q8Z5W4X2Y1T0S9R8P7N';
const envelope = { eventId: `${passportId}/7`, passportId, brand: 'demo', seq: 7, at: '2026-12-06T09:00:00.000Z', state: 'LISTED' };
const price = { amount: 34_900, currency: 'EUR' };

describe("a person's listing change, from its recorded event", () => {
  it('syncs the one channel a new price or a withdrawal names', () => {
    const priced = ListingEventSchema.parse({ ...envelope, type: 'ListingPriceChanged', data: { channel: 'ebay', price, by: 'ops-1' } });
    expect(listingChangesOf(priced)).toEqual({ changes: [{ passportId, channel: 'ebay' }], reason: 'price' });
    const atLoss = { channel: 'ebay', price: { amount: 100, currency: 'EUR' }, by: 'ops-1', acceptedLoss: { reason: 'Display model', cost: price, net: { amount: 73, currency: 'EUR' } } };
    expect(listingChangesOf(ListingEventSchema.parse({ ...envelope, type: 'ListingPriceChanged', data: atLoss }))).toEqual({ changes: [{ passportId, channel: 'ebay' }], reason: 'price' });
    const withdrawn = ListingEventSchema.parse({ ...envelope, type: 'ListingWithdrawn', data: { channel: 'refurbed', by: 'ops-1' } });
    expect(listingChangesOf(withdrawn)).toEqual({ changes: [{ passportId, channel: 'refurbed' }], reason: 'withdraw' });
  });

  it('syncs the channel a person listed again, and nothing for the ListingWorkflow’s listings, which it queues itself', () => {
    const listing = { channel: 'backmarket', sku: 'DEMO01JD3V6Q8Z5W4X2Y1T0S9R8P7N', price };
    const relisted = ListingEventSchema.parse({ ...envelope, type: 'Listed', data: { listings: [listing], by: 'ops-1' } });
    expect(listingChangesOf(relisted)).toEqual({ changes: [{ passportId, channel: 'backmarket' }], reason: 'relist' });
    const listed = ListingEventSchema.parse({ ...envelope, type: 'Listed', data: { listings: [listing, { ...listing, channel: 'ebay' }] } });
    expect(listingChangesOf(listed).changes).toEqual([]);
  });

  it('refuses an event of another type or with a channel the platform does not sell on', () => {
    expect(ListingEventSchema.safeParse({ ...envelope, type: 'Graded', data: { channel: 'ebay', by: 'ops-1' } }).success).toBe(false);
    expect(ListingEventSchema.safeParse({ ...envelope, type: 'ListingWithdrawn', data: { channel: 'amazon', by: 'ops-1' } }).success).toBe(false);
    expect(ListingEventSchema.safeParse({ ...envelope, type: 'Sold', data: { ...sale, withdrawn: ['amazon'] } }).success).toBe(false);
  });
});

const sale = { channel: 'ebay', orderId: 'o-1', price, fee: { amount: 4_537, currency: 'EUR' } };

describe("a sale's withdrawal of the item's other listings, from its recorded event", () => {
  it('syncs each channel the sale withdrew, and none for a sale recorded before its event named them', () => {
    const sold = ListingEventSchema.parse({ ...envelope, type: 'Sold', data: { ...sale, withdrawn: ['backmarket', 'refurbed'] } });
    expect(listingChangesOf(sold)).toEqual({
      changes: [
        { passportId, channel: 'backmarket' },
        { passportId, channel: 'refurbed' },
      ],
      reason: 'sold',
    });
    expect(listingChangesOf(ListingEventSchema.parse({ ...envelope, type: 'Sold', data: sale })).changes).toEqual([]);
  });
});
