import { describe, expect, it } from 'vitest';
import { listingSku, passportIdOfSku } from '../../shared/domain/listing-sku';

const passportId = '01JD3V6Q8Z5W4X2Y1T0S9R8P7N';

describe('listingSku', () => {
  it('is the brand in capitals and the passport id, the same every time', () => {
    expect(listingSku('demo-outdoor', passportId)).toBe('DEMOOUTDOOR01JD3V6Q8Z5W4X2Y1T0S9R8P7N');
    expect(listingSku('demo-outdoor', passportId)).toBe(listingSku('demo-outdoor', passportId));
  });

  it('stays within eBay’s 50 letters and digits for the longest brand slug', () => {
    const sku = listingSku(`a${'-b'.repeat(31)}`, passportId);
    expect(sku).toMatch(/^[A-Z0-9]{1,50}$/);
    expect(passportIdOfSku(sku)).toBe(passportId);
  });

  it('refuses an id that is not a ULID', () => {
    expect(() => listingSku('demo', 'not-a-ulid')).toThrow(RangeError);
  });
});

describe('passportIdOfSku', () => {
  it('finds the passport of our SKUs and nothing in anyone else’s', () => {
    expect(passportIdOfSku(listingSku('demo', passportId))).toBe(passportId);
    expect(passportIdOfSku('TSHIRT-RED-M')).toBeUndefined();
    expect(passportIdOfSku('DEMOUUUUUUUUUUUUUUUUUUUUUUUUUU')).toBeUndefined();
  });
});
