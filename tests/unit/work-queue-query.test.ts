import { describe, expect, it } from 'vitest';
import { WorkQueueQuerySchema } from '../../shared/schemas/staff';

describe('the work queue query', () => {
  it('takes a shipment number as typed from the label, spaces between digit groups dropped', () => {
    expect(WorkQueueQuerySchema.parse({ shipmentNo: '0034 0434 1234 5678 90' })).toEqual({ shipmentNo: '003404341234567890', limit: 25 });
  });

  it('refuses a query with both a state and a shipment number, or with neither, at state', () => {
    for (const query of [{ state: 'RECEIVED', shipmentNo: '003404341234' }, {}]) {
      const result = WorkQueueQuerySchema.safeParse(query);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path)).toEqual([['state']]);
    }
  });

  it('refuses a shipment number with characters no label prints', () => {
    expect(WorkQueueQuerySchema.safeParse({ shipmentNo: '0034-0434' }).success).toBe(false);
  });
});
