import { describe, expect, it } from 'vitest';
import { RouteOverrideRequestSchema } from '../../shared/schemas/staff';

describe('a route override request (POST /v1/passports/{id}/route)', () => {
  it('takes acceptLoss with the route RESELL, and not with another route', () => {
    expect(RouteOverrideRequestSchema.parse({ route: 'RESELL', reason: 'Clearance', acceptLoss: true })).toEqual({ route: 'RESELL', reason: 'Clearance', acceptLoss: true });
    expect(RouteOverrideRequestSchema.parse({ route: 'RESELL', reason: 'Clearance' })).toEqual({ route: 'RESELL', reason: 'Clearance' });
    for (const route of ['RECYCLE', 'REPAIR']) {
      const refused = RouteOverrideRequestSchema.safeParse({ route, reason: 'Clearance', acceptLoss: true });
      expect(refused.error?.issues, route).toEqual([expect.objectContaining({ path: ['acceptLoss'], message: 'is only for the route RESELL' })]);
    }
    expect(RouteOverrideRequestSchema.safeParse({ route: 'RESELL', reason: 'Clearance', acceptLoss: false }).success).toBe(false);
  });

  it('takes the repair job to withdraw by its id, and nothing else in its place', () => {
    const jobId = '01JD3Z6C5W9V1X4N2QHR7T8K0B-R1';
    expect(RouteOverrideRequestSchema.parse({ route: 'RECYCLE', reason: 'Partner closed down', jobId })).toEqual({ route: 'RECYCLE', reason: 'Partner closed down', jobId });
    const refused = RouteOverrideRequestSchema.safeParse({ route: 'RECYCLE', reason: 'Partner closed down', jobId: 'rp-geraetewerk-berlin' });
    expect(refused.error?.issues).toEqual([expect.objectContaining({ path: ['jobId'], message: 'must be a repair job id' })]);
  });
});
