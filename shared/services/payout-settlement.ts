import { payoutFailureReason } from '../domain/attention';
import { failureMessageOf } from './workflow-failures';
import { customerSegment, payoutRulesOf } from '../domain/brand-payouts';
import type { BrandCatalog } from '../domain/catalog';
import { NotFoundError, UnprocessableError } from '../domain/errors';
import { gradedPayoutOf, type GradedPayout } from '../domain/graded-payout';
import { bankPayoutEntry, ledgerLineOf, voucherPayoutEntry } from '../domain/ledger';
import type { Passport } from '../domain/passport';
import { payoutFor } from '../domain/payout-rules';
import { voucherCodeFrom } from '../domain/vouchers';
import type { PayoutAttentionNoting } from '../ports/payout-attention';
import type { PassportRecords, PassportStore } from '../ports/passport-store';
import type { PayoutRecord, PayoutStore } from '../ports/payout-store';
import { VoucherIssuerRejectedError, VoucherIssuerUnavailableError, type VoucherIssuer } from '../ports/voucher-issuer';
import { retryingConcurrentChanges } from './concurrent-changes';
import { customerEmailHash, mailboxHash } from './customer-identity';
import { existingPassport } from './passports';

/** What working out a payout needs: the payouts made, to tell a customer's segment. */
export interface PayoutQuoteDependencies {
  payouts: Pick<PayoutStore, 'getPayout' | 'countPaidTakeBacks'>;
  now: () => Date;
  newId: () => string;
  /** Cryptographically secure random bytes. */
  randomBytes: (size: number) => Uint8Array;
}

export interface PayoutSettlementDependencies extends PayoutQuoteDependencies {
  store: PassportStore;
  payouts: PayoutStore;
  /** The brand's voucher issuer: our own codes, or its Shopify shop. */
  issuerFor: (catalog: BrandCatalog) => Promise<VoucherIssuer>;
}

export type SettleOutcome = 'VOUCHER_ISSUED' | 'BANK_PAYOUT_QUEUED' | 'NOTHING_TO_PAY' | 'SETTLED_BEFORE' | 'NOTHING_TO_SETTLE';

/**
 * The step that records a payout that could not be made: it needs the passports and the brands'
 * lists of payouts waiting for a person, so its Lambda carries neither the voucher issuers, their
 * secrets nor the brands' configuration.
 */
export class PayoutFailures {
  constructor(private readonly records: { store: PassportRecords; notes: PayoutAttentionNoting; now: () => Date }) {}

  /**
   * Records that the payout could not be made, for a person to look at; the passport keeps its
   * state. The payout goes on the brand's list of payouts waiting for a person first, so that it
   * is listed even when the event's write is lost.
   */
  async flagFailure(passportId: string, failure: { error: string; cause?: string }): Promise<void> {
    // The cause's message ends a sentence of its own, or not: one full stop either way.
    const basis = { kind: 'PAYOUT_FAILED' as const, error: failure.error, message: failureMessageOf(failure.cause) };
    const reason = payoutFailureReason(basis);
    const passport = await existingPassport(this.records.store, passportId);
    const at = this.records.now().toISOString();
    await this.records.notes.note({ brand: passport.brand, passportId, reason, basis, at });
    await this.records.store.appendEvent(passportId, at, { type: 'NeedsAttention', data: { reason, basis } });
  }
}

/**
 * What a customer is paid for a graded take-back, as its payout records it or will once settled. A
 * class of its own, so that the customer e-mails, which show the amount, carry neither the voucher
 * issuers nor the settlement's writes.
 */
export class PayoutQuotes<D extends PayoutQuoteDependencies = PayoutQuoteDependencies> {
  constructor(protected readonly deps: D) {}

