import { describe, expect, it } from 'vitest';
import { advanceOrderCursor, decodeOrderCursor, encodeOrderCursor } from '../../shared/adapters/http/order-cursor';
import { SalesChannelRejectedError } from '../../shared/ports/sales-channel';

interface Order {
  id: string;
  at: string;
}
const clock = { modifiedAt: (order: Order) => order.at, idOf: (order: Order) => order.id, isLater: (a: string, b: string) => a > b };
const isId = (value: unknown): value is string => typeof value === 'string';

describe('the order cursor of channels polled by modification time', () => {
  it('moves to the latest modification and remembers the orders seen at that instant', () => {
    const next = advanceOrderCursor({ seen: [] }, [{ id: 'A', at: '10:00' }, { id: 'C', at: '10:01' }, { id: 'B', at: '10:01' }], clock);

    expect(next).toEqual({ since: '10:01', seen: ['C', 'B'] });
  });

  it('adds orders modified in the same instant to those seen, and forgets them once time moves on', () => {
    const same = advanceOrderCursor({ since: '10:01', seen: ['B'] }, [{ id: 'B', at: '10:01' }, { id: 'D', at: '10:01' }], clock);
    const later = advanceOrderCursor(same, [{ id: 'E', at: '10:02' }], clock);

    expect(same).toEqual({ since: '10:01', seen: ['B', 'D'] });
    expect(later).toEqual({ since: '10:02', seen: ['E'] });
  });

  it('stays where it is when a poll finds nothing, so the stored string does not change', () => {
    const position = { since: '10:01', seen: ['B'] };

    expect(encodeOrderCursor(advanceOrderCursor(position, [], clock))).toBe(encodeOrderCursor(position));
  });

  it('reads back what it wrote, drops ids of another type, and refuses a string that is no cursor', () => {
    const stored = Buffer.from(JSON.stringify({ since: '10:01', seen: ['B', 7] })).toString('base64url');

    expect(decodeOrderCursor(encodeOrderCursor({ since: '10:01', seen: ['B'] }), isId, 'Test')).toEqual({ since: '10:01', seen: ['B'] });
    expect(decodeOrderCursor(stored, isId, 'Test')).toEqual({ since: '10:01', seen: ['B'] });
    expect(decodeOrderCursor(undefined, isId, 'Test')).toEqual({ seen: [] });
    expect(() => decodeOrderCursor('not a cursor', isId, 'Test')).toThrow(SalesChannelRejectedError);
  });
});
