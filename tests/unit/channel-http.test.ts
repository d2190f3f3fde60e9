import { describe, expect, it } from 'vitest';
import { decimalOf, minorUnitsOf } from '../../shared/adapters/http/channel-http';
import { SalesChannelUnavailableError } from '../../shared/ports/sales-channel';

describe('channel amounts', () => {
  it('writes minor units as the channels’ decimal strings', () => {
    expect(decimalOf({ amount: 36_699, currency: 'EUR' })).toBe('366.99');
    expect(decimalOf({ amount: 5, currency: 'EUR' })).toBe('0.05');
    expect(decimalOf({ amount: 0, currency: 'EUR' })).toBe('0.00');
  });

  it('reads the channels’ decimal strings as minor units without floats', () => {
    expect(minorUnitsOf('366.99')).toBe(36_699);
    expect(minorUnitsOf('366.9')).toBe(36_690);
    expect(minorUnitsOf('1.15')).toBe(115);
    expect(minorUnitsOf('20')).toBe(2_000);
    expect(minorUnitsOf(4.9)).toBe(490);
    expect(() => minorUnitsOf('12,50')).toThrow(SalesChannelUnavailableError);
  });
});
