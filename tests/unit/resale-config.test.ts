import { describe, expect, it } from 'vitest';
import { demoResale } from '../../local/seed/demo-resale';
import { SALES_CHANNELS } from '../../shared/domain/listings';
import { BrandResaleConfigSchema } from '../../shared/schemas/resale';

describe('the resale configuration', () => {
  it('has the demo brand selling on all four channels', () => {
    expect(SALES_CHANNELS.filter((channel) => demoResale.channels[channel]?.enabled)).toEqual([...SALES_CHANNELS]);
  });

  it('refuses shares above 1, unknown channels and a shop that is not a myshopify domain', () => {
    const invalid = [
      { ...demoResale, priceRules: { ...demoResale.priceRules, repairedShare: 1.2 } },
      { ...demoResale, channels: { ...demoResale.channels, amazon: { enabled: true } } },
      { ...demoResale, channels: { ...demoResale.channels, shopify: { ...demoResale.channels.shopify, shopDomain: '127.0.0.1' } } },
    ];
    for (const config of invalid) expect(BrandResaleConfigSchema.safeParse(config).success).toBe(false);
  });
});
