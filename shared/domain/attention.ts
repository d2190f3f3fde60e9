/**
 * Why a passport waits for a person (its `attention`): the facts, the one English sentence the API
 * and the logs read, and what its customer may be told.
 */
import { UNREADABLE_SEAL_PROBLEMS } from './sealed-fields';

/** Why no repair partner can take an item: none repairs its category, none serves its address, or all there are full. */
export const UNASSIGNED_PROBLEMS = ['no-partner-for-category', 'no-partner-for-region', 'all-at-capacity'] as const;
export type UnassignedProblem = (typeof UNASSIGNED_PROBLEMS)[number];

/** The steps whose workflows the stalled-passport sweeper watches and starts again. */
export const STALLED_STEPS = ['LABEL', 'LABEL_EMAIL', 'PAYOUT', 'ROUTING', 'LISTING'] as const;
export type StalledStep = (typeof STALLED_STEPS)[number];

/**
 * Why a passport or its payout waits for a person, as facts for a reader to word in its own language
 * (the staff console); `attention.reason` and the `NeedsAttention` event's `reason` say the same in
 * English. A passport flagged before the platform kept the facts has none.
 */
export type AttentionBasis =
  /** No repair partner can take the item: none repairs the category, none serves `where` (country and postal code), or all there are full. */
  | { kind: 'NO_REPAIR_PARTNER'; problem: UnassignedProblem; category: string; where?: string }
  /** A step's workflow did not finish, although the sweeper started it again `redrives` times. */
  | { kind: 'STALLED'; step: StalledStep; minutes: number; redrives: number }
  /** DHL did not make the label: `error` is the failure's name, `message` the carrier's words. */
  | { kind: 'LABEL_FAILED'; error: string; message: string }
  /** A step that carries out the route (routing, listing) failed for good: `error` is the failure's name, `message` its own words. */
  | { kind: 'STEP_FAILED'; step: FailedRouteStep; error: string; message: string }
  /** The payout workflow gave up on the customer's payout: `error` is the failure's name, `message` its own words (a voucher issuer's, the configuration's). */
  | { kind: 'PAYOUT_FAILED'; error: string; message: string }
  /** An export set the bank transfer `payoutId` aside: its passport holds no account, or the sealed account does not open (`problem`). */
  | { kind: 'PAYOUT_HELD'; payoutId: string; problem: HeldPayoutProblem; keyId?: string };

/** The workflows that carry out a passport's route and hand a failure for good to a person. */
export const FAILED_ROUTE_STEPS = ['ROUTING', 'LISTING'] as const;
export type FailedRouteStep = (typeof FAILED_ROUTE_STEPS)[number];

/**
 * Why a bank transfer cannot go into an export: none on its passport, a sealed one that does not open, an account
 * holder's name longer than a bank file holds once written in its characters (`NAME_TOO_LONG`, accepted until
 * 7 December 2026, when names were counted before ä was written ae), or an amount a transfer cannot carry
 * (`AMOUNT_OUT_OF_RANGE`: a transfer of 0 was queued until 7 December 2026, and stopped every export of its brand).
 */
// Built in a function marked pure: a spread at module level would stay in every bundle that imports this module.
export const HELD_PAYOUT_PROBLEMS = /* @__PURE__ */ (() => ['NO_BANK_ACCOUNT', ...UNREADABLE_SEAL_PROBLEMS, 'NAME_TOO_LONG', 'AMOUNT_OUT_OF_RANGE'] as const)();
export type HeldPayoutProblem = (typeof HELD_PAYOUT_PROBLEMS)[number];

type Basis<K extends AttentionBasis['kind']> = Extract<AttentionBasis, { kind: K }>;

// The English sentence of each kind of facts: the reason the platform writes beside them, and the
// staff console's English words. One function per kind, so that a step carries only its own sentences.

/** @example noRepairPartnerReason({ kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-region', category: 'smartphone', where: 'DE 10115' }); // 'No repair partner for smartphone serves DE 10115' */
export function noRepairPartnerReason(basis: Basis<'NO_REPAIR_PARTNER'>): string {
  if (basis.problem === 'no-partner-for-category') return `No active repair partner repairs ${basis.category}`;
  if (basis.problem === 'no-partner-for-region') return `No repair partner for ${basis.category} serves ${basis.where}`;
  return `Every repair partner for ${basis.category} serving ${basis.where} is at capacity`;
}

const STEP_NAMES: Record<StalledStep, string> = {
  LABEL: 'The DHL return label',
  LABEL_EMAIL: 'The label e-mail to the customer',
  PAYOUT: "The customer's payout",
  ROUTING: "The item's route (its repair partner, or recycling)",
  LISTING: "The item's listing on the brand's channels",
};

