import { describe, expect, it } from 'vitest';
import { SWEEP_POLICY, sweepDecision } from '../../shared/domain/stalled-passports';

const since = '2026-11-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(since) + minutes * 60_000);

describe('sweepDecision', () => {
  it('leaves a step alone while it is within its bound', () => {
    expect(sweepDecision({ step: 'LABEL', since, redrives: 0 }, at(14))).toEqual({ action: 'WAIT' });
  });

  it('re-drives a step past its bound', () => {
    expect(sweepDecision({ step: 'LABEL', since, redrives: 0 }, at(15))).toEqual({ action: 'REDRIVE', attempt: 1 });
  });

  it('gives each re-drive the whole bound before the next', () => {
    const progress = { step: 'PAYOUT' as const, since, redrives: 1, lastRedriveAt: at(15).toISOString() };
    expect(sweepDecision(progress, at(29))).toEqual({ action: 'WAIT' });
    expect(sweepDecision(progress, at(30))).toEqual({ action: 'REDRIVE', attempt: 2 });
  });

  it('flags the passport with the step and the number of re-drives once they are spent', () => {
    const progress = { step: 'LABEL_EMAIL' as const, since, redrives: SWEEP_POLICY.maxRedrives, lastRedriveAt: at(45).toISOString() };
    const decision = sweepDecision(progress, at(60));
    expect(decision).toEqual({
      action: 'FLAG',
      reason: expect.stringContaining('The label e-mail to the customer was still not done 60 minutes'),
      basis: { kind: 'STALLED', step: 'LABEL_EMAIL', minutes: 60, redrives: 3 },
    });
    expect(decision.action === 'FLAG' && decision.reason).toContain('started again 3 times');
  });

  it('follows the policy it is given', () => {
    const policy = { stalledAfterMs: 60_000, maxRedrives: 0 };
    expect(sweepDecision({ step: 'LABEL', since, redrives: 0 }, at(1), policy)).toMatchObject({ action: 'FLAG' });
  });
});