  /**
   * What the customer is paid, as the payout records it, or as it will once settled: the graded
   * payout with the brand's bonuses for grade, category, customer segment and voucher.
   */
  async payoutOf(passport: Passport, catalog: BrandCatalog, graded: GradedPayout): Promise<PayoutRecord> {
    const existing = await this.deps.payouts.getPayout(passport.id);
    if (existing) return existing;
    const now = this.deps.now();
    const paidBefore = await this.deps.payouts.countPaidTakeBacks(passport.brand, customerHash(passport), passport.id);
    const segment = customerSegment(paidBefore);
    const method = passport.payout.method;
    const computed = payoutFor({
      payout: graded.payout.amount,
      currency: graded.payout.currency,
      method,
      grade: graded.grade,
      category: passport.product.category,
      segment,
      rules: payoutRulesOf(catalog.config),
      now,
    });
    const payoutId = this.deps.newId();
    // A payout of 0 pays nothing: no voucher is reserved and no account named.
    return {
      payoutId,
      passportId: passport.id,
      brand: passport.brand,
      method,
      amount: { amount: computed.amount, currency: computed.currency },
      breakdown: computed.breakdown,
      segment,
      status: computed.amount === 0 ? 'NOTHING_TO_PAY' : method === 'VOUCHER' ? 'RESERVED' : 'QUEUED',
      createdAt: now.toISOString(),
      ...(computed.amount === 0
        ? {}
        : method === 'VOUCHER'
          ? {
              voucher: {
                voucherId: payoutId,
                code: voucherCodeFrom(this.deps.randomBytes(16)),
                expiresAt: computed.expiresAt!,
                issuer: catalog.config.payouts?.voucherIssuer?.kind ?? 'kreislauf',
              },
            }
          : { ibanMasked: passport.payout.bankAccount?.ibanMasked ?? '' }),
    };
  }
}

/**
 * Pays the customer once grading has settled (the Graded event with an accepted value, or an
 * accepted counter-offer): a voucher, issued exactly once per passport, or a bank transfer queued
 * for the brand's next export. An item whose payout comes to 0 is settled with nothing to pay: a
 * voucher of 0 is worth nothing to its customer, and a bank file cannot carry a transfer of 0 (until
 * 7 December 2026 both were made, and one transfer of 0 stopped every export of its brand). Safe to run any number of times, concurrently too: the payout
 * record of the passport is created once, and each step moves it on only from the status it
 * must be in. Of a customer's take-backs settled at the same moment, exactly one is paid as their
 * first (the NEW segment): the payout that fixes it claims that in the same write.
 */
export class PayoutSettlement extends PayoutQuotes<PayoutSettlementDependencies> {
  async settle(passportId: string): Promise<{ outcome: SettleOutcome; payoutId?: string }> {
    // A lost race for the customer's first take-back wrote nothing: the payout is decided again.
    return retryingConcurrentChanges(() => this.settleOnce(passportId));
  }

  private async settleOnce(passportId: string): Promise<{ outcome: SettleOutcome; payoutId?: string }> {
    const existing = await this.deps.payouts.getPayout(passportId);
    if (existing && existing.status !== 'RESERVED') return { outcome: 'SETTLED_BEFORE', payoutId: existing.payoutId };
    const passport = await this.passport(passportId);
    const graded = gradedPayoutOf(await this.deps.store.getTimeline(passportId));
    if (!graded) return { outcome: 'NOTHING_TO_SETTLE' };
    const catalog = await this.catalog(passport.brand);
    const payout = existing ?? (await this.payoutOf(passport, catalog, graded));
    const outcome =
      payout.status === 'NOTHING_TO_PAY'
        ? await this.settleWithoutPayout(payout)
        : payout.method === 'VOUCHER'
          ? await this.issueVoucher(payout, passport, catalog)
          : await this.queueBankPayout(payout, passport);
    // A concurrent attempt may have stored its own payout first: that one is the passport's.
    return { outcome, payoutId: (await this.deps.payouts.getPayout(passportId))?.payoutId ?? payout.payoutId };
  }

