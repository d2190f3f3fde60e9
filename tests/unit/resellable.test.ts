import { describe, expect, it } from 'vitest';
import type { PassportEvent } from '../../shared/domain/passport';
import { resellableOf } from '../../shared/domain/resellable';

type Event = Pick<PassportEvent, 'type' | 'data'>;
const event = (type: Event['type'], data: Record<string, unknown> = {}): Event => ({ type, data });
const graded = { id: 'P1', state: 'GRADED' as const, route: { route: 'RESELL' as const, reason: 'r', decidedAt: '2026-12-07T10:00:00.000Z' } };
const resellable = (...timeline: Event[]) => resellableOf(graded, async () => timeline);

describe('whether a graded item is resold as repaired', () => {
  const paid = event('VoucherIssued');
  const repairedOnce = [paid, event('RepairAssigned', { jobId: 'P1-R1' }), event('Repaired', { jobId: 'P1-R1' }), event('Sold')];

  it('is repaired once its repair is reported, also when its buyer sent it back to be resold as it is', async () => {
    expect(await resellable(...repairedOnce)).toEqual({ repaired: true });
    expect(await resellable(...repairedOnce, event('SaleReturned', { route: 'RESELL' }))).toEqual({ repaired: true });
    expect(await resellable(paid)).toEqual({ repaired: false });
  });

  it('is not repaired when its buyer sent it back to repair and it was taken back from the partner before that repair', async () => {
    const returnedToRepair = [...repairedOnce, event('SaleReturned', { route: 'REPAIR' })];

    expect(await resellable(...returnedToRepair, event('RepairAssigned', { jobId: 'P1-R2' }), event('RouteOverridden', { withdrawn: { jobId: 'P1-R2' } }))).toEqual({ repaired: false });
    // Routed to resale by a person before any partner had it: as it is, too.
    expect(await resellable(...returnedToRepair, event('RouteOverridden', {}))).toEqual({ repaired: false });
    // Repaired again, it is.
    expect(await resellable(...returnedToRepair, event('RepairAssigned', { jobId: 'P1-R2' }), event('Repaired', { jobId: 'P1-R2' }))).toEqual({ repaired: true });
  });
});
