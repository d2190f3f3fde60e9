import { describe, expect, it } from 'vitest';
import { PASSPORT_EVENT_TYPES } from '../../shared/domain/passport';
import { PassportEventDetailSchema } from '../../shared/schemas/events';

describe('the event catalogue', () => {
  it('has a schema for every passport event type and no other', () => {
    const described = PassportEventDetailSchema.def.options.map((option) => option.shape.type.def.values[0]).sort();
    expect(described).toEqual([...PASSPORT_EVENT_TYPES].sort());
  });

  it('refuses an event whose data does not match its type', () => {
    const event = { eventId: 'p/2', passportId: 'p', brand: 'demo', seq: 2, at: '2026-11-01T10:00:00.000Z', state: 'LABEL_CREATED' };
    expect(PassportEventDetailSchema.safeParse({ ...event, type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo: '1', shipBy: '2026-11-15T00:00:00.000Z' } }).success).toBe(true);
    expect(PassportEventDetailSchema.safeParse({ ...event, type: 'LabelCreated', data: { reason: 'x' } }).success).toBe(false);
  });
});
