/**
 * The fields the platform stores sealed (`shared/services/field-cipher.ts`), by the purpose each is
 * sealed for: every purpose has a key of its own, and a value opens only for its purpose and record.
 */
export const SEALED_FIELD_PURPOSES = {
  /** A customer's bank account on the passport it pays (context: the passport id). */
  bankAccount: 'bank-account',
  /** A brand's webhook subscription's signing secret, and for a day after a rotation the one before it (context: `{brand}/{subscriptionId}`). */
  webhookSecret: 'webhook-secret',
  /** A repair partner's job-webhook secret (context: `{brand}/{partnerId}`). */
  partnerSecret: 'repair-partner-webhook-secret',
} as const;

/**
 * Why a sealed value does not open: it is malformed, its key is no longer in the ring, it was altered
 * (or sealed for another record or under another secret), or it opens to something that is not the
 * field (a bank account without IBAN and holder).
 */
export const UNREADABLE_SEAL_PROBLEMS = ['MALFORMED', 'KEY_RETIRED', 'ALTERED', 'NOT_AN_ACCOUNT'] as const;
export type UnreadableSealProblem = (typeof UNREADABLE_SEAL_PROBLEMS)[number];
