import { stepFailureReason, type FailedRouteStep } from '../domain/attention';
import { failureMessageOf } from './workflow-failures';
import { canTransition } from '../domain/lifecycle';
import { routeDecidedAfter } from '../domain/passport';
import type { PassportRecords } from '../ports/passport-store';
import { retryingConcurrentChanges } from './concurrent-changes';
import { existingPassport } from './passports';

/**
 * The last step of a workflow that carries out a passport's route (routing, listing) when a step
 * failed for good: the passport waits for a person, with the failure as facts (`STEP_FAILED`) and
 * their English sentence, where its state allows. It is
 * left as it is when its route was decided again after `eventAt`, the time of the event the run
 * was started for (that route's own run carries it out). The move is made on the version read, so
 * an override landing between the read and the write is judged as well.
 *
 * @example
 * await flagRouteFailure(store, passportId, 'ROUTING', { error: 'States.Timeout' }, new Date().toISOString(), '2026-11-04T10:00:00.000Z'); // { flagged: true }
 */
export function flagRouteFailure(
  store: PassportRecords,
  passportId: string,
  step: FailedRouteStep,
  failure: { error: string; cause?: string },
  at: string,
  eventAt: string | undefined,
): Promise<{ flagged: boolean }> {
  const basis = { kind: 'STEP_FAILED' as const, step, error: failure.error, message: failureMessageOf(failure.cause) };
  const reason = stepFailureReason(basis);
  return retryingConcurrentChanges(async () => {
    const passport = await existingPassport(store, passportId);
    if (!canTransition(passport.state, 'NEEDS_ATTENTION') || routeDecidedAfter(passport, eventAt)) return { flagged: false };
    await store.transition(passportId, {
      to: 'NEEDS_ATTENTION',
      from: [passport.state],
      version: passport.version,
      at,
      set: { attention: { reason, basis, at } },
      event: { type: 'NeedsAttention', data: { reason, basis } },
    });
    return { flagged: true };
  });
}
