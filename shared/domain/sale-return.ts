/**
 * A resold item its buyer sent back: a marketplace's return window (Back Market and Refurbed take
 * items back for 30 days), a distance sale withdrawn, an item not as described. The warehouse
 * records it when the parcel arrives; the refund and the channel's fee credited back are booked
 * on the item's ledger, the reports take the sale's revenue and impact back, and the item takes a
 * route again: resale, repair or recycling (DESIGN.md §2).
 */
import type { Money } from './catalog';
import { UnprocessableError } from './errors';
import type { LedgerEntry } from './ledger';
import type { SalesChannelName } from './listings';
import type { Route } from './routing';

/** Why the buyer sent the item back, as the channel's return case says. */
export const SALE_RETURN_REASONS = ['CHANGED_MIND', 'NOT_AS_DESCRIBED', 'DAMAGED_IN_TRANSIT', 'DEFECTIVE', 'OTHER'] as const;
export type SaleReturnReason = (typeof SALE_RETURN_REASONS)[number];

/** The sale a return undoes, as its `Sold` event recorded it. */
export interface RecordedSale {
  channel: SalesChannelName;
  orderId: string;
  /** What the buyer paid for the item. */
  price: Money;
  /** What the channel kept. */
  fee: Money;
  /** What the buyer paid for shipping. */
  shipping?: Money;
  /** When the sale was made. */
  at: string;
}

/** What the warehouse records of a returned sale. */
export interface SaleReturnRequest {
  reason: SaleReturnReason;
  /** What the buyer got back; without it, all they paid (the item and its shipping). */
  refund?: Money;
  /** What the channel credited back of its fee; without it, nothing. */
  feeRefunded?: Money;
  /** Where the item goes now, by the warehouse's look at it. */
  route: Route;
  notes?: string;
}

/** A returned sale as the passport keeps it (the last one, if the item came back more than once). */
export interface PassportSaleReturn {
  channel: string;
  orderId: string;
  reason: SaleReturnReason;
  refund: Money;
  feeRefunded: Money;
  route: Route;
  notes?: string;
  /** The staff member who recorded it (the token's subject). */
  by: string;
  at: string;
}

/**
 * What the buyer of a sale paid: the item and its shipping, in minor units.
 *
 * @example
 * paidFor({ price: eur(24_900), shipping: eur(499) }); // 25_399
 */
export function paidFor(sale: Pick<RecordedSale, 'price' | 'shipping'>): number {
  return sale.price.amount + (sale.shipping?.amount ?? 0);
}

/**
 * The refund and the fee credited back of a returned sale, checked against the sale: in its
 * currency, the refund at most what the buyer paid (the item and its shipping), the fee credited
 * back at most the fee the channel kept. A refund above the payment is a typo or a goodwill payment
 * the platform cannot tell apart, so it is refused rather than booked.
 *
 * @example
 * saleReturnAmounts({ channel: 'ebay', orderId: '12-345', price: eur(24_900), fee: eur(2_988), shipping: eur(499), at }, { reason: 'CHANGED_MIND', route: 'RESELL' });
 * // { refund: eur(25_399), feeRefunded: eur(0) }
 * saleReturnAmounts(sale, { reason: 'OTHER', route: 'RESELL', refund: eur(30_000) }); // throws UnprocessableError at refund.amount
 */
export function saleReturnAmounts(sale: RecordedSale, request: Pick<SaleReturnRequest, 'refund' | 'feeRefunded'>): { refund: Money; feeRefunded: Money } {
  const currency = sale.price.currency;
  const paid = paidFor(sale);
  const refund = request.refund ?? { amount: paid, currency };
  const feeRefunded = request.feeRefunded ?? { amount: 0, currency };
  const problems = [
    ...(refund.currency === currency ? [] : [{ path: ['refund', 'currency'], message: `must be ${currency}, the sale's currency` }]),
    ...(refund.amount <= paid ? [] : [{ path: ['refund', 'amount'], message: `must be at most ${paid}, what the buyer paid (the item and its shipping, in minor units)` }]),
    ...(feeRefunded.currency === currency ? [] : [{ path: ['feeRefunded', 'currency'], message: `must be ${currency}, the sale's currency` }]),
    ...(feeRefunded.amount <= sale.fee.amount ? [] : [{ path: ['feeRefunded', 'amount'], message: `must be at most ${sale.fee.amount}, the fee ${sale.channel} kept` }]),
  ];
  if (problems.length > 0) {
    throw new UnprocessableError(`The refund does not fit order ${sale.orderId} on ${sale.channel}.`, problems.map((problem) => ({ in: 'body' as const, ...problem })));
  }
  return { refund, feeRefunded };
}

/**
 * The ledger lines of a returned sale: SALE_REFUND (what the buyer got back, a cost) and, when the
 * channel credited any of its fee back, FEE_REFUND (revenue). Their ids name the order, so booking
 * the same return twice keeps one of each, and a later sale of the same item books its own.
 *
 * @example
 * saleReturnEntries(sale, { refund: eur(24_900), feeRefunded: eur(2_988) }, '2026-12-06T10:00:00.000Z');
 * // [{ entryId: 'SALE_REFUND#ebay#12-345', kind: 'SALE_REFUND', direction: 'COST', … }, { entryId: 'FEE_REFUND#ebay#12-345', kind: 'FEE_REFUND', direction: 'REVENUE', … }]
 */
export function saleReturnEntries(sale: RecordedSale, amounts: { refund: Money; feeRefunded: Money }, at: string): LedgerEntry[] {
  const of = { channel: sale.channel, orderId: sale.orderId };
  const refund: LedgerEntry = {
    entryId: `SALE_REFUND#${sale.channel}#${sale.orderId}`,
    kind: 'SALE_REFUND',
    direction: 'COST',
    amount: amounts.refund,
    description: `Refunded to the buyer of order ${sale.orderId} on ${sale.channel}`,
    at,
    sale: of,
  };
  if (amounts.feeRefunded.amount === 0) return [refund];
  return [
    refund,
    {
      entryId: `FEE_REFUND#${sale.channel}#${sale.orderId}`,
      kind: 'FEE_REFUND',
      direction: 'REVENUE',
      amount: amounts.feeRefunded,
      description: `${sale.channel} fee of order ${sale.orderId} credited back`,
      at,
      sale: of,
    },
  ];
}

/**
 * Whether a request repeats the return the passport records (the same person, reason, amounts
 * (defaults filled from the returned sale), route and notes): a retry whose first answer was lost is answered with the item as it
 * stands, anything else is a conflict.
 */
export function isSameSaleReturn(recorded: PassportSaleReturn, by: string, request: SaleReturnRequest, amounts: { refund: Money; feeRefunded: Money }): boolean {
  if (recorded.by !== by) return false;
  const same = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;
  return recorded.reason === request.reason && recorded.route === request.route && (recorded.notes ?? '') === (request.notes ?? '') && same(recorded.refund, amounts.refund) && same(recorded.feeRefunded, amounts.feeRefunded);
}
