/**
 * Why a passport waits for a person (its `attention`): the facts, the one English sentence the API
 * and the logs read, and what its customer may be told.
 */
import type { UnassignedProblem } from './repair-partners';
import type { StalledStep } from './stalled-passports';

/**
 * Why a passport waits for a person, as facts for a reader to word in its own language (the staff
 * console); `attention.reason` says the same in English. A failure the platform only has as an error
 * message (a routing or listing step that failed) has none.
 */
export type AttentionBasis =
  /** No repair partner can take the item: none repairs the category, none serves `where` (country and postal code), or all there are full. */
  | { kind: 'NO_REPAIR_PARTNER'; problem: UnassignedProblem; category: string; where?: string }
  /** A step's workflow did not finish, although the sweeper started it again `redrives` times. */
  | { kind: 'STALLED'; step: StalledStep; minutes: number; redrives: number }
  /** DHL did not make the label: `error` is the failure's name, `message` the carrier's words. */
  | { kind: 'LABEL_FAILED'; error: string; message: string };

const STEP_NAMES: Record<StalledStep, string> = {
  LABEL: 'The DHL return label',
  LABEL_EMAIL: 'The label e-mail to the customer',
  PAYOUT: "The customer's payout",
};

/**
 * The English sentence of an attention's facts: the `attention.reason` the platform writes, and the
 * staff console's English words.
 *
 * @example
 * attentionReasonOf({ kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-region', category: 'smartphone', where: 'DE 10115' });
 * // 'No repair partner for smartphone serves DE 10115'
 */
export function attentionReasonOf(basis: AttentionBasis): string {
  switch (basis.kind) {
    case 'NO_REPAIR_PARTNER':
      if (basis.problem === 'no-partner-for-category') return `No active repair partner repairs ${basis.category}`;
      if (basis.problem === 'no-partner-for-region') return `No repair partner for ${basis.category} serves ${basis.where}`;
      return `Every repair partner for ${basis.category} serving ${basis.where} is at capacity`;
    case 'STALLED':
      return `${STEP_NAMES[basis.step]} was still not done ${basis.minutes} minutes after the step began, although its workflow was started again ${basis.redrives} times. Look at the workflow's executions and logs for this passport, then retry the step.`;
    case 'LABEL_FAILED':
      switch (basis.error) {
        case 'CarrierRejected':
          return `DHL refused the label request: ${basis.message}. Check the customer's address and the brand's DHL receiver id.`;
        case 'CarrierAuthFailed':
          return `DHL refused our credentials: ${basis.message}. Check the DHL API key and user in the DHL secret.`;
        case 'CarrierUnavailable':
          return `DHL was unavailable on every attempt: ${basis.message}. Retry the label later.`;
        default:
          return `The label could not be created (${basis.error}): ${basis.message}.`;
      }
  }
}

/** What a customer is told of a passport waiting for a person (`customerAttention`). */
export type CustomerAttentionCause = 'ADDRESS_REFUSED' | 'IN_REVIEW';

/**
 * A passport's attention as its customer may read it on the tracking page: never the staff's reason
 * (a partner's capacity, the brand's DHL credentials, a workflow's logs), only whether DHL refused
 * the address they gave (`ADDRESS_REFUSED`) or the brand is looking into it (`IN_REVIEW`), with an
 * English sentence in the brand's voice to match.
 *
 * @example
 * customerAttention({ reason: 'DHL refused our credentials: …', basis: { kind: 'LABEL_FAILED', error: 'CarrierAuthFailed', message: '…' }, at });
 * // { cause: 'IN_REVIEW', reason: 'We are looking into your take-back and will get in touch.', at }
 */
export function customerAttention(attention: { reason: string; basis?: AttentionBasis; at: string }): { cause: CustomerAttentionCause; reason: string; at: string } {
  const { basis, at } = attention;
  if (basis?.kind === 'LABEL_FAILED' && basis.error === 'CarrierRejected') {
    return { cause: 'ADDRESS_REFUSED', reason: 'DHL could not make a return label for the address you gave. We will get in touch to put it right.', at };
  }
  return { cause: 'IN_REVIEW', reason: 'We are looking into your take-back and will get in touch.', at };
}
