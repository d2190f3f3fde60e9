/**
 * When a passport counts as stalled in a step that should finish on its own, and what the sweeper
 * does about it (DESIGN.md §9, crash safety).
 *
 * A workflow step that is running finishes, retries or flags the passport within minutes. A
 * passport still in the step after {@link SweepPolicy.stalledAfterMs} lost its workflow (a crash,
 * an event that never arrived): the sweeper starts the step's workflow again, which is safe
 * because every step is idempotent. Each re-drive gets the same time to work. After
 * {@link SweepPolicy.maxRedrives} re-drives that did not help, the passport goes to
 * NEEDS_ATTENTION with a reason a person can act on.
 */
import { stalledStepReason, type AttentionBasis, type StalledStep } from './attention';

/** The steps the sweeper watches, each with the passport state it happens in. */
export type { StalledStep } from './attention';

export interface SweepPolicy {
  /** How long a step may take, retries included, before it counts as stalled. */
  stalledAfterMs: number;
  /** How many times the step's workflow is started again before a person is asked. */
  maxRedrives: number;
}

/**
 * The label step retries DHL for about five minutes at most and the payout step for about ten;
 * fifteen minutes is well past either, and three re-drives span the better part of an hour.
 */
export const SWEEP_POLICY: SweepPolicy = { stalledAfterMs: 15 * 60_000, maxRedrives: 3 };

export interface StepProgress {
  step: StalledStep;
  /** When the passport entered the step (its last state change). */
  since: string;
  /** How often the sweeper started the step's workflow again, and when it last did. */
  redrives: number;
  lastRedriveAt?: string;
}

export type SweepDecision =
  | { action: 'WAIT' }
  | { action: 'REDRIVE'; attempt: number }
  | { action: 'FLAG'; reason: string; basis: Extract<AttentionBasis, { kind: 'STALLED' }> };

/**
 * What to do with a passport in a step, at `now`.
 *
 * @example
 * const since = '2026-11-01T10:00:00.000Z';
 * sweepDecision({ step: 'LABEL', since, redrives: 0 }, new Date('2026-11-01T10:05:00.000Z')); // { action: 'WAIT' }
 * sweepDecision({ step: 'LABEL', since, redrives: 0 }, new Date('2026-11-01T10:20:00.000Z')); // { action: 'REDRIVE', attempt: 1 }
 * sweepDecision({ step: 'LABEL', since, redrives: 3, lastRedriveAt: '2026-11-01T11:00:00.000Z' }, new Date('2026-11-01T11:20:00.000Z'));
 * // { action: 'FLAG', reason: 'The DHL return label was still not done 80 minutes after …' }
 */
export function sweepDecision(progress: StepProgress, now: Date, policy: SweepPolicy = SWEEP_POLICY): SweepDecision {
  const lastTry = Math.max(Date.parse(progress.since), progress.lastRedriveAt ? Date.parse(progress.lastRedriveAt) : 0);
  if (now.getTime() - lastTry < policy.stalledAfterMs) return { action: 'WAIT' };
  if (progress.redrives < policy.maxRedrives) return { action: 'REDRIVE', attempt: progress.redrives + 1 };
  const minutes = Math.round((now.getTime() - Date.parse(progress.since)) / 60_000);
  const basis = { kind: 'STALLED', step: progress.step, minutes, redrives: progress.redrives } as const;
  return { action: 'FLAG', reason: stalledStepReason(basis), basis };
}
