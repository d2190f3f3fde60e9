import type { Money } from '../domain/catalog';
import type { LedgerLine } from '../domain/ledger';
import type { CustomerSegment } from '../domain/payout-rules';
import type { PayoutMethod, SealedBankAccount } from '../domain/passport';
import type { LoggedEvent } from './passport-event-log';
import type { HeldPayout } from '../schemas/payouts';
import type { VoucherRedeemed } from '../schemas/vouchers';

export type PayoutStatus = 'RESERVED' | 'ISSUED' | 'QUEUED' | 'EXPORTED' | 'HELD' | 'NOTHING_TO_PAY';

/**
 * The one payout of a passport. A voucher is RESERVED (id and code fixed) before its issuer is
 * called and ISSUED after; a bank transfer is QUEUED until an export claims it (EXPORTED). A bank
 * transfer whose account cannot be opened is HELD out of the exports, with the reason, until an
 * export finds it readable again and queues it back, or its customer enters the account again.
 * An item whose payout comes to 0 is settled with NOTHING_TO_PAY: no voucher, no transfer.
 */
/** Who makes a brand's voucher codes spendable (`VoucherIssuer.kind`). */
export type VoucherIssuerKind = 'kreislauf' | 'shopify';

export interface PayoutRecord {
  payoutId: string;
  passportId: string;
  brand: string;
  method: PayoutMethod;
  amount: Money;
  breakdown: { label: string; amount: number }[];
  segment: CustomerSegment;
  status: PayoutStatus;
  createdAt: string;
  /**
   * `issuer`: the brand's issuer when the voucher was reserved, and once ISSUED the one that made it (they differ when
   * the brand's settings changed in between). `claimedBy`: the only issuer that may be asked to make the code while it
   * is RESERVED (`claimVoucherIssuer`); absent until one is, and again after that one refused it for good.
   */
  voucher?: { voucherId: string; code: string; expiresAt: string; issuer: VoucherIssuerKind; claimedBy?: VoucherIssuerKind };
  /** The masked IBAN of a bank transfer, for listings and e-mails; removed at the customer's erasure. */
  ibanMasked?: string;
  exportId?: string;
  exportedAt?: string;
  /** Why and since when a HELD payout waits outside the exports. */
  held?: { reason: string; at: string };
}

export interface Voucher {
  voucherId: string;
  code: string;
  brand: string;
  passportId: string;
  value: Money;
  /** Minor units left to spend. */
  balance: number;
  expiresAt: string;
  issuedAt: string;
  issuer: 'kreislauf' | 'shopify';
  redemptions: Redemption[];
}

export interface Redemption {
  redemptionId: string;
  amount: number;
  orderRef: string;
  at: string;
}

/**
 * A voucher's redemption as answered to the shop, kept under the hash of the shop's API key id and
 * Idempotency-Key (or the redemption id), with the request it answered.
 */
export interface RedemptionRecord {
  key: string;
  request: { amount: number; orderRef: string; currency: string | null };
  answer: VoucherRedeemed;
}

export interface PayoutExportRecord {
  exportId: string;
  brand: string;
  createdAt: string;
  requestedExecutionDate: string;
  /**
   * OPEN while its payouts are being claimed and its file written; READY once the file is stored;
   * DISCARDED when concurrent exports claimed every payout it found.
   */
  status: 'OPEN' | 'READY' | 'DISCARDED';
  fileKey?: string;
  count?: number;
  total?: Money;
  payouts?: { payoutId: string; passportId: string; amount: Money; ibanMasked: string }[];
  /** The payouts set aside (HELD) when this export was made, because their accounts did not open. */
  held?: HeldPayout[];
}

/** Who is paid, for the index of paid take-backs that tells returning customers. */
export interface PaidTakeBack {
  customerHash: string;
  at: string;
}

