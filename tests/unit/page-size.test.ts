import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { pageSize } from '../../shared/schemas/common';
import { LedgerQuerySchema } from '../../shared/schemas/ledger';
import { ListQuerySchema } from '../../shared/schemas/payouts';
import { ListingsQuerySchema } from '../../shared/schemas/resale-api';
import { WorkQueueQuerySchema } from '../../shared/schemas/staff';

describe('a page size in a query parameter', () => {
  const query = z.object({ limit: pageSize(100, 25) });

  it('reads decimal digits from 1 to its maximum, and its default when absent', () => {
    expect(query.parse({})).toEqual({ limit: 25 });
    expect(query.parse({ limit: '1' })).toEqual({ limit: 1 });
    expect(query.parse({ limit: '007' })).toEqual({ limit: 7 });
    expect(query.parse({ limit: '100' })).toEqual({ limit: 100 });
  });

  it.each(['0x10', '1e2', ' 5', '5 ', '+5', '-1', '1.5', '', 'ten', 'Infinity', '0b11', '12345678'])('refuses %j at limit, as Number() would have read some', (limit) => {
    const result = query.safeParse({ limit });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['limit']]);
  });

  it.each([
    ['0', 'must be at least 1'],
    ['101', 'must be at most 100'],
    ['0x10', 'must be a whole number in decimal digits'],
  ])('refuses %s, saying why', (limit, message) => {
    expect(query.safeParse({ limit }).error?.issues).toEqual([expect.objectContaining({ path: ['limit'], message })]);
  });

  it.each([
    ['the ledger', LedgerQuerySchema, { month: '2026-11' }],
    ['the bank exports and the configuration history', ListQuerySchema, {}],
    ['the listings', ListingsQuerySchema, {}],
    ['the work queue', WorkQueueQuerySchema, { state: 'RECEIVED' }],
  ] as const)('is how %s read their limit', (_name, schema, rest) => {
    expect((schema as z.ZodMiniType).safeParse({ ...rest, limit: '0x10' }).error?.issues.map((issue) => issue.path)).toEqual([['limit']]);
    expect(((schema as z.ZodMiniType).parse({ ...rest, limit: '16' }) as { limit: number }).limit).toBe(16);
  });
});