  private async issueVoucher(payout: PayoutRecord, passport: Passport, catalog: BrandCatalog): Promise<SettleOutcome> {
    // The id and code are fixed before the issuer is called, so that every retry offers it the same ones.
    const reserved = await this.deps.payouts.reserveVoucher(payout, customerHash(passport));
    if (reserved.status !== 'RESERVED' || !reserved.voucher) return 'SETTLED_BEFORE';
    const { voucherId, code, expiresAt } = reserved.voucher;
    // The brand's issuer now, not the one of the reservation: an admin who put a refusing shop right by
    // switching to our own codes wants the voucher made there. The voucher records the issuer that made it,
    // which decides where it is spent (until 7 December 2026 it kept the reservation's, and a voucher our
    // own codes made after a Shopify refusal could be redeemed nowhere).
    const issuer = await this.deps.issuerFor(catalog);
    // That issuer claims the voucher before it is called, so that no two issuers make the code: until 7 December
    // 2026 an attempt that read the shop made a live discount while one that read our own codes issued the voucher,
    // and it could be spent at both.
    const claimedBy = await this.deps.payouts.claimVoucherIssuer(reserved, issuer.kind);
    if (!claimedBy) return 'SETTLED_BEFORE';
    if (claimedBy !== issuer.kind) {
      // Retried with backoff: the other attempt issues it, or its issuer refuses and gives the claim up. A shop that
      // did not answer keeps it (it may have made the code): the brand's settings must name that shop again.
      throw new VoucherIssuerUnavailableError(
        `Voucher ${voucherId} is being made by the ${claimedBy} issuer, not by ${issuer.kind} as the brand's settings now say; it is made there, or tried again once that issuer refused it.`,
      );
    }
    try {
      await issuer.issue({
        voucherId,
        code,
        brand: reserved.brand,
        value: reserved.amount,
        issuedAt: reserved.createdAt,
        expiresAt,
      });
    } catch (error) {
      // A definite refusal made no code, so an admin's switch to another issuer may claim it. An unknown outcome
      // (unavailable, a timeout) keeps the claim: the code may exist there, and only that issuer de-duplicates it.
      if (error instanceof VoucherIssuerRejectedError) await this.deps.payouts.releaseVoucherIssuer(reserved, issuer.kind);
      throw error;
    }
    const issuedAt = this.deps.now().toISOString();
    // The event carries the cost its PAYOUT line books, so that the reports count that cost, not the ratio the
    // brand's settings hold when the event is counted.
    const payoutLine = voucherPayoutEntry({ voucherId, value: reserved.amount }, catalog.config.payouts?.voucherCostRatio, issuedAt);
    const issued = await this.deps.payouts.issueVoucher(
      reserved,
      {
        voucherId,
        code,
        brand: reserved.brand,
        passportId: reserved.passportId,
        value: reserved.amount,
        balance: reserved.amount.amount,
        expiresAt,
        issuedAt,
        issuer: issuer.kind,
        redemptions: [],
      },
      { customerHash: customerHash(passport), at: issuedAt },
      { type: 'VoucherIssued', data: { voucherId, value: reserved.amount, expiresAt, cost: payoutLine.amount } },
      ledgerLineOf(passport, payoutLine),
    );
    return issued ? 'VOUCHER_ISSUED' : 'SETTLED_BEFORE';
  }

  private async settleWithoutPayout(payout: PayoutRecord): Promise<SettleOutcome> {
    const settled = await this.deps.payouts.settleWithoutPayout(payout, { type: 'SettledWithoutPayout', data: { payoutId: payout.payoutId } });
    return settled ? 'NOTHING_TO_PAY' : 'SETTLED_BEFORE';
  }

  private async queueBankPayout(payout: PayoutRecord, passport: Passport): Promise<SettleOutcome> {
    if (!passport.payout.bankAccount) {
      throw new UnprocessableError(`Take-back ${passport.id} asks for a bank transfer but holds no bank account.`);
    }
    const queued = await this.deps.payouts.queueBankPayout(
      payout,
      { customerHash: customerHash(passport), at: payout.createdAt },
      { type: 'BankPayoutQueued', data: { payoutId: payout.payoutId, amount: payout.amount } },
      ledgerLineOf(passport, bankPayoutEntry(payout, payout.createdAt)),
    );
    return queued ? 'BANK_PAYOUT_QUEUED' : 'SETTLED_BEFORE';
  }

  private passport(id: string): Promise<Passport> {
    return existingPassport(this.deps.store, id);
  }

  private async catalog(brand: string): Promise<BrandCatalog> {
    const catalog = await this.deps.store.getCatalog(brand);
    if (!catalog) throw new NotFoundError(`No brand ${brand}.`);
    return catalog;
  }
}

/**
 * Whose take-backs the payout rules count: the mailbox's, whatever the `+tag` of the address (`erika+2@…` is
 * `erika@…`, who is no new customer after a first paid take-back; until 7 December 2026 each tag counted as a new
 * customer and got the new customer's bonus again). A customer whose data was erased (a parcel that arrived
 * after all) is no one the platform knows: counted alone, as a new customer, never with the others erased.
 */
function customerHash(passport: Passport): string {
  return passport.erasure ? customerEmailHash(`erased:${passport.id}`) : mailboxHash(passport.customer.email);
}