/** A customer's take-backs at a brand, by the hash of their e-mail address: all of them, and the paid ones (`PaidTakeBack`). */
export interface CustomerIndex {
  /** The passports of the customer's take-backs, those requested since the index was kept (5 December 2026). */
  takeBacksOf(brand: string, customerHash: string): Promise<string[]>;
  /** Takes the passport out of its customer's index, and out of being their first paid take-back; nothing when it is in neither. */
  forget(brand: string, customerHash: string, passportId: string): Promise<void>;
  /** Deletes the counters of the take-backs per day of a mailbox (the label e-mail's cap), kept under its `mailboxHash`. */
  forgetDailyCounts(brand: string, mailboxHash: string): Promise<void>;
}

/** A passport's payout, read. */
export interface PayoutReads {
  getPayout(passportId: string): Promise<PayoutRecord | undefined>;
}

/**
 * What a customer's erasure reads and changes of their passport's payout: the payout, the export that
 * claimed a bank transfer (whose file must be written before the account may go), and the bank
 * account's details the payout keeps for its customer.
 */
export interface PayoutErasure extends PayoutReads {
  getExport(brand: string, exportId: string): Promise<PayoutExportRecord | undefined>;
  /**
   * Removes what the passport's payout keeps of its customer's bank account (the masked IBAN); idempotent, and
   * nothing when the passport has no payout.
   */
  forgetBankAccount(passportId: string): Promise<void>;
}

/**
 * Vouchers and bank payouts. Every write that pays or issues is conditional, and writes its
 * passport event in the same transaction. The exports of bank payouts are in {@link PayoutExportStore}.
 */
export interface PayoutStore extends PayoutReads {
  /**
   * The take-backs of this customer that were paid, other than the given passport; the one paid
   * as the customer's first counts from the moment its payout was fixed.
   */
  countPaidTakeBacks(brand: string, customerHash: string, exceptPassportId: string): Promise<number>;

  /**
   * Stores the RESERVED voucher payout unless the passport has one; resolves with the one stored.
   * A payout for the NEW segment also claims the customer's first take-back, in the same write.
   * @throws ConcurrentChangeError when another take-back of the customer claimed it first: nothing was written.
   */
  reserveVoucher(payout: PayoutRecord, customerHash: string): Promise<PayoutRecord>;
  /**
   * Turns a RESERVED voucher payout into an ISSUED voucher, with its VoucherIssued event and its
   * PAYOUT ledger line, in one transaction. The payout records the voucher's issuer (the one that
   * made it) in the same write.
   * @returns `false` when another attempt issued it first (and wrote the line).
   */
  issueVoucher(payout: PayoutRecord, voucher: Voucher, paid: PaidTakeBack, event: LoggedEvent, ledger: LedgerLine): Promise<boolean>;
  /**
   * Claims the RESERVED voucher for one issuer before that issuer is called, in a conditional write: only one kind of
   * issuer ever holds the claim, so two attempts that read different brand settings cannot both make the code.
   * @returns the kind that holds the claim (`kind`, or the other that claimed it first), or `undefined` when the
   *   payout is no longer RESERVED (another attempt issued it).
   */
  claimVoucherIssuer(payout: PayoutRecord, kind: VoucherIssuerKind): Promise<VoucherIssuerKind | undefined>;
  /**
   * Gives up the claim of `kind` after that issuer refused the voucher for good (it holds no code), in a conditional
   * write, so that an attempt after the admin's switch can claim another. Does nothing when `kind` holds no claim.
   */
  releaseVoucherIssuer(payout: PayoutRecord, kind: VoucherIssuerKind): Promise<void>;
  /**
   * Stores a QUEUED bank payout unless the passport has a payout, with its BankPayoutQueued event
   * and its PAYOUT ledger line, in one transaction; for the NEW segment it claims the customer's
   * first take-back in it too.
   * @returns `false` when the passport was settled before.
   * @throws ConcurrentChangeError when another take-back of the customer claimed the first one: nothing was written.
   */
  queueBankPayout(payout: PayoutRecord, paid: PaidTakeBack, event: LoggedEvent, ledger: LedgerLine): Promise<boolean>;
  /**
   * Stores the payout of an item worth nothing to its customer as NOTHING_TO_PAY unless the passport
   * has a payout, with its SettledWithoutPayout event, in one transaction. It writes no ledger line and
   * does not count as a paid take-back: nothing was paid.
   * @returns `false` when the passport was settled before.
   */
  settleWithoutPayout(payout: PayoutRecord, event: LoggedEvent): Promise<boolean>;
  /**
   * Gives a HELD bank payout the account its customer entered again: the passport's sealed account
   * is replaced and the payout queued again (with the new masked IBAN), with `event`, in one
   * transaction that holds only while the payout is still HELD.
   * @returns `false` when it is no longer HELD (another request replaced the account, or an export requeued it).
   */
  replaceHeldBankAccount(payout: PayoutRecord, account: SealedBankAccount, event: LoggedEvent, at: string): Promise<boolean>;

