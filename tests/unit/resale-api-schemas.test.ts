import { describe, expect, it } from 'vitest';
import { ChannelCredentialsSchema, ListingChangeRequestSchema, ListingPathSchema, ListingsQuerySchema } from '../../shared/schemas/resale-api';

describe('the resale API schemas', () => {
  it('lists LISTED listings fifty at a time unless asked otherwise', () => {
    expect(ListingsQuerySchema.parse({})).toEqual({ state: 'LISTED', limit: 50 });
    expect(ListingsQuerySchema.parse({ state: 'SOLD', channel: 'ebay', limit: '10' })).toEqual({ state: 'SOLD', channel: 'ebay', limit: 10 });
  });

  it('refuses an unknown state or channel, a limit out of range and unknown parameters', () => {
    for (const query of [{ state: 'GONE' }, { channel: 'amazon' }, { limit: '0' }, { limit: '101' }, { sort: 'price' }]) {
      expect(ListingsQuerySchema.safeParse(query).success).toBe(false);
    }
  });

  it('takes a new price, a withdrawal or a relist, and nothing else', () => {
    expect(ListingChangeRequestSchema.parse({ action: 'price', price: { amount: 34_900, currency: 'EUR' } })).toEqual({ action: 'price', price: { amount: 34_900, currency: 'EUR' } });
    expect(ListingChangeRequestSchema.parse({ action: 'withdraw' })).toEqual({ action: 'withdraw' });
    for (const body of [
      { action: 'price', price: { amount: 0, currency: 'EUR' } },
      { action: 'price', price: { amount: 10.5, currency: 'EUR' } },
      { action: 'price' },
      { action: 'withdraw', price: { amount: 100, currency: 'EUR' } },
      { action: 'delete' },
    ]) {
      expect(ListingChangeRequestSchema.safeParse(body).success).toBe(false);
    }
  });

  it('takes a new price with acceptLoss and its reason of 1 to 200 characters, trimmed, and no acceptLoss elsewhere', () => {
    const price = { amount: 100, currency: 'EUR' };
    expect(ListingChangeRequestSchema.parse({ action: 'price', price, acceptLoss: { reason: '  Display model, clearance ' } })).toEqual({
      action: 'price',
      price,
      acceptLoss: { reason: 'Display model, clearance' },
    });
    expect(ListingChangeRequestSchema.safeParse({ action: 'price', price, acceptLoss: { reason: 'x'.repeat(200) } }).success).toBe(true);
    for (const body of [
      { action: 'price', price, acceptLoss: { reason: '' } },
      { action: 'price', price, acceptLoss: { reason: '   ' } },
      { action: 'price', price, acceptLoss: { reason: 'x'.repeat(201) } },
      { action: 'price', price, acceptLoss: {} },
      { action: 'price', price, acceptLoss: true },
      { action: 'price', price, acceptLoss: { reason: 'Display model', by: 'someone else' } },
      { action: 'withdraw', acceptLoss: { reason: 'Display model' } },
      { action: 'relist', acceptLoss: { reason: 'Display model' } },
    ]) {
      expect(ListingChangeRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });

  it('names a listing by a passport id and a channel we sell on', () => {
    expect(ListingPathSchema.safeParse({ id: '01JD3V6Q8Z5W4X2Y1T0S9R8P7N', channel: 'refurbed' }).success).toBe(true);
    expect(ListingPathSchema.safeParse({ id: '../etc', channel: 'refurbed' }).success).toBe(false);
    expect(ListingPathSchema.safeParse({ id: '01JD3V6Q8Z5W4X2Y1T0S9R8P7N', channel: '__proto__' }).success).toBe(false);
  });

  it('reads the channel credentials secret only in its documented shape', () => {
    expect(ChannelCredentialsSchema.safeParse({ shopifyWebhookSecrets: ['s'], brands: { demo: { ebay: { accessToken: 't' } } } }).success).toBe(true);
    expect(ChannelCredentialsSchema.safeParse({ shopifyWebhookSecrets: 's', brands: {} }).success).toBe(false);
  });
});
