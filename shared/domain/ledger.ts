/**
 * The passport's ledger: what one item cost and earned the brand, entry by entry, so finance and
 * impact figures come from the same facts (DESIGN.md §2, peers.md).
 */
import type { Money } from './catalog';
import { UnprocessableError } from './errors';

/**
 * LABEL is the return label's cost, PAYOUT what paying the customer costs the brand (a voucher at
 * its cost ratio, a bank transfer at its amount), REPAIR and PARTS the repair's labour and parts,
 * SALE what the buyer paid for the item, CHANNEL_FEE what the channel kept, SHIPPING what the
 * buyer paid for shipping; SALE_REFUND what a buyer who sent the item back got back, FEE_REFUND
 * what the channel then credited back of its fee.
 */
export const LEDGER_KINDS = ['LABEL', 'PAYOUT', 'REPAIR', 'PARTS', 'SALE', 'CHANNEL_FEE', 'SHIPPING', 'SALE_REFUND', 'FEE_REFUND'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * The facts a line's description is worded from, where its kind and `sale` do not hold them: which
 * label (the return label, or a parcel back to the customer), which payout, whose repair, which part.
 */
export type LedgerDetail =
  | { of: 'RETURN_LABEL' | 'PARCEL_BACK'; carrier: 'DHL'; shipmentNo: string }
  | { of: 'VOUCHER'; costRatio?: number }
  | { of: 'BANK_TRANSFER' }
  | { of: 'REPAIR'; outcome: 'COMPLETED' | 'UNREPAIRABLE'; partnerName: string; laborMinutes?: number }
  | { of: 'PART'; quantity: number; name: string; sku: string };

export interface LedgerEntry {
  /** Unique per passport and derived from what caused it, so recording it twice keeps one. */
  entryId: string;
  kind: LedgerKind;
  direction: 'COST' | 'REVENUE';
  /** Minor units, never negative: the direction says which way the money went. */
  amount: Money;
  /** One line in English, for the finance export and the API's readers. */
  description: string;
  /** What the line is about beyond its kind, for the console to word it in its language (not on lines written before 6 December). */
  detail?: LedgerDetail;
  at: string;
  /** The repair job the entry belongs to. */
  jobId?: string;
  /** The channel and its order id, for the lines of a sale. */
  sale?: { channel: string; orderId: string };
  /** For a PAYOUT line: what the customer received (the voucher's face value or the transfer), when it differs from the cost. */
  faceValue?: Money;
}

/** A ledger entry as stored: with its passport and what a brand's reports group it by. */
export interface LedgerLine extends LedgerEntry {
  passportId: string;
  brand: string;
  /** The passport's product category. */
  category: string;
}

/** The passport fields a ledger line carries. */
export interface LedgerOwner {
  id: string;
  brand: string;
  product: { category: string };
}

/**
 * The entry as a line of the passport's ledger.
 *
 * @example
 * ledgerLineOf({ id: '01J…', brand: 'demo', product: { category: 'smartphone' } }, entry);
 * // { ...entry, passportId: '01J…', brand: 'demo', category: 'smartphone' }
 */
export function ledgerLineOf(passport: LedgerOwner, entry: LedgerEntry): LedgerLine {
  return { ...entry, passportId: passport.id, brand: passport.brand, category: passport.product.category };
}

/**
 * The line of the passport's return label, at the cost its label recorded (the brand's label cost when it was made),
 * booked when its parcel is received: DHL bills a return label once its parcel is posted. None without a cost (a
 * brand with no label cost: its labels then cost it nothing the platform knows of).
 *
 * @example
 * labelEntry({ amount: 549, currency: 'EUR' }, '00340434161094015902', '2026-03-01T10:00:00.000Z');
 * // [{ entryId: 'LABEL#00340434161094015902', kind: 'LABEL', direction: 'COST', amount: { amount: 549, currency: 'EUR' }, … }]
 */
export function labelEntry(labelCost: Money | undefined, shipmentNo: string, at: string): LedgerEntry[] {
  if (!labelCost) return [];
  return [
    {
      entryId: `LABEL#${shipmentNo}`,
      kind: 'LABEL',
      direction: 'COST',
      amount: labelCost,
      description: `DHL return label ${shipmentNo}`,
      detail: { of: 'RETURN_LABEL', carrier: 'DHL', shipmentNo },
      at,
    },
  ];
}

/**
 * What a voucher costs the brand: its face value × the brand's cost ratio, rounded half up to a
 * whole minor unit; without a ratio, its face value.
 *
 * @example
 * voucherCost({ amount: 31_435, currency: 'EUR' }, 0.6); // { amount: 18_861, currency: 'EUR' } (18 861.0)
 * voucherCost({ amount: 45, currency: 'EUR' }, 0.7); // { amount: 32, currency: 'EUR' } (31.5 rounds up)
 */
export function voucherCost(faceValue: Money, costRatio: number | undefined): Money {
  if (costRatio === undefined) return faceValue;
  // Binary floats make 45 × 0.7 come out as 31.499999999999996; settling at a thousandth of a
  // minor unit first keeps the half from rounding down.
  const exact = Math.round(faceValue.amount * costRatio * 1000) / 1000;
  return { amount: Math.round(exact), currency: faceValue.currency };
}

/**
 * The PAYOUT line of a voucher issued: its cost to the brand (see {@link voucherCost}), with the
 * voucher's value as `faceValue`. One per voucher id.
 */
export function voucherPayoutEntry(voucher: { voucherId: string; value: Money }, costRatio: number | undefined, at: string): LedgerEntry {
  return {
    entryId: `PAYOUT#${voucher.voucherId}`,
    kind: 'PAYOUT',
    direction: 'COST',
    amount: voucherCost(voucher.value, costRatio),
    faceValue: voucher.value,
    description: costRatio === undefined ? 'Voucher issued, at its face value' : `Voucher issued, at ${costRatio} of its face value`,
    detail: costRatio === undefined ? { of: 'VOUCHER' } : { of: 'VOUCHER', costRatio },
    at,
  };
}

/** The PAYOUT line of a bank transfer queued: it costs the brand what the customer receives. One per payout id. */
export function bankPayoutEntry(payout: { payoutId: string; amount: Money }, at: string): LedgerEntry {
  return {
    entryId: `PAYOUT#${payout.payoutId}`,
    kind: 'PAYOUT',
    direction: 'COST',
    amount: payout.amount,
    faceValue: payout.amount,
    description: 'Bank transfer queued',
    detail: { of: 'BANK_TRANSFER' },
    at,
  };
}

/** What one passport earned and cost the brand, in minor units of one currency. */
export interface ItemEconomics {
  currency: string;
  /** The REVENUE lines: the sale and the shipping the buyer paid. */
  revenue: number;
  /** The COST lines: label, payout, repair labour and parts, channel fees. */
  costs: number;
  /** revenue − costs; negative when the item lost money. */
  margin: number;
}

/**
 * The margin of one passport from its ledger: revenue − costs, each the sum of its lines by
 * direction. Every line must be in the passport's currency: amounts in two currencies cannot be
 * added without a rate, and a rate is not the ledger's to choose.
 *
 * @throws UnprocessableError naming the first line in another currency.
 * @example
 * itemEconomics([payout(18_861), label(549), sale(31_900), fee(3_190)], 'EUR');
 * // { currency: 'EUR', revenue: 31_900, costs: 22_600, margin: 9_300 }
 */
export function itemEconomics(entries: readonly LedgerEntry[], currency: string): ItemEconomics {
  let revenue = 0;
  let costs = 0;
  for (const entry of entries) {
    if (entry.amount.currency !== currency) {
      throw new UnprocessableError(`Ledger entry ${entry.entryId} is in ${entry.amount.currency}, not ${currency}; the margin cannot be computed.`);
    }
    if (entry.direction === 'REVENUE') revenue += entry.amount.amount;
    else costs += entry.amount.amount;
  }
  return { currency, revenue, costs, margin: revenue - costs };
}