  getVoucher(code: string): Promise<Voucher | undefined>;
  /**
   * Spends `redemption.amount` and records the redemption under `record.key`, in one transaction
   * that holds only if the voucher belongs to the brand, still has the balance that was read
   * (`seenBalance`, at least the amount) and has not expired at `redemption.at`, and no redemption
   * has that key yet: so concurrent redemptions never overspend and one key never spends twice.
   * @returns `false` when a condition did not hold (read again: the balance moved, or the key was used).
   */
  spendVoucher(code: string, brand: string, seenBalance: number, redemption: Redemption, record: RedemptionRecord): Promise<boolean>;
  /** The redemption recorded under `key` (see `spendVoucher`), read consistently. */
  getRedemption(code: string, key: string): Promise<RedemptionRecord | undefined>;

  /** An export, for the e-mail that tells a customer when their transfer arrives. */
  getExport(brand: string, exportId: string): Promise<PayoutExportRecord | undefined>;
}

/** The brands' exports and their bank payouts set aside, read. */
export interface PayoutExportReads {
  /** The brand's HELD bank payouts, oldest first, at most `limit`. */
  heldBankPayouts(brand: string, limit: number): Promise<PayoutRecord[]>;
  getExport(brand: string, exportId: string): Promise<PayoutExportRecord | undefined>;
  /** The brand's READY exports, newest first. */
  listExports(brand: string, limit: number, cursor?: string): Promise<{ exports: PayoutExportRecord[]; cursor?: string }>;
}

/**
 * The brands' bank payouts on their way into exports: each claimed by one export, or set aside,
 * with a conditional write in the transaction of its passport event.
 */
export interface PayoutExportStore extends PayoutExportReads {
  /** The brand's bank payouts waiting for an export, oldest first. */
  queuedBankPayouts(brand: string, limit: number): Promise<PayoutRecord[]>;
  openExport(record: PayoutExportRecord): Promise<void>;
  /** The brand's exports whose file was not written (a failed attempt), to be finished first. */
  unfinishedExports(brand: string): Promise<PayoutExportRecord[]>;
  /**
   * Moves a QUEUED payout into the export, with its BankPayoutExported event.
   * @returns `false` when another export claimed it first.
   */
  claimForExport(payout: PayoutRecord, exportId: string, event: LoggedEvent, at: string): Promise<boolean>;
  /** The payouts an export claimed. */
  claimedBy(exportId: string): Promise<PayoutRecord[]>;
  /**
   * Sets a QUEUED payout, or an EXPORTED one still in export `payout.exportId`, aside as HELD (out
   * of the queue and of the export), with its event (NeedsAttention), in one transaction.
   * @returns `false` when the payout is no longer in the status it was read in.
   */
  holdBankPayout(payout: PayoutRecord, reason: string, event: LoggedEvent, at: string): Promise<boolean>;
  /**
   * Queues a HELD payout again, in its old place in the queue.
   * @returns `false` when it is no longer HELD.
   */
  requeueBankPayout(payout: PayoutRecord): Promise<boolean>;
  /**
   * Finishes an export that is still OPEN; false when another request finished it otherwise first.
   * True when the export is already finished exactly so (this request's own write, sent again by the SDK).
   */
  completeExport(record: PayoutExportRecord): Promise<boolean>;
}

/** The vouchers alone, as the brand shops' routes use them (`DynamoDbVoucherStore`). */
export type VoucherStore = Pick<PayoutStore, 'getVoucher' | 'spendVoucher' | 'getRedemption'>;