export function stalledStepReason(basis: Basis<'STALLED'>): string {
  // A route or a listing is started again by routing the item again, as after any failed one.
  const then = basis.step === 'LISTING' ? 'route the item to RESELL again' : basis.step === 'ROUTING' ? 'override the route' : 'retry the step';
  return `${STEP_NAMES[basis.step]} was still not done ${basis.minutes} minutes after the step began, although its workflow was started again ${basis.redrives} times. Look at the workflow's executions and logs for this passport, then ${then}.`;
}

export function labelFailureReason(basis: Basis<'LABEL_FAILED'>): string {
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

export function stepFailureReason(basis: Basis<'STEP_FAILED'>): string {
  return basis.step === 'ROUTING'
    ? `Routing failed (${basis.error}): ${basis.message}. Check the brand's route rules and repair partners, then override the route.`
    : `Listing failed (${basis.error}): ${basis.message}. Check the brand's channels and price rules, then route the item to RESELL again.`;
}

export function payoutFailureReason(basis: Basis<'PAYOUT_FAILED'>): string {
  return `The payout could not be made (${basis.error}): ${basis.message}. Check the brand's payout configuration and retry.`;
}

const UNREADABLE_ACCOUNTS: Record<HeldPayoutProblem, (keyId?: string) => string> = {
  NO_BANK_ACCOUNT: () => 'its passport holds no bank account',
  MALFORMED: () => 'its sealed bank account is malformed',
  KEY_RETIRED: (keyId) => `its bank account was sealed under the field key "${keyId}", which the FieldKey secret no longer holds`,
  ALTERED: () => 'its sealed bank account was altered, or sealed for another record or under another secret',
  NOT_AN_ACCOUNT: () => 'its sealed bank account holds no IBAN and account holder',
  NAME_TOO_LONG: () => "its account holder's name is longer than the 70 characters a bank file holds (ä written ae, ß ss)",
  AMOUNT_OUT_OF_RANGE: () => 'its amount is outside the 0.01 to 999,999,999.99 a SEPA credit transfer carries',
};

export function heldPayoutReason(basis: Basis<'PAYOUT_HELD'>): string {
  const cause = `The bank transfer ${basis.payoutId} cannot be exported: ${UNREADABLE_ACCOUNTS[basis.problem](basis.keyId)}. `;
  if (basis.problem === 'AMOUNT_OUT_OF_RANGE') {
    return `${cause}It is set aside for good, and its customer is not asked for anything: pay them otherwise if anything is owed.`;
  }
  if (basis.problem === 'NAME_TOO_LONG') {
    return `${cause}It is set aside and goes into the next export once its customer enters the account again on the tracking page, with the name as the bank shortens it.`;
  }
  return (
    cause +
    'It is set aside and goes into the next export once its account opens again (check the platform secret the bank accounts ' +
    'are sealed with) or its customer enters the account again on the tracking page.'
  );
}

/** Every kind's English sentence: the staff console's English words are the very reasons the platform writes. */
export const ATTENTION_REASONS: { [K in AttentionBasis['kind']]: (basis: Basis<K>) => string } = {
  NO_REPAIR_PARTNER: noRepairPartnerReason,
  STALLED: stalledStepReason,
  LABEL_FAILED: labelFailureReason,
  STEP_FAILED: stepFailureReason,
  PAYOUT_FAILED: payoutFailureReason,
  PAYOUT_HELD: heldPayoutReason,
};

/** What a customer is told of a passport waiting for a person (`customerAttention`). */
export const CUSTOMER_ATTENTION_CAUSES = ['ADDRESS_REFUSED', 'IN_REVIEW'] as const;
export type CustomerAttentionCause = (typeof CUSTOMER_ATTENTION_CAUSES)[number];

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
  // The passport's `reason` is the staff's: it is read by nobody here, so it never reaches the customer.
  const { basis, at } = attention;
  // DHL refusing the brand's receiver (one it does not know, or one that takes no returns from the parcel's country) is
  // the brand's to mend, not the customer's address: until 7 December 2026 the customer was told their address was refused.
  if (basis?.kind === 'LABEL_FAILED' && basis.error === 'CarrierRejected' && !/\b(?:receiverId|shipper\.country)\b/.test(basis.message)) {
    return { cause: 'ADDRESS_REFUSED', reason: 'DHL could not make a return label for the address you gave. We will get in touch to put it right.', at };
  }
  return { cause: 'IN_REVIEW', reason: 'We are looking into your take-back and will get in touch.', at };
}
