import * as z from 'zod/mini';
import { isSepaCountry, validateIban } from '../domain/iban';
import { ValidationError } from '../domain/errors';
import { isOneLine } from '../domain/plain-text';
import { PAYOUT_METHODS } from '../domain/passport';
import { carriesSepaName, fitsSepaName, SEPA_NAME_LENGTH } from '../domain/sepa-text';
import { AttentionBasisSchema, pageSize, isoDate, isoDateTime, MoneySchema, oneLine, PassportStateSchema, schema, UlidSchema } from './common';
import { AppliedFactorSchema } from './impact-factors';

// The contract of payouts: the customer's choice on the take-back request, the payout shown on
// the tracking page, and the bank-transfer exports of a brand's admins.

/**
 * An IBAN as a customer types it, checked by its ISO 13616 checksum and for SEPA reach, and
 * given on in electronic format. Messages never repeat the IBAN: it must not reach the logs.
 */
const IbanSchema = /* @__PURE__ */ schema(() => z.pipe(
  z.string().check(z.maxLength(50)),
  z.transform((input, context) => {
    try {
      const { iban, country } = validateIban(input, []);
      if (!isSepaCountry(country)) {
        context.issues.push({ code: 'custom', message: `SEPA transfers do not reach accounts in ${country}`, input });
        return z.NEVER;
      }
      return iban;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      context.issues.push({ code: 'custom', message: error.issues[0]?.message ?? 'not an IBAN', input });
      return z.NEVER;
    }
  }),
));

/** Voucher, or a bank transfer to the account given (the account holder's name as the bank knows it). */
// Banks print names in the SEPA Latin character set, and the bank file drops what it cannot carry: a name is taken only
// if the file carries all of it (ä as ae), so the bank pays the name the customer gave. Until 7 December 2026 one Latin
// letter was enough, and "Erika 李" was paid as "Erika". The trade-in and tracking pages can reuse `carriesSepaName`.
const AccountHolderSchema = /* @__PURE__ */ schema(() => z
  .string()
  .check(
    z.trim(),
    // One line of the bank file's XML and of the bank's statement.
    oneLine(),
    z.minLength(1),
    z.maxLength(SEPA_NAME_LENGTH),
    // A control character or bidi override is the one-line check's to name, once.
    z.refine((name) => !isOneLine(name) || carriesSepaName(name), 'must be written in Latin letters, as the bank account shows it'),
    // The bank file writes ä as ae and ß as ss, and holds 70 of its characters: a name that fits only before would stop
    // the brand's export (it did, until 7 December 2026).
    z.refine(
      fitsSepaName,
      `must have at most ${SEPA_NAME_LENGTH} characters as a bank transfer writes it (ä as ae, ß as ss)`,
    ),
  ));

export const PayoutChoiceSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('VOUCHER') }),
  z.strictObject({ method: z.literal('BANK_TRANSFER'), iban: IbanSchema, accountHolder: AccountHolderSchema }),
]));
export type PayoutChoice = z.infer<typeof PayoutChoiceSchema>;

/** A payout workflow started again by an admin (`POST /v1/passports/{id}/payout`): the Step Functions execution's name. */
export const PayoutRetryStartedSchema = /* @__PURE__ */ schema(() => z.object({ passportId: z.string(), execution: z.string() }));
export type PayoutRetryStarted = z.infer<typeof PayoutRetryStartedSchema>;

/**
 * A payout waiting for a person: the payout workflow gave up on it, or the sweeper stopped
 * re-driving it. It leaves the list once it is made.
 */
export const AwaitingPayoutSchema = /* @__PURE__ */ schema(() => z.object({
  passportId: UlidSchema,
  /** Where the item is now: routing does not wait for the payout. */
  state: PassportStateSchema,
  product: z.object({ sku: z.string(), name: z.string() }),
  method: z.enum(PAYOUT_METHODS),
  /** What grading settled: the customer's payout, or the counter-offer they accepted. */
  amount: z.optional(MoneySchema),
  /** Why it waits, as its last NeedsAttention event says. */
  reason: z.string(),
  /** The same as facts, for a reader to word in its own language (none on a payout flagged before the platform kept them). */
  basis: z.optional(AttentionBasisSchema),
  flaggedAt: isoDateTime(),
}));
export type AwaitingPayout = z.infer<typeof AwaitingPayoutSchema>;

