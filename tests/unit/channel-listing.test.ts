import { describe, expect, it } from 'vitest';
import { demoResale } from '../../local/seed/demo-resale';
import { channelListingFor } from '../../shared/domain/channel-listing';

const passportId = '01JD3V6Q8Z5W4X2Y1T0S9R8P7N';
const product = { sku: 'DO-PHONE-X2-128', name: 'Trailphone X2 128 GB, Graphite', category: 'smartphone', newPrice: { amount: 59_900, currency: 'EUR' }, gtin: '4006381333931' };
const input = { brand: 'demo-outdoor', passportId, product, condition: { grade: 'GOOD' as const, repaired: false }, photos: ['https://photos.example.com/1.jpg'], resale: demoResale };

describe('channelListingFor', () => {
  it('puts an item’s listing together with the channel’s price, words and SKU', () => {
    const result = channelListingFor({ ...input, channel: 'ebay', grading: { checks: { 'battery-health': 88 } } });
    // 599.00 × 0.58 = 347.42 net; (347.42 + 0.35) / 0.89 = 390.75 → 390.99 on eBay.
    expect(result?.pricing).toEqual({ price: { amount: 39_099, currency: 'EUR' }, fee: { amount: 4_336, currency: 'EUR' }, net: { amount: 34_763, currency: 'EUR' } });
    expect(result?.listing).toMatchObject({
      sku: 'DEMOOUTDOOR01JD3V6Q8Z5W4X2Y1T0S9R8P7N',
      title: 'Trailphone X2 128 GB, Graphite – Gut',
      price: { amount: 39_099, currency: 'EUR' },
      language: 'de',
      product: { gtin: '4006381333931' },
    });
    expect(result?.listing.description).toContain('Battery health: 88');
  });

  it('prices the same item per channel by the channel’s fee and rounding', () => {
    const prices = (['shopify', 'ebay', 'backmarket', 'refurbed'] as const).map((channel) => channelListingFor({ ...input, channel })?.listing.price.amount);
    expect(prices).toEqual([35_599, 39_099, 38_700, 39_500]);
  });

  it('lists nothing on a channel the brand switched off or that does not sell the condition', () => {
    const off = { ...demoResale, channels: { ...demoResale.channels, ebay: demoResale.channels.ebay && { ...demoResale.channels.ebay, enabled: false } } };
    expect(channelListingFor({ ...input, channel: 'ebay', resale: off })).toBeUndefined();
    expect(channelListingFor({ ...input, channel: 'refurbed', condition: { grade: 'DEFECTIVE', repaired: false } })).toBeUndefined();
  });
});
