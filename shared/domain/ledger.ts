/**
 * The passport's ledger: what one item cost and earned the brand, entry by entry, so finance and
 * impact figures come from the same facts (DESIGN.md §2, peers.md).
 */
import type { Money } from './catalog';

/**
 * LABEL is the return label's cost, PAYOUT what paying the customer costs the brand (a voucher at
 * its cost ratio, a bank transfer at its amount), REPAIR and PARTS the repair's labour and parts,
 * SALE what the buyer paid for the item, CHANNEL_FEE what the channel kept, SHIPPING what the
 * buyer paid for shipping.
 */
export const LEDGER_KINDS = ['LABEL', 'PAYOUT', 'REPAIR', 'PARTS', 'SALE', 'CHANNEL_FEE', 'SHIPPING'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  /** Unique per passport and derived from what caused it, so recording it twice keeps one. */
  entryId: string;
  kind: LedgerKind;
  direction: 'COST' | 'REVENUE';
  /** Minor units, never negative: the direction says which way the money went. */
  amount: Money;
  /** One line for the ops console and the finance export. */
  description: string;
  at: string;
  /** The repair job the entry belongs to. */
  jobId?: string;
  /** The channel and its order id, for the lines of a sale. */
  sale?: { channel: string; orderId: string };
  /** For a PAYOUT line: what the customer received (the voucher's face value or the transfer), when it differs from the cost. */
  faceValue?: Money;
}