/** The account a held bank transfer is to be paid to instead (`PUT /v1/take-backs/{id}/bank-account`). */
export const BankAccountEntrySchema = /* @__PURE__ */ schema(() => z.strictObject({ iban: IbanSchema, accountHolder: AccountHolderSchema }));
export type BankAccountEntry = z.infer<typeof BankAccountEntrySchema>;

export const PAYOUT_STATUSES = ['RESERVED', 'ISSUED', 'QUEUED', 'EXPORTED', 'NOTHING_TO_PAY'] as const;

/** The payout of a take-back as its customer sees it on the tracking page. */
export const TrackedPayoutSchema = /* @__PURE__ */ schema(() => z.object({
  method: z.enum(PAYOUT_METHODS),
  amount: MoneySchema,
  /**
   * RESERVED and ISSUED for vouchers, QUEUED and EXPORTED for bank transfers; NOTHING_TO_PAY when the
   * item was accepted at a payout of 0 (since 7 December 2026; a voucher or transfer of 0 was made before).
   */
  status: z.enum(PAYOUT_STATUSES),
  breakdown: z.array(z.object({ label: z.string(), amount: z.int() })),
  voucher: z.optional(z.object({ code: z.string(), expiresAt: isoDateTime() })),
  /**
   * `reenter`: the account cannot be used (the transfer is set aside); the customer is asked to
   * enter it again with `PUT /v1/take-backs/{id}/bank-account`.
   */
  bankAccount: z.optional(z.object({ ibanMasked: z.string(), reenter: z.optional(z.literal(true)) })),
}));
export type TrackedPayout = z.infer<typeof TrackedPayoutSchema>;

/** The CO2e one passport saves (`impactOfPassport`), net of the return parcel, with the factor behind it. */
export const PassportImpactSchema = /* @__PURE__ */ schema(() => z.object({
  avoidedKgCo2e: z.nullable(z.number()),
  grossKgCo2e: z.nullable(z.number()),
  transportKgCo2e: z.number(),
  unit: z.literal('kg CO2e'),
  factor: AppliedFactorSchema,
  transport: z.object({ method: z.string(), source: z.string() }),
}));
export type PassportImpactView = z.infer<typeof PassportImpactSchema>;

export const CreatePayoutExportQuerySchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** The day the bank should execute the transfers; the next bank business day when omitted. */
  executionDate: z.optional(isoDate()),
}));

export const PayoutExportPathSchema = /* @__PURE__ */ schema(() => z.object({ exportId: UlidSchema }));

/** A bank payout set aside because the account it pays to cannot be opened, with the reason. */
export const HeldPayoutSchema = /* @__PURE__ */ schema(() => z.object({ payoutId: UlidSchema, passportId: UlidSchema, amount: MoneySchema, ibanMasked: z.string(), reason: z.string() }));
export type HeldPayout = z.infer<typeof HeldPayoutSchema>;

export const PayoutExportSchema = /* @__PURE__ */ schema(() => z.object({
  exportId: UlidSchema,
  createdAt: isoDateTime(),
  requestedExecutionDate: isoDate(),
  /** The number of transfers in the file. */
  count: z.int().check(z.positive()),
  total: MoneySchema,
  /** The pain.001 file (admin route, `application/xml`). */
  fileUrl: z.url(),
  payouts: z.array(z.object({ payoutId: UlidSchema, passportId: UlidSchema, amount: MoneySchema, ibanMasked: z.string() })),
  /**
   * The payouts set aside because the bank accounts they pay to cannot be opened: those this export
   * set aside and those set aside earlier that still do not open. Each passport has one NeedsAttention
   * event, and each payout goes into a later export once its account opens.
   */
  held: z.array(HeldPayoutSchema),
}));
export type PayoutExport = z.infer<typeof PayoutExportSchema>;

export const ListQuerySchema = /* @__PURE__ */ schema(() => z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(1_024))),
  limit: pageSize(100, 25),
}));

export const PayoutExportListSchema = /* @__PURE__ */ schema(() => z.object({
  exports: z.array(PayoutExportSchema),
  cursor: z.optional(z.string()),
  /** The brand's payouts set aside now (at most 200, oldest first), whatever page this is: each goes into the next export once its account opens. */
  held: z.array(HeldPayoutSchema),
  /**
   * The brand's payouts waiting for a person now (at most 100, newest passport first), whatever page
   * this is: an admin starts each again from its passport (`POST /v1/passports/{id}/payout`).
   */
  awaiting: z.array(AwaitingPayoutSchema),
}));
export type PayoutExportList = z.infer<typeof PayoutExportListSchema>;
